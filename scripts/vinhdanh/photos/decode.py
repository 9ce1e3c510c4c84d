"""Open a photo as a clean sRGB image: oriented, 8-bit RGB or RGBA, no metadata.

Only as many pixels as the outputs need are decoded: JPEGs use libjpeg's DCT
scaling (draft mode, 1/2, 1/4 or 1/8 of the size for almost nothing), other
formats are box-reduced right after decoding, before any costly step. A
50-megapixel JPEG therefore never exists at full size in memory.

Colour: an embedded ICC profile (Display P3 from iPhones, Adobe RGB, a CMYK
press profile...) is converted to sRGB with LittleCMS, then dropped. Outputs
carry no profile: untagged images are sRGB for every browser (CSS Color 4), and
a profile would add 0.5-3 KB to each of the small images for nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageCms

from ..content import heif  # noqa: F401  (registers the HEIC/HEIF opener)
from .settings import MAX_PIXELS

# imagecheck refuses more than MAX_PIXELS; above that Pillow's own bomb check
# (2 x MAX_IMAGE_PIXELS) stays as a second line of defence.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# The same table as ImageOps.exif_transpose; the orientation comes from the plan
# (read once from the header) so the planned sizes and the pixels always agree.
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS = {5, 6, 7, 8}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

decodes = 0  # how many images this process decoded (tests check the warm path decodes none)


class TooLarge(ValueError):
    pass


def load(path: Path, orientation: int, need: tuple[int, int]) -> Image.Image:
    """The photo, oriented for display, at least `need` (w, h) where the source allows."""
    global decodes
    raw_need = (need[1], need[0]) if orientation in _SWAPS else need
    with Image.open(path) as img:
        if img.width * img.height > MAX_PIXELS:
            raise TooLarge(f"{path.name}: {img.width}x{img.height} exceeds {MAX_PIXELS} pixels")
        icc = img.info.get("icc_profile")
        if img.format in ("JPEG", "MPO"):
            img.draft("RGB", (max(1, raw_need[0]), max(1, raw_need[1])))
        decodes += 1
        img.load()
        out = _eight_bit(img)
    out = _reduce(out, raw_need)
    method = TRANSPOSE.get(orientation)
    if method is not None:
        out = out.transpose(method)
    out = _to_srgb(out, icc)
    out.info = {}  # nothing read from the source (EXIF, GPS, XMP, comments, ICC) travels on
    return out


def _eight_bit(img: Image.Image) -> Image.Image:
    mode = img.mode
    if mode == "P":
        return img.convert("RGBA" if "transparency" in img.info else "RGB")
    if mode == "PA":
        return img.convert("RGBA")
    if mode.startswith("I;16") or mode == "I":
        # 16-bit greyscale (PNG): scale 0..65535 to 0..255; convert("L") alone would clip.
        return img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if mode == "F":
        high = img.getextrema()[1]  # one band: (low, high) numbers
        return img.point(lambda v: v * 255).convert("L") if isinstance(high, (int, float)) and high <= 1.0 else img.convert("L")
    if mode in ("LA", "La", "RGBa"):
        return img.convert("RGBA")
    if mode in ("1", "YCbCr", "HSV"):
        return img.convert("RGB" if mode != "1" else "L")
    if mode == "LAB":
        converted = ImageCms.profileToProfile(img, ImageCms.createProfile("LAB"), _SRGB, outputMode="RGB")
        assert converted is not None  # None only when converting in place
        return converted
    return img if mode in ("RGB", "RGBA", "L", "CMYK") else img.convert("RGB")


def _reduce(img: Image.Image, raw_need: tuple[int, int]) -> Image.Image:
    """Box-shrink by an integer factor that keeps the image at least raw_need."""
    factor = min(img.width // max(1, raw_need[0]), img.height // max(1, raw_need[1]))
    return img.reduce(factor) if factor >= 2 else img


def _to_srgb(img: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        except (ImageCms.PyCMSError, OSError, TypeError, ValueError):
            profile = None  # unreadable profile: treat the pixels as sRGB
        if profile is not None and not _is_srgb(profile, img.mode):
            alpha = img.getchannel("A") if img.mode == "RGBA" else None
            base = img.convert("RGB") if alpha is not None else img
            try:
                converted = ImageCms.profileToProfile(base, profile, _SRGB, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB")
            except ImageCms.PyCMSError:  # profile does not fit the pixels (e.g. RGB profile on CMYK)
                converted = None
            if converted is not None:
                if alpha is not None:
                    converted.putalpha(alpha)
                img = converted
    if img.mode not in ("RGB", "RGBA"):
        img = img.convert("RGB")
    if img.mode == "RGBA" and img.getchannel("A").getextrema() == (255, 255):
        img = img.convert("RGB")  # opaque after all: no alpha to carry
    return img


def _is_srgb(profile: ImageCms.ImageCmsProfile, mode: str) -> bool:
    if mode not in ("RGB", "RGBA"):
        return False
    try:
        description = ImageCms.getProfileDescription(profile)
    except ImageCms.PyCMSError:
        return False
    return "srgb" in description.lower()
