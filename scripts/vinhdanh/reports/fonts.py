"""Find the poster fonts: the package's own Noto Sans first, then the system's copy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

PACKAGE_FONTS = Path(__file__).resolve().parent.parent / "fonts"
SYSTEM_FONTS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/noto"), Path("/usr/share/fonts/truetype/dejavu"))
FILES = {False: ("NotoSans-Regular.ttf", "DejaVuSans.ttf"), True: ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")}


def font_path(bold: bool = False) -> Path | None:
    """The first font file found, package folder first; None if there is none."""
    for folder in (PACKAGE_FONTS, *SYSTEM_FONTS):
        for name in FILES[bold]:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path(bold)
    if path is None:  # pragma: no cover - a font ships with the package
        return ImageFont.load_default(size)
    return ImageFont.truetype(str(path), size)
