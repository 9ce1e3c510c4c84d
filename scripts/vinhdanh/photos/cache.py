"""The on-disk cache of rendered files, and how files reach the site directory.

Layout: <cache_dir>/<key[:2]>/<key>-<label>.<ext>, where key hashes the source
bytes and every setting (see plan.py). A file exists only once complete: writes
go to a temporary name in the same folder, then os.replace() — a crash or a
parallel build never leaves a half-written image under a real name.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path


def cache_path(cache_dir: Path, key: str, label: str, ext: str) -> Path:
    return Path(f"{cache_dir}{os.sep}{key[:2]}{os.sep}{key}-{label}.{ext}")  # one parse, not two joins: thousands per plan


def place(src: Path, dest: Path) -> bool:
    """Put the cached file `src` at `dest` (hard link, else copy); False if already there."""
    try:
        if os.path.samefile(src, dest):
            return False
    except FileNotFoundError:
        pass
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        try:
            os.link(src, tmp)  # no bytes copied; the site file is as immutable as its URL
        except OSError:  # other file system, or links not allowed
            shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.unlink(missing_ok=True)  # `dest` was already this file (placed meanwhile): rename(2) then does nothing
    return True
