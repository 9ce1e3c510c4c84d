"""Photo intake (newsroom/intake.py): an iPhone HEIC with GPS in, a JPEG without GPS out, the rest of EXIF kept.

Each test reads what `accept` returned with Pillow, as the site's image pipeline
will: no GPS block, camera make and model and the date still there, the picture
upright; a JPEG's pixels untouched; bombs, oversized and non-image uploads refused in Vietnamese.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin
from pillow_heif import register_heif_opener

from vinhdanh.newsroom import intake

register_heif_opener()
GPS, EXIF_IFD, ORIENTATION, MAKE, MODEL, DATETIME_ORIGINAL = 0x8825, 0x8769, 0x0112, 0x010F, 0x0110, 0x9003
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="10,2.05N"/></rdf:RDF></x:xmpmeta>'


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as an iPhone writes it: make, model, date, orientation, and where the photo was taken."""
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Apple", "iPhone 13", orientation
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = "2026:11:20 10:00:00"
    gps = exif.get_ifd(GPS)
    gps[1], gps[2], gps[3], gps[4] = "N", (10.0, 2.0, 3.0), "E", (105.0, 45.0, 0.0)
    return exif


def picture(size=(320, 240)) -> Image.Image:
    """Left half red, right half blue: orientation shows in the pixels."""
    img = Image.new("RGB", size, "blue")
    img.paste("red", (0, 0, size[0] // 2, size[1]))
    return img


def heic(orientation: int = 6) -> bytes:
    out = io.BytesIO()
    picture().save(out, "HEIF", exif=camera_exif(orientation).tobytes(), quality=90)
    return out.getvalue()


def jpeg(orientation: int = 6) -> bytes:
    out = io.BytesIO()
    picture().save(out, "JPEG", exif=camera_exif(orientation).tobytes(), quality=90)
    data = out.getvalue()
    # An XMP packet (APP1) and a comment (COM) after SOI, as photo apps add them.
    xmp = b"http://ns.adobe.com/xap/1.0/\x00" + XMP
    comment = "Sông Hậu 10N".encode()
    extra = b"\xff\xe1" + struct.pack(">H", len(xmp) + 2) + xmp + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + extra + data[2:]


def assert_no_gps(img: Image.Image) -> Image.Exif:
    exif = img.getexif()
    assert GPS not in exif and not exif.get_ifd(GPS), dict(exif.get_ifd(GPS))
    assert (exif.get(MAKE), exif.get(MODEL)) == ("Apple", "iPhone 13")
    assert exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) == "2026:11:20 10:00:00"
    return exif


def test_the_samples_carry_gps() -> None:
    """The inputs really hold a location: otherwise the tests below prove nothing."""
    for data in (heic(), jpeg()):
        with Image.open(io.BytesIO(data)) as img:
            assert img.getexif().get_ifd(GPS)[1] == "N"
    assert b"GPSLatitude" in jpeg()


def test_an_iphone_heic_becomes_an_upright_jpeg_without_gps() -> None:
    data, ext = intake.accept(heic(orientation=6), "image/heic")
    assert ext == "jpg" and data[:3] == b"\xff\xd8\xff"
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG"
        exif = assert_no_gps(img)
        # Turned upright when decoded: 240×320, the red half on top, and the tag says so.
        assert img.size == (240, 320) and exif.get(ORIENTATION) == 1
        top, bottom = img.convert("RGB").getpixel((120, 40)), img.convert("RGB").getpixel((120, 280))
        assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]


def test_a_jpeg_keeps_its_pixels_and_orientation_but_loses_gps_xmp_and_comments() -> None:
    original = jpeg(orientation=6)
    data, ext = intake.accept(original, "image/jpeg")
    assert ext == "jpg"
    assert b"GPSLatitude" not in data and b"http://ns.adobe.com/xap" not in data and "Sông Hậu".encode() not in data
    with Image.open(io.BytesIO(data)) as img, Image.open(io.BytesIO(original)) as before:
        exif = assert_no_gps(img)
        assert exif.get(ORIENTATION) == 6  # the pixels are as stored: the tag still tells how to show them
        assert img.tobytes() == before.tobytes()  # no re-encoding: not one pixel changed


def test_a_second_picture_after_the_first_is_dropped() -> None:
    """A phone's multi-picture JPEG: the picture after the first one has its own EXIF, GPS included."""
    out = io.BytesIO()
    picture((64, 48)).save(out, "JPEG", exif=camera_exif().tobytes())
    first, _ = intake.accept(jpeg(orientation=1), "image/jpeg")
    data, _ = intake.accept(jpeg(orientation=1) + out.getvalue(), "image/jpeg")
    assert data == first


def test_a_png_loses_gps_and_its_text_chunks() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    picture().save(out, "PNG", exif=camera_exif().tobytes(), pnginfo=info)
    data, ext = intake.accept(out.getvalue(), "image/png")
    assert ext == "png" and b"GPSLatitude" not in data
    with Image.open(io.BytesIO(data)) as img:
        assert_no_gps(img)
        assert img.size == (320, 240)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width×height: Pillow learns the size without inflating anything."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "content_type", "words"),
    [
        (png_header_only(20_000, 20_000), "image/png", "megapixel"),
        (png_header_only(200_000, 200_000), "image/png", "megapixel"),  # past Pillow's own bomb error
        (b"<html><script>alert(1)</script></html>", "image/jpeg", "không phải là ảnh"),
        (b"", "image/jpeg", "rỗng"),
        (b"GIF89a" + b"\x00" * 40, "image/gif", "Chỉ nhận ảnh"),
    ],
)
def test_bombs_and_non_photos_are_refused_in_vietnamese(data: bytes, content_type: str, words: str) -> None:
    with pytest.raises(intake.Refused, match=words):
        intake.accept(data, content_type)


def test_a_truncated_jpeg_is_refused() -> None:
    data = jpeg()
    with pytest.raises(intake.Refused, match="Hãy thử gửi lại"):
        intake.accept(data[: len(data) // 2], "image/jpeg")


def test_the_size_cap(monkeypatch) -> None:
    data = heic()
    monkeypatch.setattr(intake, "MAX_BYTES", len(data) - 1)
    with pytest.raises(intake.Refused, match="quá giới hạn"):
        intake.accept(data, "image/heic")
