"""The section's steps before an output folder (read → check → derive → plan) and
`Section`, what the rest of a build works from; pipeline.py puts them in order.

`prepare()` does everything that needs no output folder; `Section.write_extras()`
writes what the engine does not: processed photos, feeds, the search index.
Nothing here imports the engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import time
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache.readcache import ReadCache, for_project
from .cache.store import Store
from .content.diagnostics import Diagnostic
from .content.model import Content, LoadResult
from .content.reader import load, today_in_vietnam
from .pages.plan import PageSpec, plan_pages
from .pages.urls import Urls
from .records import record
from .render import body as body_cache
from .render.fragments import Renderer

if TYPE_CHECKING:
    from .department.snapshot import Sector
    from .forked import Forked, Shares
    from .outputs.search import SearchIndex
    from .render.images import SiteImages

BODIES = "bodies"  # the store's pack of converted bodies (render/body.py)


class ContentError(Exception):
    """The content has errors: nothing may be built."""

    def __init__(self, diagnostics: list[Diagnostic], files_checked: int):
        self.diagnostics = diagnostics
        self.files_checked = files_checked
        errors = sum(d.is_error for d in diagnostics)
        super().__init__(f"Nội dung có {errors} lỗi; trang web không được dựng.")


@record(frozen=False)
class Section:
    root: Path
    today: dt.date
    content: Content  # the public view only
    urls: Urls
    pages: list[PageSpec]
    renderer: Renderer
    images: SiteImages
    warnings: list[Diagnostic] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    search: SearchIndex | None = None  # the running one during a build
    sector: Sector | None = None  # a department site's units, public view (department/snapshot.py)
    reuse: bool = False  # whether feeds and the search index may come from the store (set by assemble.write_site)
    reads: ReadCache | None = None  # the read this section was made from: its store, images checked, stories' fingerprints

    @functools.cached_property
    def store(self) -> Store:
        """Everything a build reuses (cache/store.py), in the project's `.cache/`."""
        return self.reads.store if self.reads is not None else Store(self.root / ".cache")

    def page_for(self, path: str) -> PageSpec | None:
        return self._by_path.get(path)

    @functools.cached_property
    def logo_size(self) -> tuple[int, int] | None:
        from .content.imagecheck import inspect

        logo = self.content.site.logo
        info = (self.reads.inspect if self.reads is not None else inspect)(logo)[0] if logo else None
        return (info.width, info.height) if info else None

    def logo_png(self) -> bytes | None:
        """The logo as PNG with no metadata: nothing but pixels leaves the build.
        Kept in the store by the logo's bytes and our code (an optimised PNG takes a while)."""
        from .cache.keys import file_key

        if not self.content.site.logo:
            return None
        return self.store.made("logo", self.store.key("logo", file_key(self.content.site.logo)), self._clean_logo, bytes)

    def _clean_logo(self) -> bytes:
        import io

        from PIL import Image, ImageOps

        assert self.content.site.logo is not None
        with Image.open(self.content.site.logo) as img:
            clean = ImageOps.exif_transpose(img).convert("RGBA")
        clean.info = {}  # no EXIF, XMP, ICC or text chunks
        out = io.BytesIO()
        clean.save(out, "PNG", optimize=True)
        return out.getvalue()

    def head_tags(self, spec: PageSpec) -> str:
        from .render.head import head_tags

        return head_tags(spec, self)

    def feed_links(self) -> str:
        """Autodiscovery of the main feeds, for pages that are not the section's."""
        from .render.head import feed_links

        return feed_links(self)

    @functools.cached_property
    def blocks(self):
        """Blocks for the hospital's own pages and for other sites (blocks.py)."""
        from .outputs.blocks import Blocks

        return Blocks(self)

    @functools.cached_property
    def fingerprints(self):
        """Content hashes of model values, photos and cards counted in (cache/fingerprints.py);
        the stories' own kept by the read they came from."""
        from .cache.fingerprints import Fingerprints
        from .content.model import Campaign, Exemplar, Photo

        def extra(value) -> str:
            return self.images.photo_key(value) if isinstance(value, Photo) else ""

        def item_extra(item) -> str:
            return self.images.item_key(item) if isinstance(item, (Exemplar, Campaign)) else ""

        return Fingerprints(extra, item_extra, known=self.reads.digests if self.reads is not None else None)

    def __post_init__(self) -> None:
        self._by_path = {p.path: p for p in self.pages}
        self._extras: Forked | None = None  # the child writing the extras (start_extras)
        self._shares: Shares | None = None  # the extras either process may write, each once

    def start_search(self, site_dir: Path) -> SearchIndex:
        """Index the searchable pages in the background while the engine renders."""
        from .outputs.search import SearchIndex, bundle_key

        # A new site folder: nothing but the search index is written under pagefind/.
        output = site_dir / self.urls.search_bundle
        extra = self._sector_search_docs()
        if self.reuse:
            key = self.store.key("search", bundle_key(self.pages, self.urls, self.fingerprints, extra))
            self.search = SearchIndex(self.pages, self.renderer, self.urls, output, self.store.tree("search"), key, extra)
        else:
            self.search = SearchIndex(self.pages, self.renderer, self.urls, output, extra=extra)
        return self.search

    def _sector_search_docs(self) -> list:
        """A department's site also finds its units' stories (department/pages.py)."""
        if self.sector is None:
            return []
        from .department.pages import search_docs

        return search_docs(self.sector, self.urls)

    def stop_search(self) -> None:
        if self.search is not None:
            self.search.cancel()
            self.search = None

    def start_extras(self, site_dir: Path, fork: bool = True) -> None:
        """Start what the engine does not make, while it renders: the search index (in
        the background) and, where forking is safe, a forked child (forked.py) that
        writes the photos, feeds, export and blocks until this process is free to share
        them (`write_extras`). They need the model only, and no page the engine writes is among them."""
        from .forked import Forked, Shares, can_fork

        if fork and can_fork():
            self._convert_bodies()
            self._fingerprint_items()
            self._shares = Shares(len(self._extra_tasks()))
            self._extras = Forked(functools.partial(self._extras_in_child, site_dir))
        else:
            self.start_search(site_dir)

    def _convert_bodies(self) -> None:
        """The bodies both processes need converted before the child forks, once for both:
        on a first build every one (its feeds and export show them all, the pages here
        too), else those of the stories read afresh (edited: their page, feed entry and
        export item are made again; 15 ms a body off the child's path)."""
        every = body_cache.nothing_cached()
        afresh = self.reads.afresh if self.reads is not None else set()
        for spec in self.pages:
            if spec.item is not None and (every or spec.item.source in afresh):
                body_cache.safe_html(spec.item.body)

    def _fingerprint_items(self) -> None:
        """Every story and campaign hashed once, before the child forks: its feeds' and
        export's keys and this process's page keys all ask for them."""
        from .cache.fingerprints import Unhashable

        for spec in self.pages:
            if spec.item is not None:
                with contextlib.suppress(Unhashable):
                    self.fingerprints.whole(spec.item)

    def _extras_in_child(self, site_dir: Path) -> dict[str, float]:
        self.start_search(site_dir)
        timings = self._take_extras(site_dir)
        timings["search_wait"] = self._finish_search(site_dir)
        return timings

    def stop_extras(self) -> None:
        if self._extras is not None:
            self._extras.cancel()
            self._extras = None
        if self._shares is not None:
            self._shares.close()
            self._shares = None
        self.stop_search()
        self.images.stop_rendering()

    def write_extras(self, site_dir: Path) -> None:
        """Photos, feeds, embeddable blocks and search index into a finished engine build:
        with a child writing them, those it has not begun are written here meanwhile."""
        if self._extras is not None:
            mine = self._take_extras(site_dir)  # before the child is let go: on a failure here, stop_extras stops it
            self.images.help_rendering()  # the photos the child waits for, rather than wait too
            extras, self._extras = self._extras, None
            self.timings.update(extras.join(), **mine)
        else:
            self.timings.update(self._take_extras(site_dir))
            self.timings["search_wait"] = self._finish_search(site_dir)
        self.images.finish_rendering()  # ended already: the photos were placed
        if self.content.site.editor is not None:
            self.write_editor(site_dir)
        body_cache.save_cache(len(self.content.exemplars) + len(self.content.campaigns))

    def _finish_search(self, site_dir: Path) -> float:
        started = time.perf_counter()
        search = self.search if self.search is not None else self.start_search(site_dir)
        search.finish()
        self.search = None
        return time.perf_counter() - started

    def _take_extras(self, site_dir: Path) -> dict[str, float]:
        """The extras but the search index and the editor, in order; with a child writing
        them too (`start_extras`), each of those neither process has taken yet. Returns
        how long each took here."""
        tasks = self._extra_tasks()
        indexes = self._shares.taken() if self._shares is not None else range(len(tasks))
        timings = {}
        for index in indexes:
            name, write = tasks[index]
            started = time.perf_counter()
            write(site_dir)
            timings[name] = time.perf_counter() - started
        return timings

    def _extra_tasks(self) -> list[tuple[str, Callable[[Path], object]]]:
        """The extras, the longest first: the process free first takes the next, so the
        child starting on the photos and feeds leaves the export to this process when
        it has few pages to write. The feeds come after the photos: an enclosure gives
        the length of its card, which may still be rendering (render/images.py)."""
        from .outputs import export

        return [
            ("photos_feeds", self._write_photos_and_feeds),
            ("export", functools.partial(export.write_export, self)),  # what a department imports
            ("blocks", self._write_blocks),
        ]

    def _write_photos_and_feeds(self, site_dir: Path) -> None:
        from .outputs import feeds

        self.images.write(site_dir, self.today)
        feeds.write_feeds(self, site_dir)

    def _write_blocks(self, site_dir: Path) -> None:
        """The calendar to subscribe to, a department's units' media, the embeddable blocks."""
        from .outputs import ics

        ics.write_ics(self, site_dir)  # deadlines and campaign phases
        if self.sector is not None:
            from .department.pages import write_sector_media

            write_sector_media(self.sector, self.root, site_dir, self.urls)
        self.blocks.write_embeds(site_dir)

    def write_editor(self, site_dir: Path) -> None:
        """The Decap editor at site.yml's `editor.path`; its lists come from the public view only."""
        import yaml

        from .editor.assets import write_site_editor
        from .editor.config import editor_config

        settings = self.content.site.editor
        assert settings is not None
        config = yaml.safe_dump(editor_config(self.content, settings), allow_unicode=True, sort_keys=False)
        write_site_editor(self.root, site_dir, config, settings.path)


def _planned(content: Content, urls: Urls, today: dt.date, store: Store) -> list[PageSpec]:
    """`plan_pages`, with the last run's related stories and order of names when what
    they depend on is unchanged (an edited body or title changes none of them)."""
    from .cache.nameorder import KeptNameOrder
    from .cache.related import KeptRelations
    from .derive.views import Relations

    relations = KeptRelations(Relations(content), store)
    names = KeptNameOrder(content.exemplars, store)
    pages = plan_pages(content, urls, today, relations.related, names.rank)
    relations.save()
    names.save()
    return pages


def prepare(root: Path, today: dt.date | None = None) -> Section:
    """Read and check everything; raise ContentError when the content has errors.
    The first steps of `pipeline.build()`, for what needs no output folder."""
    started = time.perf_counter()
    today = today or today_in_vietnam()
    result, reads = read(root, today)
    check(root, result)
    public, sector = derive(root, result, today)
    section = plan(root, result, public, sector, today, reads)
    section.timings["prepare"] = time.perf_counter() - started
    return section


def read(root: Path, today: dt.date) -> tuple[LoadResult, ReadCache]:
    """Every file of the content; stories unchanged since the last build are not read
    again (cache/readcache.py, in the project's store): what was read, and the read."""
    reads = for_project(root)
    return load(root, today, reads=reads), reads


def check(root: Path, result: LoadResult) -> None:
    """Raise ContentError when what was read, or a block marker of the hospital's own
    pages, has an error: then nothing is built."""
    from .outputs.blocks import PAGES, check_pages

    markers = check_pages(root / PAGES, root)
    if result.content is None or not result.ok or markers:
        raise ContentError(result.diagnostics + markers, result.files_checked)


def derive(root: Path, result: LoadResult, today: dt.date) -> tuple[Content, Sector | None]:
    """The public view of the checked content as of `today`, and for a Department of
    Health its units' public view, read from their snapshots (never fetched here)."""
    assert result.content is not None  # checked
    public = result.content.public(today)
    if public.site.department is None:
        return public, None
    from .department.snapshot import read_sector

    return public, read_sector(root, public.site.department).public(today)


def plan(root: Path, result: LoadResult, public: Content, sector: Sector | None, today: dt.date, reads: ReadCache) -> Section:
    """Every page of the section planned (pages/plan.py), with the renderer and the
    photos that make them; the content's warnings kept for the author."""
    from .render.body import CACHE_VERSION
    from .render.images import SiteImages

    assert result.content is not None  # checked
    body_cache.load_cache(reads.store.pack(BODIES, CACHE_VERSION))
    urls = Urls(public.site)
    images = SiteImages(public, urls, root / ".cache")
    renderer = Renderer(public, urls, images, today, root / ".cache" / "jinja" / "fragments")
    pages = _planned(public, urls, today, reads.store)
    if sector is not None:
        from .department.pages import count_units_in_campaigns, plan_sector_pages

        pages += plan_sector_pages(sector, public.site, urls)
        count_units_in_campaigns(pages, public, sector, urls)
        if sector.exemplars:  # the units' stories are searchable even before the department publishes its own
            next(p for p in pages if p.kind == "search").context["nothing"] = False
    from .status import warnings as overdue

    warnings = [d for d in result.diagnostics if not d.is_error] + overdue(result.content, today)  # a late report never stops the build
    return Section(root, today, public, urls, pages, renderer, images, warnings, sector=sector, reads=reads)
