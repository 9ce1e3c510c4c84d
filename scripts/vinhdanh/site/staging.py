"""Working folders of a build, and the sweep of those whose build died.

A build killed mid-way (power cut, CI time-out, Ctrl-C twice) leaves its staging
folder behind. Each folder is held by an exclusive flock(2) on its own directory
for as long as its build runs; the kernel drops the lock when the process dies,
however it dies. So a later build removes exactly the folders nobody holds, and
never one that a build running at the same moment is still writing.

Creating a folder and locking it are two steps; both happen under a short lock on
the parent directory, which the sweep takes too, so it cannot fall between them.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def site_key(target: Path) -> str:
    """The name a site folder's companions go by (its spare, its previous site, its state)."""
    return hashlib.sha256(str(target).encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Claim:
    """A working folder that this process holds until `release()` (or its death)."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def held(folder: Path) -> Iterator[None]:
    """`folder` locked (flock) against the others that take it, for a few renames."""
    with _parent_locked(folder):
        yield


@contextlib.contextmanager
def _parent_locked(parent: Path) -> Iterator[None]:
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def claim(parent: Path, prefix: str) -> Claim:
    """A new, empty folder `parent/prefix*`, held by this process."""
    parent.mkdir(parents=True, exist_ok=True)
    with _parent_locked(parent):
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a fresh folder: nobody else can hold it
    return Claim(path, fd)


def sweep(parent: Path, prefix: str) -> list[Path]:
    """Remove the `parent/prefix*` folders that no running build holds; return them."""
    if not parent.is_dir():
        return []
    removed = []
    with _parent_locked(parent):
        for path in sorted(parent.glob(f"{glob.escape(prefix)}*")):
            if path.is_symlink() or not path.is_dir():
                continue
            try:
                fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # BlockingIOError: a build that is still running holds it
                os.close(fd)
                continue
            try:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
            finally:
                os.close(fd)
    return removed


def adopt(folder: Path, parent: Path, prefix: str) -> Claim | None:
    """`folder` (a spare site, recycle.py) moved to a new `parent/prefix*` and held, like
    `claim`'s; None when another build holds it or it cannot be moved there."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the lock follows the folder through the rename
        parent.mkdir(parents=True, exist_ok=True)
        with _parent_locked(parent):  # a sweep sees it held, never between the steps
            path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
            os.rename(folder, path)  # onto the empty folder just made
    except OSError:
        os.close(fd)
        return None
    return Claim(path, fd)
