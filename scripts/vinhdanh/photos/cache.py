"""The on-disk cache of rendered files, and how files reach the site directory.

Layout: <cache_dir>/<key[:2]>/<key>-<label>.<ext>, where key hashes the source
bytes and every setting (see plan.py). A file exists only once complete: writes
go to a temporary name in the same folder, then os.replace() — a crash or a
parallel build never leaves a half-written image under a real name.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..site.atomic import link_atomically


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
    link_atomically(src, dest)  # no bytes copied; the site file is as immutable as its URL
    return True
