"""Photos sent from the form: cleaned by intake.py, held aside until their story is saved.

An upload never writes into `content/`: it waits in the state folder
(`pending/<user>/anh-N.jpg`), under the name it will have beside the story. The
save that names it moves it beside the story, validated and committed with it.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from ..site.atomic import write_bytes_atomically
from .accounts import Account
from .desk import Desk, NotFound

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
NAME_RE = re.compile(r"anh-[0-9]{1,4}\.(jpg|jpeg|png|webp)")


class PhotoRefused(ValueError):
    """A photo not taken; the message says why, in Vietnamese."""


def pending_folder(desk: Desk, account: Account) -> Path:
    return desk.state / "pending" / account.user


def accept(desk: Desk, account: Account, target: str, data: bytes, content_type: str) -> dict[str, str]:
    """Clean `data` (intake.accept) and keep it for the story `target` ("new" or its path)."""
    from . import intake

    beside: Path | None = None
    if target != "new":
        story = desk.store.resolve(target)  # PathRefused outside content/
        if not story.is_file():
            raise PhotoRefused("Chưa có bài này: lưu bài trước, hoặc gửi ảnh cùng bài mới.")
        beside = story.parent
    try:
        cleaned, ext = intake.accept(data, content_type)
    except (ValueError, OSError) as exc:
        raise PhotoRefused(str(exc)) from None
    folder = pending_folder(desk, account)
    folder.mkdir(parents=True, exist_ok=True)
    ext = "." + ext.lstrip(".").lower()
    name = next(f"anh-{n}{ext}" for n in range(1, 10000) if not _taken(f"anh-{n}", folder, beside))
    write_bytes_atomically(folder / name, cleaned)
    return {"name": name, "url": f"/api/photo?pending={name}"}


def _taken(stem: str, *folders: Path | None) -> bool:
    return any(folder is not None and any(folder.glob(f"{stem}.*")) for folder in folders)


def claimed(desk: Desk, account: Account, rel: str, values: dict[str, Any]) -> dict[str, bytes]:
    """The pending photos the saved values name, as writes beside the story `rel`."""
    folder = pending_folder(desk, account)
    names = {v for v in values.values() if isinstance(v, str) and NAME_RE.fullmatch(v)}
    parent = PurePosixPath(rel).parent
    return {str(parent / n): (folder / n).read_bytes() for n in sorted(names) if (folder / n).is_file() and not (desk.root / str(parent / n)).exists()}


def release(desk: Desk, account: Account, written: dict[str, bytes]) -> None:
    """Forget pending photos once they are beside their story."""
    for rel in written:
        (pending_folder(desk, account) / PurePosixPath(rel).name).unlink(missing_ok=True)


def read(desk: Desk, account: Account, query: dict[str, str]) -> tuple[bytes, str]:
    """(bytes, content type) of one's own pending photo, or of a photo beside a story one may read."""
    if "pending" in query:
        name = query["pending"]
        if not NAME_RE.fullmatch(name):
            raise NotFound(name)
        return (pending_folder(desk, account) / name).read_bytes(), IMAGE_TYPES[Path(name).suffix.lower()]
    rel = query.get("path", "")
    path = desk.store.resolve(rel)
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None or not path.is_file():
        raise NotFound(rel)
    if account.role == "contributor":  # only beside a story of one's own
        from . import repo

        own = [p for p in path.parent.glob("*.md") if repo.creator(desk.root, desk.store.rel(p)) == account.user]
        if not own:
            raise NotFound(rel)
    return path.read_bytes(), kind
