"""`mkdocs serve`: a saved story reaches the served folder without an engine rebuild.

MkDocs rebuilds everything on every change it watches, and finds changes by polling
every 0.5 s: at 1,000 stories a saved story took ~2 s to show (listing the theme's
14,000 icon files alone costs each rebuild ~0.2 s). A story is not the engine's
input unless it changes the engine's output (its key, or a page needing a skeleton
the output has no shell for: the adapter decides). So the serve process watches
content/ itself, through the system's file notifications (watchdog's Observer: no
polling where the system has them), reads and plans the section again and writes
only what changed into the served folder; then it changes a small version file
that `reload.js` (added to the pages only under `serve`) polls, and open pages
reload. When the engine's output would differ, it runs the engine's rebuild (the
`builder` MkDocs hands to plugins). One build at a time: `building` is held by
ours and by the engine's (the adapter takes it from on_config to the build's end).

Nothing here imports the engine.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..content.diagnostics import format_report
from ..section import ContentError, Section, prepare
from ..site.atomic import write_bytes_atomically
from . import assemble, servetree

log = logging.getLogger("mkdocs.plugins.vinhdanh")

VERSION_FILE = "assets/vinhdanh/serve-version.txt"  # what reload.js polls
QUIET = 0.05  # seconds without a new event before building: an editor's save is several writes
_IGNORED = (".swp", ".swx", "~", ".tmp", ".part")


class ServeProcess:
    """What a `serve` process keeps between builds: the section's served folders
    (servetree.py), the lock that makes builds take turns, the content watcher."""

    def __init__(self) -> None:
        self._building = threading.Lock()
        self._held = False
        self._tree: servetree.ServeTree | None = None
        self._watcher: ContentWatcher | None = None

    def begin(self) -> None:
        """An engine build starts (its first event); `end()` when it ended either way."""
        self._building.acquire()
        self._held = True

    def end(self) -> None:
        if self._held:
            self._held = False
            self._building.release()

    def write(self, section: Section, output: assemble.EngineOutput, site_dir: Path, engine_files: set[str]) -> None:
        """The section into the served folder, and a new version for the open pages."""
        servetree.write(self._tree_of(section), section, output, site_dir, engine_files)
        write_version(site_dir)
        made, kept = (section.timings.get(k, 0) for k in ("pages_rendered", "pages_reused"))
        log.info("vinhdanh: %d trang dựng lại, %d trang không đổi được dùng lại.", made, kept)

    def watch(self, folder: Path, changed: Callable[[], None]) -> None:
        if self._watcher is None:
            self._watcher = ContentWatcher(folder, changed)
            self._watcher.start()

    def saved(self, state: Callable[[], tuple], today: dt.date | None, config_file: Path, site_dir: Path, keep: Callable[[Section], None], builder: Callable[[], None]) -> None:
        """Content changed: the section read, planned and written again, the engine's
        output kept when it stays the same; else the engine's own rebuild (`builder`).
        `state()`: the section, the engine's output and the files it wrote, as the last
        build left them (asked under the lock: an engine build may be running)."""
        with self._building:
            current, output, engine_files = state()
            assert output is not None, "serve builds once before it watches"
            try:
                section = prepare(current.root, today)
            except ContentError as exc:  # the served pages stay as they were until it is fixed
                log.error("\n" + format_report(exc.diagnostics, "text", exc.files_checked))
                return
            if engine_unchanged(current, section, output, config_file, engine_files):
                keep(section)
                for warning in section.warnings:
                    log.warning(warning.text())
                self.write(section, output, site_dir, engine_files)
                return
        builder()  # it takes the lock itself (begin() in its first event)

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._tree is not None:
            self._tree.close()
            self._tree = None

    def _tree_of(self, section: Section) -> servetree.ServeTree:
        parent = section.root / ".cache" / "pages"
        if self._tree is None or self._tree.claimed.parent != parent:
            if self._tree is not None:
                self._tree.close()
            self._tree = servetree.ServeTree.claim(parent)
        return self._tree


def engine_unchanged(before: Section, after: Section, output: assemble.EngineOutput, config_file: Path, engine_files: set[str]) -> bool:
    """Whether the engine would make the same output for `after` as it made for `before`:
    the same key, a shell for every page, and no page gone that the engine wrote itself
    (a representative's shell would stay in the served folder)."""
    if assemble.engine_key(after, config_file) != output.key or output.missing(after.pages):
        return False
    gone = {f"{spec.path}index.html" for spec in before.pages} - {f"{spec.path}index.html" for spec in after.pages}
    return not gone & engine_files


def write_version(site_dir: Path) -> None:
    """A new version for the open pages' reload.js (after every build of a serve process)."""
    write_bytes_atomically(site_dir / VERSION_FILE, str(time.time_ns()).encode("ascii"))


class ContentWatcher:
    """Calls `changed()` on a thread of its own after files under `folder` changed and
    stayed quiet for QUIET seconds; changes made while it runs make it run once more."""

    def __init__(self, folder: Path, changed: Callable[[], None]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self._changed = changed
        self._cond = threading.Condition()
        self._pending = False
        self._stopped = False
        handler = FileSystemEventHandler()
        handler.on_any_event = self._event  # type: ignore[method-assign]
        self._observer = Observer()
        self._observer.schedule(handler, str(folder), recursive=True)
        self._worker = threading.Thread(target=self._loop, name="vinhdanh-watch", daemon=True)

    def start(self) -> None:
        self._observer.start()
        self._worker.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._worker.join(timeout=30)

    def _event(self, event) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return  # reading a file (our own build does) is no change
        path = str(getattr(event, "dest_path", "") or event.src_path)
        if Path(path).name.startswith((".#", "~")) or path.endswith(_IGNORED):
            return  # an editor's swap or temporary file
        with self._cond:
            self._pending = True
            self._cond.notify_all()

    def _loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopped)
                if self._stopped:
                    return
                while self._cond.wait(timeout=QUIET):  # woken again: still being written
                    if self._stopped:
                        return
                self._pending = False
            try:
                self._changed()
            except Exception:  # the server lives on; the next save tries again
                log.exception("vinhdanh: dựng lại sau khi lưu bị lỗi")
