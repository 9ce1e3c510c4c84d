"""Imported cards and photos, through the project's photo pipeline: oriented, sRGB, no metadata.

A unit's image is re-encoded here, never copied: nothing but pixels reaches the
department's site, and readers' browsers load it from the department, not the unit.
Files are named by the hash of what was written (`.vinhdanh/media/ab/abcdef….jpg`):
the same image from two sources, or from two imports, is stored once.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from pathlib import Path

from PIL import Image

from ..photos import decode
from ..photos import settings as S
from ..photos.probe import probe
from ..site.atomic import write_atomically

THUMB_WIDTH = 400  # what a listing card shows (the unit's own cards use 400 too)


def media_dir(root: Path) -> Path:
    return root / ".vinhdanh" / "media"


def media_file(root: Path, name: str) -> Path:
    return media_dir(root) / name[:2] / name


def store(root: Path, data: bytes) -> dict:
    """Re-encode `data` as a full JPEG and a THUMB_WIDTH one; {file, thumb, width, height}."""
    with tempfile.NamedTemporaryFile(suffix=".img", dir=_tmp(root)) as temp:
        temp.write(data)
        temp.flush()
        info = probe(Path(temp.name))
        image = decode.load(Path(temp.name), info.orientation, (info.width, info.height))
    full = _jpeg(image)
    thumb_image = image
    if image.width > THUMB_WIDTH:
        height = max(1, round(image.height * THUMB_WIDTH / image.width))
        thumb_image = image.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
    thumb = _jpeg(thumb_image)
    return {"file": _put(root, full), "thumb": _put(root, thumb), "width": image.width, "height": image.height}


def _jpeg(image: Image.Image) -> bytes:
    if image.mode != "RGB":
        flat = Image.new("RGB", image.size, (255, 255, 255))
        flat.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
        image = flat
    out = io.BytesIO()
    image.save(out, "JPEG", quality=S.JPEG_QUALITY, optimize=S.JPEG_OPTIMIZE, progressive=S.JPEG_PROGRESSIVE)
    return out.getvalue()


def _put(root: Path, data: bytes) -> str:
    name = hashlib.sha256(data).hexdigest()[:32] + ".jpg"
    target = media_file(root, name)
    if not target.exists():
        write_atomically(target, lambda fh: fh.write(data))
    return name


def _tmp(root: Path) -> str:
    folder = media_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def sweep(root: Path, keep: set[str]) -> int:
    """Remove media no snapshot refers to; returns how many files went."""
    removed = 0
    folder = media_dir(root)
    if not folder.is_dir():
        return 0
    for sub in folder.iterdir():
        if not sub.is_dir():
            continue
        for path in sub.iterdir():
            if path.name not in keep and not path.name.startswith("."):
                path.unlink(missing_ok=True)
                removed += 1
    return removed
