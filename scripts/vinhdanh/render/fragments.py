"""PageSpec → HTML fragment, with our own Jinja templates (engine-independent).

The engine (MkDocs + Material today) wraps the fragment in the site's chrome;
nothing here knows which engine that is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..content.candidates import LEVEL_NAMES
from ..content.model import Content, Photo
from ..content.schema import EVENT_KINDS
from ..content.text import short_date
from ..content.vocabulary import AWARD_CATEGORY_NAMES, KIND_NAMES
from ..derive.views import SUBJECT_TITLES
from ..pages.plan import PageSpec
from ..pages.urls import Urls
from . import body as body_mod
from .safeurl import url_attr

# Templates that print the `today` global: their pages are keyed by the build date too
# (assemble.py). Declared, and checked by rendering at two dates (tests/test_render.py).
SHOWS_TODAY = frozenset({"campaign.html"})


class Images(Protocol):
    def picture(self, photo: Photo, sizes: str, eager: bool = False, css_class: str = "") -> str: ...
    def body_image(self, path: Path, alt: str) -> str | None: ...
    def thumb(self, photo: Photo) -> Any: ...


class Renderer:
    def __init__(self, content: Content, urls: Urls, images: Images, today: dt.date, cache_dir: Path | None = None):
        self.content, self.urls, self.images, self.today = content, urls, images, today
        bytecode = None
        if cache_dir is not None:  # compiled templates, keyed by name and source checksum
            cache_dir.mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(cache_dir))
        self.env = Environment(
            bytecode_cache=bytecode,
            loader=PackageLoader("vinhdanh", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # url_attr: every href/src written from content or imported data (safeurl.py)
        self.env.filters.update(short_date=short_date, iso=lambda d: d.isoformat() if d else "", href=urls.href, url_attr=url_attr)
        self.env.globals.update(
            urls=urls,
            site=content.site,
            today=today,
            kind_names=KIND_NAMES,
            subject_names=SUBJECT_TITLES,
            level_names=LEVEL_NAMES,
            category_names=AWARD_CATEGORY_NAMES,
            event_kinds=dict(EVENT_KINDS),
            picture=self._picture,
            story_card=self._story_card,
        )
        self._bodies: dict[str, Markup] = {}
        self._cards: dict[tuple, Markup] = {}

    def _picture(self, photo: Photo | None, sizes: str, eager: bool = False, css_class: str = "") -> Markup:
        return Markup(self.images.picture(photo, sizes, eager, css_class)) if photo else Markup("")

    def _story_card(self, story, heading: str, eager: bool) -> Markup:
        """A story's card: it appears on up to ten listing pages, so render it once."""
        key = (story.slug, heading, eager)
        if key not in self._cards:
            macros: Any = self.env.get_template("_macros.html").module  # Jinja macros: no static attributes
            macro = macros.card
            self._cards[key] = Markup(macro(story, heading, eager))
        return self._cards[key]

    def body_html(self, item) -> Markup:
        """The safe HTML of a story or campaign body (cached: feeds reuse it)."""
        key = f"{type(item).__name__}:{item.slug}"
        if key not in self._bodies:
            rendered = body_mod.render(item.body, item.source.parent, self.images.body_image)
            self._bodies[key] = Markup(rendered.html)
        return self._bodies[key]

    def reads_today(self, template: str) -> bool:
        """Whether a page of `template` shows the build date itself (what derives from the
        date, like a campaign's state, is in the page's context and keyed with it)."""
        return template in SHOWS_TODAY

    def fragment(self, spec: PageSpec) -> str:
        """The page's HTML. Not kept: each page asks once, and 5,000 pages would stay in memory."""
        template = self.env.get_template(spec.template)
        body = self.body_html(spec.item) if spec.item else Markup("")
        return template.render(spec=spec, body=body, **spec.context)
