"""Files that are either whole or absent: write beside, then rename."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO


def _beside(path: Path) -> Path:
    """A temporary name beside `path`, this process's and random: writers never share one.
    os.urandom, not uuid: uuid's import (platform, its regexes) cost every build ~3 ms."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def write_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a temporary file beside `path`, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _beside(path)
    try:
        with open(temp, "wb") as handle:
            write(handle)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """`data` as the whole of `path`, or `path` untouched."""
    write_atomically(path, lambda handle: handle.write(data))


def link_atomically(source: Path | str, path: Path) -> None:
    """`path` as a hard link to `source` (a copy across file systems), put in place by a
    rename: never half there. The temporary name goes either way — when `path` already is
    `source`'s file, rename(2) does nothing and would leave it."""
    temp = _beside(path)
    try:
        try:
            os.link(source, temp)  # no bytes copied
        except OSError:  # another file system, or links not allowed
            shutil.copyfile(source, temp)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def read_cache(path: Path, default=None):
    """A cache file written by `write_cache`; `default` when it is missing, damaged or
    foreign (a cache is never needed: without it a build only does more work)."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - any unreadable cache is no cache
        return default


def write_cache(path: Path, value) -> None:
    """`value` pickled as the whole of `path` (pickle: thousands of entries load in
    milliseconds, JSON took ten times that)."""
    write_bytes_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def signature(path) -> tuple | None:
    """What the caches compare to know a file unchanged: size, mtime, ctime (which
    cannot be set back), inode, device; None when it cannot be read."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
