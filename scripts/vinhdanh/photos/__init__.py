"""Photos for the web: responsive WebP/JPEG variants and 1200×630 social cards.

    photo_set = plan_photos(content.public(today), urls, root / ".cache" / "photos")
    stats = write_photos(photo_set, site_dir)           # parallel; warm rebuild decodes nothing
    plan = photo_set.photo(item.photo.source)           # PhotoPlan | None
    html = picture_html(plan, alt, SIZES_LEAD, urls.href, eager=True)
    card = photo_set.card("exemplar", slug)             # CardPlan: url, 1200×630, image/jpeg
    length = photo_set.card_bytes(card)                 # after write_photos

Modules, one job each: probe (header reads), plan (URLs, sizes, cache keys),
decode (orientation, colour, modes, reduced decoding), render (variants),
cards + cardtext + typeset + lettering (social cards; lettering draws their text
from glyphs rasterised once per process), cache (atomic files, placing),
write (parallel orchestration), markup (<picture>).

Every output is stripped of all metadata (EXIF, GPS, XMP, comments, ICC): pixels
are converted to sRGB first, and untagged means sRGB to browsers.

AVIF is not produced. Measured here (Pillow 13 + libavif/aom, 1200-px outputs of
the benchmark photos): AVIF q60 speed 8 gives 51 KB at 36.9 dB PSNR where WebP q80
method 4 gives 53 KB at 37.0 dB — about 4 % fewer bytes (speed 6: same bytes, 1.6x
WebP's encode time). That does not pay for a third format: +3 files per photo, +50 %
cache and site bytes, a longer srcset, and every browser that decodes AVIF also
decodes WebP. Revisit with real phone photos if page weight becomes the issue.
"""

from typing import TYPE_CHECKING

from .markup import SIZES_BODY, SIZES_LEAD, SIZES_THUMB, picture_html
from .plan import CardPlan, PhotoPlan, PhotoSet, Variant, output_widths, plan_files, plan_photos

if TYPE_CHECKING:
    from .write import PhotoError, PhotoStats, write_photos

_WRITER = ("PhotoError", "PhotoStats", "write_photos")


def __getattr__(name: str):
    # The writer loads when photos are written: never in a rebuild's parent process,
    # whose forked child writes them (forked.py).
    if name in _WRITER:
        from . import write

        return getattr(write, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "SIZES_BODY",
    "SIZES_LEAD",
    "SIZES_THUMB",
    "CardPlan",
    "PhotoError",
    "PhotoPlan",
    "PhotoSet",
    "PhotoStats",
    "Variant",
    "output_widths",
    "picture_html",
    "plan_files",
    "plan_photos",
    "write_photos",
]
