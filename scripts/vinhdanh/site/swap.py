"""The swap: a folder beside the live site to build in, then one rename that puts it
live; the replaced site is kept whole for `vinhdanh rollback`.

A failed build leaves the previous site byte-for-byte as it was (MkDocs and
Pelican empty the output folder first; we never touch it until the new one is whole).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from . import recycle, staging

_RENAME_EXCHANGE = 2


@contextlib.contextmanager
def staged(root: Path, target: Path) -> Iterator[tuple[Path, dict | None]]:
    """A folder beside `target` to build in: a fresh one, or the spare site with what it
    holds (`there`, recycle.py). Deleted when the build fails; after the swap, it holds
    the replaced site, which becomes the previous one (for `vinhdanh rollback`)."""
    prefix = _swept(root, target)
    spare = recycle.take(root, target, prefix)  # `--full` too: its folders are there
    work, there = spare if spare is not None else (staging.claim(target.parent, prefix), None)
    with _working(work, root, target) as path:
        yield path, there


@contextlib.contextmanager
def spare_staged(root: Path, target: Path) -> Iterator[Path]:
    """The spare site alone, held, to make the new site from (bodyedit.py), or a new
    empty folder when there is none (a project's first builds). Afterwards as `staged`:
    deleted when the build fails, else holding the replaced site."""
    prefix = _swept(root, target)
    spare = recycle.spare_of(root, target)
    work = staging.adopt(spare, target.parent, prefix) if spare.is_dir() else None
    with _working(work if work is not None else staging.claim(target.parent, prefix), root, target) as path:
        yield path


@contextlib.contextmanager
def _working(work: staging.Claim, root: Path, target: Path) -> Iterator[Path]:
    """The folder a build works in: deleted when it fails; after the swap, holding the
    replaced site, which becomes the previous one."""
    try:
        yield work.path
    except BaseException:
        shutil.rmtree(work.path, ignore_errors=True)
        raise
    finally:
        work.release()
    _keep_previous(work.path, target, previous_of(root, target), root)


def _swept(root: Path, target: Path) -> str:
    """What builds before left beside `target` gone (or going); the prefix of a staging folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for folder in (target.parent, previous_of(root, target).parent, recycle.spare_of(root, target).parent):
        for stale in folder.glob(f".{target.name}.old-*"):  # a clean-up still running, or one that never ran
            delete_detached(stale)  # never here: 0.35 s of a 1,000-story edit when the last build's still ran
    prefix = f".{target.name}.new-"
    staging.sweep(target.parent, prefix)  # left by builds that were killed; never a running one's
    return prefix


def previous_of(root: Path, target: Path) -> Path:
    """Where the site the last swap replaced is kept on purpose, whole, for
    `vinhdanh rollback`: in the project, never beside the site, which may be inside
    a web root (the previous site still has pages the new one withdrew)."""
    return root / ".vinhdanh" / "previous-sites" / staging.site_key(target)


def _keep_previous(old_site: Path, target: Path, previous: Path, root: Path) -> None:
    """The replaced site becomes the previous one (for `vinhdanh rollback`); the one
    before it becomes the spare the next build starts from (recycle.py). A rollback
    swaps live and previous, so neither is ever written into."""
    if not old_site.is_dir():  # nothing was replaced
        return
    previous.parent.mkdir(parents=True, exist_ok=True)
    with staging.held(previous.parent):  # `vinhdanh rollback` takes it too
        if previous.is_dir() and not recycle.keep_spare(previous, root, target, lambda old: _discard(old, target)):
            _discard(previous, target)
        try:
            os.rename(old_site, previous)
            return
        except OSError:  # another file system than the site: no rollback
            pass
    _discard(old_site, target)


def _discard(old_site: Path, target: Path) -> None:
    """Delete the replaced site without making the reader of the new one wait.

    The new site is live already; deleting thousands of old files costs up to half
    a second on a slow disk, so a detached process does it (the next build removes
    whatever it left).
    """
    trash = old_site.with_name(f".{target.name}.old-{os.getpid()}-{old_site.name[-8:]}")
    try:
        os.rename(old_site, trash)
    except OSError:  # nothing was replaced, or a concurrent build's sweep took it already
        return
    delete_detached(trash)


def delete_detached(trash: Path) -> None:
    """`trash` deleted by a detached process, which holds a lock on it while it works:
    a folder some process is deleting already is left to it."""
    try:
        fd = os.open(trash, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:  # gone already
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: being deleted
        return
    finally:
        os.close(fd)  # the lock goes with it: the deleter takes its own
    try:
        subprocess.Popen([sys.executable, "-c", _DELETER, str(trash)], start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(trash, ignore_errors=True)


_DELETER = """import fcntl, os, shutil, sys
try:
    fcntl.flock(os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW), fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit()  # gone, or another deleter has it
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def swap(new: Path, target: Path) -> None:
    """Put `new` at `target`; afterwards `new` holds the old site (or nothing)."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    os.rename(old, new)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names swap atomically."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here: 6 ms of imports a build only needs when it swaps
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), _RENAME_EXCHANGE)
    return result == 0
