"""Render one source photo's missing files (variants and the cards cut from it).

A task decodes its source once, at the smallest scale every output allows, then
resizes from the largest output downwards (1200 → 800 → 400), each step from the
previous one: most of the pixels are dropped once, by the JPEG decoder.
"""

from __future__ import annotations

import functools
import time

from PIL import Image

from ..site.atomic import write_atomically as atomic_write
from ..site.atomic import write_bytes_atomically
from . import decode
from . import settings as S
from .cards import card_need, draw_cards
from .jpegbands import CardEncoder
from .plan import Variant
from .tasks import Result, Task

_RESAMPLE = Image.Resampling[S.RESAMPLE]
_CARDS = CardEncoder()  # a process's cards share their panels' and base's encoded pieces


def run(task: Task) -> Result:
    start = time.perf_counter()
    img = None
    if task.source is not None:
        img = decode.load(task.source, task.orientation, _need(task))
    files = 0
    if task.variants:
        assert img is not None, "variants are planned for a source photo only"
        files += _variants(img, task.variants)
    assert all((card.photo is not None) == (img is not None) for card in task.cards), "a task's cards share its photo"
    for card, drawn in zip(task.cards, draw_cards(task.cards, img), strict=True):  # one canvas: saved before the next is drawn
        write_bytes_atomically(card.cache, _CARDS.encode(drawn))
        files += 1
    return Result(files, 1 if img is not None else 0, time.perf_counter() - start)


def _need(task: Task) -> tuple[int, int]:
    w = h = 1
    for v in task.variants:
        w, h = max(w, v.width), max(h, v.height)
    for card in task.cards:
        if card.photo is not None:
            cw, ch = card_need(card.photo)
            w, h = max(w, cw), max(h, ch)
    return (w, h)


def _variants(img: Image.Image, variants: tuple[Variant, ...]) -> int:
    alpha = img.mode == "RGBA"
    current = img.convert("RGBa") if alpha else img  # premultiplied: no dark fringes when resizing
    files = 0
    for width in sorted({v.width for v in variants}, reverse=True):
        group = [v for v in variants if v.width == width]
        size = (width, group[0].height)
        if current.size != size:
            current = current.resize(size, _RESAMPLE, reducing_gap=S.REDUCING_GAP)
        out = current.convert("RGBA") if alpha else current
        out.info = {}
        for v in group:
            atomic_write(v.cache, functools.partial(_save, out, v))
            files += 1
    return files


def _save(img: Image.Image, variant: Variant, fh) -> None:
    if variant.format == "WEBP":
        img.save(fh, "WEBP", quality=S.WEBP_QUALITY, method=S.WEBP_METHOD)  # alpha kept
        return
    if img.mode == "RGBA":  # JPEG has no alpha: composite onto white
        flat = Image.new("RGB", img.size, (255, 255, 255))
        flat.paste(img, mask=img.getchannel("A"))
        img = flat
    img.save(fh, "JPEG", quality=S.JPEG_QUALITY, optimize=S.JPEG_OPTIMIZE, progressive=S.JPEG_PROGRESSIVE)
