"""<picture> markup for a planned photo: WebP for browsers that take it, JPEG otherwise."""

from __future__ import annotations

from html import escape
from typing import Callable

from .plan import PhotoPlan

# Sensible `sizes` for the section's layouts (Material's content column is ~800 CSS px).
SIZES_LEAD = "(min-width: 60em) 800px, 100vw"
SIZES_BODY = "(min-width: 60em) 800px, 100vw"
SIZES_THUMB = "(min-width: 45em) 400px, 100vw"


def picture_html(plan: PhotoPlan, alt: str, sizes: str, href: Callable[[str], str], eager: bool = False, css_class: str = "") -> str:
    """`eager` for the lead image above the fold: loaded at once, with high priority."""

    def srcset(variants) -> str:
        return escape(", ".join(f"{href(v.url)} {v.width}w" for v in variants), quote=True)

    img = plan.fallback
    loading = 'loading="eager" fetchpriority="high"' if eager else 'loading="lazy"'
    cls = f' class="{escape(css_class, quote=True)}"' if css_class else ""
    return (
        f"<picture{cls}>"
        f'<source type="image/webp" srcset="{srcset(plan.webp)}" sizes="{escape(sizes, quote=True)}">'
        f'<img src="{escape(href(img.url), quote=True)}" srcset="{srcset(plan.jpeg)}" '
        f'sizes="{escape(sizes, quote=True)}" width="{img.width}" height="{img.height}" '
        f'alt="{escape(alt, quote=True)}" {loading} decoding="async">'
        f"</picture>"
    )
