"""The section's files of a `mkdocs serve` process, kept between its rebuilds.

Every rebuild of `mkdocs serve` empties its site folder and builds it again. For the
section that meant, after a one-story edit, deleting and making again ~1,400
folders and ~5,000 files (the rmdir/mkdir alone took most of a rebuild). So the
section's folders live in a tree of the serve process (`.cache/pages/serve-*/site`),
and the served site folder holds a symbolic link to each of them: MkDocs' cleaning
leaves a link to a folder alone (Python's `shutil.rmtree` refuses symbolic links) or,
should it remove it, the link is simply made again; nothing in the tree is lost either
way. A rebuild then writes only the pages whose fingerprint changed
(assemble.write_pages with `kept`) and the extras again (feeds, blocks; the photos
and the search bundle keep what is already theirs).

The tree is emptied whenever the engine's output is made of other inputs (a page of
the hospital's, the configuration, our code): only then can the engine's own files
in the section's folders go stale. Nothing here imports the engine.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..cache.files import Files
from ..site import recycle, staging
from . import assemble


def write(tree: ServeTree, section, output: assemble.EngineOutput, site_dir: Path, engine_files: set[str]) -> None:
    """The section into the site folder of a `serve` rebuild, MkDocs' files being there."""
    kept = tree.kept if tree.prepare(section, output.key, site_dir, engine_files) else None
    store = Files(tree.claimed / "pages") if kept is None else None  # no links: pages linked from a store
    try:
        assemble.write_site(section, output, site_dir, None, store, fork=False, kept=kept, served=True)
    except BaseException:
        tree.forget()
        raise


class ServeTree:
    def __init__(self, claim: staging.Claim):
        self._claim = claim  # held while the serve process lives: another one's sweep spares it
        self.claimed = claim.path
        self.folder = claim.path / "site"
        self.key: str | None = None  # the engine key the tree was made with
        self.kept = assemble.KeptPages(engine_writes=True)

    def prepare(self, section, key: str, site_dir: Path, engine_files: set[str]) -> bool:
        """Link the section's folders from `site_dir` into the tree, and clear from the
        tree what the extras write again and the pages the section no longer has.
        False when no link can be made (the caller writes the section into `site_dir`)."""
        if key != self.key:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.kept, self.key = assemble.KeptPages(engine_writes=True), key
        self.folder.mkdir(parents=True, exist_ok=True)
        pages = {f"{spec.path}index.html" for spec in section.pages}
        tops = sorted({path.split("/", 1)[0] for path in pages if "/" in path})
        for top in tops:
            if not _linked(site_dir / top, self.folder / top):
                self.forget()
                return False
        recycled = (section.urls.images, section.urls.search_bundle)  # writers that keep what is theirs (photos/write.py, cache.files.Tree)
        present = recycle.clear(self.folder, tops, lambda rel: rel in pages or rel in engine_files or rel.startswith(recycled))
        self.kept.there = {rel: fp for rel, fp in self.kept.there.items() if rel in present and rel not in engine_files}
        for top in tops:  # a folder left empty goes: the link needs it
            (self.folder / top).mkdir(exist_ok=True)
        return True

    @classmethod
    def claim(cls, parent: Path) -> ServeTree:
        """A tree of this process alone in `parent` (one of a `serve` that died goes)."""
        staging.sweep(parent, "serve-")
        return cls(staging.claim(parent, "serve-"))

    def close(self) -> None:
        shutil.rmtree(self.claimed, ignore_errors=True)
        self._claim.release()

    def forget(self) -> None:
        """A rebuild that failed half-way: nothing in the tree is trusted."""
        self.key, self.kept = None, assemble.KeptPages(engine_writes=True)


def _linked(entry: Path, target: Path) -> bool:
    """`entry` (in the served folder) a link to `target`; what the engine wrote at
    `entry` itself (its first build, or a link its cleaning removed) moves into `target`."""
    if entry.is_symlink():
        if os.readlink(entry) == str(target):
            return True
        entry.unlink()
    elif entry.is_dir():
        _move_into(entry, target)
    elif entry.exists():  # a file of the engine's where the section has a folder: leave it be
        return False
    target.mkdir(parents=True, exist_ok=True)
    try:
        os.symlink(target, entry, target_is_directory=True)
    except OSError:  # no symbolic links here (Windows without the right)
        return False
    return True


def _move_into(source: Path, target: Path) -> None:
    if not target.exists():
        os.rename(source, target)
        return
    for dirpath, _, filenames in os.walk(source):
        rel = os.path.relpath(dirpath, source)
        os.makedirs(os.path.join(target, rel), exist_ok=True)
        for name in filenames:
            os.replace(os.path.join(dirpath, name), os.path.join(target, rel, name))
    shutil.rmtree(source, ignore_errors=True)
