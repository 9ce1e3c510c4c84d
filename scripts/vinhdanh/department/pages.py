"""The sector pages a department's build adds, from the snapshots (already `Sector.public`).

Every card links to the unit's own story page: the department lists, the unit keeps
the story (and its canonical URL). No story page of a unit is copied here.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..content.model import Campaign, Content
from ..content.text import collation_key
from ..derive.views import Listing, chronological, grouped, listings
from ..outputs.search import HONOURS, NAME, OTHER, ROLE, TITLE, Doc, doc
from ..pages.plan import PageSpec, listing_pages
from ..pages.urls import AWARDS, FIELDS, HONOUR_ROLL, SECTOR, UNITS, YEARS, Urls
from ..photos.cache import place
from ..records import record
from .media import media_file
from .snapshot import Sector, SectorExemplar
from .tally import campaign_tally

SEGMENT = SECTOR
NO_AWARD_RANK = 10_000


@record
class SectorUrls:
    urls: Urls

    @property
    def home(self) -> str:
        return f"{self.urls.exemplars}{SEGMENT}/"

    def unit(self, source_id: str) -> str:
        return f"{self.home}{UNITS}/{source_id}/"

    def field(self, field_id: str) -> str:
        return f"{self.home}{FIELDS}/{field_id}/"

    def year(self, year) -> str:
        return f"{self.home}{YEARS}/{year}/"

    def award(self, award_id: str) -> str:
        return f"{self.home}{AWARDS}/{award_id}/"

    @property
    def honour_roll(self) -> str:
        return f"{self.home}{HONOUR_ROLL}/"

    def image(self, name: str) -> str:
        """Re-encoded unit images live under the department's own images folder."""
        return f"{self.urls.images}nganh/{name}"


def _newest(items) -> list[SectorExemplar]:
    return sorted(items, key=lambda e: (e.date, e.source.id, e.slug), reverse=True)


def by_unit(sector: Sector) -> list[Listing]:
    """Sector listings reuse derive's Listing and grouping; their items are SectorExemplars, not Exemplars."""
    out = []
    for source in sector.sources:
        snap = sector.snapshot(source.id)
        items: tuple = snap.exemplars if snap else ()  # SectorExemplars in the place of Exemplars
        out.append(Listing(source.id, source.name, items))
    return out


def by_field(sector: Sector) -> list[Listing]:
    names: dict[str, str] = {}
    for e in sector.exemplars:
        for fid, name in e.fields:
            names.setdefault(fid, name)
    groups = grouped(sector.exemplars, lambda e: [fid for fid, _ in e.fields])
    return listings(groups, sorted(groups, key=lambda f: collation_key(names[f])), names.__getitem__, _newest)


def by_year(sector: Sector) -> list[Listing]:
    groups = grouped(sector.exemplars, lambda e: [e.date.year])
    return listings(groups, sorted(groups, reverse=True), lambda y: f"Năm {y}", _newest)


def by_award(sector: Sector) -> list[Listing]:
    best = {a.id: (a.rank, a.name) for e in sector.exemplars for a in e.awards}
    groups = grouped(sector.exemplars, lambda e: {a.id: None for a in e.awards})  # once per story, however many years
    return listings(groups, sorted(groups, key=best.__getitem__), lambda a: best[a][1], _newest)


@record
class RollEntry:
    exemplar: SectorExemplar
    decision: str


@record
class RollYear:
    year: int
    groups: tuple[tuple[str, tuple[RollEntry, ...]], ...]  # (award name, entries), highest award first

    @property
    def count(self) -> int:
        return sum(len(entries) for _, entries in self.groups)


def honour_roll(sector: Sector) -> list[RollYear]:
    years: dict[int, dict[tuple[int, str], list[RollEntry]]] = {}
    for e in sector.exemplars:
        for a in e.awards:
            years.setdefault(a.year, {}).setdefault((a.rank, a.name), []).append(RollEntry(e, a.decision))
    out = []
    for year in sorted(years, reverse=True):
        groups = tuple((name, tuple(sorted(entries, key=lambda r: (r.exemplar.source.name, r.exemplar.name)))) for (rank, name), entries in sorted(years[year].items()))
        out.append(RollYear(year, groups))
    return out


def plan_sector_pages(sector: Sector, site, urls: Urls) -> list[PageSpec]:
    s = SectorUrls(urls)
    units, fields_, years, awards = by_unit(sector), by_field(sector), by_year(sector), by_award(sector)
    everything = _newest(sector.exemplars)
    base = {"s": s, "sector": sector}
    pages = [
        PageSpec(
            s.home,
            "Gương điển hình toàn ngành",
            "sector_landing.html",
            f"Gương điển hình tiên tiến của {len(sector.sources)} đơn vị trực thuộc {site.name}.",
            {**base, "units": units, "fields": fields_, "years": years, "awards": awards, "latest": everything[:12], "total": len(everything), "roll": honour_roll(sector)[:1]},
        )
    ]

    def listing(first: str, title: str, description: str, items, **context) -> None:
        pages.extend(listing_pages(urls, first, title, "sector_listing.html", description, items, site.page_size, {**base, **context}))

    for group in units:
        snap = sector.snapshot(group.key)
        listing(s.unit(group.key), group.title, f"{len(group.items)} gương điển hình của {group.title}.", group.items, unit=snap, source=next(x for x in sector.sources if x.id == group.key))
    for group in fields_:
        listing(s.field(group.key), f"Toàn ngành – lĩnh vực {group.title[:1].lower() + group.title[1:]}", f"{len(group.items)} gương điển hình – {group.title}.", group.items)
    for group in years:
        listing(s.year(group.key), f"Toàn ngành – năm {group.key}", f"{len(group.items)} gương điển hình năm {group.key}.", group.items)
    for group in awards:
        listing(s.award(group.key), f"Toàn ngành – {group.title}", f"{len(group.items)} gương điển hình được tặng {group.title}.", group.items)
    pages.append(
        PageSpec(
            s.honour_roll,
            "Bảng vàng toàn ngành",
            "sector_roll.html",
            f"Bảng vàng khen thưởng của các đơn vị trực thuộc {site.name}.",
            {**base, "roll": honour_roll(sector)},
        )
    )
    return pages


def count_units_in_campaigns(pages: list[PageSpec], content: Content, sector: Sector, urls: Urls) -> None:
    """A department's campaign pages count and show its units' stories too, as the
    campaign report does (tally.py): the quota table and the cards of who was honoured."""
    for spec in pages:
        if spec.kind == "campaign" and isinstance(spec.item, Campaign):
            tally = campaign_tally(content, sector, spec.item)
            view = dataclasses.replace(spec.context["v"], counts=tally.counts)
            spec.context = {**spec.context, "v": view, "unit_honoured": tally.units, "s": SectorUrls(urls)}


def newest_in_sector(content: Content, sector: Sector, count: int) -> list:
    """The newest `count` stories of the department and its units together (the home
    page's block): the department's own first on the same day."""
    own = chronological(content.exemplars)[:count]
    units = _newest(sector.exemplars)[:count]
    return sorted([*own, *units], key=lambda e: e.date, reverse=True)[:count]


def search_docs(sector: Sector, urls: Urls) -> list[tuple[str, Doc]]:
    """The units' stories in the department's search: each result links to the unit's page.

    Their documents sit under the unit's sector listing, where no page is: the search
    page follows their `url` (the unit's page, http(s) as the import checked).
    """
    s = SectorUrls(urls)
    out = []
    for e in sector.exemplars:
        if not e.page_url.startswith(("https://", "http://")):
            continue  # a result must land on the unit's page; an export that names none is not searchable
        img = e.thumb
        honours = [f"{a.name} {a.short} {a.year}" for a in e.awards] + [name for _, name in e.fields]
        d = doc(
            title=e.title,
            summary=e.summary,
            date=e.date,
            unit=f"{e.unit_name} – {e.source.name}",
            name=e.name,
            position=e.position,
            image=urls.href(s.image(img.thumb)) if img else "",
            url=e.page_url,
            words=[(NAME, [e.name]), (TITLE, [e.title]), (ROLE, [e.position, e.unit_name, e.source.name]), (HONOURS, honours), (OTHER, [e.summary])],
        )
        out.append((f"{s.unit(e.source.id)}{e.slug}/", d))
    return out


def write_sector_media(sector: Sector, root: Path, site_dir: Path, urls: Urls) -> int:
    """Place the re-encoded images the pages show (hard links where the disk allows), as
    the photos are placed: a folder started from an earlier site (site/recycle.py) may
    hold one already as this very file (left), or another (replaced whole, never
    written into)."""
    s = SectorUrls(urls)
    placed = 0
    for name in sorted(sector.images()):
        src = media_file(root, name)
        if not src.is_file():
            continue
        dest = Path(site_dir) / s.image(name)
        place(src, dest)
        placed += 1
    return placed
