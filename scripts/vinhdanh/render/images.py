"""The renderer's view of the photo pipeline: markup for a photo, the social card.

Its helpers are imported at the top, not in the methods: a relative import in a function
goes through the import machinery on every call, and `item_key` and `picture` run
thousands of times a build.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.model import Content, Photo
from ..pages.urls import Urls
from ..photos import picture_html, plan_photos
from ..photos.cardtext import card_kind
from ..photos.plan import CardKind
from . import body as body_mod

if TYPE_CHECKING:
    from ..forked import Forked, Shares


class SiteImages:
    def __init__(self, content: Content, urls: Urls, cache_root: Path):
        self.urls = urls
        self.plan = plan_photos(content, urls, cache_root / "photos")
        self._renderer: Forked | None = None  # the child rendering what the cache lacks (start_rendering)
        self._tasks: list = []  # what it renders, shared with whoever waits for it
        self._shares: Shares | None = None
        self._owner = 0  # the process that started it
        self._written: dict[Path, object] = {}  # site folder -> PhotoStats of placing into it

    def picture(self, photo: Photo, sizes: str, eager: bool = False, css_class: str = "") -> str:
        plan = self.plan.photo(photo.source)
        if plan is None:
            return ""
        markup = picture_html(plan, photo.alt, sizes, self.urls.href, eager=eager)
        return markup.replace("<picture", f'<picture class="{css_class}"', 1) if css_class else markup

    def body_image(self, path: Path, alt: str) -> str | None:
        plan = self.plan.photo(path)
        return picture_html(plan, alt, "(max-width: 76em) 100vw, 46rem", self.urls.href) if plan else None

    def thumb(self, photo: Photo):
        """The narrowest WebP of a photo (a search result's thumbnail), or None."""
        plan = self.plan.photo(photo.source)
        return plan.webp[0] if plan is not None and plan.webp else None

    def photo_key(self, photo: Photo) -> str:
        """What a photo's markup depends on beyond its fields: the plan of its pixels."""
        plan = self.plan.photo(photo.source)
        return plan.key if plan else "-"

    def item_key(self, item) -> str:
        """What a story's or campaign's pages depend on beyond its fields: its body
        images (by content hash) and its social card."""
        images = body_mod.images_of(item.body, item.source.parent)
        keys = [plan.key if (plan := self.plan.photo(p)) else "-" for p in images]
        card = self.plan.cards.get((card_kind(item), item.slug))
        return "|".join([*keys, card.key if card else "-"])

    def card(self, kind: CardKind, slug: str):
        return self.plan.card(kind, slug)

    def card_bytes(self, card) -> int:
        return self.plan.card_bytes(card)

    def start_rendering(self) -> None:
        """Render what the cache lacks in a forked child from now on, while this process
        goes on (a first build: a thousand social cards, the longest work of the build).
        One child, on the other core: this process renders pages on its own (a pool of
        two beside it cost more CPU than it saved). The tasks are shared (forked.Shares):
        this process takes those left once it would wait for them (`help_rendering`).
        Nothing when the cache has every file or forking is not safe (forked.py)."""
        from ..forked import Forked, Shares, can_fork
        from ..photos.write import lacks_files, missing_tasks, render_shared

        if self._renderer is None and can_fork() and lacks_files(self.plan):
            self._tasks = missing_tasks(self.plan)
            self._shares, self._owner = Shares(len(self._tasks)), os.getpid()
            self._renderer = Forked(functools.partial(render_shared, self._tasks, self._shares))

    def help_rendering(self) -> None:
        """Render here the started rendering's tasks nobody has taken yet: for the process
        that started it, when it would otherwise wait for them. Not in a child forked
        since (the extras' child, forked.py), which gets here while this process still
        renders pages: three processes on two cores cost more than they gained (measured)."""
        if self._shares is not None and os.getpid() == self._owner:
            from ..photos.write import render_shared

            render_shared(self._tasks, self._shares, strict=False)

    def write(self, site_dir: Path, today: dt.date | None = None):
        """Render what the cache lacks and place every planned file (and, by `today`,
        the cards replaced within the last week: photos/retired.py); returns PhotoStats.
        Here or in a process forked later: the files `start_rendering` began come first."""
        from ..photos import write_photos

        if site_dir in self._written:  # placed already by this build (`serve`: before its pages)
            return self._written[site_dir]
        if self._renderer is not None:
            self.help_rendering()
            # What is still missing then (the renderer failed, or the build process still
            # renders a task it took) is rendered here: at worst one task twice, the
            # same bytes written atomically, rather than wait for the build process.
            self._renderer.wait_done()
        self._written[site_dir] = stats = write_photos(self.plan, site_dir, today=today)
        return stats

    def finish_rendering(self) -> None:
        """The started rendering's outcome: its error, if it failed (the parent only)."""
        renderer, self._renderer = self._renderer, None
        self._unshare()
        if renderer is not None:
            renderer.join()

    def stop_rendering(self) -> None:
        renderer, self._renderer = self._renderer, None
        self._unshare()
        if renderer is not None:
            renderer.cancel()

    def _unshare(self) -> None:
        if self._shares is not None:
            self._shares.close()
            self._shares, self._tasks = None, []
