"""Card JPEGs put together from restart intervals: what cards share is encoded once.

A baseline JPEG with a restart interval is a sequence of independent pieces: each
interval's entropy-coded bytes depend on its own blocks only (the DC predictor starts
again, the bits are padded to a byte) and on the tables, which are the same for every
card (one quality, the standard Huffman tables). With an interval of 15 MCUs (240 px
at 4:2:0) a 1200 px card is rows of 5 pieces: pieces 0-1 are the photo panel, 2-4 the
stripe and text column. From one card to the next most of that is unchanged: the panel
(cards come sorted by initials) and the text column outside the rows its text uses.
Those pieces are cut from one encoding of the panel, or of the cards' shared base;
only the rows the text touches are encoded per card (a quarter of the pixels).

The bytes are those of encoding the whole card with the same settings. The first card
of a process is encoded both ways and compared: a JPEG library that encodes a piece
differently in another context (not libjpeg-turbo's pixel-local colour conversion and
downsampling) is caught there, and from then on every card is encoded whole.
"""

from __future__ import annotations

import io
import re

from PIL import Image

from ..records import record
from . import settings as S

INTERVAL = S.CARD_RESTART_INTERVAL  # MCUs: 240 px at 4:2:0, so the panel's edge (480 px) is a piece's edge
_MCU = {0: (8, 8), 1: (16, 8), 2: (16, 16)}[S.CARD_SUBSAMPLING]  # 4:4:4, 4:2:2, 4:2:0
_RST = re.compile(rb"\xff[\xd0-\xd7]")  # in entropy-coded data an 0xFF byte is always followed by 0x00
_MARKERS = [bytes((0xFF, 0xD0 + n)) for n in range(8)]  # RST0-RST7, in turn


@record
class Drawn:
    """A card as drawn: its `image`, the `panel` pasted at its left and the `base` under
    the rest, and `rows`, the band of the text column drawn for this card alone (None:
    anything may differ from panel and base, so the whole card is encoded)."""

    image: Image.Image
    panel: Image.Image | None = None
    base: Image.Image | None = None
    rows: tuple[int, int] | None = None


def encode(image: Image.Image) -> bytes:
    """The whole image as a card JPEG."""
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        quality=S.CARD_QUALITY,
        subsampling=S.CARD_SUBSAMPLING,
        optimize=S.CARD_OPTIMIZE,
        progressive=S.CARD_PROGRESSIVE,
        restart_marker_blocks=INTERVAL,
    )
    return out.getvalue()


class CardEncoder:
    """Card JPEGs from the pieces of the panel and base they share (see the module)."""

    def __init__(self) -> None:
        self._layers: dict[tuple[int, tuple[int, int, int, int]], tuple[Image.Image, list[list[bytes]]]] = {}
        self._heads: dict[tuple[int, int], bytes] = {}  # by card size: the markers before the scan
        self.trusted: bool | None = None  # None: not compared yet

    def encode(self, drawn: Drawn) -> bytes:
        if drawn.rows is None or drawn.panel is None or drawn.base is None or self.trusted is False or not _fits(drawn):
            return encode(drawn.image)
        head = self._heads.get(drawn.image.size)
        if head is None or self.trusted is None:  # the first card of a size: encoded whole, and both compared
            whole = encode(drawn.image)
            self._heads[drawn.image.size] = _split(whole)[0]
            try:
                self.trusted = self._pieced(drawn) == whole
            except ValueError:  # not cut where expected: no restart markers written (Pillow < 10.2)
                self.trusted = False
            return whole
        return self._pieced(drawn)

    def _pieced(self, drawn: Drawn) -> bytes:
        assert drawn.panel is not None and drawn.base is not None and drawn.rows is not None
        width, height = drawn.image.size
        split, (mcu_w, mcu_h) = drawn.panel.width, _MCU
        left = self._layer(drawn.panel, (0, 0, split, height))
        right = self._layer(drawn.base, (split, 0, width, height))
        first, last = drawn.rows[0] // mcu_h, -(-drawn.rows[1] // mcu_h)  # the MCU rows the text touches
        fresh: list[list[bytes]] = []
        if last > first:
            band = drawn.image.crop((split, first * mcu_h, width, min(height, last * mcu_h)))
            fresh = _rows(_pieces(encode(band)), (width - split) // (mcu_w * INTERVAL))
        pieces = [piece for row in range(len(left)) for piece in (*left[row], *(fresh[row - first] if first <= row < last else right[row]))]
        out = [self._heads[drawn.image.size]]
        for n, piece in enumerate(pieces):
            if n:
                out.append(_MARKERS[(n - 1) % 8])
            out.append(piece)
        out.append(b"\xff\xd9")
        return b"".join(out)

    def _layer(self, image: Image.Image, box: tuple[int, int, int, int]) -> list[list[bytes]]:
        """The pieces of `image` within `box`, row by row; kept while cards are drawn on
        it (the image itself is held, so its id is never another's)."""
        key = (id(image), box)
        kept = self._layers.get(key)
        if kept is None or kept[0] is not image:
            if len(self._layers) >= 8:
                self._layers.pop(next(iter(self._layers)))
            crop = image if box == (0, 0, *image.size) else image.crop(box)
            kept = (image, _rows(_pieces(encode(crop)), (box[2] - box[0]) // (_MCU[0] * INTERVAL)))
            self._layers[key] = kept
        return kept[1]


def _fits(drawn: Drawn) -> bool:
    """Whether the panel's edge and the card's are pieces' edges (sizes change in settings only)."""
    step = _MCU[0] * INTERVAL
    assert drawn.panel is not None
    return drawn.panel.width % step == 0 and drawn.image.width % step == 0 and drawn.panel.height == drawn.image.height


def _split(data: bytes) -> tuple[bytes, bytes]:
    """A baseline JPEG's markers up to the end of its scan header, and its scan data."""
    at = 2  # after SOI
    while True:
        marker, length = data[at + 1], int.from_bytes(data[at + 2 : at + 4], "big")
        at += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            return data[:at], data[at:]


def _pieces(data: bytes) -> list[bytes]:
    scan = _split(data)[1]
    if not scan.endswith(b"\xff\xd9"):
        raise ValueError("not one scan then the end of the image")
    return _RST.split(scan[:-2])


def _rows(pieces: list[bytes], per_row: int) -> list[list[bytes]]:
    if len(pieces) % per_row:
        raise ValueError(f"{len(pieces)} pieces are not rows of {per_row}")
    return [pieces[at : at + per_row] for at in range(0, len(pieces), per_row)]
