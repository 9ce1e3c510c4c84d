"""The MkDocs adapter: the only module that imports MkDocs or Material.

MkDocs renders the hospital's own pages and one shell per skeleton of the section's pages
(shells.py), through its public plugin events and `File.generated` only; assemble.py splices
the section's pages right after MkDocs' build (`mkdocs build`; `mkdocs serve`, whose content/
saves serving.py handles); `vinhdanh build` starts MkDocs only when what it makes changed
(site/output.py). `render(..., oracle=True)` renders every section page through MkDocs
instead: the byte-for-byte test's reference.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from html import escape
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..content.diagnostics import format_report
from ..outputs.blocks import PAGES, BlockError, check_pages
from ..pages.plan import PageSpec
from ..render import head
from ..section import ContentError, Section, prepare
from ..site.siteaddress import resolved_mismatch
from . import assemble, serving, shells

log = logging.getLogger("mkdocs.plugins.vinhdanh")

TODAY_ENV = "VINHDANH_TODAY"


def render(config_file: Path, site_dir: Path, section: Section, oracle: bool = False) -> assemble.EngineOutput:
    """MkDocs' build of `config_file` into `site_dir`, for a prepared section: the
    hospital's pages and the shells (or, `oracle`, every section page), nothing spliced."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir))
    plugin = config.plugins.get("vinhdanh")
    if not isinstance(plugin, VinhdanhPlugin):
        raise PluginError(f"{config_file.name} không bật plugin `vinhdanh` (plugins: - vinhdanh).")
    # MkDocs keeps this instance for the next load_config of the process (`serve`): as it was after;
    # meanwhile a build, even where the process served before (no live reload in `vinhdanh build`).
    kept, plugin.section, plugin.oracle, plugin.standalone, plugin.command, plugin.serving = (plugin.command, plugin.serving), section, oracle, False, "build", False
    try:
        build(config)
    finally:
        plugin.oracle, plugin.standalone, (plugin.command, plugin.serving) = False, True, kept
    assert plugin.output is not None
    return plugin.output


class VinhdanhConfig(Config):
    today = config_options.Optional(config_options.Type(str))


class VinhdanhPlugin(BasePlugin[VinhdanhConfig]):
    def __init__(self) -> None:
        self.section: Section | None = None  # handed over by `render`, else prepared in on_config
        self.oracle = False  # every section page through MkDocs (the shells' test)
        self.standalone = True  # `mkdocs build`/`serve`: the section is spliced right after the build
        self.output: assemble.EngineOutput | None = None
        self._ours: dict[str, PageSpec] = {}  # src_uri -> PageSpec of the section pages MkDocs renders
        self._markers: dict[str, tuple] = {}  # src_uri of a hospital page -> its block markers
        self._hospital: list = []  # the hospital's own pages, as MkDocs found them
        self.command, self.serving = "build", False  # MkDocs' command; `serving`: its pages kept between rebuilds
        self._serve = serving.ServeProcess()  # what a `serve` process keeps between builds
        self._engine_files: set[str] = set()  # every file MkDocs writes (dest_uri)

    def on_startup(self, command, dirty) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds.
        self.command, self.serving = command, command == "serve"

    def on_config(self, config):
        if self.serving:
            self._serve.begin()  # one build at a time, the engine's or ours (serving.py); ended with the build
        if self.standalone:  # every `serve` rebuild reads the content again
            root = Path(config.config_file_path or ".").resolve().parent
            try:  # before MkDocs empties site_dir: bad content never empties the live site
                self.section = prepare(root, self._today())
            except ContentError as exc:
                _fail(format_report(exc.diagnostics, "text", exc.files_checked))
            for warning in self._section.warnings:
                log.warning(warning.text())
        section = self._section
        if Path(config.docs_dir).resolve() != (section.root / PAGES).resolve() and (problems := check_pages(Path(config.docs_dir), section.root)):
            _fail(format_report(problems, "text", len({d.path for d in problems})))
        site = section.content.site
        if not config.site_url:  # one address: base_url's (siteaddress.py)
            config.site_url = site.base_url
        elif self.command != "serve" and (problem := resolved_mismatch(Path(config.config_file_path or "mkdocs.yml"), config.site_url, site.base_url)):
            _fail(format_report([problem], "text", 1))  # serve puts its own address there
        for asset in _assets(self.command == "serve"):
            target = config.extra_css if asset.name.endswith(".css") else config.extra_javascript
            target.append(f"assets/vinhdanh/{asset.name}")
        config.extra["vinhdanh"] = {
            "site": site,
            "urls": section.urls,
            "logo_size": section.logo_size,
            "feed_links": section.feed_links(),  # overrides/main.html: the hospital's own pages and the 404 page
            "site_tags": head.site_tags(section),
            "description": head.site_description(site),
        }
        if site.logo and not config.theme.get("logo"):
            config.theme["logo"] = config.theme["favicon"] = section.urls.logo
        return config

    @property
    def _section(self) -> Section:
        assert self.section is not None, "on_config prepares the section first"
        return self.section

    def on_files(self, files: Files, config) -> Files:
        section = self._section
        for asset in _assets(self.command == "serve"):
            files.append(File.generated(config, f"assets/vinhdanh/{asset.name}", content=asset.read_bytes()))
        if logo := section.logo_png():
            files.append(File.generated(config, section.urls.logo, content=logo))
        named = assemble.named_paths(config.nav)
        own = frozenset(spec.path for spec in section.pages if f"{spec.path}index.md" in named)
        key = assemble.engine_key(section, Path(config.config_file_path or "mkdocs.yml"))
        previous, result = self.output, assemble.EngineOutput(key, config.site_url or "", config.use_directory_urls, (), own)
        if self.serving and previous is not None and (previous.key, previous.site_url) == (key, result.site_url):
            result.shells = dict(previous.shells)  # the same inputs: the same shells, none rendered again
        self.output = result
        self._hospital = list(files.documentation_pages())
        nav_urls = [f.url for f in self._hospital if f.src_uri in named] + [result.url(spec) for spec in section.pages if spec.path in own]
        result.anchors = (*nav_urls, *assemble.ROOT_ANCHORS, *config.extra_css, *config.extra_javascript)
        chosen = section.pages if self.oracle else assemble.representatives(section.pages, result, assemble.linked_pages(Path(config.docs_dir), section))
        self._ours = {f"{spec.path}index.md": spec for spec in chosen}
        # NOT_IN_NAV: a thousand stories are reached through listings, not the nav.
        for src_uri in self._ours:
            files.append(File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV))
        self._engine_files = {f.dest_uri for f in files}
        return files

    def on_page_markdown(self, markdown, page, config, files):
        spec = self._ours.get(page.file.src_uri)
        if spec is None:  # one of the hospital's own pages: its blocks, or a marker per block
            path = Path(page.file.abs_src_path or page.file.src_uri)
            try:
                if self.oracle:
                    return self._section.blocks.expand(markdown, path)
                markdown, markers = self._section.blocks.slotted(markdown, path)
            except BlockError as exc:
                raise PluginError(str(exc)) from None
            if markers:
                self._markers[page.file.src_uri] = markers
            return markdown
        assert self.output is not None
        own = self.oracle or spec.path in self.output.own
        # MkDocs themes print meta without escaping: they get escaped text.
        page.meta["title"] = escape(spec.title, quote=False) if own else shells.TITLE
        page.meta["description"] = escape(spec.description) if self.oracle else shells.DESCRIPTION
        page.meta["vinhdanh_head"] = self._section.head_tags(spec) if self.oracle else shells.HEAD
        return ""

    def on_page_content(self, html, page, config, files):
        spec = self._ours.get(page.file.src_uri)
        if spec is None:
            return html
        return self._section.renderer.fragment(spec) if self.oracle else shells.CONTENT

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri in self._ours and not self.oracle:
            page.canonical_url = shells.CANONICAL
        return context

    def on_env(self, env, config, files):
        # Projects made before shells have overrides/partials/nav.html calling
        # `vinhdanh_once` and Material's own partial under the "material/" prefix.
        import material

        originals = FileSystemLoader(str(Path(material.__file__).parent / "templates"))
        env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": originals})])
        env.globals["vinhdanh_once"] = lambda key, caller: caller()
        cache = self._section.root / ".cache" / "jinja" / "engine"  # compiled once, not on every (`serve`) build
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        return env

    def on_post_page(self, output, page, config):
        # Hack: Material's drawer/search toggles carry autocomplete on checkboxes, which
        # the HTML standard forbids (Nu Html Checker error); browsers ignore it there.
        for toggle in ("__drawer", "__search"):
            output = output.replace(f'type="checkbox" id="{toggle}" autocomplete="off"', f'type="checkbox" id="{toggle}"')
        spec, result = self._ours.get(page.file.src_uri), self.output
        assert result is not None
        if spec is not None and not self.oracle:
            result.shells.setdefault(result.skeleton(spec), shells.parse(output))
            result.ours.add(page.file.dest_uri)
        elif page.file.src_uri in self._markers:
            result.blocks[page.file.dest_uri] = (shells.parse(output), self._markers[page.file.src_uri])
            result.ours.add(page.file.dest_uri)
        return output

    def on_post_build(self, config) -> None:
        result = self.output
        assert result is not None
        result.sitemap = [p.canonical_url for f in self._hospital if (p := f.page) is not None and p.canonical_url and not p.is_link]
        result.ours |= {"sitemap.xml", "sitemap.xml.gz"}
        if self.standalone and not self.oracle:
            if self.serving:
                self._serve.write(self._section, result, Path(config.site_dir), self._engine_files)
            else:
                assemble.write_site(self._section, result, Path(config.site_dir), None, None)
        self._markers, self._ours = {}, {}
        self._serve.end()

    def on_build_error(self, error) -> None:
        self._serve.end()

    def on_shutdown(self) -> None:
        self._serve.close()

    def on_serve(self, server, config, builder):
        # content/ is ours to watch, not MkDocs': the engine rebuilds only when its output must change.
        self._serve.watch(self._section.root / "content", lambda: self.content_saved(config, builder))
        return server

    def content_saved(self, config, builder) -> None:
        """Content changed under `serve` (serving.py): the section again, the engine only if needed."""
        keep, config_file = functools.partial(setattr, self, "section"), Path(config.config_file_path or "mkdocs.yml")
        state = lambda: (self._section, self.output, self._engine_files)  # noqa: E731 - read under the build lock
        self._serve.saved(state, self._today(), config_file, Path(config.site_dir), keep, builder)

    def _today(self) -> dt.date | None:
        today_text = os.environ.get(TODAY_ENV) or self.config.today
        return dt.date.fromisoformat(today_text) if today_text else None


def _fail(report: str):
    log.error("\n" + report)
    raise PluginError(report)


def _assets(serving: bool = False):
    """The section's own CSS and JS, shipped inside the package (and, under `serve`, the reload script)."""
    folder = resources.files("vinhdanh") / "assets"
    found = sorted((f for f in folder.iterdir() if f.name.endswith((".css", ".js"))), key=lambda f: f.name)
    return [*found, folder / "serve" / "reload.js"] if serving else found
