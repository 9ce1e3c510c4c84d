"""A photo sent from a phone, made safe to keep beside a story: no location, nothing hidden.

The content repository may be public, so where a photo was taken never reaches
it: the GPS block of EXIF is removed, and XMP, IPTC and comments (which may
repeat the place) are dropped. The rest of EXIF (camera make and model, date,
orientation) stays. A JPEG keeps its pixels bit for bit: only its metadata
segments are rewritten, so no quality is lost and its orientation tag still
matches its pixels. HEIC/HEIF (iPhone) becomes a JPEG, which every browser and
the site's own image pipeline read; PNG is re-encoded (lossless). The format is
read from the bytes, never from the name or the Content-Type.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from ..content import heif  # noqa: F401  (registers the HEIC/HEIF opener)
from ..content.imagecheck import MAX_PIXELS

MAX_BYTES = 30 * 1024 * 1024  # an iPhone HEIC is 2-5 MB, a 200 MP JPEG about 25 MB
TYPES = ("image/jpeg", "image/png", "image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence", "application/octet-stream", "")
JPEG_QUALITY = 92
_GPS, _EXIF_IFD, _INTEROP, _ORIENTATION = 0x8825, 0x8769, 0xA005, 0x0112
_SOS, _EOI, _APP1, _APP2 = 0xDA, 0xD9, 0xE1, 0xE2
# APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform) describe the pixels: kept.
_KEPT_APP = {0xE0, 0xEE}


class Refused(ValueError):
    """A photo not taken in; the message is for the person who sent it (Vietnamese)."""


def accept(data: bytes, content_type: str) -> tuple[bytes, str]:
    """(the bytes to store, their extension "jpg" or "png"), or Refused with why and what to do."""
    if content_type.split(";")[0].strip().lower() not in TYPES:
        raise Refused("Chỉ nhận ảnh JPEG, PNG hoặc HEIC (ảnh iPhone). Hãy chọn một tệp ảnh.")
    if not data:
        raise Refused("Tệp ảnh rỗng. Hãy chụp hoặc chọn lại ảnh.")
    if len(data) > MAX_BYTES:
        raise Refused(f"Ảnh nặng {len(data) / 1048576:.1f} MB, quá giới hạn {MAX_BYTES // 1048576} MB. Hãy chụp lại hoặc chọn ảnh nhỏ hơn.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt, size = img.format or "", img.size
                if size[0] * size[1] > MAX_PIXELS:
                    raise Refused(_too_large(size))
                if fmt in ("JPEG", "MPO"):
                    img.draft("RGB", (max(1, size[0] // 8), max(1, size[1] // 8)))
                    img.load()  # truncated or corrupt data is refused now, not at build time
                    return _clean_jpeg(data), "jpg"
                if fmt == "HEIF":
                    return _heif_to_jpeg(img), "jpg"
                if fmt == "PNG":
                    return _clean_png(img), "png"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(_too_large(None)) from None
    except UnidentifiedImageError:
        raise Refused("Tệp này không phải là ảnh, hoặc là loại ảnh chưa hỗ trợ. Hãy gửi ảnh JPEG, PNG hoặc HEIC; đừng đổi đuôi tên tệp.") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused("Ảnh bị hỏng hoặc tải lên chưa hết. Hãy thử gửi lại.") from None
    raise Refused(f"Định dạng ảnh {fmt} chưa được hỗ trợ. Hãy gửi ảnh JPEG, PNG hoặc HEIC.")


def _too_large(size: tuple[int, int] | None) -> str:
    where = f" ({size[0]}×{size[1]} điểm ảnh)" if size else ""
    return f"Ảnh quá lớn{where}, vượt giới hạn {MAX_PIXELS // 1_000_000} megapixel (có thể là tệp độc hại). Hãy gửi ảnh chụp thông thường."


def without_gps(raw: bytes | None, orientation: int | None = None) -> bytes | None:
    """EXIF bytes (with or without the "Exif\\0\\0" header) minus the GPS block; None when there is no EXIF."""
    if not raw:
        return None
    exif = Image.Exif()
    exif.load(raw)
    for ifd in (_EXIF_IFD, _INTEROP):
        if ifd in exif:
            exif.get_ifd(ifd)  # loaded, so it is written back at its new offset
    exif.pop(_GPS, None)
    if orientation is not None:
        exif[_ORIENTATION] = orientation
    return exif.tobytes()


def _heif_to_jpeg(img: Image.Image) -> bytes:
    """pillow-heif hands over the pixels already turned upright: the JPEG says orientation 1."""
    img.load()
    pixels = img.convert("RGB") if img.mode != "RGB" else img
    options: dict = {"quality": JPEG_QUALITY, "subsampling": "4:2:0", "optimize": True}
    exif = without_gps(img.info.get("exif"), orientation=1)
    if exif:
        options["exif"] = exif
    if img.info.get("icc_profile"):
        options["icc_profile"] = img.info["icc_profile"]  # Display P3 on iPhones: the colours stay right
    out = io.BytesIO()
    pixels.save(out, "JPEG", **options)
    return out.getvalue()


def _clean_png(img: Image.Image) -> bytes:
    """Re-encoded without text chunks (XMP may hold the place); EXIF without GPS, ICC kept."""
    img.load()
    options: dict = {"optimize": True}
    exif = without_gps(img.info.get("exif") or (img.getexif().tobytes() if img.getexif() else None))
    if exif:
        options["exif"] = exif
    if img.info.get("icc_profile"):
        options["icc_profile"] = img.info["icc_profile"]
    if "transparency" in img.info:
        options["transparency"] = img.info["transparency"]
    out = io.BytesIO()
    img.save(out, "PNG", **options)
    return out.getvalue()


def _clean_jpeg(data: bytes) -> bytes:
    """The first image of the file with its metadata segments rewritten; the scan data is copied as it is.

    An MPO (a phone's JPEG with a depth map or a second picture) ends after its first image:
    the others carry EXIF blocks of their own.
    """
    out = [b"\xff\xd8"]
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            raise Refused("Ảnh JPEG bị hỏng (cấu trúc tệp không đúng). Hãy thử gửi lại.")
        while i < len(data) and data[i] == 0xFF:  # fill bytes before a marker
            i += 1
        if i >= len(data):
            break
        marker = data[i]
        i += 1
        if marker == _EOI:
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            out.append(bytes((0xFF, marker)))
            continue
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > len(data):
            raise Refused("Ảnh JPEG bị cắt hoặc hỏng. Hãy thử gửi lại.")
        segment = data[i + 2 : i + length]
        i += length
        kept = _segment(marker, segment)
        if kept is not None:
            out.append(bytes((0xFF, marker)) + (len(kept) + 2).to_bytes(2, "big") + kept)
        if marker == _SOS:
            end = _scan_end(data, i)
            out.append(data[i:end])
            i = end
    out.append(b"\xff\xd9")
    return b"".join(out)


def _segment(marker: int, segment: bytes) -> bytes | None:
    """What a metadata segment becomes: EXIF without GPS, the pixels' own description kept, the rest dropped."""
    if marker == _APP1:
        if segment.startswith(b"Exif\x00\x00"):
            cleaned = without_gps(segment)
            if cleaned is None:
                return None
            cleaned = cleaned if cleaned.startswith(b"Exif\x00\x00") else b"Exif\x00\x00" + cleaned
            if len(cleaned) + 2 > 0xFFFF:
                raise Refused("Phần thông tin EXIF của ảnh quá lớn. Hãy gửi ảnh chụp thông thường.")
            return cleaned
        return None  # XMP (may hold the place), other APP1 blocks
    if marker == _APP2:
        return segment if segment.startswith(b"ICC_PROFILE\x00") else None  # MPF: the other images are gone
    if 0xE0 <= marker <= 0xEF:
        return segment if marker in _KEPT_APP else None  # APP13 IPTC, vendors' blocks
    if marker == 0xFE:
        return None  # comments
    return segment  # tables, frame and scan headers: the picture itself


def _scan_end(data: bytes, i: int) -> int:
    """Where entropy-coded data after a scan header ends: the next marker that is not FF00 or a restart."""
    while True:
        i = data.find(b"\xff", i)
        if i < 0 or i + 1 >= len(data):
            raise Refused("Ảnh JPEG bị cắt (thiếu phần cuối). Hãy thử gửi lại.")
        following = data[i + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            i += 1 if following == 0xFF else 2
            continue
        return i
