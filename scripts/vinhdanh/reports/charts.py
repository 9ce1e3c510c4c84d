"""Horizontal bar charts of a report's counts: inline SVG for HTML, PNG for Word.

One layout, two renderers: `layout()` places every label and bar once (text measured
with the package's Noto Sans, the font the PNG is drawn in), `svg()` and `png()` draw
the same shapes. Each bar has its label on the line above it, so long Vietnamese unit
names wrap instead of being cut, and a phone-wide chart stays readable. The SVG makes
no request (no web font, no script); its text stays text for screen readers and search.
"""

from __future__ import annotations

import io
from html import escape

from PIL import Image, ImageDraw

from ..photos.typeset import font, wrap
from ..records import record
from .tables import Chart

# Layout units: SVG user units, PNG pixels before scaling. 400 wide, shown 110 mm wide
# (html.py, docx.py): a 15-unit label prints at about 11.7 pt, and a phone 360 px wide
# shows it at 13.5 px.
WIDTH = 400
PAD = 4
TITLE_SIZE, LABEL_SIZE, VALUE_SIZE = 16, 15, 14
LINE = 20  # label line height
BAR_H = 14
GAP = 9  # between one bar and the next label
VALUE_ROOM = 40  # space kept right of the longest bar for its number
INK, BAR, EMPTY = "#1a1a1a", "#1f5f8b", "#c9d3dc"
FONTS = "'Noto Sans', 'Segoe UI', Arial, sans-serif"
MAX_LABEL_LINES = 3


@record
class Text:
    x: float
    y: float  # baseline
    text: str
    size: int
    bold: bool = False


@record
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@record
class Layout:
    width: int
    height: int
    shapes: tuple[Text | Rect, ...]
    title: str


def layout(chart: Chart) -> Layout:
    shapes: list[Text | Rect] = []
    inner = WIDTH - 2 * PAD
    y = PAD
    for line in wrap(chart.title, font(True, TITLE_SIZE), inner, 2):
        y += TITLE_SIZE + 6
        shapes.append(Text(PAD, y, line, TITLE_SIZE, bold=True))
    y += 10
    top = max((b.value for b in chart.bars), default=0) or 1
    scale = (inner - VALUE_ROOM) / top
    for bar in chart.bars:
        for line in wrap(bar.label, font(False, LABEL_SIZE), inner, MAX_LABEL_LINES):
            y += LINE
            shapes.append(Text(PAD, y, line, LABEL_SIZE))
        y += 5
        length = bar.value * scale
        # A zero still gets a sliver, so an empty unit reads as "none", not as a missing row.
        shapes.append(Rect(PAD, y, max(length, 3), BAR_H, BAR if bar.value else EMPTY))
        shapes.append(Text(PAD + max(length, 3) + 6, y + BAR_H - 3, str(bar.value), VALUE_SIZE, bold=True))
        y += BAR_H + GAP
    return Layout(WIDTH, int(y + PAD - GAP), tuple(shapes), chart.title)


def svg(chart: Chart) -> str:
    """An inline <svg> scaling to its container's width, with a text alternative."""
    plan = layout(chart)
    summary = "; ".join(f"{b.label}: {b.value}" for b in chart.bars)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {plan.width} {plan.height}" font-family="{FONTS}" role="img" aria-label="{escape(plan.title + ". " + summary)}">',
        f"<title>{escape(plan.title)}</title>",
    ]
    for shape in plan.shapes:
        if isinstance(shape, Rect):
            parts.append(f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.w:.1f}" height="{shape.h}" rx="2" fill="{shape.fill}"/>')
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size}"{weight} fill="{INK}">{escape(shape.text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def png(chart: Chart, scale: int = 3) -> bytes:
    """The same chart drawn by Pillow, `scale` pixels per layout unit (3: sharp when printed)."""
    plan = layout(chart)
    image = Image.new("RGB", (plan.width * scale, plan.height * scale), "white")
    draw = ImageDraw.Draw(image)
    for shape in plan.shapes:
        if isinstance(shape, Rect):
            box = (shape.x * scale, shape.y * scale, (shape.x + shape.w) * scale, (shape.y + shape.h) * scale)
            draw.rounded_rectangle(box, radius=2 * scale, fill=shape.fill)
        else:
            draw.text((shape.x * scale, shape.y * scale), shape.text, font=font(shape.bold, shape.size * scale), fill=INK, anchor="ls")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
