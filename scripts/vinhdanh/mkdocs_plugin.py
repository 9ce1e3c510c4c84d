"""The MkDocs adapter: hands the section's pages to MkDocs + Material.

The only module that imports MkDocs. Everything it passes on — pages, HTML
fragments, head tags, extra files — comes from engine-independent code, so a
move to another engine (Zensical) replaces this file alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from html import escape
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .blocks import PAGES, BlockError, check_pages
from .diagnostics import format_report
from .section import ContentError, Section, prepare

log = logging.getLogger("mkdocs.plugins.vinhdanh")
TODAY_ENV = "VINHDANH_TODAY"


_prepared: Section | None = None  # handed over by build_site(), so content is read once


def build_site(config_file: Path, site_dir: Path, section: Section) -> None:
    """Run the MkDocs build of `config_file` into `site_dir` with a prepared section."""
    global _prepared
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _prepared = section
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        build(config)
    finally:
        _prepared = None


class VinhdanhConfig(Config):
    today = config_options.Optional(config_options.Type(str))


class VinhdanhPlugin(BasePlugin[VinhdanhConfig]):
    def __init__(self) -> None:
        self.section: Section | None = None
        self._in_nav: set[str] = set()
        self._nav_urls: list[str] = []

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        today_text = os.environ.get(TODAY_ENV) or self.config.today
        today = dt.date.fromisoformat(today_text) if today_text else None
        try:
            # Validate before MkDocs cleans site_dir: bad content never empties the live site.
            self.section = _prepared or prepare(root, today)
        except ContentError as exc:
            log.error("\n" + format_report(exc.diagnostics, "text", exc.files_checked))
            raise PluginError(str(exc)) from None
        if Path(config.docs_dir).resolve() != (root / PAGES).resolve():  # prepare() checked pages/ already
            _check_markers(Path(config.docs_dir), root)
        if _prepared is None:  # under `vinhdanh build` the command reports warnings itself
            for warning in self.section.warnings:
                log.warning(warning.text())
        site = self.section.content.site
        if not config.site_url:
            config.site_url = site.base_url
        for asset in _assets():
            target = config.extra_css if asset.name.endswith(".css") else config.extra_javascript
            target.append(f"assets/vinhdanh/{asset.name}")
        config.extra["vinhdanh"] = {
            "site": site,
            "urls": self.section.urls,
            "logo_size": self.section.logo_size,
            "feed_links": self.section.feed_links(),  # overrides/main.html: on the hospital's own pages and the 404 page
        }
        if site.logo and not config.theme.get("logo"):
            config.theme["logo"] = config.theme["favicon"] = self.section.urls.logo
        return config

    def on_files(self, files: Files, config) -> Files:
        section = self.section
        section.start_search(Path(config.site_dir))
        for spec in section.pages:
            # NOT_IN_NAV: thousands of stories are reached through listings, not the nav.
            files.append(File.generated(config, f"{spec.path}index.md", content=f"# {spec.title}\n", inclusion=InclusionLevel.NOT_IN_NAV))
        for asset in _assets():
            files.append(File.generated(config, f"assets/vinhdanh/{asset.name}", content=asset.read_bytes()))
        logo = section.logo_png()
        if logo:
            files.append(File.generated(config, section.urls.logo, content=logo))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        spec = self._spec(page)
        if spec is None:  # one of the hospital's own pages: expand its block markers
            try:
                return self.section.blocks.expand(markdown, Path(page.file.abs_src_path))
            except BlockError as exc:
                raise PluginError(str(exc)) from None
        # MkDocs themes render meta without autoescaping: hand them escaped text.
        page.meta["title"] = escape(spec.title, quote=False)
        page.meta["description"] = escape(spec.description)
        page.meta["vinhdanh_head"] = self.section.head_tags(spec)
        if page.file.src_uri not in self._in_nav and not any(url.startswith(page.url) for url in self._nav_urls):
            # Pages in one folder link to every nav entry outside them by the same relative URL.
            page.meta["vinhdanh_nav_key"] = page.url.rstrip("/").rpartition("/")[0]
        # Hack: MkDocs would build a Markdown converter per page only to convert
        # nothing; our renderer has the HTML already, so this page skips that pass.
        page.render = functools.partial(self._render, page, spec)
        return ""

    def _render(self, page, spec, config, files) -> None:
        page.content = self.section.renderer.fragment(spec)
        page.toc = get_toc([])

    def on_nav(self, nav, config, files):
        self._in_nav = {page.file.src_uri for page in nav.pages}
        self._nav_urls = [page.url for page in nav.pages]
        return nav

    def on_env(self, env, config, files):
        # Templates cannot change during one build; skip Jinja's stat() on every include.
        env.auto_reload = False
        # Hack (speed): Material renders the whole navigation on every page. For our
        # pages outside the nav it is the same HTML for every page of one folder, so
        # overrides/partials/nav.html renders it once per folder through `vinhdanh_once`
        # and reaches Material's own partial under the "material/" prefix.
        import material

        originals = FileSystemLoader(str(Path(material.__file__).parent / "templates"))
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": originals})])
        snippets: dict[str, str] = {}

        def once(key: str, caller) -> str:
            if key not in snippets:
                snippets[key] = caller()
            return snippets[key]

        env.globals["vinhdanh_once"] = once
        return env

    def on_post_page(self, output, page, config):
        # Hack: Material's drawer/search toggles carry autocomplete on checkboxes, which
        # the HTML standard forbids (Nu Html Checker error); browsers ignore it there.
        return output.replace('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"').replace(
            'type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'
        )

    def on_build_error(self, error) -> None:
        if self.section is not None:
            self.section.stop_search()

    def on_post_build(self, config) -> None:
        self.section.write_extras(Path(config.site_dir))

    def on_serve(self, server, config, builder):
        server.watch(str(self.section.root / "content"))
        return server

    def _spec(self, page):
        if self.section is None or not page.file.src_uri.endswith("index.md"):
            return None
        return self.section.page_for(page.file.src_uri[: -len("index.md")])


def _check_markers(docs_dir: Path, root: Path) -> None:
    """Every wrong block marker of every page, before MkDocs empties site_dir."""
    problems = check_pages(docs_dir, root)
    if problems:
        report = format_report(problems, "text", len({d.path for d in problems}))
        log.error("\n" + report)
        raise PluginError(report)


def _assets():
    """The section's own CSS and JS, shipped inside the package."""
    folder = resources.files("vinhdanh") / "assets"
    return sorted((f for f in folder.iterdir() if f.name.endswith((".css", ".js"))), key=lambda f: f.name)
