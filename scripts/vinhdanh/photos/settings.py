"""Every number that shapes a processed image, in one place.

All of them go into the cache key (`fingerprint()`): change any value, or bump
CODE_VERSION when the rendering code changes, and every output gets a new hash,
hence a new URL — browsers never keep a stale copy.
"""

from __future__ import annotations

import json

CODE_VERSION = "photos-1"

WIDTHS = (400, 800, 1200)  # responsive widths; never upscaled
FALLBACK_WIDTH = 800  # the <img src> for browsers that ignore srcset

# WebP: q80 at method 4 is libwebp's default effort; AVIF was measured and skipped
# (see README in __init__): encoding costs ~10x WebP for ~20 % fewer bytes.
WEBP_QUALITY = 80
WEBP_METHOD = 4
JPEG_QUALITY = 82
JPEG_PROGRESSIVE = True  # ~3 % smaller, renders early on slow phones; costs ~5 ms per photo
JPEG_OPTIMIZE = True  # Huffman tables fitted to the image, as sharp's default
RESAMPLE = "LANCZOS"  # Image.Resampling name
REDUCING_GAP = 2.0

CARD_WIDTH = 1200
CARD_HEIGHT = 630
CARD_QUALITY = 86
# 4:2:0, not 4:4:4: 4.1 instead of 5.4 ms per card to encode (the most of its CPU) and 78
# instead of 100 KB. Luma stays full size, so text is as sharp; only colour is halved:
# at 500 px wide no difference shows, at 100 % the 22 px gold eyebrow is a little
# less vivid (its strokes average 219,181,52 instead of 239,180,6), white and pale
# text and photos look the same (benchmarks/cards.py; the crops compared by eye).
CARD_SUBSAMPLING = 2
# Baseline, not progressive: 6.6 ms instead of 12.5 ms per card for 7 % more bytes;
# cards are fetched by link previews and feed readers, not shown while loading.
CARD_PROGRESSIVE = False
# Standard Huffman tables, not fitted ones: the same pixels, 5 ms instead of 10 ms per
# card (a thousand cards on a first build) for ~7 % more bytes (90 → 97 KB).
CARD_OPTIMIZE = False
# A restart marker every 15 MCUs (240 px): pieces a card shares with the one before it
# are encoded once (jpegbands.py), ~1 % more bytes; cards cost ~0.4 of the encoding.
CARD_RESTART_INTERVAL = 15

MAX_PIXELS = 100_000_000  # same ceiling as imagecheck: above is refused before decoding


def photo_settings() -> dict:
    return {
        "v": CODE_VERSION,
        "widths": WIDTHS,
        "webp": [WEBP_QUALITY, WEBP_METHOD],
        "jpeg": [JPEG_QUALITY, JPEG_PROGRESSIVE, JPEG_OPTIMIZE],
        "resample": [RESAMPLE, REDUCING_GAP],
    }


def card_settings() -> dict:
    return {"v": CODE_VERSION, "size": [CARD_WIDTH, CARD_HEIGHT], "jpeg": [CARD_QUALITY, CARD_SUBSAMPLING, CARD_PROGRESSIVE, CARD_OPTIMIZE, CARD_RESTART_INTERVAL]}


def fingerprint(settings: dict) -> str:
    return json.dumps(settings, sort_keys=True, separators=(",", ":"))
