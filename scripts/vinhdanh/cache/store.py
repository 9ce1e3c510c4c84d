"""The one store of everything a build reuses, under the project's `.cache/objects/`.

Every reused output lives here by kind, under a key that is the hash of what it is
made of (keys.py, fingerprints.py), our package mixed into every key (`Store.key`):

* files, linked into the new site (pages, feeds): `Files`, objects/<kind>/<k[:2]>/<k>;
* a folder of files (the search bundle): `Tree`, objects/<kind>/<k>/;
* many small values (bodies, export items, story reads, related stories): `Pack`,
  objects/<kind>/NN.pickle in sixteen shards, so that an edit rewrites a sixteenth;
* one value (the logo, the engine's output): `get`/`put`, objects/<kind>/<k>.pickle.

One prune policy for all: a kind keeps what the build that last saved it used (a
`Pack` may keep older entries while it holds at most `room`). Every write is whole or
absent (site/atomic.py); a missing, damaged or foreign object is no object: the store
only ever saves work. Photos keep their own content-addressed files (photos/cache.py)
and compiled templates Jinja's own (keyed by name and source checksum).
Nothing here imports the engine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..site.atomic import read_cache, write_cache
from .files import Files, Tree
from .keys import known_package_key, package_key, sha
from .shards import Pack

__all__ = ["Files", "Pack", "Store", "Tree"]

T = TypeVar("T")
VERSION = "1"  # of the layout: a new one changes every key
OBJECTS = "objects"
PACKAGE_KEY = "package-key.pickle"  # under objects/: the package key with the signature it was made for


class Store:
    """The project's store: `root` is its `.cache/` folder."""

    def __init__(self, root: Path, package: str | None = None):
        self.root = Path(root)
        self.objects = self.root / OBJECTS
        if package is None:
            package = package_key(self.objects / PACKAGE_KEY)
            _drop_legacy(self.root)
        self.package = package  # our code: in every key

    @classmethod
    def kept(cls, root: Path) -> Store | None:
        """The store a build left at `root`, to read only (`vinhdanh validate` writes no
        cache): nothing hashed, nothing written or removed. None when no build kept its
        package key there, or our code changed since (every key would miss)."""
        package = known_package_key(Path(root) / OBJECTS / PACKAGE_KEY)
        return cls(root, package) if package is not None else None

    def key(self, *parts: str) -> str:
        """The key of an output made of `parts` by this package."""
        return sha(VERSION, self.package, *parts)

    def folder(self, kind: str) -> Path:
        return self.objects / kind

    def files(self, kind: str, reuse: bool = True) -> Files:
        """Outputs of `kind` linked into a site by key (`reuse=False`: none taken, all kept)."""
        return Files(self.folder(kind), reuse)

    def tree(self, kind: str) -> Tree:
        return Tree(self.folder(kind))

    def pack(self, kind: str, version: object = 0, reuse: bool = True) -> Pack:
        """Small values of `kind` by key; `version` is the format of its values."""
        return Pack(self.folder(kind), (VERSION, self.package, version), reuse)

    def get(self, kind: str, key: str, default=None):
        """The one value of `kind` put with `key`, else `default`."""
        value = read_cache(self.folder(kind) / f"{key}.pickle", _MISSING)
        return default if value is _MISSING else value

    def made(self, kind: str, key: str | None, make: Callable[[], T], kind_of: type[T], reuse: bool = True) -> T:
        """The one value of `kind` kept under `key` (while `reuse`, and of type `kind_of`),
        else `make()`, kept there for the next build; with no `key`, made and not kept."""
        value = self.get(kind, key) if key is not None and reuse else None
        if not isinstance(value, kind_of):
            value = make()
            if key is not None:
                self.put(kind, key, value)
        return value

    def put(self, kind: str, key: str, value) -> None:
        """`value` as the one value of `kind`: what an earlier build put goes."""
        folder = self.folder(kind)
        with contextlib.suppress(OSError):  # a read-only project: the next build makes it again
            write_cache(folder / f"{key}.pickle", value)
            for old in os.scandir(folder):
                if old.name.endswith(".pickle") and old.name != f"{key}.pickle":
                    os.unlink(old.path)


_MISSING = object()
# The caches before the store, each in its own folder and format: gone on the first build
# with the store (a hundred megabytes at a thousand stories, never read again); and the
# site records' one file, now one per site folder (site/recycle.py).
LEGACY = ("read", "bodies", "related.pickle", "logo", "search", "feeds", "export-items", "engine", "package-key.pickle", "pages/build", "pages/sites.pickle")


def _drop_legacy(root: Path) -> None:
    for name in LEGACY:
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            with contextlib.suppress(OSError):
                os.unlink(path)
