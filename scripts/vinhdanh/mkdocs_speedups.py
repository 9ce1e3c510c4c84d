"""Workarounds for fixed costs of MkDocs 1.x that every rebuild pays, whatever changed.

Used by mkdocs_plugin.py alone; like it, engine-specific (a move to Zensical drops
this file). Each one is a "Hack:" because it reaches into MkDocs' or watchdog's
internals; each falls back to MkDocs' own behaviour when those are not as expected.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from jinja2 import FileSystemLoader
from mkdocs.structure.pages import Page

from . import incremental

log = logging.getLogger("mkdocs.plugins.vinhdanh")


NATIVE_BUILD_DELAY = 0.03  # seconds without a change before a rebuild starts


def watch_natively(server) -> None:
    """Hack (speed): MkDocs polls what it watches every 0.5 s, so a saved story waits
    a quarter of a second on average, up to half a second, before its rebuild even
    starts. The kernel can tell at once (inotify): move MkDocs' watches, and those
    added later, onto watchdog's native observer. Where that cannot work (the
    inotify limit, a file system without events) polling stays as it was."""
    try:
        from watchdog import events
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        old = server.observer
        if Observer is PollingObserver or not isinstance(old, PollingObserver) or old.is_alive():
            return
        # What polling sees, no more: inotify also tells of every file opened and
        # closed, so the build's own reading of content/ would start the next build.
        changes = [
            events.FileCreatedEvent,
            events.FileDeletedEvent,
            events.FileModifiedEvent,
            events.FileMovedEvent,
            events.FileClosedEvent,
            events.DirCreatedEvent,
            events.DirDeletedEvent,
            events.DirModifiedEvent,
            events.DirMovedEvent,
        ]

        class ChangesOnly(Observer):  # type: ignore[misc,valid-type]
            def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
                return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes, follow_symlink=follow_symlink)

        # Paths as MkDocs gave them (a watched file stays a file, not its folder).
        watches = [(path, watch.is_recursive, set(old._handlers[watch])) for path, watch in server._watch_refs.items()]
        probe = ChangesOnly()  # inotify's limits bite when the watches start, not when scheduled
        try:
            for path, recursive, _ in watches:
                probe.schedule(events.FileSystemEventHandler(), path, recursive=recursive)
            probe.start()
        finally:
            probe.stop()
            if probe.is_alive():
                probe.join()
        native, refs = ChangesOnly(), {}
        for path, recursive, handlers in watches:
            for handler in handlers:
                refs[path] = native.schedule(handler, path, recursive=recursive)
    except Exception as exc:  # noqa: BLE001 - any failure: MkDocs' polling observer stays
        log.debug("vinhdanh: polling stays (%s)", exc)
        return
    server.observer, server._watch_refs = native, refs
    # MkDocs waits until no change came for 0.1 s before it rebuilds: what polling
    # needs to see a save as one change. An editor's save reaches inotify as events
    # a few milliseconds apart; a later one only means one more rebuild.
    server.build_delay = min(server.build_delay, NATIVE_BUILD_DELAY)


def list_installed_once(theme, cache: Path) -> None:
    """Hack (speed): before every build MkDocs lists every file of the theme's folders
    to find its static files: Material's 10,000 icons, each name matched against
    a dozen patterns (0.07 s of a 1,000-story rebuild). An installed theme changes
    only with the versions the package key covers: its list is kept in `cache`.
    Folders of the project, such as overrides/, are listed afresh every time."""
    import json

    from .atomic import write_bytes_atomically

    get_env = theme.get_env
    key = incremental.sha(incremental.package_key(), *sorted(theme.static_templates))

    def list_templates(env, extensions=None, filter_func=None):
        if extensions is not None or filter_func is None:
            return type(env).list_templates(env, extensions, filter_func)
        try:
            known = json.loads(cache.read_text(encoding="utf-8"))
            known = known if isinstance(known, dict) and known.get("key") == key else {}
        except (OSError, ValueError):
            known = {}
        folders = known.setdefault("folders", {})
        names: set[str] = set()
        for folder in theme.dirs:
            installed = folder.startswith(sys.prefix) or "site-packages" in folder
            listed = folders.get(folder) if installed else None
            if listed is None:
                listed = [name for name in FileSystemLoader(folder).list_templates() if filter_func(name)]
                if installed:
                    folders[folder] = listed
                    known["key"] = key
                    with contextlib.suppress(OSError):
                        write_bytes_atomically(cache, json.dumps(known).encode("utf-8"))
            names.update(listed)
        return sorted(names)

    def env_listing_once():
        env = get_env()
        env.list_templates = functools.partial(list_templates, env)
        return env

    theme.get_env = env_listing_once


def set_aside(site_dir: Path) -> None:
    """Under `serve`, MkDocs empties the site folder before every build; deleting a
    thousand page folders costs more than rebuilding the edited page. Move them
    aside in one rename each and delete them in the background."""
    import shutil
    import tempfile
    import threading

    if not site_dir.is_dir():
        return
    trash = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
    for entry in os.scandir(site_dir):
        if entry.name == incremental.KeptTree.HELD:
            continue
        with contextlib.suppress(OSError):  # MkDocs' own clean-up removes what is left
            os.rename(entry.path, trash / entry.name)
    threading.Thread(target=shutil.rmtree, args=(trash, True), daemon=True).start()


def nav_paths(nav) -> set[str]:
    """Every path the `nav:` of mkdocs.yml names (titles and URLs too: more is harmless)."""
    found: set[str] = set()

    def walk(item) -> None:
        if isinstance(item, str):
            found.add(item.lstrip("/"))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav or [])
    return found


def sitemap_pages(files, config, skip: set[str]) -> None:
    """Hack (speed): MkDocs makes a Page for every file before plugins see the nav,
    though of a page it will not build only the sitemap reads anything (its URL
    and date). Those of `files` (except the `skip` paths) get a `ListedPage` with
    just that, made without MkDocs' URL parsing; `real_pages` turns the ones left
    among the files into MkDocs Pages again. 0.05 s of a 1,000-story rebuild."""
    from mkdocs.utils import get_build_date

    date, base = get_build_date(), config.get("site_url")
    for file in files:
        if file.page is None and file.src_uri not in skip:
            ListedPage(file, base, date)


def real_pages(files, config) -> None:
    for file in files.documentation_pages():
        if isinstance(file.page, ListedPage):
            Page(None, file, config)


def theme_templates_from(store: incremental.PageStore, key_of):
    """Hack (speed): MkDocs renders its theme's static templates (404.html, a whole
    Material page, and sitemap.xml with its .gz: every page of the site) on every
    build. Until the function returned is called, each is linked from `store` when
    one of the same `key_of(template_name)` was kept (None: always rendered), and a
    rendered one is kept. Nothing is linked over a file: one output of a template
    missing, and its others go before it is rendered again."""
    from mkdocs.commands import build as mkdocs_build

    original = mkdocs_build._build_theme_template

    def build(template_name, env, files, config, nav) -> None:
        names = [template_name, f"{template_name}.gz"] if template_name == "sitemap.xml" else [template_name]
        paths = [Path(config.site_dir, name) for name in names]
        key = key_of(template_name)
        fps = [incremental.sha(key, name) for name in names] if key is not None else []
        if fps:
            placed = store.place_all(list(zip(fps, paths, strict=True)), count=False)
            if all(placed):
                return
            for path, ok in zip(paths, placed, strict=True):
                if ok:
                    path.unlink()
        original(template_name, env, files, config, nav)
        for fp, path in zip(fps, paths, strict=False):
            if path.is_file():
                store.written(fp, path, count=False)

    mkdocs_build._build_theme_template = build

    def restore() -> None:
        mkdocs_build._build_theme_template = original

    return restore


_PLAIN_FOLDER = re.compile(r"(?:[A-Za-z0-9_~-]+/)+")


def page_file(config, folder: str, content: str):
    """Hack (speed): `File.generated` for the page `folder`index.md, its destination
    and URL given rather than parsed and quoted by MkDocs for each of a thousand
    story pages. For a folder of plain URL characters they are what MkDocs computes
    (tested against it); any other folder is left to MkDocs."""
    from mkdocs.structure.files import File, InclusionLevel

    # NOT_IN_NAV: thousands of stories are reached through listings, not the nav.
    file = File.generated(config, f"{folder}index.md", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    if _PLAIN_FOLDER.fullmatch(folder):
        file.dest_uri = f"{folder}index.html"
        file.url = folder if config.use_directory_urls else f"{folder}index.html"
    return file


class ListedPage(Page):
    """What the sitemap template reads of a page (`canonical_url`, `abs_url`,
    `update_date`, `is_link`), exactly as MkDocs' Page computes it."""

    def __init__(self, file, site_url: str | None, build_date: str):
        # Not Page.__init__: its URL parsing is the cost this saves.
        file.page = self
        self.file = file
        self.children = None
        self.previous_page = self.next_page = None
        self.active = False
        self.update_date = build_date
        self.canonical_url, self.abs_url = _canonical(site_url, self.url)
        self.edit_url = None
        self.markdown = self.content = self._title_from_render = None
        self.toc = []  # type: ignore[assignment]  # as Page.__init__ does
        self.meta = {}


_PLAIN_URL = re.compile(r"[A-Za-z0-9_~%-]+(?:/[A-Za-z0-9_~%-]+)*/?")


def _canonical(site_url: str | None, url: str) -> tuple[str | None, str | None]:
    """Page._set_canonical_url's result; a plain relative URL is appended, not parsed."""
    if not site_url:
        return None, None
    base = site_url if site_url.endswith("/") else site_url + "/"
    base_path = _appends(base)
    if base_path is not None and (url == "" or _PLAIN_URL.fullmatch(url)):
        return base + url, base_path + url
    canonical = urljoin(base, url)
    return canonical, urlsplit(canonical).path


@functools.lru_cache(maxsize=8)
def _appends(base: str) -> str | None:
    """The path of `base` if joining a plain relative URL to it only appends the URL."""
    probe = "a-b/c_d/"
    if urljoin(base, probe) != base + probe or urlsplit(base + probe).path != urlsplit(base).path + probe:
        return None
    return urlsplit(base).path
