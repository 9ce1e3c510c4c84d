"""Fonts and line breaking for the social cards.

The fonts are Noto Sans (SIL OFL 1.1, see fonts/OFL.txt), shipped in the package
so a build renders the same glyphs on any machine. `missing_glyphs()` reads the
font's own character map (the `cmap` table) — the same table a renderer uses —
so tests can prove every Vietnamese letter and tone is covered.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
BOLD = FONT_DIR / "NotoSans-Bold.ttf"
ELLIPSIS = "…"

_TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng
_VOWELS = "aăâeêioôơuưy"


def vietnamese_letters() -> str:
    """Every Vietnamese letter: ăâđêôơư and all five tones on all twelve vowels, both cases (NFC)."""
    letters = "ăâđêôơưĂÂĐÊÔƠƯ"
    for vowel in _VOWELS + _VOWELS.upper():
        letters += "".join(unicodedata.normalize("NFC", vowel + tone) for tone in _TONES)
    return letters


@functools.lru_cache(maxsize=32)
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size)


# Letters the card fonts shape without looking across a space (no kerning or
# substitution with it: tests/test_photos.py checks every one): for text made
# of them, a line is as wide as its words and spaces added up.
PLAIN = frozenset("".join(chr(c) for c in range(0x20, 0x7F)) + vietnamese_letters() + "“”‘’–—…·«»°\u00a0")


def is_plain(text: str) -> bool:
    return PLAIN.issuperset(text)


def measure(text: str, face: ImageFont.FreeTypeFont) -> float:
    """`face.getlength(text)`, from the widths of its words when that is exact (plain letters)."""
    if not is_plain(text):
        return face.getlength(text)
    words = text.split(" ")
    return sum(word_width(w, face) for w in words if w) + (len(words) - 1) * word_width(" ", face)


@functools.lru_cache(maxsize=16384)
def word_width(word: str, face: ImageFont.FreeTypeFont) -> float:
    return face.getlength(word)


def missing_glyphs(path: Path, text: str) -> set[str]:
    mapped = cmap(path)
    return {ch for ch in text if not ch.isspace() and ord(ch) not in mapped}


@functools.lru_cache(maxsize=4)
def cmap(path: Path) -> frozenset[int]:
    """Code points the font maps to a glyph (cmap subtables of format 4 and 12)."""
    data = Path(path).read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    offset = None
    for i in range(num_tables):
        tag, _, table_offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            offset = table_offset
    if offset is None:
        return frozenset()
    points: set[int] = set()
    count = struct.unpack_from(">H", data, offset + 2)[0]
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue  # Unicode subtables only
        base = offset + sub
        fmt = struct.unpack_from(">H", data, base)[0]
        if fmt == 4:
            points |= _format4(data, base)
        elif fmt == 12:
            points |= _format12(data, base)
    return frozenset(points)


def _format4(data: bytes, base: int) -> set[int]:
    segs = struct.unpack_from(">H", data, base + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, base + 14)
    starts = struct.unpack_from(f">{segs}H", data, base + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, base + 16 + 4 * segs)
    range_base = base + 16 + 6 * segs
    ranges = struct.unpack_from(f">{segs}H", data, range_base)
    out = set()
    for i, (start, end) in enumerate(zip(starts, ends, strict=False)):
        for cp in range(start, end + 1):
            if cp == 0xFFFF:
                continue
            if ranges[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                at = range_base + 2 * i + ranges[i] + 2 * (cp - start)
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                out.add(cp)
    return out


def _format12(data: bytes, base: int) -> set[int]:
    groups = struct.unpack_from(">I", data, base + 12)[0]
    out: set[int] = set()
    for i in range(groups):
        start, end, glyph = struct.unpack_from(">III", data, base + 16 + 12 * i)
        out.update(cp for k, cp in enumerate(range(start, end + 1)) if glyph + k)
    return out


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """Greedy line breaking at spaces (not at no-break spaces); '…' ends the last line when text remains."""
    return list(_wrapped(text, face, width, max_lines))


@functools.lru_cache(maxsize=256)  # a card tries a headline at several sizes, and each size twice
def _wrapped(text: str, face: ImageFont.FreeTypeFont, width: float, max_lines: int) -> tuple[str, ...]:
    words = [w for w in text.split(" ") if w]
    lines: list[str] = []
    current = ""
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if measure(candidate, face) <= width:
            current, i = candidate, i + 1
            continue
        if not current:  # a single word wider than the line: cut it
            cut = _fit(word, face, width)
            lines.append(cut)
            words[i] = word[len(cut) :]
        else:
            lines.append(current)
            current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    remaining = bool(current) or i < len(words)
    if remaining and lines:
        lines[-1] = ellipsize(lines[-1], face, width)
    return tuple(lines)


def ellipsize(line: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """`line` shortened (at a word if possible) so that it and '…' fit in `width`."""
    words = [w for w in line.split(" ") if w]
    while words:
        candidate = " ".join(words).rstrip(",;:.-–") + ELLIPSIS
        if face.getlength(candidate) <= width:
            return candidate
        if len(words) == 1:
            return _fit(words[0], face, width - face.getlength(ELLIPSIS)) + ELLIPSIS
        words.pop()
    return ELLIPSIS


def _fit(word: str, face: ImageFont.FreeTypeFont, width: float) -> str:
    """The longest prefix of `word` (at least one character) that fits."""
    n = len(word)
    while n > 1 and face.getlength(word[:n]) > width:
        n -= 1
    return word[:n]
