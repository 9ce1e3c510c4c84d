"""The photo pipeline, on real image files generated here: privacy, orientation, colour,
modes, HEIC, cache, memory, markup and social cards."""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, ImageFile, JpegImagePlugin

from vinhdanh.content.model import Campaign, Content, Exemplar, Photo, Site, Unit
from vinhdanh.pages.urls import Urls
from vinhdanh.photos import (
    PhotoError,
    decode,
    output_widths,
    picture_html,
    plan_files,
    plan_photos,
    render,
    write_photos,
)
from vinhdanh.photos.crop import focus_crop
from vinhdanh.photos.typeset import BOLD, REGULAR, font, missing_glyphs, vietnamese_letters, wrap

pillow_heif = pytest.importorskip("pillow_heif")
pillow_heif.register_heif_opener()

IMAGES = "guong-dien-hinh/anh/"
RED, GREEN, BLUE = (230, 20, 20), (20, 200, 40), (20, 40, 220)


# ---------------------------------------------------------------- helpers


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, model, date, and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15"
    exif[ExifTags.Base.DateTime] = "2025:06:12 02:00:00"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (10.0, 2.0, 3.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (105.0, 47.0, 1.25)
    return exif


def quadrants(size=(1000, 800), corner=RED, rest=BLUE) -> Image.Image:
    """A picture whose top-left quarter is `corner`: shows where the top-left ended up."""
    img = Image.new("RGB", size, rest)
    img.paste(corner, (0, 0, size[0] // 2, size[1] // 2))
    return img


def run_pipeline(tmp_path: Path, *sources: Path, jobs: int = 1, site: str = "site"):
    photo_set = plan_files(sources, IMAGES, tmp_path / "cache")
    stats = write_photos(photo_set, tmp_path / site, jobs=jobs)
    return photo_set, stats


def outputs(tmp_path: Path, photo_set, source: Path, site: str = "site") -> list[Path]:
    plan = photo_set.photo(source)
    assert plan is not None, photo_set.skipped
    return [tmp_path / site / v.url for v in plan.variants]


def near(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=False))


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    with Image.open(path) as img:
        assert len(img.getexif()) == 0, path.name
        for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"):
            assert key not in img.info, (path.name, key)
    for marker in (b"Exif\x00\x00", b"iPhone", b"Apple", b"ns.adobe.com/xap", b"ICC_PROFILE", b"secret"):
        assert marker not in data, (path.name, marker)


def icc_swapped_primaries() -> bytes:
    """A valid RGB display profile whose red primary is sRGB's blue and blue is sRGB's red."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x, y, z) -> bytes:
        return b"XYZ " + bytes(4) + s15(x) + s15(y) + s15(z)

    text = b"Swapped primaries test\x00"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(4) + bytes(4) + bytes(3) + bytes(67)
    curve = b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + bytes(2)  # gamma 2.2, padded to 4
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, blob = b"", b""
    for sig, data in tags:
        while len(data) % 4:
            data += b"\x00"
        table += sig + struct.pack(">II", offset + len(blob), len(data))
        blob += data
    body = struct.pack(">I", len(tags)) + table + blob
    size = 128 + len(body)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2025, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"APPL"
        + bytes(4)
        + bytes(8)
        + bytes(8)
        + struct.pack(">I", 0)
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
        + b"lcms"
        + bytes(16)
        + bytes(28)
    )
    assert len(header) == 128
    return header + body


# ---------------------------------------------------------------- privacy


def test_gps_exif_xmp_comment_and_icc_never_reach_an_output(tmp_path):
    src = tmp_path / "IMG_0001.jpg"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:xap="http://ns.adobe.com/xap/1.0/"/></x:xmpmeta>'
    quadrants((1600, 1200)).save(src, exif=phone_exif(), xmp=xmp, comment=b"secret home address", icc_profile=srgb, quality=90)
    with Image.open(src) as check:  # the input really carries all of it
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert {"xmp", "icc_profile", "comment"} <= set(check.info)
    photo_set, stats = run_pipeline(tmp_path, src)
    files = outputs(tmp_path, photo_set, src)
    assert len(files) == 6 and stats.generated == 6
    for path in files:
        assert_no_metadata(path)


def test_heic_from_an_iphone_is_read_oriented_and_stripped(tmp_path):
    src = tmp_path / "IMG_4242.HEIC"
    quadrants((1000, 800)).save(src, format="HEIF", exif=phone_exif(orientation=6).tobytes(), quality=90)
    photo_set, _ = run_pipeline(tmp_path, src)
    plan = photo_set.photo(src)
    assert plan.format == "HEIF" and (plan.width, plan.height) == (800, 1000)  # portrait, as displayed
    for path in outputs(tmp_path, photo_set, src):
        assert_no_metadata(path)
        with Image.open(path) as out:
            assert out.width in (400, 800) and out.height == out.width * 5 // 4
            rgb = out.convert("RGB")
            assert near(rgb.getpixel((out.width - 5, 5)), RED)  # top-left turned clockwise: top-right


# ---------------------------------------------------------------- orientation


@pytest.mark.parametrize(
    ("orientation", "size", "corner"),
    [(3, (1000, 800), "bottom-right"), (6, (800, 1000), "top-right"), (8, (800, 1000), "bottom-left")],
)
def test_exif_orientation_is_applied(tmp_path, orientation, size, corner):
    src = tmp_path / f"o{orientation}.jpg"
    quadrants((1000, 800)).save(src, exif=phone_exif(orientation), quality=92)
    photo_set, _ = run_pipeline(tmp_path, src)
    plan = photo_set.photo(src)
    assert (plan.width, plan.height) == size
    for path in outputs(tmp_path, photo_set, src):
        with Image.open(path) as img:
            img = img.convert("RGB")
            w, h = img.size
            assert w / h == pytest.approx(size[0] / size[1], rel=0.01)
            points = {"top-left": (5, 5), "top-right": (w - 6, 5), "bottom-left": (5, h - 6), "bottom-right": (w - 6, h - 6)}
            for name, xy in points.items():
                assert near(img.getpixel(xy), RED if name == corner else BLUE), (path.name, name, img.getpixel(xy))
            assert len(img.getexif()) == 0


# ---------------------------------------------------------------- colour and modes


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    src = tmp_path / "scan.jpg"
    img = Image.new("CMYK", (900, 600), (0, 0, 0, 0))  # white paper
    img.paste((0, 230, 230, 0), (0, 0, 450, 600))  # red ink on the left
    img.save(src, quality=92)
    with Image.open(src) as check:
        assert check.mode == "CMYK"
    photo_set, _ = run_pipeline(tmp_path, src)
    for path in outputs(tmp_path, photo_set, src):
        with Image.open(path) as out:
            assert out.mode == "RGB"
            assert near(out.getpixel((20, 20)), (255, 25, 25), 50)
            assert near(out.getpixel((out.width - 20, 20)), (255, 255, 255), 12)


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped(tmp_path):
    src = tmp_path / "xray.png"
    img = Image.new("I;16", (800, 400), 0x1000)
    img.paste(Image.new("I;16", (400, 400), 0xF000), (400, 0))
    img.save(src)
    with Image.open(src) as check:
        assert check.mode == "I;16"
    photo_set, _ = run_pipeline(tmp_path, src)
    for path in outputs(tmp_path, photo_set, src):
        with Image.open(path) as out:
            rgb = out.convert("RGB")
            assert near(rgb.getpixel((20, 20)), (16, 16, 16), 6)
            assert near(rgb.getpixel((out.width - 20, 20)), (240, 240, 240), 6)


def test_palette_png_with_transparency_keeps_alpha_in_webp_and_is_white_in_jpeg(tmp_path):
    src = tmp_path / "logo-screenshot.png"
    img = Image.new("P", (800, 500), 0)
    img.putpalette([0, 0, 0, 230, 20, 20] + [0] * 762)
    ImageDraw.Draw(img).rectangle((400, 0, 800, 500), fill=1)
    img.save(src, transparency=0)
    with Image.open(src) as check:
        assert check.mode == "P" and "transparency" in check.info
    photo_set, _ = run_pipeline(tmp_path, src)
    for path in outputs(tmp_path, photo_set, src):
        with Image.open(path) as out:
            left, right = (20, 20), (out.width - 20, 20)
            if path.suffix == ".webp":
                assert out.mode == "RGBA"
                assert out.getpixel(left)[3] == 0 and out.getpixel(right)[3] == 255
                assert near(out.getpixel(right), RED, 30)
            else:
                assert out.mode == "RGB"
                assert near(out.getpixel(left), (255, 255, 255), 4)  # not black
                assert near(out.getpixel(right), RED, 30)


def test_rgba_is_composited_on_white_for_jpeg(tmp_path):
    src = tmp_path / "poster.png"
    img = Image.new("RGBA", (800, 500), (0, 0, 0, 0))  # transparent black: must not turn black
    img.paste((230, 20, 20, 128), (400, 0, 800, 500))  # half-transparent red
    img.save(src)
    photo_set, _ = run_pipeline(tmp_path, src)
    jpegs = [p for p in outputs(tmp_path, photo_set, src) if p.suffix == ".jpg"]
    webps = [p for p in outputs(tmp_path, photo_set, src) if p.suffix == ".webp"]
    for path in jpegs:
        with Image.open(path) as out:
            assert out.mode == "RGB"
            assert near(out.getpixel((20, 20)), (255, 255, 255), 4)
            assert near(out.getpixel((out.width - 20, 20)), (242, 137, 137), 12)
    for path in webps:
        with Image.open(path) as out:
            assert out.mode == "RGBA"
            assert out.getpixel((20, 20))[3] == 0
            assert abs(out.getpixel((out.width - 20, 20))[3] - 128) <= 3


def test_embedded_icc_profile_is_converted_to_srgb_then_dropped(tmp_path):
    icc = icc_swapped_primaries()
    assert "Swapped" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
    src = tmp_path / "wide-gamut.jpg"
    Image.new("RGB", (900, 600), (255, 0, 0)).save(src, icc_profile=icc, quality=95)
    photo_set, _ = run_pipeline(tmp_path, src)
    for path in outputs(tmp_path, photo_set, src):
        with Image.open(path) as out:
            assert "icc_profile" not in out.info
            r, g, b = out.convert("RGB").getpixel((50, 50))
            assert b > 200 and r < 60, (path.name, (r, g, b))  # the profile's "red" is sRGB blue


# ---------------------------------------------------------------- sizes and markup


def test_widths_are_never_upscaled():
    assert output_widths(4032) == (400, 800, 1200)
    assert output_widths(1200) == (400, 800, 1200)
    assert output_widths(1000) == (400, 800)
    assert output_widths(400) == (400,)
    assert output_widths(320) == (320,)


def test_small_source_is_used_at_its_own_width(tmp_path):
    src = tmp_path / "tiny.jpg"
    quadrants((320, 240)).save(src)
    photo_set, _ = run_pipeline(tmp_path, src)
    plan = photo_set.photo(src)
    assert [(v.width, v.height) for v in plan.variants] == [(320, 240), (320, 240)]
    for path in outputs(tmp_path, photo_set, src):
        with Image.open(path) as out:
            assert out.size == (320, 240)


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_picture_markup(tmp_path):
    src = tmp_path / "lead.jpg"
    quadrants((2000, 1500)).save(src)
    photo_set, _ = run_pipeline(tmp_path, src)
    plan = photo_set.photo(src)
    href = lambda url: "/benh-vien/" + url  # noqa: E731
    markup = picture_html(plan, 'Chị Lan "trực đêm" & bệnh nhân', "(min-width: 60em) 800px, 100vw", href)
    parser = _Tags()
    parser.feed(markup)
    (_, _picture), (_, source), (_, img) = parser.tags
    assert source["type"] == "image/webp"
    assert source["srcset"].count("w,") == 2 and source["srcset"].endswith("1200w")
    assert source["sizes"] == img["sizes"] == "(min-width: 60em) 800px, 100vw"
    assert img["src"].startswith("/benh-vien/guong-dien-hinh/anh/lead-") and img["src"].endswith("-800.jpg")
    assert (img["width"], img["height"]) == ("800", "600")
    assert img["alt"] == 'Chị Lan "trực đêm" & bệnh nhân'
    assert img["loading"] == "lazy" and img["decoding"] == "async" and "fetchpriority" not in img
    assert all(part.split()[0].startswith("/benh-vien/") for part in img["srcset"].split(", "))
    for part in source["srcset"].split(", ") + img["srcset"].split(", "):  # every link points to a real file
        url, _width = part.split()
        assert (tmp_path / "site" / url.removeprefix("/benh-vien/")).is_file()
    eager = _Tags()
    eager.feed(picture_html(plan, "x", "100vw", href, eager=True))
    img = eager.tags[-1][1]
    assert img["loading"] == "eager" and img["fetchpriority"] == "high"


# ---------------------------------------------------------------- cache


def test_cache_hit_decodes_nothing_and_a_change_gets_a_new_url(tmp_path, monkeypatch):
    sources = []
    for i, colour in enumerate((RED, GREEN, BLUE)):
        path = tmp_path / f"p{i}.jpg"
        quadrants((1300, 900), corner=colour).save(path, exif=phone_exif())
        sources.append(path)
    cold_set, cold = run_pipeline(tmp_path, *sources, jobs=2)  # real process pool
    assert (cold.generated, cold.reused, cold.decoded) == (18, 0, 3)

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the warm path decoded an image")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    before = decode.decodes
    warm_set, warm = run_pipeline(tmp_path, *sources, jobs=1, site="site2")
    assert (warm.generated, warm.reused, warm.decoded) == (0, 18, 0) and decode.decodes == before
    assert warm_set.files().keys() == cold_set.files().keys()
    assert all((tmp_path / "site2" / url).is_file() for url in warm_set.files())
    monkeypatch.undo()

    quadrants((1300, 900), corner=(250, 250, 0)).save(sources[1])  # the photo is replaced
    changed_set, changed = run_pipeline(tmp_path, *sources, jobs=1)
    assert (changed.generated, changed.reused, changed.decoded) == (6, 12, 1)
    old = {v.url for v in cold_set.photo(sources[1]).variants}
    new = {v.url for v in changed_set.photo(sources[1]).variants}
    assert not old & new
    assert changed.pruned == 6 and not any((tmp_path / "site" / url).exists() for url in old)

    removed_set, removed = run_pipeline(tmp_path, sources[0], jobs=1)  # two photos dropped
    assert removed.decoded == 0 and removed.pruned == 12
    published = sorted(p.name for p in (tmp_path / "site" / IMAGES).iterdir())
    assert published == sorted(Path(url).name for url in removed_set.files())


def test_one_picture_in_several_stories_is_rendered_once_and_placed_for_each(tmp_path):
    """The same photo bytes at several paths (a department's picture in each of its
    stories' folders) share their cached files: decoded and encoded once, not once
    a path; every path's URLs still reach the site."""
    first = tmp_path / "a.jpg"
    quadrants((1300, 900)).save(first, exif=phone_exif())
    sources = [first]
    for name in ("b.jpg", "c.jpg"):
        sources.append(tmp_path / name)
        sources[-1].write_bytes(first.read_bytes())
    photo_set, stats = run_pipeline(tmp_path, *sources, jobs=2)
    assert (stats.generated, stats.decoded) == (6, 1)
    for source in sources:
        files = outputs(tmp_path, photo_set, source)
        assert len(files) == 6 and all(f.is_file() for f in files)
        assert [f.read_bytes() for f in files] == [f.read_bytes() for f in outputs(tmp_path, photo_set, first)]


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    src = tmp_path / "p.jpg"
    quadrants((900, 600)).save(src)

    def half_then_crash(img, variant, fh):
        fh.write(b"\xff\xd8 partial")
        raise OSError("disk full")

    monkeypatch.setattr(render, "_save", half_then_crash)
    photo_set = plan_files([src], IMAGES, tmp_path / "cache")
    with pytest.raises(PhotoError, match="disk full"):
        write_photos(photo_set, tmp_path / "site", jobs=1)
    leftovers = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert leftovers == []
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.jpg"))


# ---------------------------------------------------------------- memory

MEMORY_PROBE = """
import json, sys, time
from pathlib import Path
from vinhdanh.photos import plan_files, write_photos
src, cache, site = map(Path, sys.argv[1:4])
start = time.perf_counter()
photo_set = plan_files([src], "anh/", cache)
stats = write_photos(photo_set, site, jobs=1)
# VmHWM: peak resident memory of this program since exec (ru_maxrss would include the
# forking pytest process, which held the 150 MB test image a moment ago).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"peak_kb": peak,
                  "generated": stats.generated, "seconds": time.perf_counter() - start}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_a_50_megapixel_photo_is_processed_in_bounded_memory(tmp_path):
    src = tmp_path / "big.jpg"
    img = Image.linear_gradient("L").resize((8660, 5774)).convert("RGB")  # 50 MP, 150 MB decoded
    ImageDraw.Draw(img).ellipse((2000, 1000, 6000, 5000), fill=(200, 60, 40))
    img.save(src, quality=85, exif=phone_exif(6))
    del img
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(src), str(tmp_path / "cache"), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["generated"] == 6
    assert report["peak_kb"] < 150 * 1024, report  # a full-size decode alone would be 150 MB
    with Image.open(tmp_path / "site" / "anh" / next(p.name for p in (tmp_path / "site" / "anh").glob("*-1200.jpg"))) as out:
        assert out.size == (1200, round(8660 * 1200 / 5774))  # portrait: orientation 6


# ---------------------------------------------------------------- social cards


def _content(tmp_path: Path, photo: Path | None, focus=(0.5, 0.4)) -> Content:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 200), (200, 20, 20, 255)).save(logo)
    site = Site(name="Bệnh viện Đa khoa Sông Hậu", short_name="BVĐK Sông Hậu", base_url="https://bv.example.vn/", logo=logo)
    unit = Unit("hstc", "Khoa Hồi sức tích cực - Chống độc", "khoa")
    story = tmp_path / "lan" / "index.md"
    story.parent.mkdir(exist_ok=True)

    def exemplar(slug, name, kind="individual", with_photo=True):
        pic = Photo(photo, "Chị Lan", focus=focus) if (photo and with_photo) else None
        return Exemplar(
            slug=slug,
            source=story,
            rel_path="x",
            title="Điều dưỡng " + name + " – mười lăm năm giữ ấm những ca trực đêm ở phòng hồi sức, không một sự cố nào, kể cả mùa dịch sốt xuất huyết nặng nề nhất",
            kind=kind,
            name=name,
            unit=unit,
            date=dt.date(2025, 6, 12),
            summary="…",
            status="published",
            body="",
            position="Điều dưỡng trưởng khoa",
            photo=pic,
        )

    campaign = Campaign(
        slug="thi-dua-2026",
        source=story,
        rel_path="c",
        title="Phong trào thi đua “Thầy thuốc như mẹ hiền” năm 2026",
        date=dt.date(2026, 1, 5),
        summary="Khơi dậy tinh thần tận tụy phục vụ người bệnh.",
        host="Sở Y tế",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        status="published",
        body="",
    )
    return Content(
        root=tmp_path,
        site=site,
        units={"hstc": unit},
        vocabulary=None,
        exemplars=(exemplar("nguyen-thi-lan", "Nguyễn Thị Lan"), exemplar("khoa-hstc", "Khoa Hồi sức tích cực - Chống độc", "collective", with_photo=False)),
        campaigns=(campaign,),
    )


def test_every_story_and_campaign_gets_a_1200x630_card(tmp_path):
    src = tmp_path / "lan.jpg"
    img = Image.new("RGB", (4000, 3000), BLUE)
    ImageDraw.Draw(img).ellipse((3100, 1400, 3300, 1600), fill=GREEN)  # the face, at (0.8, 0.5)
    img.save(src, exif=phone_exif())
    content = _content(tmp_path, src, focus=(0.8, 0.5))
    urls = Urls(content.site)
    photo_set = plan_photos(content, urls, tmp_path / "cache")
    stats = write_photos(photo_set, tmp_path / "site", jobs=2)
    assert stats.decoded == 2  # variants and card decode apart: a card never depends on what was cached
    cards = [photo_set.card("exemplar", "nguyen-thi-lan"), photo_set.card("exemplar", "khoa-hstc"), photo_set.card("campaign", "thi-dua-2026")]
    for card in cards:
        path = tmp_path / "site" / card.url
        assert card.url.startswith(urls.images) and card.mime == "image/jpeg"
        assert photo_set.card_bytes(card) == path.stat().st_size > 20_000
        with Image.open(path) as out:
            assert out.format == "JPEG" and out.size == (card.width, card.height) == (1200, 630)
            assert JpegImagePlugin.get_sampling(out) == 2 and "progressive" not in out.info  # 4:2:0 baseline (settings.py)
        assert_no_metadata(path)
    with Image.open(tmp_path / "site" / cards[0].url) as out:
        # focus_crop centres the 480-px panel on x=3200 of 4000, pushed back inside: the face sits at ~312 px
        box = focus_crop(4000, 3000, 480, 630, (0.8, 0.5))
        x = round((3200 - box[0]) / (box[2] - box[0]) * 480)
        assert near(out.getpixel((x, 315)), GREEN, 50)
        assert near(out.getpixel((900, 600)), (10, 37, 64), 30)  # text panel: dark navy
    # the same text with another photo focus is another card
    again = plan_photos(_content(tmp_path, src, focus=(0.2, 0.5)), urls, tmp_path / "cache")
    assert again.card("exemplar", "nguyen-thi-lan").url != cards[0].url
    assert again.card("campaign", "thi-dua-2026").url == cards[2].url


@pytest.mark.parametrize("path", [REGULAR, BOLD], ids=["regular", "bold"])
def test_card_fonts_cover_every_vietnamese_letter(path):
    letters = vietnamese_letters()
    assert len(letters) == 14 + 12 * 5 * 2 and len(set(letters)) == len(letters)
    assert "ỵ" in letters and "Ỹ" in letters and "ặ" in letters and "Ự" in letters
    assert missing_glyphs(path, letters + "“”–…·") == set()
    face = font(path == BOLD, 40)

    def glyph(ch: str) -> bytes:
        canvas = Image.new("L", (80, 90))
        ImageDraw.Draw(canvas).text((10, 10), ch, font=face, fill=255)
        return canvas.tobytes()

    assert missing_glyphs(path, "中") == {"中"}
    notdef = glyph("中")  # not in the font: drawn as its .notdef box
    assert notdef != glyph(" ")
    assert all(glyph(ch) != notdef for ch in letters)


def test_a_card_drawn_from_its_shared_parts_has_the_pixels_of_one_drawn_in_order(tmp_path):
    """Stripe, eyebrow and footer are drawn once per process and the panel once per
    initials (cards.py): each card must still equal the card drawn back to front,
    pixel for pixel, whatever its text: short, long, overflowing, with a photo or not."""
    import dataclasses

    from vinhdanh.photos.cards import card_need, render_card, render_card_in_order

    src = tmp_path / "lan.jpg"
    Image.new("RGB", (1600, 1200), BLUE).save(src)
    photo_set = plan_photos(_content(tmp_path, src), Urls(_content(tmp_path, src).site), tmp_path / "cache")
    cards = list(photo_set.cards.values())
    long_text = "Điều dưỡng trưởng Khoa Hồi sức tích cực – Chống độc Bệnh viện Đa khoa " * 4
    base = cards[1]
    for headline, subline, body, lines in [
        ("Ỗ Ữ Ặ Ỹ", "", "", 2),
        (long_text, long_text, long_text, 3),
        ("Lan", long_text, long_text, 2),
        (long_text, "", "", 4),
        (long_text, long_text, "", 9),
    ]:  # 9 lines run over into the footer
        text = dataclasses.replace(base.text, headline=headline, subline=subline, body=body, headline_lines=lines)
        cards.append(dataclasses.replace(base, text=text))
    for card in cards:
        photo = decode.load(card.photo.source, card.photo.orientation, card_need(card.photo)) if card.photo else None
        assert render_card(card, photo).tobytes() == render_card_in_order(card, photo).tobytes(), card.text.headline


def test_cards_drawn_in_a_row_on_one_canvas_equal_cards_drawn_alone(tmp_path):
    """render_cards() reuses one canvas and paints only the text band again between
    cards: whatever came before (longer text, another panel, marks stacked above the
    line, an overflow drawn apart), each card equals the card drawn back to front."""
    import dataclasses

    from vinhdanh.photos.cards import card_need, render_card_in_order, render_cards

    src = tmp_path / "lan.jpg"
    Image.new("RGB", (1600, 1200), BLUE).save(src)
    content = _content(tmp_path, src)
    photo_set = plan_photos(content, Urls(content.site), tmp_path / "cache")
    with_photo = photo_set.card("exemplar", "nguyen-thi-lan")
    bare = photo_set.card("exemplar", "khoa-hstc")
    long_text = "Điều dưỡng trưởng Khoa Hồi sức tích cực – Chống độc Bệnh viện Đa khoa " * 4
    texts = [
        ("Lan", long_text, long_text, 2, "L"),
        ("Ỗ Ữ Ặ Ỹ", "", "", 2, "L"),  # the same initials: the panel stays
        ("E\u0302\u0302\u0302\u0302\u0302 Lan", "Khoa Nhi", "", 2, "L"),  # marks stacked above the line
        ("Hà", "", long_text, 3, "H"),
        (long_text, long_text, "", 9, "N"),  # runs over into the footer: drawn apart
        ("Mai", "中文 · Khoa Nhi", "Bác sĩ", 2, "M"),
        ("An", "", "", 2, "A"),
    ]
    for card, photo in [(bare, None), (with_photo, decode.load(src, 1, card_need(with_photo.photo)))]:
        cards = [dataclasses.replace(card, text=dataclasses.replace(card.text, headline=h, subline=s, body=b, headline_lines=n, initials=i)) for h, s, b, n, i in texts]
        expected = [render_card_in_order(c, photo).tobytes() for c in cards]
        for order in (list(range(len(cards))), list(reversed(range(len(cards))))):
            drawn = [image.tobytes() for image in render_cards([cards[k] for k in order], photo)]
            assert drawn == [expected[k] for k in order], order


def test_a_card_jpeg_put_together_from_shared_pieces_is_the_whole_cards_encoding(tmp_path):
    """jpegbands.py encodes only the rows a card's text touches and takes the rest from
    the panel's and the base's encodings: each card file must be, byte for byte, the
    whole card (drawn back to front) encoded with the same settings, whatever came
    before it; and the pieces must really be used (most cards not encoded whole)."""
    import dataclasses

    from vinhdanh.photos import jpegbands
    from vinhdanh.photos.cards import draw_cards, render_card_in_order

    src = tmp_path / "lan.jpg"
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(src)  # every piece of the panel differs
    content = _content(tmp_path, src)
    photo_set = plan_photos(content, Urls(content.site), tmp_path / "cache")
    long_text = "Điều dưỡng trưởng Khoa Hồi sức tích cực – Chống độc Bệnh viện Đa khoa " * 4
    texts = [
        ("Lan", long_text, long_text, 2, "L"),
        ("Ỗ Ữ Ặ Ỹ", "", "", 2, "L"),
        ("E\u0302\u0302\u0302 Lan", "Khoa Nhi", "", 2, "L"),  # marks stacked above the line: encoded whole
        ("Hà", "", long_text, 3, "H"),
        (long_text, long_text, "", 9, "N"),  # runs over into the footer: encoded whole
        ("Mai", "Khoa Nhi", "Bác sĩ", 2, "M"),
        ("An", "", "", 2, "A"),
        ("Bình", "Khoa Dược", long_text, 2, "B"),
    ]
    encoder, pieced = jpegbands.CardEncoder(), 0
    for slug, photo in [("khoa-hstc", None), ("nguyen-thi-lan", decode.load(src, 1, (1600, 1200)))]:
        card = photo_set.card("exemplar", slug)
        cards = [dataclasses.replace(card, text=dataclasses.replace(card.text, headline=h, subline=s, body=b, headline_lines=n, initials=i)) for h, s, b, n, i in texts]
        for order in (list(range(len(cards))), list(reversed(range(len(cards))))):
            for k, drawn in zip(order, draw_cards([cards[k] for k in order], photo), strict=True):
                data = encoder.encode(drawn)
                assert data == jpegbands.encode(render_card_in_order(cards[k], photo)), (slug, texts[k][0])
                pieced += drawn.rows is not None
    assert encoder.trusted is True and pieced >= 20
    assert Image.open(io.BytesIO(data)).size == (1200, 630)


def test_a_jpeg_library_that_encodes_pieces_otherwise_gets_whole_cards(tmp_path, monkeypatch):
    """The first card is encoded both ways: pieces that do not give the whole card's
    bytes (another JPEG library) turn the piecing off, and every card is whole."""
    from vinhdanh.photos import jpegbands
    from vinhdanh.photos.cards import draw_cards, render_card_in_order

    content = _content(tmp_path, None)
    cards = list(plan_photos(content, Urls(content.site), tmp_path / "cache").cards.values())
    real = jpegbands.encode
    monkeypatch.setattr(jpegbands, "encode", lambda image: real(image) if image.width == 1200 else real(image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)))
    encoder = jpegbands.CardEncoder()
    for card, drawn in zip(cards, draw_cards(cards, None), strict=True):
        assert encoder.encode(drawn) == real(render_card_in_order(card, None))
    assert encoder.trusted is False


def test_long_titles_wrap_to_three_lines_with_an_ellipsis():
    face = font(False, 30)
    text = "Điều dưỡng Nguyễn Thị Lan " * 12
    lines = wrap(text, face, 600, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 600 for line in lines)
    assert wrap("Ngắn gọn", face, 600, 3) == ["Ngắn gọn"]


def test_focus_crop_keeps_the_point_inside_and_centred_when_possible():
    for focus in [(x / 10, y / 10) for x in range(11) for y in range(11)]:
        for src in [(4000, 3000), (3000, 4000), (1200, 630)]:
            left, top, right, bottom = focus_crop(*src, 480, 630, focus)
            assert (right - left) / (bottom - top) == pytest.approx(480 / 630)
            assert 0 <= left <= right <= src[0] + 1e-6 and 0 <= top <= bottom <= src[1] + 1e-6
            fx, fy = focus[0] * src[0], focus[1] * src[1]
            assert left - 1e-6 <= fx <= right + 1e-6 and top - 1e-6 <= fy <= bottom + 1e-6
            cx = (left + right) / 2
            if left > 0 and right < src[0]:
                assert cx == pytest.approx(fx)  # not against an edge: exactly centred
    assert focus_crop(4000, 3000, 480, 630, (0.5, 0.4))[0] == pytest.approx(2000 - 3000 * 480 / 630 / 2)


def test_outputs_do_not_depend_on_what_the_cache_already_held(tmp_path):
    """A rebuild with a partly emptied cache writes the same bytes as the cold build."""
    import hashlib

    from vinhdanh.content.reader import load
    from vinhdanh.pages.urls import Urls
    from vinhdanh.photos import plan_photos, write_photos

    root = Path(__file__).resolve().parent.parent
    today = __import__("datetime").date(2026, 11, 25)
    content = load(root, today).content.public(today)

    def build(cache: Path, site: Path) -> dict[str, str]:
        photo_set = plan_photos(content, Urls(content.site), cache)
        write_photos(photo_set, site, jobs=1)
        return {url: hashlib.sha256((site / url).read_bytes()).hexdigest() for url in photo_set.files()}

    cache = tmp_path / "cache"
    cold = build(cache, tmp_path / "a")
    # drop one card and the smallest rendition of every photo, then rebuild
    for path in cache.rglob("*"):
        if path.is_file() and ("-the" in path.name or path.stem.endswith("-400")):
            path.unlink()
    assert build(cache, tmp_path / "b") == cold
