"""`GET /preview?path=…`: a story as the site will show it, before it is published.

The section's own story template (render.py, templates/story.html), so the reviewer
reads award, unit and field *names*, as readers will; photos come from the newsroom
itself (`/api/photo`), so the preview needs no build and makes no outside request.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..content.model import Photo
from ..pages.plan import PageSpec
from ..pages.urls import Urls
from ..render.fragments import Renderer
from .accounts import Account
from .desk import Desk, NotFound
from .workflow import STATUS_LABELS

STYLE = "/preview.css"  # the site's own stylesheet (assets/vinhdanh.css)
FRAME = "/static/preview.css"  # the reading column Material would give it (assets/newsroom/preview.css)


class _Images:
    """The Images of render.py, pointing at the original photos through the newsroom."""

    def __init__(self, root: Path):
        self.root = root

    def _img(self, path: Path, alt: str, css_class: str = "") -> str:
        rel = path.relative_to(self.root).as_posix()
        css = f' class="{escape(css_class)}"' if css_class else ""
        return f'<img src="/api/photo?path={quote(rel)}" alt="{escape(alt)}"{css}>'

    def picture(self, photo: Photo, sizes: str, eager: bool = False, css_class: str = "") -> str:
        return self._img(photo.source, photo.alt, css_class)

    def body_image(self, path: Path, alt: str) -> str | None:
        return self._img(path, alt) if path.is_file() and self.root in path.resolve().parents else None

    def thumb(self, photo: Photo) -> None:
        return None


def preview(desk: Desk, account: Account, rel: str) -> str:
    """The page's HTML; NotFound when the story is not one `account` may read, or has errors."""
    desk.read(account, rel)  # the same access rule as opening it in the form
    content = desk.content()
    story = next((e for e in content.exemplars if e.rel_path == rel), None)
    if story is None:
        raise NotFound(rel)  # a campaign, or a story the reader refused: its errors show in the form
    campaigns = [c for c in (content.campaign(s) for s in story.campaigns) if c is not None]
    shown = replace(content, exemplars=(story,))
    renderer = Renderer(shown, Urls(content.site), _Images(desk.root), desk.day())
    spec = PageSpec(Urls(content.site).exemplar(story.slug), story.title, "story.html", story.summary, {"e": story, "related": [], "campaigns": campaigns}, kind="story", item=story)
    status = STATUS_LABELS.get(story.status, story.status)
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Xem trước: {escape(story.title)}</title><link rel="stylesheet" href="{STYLE}"><link rel="stylesheet" href="{FRAME}"></head>'
        f'<body><main class="md-content vd-preview"><p class="vd-preview__state" role="status">Bản xem trước · {escape(status)}</p>'
        f"{renderer.fragment(spec)}</main></body></html>\n"
    )
