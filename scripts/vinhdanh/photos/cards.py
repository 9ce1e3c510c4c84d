"""The 1200×630 social card: photo on the left, text on a dark panel on the right.

Design for small sizes: a feed shows the card ~500 px wide, so the name is 42-58
px bold (still ~20 px there), all text is white or pale on navy (contrast
8:1 to 15:1), and nothing is drawn over the photo. Without a photo the left
panel is a gradient with the person's initial (or the hospital's logo).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from ..records import record
from . import settings as S
from .crop import focus_crop
from .jpegbands import Drawn
from .lettering import draw_line
from .plan import CardPlan, PhotoPlan
from .typeset import ellipsize, font, is_plain, wrap

W, H = S.CARD_WIDTH, S.CARD_HEIGHT
PHOTO_W = 480
STRIPE = 8
PAD_X = 56
TEXT_X = PHOTO_W + STRIPE + PAD_X
TEXT_W = W - TEXT_X - PAD_X
TOP = 52
BOTTOM = 44
CHIP = 60
INK_BELOW = 8  # how far a line's ink may reach under its leading (58 px bold: 4 px)

NAVY = (10, 37, 64)
TEAL = (14, 116, 144)
GOLD = (245, 183, 0)
WHITE = (255, 255, 255)
PALE = (198, 220, 238)
BODY = (232, 240, 247)


def card_need(photo: PhotoPlan) -> tuple[int, int]:
    """The smallest decoded size (as displayed) that still fills the photo panel 1:1."""
    box = focus_crop(photo.width, photo.height, PHOTO_W, H, (0.5, 0.5))
    scale = min(1.0, max(PHOTO_W / (box[2] - box[0]), H / (box[3] - box[1])))
    return (math.ceil(photo.width * scale), math.ceil(photo.height * scale))


def render_card(card: CardPlan, photo: Image.Image | None) -> Image.Image:
    """One card, on a canvas of its own (see `render_cards`)."""
    return next(render_cards([card], photo))


def render_cards(cards: Iterable[CardPlan], photo: Image.Image | None) -> Iterator[Image.Image]:
    """The cards' images in order, all drawn on one canvas: each is valid until the
    next is asked for (see `draw_cards`)."""
    return (drawn.image for drawn in draw_cards(cards, photo))


def draw_cards(cards: Iterable[CardPlan], photo: Image.Image | None) -> Iterator[Drawn]:
    """The cards in order, all drawn on one canvas, each with what it was drawn on
    (jpegbands.py encodes only the rest): valid until the next is asked for. Only what
    differs between cards is drawn per card: the photo or the initials' panel (not
    again when the last card had the same), the headline, subline and body. The rest
    (stripe, eyebrow, footer with the logo) is drawn once per process on a shared
    base; none of it overlaps what is drawn per card, so the pixels are those of
    drawing it all in order (`render_card_in_order`: the reference, and the rare card
    whose text runs over into the footer). Between cards only the band the text used
    is painted navy again: copying the whole base and panel cost more than drawing the text."""
    canvas: Image.Image | None = None
    base = panel = None
    used = 0  # rows of the text band the last card drew in; -1: maybe outside it
    for card in cards:
        blocks = _layout(card.text)
        if _height(blocks) > _TEXT_ROOM:  # text that overflows into the footer: draw as ever
            yield Drawn(render_card_in_order(card, photo, blocks))
            continue
        card_base = _base(card.text.eyebrow, card.text.footer, card.logo)
        top, bottom = _band(card.text.eyebrow, card.text.footer, card.logo)
        if canvas is None or card_base is not base or used < 0:
            canvas, base, panel = card_base.copy(), card_base, None
        elif used:
            ImageDraw.Draw(canvas).rectangle((PHOTO_W + STRIPE, top, W - 1, top + used - 1), fill=NAVY)
        card_panel = _photo_panel(photo, card.focus) if photo is not None else _designed_panel(card.text.initials, card.logo)
        if card_panel is not panel:
            canvas.paste(card_panel, (0, 0))
            panel = card_panel
        y = TOP + _height(blocks[:1])
        _draw_blocks(ImageDraw.Draw(canvas), blocks[1:], y)
        end = y + _height(blocks[1:]) + INK_BELOW
        plain = all(is_plain(line) for b in blocks for line in b.lines)
        used = end - top if plain and top <= y and end <= bottom else -1
        # Outside the rows of its text the column is the base's: the band is navy there,
        # and what the last card drew in it was painted over.
        yield Drawn(canvas, card_panel, card_base, (y, end) if used >= 0 else None)


def render_card_in_order(card: CardPlan, photo: Image.Image | None, blocks: list[_Block] | None = None) -> Image.Image:
    """Every part drawn on a blank canvas, back to front, each line by `draw.text`."""
    blocks = blocks if blocks is not None else _layout(card.text)
    canvas = Image.new("RGB", (W, H), NAVY)
    canvas.paste(_photo_panel(photo, card.focus) if photo is not None else _designed_panel(card.text.initials, card.logo), (0, 0))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((PHOTO_W, 0, PHOTO_W + STRIPE - 1, H), fill=GOLD)
    _draw_blocks(draw, blocks, TOP, cached=False)
    _footer(canvas, draw, card.text.footer, card.logo)
    return canvas


@functools.lru_cache(maxsize=4)
def _band(eyebrow: str, footer: str, logo: Path | None) -> tuple[int, int]:
    """The rows of the base's text column that are plain navy: between the eyebrow's
    ink and the footer's. Text of plain letters never inks above its line's top nor
    more than INK_BELOW under its last line (tests/test_lettering.py)."""
    base = _base(eyebrow, footer, logo)
    column = (PHOTO_W + STRIPE, 0, W, H)
    ink = ImageChops.difference(base.crop(column), Image.new("RGB", (W - column[0], H), NAVY)).convert("L")
    rows = [ink.crop((0, y, ink.width, y + 1)).getbbox() is None for y in range(H)]
    top = TOP + _height([_eyebrow(eyebrow)]) - 1
    while top > 0 and rows[top - 1]:
        top -= 1
    bottom = top
    while bottom < H and rows[bottom]:
        bottom += 1
    return top, bottom


@functools.lru_cache(maxsize=4)
def _base(eyebrow: str, footer: str, logo: Path | None) -> Image.Image:
    """Navy, the gold stripe, the eyebrow and the footer: the same on every card of a kind."""
    canvas = Image.new("RGB", (W, H), NAVY)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((PHOTO_W, 0, PHOTO_W + STRIPE - 1, H), fill=GOLD)
    _draw_blocks(draw, [_eyebrow(eyebrow)], TOP)
    _footer(canvas, draw, footer, logo)
    return canvas


def _photo_panel(photo: Image.Image, focus: tuple[float, float]) -> Image.Image:
    if photo.mode == "RGBA":
        flat = Image.new("RGB", photo.size, WHITE)
        flat.paste(photo, mask=photo.getchannel("A"))
        photo = flat
    box = focus_crop(photo.width, photo.height, PHOTO_W, H, focus)
    return photo.resize((PHOTO_W, H), Image.Resampling.LANCZOS, box=box, reducing_gap=S.REDUCING_GAP)


@functools.lru_cache(maxsize=1)
def _gradient_panel() -> Image.Image:
    """The background every photo-less card shares: drawn once per process."""
    vertical = Image.linear_gradient("L").resize((PHOTO_W, H), Image.Resampling.BILINEAR)
    horizontal = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((PHOTO_W, H))
    mask = Image.blend(vertical, horizontal, 0.5)  # teal top-right to navy bottom-left
    panel = Image.composite(Image.new("RGB", (PHOTO_W, H), NAVY), Image.new("RGB", (PHOTO_W, H), TEAL), mask)
    draw = ImageDraw.Draw(panel)
    cx, cy, r = PHOTO_W // 2, H // 2, 150
    for ring, alpha in ((r + 60, 40), (r + 120, 22)):
        draw.ellipse((cx - ring, cy - ring, cx + ring, cy + ring), outline=_mix(TEAL, WHITE, alpha / 255), width=3)
    return panel


@functools.lru_cache(maxsize=8)  # photo-less cards come sorted by initials (write.py)
def _designed_panel(initials: str, logo: Path | None) -> Image.Image:
    panel = _gradient_panel().copy()
    draw = ImageDraw.Draw(panel)
    cx, cy, r = PHOTO_W // 2, H // 2, 150
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=WHITE if not initials else None, outline=WHITE, width=6)
    if initials:
        face = font(True, 150 if len(initials) == 1 else 120)
        draw.text((cx, cy), initials, font=face, fill=WHITE, anchor="mm")
    else:
        logo_image = _logo(logo, int(r * 1.3))
        if logo_image is not None:
            panel.paste(logo_image, (cx - logo_image.width // 2, cy - logo_image.height // 2), logo_image)
        else:
            _star(draw, cx, cy, r * 0.6, GOLD)
    return panel


@record(frozen=False)
class _Block:
    lines: list[str]
    bold: bool
    size: int
    leading: int
    colour: tuple[int, int, int]
    gap_after: int


_TEXT_ROOM = H - BOTTOM - CHIP - 28 - TOP  # the text column ends above the footer


def _layout(t) -> list[_Block]:
    """The largest headline that fits, then fewer body and subline lines until all fit."""
    for headline_size in (58, 54, 50, 46, 42):
        blocks = _blocks(t, headline_size, t.body_lines, 2)
        fits = len(wrap(t.headline, font(True, headline_size), TEXT_W, 99)) <= t.headline_lines
        if fits and _height(blocks) <= _TEXT_ROOM:
            break
    for body_lines, sub_lines in ((t.body_lines, 2), (2, 2), (1, 2), (1, 1), (0, 1)):
        if _height(blocks) <= _TEXT_ROOM:
            break
        blocks = _blocks(t, headline_size, min(body_lines, t.body_lines), sub_lines)
    return blocks


def _draw_blocks(draw: ImageDraw.ImageDraw, blocks: list[_Block], y: int, cached: bool = True) -> None:
    """`cached`: lines drawn from word masks (lettering.py), else by `draw.text` (the reference)."""
    for block in blocks:
        face = font(block.bold, block.size)
        if block.lines == ["—rule—"]:
            draw.rectangle((TEXT_X, y, TEXT_X + 72, y + 4), fill=GOLD)
            y += 4 + block.gap_after
            continue
        for line in block.lines:
            if cached:
                draw_line(draw, (TEXT_X, y), line, block.bold, block.size, block.colour)
            else:
                draw.text((TEXT_X, y), line, font=face, fill=block.colour, anchor="la")
            y += block.leading
        y += block.gap_after


def _eyebrow(text: str) -> _Block:
    return _Block(wrap(text, font(True, 22), TEXT_W, 1), True, 22, 30, GOLD, 16)


def _blocks(t, headline_size: int, body_lines: int, sub_lines: int) -> list[_Block]:
    blocks = [_eyebrow(t.eyebrow)]
    blocks.append(_Block(wrap(t.headline, font(True, headline_size), TEXT_W, t.headline_lines), True, headline_size, round(headline_size * 1.25), WHITE, 10))
    if t.subline:
        blocks.append(_Block(_subline(t.subline, sub_lines), False, 26, 36, PALE, 22))
    if t.body and body_lines:
        blocks.append(_Block(["—rule—"], True, 4, 4, GOLD, 20))
        blocks.append(_Block(wrap(t.body, font(False, 30), TEXT_W, body_lines), False, 30, 41, BODY, 0))
    return blocks


def _subline(text: str, max_lines: int) -> list[str]:
    """'position · unit' on one line if it fits, else each part starting its own line."""
    face = font(False, 26)
    if face.getlength(text) <= TEXT_W or max_lines == 1:
        return wrap(text, face, TEXT_W, max_lines)
    lines: list[str] = []
    parts = text.split(" · ")
    for i, part in enumerate(parts):
        room = max_lines - len(lines)
        if room == 0:
            lines[-1] = ellipsize(lines[-1], face, TEXT_W)
            break
        lines += wrap(part if i == len(parts) - 1 or room > 1 else " · ".join(parts[i:]), face, TEXT_W, room)
    return lines


def _height(blocks: list[_Block]) -> int:
    return sum((4 if b.lines == ["—rule—"] else b.leading * len(b.lines)) + b.gap_after for b in blocks)


def _footer(canvas: Image.Image, draw: ImageDraw.ImageDraw, footer: str, logo_path: Path | None) -> None:
    y = H - BOTTOM - CHIP
    x = TEXT_X
    logo = _logo(logo_path, CHIP - 12)
    if logo is not None:
        draw.rounded_rectangle((x, y, x + CHIP, y + CHIP), radius=12, fill=WHITE)
        canvas.paste(logo, (x + (CHIP - logo.width) // 2, y + (CHIP - logo.height) // 2), logo)
        x += CHIP + 18
    face = font(True, 24)
    lines = wrap(footer, face, TEXT_X + TEXT_W - x, 2)
    top = y + CHIP // 2 - 16 * len(lines)
    for n, line in enumerate(lines):
        draw.text((x, top + 32 * n), line, font=face, fill=WHITE, anchor="la")


@functools.lru_cache(maxsize=8)
def _logo(path: Path | None, size: int) -> Image.Image | None:
    """The logo at `size`; cached: every card of a site shows the same one (callers only paste it)."""
    if path is None:
        return None
    try:
        with Image.open(path) as img:
            img.draft("RGB", (size, size))
            logo = img.convert("RGBA")
    except Exception:  # noqa: BLE001 - an unreadable logo (e.g. SVG) is left out, not fatal
        return None
    logo.thumbnail((size, size), Image.Resampling.LANCZOS)
    logo.info = {}
    return logo


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour) -> None:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.42
        angle = -math.pi / 2 + k * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(points, fill=colour)


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=False))
