"""An A4 notice-board poster (150 dpi: 1240×1754 px) for one public exemplar.

Header band with the hospital's logo and name, the photo (EXIF orientation applied,
cropped around its focus point), name, position, unit, awards, the wrapped summary
and a QR code to the story's absolute URL. A fresh canvas is drawn, so nothing of the
photo's metadata (GPS, camera) reaches the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import qrcode
from PIL import Image, ImageDraw, ImageOps

from ..content.model import Exemplar, Site
from ..records import record
from .fonts import font

try:  # HEIC photos from phones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif is a dependency
    pass

DPI = 150
WIDTH, HEIGHT = 1240, 1754  # A4 (210×297 mm) at 150 dpi
MARGIN = 80
INNER = WIDTH - 2 * MARGIN
HEADER_H = 220
FOOTER_H = 330
QR_SIZE = 250
PHOTO_GAP = 30
BAND = (11, 79, 108)
BAND_TEXT = (220, 234, 242)
RED = (179, 18, 26)
GOLD = (201, 162, 39)
INK = (28, 28, 28)
MUTED = (70, 78, 86)
FOOTER_BG = (238, 244, 247)
HEADLINE = "GƯƠNG ĐIỂN HÌNH TIÊN TIẾN"
QR_CAPTION = "Quét mã QR để đọc toàn bộ câu chuyện"


@record(frozen=False)
class _Block:
    lines: list[str]
    size: int
    bold: bool = False
    fill: tuple = INK
    spacing: float = 1.35
    gap_after: int = 0

    @property
    def line_height(self) -> int:
        return round(self.size * self.spacing)

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines) + self.gap_after


def wrap(text: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Greedy word wrap by rendered width; a word wider than the line is cut."""
    face = font(size, bold)
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if face.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while face.getlength(word) > width:
            cut = next((i for i in range(len(word) - 1, 0, -1) if face.getlength(word[:i]) <= width), 1)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _fitted(text: str, sizes: range, width: int, max_lines: int, bold: bool = False) -> tuple[list[str], int]:
    """The largest size at which `text` wraps to at most `max_lines` lines."""
    for size in sizes:
        lines = wrap(text, size, width, bold)
        if len(lines) <= max_lines:
            return lines, size
    size = sizes[-1]
    return wrap(text, size, width, bold)[:max_lines], size


def awards_line(exemplar: Exemplar, limit: int = 4) -> str:
    """The highest honours in full, e.g. 'Thầy thuốc Ưu tú (2025) · Bằng khen ... (2024)'."""
    ranked = sorted(exemplar.awards, key=lambda a: (a.title.rank, -a.year))[:limit]
    return " · ".join(f"{a.title.name} ({a.year})" for a in ranked)


def qr_image(url: str, size: int = QR_SIZE) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(url)
    code.make(fit=True)
    modules = code.modules_count + 2 * code.border
    code.box_size = max(3, size // modules)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def load_photo(path: Path, size: tuple[int, int], focus: tuple[float, float]) -> Image.Image:
    with Image.open(path) as raw:
        upright = ImageOps.exif_transpose(raw)
        if upright.mode in ("RGBA", "LA", "P"):
            upright = upright.convert("RGBA")
            flat = Image.new("RGB", upright.size, "white")
            flat.paste(upright, mask=upright.getchannel("A"))
            upright = flat
        else:
            upright = upright.convert("RGB")
        return ImageOps.fit(upright, size, Image.Resampling.LANCZOS, centering=focus)


def _draw_lines(draw: ImageDraw.ImageDraw, block: _Block, y: int, x: int = MARGIN, width: int = INNER, align: str = "center") -> int:
    face = font(block.size, block.bold)
    for line in block.lines:
        left = x + (width - face.getlength(line)) / 2 if align == "center" else x
        draw.text((left, y), line, font=face, fill=block.fill)
        y += block.line_height
    return y + block.gap_after


def _header(canvas: Image.Image, draw: ImageDraw.ImageDraw, site: Site) -> None:
    draw.rectangle((0, 0, WIDTH, HEADER_H), fill=BAND)
    x = MARGIN
    if site.logo and site.logo.is_file():
        with Image.open(site.logo) as raw:
            logo = ImageOps.exif_transpose(raw).convert("RGBA")
        logo.thumbnail((150, 150), Image.Resampling.LANCZOS)
        plate = Image.new("RGBA", (logo.width + 16, logo.height + 16), (255, 255, 255, 255))
        plate.alpha_composite(logo, (8, 8))
        canvas.paste(plate.convert("RGB"), (MARGIN, (HEADER_H - plate.height) // 2))
        x = MARGIN + plate.width + 30
    width = WIDTH - MARGIN - x
    blocks = []
    if site.parent:
        blocks.append(_Block(wrap(site.parent.upper(), 28, width), 28, fill=BAND_TEXT, gap_after=6))
    name_lines, name_size = _fitted(site.name.upper(), range(46, 29, -2), width, 2, bold=True)
    blocks.append(_Block(name_lines, name_size, bold=True, fill=(255, 255, 255), spacing=1.2))
    y = (HEADER_H - sum(b.height for b in blocks)) // 2
    for block in blocks:
        y = _draw_lines(draw, block, y, x, width, align="left")


def _footer(canvas: Image.Image, draw: ImageDraw.ImageDraw, site: Site, url: str) -> None:
    top = HEIGHT - FOOTER_H
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=FOOTER_BG)
    draw.rectangle((0, top, WIDTH, top + 6), fill=GOLD)
    code = qr_image(url)
    qx, qy = WIDTH - MARGIN - code.width, top + (FOOTER_H - code.height) // 2
    canvas.paste(code, (qx, qy))
    width = qx - MARGIN - 40
    blocks = [
        _Block(wrap(QR_CAPTION, 32, width, bold=True), 32, bold=True, fill=BAND, gap_after=8),
        _Block(wrap(url, 22, width), 22, fill=MUTED, gap_after=22),
        _Block(wrap(site.name, 26, width, bold=True), 26, bold=True, gap_after=4),
    ]
    contact = [t for t in (site.address, " · ".join(t for t in (site.phone, site.email) if t)) if t]
    for text in contact:
        blocks.append(_Block(wrap(text, 22, width), 22, fill=MUTED))
    y = top + (FOOTER_H - sum(b.height for b in blocks)) // 2
    for block in blocks:
        y = _draw_lines(draw, block, y, MARGIN, width, align="left")


def _identity(exemplar: Exemplar, scale: float) -> list[_Block]:
    """Name, position and unit, awards: the blocks between photo and summary."""
    name_size, details_size, awards_size = (round(base * scale) for base in (60, 30, 28))
    name_lines, name_size = _fitted(exemplar.name, range(name_size, 39, -4), INNER, 2, bold=True)
    blocks = [_Block(name_lines, name_size, bold=True, spacing=1.2, gap_after=8)]
    details = " - ".join(t for t in (exemplar.position, exemplar.unit.name) if t)
    if details:
        blocks.append(_Block(wrap(details, details_size, INNER), details_size, fill=MUTED, gap_after=14))
    awards = awards_line(exemplar)
    if awards:
        blocks.append(_Block(wrap(awards, awards_size, INNER, bold=True)[:3], awards_size, bold=True, fill=RED, gap_after=18))
    return blocks


def _summary(text: str, room: int, largest: int) -> _Block:
    """The summary at the largest size (down to 20 px) that fits in `room` pixels."""
    for size in range(largest, 19, -2):
        block = _Block(wrap(text, size, INNER), size, spacing=1.4)
        if block.height <= room:
            return block
    return block


def render(site: Site, exemplar: Exemplar, url: str) -> Image.Image:
    """The poster as an RGB image, WIDTH×HEIGHT."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(canvas)
    _header(canvas, draw, site)

    y = _draw_lines(draw, _Block([HEADLINE], 58, bold=True, fill=RED, spacing=1.25), HEADER_H + 30)
    draw.rectangle((WIDTH // 2 - 110, y + 4, WIDTH // 2 + 110, y + 9), fill=GOLD)
    y += 34
    bottom = HEIGHT - FOOTER_H - 40

    # Without a photo the text grows to fill the page; with one, the photo takes what
    # the text leaves (360-600 px high) before the summary's type shrinks.
    scale = 1.0 if exemplar.photo else 1.2
    blocks = _identity(exemplar, scale)
    fixed = sum(b.height for b in blocks)
    largest = round(30 * scale)
    photo_h = 0
    if exemplar.photo:
        natural = _Block(wrap(exemplar.summary, largest, INNER), largest, spacing=1.4).height
        photo_h = max(360, min(600, bottom - y - fixed - natural - PHOTO_GAP))
    room = bottom - y - fixed - (photo_h + PHOTO_GAP if photo_h else 0)
    summary = _summary(exemplar.summary, room, largest)

    if photo_h and exemplar.photo:
        photo = load_photo(exemplar.photo.source, (INNER, photo_h), exemplar.photo.focus)
        canvas.paste(photo, (MARGIN, y))
        draw.rectangle((MARGIN - 1, y - 1, MARGIN + INNER, y + photo_h), outline=(200, 205, 210))
        y += photo_h + PHOTO_GAP
    else:
        y += max(0, (room - summary.height) // 2)
    for block in blocks:
        y = _draw_lines(draw, block, y)
    _draw_lines(draw, summary, y)

    _footer(canvas, draw, site, url)
    return canvas


def save(image: Image.Image, out: IO[bytes], fmt: str, title: str = "") -> None:
    """PNG or PDF at 150 dpi; PDF pages are then exactly A4-sized."""
    if fmt == "pdf":
        image.save(out, "PDF", resolution=DPI, title=title, author="vinhdanh")
    else:
        image.save(out, "PNG", dpi=(DPI, DPI), optimize=True)
