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

Kept in the store (store.py) as two packs, `read-stories` and `read-images` (loaded
once per process while unchanged on disk: `mkdocs serve`): an edit rewrites a
sixteenth. Each entry checks itself, so shards written by different builds mix safely.
The reader tells what it looked at through `Run.looked` (content/reading/run.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from ..content import imagecheck
from ..content.model import Photo
from ..content.reading.halves import applied, captured, in_halves
from ..site.atomic import signature
from .fingerprints import Kept, Unhashable, inner_digest
from .store import Store

VERSION = 4  # 2: entries keep their result's fingerprint; 3: as fingerprints.Kept; 4: in the store


class ReadCache:
    """One read of a project through the store: `read` a story, `inspect` an image,
    `save` when done. `digests` holds the fingerprints of what it read, by id."""

    def __init__(self, store: Store):
        self.store = store
        self._stories = store.pack("read-stories", VERSION)
        self._images = store.pack("read-images", VERSION)
        self.hits = self.misses = 0
        self.digests: dict[int, tuple] = {}  # id -> (result, fingerprints.Kept), for this read
        self._checked: dict[str, tuple] = {}  # images checked afresh by the story being read
        self.afresh: set[Path] = set()  # the story files not kept, read now (edited)

    def context_key(self, root: Path, units, vocabulary, campaign_slugs, campaigns: dict, today, hosts: tuple = ()) -> str:
        """What a story's read is checked against, besides its own files (`hosts`: the site's own and
        allowed image hosts, which make a body's outside image fine, a warning or an error)."""
        return self.store.key(
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

    def read_all(self, run, paths: list[Path], key: str, read: Callable[[Path], object]) -> list:
        """`read(path)`'s result for each of `paths`, in order, from the cache when nothing
        it depends on changed; the others are read afresh, on both cores when there are
        many (content/reading/halves.py: a cold build). Their diagnostics go into `run` in
        file order, their fingerprints without photos into `digests`."""
        kept = {path: entry for path in paths if (entry := self._kept(path, key)) is not None}
        todo = [path for path in paths if path not in kept]
        made = dict(zip(todo, in_halves(todo, lambda part: [self._made(run, path, read) for path in part]), strict=True))
        return [self._reuse(run, kept[path]) if path in kept else self._keep(run, path, key, made[path]) for path in paths]

    def _kept(self, path: Path, key: str) -> tuple | None:
        entry = self._stories.peek(str(path))
        own = signature(path)
        if entry is not None and own is not None and entry[0] == own and entry[1] == key and all(signature(p) == s for p, s in entry[2]):
            return self._stories.get(str(path))
        return None

    def _reuse(self, run, entry: tuple):
        _, _, deps, result, diagnostics, files, digest = entry
        applied(run, diagnostics, files)
        self.hits += 1
        self._note(result, digest)
        for p, _ in deps:
            self._images.get(str(p))  # a kept story's images stay known
        return result

    def _made(self, run, path: Path, read: Callable[[Path], object]) -> tuple:
        """A fresh read of `path` as an entry, its diagnostics taken out of `run` (in the
        forked child too: everything it did travels in the entry, the images it checked
        afresh included)."""
        own = signature(path)
        run.looked, outer = [], run.looked
        self._checked, checked = {}, self._checked
        try:
            result, diagnostics, files = captured(run, functools.partial(read, path))
            seen, fresh = run.looked, self._checked
        finally:
            run.looked, self._checked = outer, checked
        deps = []
        for p in dict.fromkeys(seen):
            sig = signature(p)
            deps.append((p, sig))
            if sig is None:  # a missing file's hint lists its folder: watch the folder too
                deps.append((p.parent, signature(p.parent)))
        edited = own is None or own != signature(path)  # edited while we read it: not kept
        return (own, tuple(deps), result, tuple(diagnostics), files, self._digest_of(result), fresh, edited)

    def _keep(self, run, path: Path, key: str, made: tuple):
        own, deps, result, diagnostics, files, digest, fresh, edited = made
        self.misses += 1
        applied(run, diagnostics, files)
        self._note(result, digest)
        self.afresh.add(path)
        for name, check in fresh.items():
            self._images.put(name, check)
        if not edited:
            self._stories.put(str(path), (own, key, deps, result, diagnostics, files, digest))
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
        hit = self._images.get(name)
        if own is not None and hit is not None and hit[0] == own:
            return hit[1]
        result = imagecheck.inspect(path)
        if own is not None and own == signature(path):
            self._images.put(name, (own, result))
            self._checked[name] = (own, result)  # a story's read afresh carries it (_made)
        return result

    def save(self) -> None:
        """Keep the stories this read met, and the images it or a kept story looked at
        (a story's photo is checked again when it is edited): one story edited, one
        sixteenth written."""
        try:
            self._stories.save()
            self._images.save()
        except OSError:
            return  # read-only project: the next build reads everything again


class KeptImageChecks:
    """The image checks the last build kept (`read-images`), for a read that keeps none:
    `vinhdanh validate` decodes no photo a build already checked, and writes nothing."""

    def __init__(self, root: Path):
        store = Store.kept(Path(root).resolve() / ".cache")
        # Empty when no build kept any, or our code changed since: every photo is checked afresh.
        self._entries = store.pack("read-images", VERSION) if store is not None else None

    def __call__(self, path: Path):
        """`imagecheck.inspect(path)` as kept, while the file is the one checked; else None."""
        hit = self._entries.peek(str(path)) if self._entries is not None else None
        if hit is None:
            return None
        own = signature(path)
        return hit[1] if own is not None and hit[0] == own else None


def for_project(root: Path) -> ReadCache:
    """A read of the project at `root` through its store (`.cache/` beside `content/`)."""
    return ReadCache(Store(Path(root).resolve() / ".cache"))
