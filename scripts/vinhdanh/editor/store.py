"""`content/` as Decap's local proxy sees it: confined paths, validated, atomic writes.

A save is checked before anything is written: the content tree is mirrored with
hard links into a scratch folder, the changed files are written there, and the
same reader (`reader.load`) reads the mirror. Errors in the files being saved,
or errors the change causes elsewhere (a deleted campaign a story still names),
refuse the save; otherwise each file is written atomically into `content/`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ..content.diagnostics import Diagnostic, sort_key
from ..content.reader import load
from ..records import record
from ..site.atomic import write_bytes_atomically

CONTENT = "content"


class PathRefused(ValueError):
    """A client path outside `content/`: never read, never written."""


@record
class Refusal(Exception):
    """A save the validator refused, with what it found."""

    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...] = ()


class Store:
    def __init__(self, root: Path, today: dt.date | None = None):
        self.root = root.resolve()
        self.content = self.root / CONTENT
        self.today = today

    # -- paths --------------------------------------------------------------------

    def resolve(self, rel: str) -> Path:
        """The file a client path names, only if it lies inside `content/`."""
        if not isinstance(rel, str) or not rel or "\0" in rel or "\\" in rel:
            raise PathRefused(f"đường dẫn không hợp lệ: {rel!r}")
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts or pure.parts[0] != CONTENT:
            raise PathRefused(f"chỉ được đọc, ghi trong thư mục content/: {rel!r}")
        path = (self.root / pure).resolve()
        if path != self.content and self.content not in path.parents:
            raise PathRefused(f"đường dẫn ra ngoài thư mục content/: {rel!r}")
        return path

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # -- reading --------------------------------------------------------------------

    def list_files(self, folder: str, extension: str, depth: int) -> list[str]:
        """Files under `folder` ending with `extension`, `depth` levels down (decap-server's listRepoFiles)."""
        base = self.resolve(folder)
        found: list[str] = []

        def walk(directory: Path, left: int) -> None:
            if left <= 0 or not directory.is_dir():
                return
            for child in sorted(directory.iterdir()):
                if child.name.startswith((".", "_")):  # what the reader skips, the editor does not list
                    continue
                if child.is_dir():
                    walk(child, left - 1)
                elif child.name.endswith(extension):
                    found.append(self.rel(child))

        walk(base, depth)
        return found

    def entry(self, rel: str) -> dict:
        try:
            data = self.resolve(rel).read_bytes()
        except OSError:
            return {"data": None, "file": {"path": rel, "id": None}}
        return {"data": data.decode("utf-8-sig"), "file": {"path": rel, "id": hashlib.sha256(data).hexdigest()}}

    def media_file(self, rel: str) -> dict:
        data = self.resolve(rel).read_bytes()
        return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64", "path": rel, "name": PurePosixPath(rel).name}

    # -- changing ---------------------------------------------------------------------

    def change(self, writes: dict[str, bytes], deletes: tuple[str, ...] = ()) -> list[Diagnostic]:
        """Validate, then apply: raises Refusal with the errors; returns the warnings of the saved files."""
        targets = {rel: self.resolve(rel) for rel in writes}
        for rel in deletes:
            self.resolve(rel)
        before = load(self.root, self.today).diagnostics
        with self._mirror(writes, deletes) as mirror:
            after = load(mirror, self.today).diagnostics
        saved = set(writes)
        known = {(d.path, d.code, d.message) for d in before if d.is_error}
        errors = [d for d in after if d.is_error and (d.path in saved or (d.path, d.code, d.message) not in known)]
        warnings = [d for d in after if not d.is_error and d.path in saved]
        if errors:
            raise Refusal(tuple(sorted(errors, key=sort_key)), tuple(sorted(warnings, key=sort_key)))
        # Photos first, the story last: a story is never on disk before the photo it names.
        for rel in sorted(writes, key=lambda r: r.endswith(".md")):
            write_bytes_atomically(targets[rel], writes[rel])
        for rel in deletes:
            self.resolve(rel).unlink(missing_ok=True)
        return sorted(warnings, key=sort_key)

    @contextmanager
    def _mirror(self, writes: dict[str, bytes], deletes: tuple[str, ...]) -> Iterator[Path]:
        """A scratch root whose content/ is content/ (hard links where possible) plus the change."""
        scratch_parent = self.root / ".cache"
        scratch_parent.mkdir(exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="edit-", dir=scratch_parent))
        try:
            mirror_tree(self.content, scratch / CONTENT)
            for rel in deletes:
                (scratch / rel).unlink(missing_ok=True)
            for rel, data in writes.items():
                target = scratch / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)  # a hard link: never write through it into content/
                target.write_bytes(data)
            yield scratch
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def mirror_tree(source: Path, target: Path) -> None:
    """`source` as the reader sees it, under `target`: files hard-linked (or copied), every
    symlink kept a symlink to the same place. The reader's walk (reading/run.py) never
    enters a symlinked folder; copying what one holds into the mirror made its files part
    of the check, and every save was refused for errors in files `validate` never reads.
    """
    for dirpath, dirnames, filenames in os.walk(source):  # never into a symlinked folder, as the reader
        here = target / Path(dirpath).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            if path.is_symlink():  # absolute: the mirror is elsewhere, a relative link would point elsewhere too
                os.symlink(os.path.realpath(path), here / name)
            elif name in filenames:
                _link_or_copy(str(path), str(here / name))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def refusal_text(refusal: Refusal) -> str:
    """What the author reads in the editor's notification: every error, where it is, how to fix it."""
    count = len(refusal.errors)
    lines = [f"Bài CHƯA được lưu: có {count} lỗi cần sửa (nội dung đang soạn vẫn còn nguyên trên màn hình)."]
    for d in refusal.errors:
        key = f" [{d.field}]" if d.field else ""
        lines.append(f"• {d.location()} {d.code}{key}: {d.message}")
        if d.hint:
            lines.append(f"  Gợi ý: {d.hint}")
    return "\n".join(lines)
