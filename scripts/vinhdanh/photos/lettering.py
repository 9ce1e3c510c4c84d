"""Lines of card text drawn from cached glyphs, with the pixels of `draw.text`.

Pillow's FreeType renderer keeps no glyph cache: `draw.text` loads, hints and
rasterises every glyph of a line on every call (~3 ms for a 58 px headline, half
the CPU of a card). A thousand cards use ~300 distinct glyphs, so each glyph is
rasterised once per process, words are assembled from them, and a line is
blended a word at a time. What makes that exact (`draw.text` does the same):
- every glyph sits at a whole pixel: its pen position (26.6 fixed point: the
  advances and kerning before it) rounded; its bitmap does not depend on where;
- for the letters of `typeset.PLAIN` in the card's fonts, shaping stops at a
  space and kerning is between neighbours only (tests/test_lettering.py checks it),
  so a word's pen positions are its letters' advances and pair kerning, checked
  against the word's own width: a word shaped otherwise (a ligature) is drawn
  by `draw.text` instead;
- glyphs combine by coverage only where both have ink: a word whose glyphs
  touch is drawn by `draw.text` too, and words never touch across a space
  (test), so blending word by word equals blending the whole line once.
A line with any other letter (a combining mark, another script) is drawn by
`draw.text` whole.
"""

from __future__ import annotations

import functools

from PIL import Image, ImageChops, ImageDraw

from .typeset import font, is_plain, word_width

# Letter pairs the fonts join into one glyph (the 'liga' feature), as wide as the two:
# a word with one is drawn by `draw.text` (tests/test_lettering.py compares letter pairs).
LIGATURES = ("ff", "fi", "fl")
FAST_SIZES = range(26, 59)  # the headline, subline and body; at 22-24 px a space is too thin for the proof


def draw_line(draw: ImageDraw.ImageDraw, xy: tuple[int, int], line: str, bold: bool, size: int, fill) -> None:
    """`draw.text(xy, line, font=font(bold, size), fill=fill, anchor="la")`, word by word."""
    face = font(bold, size)
    if size not in FAST_SIZES or not is_plain(line):
        draw.text(xy, line, font=face, fill=fill, anchor="la")
        return
    x, y = xy
    pen = 0  # 26.6 fixed point, as the shaper's advances: sums stay exact
    space = _units(" ", bold, size)
    for word in line.split(" "):
        if word:
            mask, dx, dy = _word(word, bold, size, pen % 64)
            draw.bitmap((x + pen // 64 + dx, y + dy), mask, fill=fill)
            pen += _units(word, bold, size)
        pen += space


@functools.lru_cache(maxsize=16384)  # ~6,000 for a thousand cards: a few hundred bytes each
def _word(word: str, bold: bool, size: int, phase: int) -> tuple[Image.Image, int, int]:
    """The coverage of `word` drawn `phase`/64 px right of a whole pixel, and where the
    mask's corner sits from that pixel."""
    at = _glyph_pixels(word, bold, size, phase)
    if at is not None:
        built = _assembled(word, bold, size, tuple(x - at[0] for x in at))  # phases that round alike share it
        if built is not None:
            mask, dx, dy = built
            return mask, dx + at[0], dy
    return _drawn(word, bold, size, phase)


def _glyph_pixels(word: str, bold: bool, size: int, phase: int) -> tuple[int, ...] | None:
    """The whole pixel each letter's pen rounds to, or None when the word is not shaped
    letter pair by letter pair (a ligature; its width tells the rest)."""
    if any(pair in word for pair in LIGATURES):
        return None
    at = []
    pen = phase
    for i, ch in enumerate(word):
        at.append((pen + 32) >> 6)  # as FreeType's PIXEL()
        pen += _units(ch, bold, size) + (_kerning(ch, word[i + 1], bold, size) if i + 1 < len(word) else 0)
    return tuple(at) if pen - phase == _units(word, bold, size) else None


@functools.lru_cache(maxsize=4096)  # ~1,300 for a thousand cards
def _assembled(word: str, bold: bool, size: int, at: tuple[int, ...]) -> tuple[Image.Image, int, int] | None:
    """The word from cached glyphs put at those pixels, or None where two glyphs' inks meet."""
    placed = []
    for ch, x in zip(word, at, strict=True):
        mask, left, top = _glyph(ch, bold, size)
        if mask is not None:
            placed.append((mask, x + left, top))
    if not placed:
        return Image.new("L", (1, 1), 0), 0, 0
    x0, y0 = min(p[1] for p in placed), min(p[2] for p in placed)
    x1, y1 = max(p[1] + p[0].width for p in placed), max(p[2] + p[0].height for p in placed)
    out = Image.new("L", (x1 - x0, y1 - y0), 0)
    reach = 0  # right of this, nothing is inked yet
    for mask, left, top in placed:
        box = (left - x0, top - y0, left - x0 + mask.width, top - y0 + mask.height)
        if box[0] < reach:  # boxes overlap (a kerned pair, a wide accent): the inks may too
            under = out.crop(box)
            if ImageChops.darker(under, mask).getbbox() is not None:  # ink on ink: FreeType's blend
                return None
            mask = ImageChops.lighter(under, mask)
        out.paste(mask, box)
        reach = max(reach, box[2])
    return out, x0, y0


def _drawn(word: str, bold: bool, size: int, phase: int) -> tuple[Image.Image, int, int]:
    """The word as `draw.text` draws it: in white on black at a positive x, whose
    fractional part Pillow keeps as the pen's start."""
    face = font(bold, size)
    left, top, right, bottom = (int(v) for v in face.getbbox(word, anchor="la"))
    mx, my = max(0, -left), max(0, -top)
    mask = Image.new("L", (mx + right + 2, my + bottom + 1), 0)  # +1: the phase moves ink right
    ImageDraw.Draw(mask).text((mx + phase / 64, my), word, font=face, fill=255, anchor="la")
    return mask, -mx, -my


@functools.lru_cache(maxsize=2048)
def _glyph(ch: str, bold: bool, size: int) -> tuple[Image.Image | None, int, int]:
    """A letter's coverage drawn at a whole pixel, and its corner from the pen; None: no ink."""
    face = font(bold, size)
    left, top, right, bottom = (int(v) for v in face.getbbox(ch, anchor="la"))
    if right <= left or bottom <= top:
        return None, 0, 0
    mask = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(mask).text((-left, -top), ch, font=face, fill=255, anchor="la")
    return mask, left, top


def _units(text: str, bold: bool, size: int) -> int:
    """The advance of `text` in 1/64 px (the shaper's unit: `getlength` is its sum / 64)."""
    return round(word_width(text, font(bold, size)) * 64)


@functools.lru_cache(maxsize=8192)
def _kerning(a: str, b: str, bold: bool, size: int) -> int:
    return _units(a + b, bold, size) - _units(a, bold, size) - _units(b, bold, size)
