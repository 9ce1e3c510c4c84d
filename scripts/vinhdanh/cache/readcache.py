"""Re-read only the stories that changed: per-file results of `reader`, kept between builds.

A story's result (its Exemplar or None, the diagnostics its read produced, the
files it counted) is reused while
* the file is the same (size, mtime, ctime, inode: ctime cannot be set back),
* every file its read looked at — photos, body images, and for a missing one the
  folder it was looked for in — is the same, and
* what it was checked against is the same: the registries (units, vocabulary),
  the campaigns it may name (slug, status, date), the year (award years) and
  which campaigns are public (hidden-campaign warnings), our code.
Then the diagnostics and the model are exactly those of a clean read. Checks
across files (unique slugs, quotas) always run over the whole set. Used by
`prepare()` (build, serve); `vinhdanh validate` reads everything afresh.

Cached in memory per project for `mkdocs serve` and in `.cache/read/` for
`vinhdanh build`, in shards (shards.py): an edit rewrites a sixteenth of it.
Each entry checks itself, so shards written by different builds mix safely.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from ..content import imagecheck
from ..content.model import Photo
from ..site.atomic import signature
from .incremental import Kept, Unhashable, inner_digest, package_key, sha
from .shards import Shards, shard_of

FOLDER = "read"  # .cache/read/stories/NN.pickle and .cache/read/images/NN.pickle (shards.py)
_memory: dict[str, ReadCache] = {}  # project root -> cache, within one process
_watching: list[list] | None = None  # files looked at by the read in progress


def looked_at(path: Path) -> None:
    """Called by the reader for every file whose existence or bytes shape a result."""
    if _watching is not None:
        _watching[-1].append(Path(path))


@contextlib.contextmanager
def _watch():
    global _watching
    outer = _watching
    _watching = (outer or []) + [[]]
    try:
        yield _watching[-1]
    finally:
        _watching = outer


def context_key(root: Path, units, vocabulary, campaign_slugs, campaigns: dict, today, hosts: tuple = ()) -> str:
    """What a story's read is checked against, besides its own files (`hosts`: the site's own and
    allowed image hosts, which make a body's outside image fine, a warning or an error)."""
    return sha(
        package_key(),
        str(root),
        repr(sorted(units.items())),
        repr(sorted(vocabulary.fields.items())),
        repr(sorted(vocabulary.awards.items())),
        repr(sorted(vocabulary.rules.items())),  # a proposal's eligibility warning depends on them
        repr(sorted(campaign_slugs)),
        repr(sorted((slug, c.status, c.date, c.rel_path, c.is_public(today)) for slug, c in campaigns.items())),
        str(today.year),
        repr([sorted(h) for h in hosts]),
    )


class ReadCache:
    VERSION = 3  # 2: entries keep their result's fingerprint; 3: as incremental.Kept

    def __init__(self, root: Path):
        version = (self.VERSION, package_key(root / ".cache" / "package-key.pickle"))
        self._stories = Shards(root / ".cache" / FOLDER / "stories", version)
        self._images = Shards(root / ".cache" / FOLDER / "images", version)
        self.entries: dict[str, tuple] = {}
        self._dirty: set[int] = set()  # shards of `entries` to write again
        self._dirty_images: set[int] = set()
        self.inspections: dict[str, tuple] = {}  # path -> (signature, imagecheck.inspect's result)
        self._stamp: tuple | None = None
        self._load()
        self.begin()

    def begin(self) -> None:
        """A new read of the project: its counts, and what it met, start empty."""
        self.hits = self.misses = 0
        self.digests: dict[int, tuple] = {}  # id -> (result, incremental.Kept), for this read
        self._inspected: set[str] = set()  # paths inspected by this read

    def _load(self) -> None:
        stamp = (self._stories.stamp(), self._images.stamp())
        if stamp == self._stamp:
            return
        self.entries, self.inspections = self._stories.load(), self._images.load()  # damaged or foreign: a slower build
        self._dirty, self._dirty_images = set(), set()
        self._stamp = stamp

    @property
    def changed(self) -> bool:
        return bool(self._dirty or self._dirty_images)

    def read(self, run, path: Path, key: str, read: Callable[[], object]):
        """`read()`'s result for `path`, from the cache when nothing it depends on changed.
        Its fingerprint without photos goes into `digests` (incremental.inner_digest)."""
        name = str(path)
        entry = self.entries.get(name)
        own = signature(path)
        if entry is not None and own is not None and entry[0] == own and entry[1] == key and all(signature(p) == s for p, s in entry[2]):
            _, _, _, result, diagnostics, files, digest = entry
            run.diagnostics.extend(diagnostics)
            run.files += files
            self.hits += 1
            self._note(result, digest)
            return result
        self.misses += 1
        before, files_before = len(run.diagnostics), run.files
        with _watch() as seen:
            result = read()
        deps = []
        for p in dict.fromkeys(seen):
            sig = signature(p)
            deps.append((p, sig))
            if sig is None:  # a missing file's hint lists its folder: watch the folder too
                deps.append((p.parent, signature(p.parent)))
        digest = self._digest_of(result)
        self._note(result, digest)
        if own is not None and own == signature(path):  # not edited while we read it
            self.entries[name] = (own, key, tuple(deps), result, tuple(run.diagnostics[before:]), run.files - files_before, digest)
            self._dirty.add(shard_of(name))
        return result

    @staticmethod
    def _digest_of(result) -> Kept | None:
        if result is None:
            return None
        try:
            return inner_digest(result, Photo)
        except Unhashable:
            return None

    def _note(self, result, kept: Kept | None) -> None:
        if kept is not None:
            self.digests[id(result)] = (result, kept)

    def inspect(self, path: Path):
        """`imagecheck.inspect(path)`, kept while the file is the same: the logo is
        checked on every read, and checking it loads the imaging library."""
        name, own = str(path), signature(path)
        self._inspected.add(name)
        hit = self.inspections.get(name)
        if own is not None and hit is not None and hit[0] == own:
            return hit[1]
        result = imagecheck.inspect(path)
        if own is not None and own == signature(path):
            self.inspections[name] = (own, result)
            self._dirty_images.add(shard_of(name))
        return result

    def keep_only(self, paths) -> None:
        """Forget the stories not among `paths`, and the images neither this read nor
        a kept story looked at (a story's photo is checked again when it is edited)."""
        wanted = {str(p) for p in paths}
        for name in [n for n in self.entries if n not in wanted]:
            del self.entries[name]
            self._dirty.add(shard_of(name))
        images = self._inspected | {str(p) for entry in self.entries.values() for p, _ in entry[2]}
        for name in [n for n in self.inspections if n not in images]:
            del self.inspections[name]
            self._dirty_images.add(shard_of(name))

    def save(self) -> None:
        """Write the shards this read changed: one story edited, one sixteenth."""
        if not self.changed:
            return
        try:
            self._stories.save(self.entries, self._dirty)
            self._images.save(self.inspections, self._dirty_images)
        except OSError:
            return  # read-only project: the next build reads everything again
        self._dirty, self._dirty_images = set(), set()
        self._stamp = (self._stories.stamp(), self._images.stamp())


def for_project(root: Path) -> ReadCache:
    cache = _memory.get(str(root))
    if cache is None:
        cache = _memory[str(root)] = ReadCache(root)
    else:
        cache._load()  # another process (a `vinhdanh build`) may have saved a newer one
        cache.begin()
    return cache


def inspect_known(root: Path, path: Path):
    """`imagecheck.inspect(path)`, from the last read of `root` when it inspected it."""
    cache = _memory.get(str(root))
    return cache.inspect(path) if cache is not None else imagecheck.inspect(path)
