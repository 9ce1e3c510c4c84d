"""Vietnamese text rules (conventions.md): slugs, folding, tone placement, names, dates."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vinhdanh.content.text import (
    admin_date,
    collation_key,
    find_hidden,
    fold,
    free_slug,
    is_slug,
    name_order_key,
    normalize,
    slugify,
    strip_hidden,
    title_case_name,
    tone_insensitive_placement,
    visible,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- normalize ------------------------------------------------------------------------------


def test_normalize_cleans_what_word_and_zalo_paste() -> None:
    pasted = "\ufeff" + nfd("Nguyễn\u00a0Thị\u200bLan") + "\r\nKhoa\u202fNhi\rhết"
    assert normalize(pasted) == "Nguyễn ThịLan\nKhoa Nhi\nhết"
    assert unicodedata.is_normalized("NFC", normalize(pasted))


# -- slugify --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Nguyễn Thị Lan", "nguyen-thi-lan"),
        ("Đặng Thị Mỹ Linh", "dang-thi-my-linh"),
        ("ĐOÀN ĐỨC ĐẠT", "doan-duc-dat"),
        ("Khoa Hồi sức tích cực - Chống độc", "khoa-hoi-suc-tich-cuc-chong-doc"),
        ("Thầy thuốc như mẹ hiền 2027", "thay-thuoc-nhu-me-hien-2027"),
        ("Trương Công Danh (BS.CKII)", "truong-cong-danh-bs-ckii"),
        ("  --Ưu tú--  ", "uu-tu"),
        ("Phiếu đồng ý 12/3/2025", "phieu-dong-y-12-3-2025"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(nfd(text)) == slug  # Word's "Unicode tổ hợp" gives the same slug


def test_slugify_maps_d_with_stroke_explicitly() -> None:
    # U+0111 has no decomposition: dropping combining marks alone would lose it.
    assert unicodedata.decomposition("đ") == ""
    assert slugify("đ Đ") == "d-d"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_slugify_always_gives_a_slug(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or is_slug(slug)
    assert slugify(slug) == slug


@pytest.mark.parametrize(
    "text, ok",
    [
        ("nguyen-thi-lan", True),
        ("khoa-nhi-2025", True),
        ("2025", True),
        ("Nguyen-Thi-Lan", False),
        ("nguyen_thi_lan", False),
        ("nguyen--lan", False),
        ("-lan", False),
        ("lan-", False),
        ("nguyễn", False),
        ("", False),
    ],
)
def test_is_slug(text: str, ok: bool) -> None:
    assert is_slug(text) is ok


# -- fold and tone placement ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Nguyễn Thị Lan", "nguyen thi lan"),
        ("ĐẶNG", "dang"),
        ("\u00d0iều dưỡng", "dieu duong"),  # Ð (U+00D0), as legacy TCVN3/VNI converters write Đ
        ("Khoa Hồi sức", "khoa hoi suc"),
        ("Ưu tú, Ơn", "uu tu, on"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(nfd(text)) == folded


def _fold_by_definition(text: str) -> str:
    """fold() as first written: every character with a combining class dropped, one at a time."""
    text = text.translate(str.maketrans("đĐðÐ", "dDdD"))
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)).lower()


def test_fold_drops_exactly_the_combining_marks_of_every_code_point() -> None:
    """The quick fold (a regex for U+0300-U+036F, then the rest asked) equals the definition
    on every code point: U+034F (class 0) stays, a mark of another script goes."""
    points = (chr(cp) for cp in range(0x110000) if not 0xD800 <= cp < 0xE000)
    assert [ch for ch in points if fold(ch) != _fold_by_definition(ch)] == []
    assert fold("a\u034fb") == "a\u034fb" and fold("a\u0591b\U0001d167") == "ab"


@settings(max_examples=400)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("đĐðÐ“”—\u0300\u0323\u034f\u0591ạệỹ"))))
def test_fold_equals_its_definition_on_any_text(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


@pytest.mark.parametrize("old, new", [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("Hoà Bình", "hòa bình"), ("Khoa Hồi sức", nfd("khoa hồi sức"))])
def test_tone_placement_old_and_new_are_the_same_word(old: str, new: str) -> None:
    assert tone_insensitive_placement(old) == tone_insensitive_placement(new)


@pytest.mark.parametrize("a, b", [("hoá", "hòa"), ("hoa", "hòa"), ("thuỷ", "thùy"), ("Nhi", "Nhí")])
def test_tone_placement_still_distinguishes_tones(a: str, b: str) -> None:
    assert tone_insensitive_placement(a) != tone_insensitive_placement(b)


# -- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("trần văn truyền", "Trần Văn Truyền"),
        ("NGUYỄN THỊ LAN", "Nguyễn Thị Lan"),
        ("  lê   thị hồng nhung ", "Lê Thị Hồng Nhung"),
        ("đặng thị mỹ linh", "Đặng Thị Mỹ Linh"),
        ("h'hen niê", "H'hen Niê"),
        ("y-moan ênuôl", "Y-Moan Ênuôl"),
    ],
)
def test_title_case_name(typed: str, shown: str) -> None:
    assert title_case_name(typed) == shown


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_order_key)


def test_given_name_prefix_and_tone_order() -> None:
    assert sort_names(["Trần Thị Ánh", "Lê Văn Anh", "Phạm Thị An"]) == ["Phạm Thị An", "Lê Văn Anh", "Trần Thị Ánh"]


def test_same_given_name_then_middle_name() -> None:
    # Given name Bình in both; middle names "Thị" < "Văn" (t < v), so Nguyễn Thị Bình first.
    assert sort_names(["Lê Văn Bình", "Nguyễn Thị Bình"]) == ["Nguyễn Thị Bình", "Lê Văn Bình"]


def test_same_given_and_middle_then_family_name() -> None:
    assert sort_names(["Trần Văn Nam", "Lê Văn Nam"]) == ["Lê Văn Nam", "Trần Văn Nam"]


def test_given_name_wins_over_family_name() -> None:
    assert sort_names(["An Văn Tú", "Vũ Thị Bích"]) == ["Vũ Thị Bích", "An Văn Tú"]


def test_vietnamese_letter_order() -> None:
    # a ă â … d đ … o ô ơ … u ư: the marked letters are letters, not tones.
    assert sort_names(["Lê Văn Đức", "Lê Văn Dũng", "Lê Văn Em"]) == ["Lê Văn Dũng", "Lê Văn Đức", "Lê Văn Em"]
    assert sort_names(["Hồ Thị Ân", "Hồ Thị Ăn", "Hồ Thị Ba", "Hồ Thị An"]) == ["Hồ Thị An", "Hồ Thị Ăn", "Hồ Thị Ân", "Hồ Thị Ba"]
    assert sort_names(["Lý Thị Ưng", "Lý Thị Uyên", "Lý Thị Vân"]) == ["Lý Thị Uyên", "Lý Thị Ưng", "Lý Thị Vân"]
    assert sort_names(["Ngô Ơn", "Ngô Ôn", "Ngô On"]) == ["Ngô On", "Ngô Ôn", "Ngô Ơn"]


def test_tone_order_none_huyen_hoi_nga_sac_nang() -> None:
    names = ["Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà", "Lê Ma"]
    assert sort_names(names) == ["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"]


def test_letters_before_tones() -> None:
    # "Ánh" has a tone but its letters a-n-h come before "Ba": letters decide first.
    assert sort_names(["Lê Ba", "Lê Ánh"]) == ["Lê Ánh", "Lê Ba"]


def test_name_order_ignores_nfd_and_case() -> None:
    assert name_order_key(nfd("Nguyễn Thị Bình")) == name_order_key("nguyễn thị bình")
    assert name_order_key("") == ()
    assert name_order_key("Lan") == collation_key("Lan")


# -- administrative dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, month, year, text",
    [
        (5, 2, 2025, "ngày 05 tháng 02 năm 2025"),
        (5, 7, 2025, "ngày 05 tháng 7 năm 2025"),
        (15, 12, 2025, "ngày 15 tháng 12 năm 2025"),
        (1, 1, 2026, "ngày 01 tháng 01 năm 2026"),
        (10, 10, 2026, "ngày 10 tháng 10 năm 2026"),
        (9, 3, 2026, "ngày 09 tháng 3 năm 2026"),
        (28, 2, 2026, "ngày 28 tháng 02 năm 2026"),
    ],
)
def test_admin_date(day: int, month: int, year: int, text: str) -> None:
    assert admin_date(day, month, year) == text


# -- control and bidi characters (issue 20, §4) --------------------------------------------------

XML_REFUSES = {*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF}
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_normalize_removes_controls_and_bidi_and_keeps_words_apart() -> None:
    assert normalize("Hai giờ\x0bsáng\x0cnay\x85,\x1b[31m đỏ \u202eLan\u2066 \x00\x7f\x9b\ufffe") == "Hai giờ sáng nay ,[31m đỏ Lan "
    assert normalize("a\tb\nc") == "a\tb\nc"  # tab and line ends stay


@given(st.text(alphabet=st.characters(codec="utf-8")))
@settings(max_examples=300)
def test_nothing_normalize_gives_is_refused_by_xml_or_reorders_text(text: str) -> None:
    clean = normalize(text)
    assert not any(ord(ch) in XML_REFUSES or ch in BIDI or 0x7F <= ord(ch) <= 0x9F for ch in clean), repr(clean)
    assert find_hidden(clean) is None and strip_hidden(clean) == clean


def test_find_hidden_says_where_and_how_many() -> None:
    assert find_hidden("Nguyễn Thị Lan") is None
    assert find_hidden("ab\u202ec\x1bd\u200b") == (2, 2)  # zero-width spaces are cleaned without a word


def test_visible_names_what_cannot_be_seen() -> None:
    assert visible("nguyen-thi-lan\u202e") == "nguyen-thi-lan[U+202E]"
    assert visible("a\u200bb\x1bc") == "a[U+200B]b[U+001B]c"
    assert visible("Nguyễn Thị Lan") == "Nguyễn Thị Lan"


def test_free_slug_skips_the_taken() -> None:
    assert free_slug("nguyen-thi-lan", set()) == "nguyen-thi-lan"
    assert free_slug("nguyen-thi-lan", {"nguyen-thi-lan", "nguyen-thi-lan-2"}) == "nguyen-thi-lan-3"
