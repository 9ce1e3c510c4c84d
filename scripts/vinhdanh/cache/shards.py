"""Many small values by key in a few pickle files, so that a change rewrites one of them.

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


class Pack:
    """The store's small values of one kind (store.py): bodies, export items, reads.

    Loaded once per process while no shard changes on disk (`serve` rebuilds read
    none again). A build `get`s and `put`s; `save()` keeps what it used — found or
    put — and, while the pack then holds at most `room` entries, what earlier
    builds kept; only the shards whose entries changed are written.
    """

    def __init__(self, folder: Path, version, reuse: bool = True):
        self._shards = Shards(folder, version)
        self._known: dict = self._load() if reuse else {}  # shared with _SEEN: never changed in place
        self._used: dict = {}
        self._changed: set[int] = set()  # shards with a value put that differs from the known one

    def _load(self) -> dict:
        folder, stamp = str(self._shards.folder), self._shards.stamp()
        seen = _SEEN.get(folder)
        if seen is not None and seen[:2] == (self._shards.version, stamp):
            return seen[2]
        entries = self._shards.load()
        _SEEN[folder] = (self._shards.version, stamp, entries)
        return entries

    def __len__(self) -> int:
        return len(self._known.keys() | self._used.keys())

    def get(self, key: str, default=None):
        """The value of `key` (kept from now on), else `default`."""
        value = self._used.get(key, _NONE)
        if value is _NONE:
            value = self._known.get(key, _NONE)
            if value is _NONE:
                return default
            self._used[key] = value
        return value

    def peek(self, key: str, default=None):
        """The value of `key` without keeping it (it may still go at `save`)."""
        value = self._used.get(key, _NONE)
        return self._known.get(key, default) if value is _NONE else value

    def put(self, key: str, value) -> None:
        if self._known.get(key, _NONE) is not value:
            self._changed.add(shard_of(key))
        self._used[key] = value

    def save(self, room: int = 0) -> None:
        """Keep what this build used (see the class); raises OSError (read-only)."""
        entries = dict(self._used)
        if len(self._known.keys() | entries.keys()) <= room:
            entries = {**self._known, **entries}
        parts = self._changed | {shard_of(key) for key in entries.keys() ^ self._known.keys()}
        if parts:
            self._shards.save(entries, parts)
            _SEEN[str(self._shards.folder)] = (self._shards.version, self._shards.stamp(), entries)
        self._known, self._used, self._changed = entries, {}, set()


_NONE = object()


def forget() -> None:
    """Forget what this process read (tests: as a new process would start)."""
    _SEEN.clear()
