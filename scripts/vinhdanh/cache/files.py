"""Outputs kept as files and linked into a new site: one per key (`Files`: pages,
feeds), or a folder per key (`Tree`: the search bundle). Part of the store (store.py).

A reused output is hard-linked into the new site (copied across file systems): no
byte is rendered or written again. Safe because nobody writes these files in place:
a site's writers write a new file into a fresh (or freshly emptied) folder; the
store takes a new output in by linking it after the build.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path

from ..site.atomic import link_atomically, read_cache, write_cache


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


class Files:
    """Outputs of earlier builds (pages, feeds), one file per key, in `folder`.

    A file is trusted while its size and mtime are those it was stored with.
    `reuse=False` (a full rebuild) renders every page but still fills the store.
    """

    VERSION = 2  # 2: the manifest is a pickle

    def __init__(self, folder: Path, reuse: bool = True):
        self.folder = folder
        self.reuse = reuse  # what else a page's key is made from may be taken from earlier builds too (contexts.py)
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

    def place(self, fp: str, dest: Path | str) -> bool:
        """Link the output of `fp` to `dest`; False when there is none to trust. One at a
        time: threads were measured, no faster (the disk's journal is the cost)."""
        known = self._known.get(fp)
        if known is None:
            return False
        source = f"{self.folder}{os.sep}{fp[:2]}{os.sep}{fp}.html"  # strings: a thousand pages an edit
        try:
            st = os.stat(source)
            if [st.st_size, st.st_mtime_ns] != known:
                return False
            link(source, dest)
        except OSError:
            return False
        self._used.add(fp)
        return True

    def knows(self, fp: str) -> bool:
        """Whether the store may have the output of `fp` (`place` checks its file)."""
        return fp in self._known

    def keep(self, fp: str) -> None:
        """The output of `fp` is in the site already (kept in place): keep it in the store too."""
        if fp in self._known:
            self._used.add(fp)

    def written(self, fp: str, path: Path) -> None:
        """This output was made and written: keep it after the build."""
        self._new[fp] = path

    def commit(self) -> None:
        """Keep this build's pages (and only them) for the next build."""
        pages: dict[str, list[int]] = {}
        for fp in self._used:
            pages[fp] = self._known[fp]
        for fp, path in self._new.items():
            target = self._file(fp)
            try:
                st = os.stat(target)
                there = os.path.samestat(st, os.stat(path))  # a page a full build left as it was: two stats, no writes
            except OSError:
                there = False
            if not there:
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    link_atomically(path, target)
                    st = os.stat(target)
                except OSError:
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


class Tree:
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
        # Plain strings and one stat per side: a bundle is a thousand files. A file there
        # that is the stored one as stored (inode, device, size, mtime) is not looked for
        # in the store: one stat, not two (a recycled site folder has all of them).
        src, out = f"{source}{os.sep}", f"{dest}{os.sep}"
        try:
            for rel, size, mtime, *identity in listing:
                if rel in present:
                    present.discard(rel)
                    there = os.lstat(out + rel)
                    if identity == [there.st_ino, there.st_dev] and (there.st_size, there.st_mtime_ns) == (size, mtime):
                        continue
                    os.unlink(out + rel)
                st = os.stat(src + rel)
                if (st.st_size, st.st_mtime_ns) != (size, mtime):
                    raise FileNotFoundError(rel)
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
                listing.append([rel, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev])
            (temp / ".files.json").write_text(json.dumps(listing), encoding="utf-8")
            os.rename(temp, target)
        except OSError:
            shutil.rmtree(temp, ignore_errors=True)
            return
        for old in self.folder.iterdir():
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)
