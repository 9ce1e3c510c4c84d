"""A catalogue of bad inputs: each one fails validation with the right file, line and code.

Every case runs the real CLI (`vinhdanh validate`) on a small valid project that
the case breaks in one way. The message must be Vietnamese, errors must carry a
hint, and nothing may ever print a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CAMPAIGN, CAMPAIGN_PATH, STORY, STORY_PATH, UNITS, Project
from PIL import Image

STORY_DIR = STORY_PATH.rsplit("/", 1)[0]
EVENT_PATH = "content/events/hoi-nghi-2025.md"
EVENT = """---
title: Hội nghị biểu dương điển hình tiên tiến năm 2025
kind: hoi-nghi
date: 2025-11-20
start: 2025-12-05
end: 2025-12-06
place: Hội trường tầng 3
host: Công đoàn bệnh viện
summary: Biểu dương các tập thể, cá nhân tiêu biểu của năm.
campaign: thi-dua-2025
exemplars: [nguyen-thi-lan]
status: published
---

Nội dung hội nghị.
"""
TEXT_LINE = re.compile(r"^(?P<path>[^\s:][^:\n]*?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<code>[EW]\d{3}) ", re.M)
VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def looks_vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE for ch in text.lower())


# -- images -------------------------------------------------------------------------


@functools.cache
def jpeg(width: int = 800, height: int = 600) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


@functools.cache
def png(width: int = 800, height: int = 600, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_claiming(width: int, height: int) -> bytes:
    """A valid 1×1 PNG whose IHDR (with a correct CRC) claims another size."""
    data = png(1, 1, "1")
    ihdr = bytearray(data[16:29])
    ihdr[0:8] = struct.pack(">II", width, height)
    return data[:8] + _chunk(b"IHDR", bytes(ihdr)) + data[33:]


@functools.cache
def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (800, 600)).save(out, "GIF")
    return out.getvalue()


def cp1258(text: str) -> bytes:
    """Text as Word's legacy 'Windows-1258' code page would save it (tones as combining marks)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


# -- case builders ---------------------------------------------------------------------

Setup = Callable[[Project], None]


def edit(old: str, new: str, rel: str = STORY_PATH) -> Setup:
    return lambda p: p.edit(rel, old, new)


def add(*lines: str, rel: str = STORY_PATH) -> Setup:
    """Add front matter lines after `tags:` (line 17): the first added line is line 18."""
    anchor = "tags: [điều dưỡng, hồi sức]\n" if rel == STORY_PATH else "status: published\n"
    return edit(anchor, anchor + "".join(line + "\n" for line in lines), rel)


def write(rel: str, data: str | bytes) -> Setup:
    return lambda p: p.write(rel, data)


def remove(rel: str) -> Setup:
    return lambda p: p.path(rel).unlink()


def photo(name: str, data: bytes, alt: bool = True) -> Setup:
    lines = [f"photo: {name}"] + (["photo_alt: Chị Lan đo huyết áp cho người bệnh"] if alt else [])
    return steps(write(f"{STORY_DIR}/{name}", data), add(*lines))


def steps(*setups: Setup) -> Setup:
    def run(p: Project) -> None:
        for setup in setups:
            setup(p)

    return run


def rename_story(slug: str) -> Setup:
    """The conftest story's bundle folder renamed: its slug becomes `slug`."""

    def run(p: Project) -> None:
        folder = p.path(STORY_PATH).parent
        folder.rename(folder.with_name(slug))

    return run


def body(markup: str) -> Setup:
    """`markup` on line 20, the body's first line; the story's own text follows."""
    return edit("Hai giờ sáng,", f"{markup}\n\nHai giờ sáng,")


def site(*lines: str) -> Setup:
    """Lines appended to site.yml (three lines long): the first added line is line 4."""
    return lambda p: p.write("content/site.yml", p.path("content/site.yml").read_text(encoding="utf-8") + "".join(line + "\n" for line in lines))


@dataclass
class Case:
    id: str
    setup: Setup
    path: str
    line: int
    code: str
    hint_has: str = ""  # a word the hint must contain


S, C = STORY_PATH, CAMPAIGN_PATH
FLAT = "content/exemplars/2025/nguyen-thi-lan.md"  # the same story as a single file
LONG = "Điều dưỡng " * 20
R = "content/registrations/2026-2030/khoa-nhi.yml"
REGISTRATION = "kind: collective\nname: Khoa Nhi\nunit: nhi\nperiod: 2026-2030\n"
BUNDLE = "content/exemplars/2025/{}/index.md"

CASES = [
    # -- reading the file ------------------------------------------------------------
    Case("E101-windows-1258", write(S, cp1258(STORY)), S, 2, "E101", "UTF-8"),
    Case("E101-windows-1258-in-campaign", write(C, cp1258(CAMPAIGN)), C, 2, "E101", "UTF-8"),
    Case("E102-no-front-matter", write(S, "Hai giờ sáng, hành lang khoa chỉ còn tiếng máy thở.\n"), S, 1, "E102", "---"),
    Case("E103-front-matter-not-closed", edit("---\n\nHai giờ", "\nHai giờ"), S, 1, "E103", "---"),
    Case("E104-tab-indent", edit("  - year: 2024", "\t- year: 2024"), S, 12, "E104", "Tab"),
    Case("E104-colon-in-value", edit("title: Điều dưỡng", "title: Khoa Hồi sức: Điều dưỡng"), S, 2, "E104", "ngoặc kép"),
    Case("E104-unclosed-bracket", edit("fields: [kham-chua-benh, y-duc]", "fields: [kham-chua-benh, y-duc"), S, 10, "E104", "ngoặc vuông"),
    Case("E105-front-matter-is-a-list", write(S, "---\n- title\n- kind\n---\n\nNội dung.\n"), S, 2, "E105", "title"),
    Case("E106-duplicate-key", add("title: Tiêu đề thứ hai"), S, 18, "E106", "title"),
    Case("E107-empty-file", write(S, b""), S, 0, "E107", "vinhdanh new"),
    Case("E107-whitespace-only", write(S, "\r\n  \n\n"), S, 0, "E107"),
    Case("E108-yaml-alias", edit("tags: [điều dưỡng, hồi sức]", "tags: &t [điều dưỡng]\nauthor: *t"), S, 18, "E108"),
    Case("E109-yaml-tag", edit("title: Điều dưỡng", "title: !!python/object Điều dưỡng"), S, 2, "E109", "!"),
    # -- keys and types ------------------------------------------------------------------
    Case("E201-missing-summary", edit("summary: Mười lăm năm gắn bó với khoa hồi sức, chị Lan xây dựng bảng kiểm bàn giao người bệnh nặng.\n", ""), S, 2, "E201", "summary"),
    Case("E201-empty-title", edit("title: Điều dưỡng Nguyễn Thị Lan giữ ấm những ca trực đêm", "title:"), S, 2, "E201", "title"),
    Case("E201-campaign-missing-host", edit("host: Sở Y tế\n", "", C), C, 2, "E201", "host"),
    Case("E202-sumary-typo", edit("summary:", "sumary:"), S, 8, "E202", "`summary`"),
    Case("E202-award-subkey-typo", edit("    decision:", "    decison:"), S, 14, "E202", "`decision`"),
    Case("E203-title-is-a-list", edit("title: Điều dưỡng Nguyễn Thị Lan giữ ấm những ca trực đêm", "title: [Điều dưỡng, Nguyễn Thị Lan]"), S, 2, "E203", "title"),
    Case("E203-featured-not-bool", add("featured: có"), S, 18, "E203", "true"),
    Case(
        "E203-awards-not-a-list",
        edit("awards:\n  - year: 2024\n    title: chien-si-thi-dua-co-so\n    decision: Quyết định số 35/QĐ-BVSH ngày 16/01/2025\n", "awards: chiến sĩ thi đua\n"),
        S,
        11,
        "E203",
        "awards",
    ),
    Case("E204-status-typo", edit("status: published", "status: publish"), S, 16, "E204", "`published`"),
    Case("E204-kind-vietnamese", edit("kind: individual", "kind: cá nhân"), S, 3, "E204", "individual"),
    Case("E204-campaign-status-review", edit("status: published", "status: review", C), C, 18, "E204", "published"),
    Case("E205-february-30", edit("date: 2025-06-12", "date: 2025-02-30"), S, 7, "E205", "2025-02"),
    Case("E205-dd-mm-yyyy", edit("date: 2025-06-12", "date: 12/06/2025"), S, 7, "E205", "năm-tháng-ngày"),
    Case("E206-title-too-long", edit("title: Điều dưỡng Nguyễn Thị Lan giữ ấm những ca trực đêm", "title: " + LONG), S, 2, "E206", "150"),
    Case("E206-summary-too-long", edit("summary: Mười lăm năm", "summary: " + LONG * 2 + "Mười lăm năm"), S, 8, "E206", "400"),
    Case("E208-video-not-youtube", add("video: https://vimeo.com/123456"), S, 18, "E208", "youtube"),
    Case("E208-site-base-url-relative", edit("base_url: https://benhvien.example.vn/", "base_url: benhvien.example.vn", "content/site.yml"), "content/site.yml", 3, "E208", "https://"),
    Case("E209-updated-before-date", edit("date: 2025-06-12\n", "date: 2025-06-12\nupdated: 2025-01-01\n"), S, 8, "E209", "updated"),
    # -- references ------------------------------------------------------------------------
    Case("E301-unit-id-typo", edit("unit: hstc", "unit: hstcc"), S, 6, "E301", "`hstc`"),
    Case("E301-unit-name-typo", edit("unit: hstc", "unit: Khoa Nhí"), S, 6, "E301", "`Khoa Nhi`"),
    Case("E302-unknown-field", edit("y-duc]", "y-dux]"), S, 9, "E302", "`y-duc`"),
    Case("E303-unknown-award", edit("title: chien-si-thi-dua-co-so", "title: chien-si-thi-dua-co-sơ"), S, 13, "E303", "chien-si-thi-dua-co-so"),
    Case("E304-collective-award-on-individual", edit("title: chien-si-thi-dua-co-so", "title: tap-the-lao-dong-xuat-sac"), S, 13, "E304", "kind"),
    Case("E304-individual-award-on-collective", steps(edit("kind: individual", "kind: collective"), edit("name: Nguyễn Thị Lan", "name: Tập thể Khoa Hồi sức")), S, 13, "E304", "kind"),
    Case("E305-unknown-campaign", edit("campaigns: [thi-dua-2025]", "campaigns: [thi-dua-2052]"), S, 10, "E305", "`thi-dua-2025`"),
    Case("E306-bad-slug", steps(remove(S), write("content/exemplars/2025/Nguyen_Thi_Lan.md", STORY)), "content/exemplars/2025/Nguyen_Thi_Lan.md", 0, "E306", "nguyen-thi-lan"),
    Case("E307-duplicate-slug", write("content/exemplars/2024/nguyen-thi-lan.md", STORY), S, 0, "E307", "nguyen-thi-lan"),
    Case("E307-duplicate-campaign-slug", write("content/campaigns/cu/thi-dua-2025.md", CAMPAIGN), "content/campaigns/cu/thi-dua-2025.md", 0, "E307", "thi-dua-2025"),
    Case("E308-award-year-1900", edit("year: 2024", "year: 1900"), S, 12, "E308", "1945"),
    # -- consent -----------------------------------------------------------------------------
    Case("E401-published-individual-without-consent", edit("consent: Phiếu đồng ý ngày 02/6/2025, lưu tại Phòng TCCB\n", ""), S, 15, "E401", "consent"),
    Case("E402-patients-identifiable", add("patients_identifiable: true"), S, 18, "E402", "patient_consent"),
    Case("E403-consent-false", edit("consent: Phiếu đồng ý ngày 02/6/2025, lưu tại Phòng TCCB", "consent: false"), S, 15, "E403", "draft"),
    Case("E403-consent-list", edit("consent: Phiếu đồng ý ngày 02/6/2025, lưu tại Phòng TCCB", "consent: [có]"), S, 15, "E403", "consent"),
    # -- photos ----------------------------------------------------------------------------------
    Case("E501-path-traversal", steps(remove(S), write(FLAT, STORY.replace("tags:", "photo: ../../../etc/passwd\nphoto_alt: Ảnh\ntags:"))), FLAT, 17, "E501", "cạnh bài viết"),
    Case("E501-path-traversal-from-bundle", add("photo: ../../../../etc/passwd", "photo_alt: Ảnh"), S, 18, "E501", "cạnh bài viết"),
    Case("E501-absolute-path", add("photo: /abs/x.jpg", "photo_alt: Ảnh"), S, 18, "E501", "x.jpg"),
    Case("E501-windows-drive", add("photo: 'C:\\Users\\Lan\\anh.jpg'", "photo_alt: Ảnh"), S, 18, "E501", "`photo: anh.jpg`"),
    Case("E502-photo-not-found", add("photo: chan-dung.jpg", "photo_alt: Chân dung chị Lan"), S, 18, "E502", "tên tệp"),
    Case("E502-photo-wrong-case", steps(write(f"{STORY_DIR}/chan-dung.jpg", b"x"), add("photo: Chan-Dung.jpg", "photo_alt: Chân dung chị Lan")), S, 18, "E502", "chan-dung.jpg"),
    Case("E503-truncated-jpeg", lambda p: photo("chan-dung.jpg", jpeg()[: len(jpeg()) // 2])(p), S, 18, "E503", "ảnh gốc"),
    Case("E504-zero-byte-photo", photo("chan-dung.jpg", b""), S, 18, "E504", "ảnh gốc"),
    Case("E505-png-header-20000x20000", lambda p: photo("bom.png", png_claiming(20000, 20000))(p), S, 18, "E505", "megapixel"),
    Case("E505-png-12000x12000-bilevel", lambda p: photo("bom.png", png(12000, 12000, "1"))(p), S, 18, "E505", "megapixel"),
    Case("E506-gif", lambda p: photo("anh.gif", gif())(p), S, 18, "E506", "JPEG"),
    Case("E506-text-renamed-to-jpg", photo("anh.jpg", "Đây không phải là ảnh".encode()), S, 18, "E506", "JPEG"),
    Case("E507-photo-without-alt", lambda p: photo("chan-dung.jpg", jpeg(), alt=False)(p), S, 18, "E507", "photo_alt"),
    Case("E508-photo-focus-out-of-range", lambda p: steps(photo("chan-dung.jpg", jpeg()), add("photo_focus: [1.5, 0.3]"))(p), S, 18, "E508", "0.5"),
    # -- campaigns ------------------------------------------------------------------------------------
    Case("E601-campaign-ends-before-start", edit("end: 2025-12-31\nphases", "end: 2025-01-01\nphases", C), C, 7, "E601", "start"),
    Case("E602-phase-outside-period", edit("    end: 2025-12-31", "    end: 2026-01-31", C), C, 12, "E602", "start"),
    Case("E603-phases-overlap", edit("start: 2025-07-01", "start: 2025-06-01", C), C, 12, "E603", "đợt"),
    Case("E604-negative-quota", edit("individual: 5", "individual: -1", C), C, 17, "E604", "individual: 5"),
    Case("E605-phase-ends-before-start", edit("    end: 2025-06-30", "    end: 2025-01-30", C), C, 11, "E605", "end"),
    # -- events ---------------------------------------------------------------------------------------
    Case("E611-event-ends-before-start", write(EVENT_PATH, EVENT.replace("end: 2025-12-06", "end: 2025-12-01")), EVENT_PATH, 6, "E611", "start"),
    Case("E612-event-unknown-campaign", write(EVENT_PATH, EVENT.replace("campaign: thi-dua-2025", "campaign: thi-dua-2052")), EVENT_PATH, 10, "E612", "`thi-dua-2025`"),
    Case("E613-event-unknown-story", write(EVENT_PATH, EVENT.replace("[nguyen-thi-lan]", "[nguyen-thi-lam]")), EVENT_PATH, 11, "E613", "`nguyen-thi-lan`"),
    # -- body -------------------------------------------------------------------------------------------
    Case("E702-body-image-missing", edit("Hai giờ sáng,", "![Ca trực đêm](ca-truc.jpg)\n\nHai giờ sáng,"), S, 20, "E702", "tên tệp"),
    Case("E702-body-html-image-missing", edit("Hai giờ sáng,", '<img src="ca-truc.jpg" alt="Ca trực">\n\nHai giờ sáng,'), S, 20, "E702", "tên tệp"),
    Case("E501-body-image-outside-content", edit("Hai giờ sáng,", "![Mật khẩu](../../../../../etc/passwd)\n\nHai giờ sáng,"), S, 20, "E501", "cạnh bài viết"),
    Case(
        "E503-body-image-truncated",
        lambda p: steps(write(f"{STORY_DIR}/ca-truc.jpg", jpeg()[:300]), edit("Hai giờ sáng,", "![Ca trực đêm](ca-truc.jpg)\n\nHai giờ sáng,"))(p),
        S,
        20,
        "E503",
        "ảnh gốc",
    ),
    # -- what `build` used to be the first to trip on (issue 20, §4) ---------------------------------------------
    # a story's slug is its folder under the section, beside the section's own pages (urls.SECTION_FOLDERS)
    Case("E309-story-slug-tat-ca", rename_story("tat-ca"), BUNDLE.format("tat-ca"), 0, "E309", "nguyen-thi-lan"),
    Case("E309-story-slug-tim-kiem", steps(remove(S), write("content/exemplars/2025/tim-kiem.md", STORY)), "content/exemplars/2025/tim-kiem.md", 0, "E309", "nguyen-thi-lan"),
    Case("E309-story-slug-bang-vang", rename_story("bang-vang"), BUNDLE.format("bang-vang"), 0, "E309", "nguyen-thi-lan"),
    Case("E309-story-slug-nam", rename_story("nam"), BUNDLE.format("nam"), 0, "E309", "nguyen-thi-lan"),
    Case("E309-story-slug-don-vi", rename_story("don-vi"), BUNDLE.format("don-vi"), 0, "E309", "nguyen-thi-lan"),
    Case("E309-story-slug-anh", rename_story("anh"), BUNDLE.format("anh"), 0, "E309", "nguyen-thi-lan"),
    Case("E309-paths-the-same", site("paths: {exemplars: x, campaigns: x}"), "content/site.yml", 4, "E309", "campaigns"),
    Case("E309-paths-nested", site("paths:", "  exemplars: vinh-danh", "  campaigns: vinh-danh/phong-trao"), "content/site.yml", 6, "E309", "campaigns"),
    Case("E309-editor-path-is-the-section", site("editor:", "  path: guong-dien-hinh", "  backend: gitlab", "  repo: truyen-thong/vinh-danh"), "content/site.yml", 5, "E309", "campaigns"),
    Case("E309-paths-theme-assets", site("paths: {exemplars: assets}"), "content/site.yml", 4, "E309", "exemplars"),
    Case("E306-slug-239-characters-with-photo", lambda p: steps(photo("chan-dung.jpg", jpeg()), rename_story("a" * 239))(p), BUNDLE.format("a" * 239), 0, "E306", "ngắn"),
    Case("E306-body-image-name-240-characters", lambda p: steps(write(f"{STORY_DIR}/{'b' * 240}.jpg", jpeg()), body(f"![Ca trực đêm]({'b' * 240}.jpg)"))(p), S, 20, "E306", "ngắn"),
    Case("E708-list-nested-400-deep", body("\n".join("    " * i + "- mục" for i in range(400))), S, 70, "E708", "50"),
    Case("E708-quote-nested-400-deep", body("> " * 400 + "trích"), S, 20, "E708", "50"),
    Case("E707-body-of-250000-characters", body("Hai giờ sáng. " * 18_000), S, 20, "E707", "tách"),
    Case("E709-5000-brackets", body("[" * 5000), S, 20, "E709", "["),
    Case("E709-unclosed-links", body("[x](" * 2000), S, 20, "E709", "["),
    Case("E709-unclosed-tags", body("<a " * 2000), S, 20, "E709", "<"),
    # an image from another host is a request our pages make to it: a tracking pixel
    Case("E705-html-img-other-host", body('<img src="http://evil.example/pixel.gif" alt="Điểm ảnh">'), S, 20, "E705", "cạnh bài viết"),
    Case("E705-markdown-image-other-host", body("![Ảnh](https://evil.example/anh.jpg)"), S, 20, "E705", "cạnh bài viết"),
    Case(
        "E705-picture-source-other-host",
        lambda p: steps(write(f"{STORY_DIR}/ca-truc.jpg", jpeg()), body('<picture><source srcset="https://evil.example/a.webp 1x, b.webp 2x"><img src="ca-truc.jpg" alt="Ca trực"></picture>'))(p),
        S,
        20,
        "E705",
        "cạnh bài viết",
    ),
    Case("E705-scheme-relative", body("![Ảnh](//evil.example/anh.jpg)"), S, 20, "E705", "cạnh bài viết"),
    Case("E705-scheme-without-slashes", body('<img src="http:evil.example/p.gif" alt="Ảnh">'), S, 20, "E705", "cạnh bài viết"),
    Case("E705-backslash-as-slash", body('<img src="/\\evil.example/p.gif" alt="Ảnh">'), S, 20, "E705", "cạnh bài viết"),
    Case("E705-unquoted-src", body("<img src=https://evil.example/p.gif alt=Ảnh>"), S, 20, "E705", "cạnh bài viết"),
    Case("E705-entity-encoded-src", body('<img src="&#104;ttps://evil.example/p.gif" alt="Ảnh">'), S, 20, "E705", "cạnh bài viết"),
    Case("E705-reference-image", body("![Ảnh][a]\n\n[a]: https://evil.example/anh.jpg"), S, 20, "E705", "cạnh bài viết"),
    Case("E705-campaign-body", edit("Mỗi khoa chọn", "![Ảnh](https://evil.example/anh.jpg)\n\nMỗi khoa chọn", C), C, 21, "E705", "cạnh bài viết"),
    # -- registries ---------------------------------------------------------------------------------------
    Case("E801-site-yml-missing", remove("content/site.yml"), "content/site.yml", 0, "E801", "base_url"),
    Case("E801-site-yml-is-a-list", write("content/site.yml", "- name: Bệnh viện\n"), "content/site.yml", 1, "E801", "name"),
    Case("E802-units-yml-is-a-map", write("content/units.yml", "hstc: Khoa Hồi sức\n"), "content/units.yml", 1, "E802", "id"),
    Case("E802-duplicate-unit-id", write("content/units.yml", UNITS + "- id: nhi\n  name: Khoa Nhi 2\n  kind: khoa\n"), "content/units.yml", 7, "E802", "mã"),
    Case("E803-vocabulary-redefines-builtin", write("content/vocabulary.yml", "fields:\n  - id: y-duc\n    name: Y đức mới\n"), "content/vocabulary.yml", 2, "E803", "mã"),
    Case("E803-vocabulary-not-a-map", write("content/vocabulary.yml", "- y-duc\n"), "content/vocabulary.yml", 1, "E803", "fields"),
    Case("E804-site-url-differs-from-base-url", write("mkdocs.yml", "site_name: Bệnh viện\nsite_url: https://khac.example.vn/\n"), "mkdocs.yml", 2, "E804", "base_url"),
    # -- the candidate pipeline and eligibility rules (reading/pipeline.py, reading/rules.py) ----------------
    Case("E330-selected-without-proposal", add("selected:", "  level: tinh", "  date: 2026-01-05"), S, 18, "E330", "proposal"),
    Case("E204-proposal-level", add("proposal: {by: Khoa Nhi, level: xa, month: 2026-05}"), S, 18, "E204", "nganh"),
    Case("E205-proposal-month", add("proposal:", "  by: Khoa Nhi", "  level: nganh", "  month: 05/2026"), S, 21, "E205", "năm-tháng"),
    Case("E303-proposal-award", add("proposal:", "  by: Khoa Nhi", "  level: tinh", "  month: 2026-05", "  award: CSTĐ cấp tỉnh"), S, 22, "E303", "chien-si-thi-dua-cap-tinh"),
    Case("E304-proposal-award-for-collectives", add("proposal: {by: Khoa Nhi, level: tinh, month: 2026-05, award: tap-the-lao-dong-xuat-sac}"), S, 18, "E304", "kind"),
    Case("E201-cultivation-note-missing", add("cultivation:", "  - date: 2026-03-10"), S, 19, "E201", "note"),
    Case("E205-cultivation-date", add("cultivation:", "  - {date: 10/3/2026, note: Tập huấn}"), S, 19, "E205", "năm-tháng-ngày"),
    Case(
        "E303-rule-unknown-award",
        write("content/vocabulary.yml", "rules:\n  - title: chien-si-thi-dua-cap-tinh\n    text: 02 lần CSTĐCS\n    needs:\n      - {awards: [cstd-co-so], count: 2}\n"),
        "content/vocabulary.yml",
        5,
        "E303",
        "Có phải",
    ),
    Case(
        "E604-rule-count-zero",
        write("content/vocabulary.yml", "rules:\n  - title: chien-si-thi-dua-cap-tinh\n    text: x\n    needs:\n      - awards: [chien-si-thi-dua-co-so]\n        count: 0\n"),
        "content/vocabulary.yml",
        6,
        "E604",
        "count: 2",
    ),
    # -- registrations (content/registrations/, reading/registrations.py) --------------------------------
    Case("E331-registration-period-reversed", write(R, REGISTRATION.replace("2026-2030", "2030-2026")), R, 4, "E331", "2026-2030"),
    Case("E331-registration-aim-outside-period", write(R, REGISTRATION + "aims: [{year: 2031, title: tap-the-lao-dong-xuat-sac}]\n"), R, 5, "E331", "2030"),
    Case("E332-registration-unknown-story", write(R, REGISTRATION + "exemplar: nguyen-thi-lann\n"), R, 5, "E332", "`nguyen-thi-lan`"),
    Case("E304-registration-aim-for-a-person", write(R, REGISTRATION + "aims: [{year: 2027, title: chien-si-thi-dua-co-so}]\n"), R, 5, "E304", "kind"),
    Case("E333-recognition-on-a-persons-story", add("recognition: tinh"), S, 18, "E333", "subject: model"),
    Case("E202-registration-key-typo", write(R, REGISTRATION + "pakt: Giao ước\n"), R, 5, "E202", "`pact`"),
    Case("E105-registration-is-a-list", write(R, "- kind: collective\n- unit: nhi\n"), R, 1, "E105", "period"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(project: Project, case: Case) -> None:
    case.setup(project)
    status, report = project.validate()
    text_status, text = project.run()
    assert status == text_status == 1, text
    assert "Traceback" not in text
    found = [(d["path"], d["line"], d["code"]) for d in report["diagnostics"]]
    assert (case.path, case.line, case.code) in found, text
    # The text report says the same, in the `path:line:col: CODE` shape.
    located = {(m["path"], int(m["line"] or 0), m["code"]) for m in TEXT_LINE.finditer(text)}
    assert (case.path, case.line, case.code) in located, text
    for d in report["diagnostics"]:
        assert d["path"] and re.fullmatch(r"[EW]\d{3}", d["code"]), d
        assert looks_vietnamese(d["message"]), d["message"]
        if d["severity"] == "error":
            assert d["hint"].strip(), d
    wanted = next(d for d in report["diagnostics"] if (d["path"], d["line"], d["code"]) == (case.path, case.line, case.code))
    assert case.hint_has.lower() in wanted["hint"].lower(), wanted
    assert report["errors"] == sum(d["severity"] == "error" for d in report["diagnostics"]) >= 1


def test_catalogue_covers_every_error_code() -> None:
    covered = {c.code for c in CASES}
    expected = {
        f"E{n}"
        for n in (
            101,
            102,
            103,
            104,
            105,
            106,
            107,
            108,
            109,
            201,
            202,
            203,
            204,
            205,
            206,
            208,
            209,
            301,
            302,
            303,
            304,
            305,
            306,
            307,
            308,
            309,
            330,
            331,
            332,
            333,
            401,
            402,
            403,
            501,
            502,
            503,
            504,
            505,
            506,
            507,
            508,
            601,
            602,
            603,
            604,
            605,
            611,
            612,
            613,
            702,
            705,
            707,
            708,
            709,
            801,
            802,
            803,
            804,
        )
    }
    assert expected <= covered, sorted(expected - covered)
    assert len(CASES) >= 40


# -- what is NOT an error -----------------------------------------------------------------------


def test_word_and_zalo_paste_is_not_an_error(project: Project) -> None:
    """NFD text, a BOM, CRLF line ends and non-breaking spaces validate clean."""
    from vinhdanh.content.reader import load

    pasted = STORY.replace("chị Lan xây dựng", "chị\u00a0Lan xây\u00a0dựng")
    data = "\ufeff" + unicodedata.normalize("NFD", pasted).replace("\n", "\r\n")
    project.write(STORY_PATH, data.encode("utf-8"))
    assert b"\r\n" in project.path(STORY_PATH).read_bytes()
    status, report = project.validate()
    assert (status, report["errors"], report["warnings"]) == (0, 0, 0), report
    import datetime as dt

    result = load(project.root, dt.date(2026, 6, 1))
    story = result.content.exemplar("nguyen-thi-lan")
    nfc = unicodedata.normalize("NFC", "Nguyễn Thị Lan")
    assert story.name == nfc and story.name != unicodedata.normalize("NFD", nfc)
    assert "\u00a0" not in story.summary and "chị Lan xây dựng" in story.summary
    assert "\r" not in story.body


def test_old_tone_placement_in_unit_name_is_accepted(project: Project) -> None:
    project.write("content/units.yml", UNITS + "- id: kham\n  name: Khoa Khám bệnh - Hòa Bình\n  kind: khoa\n")
    project.edit(STORY_PATH, "unit: hstc", "unit: Khoa Khám bệnh - Hoà Bình")
    status, report = project.validate()
    assert status == 0, report


def test_consent_false_on_a_draft_is_not_an_error(project: Project) -> None:
    project.edit(STORY_PATH, "consent: Phiếu đồng ý ngày 02/6/2025, lưu tại Phòng TCCB", "consent: false")
    project.edit(STORY_PATH, "status: published", "status: draft")
    status, report = project.validate()
    assert status == 0, report


def test_warnings_alone_exit_zero(project: Project) -> None:
    project.write(f"{STORY_DIR}/nho.png", png(300, 200))
    project.edit(STORY_PATH, "tags: [điều dưỡng, hồi sức]\n", "tags: [điều dưỡng, hồi sức]\nphoto: nho.png\nphoto_alt: Ảnh nhỏ\n")
    project.write(f"{STORY_DIR}/ca-truc.png", png(10, 10))
    project.edit(STORY_PATH, "Hai giờ sáng,", '![](ca-truc.png)\n\n<p onclick="x()">Hai giờ sáng,</p>')
    project.edit("content/campaigns/thi-dua-2025.md", "individual: 5", "individual: 0")
    status, report = project.validate()
    codes = {(d["path"], d["line"], d["code"]) for d in report["diagnostics"]}
    assert codes == {
        (STORY_PATH, 18, "W502"),
        (STORY_PATH, 22, "W703"),
        (STORY_PATH, 22, "W502"),  # body images follow the photo rules too
        (STORY_PATH, 24, "W701"),
        (CAMPAIGN_PATH, 15, "W601"),
    }, report
    assert status == 0 and report["errors"] == 0 and report["warnings"] == 5
    for d in report["diagnostics"]:
        assert d["severity"] == "warning" and looks_vietnamese(d["message"]) and d["hint"]


@pytest.mark.parametrize("scheme", ["javascrıpt:", "JAVAſCRIPT:", "JavaScript:"])  # dotless ı, long ſ: the check ignores case as Unicode does
def test_unsafe_link_is_warned_whatever_else_the_body_holds(project: Project, scheme: str) -> None:
    """W701 for a `javascript:` link does not depend on whether the body also has `<`, `=` or an image."""
    project.edit(STORY_PATH, "Hai giờ sáng,", f"[Xem thêm]({scheme}alert(1))\n\nHai giờ sáng,")
    alone = project.validate()[1]["diagnostics"]
    project.edit(STORY_PATH, "máy thở đều đều.", "máy thở đều đều: nhịp 1 = 1.")
    beside = project.validate()[1]["diagnostics"]
    assert [(d["line"], d["code"]) for d in alone] == [(20, "W701")], alone
    assert [(d["line"], d["code"]) for d in beside] == [(20, "W701")], beside


def test_huge_photo_file_is_a_warning(project: Project) -> None:
    big = png(800, 600)
    big = big[:-12] + _chunk(b"zzZZ", b"\0" * (16 * 1024 * 1024)) + big[-12:]  # a private ancillary chunk
    project.write(f"{STORY_DIR}/lon.png", big)
    project.edit(STORY_PATH, "tags: [điều dưỡng, hồi sức]\n", "tags: [điều dưỡng, hồi sức]\nphoto: lon.png\nphoto_alt: Ảnh lớn\n")
    status, report = project.validate()
    assert status == 0, report
    assert [(d["line"], d["code"]) for d in report["diagnostics"]] == [(18, "W501")]


# -- reporting -----------------------------------------------------------------------------------


def test_all_errors_of_a_file_at_once_sorted(project: Project) -> None:
    project.edit(STORY_PATH, "kind: individual", "kind: ca-nhan")
    project.edit(STORY_PATH, "date: 2025-06-12", "date: 2025-02-30")
    project.edit(STORY_PATH, "status: published", "status: publish")
    project.edit(CAMPAIGN_PATH, "individual: 5", "individual: -1")
    status, report = project.validate()
    assert status == 1
    found = [(d["path"], d["line"], d["code"]) for d in report["diagnostics"]]
    assert found == [
        (CAMPAIGN_PATH, 17, "E604"),
        (STORY_PATH, 3, "E204"),
        (STORY_PATH, 7, "E205"),
        (STORY_PATH, 16, "E204"),
    ]
    _, text = project.run()
    assert [m["code"] for m in TEXT_LINE.finditer(text)] == ["E604", "E204", "E205", "E204"]
    assert text.rstrip().endswith("4 lỗi, 0 cảnh báo.")


def test_random_binary_file_is_an_error_not_a_crash(project: Project) -> None:
    project.write(STORY_PATH, bytes(range(256)) * 4)
    status, text = project.run()
    assert status == 1 and "Traceback" not in text
    assert f"{STORY_PATH}:2:118:" in text  # byte 0x80 follows the newline at byte 10 and "E101" in text


# -- alt text and what is not public (warnings) ----------------------------------------------


@pytest.mark.parametrize(
    "markup, code",
    [
        ("![](ca-truc.jpg)", "W703"),
        ("![   ](ca-truc.jpg)", "W703"),
        ("![][anh-1]\n\n[anh-1]: ca-truc.jpg", "W703"),
        ('<img src="ca-truc.jpg">', "W703"),
        ('<IMG SRC="ca-truc.jpg" ALT="">', "W703"),
        ('<iMg src="ca-truc.jpg">', "W703"),  # any letter case, as browsers read it
        ('<img data-alt="Ca trực" src="ca-truc.jpg">', "W703"),  # not the alt attribute
        ('<p><img\n  src="ca-truc.jpg"\n  width="800"></p>', "W703"),  # a tag over three lines, as Word pastes it
        ("![IMG_2034.JPG](ca-truc.jpg)", "W704"),
        ('<img src="ca-truc.jpg" alt="ca-truc.jpg">', "W704"),
    ],
)
def test_body_image_without_a_text_alternative_is_a_warning(project: Project, markup: str, code: str) -> None:
    project.write(f"{STORY_DIR}/ca-truc.jpg", jpeg())
    project.edit(STORY_PATH, "Hai giờ sáng,", f"Đoạn mở đầu.\n\n{markup}\n\nHai giờ sáng,")
    status, report = project.validate()
    assert status == 0, report
    found = [(d["path"], d["line"], d["column"], d["code"], d["field"]) for d in report["diagnostics"]]
    assert found == [(STORY_PATH, 22, 1 + markup.startswith("<p>") * 3, code, "")], report
    (d,) = report["diagnostics"]
    assert d["severity"] == "warning" and looks_vietnamese(d["message"]) and "ví dụ" in d["hint"].lower()
    _, text = project.run()
    assert f"{STORY_PATH}:22:" in text and code in text


@pytest.mark.parametrize(
    "markup",
    [
        "![Chị Lan bàn giao người bệnh lúc đổi ca](ca-truc.jpg)",
        '<img src="ca-truc.jpg" alt="Chị Lan bàn giao người bệnh lúc đổi ca">',
        "<img alt='Chị Lan bàn giao' src=\"ca-truc.jpg\">",
        '<img src="ca-truc.jpg" alt=Lan>',
    ],
)
def test_body_image_with_alt_text_is_quiet(project: Project, markup: str) -> None:
    project.write(f"{STORY_DIR}/ca-truc.jpg", jpeg())
    project.edit(STORY_PATH, "Hai giờ sáng,", f"{markup}\n\nHai giờ sáng,")
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report


@pytest.mark.parametrize(
    "campaign_status, date, words",
    [
        ("draft", "2025-01-15", "bản nháp"),
        ("withdrawn", "2025-01-15", "đã gỡ"),
        ("published", "2099-01-15", "15/01/2099"),  # announced later: the link appears on that day
    ],
)
def test_published_story_naming_a_hidden_campaign_is_a_warning(project: Project, campaign_status: str, date: str, words: str) -> None:
    project.edit(CAMPAIGN_PATH, "status: published", f"status: {campaign_status}")
    project.edit(CAMPAIGN_PATH, "date: 2025-01-15", f"date: {date}")
    status, report = project.validate()
    assert status == 0, report
    found = [(d["path"], d["line"], d["code"], d["field"]) for d in report["diagnostics"]]
    assert found == [(STORY_PATH, 10, "W602", "campaigns")], report
    (d,) = report["diagnostics"]
    assert "thi-dua-2025" in d["message"] and words in d["message"] and CAMPAIGN_PATH in d["hint"]


def test_draft_story_naming_a_draft_campaign_is_quiet(project: Project) -> None:
    project.edit(CAMPAIGN_PATH, "status: published", "status: draft")
    project.edit(STORY_PATH, "status: published", "status: draft")
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report


# -- what `validate` passes, `build` builds (issue 20, §4) ----------------------------------------------

HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    "setup, path, line, column, char",
    [
        (edit("Hai giờ sáng,", "Hai giờ\x0b sáng,"), S, 20, 8, "U+000B"),  # Word's manual line break
        (edit("Hai giờ sáng,", "Hai giờ\x1b[31m sáng,"), S, 20, 8, "U+001B"),  # a terminal colour code
        (edit("name: Nguyễn Thị Lan", "name: Nguyễn Thị \u202eLan"), S, 4, 18, "U+202E"),  # right-to-left override
        (edit("name: Nguyễn Thị Lan", "name: Nguyễn \u2066Thị\u2069 Lan"), S, 4, 14, "U+2066"),
        (edit("summary: Mười", "summary: \ufffeMười"), S, 8, 10, "U+FFFE"),
        (edit("title: Điều", "title: \x9bĐiều"), S, 2, 8, "U+009B"),
        (edit("name: Nguyễn Thị Lan", 'name: "Nguyễn Thị \\u202eLan"'), S, 4, 7, "U+202E"),  # a YAML escape
        (edit("name: Nguyễn Thị Lan", 'name: "Nguyễn Thị \\eLan"'), S, 4, 7, "U+001B"),
        (body("Hai giờ &#x202E;sáng"), S, 20, 9, "U+202E"),  # an HTML character reference
        (body("Hai giờ &#11; sáng"), S, 20, 9, "U+000B"),
        (edit("name: Khoa Nhi", "name: Khoa \u202eNhi", "content/units.yml"), "content/units.yml", 5, 14, "U+202E"),
    ],
    ids=["vt-body", "esc-body", "rlo-name", "isolate-name", "fffe-summary", "c1-title", "yaml-escape-rlo", "yaml-escape-esc", "entity-rlo", "entity-vt", "rlo-unit"],
)
def test_invisible_controls_are_removed_with_a_warning(project: Project, setup: Setup, path: str, line: int, column: int, char: str) -> None:
    """Control and bidi characters are cleaned like zero-width ones, and said where they were."""
    import datetime as dt

    from vinhdanh.content.reader import load
    from vinhdanh.render.body import safe_html

    setup(project)
    status, report = project.validate()
    assert status == 0, report
    found = [(d["path"], d["line"], d["column"], d["code"]) for d in report["diagnostics"]]
    assert found == [(path, line, column, "W101")], report
    (d,) = report["diagnostics"]
    assert char in d["message"] and looks_vietnamese(d["message"]) and d["hint"]
    assert not HIDDEN.search(d["message"] + d["hint"]), d  # named by its code point, never printed raw
    content = load(project.root, dt.date(2026, 6, 1)).content
    story = content.exemplar("nguyen-thi-lan")
    for text in (story.title, story.name, story.summary, safe_html(story.body), *(u.name for u in content.units.values())):
        assert not HIDDEN.search(text), repr(text)


def test_invisible_character_in_a_file_name_is_named_and_the_suggested_slug_is_free(project: Project) -> None:
    bad = "content/exemplars/2025/nguyen-thi-lan\u202e.md"
    project.write(bad, STORY.replace("Nguyễn Thị Lan", "Nguyễn Thị Lan B"))
    status, report = project.validate()
    assert status == 1
    (d,) = [d for d in report["diagnostics"] if d["code"] == "E306"]
    assert d["path"] == bad and "U+202E" in d["message"] and not HIDDEN.search(d["message"] + d["hint"]), d
    assert "`nguyen-thi-lan-2`" in d["hint"], d  # `nguyen-thi-lan` is the conftest story's


def test_image_from_our_own_host_and_links_elsewhere_are_quiet(project: Project) -> None:
    project.edit(STORY_PATH, "Hai giờ sáng,", "![Ca trực](https://benhvien.example.vn/anh/ca-truc.jpg)\n\nXem [báo](https://baosuckhoe.example.vn/bai).\n\nHai giờ sáng,")
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report


def test_image_host_the_site_allows_is_a_warning(project: Project) -> None:
    site("image_hosts: [anh.benhvien.example.vn]")(project)
    project.edit(STORY_PATH, "Hai giờ sáng,", '<img src="https://ANH.benhvien.example.vn/x.jpg" alt="Ca trực">\n\n![Ảnh](https://evil.example/a.jpg)\n\nHai giờ sáng,')
    status, report = project.validate()
    assert status == 1
    assert [(d["line"], d["code"], d["severity"]) for d in report["diagnostics"]] == [(20, "W706", "warning"), (22, "E705", "error")], report


def test_image_hosts_must_be_host_names(project: Project) -> None:
    site("image_hosts: [https://anh.benhvien.example.vn/]")(project)
    status, report = project.validate()
    assert status == 1
    assert [(d["path"], d["line"], d["code"], d["field"]) for d in report["diagnostics"]] == [("content/site.yml", 4, "E208", "image_hosts")], report


def test_what_the_guide_allows_is_allowed(project: Project) -> None:
    """The guide and the code agree: a JPEG named `.png` is read by its content; `base_url` may be `http://`."""
    project.write(f"{STORY_DIR}/chan-dung.png", jpeg())
    project.edit(STORY_PATH, "tags: [điều dưỡng, hồi sức]\n", "tags: [điều dưỡng, hồi sức]\nphoto: chan-dung.png\nphoto_alt: Chân dung chị Lan\n")
    project.edit("content/site.yml", "https://benhvien", "http://benhvien")
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report
    guide = (Path(__file__).resolve().parent.parent / "docs" / "huong-dan-soan-bai.md").read_text(encoding="utf-8")
    assert "sẽ báo lỗi" not in guide.split("## 7. Ảnh")[1].split("##")[0]
    assert "`base_url` không bắt đầu bằng `https://`" not in guide
    from vinhdanh.pages.urls import SECTION_FOLDERS

    assert all(f"`{name}`" in guide.split("## 2.")[0] for name in SECTION_FOLDERS)  # the names a story may not take


# -- the build ----------------------------------------------------------------------------------------------

NEW_CASES = [c for c in CASES if c.code in ("E309", "E705", "E707", "E708", "E709") or (c.id.startswith("E306-") and c.id != "E306-bad-slug")]


def buildable(project: Project) -> Project:
    """The catalogue's project plus what MkDocs needs to build it."""
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "overrides", project.root / "overrides")
    project.write("pages/index.md", "# Trang chủ\n")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0].replace("benhvien-songhau.example.vn", "benhvien.example.vn")
    project.write("mkdocs.yml", config + "\n")
    return project


def build(project: Project, site: Path) -> tuple[int, str]:
    import datetime as dt

    from vinhdanh.site.build import build_command

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = build_command(project.root, Path("mkdocs.yml"), site, dt.date(2026, 6, 1))
    return status, err.getvalue()


@pytest.mark.parametrize("case", NEW_CASES, ids=[c.id for c in NEW_CASES])
def test_build_refuses_what_validate_refuses(project: Project, case: Case, tmp_path: Path) -> None:
    """Refused before MkDocs runs, with the file and line: never a build that trips, or replaces a page."""
    case.setup(buildable(project))
    status, err = build(project, tmp_path / "site")
    assert status == 1 and "Traceback" not in err
    where = f"{case.path}:{case.line}:" if case.line else f"{case.path}: "
    assert where in err and case.code in err, err
    assert "KHÔNG được dựng" in err and not (tmp_path / "site").exists()


def test_cleaned_characters_reach_no_output_and_limits_build(project: Project, tmp_path: Path) -> None:
    """Every control and bidi character cleaned; the longest slugs accepted build; the section's own
    folders are the reserved ones (urls.SECTION_FOLDERS): a new page the list misses fails here."""
    from vinhdanh.pages.urls import SECTION_FOLDERS

    buildable(project)
    project.edit(STORY_PATH, "name: Nguyễn Thị Lan", 'name: "Nguyễn Thị \\u202eLan\u202e"')
    project.edit(STORY_PATH, "title: Điều dưỡng", "title: Điều\x9b dưỡng")
    project.edit(STORY_PATH, "Hai giờ sáng,", "Hai giờ\x0b sáng &#x1b;[31m &#x202E;đỏ\x1b[0m,")
    project.edit("content/units.yml", "name: Khoa Hồi sức", "name: Khoa \u2067Hồi sức")
    longest = "a" * 200  # the longest slug a story or campaign may have, with a photo
    project.write(f"content/exemplars/2026/{longest}/index.md", STORY.replace("tags:", "photo: anh.jpg\nphoto_alt: Chị Lan trực đêm\ntags:"))
    project.write(f"content/exemplars/2026/{longest}/anh.jpg", jpeg())
    project.write(f"content/exemplars/2026/{longest}/{'c' * 200}.jpg", jpeg())
    project.edit(f"content/exemplars/2026/{longest}/index.md", "Hai giờ sáng,", f"![Ca trực đêm]({'c' * 200}.jpg)\n\nHai giờ sáng,")
    project.write(f"content/campaigns/{'b' * 200}/index.md", CAMPAIGN.replace("status:", "photo: anh.jpg\nphoto_alt: Lễ phát động\nstatus:"))
    project.write(f"content/campaigns/{'b' * 200}/anh.jpg", jpeg())
    status, report = project.validate()
    assert status == 0 and {d["code"] for d in report["diagnostics"]} == {"W101"}, report
    site_dir = tmp_path / "site"
    status, err = build(project, site_dir)
    assert status == 0, err
    written = [p for p in site_dir.rglob("*") if p.suffix in (".html", ".xml", ".json") and "pagefind" not in p.parts]  # pages, feeds, embeds
    assert len(written) > 10
    for path in written:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not HIDDEN.search(text), (path, HIDDEN.search(text))
    story = (site_dir / "guong-dien-hinh/nguyen-thi-lan/index.html").read_text(encoding="utf-8")
    assert "Nguyễn Thị Lan" in story and "sáng [31m đỏ[0m," in story
    assert (site_dir / f"guong-dien-hinh/{longest}/index.html").is_file() and (site_dir / f"phong-trao-thi-dua/{'b' * 200}/index.html").is_file()
    images = [p.name for p in (site_dir / "guong-dien-hinh/anh").iterdir()]
    for made in (f"{longest}-the-", f"phong-trao-{'b' * 200}-the-", f"{longest}-", f"{'b' * 200}-", f"{'c' * 200}-"):  # cards, photos, body image
        assert any(name.startswith(made) and len(name.encode()) > 215 for name in images), (made, images)
    slugs = {"nguyen-thi-lan", longest}
    folders = {p.name for p in (site_dir / "guong-dien-hinh").iterdir() if p.is_dir()}
    assert folders - slugs <= set(SECTION_FOLDERS) and folders >= slugs, folders - slugs - set(SECTION_FOLDERS)


def test_the_worst_body_validate_passes_converts_in_seconds(project: Project) -> None:
    """Nesting, unclosed brackets and length just under the limits: Markdown takes seconds, not minutes
    (400 nested lists exhausted the stack; 1,000 unclosed `[` before 180,000 characters took 176 s)."""
    import time

    from vinhdanh.content.reading.shape import BODY_MAX, REACH_MAX
    from vinhdanh.render.body import safe_html

    unclosed = "[" * 19 + "Hai giờ sáng. " * 7_000 + "\n\n"  # each `[` scans the 98,000 characters after it
    nested = "\n".join("    " * i + "- mục" for i in range(49)) + "\n\n" + "> " * 49 + "trích\n\n"
    text = (unclosed + nested * (BODY_MAX // len(nested)))[: BODY_MAX - 100]
    project.edit(STORY_PATH, "Hai giờ sáng,", text + "\n\nHai giờ sáng,")
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report
    started = time.perf_counter()
    safe_html(text)
    assert time.perf_counter() - started < 10
    project.edit(STORY_PATH, "[" * 19, "[" * 21)  # over the reach: refused, at the line of the scans
    status, report = project.validate()
    assert [(d["line"], d["code"]) for d in report["diagnostics"]] == [(20, "E709")] and REACH_MAX < 21 * 98_000, report
