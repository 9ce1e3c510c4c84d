"""What a photo file is, from its header only: format, stored size, EXIF orientation.

No pixel is decoded here, so planning stays cheap on every rebuild.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import record

if TYPE_CHECKING:
    from PIL import Image

_ROTATED = {5, 6, 7, 8}  # orientations that swap width and height


@record
class SourceInfo:
    format: str
    width: int  # as displayed, after orientation
    height: int
    orientation: int  # EXIF 1..8, applied by the renderer


def probe(path: Path) -> SourceInfo:
    from PIL import Image  # here: a warm rebuild probes nothing and need not load it

    from ..content import heif  # noqa: F401  (registers the HEIC/HEIF opener)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as img:
            fmt = img.format or ""
            width, height = img.size
            orientation = _orientation(img)
    if orientation in _ROTATED:
        width, height = height, width
    return SourceInfo(fmt, width, height, orientation)


def _orientation(img: Image.Image) -> int:
    if img.format == "PNG":
        # PngImageFile.getexif() decodes the whole image to find a late eXIf chunk;
        # only an eXIf chunk before the pixels counts (browsers do the same).
        raw = img.info.get("exif")
        if not raw:
            return 1
        from PIL import Image

        exif = Image.Exif()
        exif.load(raw)
    else:
        exif = img.getexif()
    value = exif.get(0x0112, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1
