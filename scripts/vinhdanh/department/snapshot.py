"""The snapshots, read once into typed objects: what the build, validation and reports see.

Items are keyed by source: `(source id, slug)`. Nothing here fetches anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from pathlib import Path

from ..content.model import Campaign, Department, Follow, Phase, Quota, Source
from ..records import record
from .importer import follow_file, load_snapshot, snapshot_file


@record
class SectorAward:
    year: int
    id: str
    name: str
    short: str
    rank: int
    decision: str = ""
    by: str = ""


@record
class Image:
    file: str  # name under .vinhdanh/media
    thumb: str
    width: int
    height: int


@record
class CampaignRef:
    slug: str
    url: str  # the campaign's page where it is hosted (a department campaign: the department's page)
    title: str = ""


@record
class SectorExemplar:
    source: Source
    slug: str
    title: str
    kind: str
    name: str
    position: str
    unit_name: str  # the khoa/phòng inside the unit
    date: dt.date
    summary: str
    page_url: str  # the unit's own story page: canonical stays with the unit
    fields: tuple[tuple[str, str], ...] = ()  # (id, name)
    awards: tuple[SectorAward, ...] = ()
    campaigns: tuple[CampaignRef, ...] = ()
    card: Image | None = None
    photo: Image | None = None
    photo_alt: str = ""
    featured: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.source.id, self.slug)

    @property
    def highest_award(self) -> SectorAward | None:
        return min(self.awards, key=lambda a: (a.rank, -a.year)) if self.awards else None

    @property
    def thumb(self) -> Image | None:
        return self.photo or self.card


@record
class SourceSnapshot:
    source: Source
    unit_name: str  # as the unit's export names itself
    unit_url: str  # the unit's exemplar section
    imported_at: str
    exemplars: tuple[SectorExemplar, ...] = ()
    campaign_titles: dict = field(default_factory=dict)  # slug -> title of the unit's own campaigns


@record
class Sector:
    """Every configured source: its snapshot, or None when nothing was ever imported."""

    sources: tuple[Source, ...]
    snapshots: dict[str, SourceSnapshot]

    def snapshot(self, source_id: str) -> SourceSnapshot | None:
        return self.snapshots.get(source_id)

    @property
    def exemplars(self) -> tuple[SectorExemplar, ...]:
        return tuple(e for s in self.sources if s.id in self.snapshots for e in self.snapshots[s.id].exemplars)

    def public(self, today: dt.date) -> Sector:
        """Units published these already; a department clock behind a unit's still waits for the date."""
        kept = {}
        for key, snap in self.snapshots.items():
            kept[key] = SourceSnapshot(snap.source, snap.unit_name, snap.unit_url, snap.imported_at, tuple(e for e in snap.exemplars if e.date <= today), snap.campaign_titles)
        return Sector(self.sources, kept)

    def honoured_in(self, campaign_url: str) -> list[SectorExemplar]:
        return [e for e in self.exemplars if any(c.url == campaign_url for c in e.campaigns)]

    def images(self) -> set[str]:
        return {name for e in self.exemplars for img in (e.card, e.photo) if img for name in (img.file, img.thumb)}


def read_sector(root: Path, department: Department) -> Sector:
    snapshots = {}
    for source in department.sources:
        data = load_snapshot(snapshot_file(root, source.id))
        if data is not None:
            snapshots[source.id] = _source_snapshot(source, data)
    return Sector(department.sources, snapshots)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _day(value: str) -> dt.date:
    """A date the schema requires (feed.schema.json checked it at import)."""
    return dt.date.fromisoformat(value)


def _image(media: dict, url: str | None) -> Image | None:
    entry = media.get(url) if url else None
    return Image(entry["file"], entry["thumb"], entry["width"], entry["height"]) if entry else None


def _source_snapshot(source: Source, data: dict) -> SourceSnapshot:
    feed, media = data["feed"], data.get("media", {})
    ext = feed["_vinhdanh"]
    exemplars, titles = [], {}
    for item in feed["items"]:
        x = item["_vinhdanh"]
        if x["type"] == "campaign":
            titles[x["slug"]] = item.get("title", x["slug"])
            continue
        if x["type"] != "exemplar":  # a unit's event is its own news: the department lists stories, not events
            continue
        photo = x.get("photo") or {}
        exemplars.append(
            SectorExemplar(
                source=source,
                slug=x["slug"],
                title=item.get("title", x["name"]),
                kind=x["kind"],
                name=x["name"],
                position=x.get("position", ""),
                unit_name=x["unit"]["name"],
                date=_day(x["date"]),
                summary=x["summary"],
                page_url=x["page_url"],
                fields=tuple((f["id"], f["name"]) for f in x["fields"]),
                awards=tuple(SectorAward(a["year"], a["id"], a["name"], a.get("short") or a["name"], a.get("rank", 10_000), a.get("decision", ""), a.get("by", "")) for a in x["awards"]),
                campaigns=tuple(CampaignRef(c["slug"], c["url"], c.get("title", "")) for c in x["campaigns"]),
                card=_image(media, x.get("card_url")),
                photo=_image(media, photo.get("url")),
                photo_alt=photo.get("alt", ""),
                featured=bool(x.get("featured")),
            )
        )
    exemplars.sort(key=lambda e: (e.date, e.slug), reverse=True)
    return SourceSnapshot(source, ext["unit"]["name"], feed.get("home_page_url", ext["base_url"]), data.get("state", {}).get("imported_at", ""), tuple(exemplars), titles)


def read_followed(root: Path, follow: Follow) -> tuple[list[Campaign], str]:
    """The campaigns of the followed department, as Campaigns hosted by it; and its name ('' if none)."""
    data = load_snapshot(follow_file(root))
    if data is None:
        return [], ""
    path = follow_file(root)
    host = follow.name or data["source"].get("name") or data["feed"]["_vinhdanh"]["unit"]["name"]
    out = []
    for item in data["feed"]["items"]:
        x = item["_vinhdanh"]
        if x["type"] != "campaign":
            continue
        quota = x.get("quota") or None
        phases = tuple(Phase(p["name"], _day(p["start"]), _day(p["end"]), p.get("goal", "")) for p in x.get("phases", []))
        body = f"{x['summary']}\n\nKế hoạch và toàn văn phong trào: [trang của {host}]({x['page_url']})."
        out.append(
            Campaign(
                slug=x["slug"],
                source=path,
                rel_path=".vinhdanh/follow.json",
                title=item.get("title", x["slug"]),
                date=_day(x["date"]),
                summary=x["summary"],
                host=host,
                start=_day(x["start"]),
                end=_day(x["end"]),
                status="published",
                body=body,
                owner=x.get("owner", ""),
                phases=phases,
                review=_date(x.get("review")),
                quota=Quota(quota.get("collective"), quota.get("individual")) if quota else None,
                basis=tuple(x.get("basis", [])),
                origin=x["page_url"],
            )
        )
    return out, host
