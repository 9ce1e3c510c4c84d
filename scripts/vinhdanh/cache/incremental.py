"""What each output is made of, and the previous build's outputs to reuse.

A page's fingerprint hashes everything its HTML is made of: its PageSpec (title,
description, template, the stories, listings and campaign views in its context),
the photos those show (by content hash), the build date when its templates read
it, the digest of its shell (shells.py: everything the engine gives it), our
package's code and the site's settings. Same fingerprint, same bytes: the
page is reused instead of rendered. Anything the fingerprint cannot describe
(an unknown type in a context) makes the page render — when in doubt, rebuild.

Nothing here imports the engine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import json
import os
import shutil
import sys
import types
from pathlib import Path, PurePath
from typing import NamedTuple

from ..site.atomic import read_cache, write_cache
from .shards import Shards

PACKAGE = Path(__file__).resolve().parent.parent
# Third-party code whose output reaches a page, a feed or the search index.
_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown", "nh3", "lxml", "pillow", "pagefind", "pyyaml")


_SCALARS = (int, float, bool, type(None), bytes)
_FIELDS: dict[tuple, tuple[str, ...]] = {}


class Unhashable(TypeError):
    """A value the fingerprint cannot describe: its page is rendered, never reused."""


def sha(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


_PACKAGE_KEY: list[str] = []  # once per process


def package_key(kept_in: Path | None = None) -> str:
    """Our code, templates, assets and fonts, plus the versions of what renders with them.

    With `kept_in` (a file of the project's .cache/), the key is kept there with the
    signatures (size, mtime, ctime, inode) of those files and of the folders packages
    are installed in: while none changes, no byte of the package (2.6 MB with the
    fonts) is read again. Once known, the process's key is returned whatever is asked.
    """
    if not _PACKAGE_KEY:
        _PACKAGE_KEY.append(_kept_package_key(kept_in) if kept_in is not None else _package_key())
    return _PACKAGE_KEY[0]


def _package_signature() -> list:
    found = []
    for dirpath, dirnames, filenames in os.walk(PACKAGE):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            found.append([os.path.relpath(os.path.join(dirpath, name), PACKAGE), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    for folder in sys.path:  # installing, upgrading or removing a package changes its folder
        if os.path.basename(folder) in ("site-packages", "dist-packages"):
            with contextlib.suppress(OSError):
                st = os.stat(folder)
                found.append([folder, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    found.append([sys.version])
    return found


def _kept_package_key(store: Path) -> str:
    signature = _package_signature()
    kept = read_cache(store, {})  # missing or damaged: the package is read again
    if isinstance(kept, dict) and kept.get("signature") == signature and isinstance(kept.get("key"), str):
        return kept["key"]
    key = _package_key()
    if _package_signature() == signature:  # not changed while it was read
        with contextlib.suppress(OSError):
            write_cache(store, {"signature": signature, "key": key})
    return key


def _package_key() -> str:
    h = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    from importlib import metadata  # here: `vinhdanh validate` needs no package key

    for name in _DISTRIBUTIONS:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\0".encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def tree_key(*folders: Path) -> str:
    """Every file (name and bytes) under `folders`; a missing folder counts as empty."""
    h = hashlib.sha256()
    for folder in folders:
        h.update(f"[{folder}]".encode())
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath, name)
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b"\xff unreadable"
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def file_key(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


INNER_HIDDEN = ("body", "body_line")


class Kept(NamedTuple):
    """A value's fingerprint kept with its read (readcache.py)."""

    digest: str  # without extras or hidden fields
    inside: tuple  # the values with extras inside it (photos): their pixels may change while it does not
    hidden: str  # of its hidden fields (a story's body), for `whole`


def inner_digest(value, with_extras: type) -> Kept:
    """`value`'s fingerprint with no extras, and the `with_extras` values inside it.

    Kept with a value read once (readcache.py): `Fingerprints(known=...)` then hashes
    the value as this digest plus the extras of those inner values (a photo's pixels),
    which may change while the value does not.
    """
    inside: list = []

    def note(inner) -> str:
        if isinstance(inner, with_extras):
            inside.append(inner)
        return ""

    fps = Fingerprints(note, hidden=INNER_HIDDEN)
    digest = fps.of(value)
    return Kept(digest, tuple(inside), fps.hidden_of(value))


def _field_names(kind: type, hidden: tuple[str, ...]) -> tuple[str, ...]:
    names = _FIELDS.get((kind, hidden))
    if names is None:
        names = _FIELDS[(kind, hidden)] = tuple(f.name for f in dataclasses.fields(kind) if f.name not in hidden)
    return names


class Fingerprints:
    """Content hashes of model values, memoised per object for one build.

    `of(value)` leaves out the fields in `hidden` (a story's Markdown body): only the
    page of the story itself and the feeds show a body (templates get it as `body`,
    rendered for `spec.item` alone), so an edited body must not re-render every
    listing that shows the story's card. `whole(item)` is the item with its body
    and what `item_extra(item)` adds (its body images, its social card).
    `extra(value)` adds what a value's markup depends on beyond its fields (a
    photo's pixels): see `Section.fingerprints`.
    """

    def __init__(self, extra=None, item_extra=None, hidden: tuple[str, ...] = INNER_HIDDEN, known=None):
        self._memo: dict[int, tuple[str, object]] = {}  # id -> (hash, the object, kept alive)
        self._whole: dict[int, tuple[str, object]] = {}
        self._extra, self._item_extra, self._hidden = extra, item_extra, hidden
        # id -> (object, Kept): hashes kept from an earlier read (`inner_digest`), so
        # unchanged stories are not walked field by field again. An object not in it
        # is walked, as always.
        self._known: dict[int, tuple[object, Kept]] = known if known is not None and hidden == INNER_HIDDEN else {}

    def whole(self, item) -> str:
        if item is None:
            return "-"
        hit = self._whole.get(id(item))
        if hit is not None and hit[1] is item:
            return hit[0]
        digest = sha(self.of(item), self.hidden_of(item), self._item_extra(item) if self._item_extra else "")
        self._whole[id(item)] = (digest, item)
        return digest

    def hidden_of(self, item) -> str:
        """The fields `of` leaves out (a story's body)."""
        known = self._known.get(id(item))
        if known is not None and known[0] is item:
            return known[1].hidden
        return sha(*(self.of(getattr(item, name, None)) for name in self._hidden))

    def of(self, value) -> str:
        kind = type(value)
        if kind is str:
            return f"s{len(value)}:{value}"
        if kind in _SCALARS:
            return f"{kind.__name__}:{value!r}"
        hit = self._memo.get(id(value))
        if hit is not None and hit[1] is value:
            return hit[0]
        if isinstance(value, (dt.date, PurePath, enum.Enum)):
            return f"{kind.__name__}:{value!s}"
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            kept = known[1]
            digest = sha("known", kept.digest, *map(self._extra, kept.inside)) if self._extra is not None else kept.digest
        else:
            digest = sha(*self._parts(value))
        self._memo[id(value)] = (digest, value)
        return digest

    def _parts(self, value) -> list[str]:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}"
        if kind is list or kind is tuple:  # the commonest first: thousands per build
            return [name, *map(self.of, value)]
        if kind is dict:  # insertion order is rendering order
            of = self.of
            return [name, *(f"{of(k)}={of(v)}" for k, v in value.items())]
        names = _FIELDS.get((kind, self._hidden))
        if names is not None or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
            names = names or _field_names(kind, self._hidden)
            of, parts = self.of, [name]
            for n in names:  # `of` inlined for the plain fields: most of them, thousands of stories
                v = getattr(value, n)
                t = type(v)
                parts.append(f"s{len(v)}:{v}" if t is str else f"{t.__name__}:{v!r}" if t in _SCALARS else of(v))
            if self._extra is not None:
                parts.append(self._extra(value))
            return parts
        if isinstance(value, (list, tuple)):
            return [name, *map(self.of, value)]
        if isinstance(value, dict):
            return [name, *(f"{self.of(k)}={self.of(v)}" for k, v in value.items())]
        if isinstance(value, (set, frozenset)):
            return [name, *sorted(map(self.of, value))]
        if isinstance(value, functools.partial):
            return [name, self.of(value.func), self.of(value.args), self.of(value.keywords)]
        if isinstance(value, types.MethodType):
            return [name, self.of(value.__func__), self.of(value.__self__)]
        if hasattr(value, "__html__"):  # Markup
            return [name, str(value)]
        raise Unhashable(f"cannot fingerprint {name}")


# -- the store of built pages ---------------------------------------------------------


def link(source: Path | str, dest: Path | str) -> None:
    """`dest` as a hard link to `source` (a copy across file systems); never over a file."""
    try:
        os.link(source, dest)
    except FileNotFoundError:  # a page's folder is made when the page is
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.link(source, dest)
    except FileExistsError:
        raise
    except OSError:
        if os.path.exists(dest):
            raise FileExistsError(dest) from None
        shutil.copyfile(source, dest)


MANIFEST = "manifest.pickle"


class PageStore:
    """Pages of earlier builds, one file per fingerprint, in `.cache/pages/<flavour>/`.

    A reused page is hard-linked into the new site (copied across file systems):
    no byte is rendered or written again. Safe because nobody writes these files
    in place: assemble.py writes a page as a new file, into a fresh (or freshly
    emptied) folder; the store takes in a new page by linking it after the build.
    A store file is trusted while its size and mtime are those it was stored with.
    `reuse=False` (a full rebuild) renders every page but still fills the store.
    """

    VERSION = 2  # 2: the manifest is a pickle

    def __init__(self, folder: Path, reuse: bool = True):
        self.folder = folder
        self.reused = self.rendered = 0
        self._known: dict[str, list[int]] = {}
        self._used: set[str] = set()
        self._new: dict[str, Path] = {}
        if not reuse:
            return
        data = read_cache(folder / MANIFEST, {})
        if isinstance(data, dict) and data.get("version") == self.VERSION and isinstance(data.get("pages"), dict):
            self._known = data["pages"]

    def _file(self, fp: str) -> Path:
        return self.folder / fp[:2] / f"{fp}.html"

    def has(self, fp: str) -> bool:
        """Whether an earlier build stored the page of `fp` (`place` still checks the file)."""
        return fp in self._known

    def place(self, fp: str, dest: Path | str) -> bool:
        """Put the page built from `fp` at `dest`; False when there is none to trust."""
        return self.place_all([(fp, dest)])[0]

    def place_all(self, pages: list[tuple[str, Path | str]], count: bool = True) -> list[bool]:
        """`place` for many pages (threads were measured: no faster, the disk's journal
        is the cost). `count=False`: an output that is no page (the sitemap)."""
        done = [self._place_one(page) for page in pages]
        for (fp, _), ok in zip(pages, done, strict=False):
            if ok:
                self._used.add(fp)
                self.reused += count
        return done

    def _place_one(self, page: tuple[str, Path | str]) -> bool:
        fp, dest = page
        known = self._known.get(fp)
        if known is None:
            return False
        source = f"{self.folder}{os.sep}{fp[:2]}{os.sep}{fp}.html"  # strings: a thousand pages an edit
        try:
            st = os.stat(source)
        except OSError:
            return False
        if [st.st_size, st.st_mtime_ns] != known:
            return False
        try:
            link(source, dest)
        except OSError:
            return False
        return True

    def keep(self, fp: str) -> None:
        """The page of `fp` is in the site already (kept in place): keep it in the store too."""
        if fp in self._known:
            self._used.add(fp)
            self.reused += 1

    def written(self, fp: str, path: Path, count: bool = True) -> None:
        """This page was rendered and written: keep it after the build."""
        self._new[fp] = path
        self.rendered += count

    def commit(self) -> None:
        """Keep this build's pages (and only them) for the next build."""
        pages: dict[str, list[int]] = {}
        for fp in self._used:
            pages[fp] = self._known[fp]
        for fp, path in self._new.items():
            target = self._file(fp)
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                try:
                    os.link(path, temp)
                except OSError:
                    shutil.copy2(path, temp)
                os.replace(temp, target)
                st = os.stat(target)
            except OSError:
                temp.unlink(missing_ok=True)
                continue
            pages[fp] = [st.st_size, st.st_mtime_ns]
        if pages != self._known or not (self.folder / MANIFEST).exists():
            write_cache(self.folder / MANIFEST, {"version": self.VERSION, "pages": pages})
        self._known = pages
        _prune_pages(self.folder, pages)


def _prune_pages(folder: Path, pages: dict) -> None:
    """Delete the store's pages not in `pages` (strings and scandir: a thousand files)."""
    try:
        subs = [entry.path for entry in os.scandir(folder) if entry.is_dir()]
    except OSError:
        return
    for sub in subs:
        with os.scandir(sub) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".html") and name[:-5] not in pages:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(entry.path)


def _files_under(folder: Path) -> set[str]:
    """Paths (with "/") of the files and links under `folder`, relative to it."""
    found: set[str] = set()
    top = str(folder)
    for dirpath, _, filenames in os.walk(top):
        prefix = os.path.relpath(dirpath, top).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found.update(prefix + name for name in filenames)
    return found


class BundleStore:
    """A whole folder of output (the search index) kept under its key in `folder`.

    Only the last bundle is kept; it is linked file by file into a new site, whose
    folder nobody else writes to.
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def fetch(self, key: str, dest: Path) -> bool:
        """Link the bundle of `key` into `dest`. Files already there (a recycled site
        folder) stay when they are the stored ones; any other file there goes."""
        source = self.folder / key
        try:
            listing = json.loads((source / ".files.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            shutil.rmtree(dest, ignore_errors=True)
            return False
        present = _files_under(dest)
        # Plain strings and one stat per side: a bundle is a thousand files.
        src, out = f"{source}{os.sep}", f"{dest}{os.sep}"
        try:
            for rel, size, mtime in listing:
                st = os.stat(src + rel)
                if (st.st_size, st.st_mtime_ns) != (size, mtime):
                    raise FileNotFoundError(rel)
                if rel in present:
                    present.discard(rel)
                    there = os.lstat(out + rel)
                    if (there.st_ino, there.st_dev) == (st.st_ino, st.st_dev):
                        continue
                    os.unlink(out + rel)
                link(Path(src + rel), Path(out + rel))
            for rel in present:
                os.unlink(out + rel)
        except OSError:
            shutil.rmtree(dest, ignore_errors=True)  # half a bundle is no bundle: build it
            return False
        return True

    def keep(self, key: str, bundle: Path) -> None:
        target = self.folder / key
        if target.is_dir():
            return
        temp = self.folder / f".{key}.{os.getpid()}.tmp"
        shutil.rmtree(temp, ignore_errors=True)
        listing = []
        try:
            for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
                rel = path.relative_to(bundle).as_posix()
                link(path, temp / rel)
                st = os.stat(temp / rel)
                listing.append([rel, st.st_size, st.st_mtime_ns])
            (temp / ".files.json").write_text(json.dumps(listing), encoding="utf-8")
            os.rename(temp, target)
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
            return
        for old in self.folder.iterdir():
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)


class FragmentCache:
    """Rendered pieces of one output (an item of the export), by fingerprint, kept
    between builds in the shards of folder `path` (shards.py: a changed item
    rewrites a sixteenth) and, within one process (serve), in memory. A build that
    asks for none of a piece drops it on `save()`; `reuse=False` (a full rebuild)
    makes every piece again but still saves.
    """

    VERSION = 3  # 3: pieces are bytes

    def __init__(self, path: Path, reuse: bool = True):
        self.path = path
        self._store = Shards(path, self.VERSION)
        self._known: dict[str, bytes] = self._store.load_addressed() if reuse else {}
        self._used: dict[str, bytes] = {}
        self.made = 0

    def get(self, key: str | None, make) -> bytes:
        """The piece of `key`, made by `make()` when no earlier build kept it (`key` None: never kept)."""
        if key is None:
            self.made += 1
            return make()
        piece = self._used.get(key)
        if piece is None:
            piece = self._known.get(key)
            if piece is None:
                piece = make()
                self.made += 1
            self._used[key] = piece
        return piece

    def save(self) -> None:
        self._store.save_addressed(self._used)
