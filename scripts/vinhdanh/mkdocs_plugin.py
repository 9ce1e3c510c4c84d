"""The MkDocs adapter: hands the section's pages to MkDocs + Material.

The only module that imports MkDocs. Everything it passes on — pages, HTML
fragments, head tags, extra files — comes from engine-independent code, so a
move to another engine (Zensical) replaces this file alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import os
import posixpath
import re
import sys
from html import escape
from importlib import resources
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from . import head, incremental
from . import mkdocs_speedups as speedups
from .blocks import PAGES, BlockError, check_pages
from .diagnostics import format_report
from .section import ContentError, Section, prepare
from .staging import Claim

log = logging.getLogger("mkdocs.plugins.vinhdanh")

TODAY_ENV = "VINHDANH_TODAY"


_prepared: Section | None = None  # handed over by build_site(), so content is read once
_reuse: bool | None = None  # set by build_site(): whether unchanged pages may be reused
# A reused page is linked into the site by us; this template gives MkDocs nothing to write.
REUSE_TEMPLATE = "vinhdanh/reused.html"
_active = None  # the plugin instance of the build in progress


class _QuietReused(logging.Filter):
    """MkDocs logs every page it skips ("Page skipped: '...'"); for pages we linked that is not news."""

    def filter(self, record) -> bool:
        plugin = _active
        if plugin is None or not plugin._linked or not str(record.msg).startswith("Page skipped: '"):
            return True
        return str(record.msg)[len("Page skipped: '") :].split("'")[0] not in plugin._linked


logging.getLogger("mkdocs.commands.build").addFilter(_QuietReused())


def build_site(config_file: Path, site_dir: Path, section: Section, reuse: bool = True) -> None:
    """Run the MkDocs build of `config_file` into `site_dir` with a prepared section;
    with `reuse`, pages whose fingerprint is unchanged come from `.cache/pages/`."""
    global _prepared, _reuse
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _prepared, _reuse = section, reuse
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        build(config)
    finally:
        _prepared = _reuse = None
        section.stop_extras()  # a build that stopped early (Ctrl-C included) leaves no child writing


class VinhdanhConfig(Config):
    today = config_options.Optional(config_options.Type(str))


class VinhdanhPlugin(BasePlugin[VinhdanhConfig]):
    def __init__(self) -> None:
        self.section: Section | None = None
        self._in_nav: set[str] = set()
        self._nav_urls: list[str] = []
        self._serving = False
        self._command = "build"
        self.outputs: incremental.PageStore | None = None
        self._linked: set[str] = set()  # src_uri of reused pages left among MkDocs' files
        self._pending: dict[str, str] = {}  # src_uri -> fingerprint of pages rendered this build
        self._fingerprints: incremental.Fingerprints | None = None
        self._serve_claim: Claim | None = None
        self._tree = incremental.KeptTree()  # unchanged pages stay in place between builds
        self._kept: set[str] = set()  # site-relative files of pages kept in place this build
        self._page_fps: dict[str, str] = {}  # site-relative file -> fingerprint, of every page this build
        self._all_pages: list = []  # MkDocs' documentation files before reused pages left them
        self._pages_key: str | None = None  # of what the sitemap reads of them (`_template_key`)
        self._unhook_templates = None  # puts MkDocs' theme-template builder back (speedups)

    def on_startup(self, command, dirty) -> None:
        # Defining on_startup also keeps this instance across `serve` rebuilds. A
        # dirty serve rewrites files in place: it must never meet a linked page.
        self._serving = command == "serve" and not dirty
        self._command = command

    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        today_text = os.environ.get(TODAY_ENV) or self.config.today
        today = dt.date.fromisoformat(today_text) if today_text else None
        _collector_paused()
        try:
            # Validate before MkDocs cleans site_dir: bad content never empties the live site.
            self.section = _prepared or prepare(root, today)
            _model_read()
        except ContentError as exc:
            _collector_resumed()
            log.error("\n" + format_report(exc.diagnostics, "text", exc.files_checked))
            raise PluginError(str(exc)) from None
        if Path(config.docs_dir).resolve() != (root / PAGES).resolve():  # prepare() checked pages/ already
            _check_markers(Path(config.docs_dir), root)
        if _prepared is None:  # under `vinhdanh build` the command reports warnings itself
            for warning in self._section.warnings:
                log.warning(warning.text())
        site = self._section.content.site
        if not config.site_url:  # one address: base_url's (siteaddress.py)
            config.site_url = site.base_url
        elif self._command != "serve":  # serve puts its own address there
            _check_address(config, site.base_url)
        for asset in _assets():
            target = config.extra_css if asset.name.endswith(".css") else config.extra_javascript
            target.append(f"assets/vinhdanh/{asset.name}")
        config.extra["vinhdanh"] = {
            "site": site,
            "urls": self._section.urls,
            "logo_size": self._section.logo_size,
            "feed_links": self._section.feed_links(),  # overrides/main.html: on the hospital's own pages and the 404 page
            "site_tags": head.site_tags(self._section),  # ... with their description and Open Graph tags
            "description": head.site_description(site),
        }
        if site.logo and not config.theme.get("logo"):
            config.theme["logo"] = config.theme["favicon"] = self._section.urls.logo
        speedups.list_installed_once(config.theme, root / ".cache" / "jinja" / "theme-files.json")
        self._start_reuse(config)
        return config

    @property
    def _section(self) -> Section:
        """The section `on_config` prepared; every later event runs after it."""
        assert self.section is not None, "on_config prepares the section first"
        return self.section

    def _start_reuse(self, config) -> None:
        """Where this build may find unchanged pages, and what all pages share."""
        global _active
        _active = self
        self.outputs, self._fingerprints, self._pending, self._linked = None, None, {}, set()
        self._kept, self._page_fps = set(), {}
        self._pages_key = None
        others = [name for name in config.plugins if name != "vinhdanh"]
        if others:  # their page hooks would never see reused pages: render everything
            log.info("vinhdanh: có plugin khác (%s), mọi trang được dựng lại.", ", ".join(others))
            return
        if self._serving or _reuse is not None:
            store = self._serve_store() if self._serving else self._section.root / ".cache" / "pages" / "build"
            self.outputs = incremental.PageStore(store, reuse=self._serving or bool(_reuse))
        else:  # a plain `mkdocs build`: every page rendered, as MkDocs does
            return
        try:
            self._engine = self._engine_key(config)
        except incremental.Unhashable as exc:
            log.info("vinhdanh: %s; mọi trang được dựng lại.", exc)
            self.outputs = None
            return
        self._fingerprints = self._section.fingerprints
        self._section.reuse = self.outputs is not None and (self._serving or bool(_reuse))

    def _serve_store(self) -> Path:
        """A store of this `serve` process alone (another one would prune its pages),
        held for the life of the process; stores of dead ones are swept."""
        from . import staging

        parent = self._section.root / ".cache" / "pages"
        if self._serve_claim is None or self._serve_claim.path.parent != parent:
            staging.sweep(parent, "serve-")
            self._serve_claim = staging.claim(parent, "serve-")
        return self._serve_claim.path

    def on_shutdown(self) -> None:
        if self._serve_claim is not None:
            import shutil

            shutil.rmtree(self._serve_claim.path, ignore_errors=True)
            self._serve_claim.release()
            self._serve_claim = None

    def _engine_key(self, config) -> str:
        """Everything every page of the section shares: code, engine, configuration, theme."""
        settings = []
        for key, value in config.items():
            if key in ("site_dir", "plugins", "watch"):
                continue
            text = repr(dict(value.items()) if key == "theme" else value)
            if " at 0x" in text:  # an object without a stable description
                raise incremental.Unhashable(f"cannot fingerprint config `{key}`")
            settings.append(f"{key}={text}")
        settings += [f"plugin {name}={dict(plugin.config)!r}" for name, plugin in config.plugins.items()]
        folders = [Path(config.docs_dir)] + [Path(d) for d in config.theme.dirs if not d.startswith(sys.prefix) and "site-packages" not in d]
        site = self._section.content.site
        return incremental.sha(
            incremental.package_key(),
            *settings,
            incremental.file_key(Path(config.config_file_path or "-")),
            incremental.tree_key(*folders),
            self._section.fingerprints.of(site),
            incremental.file_key(site.logo),
        )

    def on_pre_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        if self.outputs is None:
            self._tree.forget()
        elif not self._serving:  # the site folder the last swap replaced, if build.py recycles it
            self._tree.pages = self._tree_records().pages_of(site_dir) if _reuse else {}
        if self.outputs is not None:
            urls = self._section.urls
            self._tree.hold(site_dir, [urls.exemplars.split("/")[0], urls.campaigns.split("/")[0]])
        if self._serving:
            speedups.set_aside(site_dir)

    def _kept_outputs(self):
        """Outputs a kept tree may keep besides its pages: photos and the search bundle,
        whose writers skip a file that is already the right one and replace the others
        (and the bundle's deletes any file it did not write: it is kept whole)."""
        from .photos.plan import is_ours

        urls = self._section.urls
        images, search = urls.images, urls.search_bundle

        def keep(rel: str) -> bool:
            return rel.startswith(search) or (rel.startswith(images) and is_ours(rel[len(images) :]))

        return keep, (search,)

    def _tree_records(self) -> incremental.TreeRecords:
        return incremental.TreeRecords(self._section.root / ".cache" / "pages" / "trees.pickle")

    def on_files(self, files: Files, config) -> Files:
        section = self._section
        site_dir = Path(config.site_dir)
        self._tree.restore(site_dir, *self._kept_outputs())  # before the search index or anything else writes
        for file in files:  # MkDocs writes its files in place: never into a kept one (a name clash)
            if os.path.lexists(file.abs_dest_path):
                os.unlink(file.abs_dest_path)
        section.start_extras(site_dir, fork=not self._serving)  # serve watches files in threads: no fork there
        ours = [speedups.page_file(config, spec.path, f"# {spec.title}\n") for spec in section.pages]
        for file in ours:
            files.append(file)
        for asset in _assets():
            files.append(File.generated(config, f"assets/vinhdanh/{asset.name}", content=asset.read_bytes()))
        logo = section.logo_png()
        if logo:
            files.append(File.generated(config, section.urls.logo, content=logo))
        if self.outputs is not None:  # pages may be reused: most will never need a whole MkDocs Page
            speedups.sitemap_pages(ours, config, speedups.nav_paths(config.nav))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        spec = self._spec(page)
        if spec is None:  # one of the hospital's own pages: expand its block markers
            try:
                return self._section.blocks.expand(markdown, Path(page.file.abs_src_path))
            except BlockError as exc:
                raise PluginError(str(exc)) from None
        if page.file.src_uri in self._linked:
            # Reused, but left among MkDocs' files (a hospital page links to it): its
            # template gives MkDocs nothing to write, so it never touches the link.
            page.meta["template"] = REUSE_TEMPLATE
            page.render = functools.partial(self._render_nothing, page)
            return ""
        # MkDocs themes render meta without autoescaping: hand them escaped text.
        page.meta["title"] = escape(spec.title, quote=False)
        page.meta["description"] = escape(spec.description)
        nav_key = self._nav_key(page)
        if nav_key is not None:
            page.meta["vinhdanh_nav_key"] = nav_key
        # Hack: MkDocs would build a Markdown converter per page only to convert
        # nothing; our renderer has the HTML already, so this page skips that pass.
        page.render = functools.partial(self._render, page, spec)
        page.meta["vinhdanh_head"] = self._section.head_tags(spec)
        return ""

    def _nav_key(self, page) -> str | None:
        """Pages in one folder outside the nav link to every nav entry by the same relative URL."""
        if page.file.src_uri not in self._in_nav and not any(url.startswith(page.url) for url in self._nav_urls):
            return page.url.rstrip("/").rpartition("/")[0]
        return None

    def _reuse_unchanged(self, files: Files, config) -> None:
        """Before MkDocs reads a page: every section page whose fingerprint is unchanged
        goes into the site as it was — kept in place under serve, else linked from the
        store — and leaves MkDocs' files, so MkDocs spends nothing on it. The sitemap
        still lists every page (`on_template_context`). A page a hospital page links
        to stays among the files (MkDocs checks and rewrites such links by them)."""
        site_dir = Path(config.site_dir)
        decided = []
        for file in files.documentation_pages():
            spec = self._spec_of(file.src_uri)
            if spec is None or file.page is None:
                continue
            fp = self._fingerprint(spec, self._nav_key(file.page))
            if fp is None:
                continue
            self._page_fps[file.dest_uri] = fp
            self._pending[file.src_uri] = fp
            decided.append((file, fp))
        kept = [(file, fp) for file, fp in decided if self._tree.keeps(file.dest_uri, fp)]
        self._kept = {file.dest_uri for file, _ in kept}
        self._tree.drop(site_dir, self._kept)  # before any page is written: those of the kept tree this build changes
        for _, fp in kept:
            self._store.keep(fp)
        wanted = [(file, fp) for file, fp in decided if file.dest_uri not in self._kept and self._store.has(fp)]
        placed = self._store.place_all([(fp, Path(file.abs_dest_path)) for file, fp in wanted])
        reused = [file for file, _ in kept] + [file for (file, _), ok in zip(wanted, placed, strict=True) if ok]
        linked_to = _link_targets(files, self._spec_of)
        for file in reused:
            del self._pending[file.src_uri]
            if file.src_uri in linked_to:
                self._linked.add(file.src_uri)
            else:
                files.remove(file)

    @property
    def _store(self) -> incremental.PageStore:
        """The page store; only asked for once a page has a fingerprint, which needs one."""
        assert self.outputs is not None
        return self.outputs

    def _fingerprint(self, spec, nav_key: str | None) -> str | None:
        if self.outputs is None:
            return None
        try:
            today = self._section.today.isoformat() if self._section.renderer.reads_today(spec.template) else ""
            fps = self._fingerprints
            assert fps is not None  # set together with self.outputs
            return incremental.sha(
                self._engine,
                spec.path,
                spec.title,
                spec.description,
                spec.template,
                spec.kind,
                str(spec.searchable),
                fps.of(spec.context),
                fps.whole(spec.item),
                repr(nav_key),
                today,
            )
        except incremental.Unhashable as exc:
            log.debug("vinhdanh: %s: %s", spec.path, exc)
            return None

    def _render(self, page, spec, config, files) -> None:
        page.content = self._section.renderer.fragment(spec)
        page.toc = get_toc([])

    @staticmethod
    def _render_nothing(page, config, files) -> None:
        page.content = ""
        page.toc = get_toc([])

    def on_nav(self, nav, config, files):
        self._in_nav = {page.file.src_uri for page in nav.pages}
        self._nav_urls = [page.url for page in nav.pages]
        self._all_pages = files.documentation_pages()
        if self.outputs is not None:  # every page shows the nav: our titles in it are shared
            ours = [(uri, spec.title) for uri in sorted(self._in_nav) if (spec := self._spec_of(uri)) is not None]
            self._engine = incremental.sha(self._engine, repr(ours))
            self._reuse_unchanged(files, config)
            self._unhook_templates = speedups.theme_templates_from(self._store, self._template_key)
        speedups.real_pages(files, config)  # those MkDocs builds after all
        return nav

    def _template_key(self, template_name: str) -> str:
        """What a theme template (404.html, sitemap.xml) shows: what every page shares
        (the nav among it) and what the sitemap reads of every page."""
        if self._pages_key is None:
            listed = [(f.url, p.is_link, p.abs_url, p.canonical_url, p.update_date) for f in self._all_pages if (p := f.page) is not None]
            self._pages_key = incremental.sha(repr(listed))
        return incremental.sha(self._engine, "theme template", template_name, self._pages_key)

    def _unhook(self) -> None:
        if self._unhook_templates is not None:
            self._unhook_templates()
            self._unhook_templates = None

    def on_template_context(self, context, template_name, config):
        # Every page of the site, those reused outside MkDocs' files too: the sitemap
        # lists them all, exactly as when every page is rendered.
        context["pages"] = self._all_pages
        return context

    def on_page_context(self, context, page, config, nav):
        context["pages"] = self._all_pages
        return context

    def on_env(self, env, config, files):
        # Templates cannot change during one build; skip Jinja's stat() on every include.
        env.auto_reload = False
        # Compiling Material's templates costs more than a rebuild of unchanged pages:
        # keep the compiled code (Jinja keys it by template name and source checksum).
        if self.section is not None:
            env.bytecode_cache = FileSystemBytecodeCache(str(_jinja_cache(self._section.root / ".cache" / "jinja" / "theme")))
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
        env.loader = ChoiceLoader([DictLoader({REUSE_TEMPLATE: ""}), env.loader])
        return env

    def on_post_page(self, output, page, config):
        # Hack: Material's drawer/search toggles carry autocomplete on checkboxes, which
        # the HTML standard forbids (Nu Html Checker error); browsers ignore it there.
        output = output.replace('type="checkbox" id="__drawer" autocomplete="off"', 'type="checkbox" id="__drawer"').replace(
            'type="checkbox" id="__search" autocomplete="off"', 'type="checkbox" id="__search"'
        )
        if page.file.src_uri in self._linked:
            return ""  # MkDocs skips a page with empty output: the linked file stays as it is
        fp = self._pending.pop(page.file.src_uri, None)
        if fp is not None:
            self._store.written(fp, Path(page.file.abs_dest_path))
        return output

    def on_build_error(self, error) -> None:
        self._unhook()
        _collector_resumed()
        if self.section is not None:
            self._section.stop_extras()
        self.outputs = None  # nothing of this build is kept
        self._tree.forget()

    def on_post_build(self, config) -> None:
        self._unhook()
        section = self._section
        section.write_extras(Path(config.site_dir))
        if self.outputs is not None:
            self.outputs.commit()
            section.timings.update(pages_rendered=self.outputs.rendered, pages_reused=self.outputs.reused)
            log.info("vinhdanh: %d trang dựng lại, %d trang không đổi được dùng lại.", self.outputs.rendered, self.outputs.reused)
            log.debug("vinhdanh: %s", {k: round(v, 3) for k, v in section.timings.items()})
            site_dir = Path(config.site_dir)
            self._tree.remember(site_dir, self._page_fps)
            if not self._serving:  # for the build that will recycle this folder
                self._tree_records().record(site_dir, self._tree.pages)
        self._linked, self._kept, self._page_fps, self._all_pages = set(), set(), {}, []
        _collector_resumed()

    def on_serve(self, server, config, builder):
        server.watch(str(self._section.root / "content"))
        speedups.watch_natively(server)
        return server

    def _spec(self, page):
        return self._spec_of(page.file.src_uri)

    def _spec_of(self, src_uri: str):
        if self.section is None or not src_uri.endswith("index.md"):
            return None
        return self._section.page_for(src_uri[: -len("index.md")])


_MD_TARGET = re.compile(r"""[^\s()<>\[\]"'`|]+\.md\b""")


def _collector_paused() -> None:
    """While the model is read, no cyclic garbage collection: it lives until the end
    of the build anyway, and the collector walking the growing heap again and again
    cost a tenth of a 1,000-story rebuild and more at 5,000 (measured)."""
    gc.disable()


def _model_read() -> None:
    """Collection back on for the pages (their cycles are freed as the build goes:
    a 5,000-story build without it peaked 22 % higher), minus the model: frozen, so
    the collector never walks it during this build."""
    gc.freeze()
    gc.enable()


def _collector_resumed() -> None:
    """After the build: everything collectable again, so a `serve` process frees each
    rebuild's model in turn."""
    gc.unfreeze()
    gc.enable()


def _link_targets(files: Files, spec_of) -> set[str]:
    """Our pages that a hospital page's Markdown may link to (by `….md` path, the
    links MkDocs resolves against its files). Generous: any `….md` in the text counts."""
    found: set[str] = set()
    for file in files.documentation_pages():
        if spec_of(file.src_uri) is not None or not file.abs_src_path:
            continue
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        folder = posixpath.dirname(file.src_uri)
        for target in _MD_TARGET.findall(text):
            target = target.split("#")[0]
            found.add(posixpath.normpath(posixpath.join(folder, target)))
            found.add(posixpath.normpath(target.lstrip("/")))
    return found


def _check_address(config, base_url: str) -> None:
    """site_url as MkDocs resolved it (`!ENV` included) against base_url: E804 stops the build."""
    from .siteaddress import configured_site_url, key_line, mismatch

    path = Path(config.config_file_path or "mkdocs.yml")
    line = configured_site_url(path)[1] if path.is_file() else 0
    problem = mismatch(config.site_url, base_url, path.name, line, key_line(path.parent / "content" / "site.yml", "base_url"))
    if problem is not None:
        report = format_report([problem], "text", 1)
        log.error("\n" + report)
        raise PluginError(report)


def _jinja_cache(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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
