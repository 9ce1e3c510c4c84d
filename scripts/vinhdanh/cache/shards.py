"""A cache dict kept in a few pickle files by key, so that a change rewrites one of them.

The read cache holds every story's model (3 MB at 1,000 stories): pickling all of
it again after one edit took 0.04 s of a 1-second rebuild. Split by a hash of the
key into 16 files, an edit rewrites a sixteenth. Each file is written whole or
not at all (atomic.py) and carries a version; a missing, damaged or foreign file
is an empty part: the cache only ever saves work, it is never needed.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from ..site.atomic import read_cache, signature, write_cache

COUNT = 16
_SEEN: dict[str, tuple] = {}  # folder -> (version, stamp, entries) as this process last read or wrote them


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % COUNT


class Shards:
    """`folder`/00.pickle … 15.pickle, each {"version": version, "entries": {key: value}}."""

    def __init__(self, folder: Path, version):
        self.folder, self.version = Path(folder), version

    def _file(self, index: int) -> Path:
        return self.folder / f"{index:02d}.pickle"

    def stamp(self) -> tuple:
        """Changes whenever any part is written (by this process or another)."""
        return tuple(signature(self._file(index)) for index in range(COUNT))

    def load(self) -> dict:
        entries: dict = {}
        for index in range(COUNT):
            data = read_cache(self._file(index))
            if isinstance(data, dict) and data.get("version") == self.version and isinstance(data.get("entries"), dict):
                entries.update(data["entries"])
        return entries

    def save(self, entries: dict, parts: set[int]) -> None:
        """Write the `parts` (shard numbers) of `entries` again; raises OSError (read-only)."""
        if not parts:
            return
        split: dict[int, dict] = {index: {} for index in parts}
        for key, value in entries.items():
            part = split.get(shard_of(key))
            if part is not None:
                part[key] = value
        for index, part in split.items():
            write_cache(self._file(index), {"version": self.version, "entries": part})

    def load_addressed(self) -> dict:
        """`load()` for values named by a hash of their content (the same key, the same
        value), not read again within one process (serve) while no part changed on
        disk. The dict returned is shared: read it, never change it."""
        stamp = self.stamp()
        seen = _SEEN.get(str(self.folder))
        if seen is not None and seen[:2] == (self.version, stamp):
            return seen[2]
        entries = self.load()
        _SEEN[str(self.folder)] = (self.version, stamp, entries)
        return entries

    def save_addressed(self, entries: dict) -> None:
        """Keep exactly `entries` of such values: only the parts whose keys differ from
        those this process last read or wrote (and found unchanged since) are written."""
        seen = _SEEN.get(str(self.folder))
        before = seen[2] if seen is not None and seen[:2] == (self.version, self.stamp()) else {}
        parts = {shard_of(key) for key in entries.keys() ^ before.keys()}
        if not parts:
            return
        self.save(entries, parts)
        _SEEN[str(self.folder)] = (self.version, self.stamp(), entries)
