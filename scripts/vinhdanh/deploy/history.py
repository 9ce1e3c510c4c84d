"""Which build each kept site folder holds: when it was built, from which commit.

Recorded by folder identity (device and inode), so
the record follows the folder through the swaps of a build and of a rollback, and
nothing about the build is written into the site that nginx serves.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

from .. import records
from ..site.atomic import write_bytes_atomically

KEEP = 4  # the live site, the previous one, the spare, and one to spare


@records.record  # the decorator: `record` below is this module's own function
class Build:
    built_at: str  # ISO time, Vietnam time
    commit: str  # the content repository's commit ("" without git)
    build_date: str  # the day the build published for (scheduled stories)
    pages: int
    version: str  # of vinhdanh

    def describe(self) -> str:
        commit = f"nội dung commit {self.commit[:12]}" if self.commit else "nội dung không thuộc kho git"
        return f"dựng lúc {self.built_at.replace('T', ' ')[:19]}, {commit}, ngày dựng {self.build_date}, {self.pages} trang (vinhdanh {self.version})"


def _path(root: Path) -> Path:
    return root / ".vinhdanh" / "builds.json"


def identity(folder: Path) -> str | None:
    try:
        st = folder.stat()
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}"


def _load(root: Path) -> list[dict]:
    try:
        data = json.loads(_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [b for b in data.get("builds", []) if isinstance(b, dict)] if isinstance(data, dict) else []


def content_commit(root: Path) -> str:
    """HEAD of the content repository, with "+" when files differ from it."""
    return CommitQuery(root).result()


class CommitQuery:
    """`content_commit`, asked of git when a build starts and answered when it ends:
    `git status` looks at every file (~0.1 s at 1,000 stories), meanwhile the build runs.
    Processes, not a thread: a build forks only while it runs no other thread (forked.py).
    It takes no lock of git's (`--no-optional-locks`): the newsroom commits while a build runs."""

    def __init__(self, root: Path):
        git = ["git", "--no-optional-locks", "-C", str(root)]
        self._head: subprocess.Popen[str] | None
        self._dirty: subprocess.Popen[str] | None
        try:
            self._head = subprocess.Popen([*git, "rev-parse", "HEAD"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            self._dirty = subprocess.Popen([*git, "status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        except OSError:  # no git here
            self._head = self._dirty = None

    def result(self) -> str:
        if self._head is None or self._dirty is None:
            return ""
        try:
            head, _ = self._head.communicate(timeout=20)
            dirty, _ = self._dirty.communicate(timeout=60)
        except subprocess.SubprocessError:
            self.cancel()
            return ""
        return head.strip() + ("+" if dirty.strip() else "") if self._head.returncode == 0 else ""

    def cancel(self) -> None:
        """No answer wanted (the build failed, or git took too long): git stopped and waited
        for, no process left."""
        for process in (self._head, self._dirty):
            if process is not None:
                process.kill()
                process.communicate()


def _version() -> str:
    from .. import __version__  # pyproject's version (tests/test_cli.py): importlib.metadata scans every package (~35 ms)

    return __version__


def record(root: Path, folder: Path, build_date: dt.date, pages: int, commit: CommitQuery | None = None) -> None:
    """`folder` (the live site, just swapped in) holds a build made now (`commit`: asked when it started)."""
    ident = identity(folder)
    if ident is None:
        return
    from . import VIETNAM_UTC_OFFSET

    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=VIETNAM_UTC_OFFSET))).isoformat(timespec="seconds")
    entry = {"id": ident, "built_at": now, "commit": (commit or CommitQuery(root)).result(), "build_date": build_date.isoformat(), "pages": pages, "version": _version()}
    others = [b for b in _load(root) if b.get("id") != ident]
    builds = [*others[-(KEEP - 1) :], entry]
    write_bytes_atomically(_path(root), json.dumps({"builds": builds}, ensure_ascii=False, indent=1).encode("utf-8"))


def of(root: Path, folder: Path) -> Build | None:
    """The build `folder` holds, if recorded."""
    ident = identity(folder)
    found = next((b for b in _load(root) if ident and b.get("id") == ident), None)
    if found is None:
        return None
    return Build(str(found.get("built_at", "")), str(found.get("commit", "")), str(found.get("build_date", "")), int(found.get("pages", 0) or 0), str(found.get("version", "")))
