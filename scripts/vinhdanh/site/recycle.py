"""A site folder two builds old, used again for the next build instead of deleted.

Deleting the site a build replaced (~1,400 folders, ~5,000 files) and making the next
one's folders again is most of a one-story rebuild on a journalling file system, and
the deletion, running behind the build, slowed the build after it too. So the site
that leaves the rollback slot (build.py: `_keep_previous`) becomes the *spare*, and
the next build takes it as its staging folder: the pages whose fingerprint is the
one recorded for that folder stay where they are, the engine's files that are still
the engine's stay, and everything else goes (`clear`) and is written again as into an
empty folder. Every writer replaces a file rather than writing into it (a site's
files are hard links shared with `.cache/` and with other sites), and the writers
that keep files of their own in a folder (the photos, the search bundle) check them.

Safe because nobody writes into a site folder once it is built: a swap and a
rollback only rename. A folder whose record is missing (another version, another
process) is not used. Nothing here imports the engine.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..deploy import history
from . import staging
from .atomic import read_cache, write_cache

RECORDS = "sites"  # in .cache/pages/: a file per site folder (by identity), {page file: (fingerprint, inode, mtime)}
KEPT_RECORDS = 4  # live, previous, spare, the one being built


def spare_of(root: Path, target: Path) -> Path:
    """Beside the rollback slot (swap.previous_of): the same file system as the site."""
    return root / ".vinhdanh" / "spare-sites" / staging.site_key(target)


def _record_file(root: Path, folder: Path) -> Path:
    """The record of `folder`, by its identity (history.identity); OSError when it is gone."""
    # One file per folder: a build reads the spare's record and writes its own (180 KB
    # at 1,000 stories), not the four folders' in one file, read twice and written whole.
    identity = history.identity(folder)
    if identity is None:
        raise FileNotFoundError(folder)
    return root / ".cache" / "pages" / RECORDS / f"{identity.replace(':', '-')}.pickle"


def record_of(root: Path, folder: Path) -> dict | None:
    """The record of the pages in `folder`, when there is one."""
    try:
        record = read_cache(_record_file(root, folder))
    except OSError:  # no such folder
        return None
    return record if isinstance(record, dict) else None


def record(root: Path, folder: Path, pages: dict[str, str], unchanged: dict | None = None) -> None:
    """Which page (by fingerprint) is in each page file of the just built `folder`, with
    the file's inode and mtime: a file replaced since (`mkdocs build` into the folder)
    is not taken for the page (`kept_pages`). `unchanged`: entries of the folder's last
    record that `kept_pages` found true and no writer touched since (those of a page
    still of the same fingerprint), taken as they are, not looked at again."""
    unchanged = unchanged or {}
    found = {}
    for rel, fp in pages.items():
        entry = unchanged.get(rel)
        if entry is not None and entry[0] == fp:
            found[rel] = entry
            continue
        with contextlib.suppress(OSError):
            st = os.lstat(f"{folder}{os.sep}{rel}")
            found[rel] = (fp, st.st_ino, st.st_mtime_ns)
    path = _record_file(root, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    with staging.held(path.parent):
        with contextlib.suppress(OSError):
            write_cache(path, found)
        _prune_records(path.parent)


def copy_record(root: Path, source: Path, folder: Path, dropped: set[str]) -> None:
    """`folder`, holding `source`'s files (the same inodes), takes `source`'s record but
    for the `dropped` pages, written anew (bodyedit.py)."""
    found = record_of(root, source)
    if found is None:
        return
    path = _record_file(root, folder)
    with staging.held(path.parent):
        with contextlib.suppress(OSError):
            write_cache(path, {rel: entry for rel, entry in found.items() if rel not in dropped})
        _prune_records(path.parent)


def _prune_records(folder: Path) -> None:
    """The newest KEPT_RECORDS records stay; the folders of the others are gone or unused."""
    with contextlib.suppress(OSError):
        records = sorted((entry.stat().st_mtime_ns, entry.path) for entry in os.scandir(folder) if entry.name.endswith(".pickle"))
        for _, old in records[:-KEPT_RECORDS]:
            os.unlink(old)


def kept_pages(folder: Path, recorded: dict, present: set[str]) -> dict[str, str]:
    """The recorded pages still in `folder` as they were written: page file -> fingerprint."""
    there = {}
    for rel in present & recorded.keys():
        fp, ino, mtime = recorded[rel]
        with contextlib.suppress(OSError):
            st = os.lstat(f"{folder}{os.sep}{rel}")
            if (st.st_ino, st.st_mtime_ns) == (ino, mtime):
                there[rel] = fp
    return there


def take(root: Path, target: Path, prefix: str) -> tuple[staging.Claim, dict] | None:
    """This build's staging folder beside `target`, held, and the record of the pages in
    it: the spare site, or when there is none with a record (a project's second and
    third builds, or records gone with `.cache/`), a new folder holding the live site's
    files, linked (`_link_tree`: the live site's record holds for them, the same inodes).
    None: an empty folder is the build's."""
    spare = spare_of(root, target)
    pages = record_of(root, spare) if spare.is_dir() else None
    live = record_of(root, target) if target.is_dir() else None
    if isinstance(live, dict) and not isinstance(pages, dict):
        claim = staging.claim(target.parent, prefix)
        try:
            _link_tree(str(target), str(claim.path))
        except OSError:  # no hard links here: what was linked is checked as a spare's files are
            return claim, {}
        return claim, live
    if not spare.is_dir():
        return None
    adopted = staging.adopt(spare, target.parent, prefix)
    if adopted is None:  # another build is taking it
        return None
    return adopted, pages if isinstance(pages, dict) else {}  # no record: every page is written again


def _link_tree(source: str, dest: str) -> None:
    """Every file under `source` hard-linked at the same place under the existing `dest`
    (what `cp -al` does: 1,400 folders and 3,600 files in ~0.15 s, where writing the
    pages again into an empty folder took ~0.5 s). Writers replace a site's files, never
    write into them (module docstring), so the live site is not touched through them."""
    with os.scandir(source) as entries:
        for entry in entries:
            there = f"{dest}{os.sep}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                os.mkdir(there)
                _link_tree(entry.path, there)
            elif entry.is_symlink():
                os.symlink(os.readlink(entry.path), there)
            else:
                os.link(entry.path, there)


def keep_spare(old_site: Path, root: Path, target: Path, discard) -> bool:
    """`old_site` becomes the spare (`discard(path)` deletes an older one without making
    this build wait); False when it cannot be moved there."""
    spare = spare_of(root, target)
    spare.parent.mkdir(parents=True, exist_ok=True)
    with staging.held(spare.parent):
        if spare.exists():
            discard(spare)
        try:
            os.rename(old_site, spare)
        except OSError:
            return False
    return True


def clear(folder: Path, tops: list[str], keep) -> set[str]:
    """Delete the files under `folder`'s `tops` that `keep(rel)` does not keep, and the
    folders left empty; return the relative paths of the files left."""
    present: set[str] = set()
    root = str(folder)
    for top in tops:
        top_path = os.path.join(root, top)
        if not os.path.isdir(top_path) or os.path.islink(top_path):
            if keep(top):
                present.add(top)
            elif os.path.lexists(top_path):
                os.unlink(top_path)
            continue
        inside = len(root) + 1  # os.walk's paths start with `root`: a slice, not a relpath() per folder
        for dirpath, _, filenames in os.walk(top_path, topdown=False):
            prefix = dirpath[inside:].replace(os.sep, "/") + "/"
            kept_here = False
            for name in filenames:
                rel = prefix + name
                if keep(rel):
                    present.add(rel)
                    kept_here = True
                else:
                    os.unlink(os.path.join(dirpath, name))
            if not kept_here:
                with contextlib.suppress(OSError):  # not empty: a sub-folder kept files
                    os.rmdir(dirpath)
    return present
