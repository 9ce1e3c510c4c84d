"""Card text drawn from cached glyphs (photos/lettering.py) and measured by its words
(photos/typeset.py) against Pillow itself: `draw.text` and `getlength` of the whole
line are the oracle, pixel for pixel and to the 1/64 px."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from vinhdanh.photos.cards import INK_BELOW
from vinhdanh.photos.lettering import FAST_SIZES, draw_line
from vinhdanh.photos.typeset import PLAIN, font, measure

LETTERS = sorted(PLAIN - {" "})
CARD_FACES = [(True, size) for size in (58, 54, 50, 46, 42)] + [(False, 26), (False, 30)]  # cards.py's headline, subline, body
LEADING = {(True, size): round(size * 1.25) for size in (58, 54, 50, 46, 42)} | {(False, 26): 36, (False, 30): 41}


def _drawn_both_ways(line: str, bold: bool, size: int, x: int = 3) -> tuple[bytes, bytes]:
    face = font(bold, size)
    width = int(face.getlength(line)) + x + 2 * size
    reference = Image.new("RGB", (width, size * 2), (10, 37, 64))
    ours = reference.copy()
    ImageDraw.Draw(reference).text((x, size // 3), line, font=face, fill=(255, 255, 255), anchor="la")
    draw_line(ImageDraw.Draw(ours), (x, size // 3), line, bold, size, (255, 255, 255))
    return reference.tobytes(), ours.tobytes()


ASCII = [chr(c) for c in range(0x21, 0x7F)]
REACHING = "fjJTRVWYĩĨ"  # the letters whose ink or kerning reaches furthest


@pytest.mark.parametrize(("bold", "size"), [(False, 26), (True, 58)])
def test_pairs_of_plain_letters_are_drawn_as_draw_text_draws_them(bold, size):
    """Kerned pairs, touching inks ('RA', 'Tĩ' in bold), the fonts' ligatures ('fi'):
    every pair of ASCII letters, and every letter beside those that reach furthest,
    in lines of pairs with one first letter, so words start at many fractions of a pixel."""
    pairs: dict[str, list[str]] = {}
    for first in ASCII:
        pairs[first] = [first + second for second in ASCII]
    for other in REACHING:
        pairs[f"{other}+"] = [other + ch for ch in LETTERS] + [ch + other for ch in LETTERS]
    for name, words in pairs.items():
        reference, ours = _drawn_both_ways(" ".join(words), bold, size)
        assert ours == reference, f"pairs of {name!r} at {size} px"


def test_random_lines_at_every_card_size_are_drawn_as_draw_text_draws_them():
    rng = random.Random(22)
    for bold, size in CARD_FACES:
        for _ in range(60):
            words = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 8))) for _ in range(rng.randint(1, 7))]
            line = " ".join(words)
            reference, ours = _drawn_both_ways(line, bold, size, x=rng.randint(0, 40))
            assert ours == reference, (size, line)


@pytest.mark.parametrize(
    "line",
    [
        "Nguyễn Thị Ánh Tuyết",
        "TRẦN VĂN RA · WAVY Tĩnh",  # inks that touch inside a word in bold
        "office fluor ﬁle affine",  # ligatures, and a ligature glyph typed as such
        "Lê  Văn   Hai ",  # runs of spaces, a trailing one
        " Đỗ",
        "",
        "Nguye\u0302\u0303n Thi\u0323",  # decomposed tones: combining marks are not plain
        "Bác sĩ 中文 名字",
        "مرحبا بالعالم",  # right to left
        "Khoa Nhi 🏥 ❤️",
        "12/03/2026\u00a0–\u00a031/12/2026",  # no-break spaces are part of a word
    ],
)
def test_hostile_lines_are_drawn_as_draw_text_draws_them(line):
    for bold, size in [(True, 58), (True, 42), (False, 26), (False, 30)]:
        reference, ours = _drawn_both_ways(line, bold, size)
        assert ours == reference, (size, line)


def test_plain_letters_are_measured_by_their_words_exactly():
    """No kerning or substitution across a space for a plain letter, in either font
    and on either side: so a line is as wide as its words and spaces added up."""
    for bold, size in [(True, 58), (False, 26), (False, 30), (True, 22)]:
        face = font(bold, size)
        space = face.getlength(" ")
        for ch in LETTERS:
            assert face.getlength(ch + " ") == face.getlength(" " + ch) == face.getlength(ch) + space, (ch, size)
    rng = random.Random(3)
    face = font(True, 46)
    for _ in range(300):
        text = " ".join("".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 6)))
        assert measure(text, face) == face.getlength(text), text
    for text in ["Nguye\u0302\u0303n", "中文 字", "مرحبا بالعالم"]:
        assert measure(text, face) == face.getlength(text)


@pytest.mark.parametrize(("bold", "size"), CARD_FACES)
def test_plain_ink_stays_in_its_word_and_its_line(bold, size):
    """What cards.py relies on: no letter's ink reaches across a space into the next
    word (the widest overhang on the right plus the widest on the left, plus a pixel
    of rounding, stays under a space), none above its line's top, and none more than
    INK_BELOW under its line's leading (the band painted again between cards)."""
    assert size in FAST_SIZES
    face = font(bold, size)
    boxes = {ch: face.getbbox(ch, anchor="la") for ch in LETTERS}
    right = max(box[2] - face.getlength(ch) for ch, box in boxes.items())
    left = max(-box[0] for box in boxes.values())
    assert right + left + 1 < face.getlength(" ")
    assert min(box[1] for box in boxes.values()) >= 0
    assert max(box[3] for box in boxes.values()) <= LEADING[(bold, size)] + INK_BELOW
