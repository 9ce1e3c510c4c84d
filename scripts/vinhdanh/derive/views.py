"""Derived views of the public corpus: listings, honour roll, campaign progress.

Pure functions over the model; they decide order and grouping, never markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ..content.model import Award, Campaign, CampaignState, Content, Event, Exemplar, Phase
from ..content.text import collation_key
from ..content.vocabulary import AwardTitle
from ..records import record

T = TypeVar("T")
K = TypeVar("K")


def newest_first(items: list[Exemplar] | tuple[Exemplar, ...]) -> list[Exemplar]:
    """Featured stories pinned on top, then newest; ties broken by slug so builds repeat."""
    by_slug = sorted(items, key=lambda e: e.slug)
    return sorted(by_slug, key=lambda e: (not e.featured, -e.date.toordinal()))


def chronological(items) -> list:
    """Newest first, no pinning: for feeds and archives. Same-day ties: a campaign
    announcement before stories, then by slug, so builds repeat."""
    return sorted(items, key=lambda i: (-i.date.toordinal(), not isinstance(i, Campaign), i.slug))


def paginate(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


@record
class Listing:
    key: str  # unit id, field id, year, award id
    title: str
    items: tuple[Exemplar, ...]


def grouped(items: Iterable[T], keys_of: Callable[[T], Iterable[K]]) -> dict[K, list[T]]:
    """Each item under each of its keys, keys in first-seen order: the unit's and the
    department's sector listings group this way, each with its own items and order."""
    groups: dict[K, list[T]] = {}
    for item in items:
        for key in keys_of(item):
            groups.setdefault(key, []).append(item)
    return groups


def listings(groups: dict[K, list], keys: Iterable[K], title_of: Callable[[K], str], order: Callable[[list], list] = newest_first) -> list[Listing]:
    """One Listing per key, in the order of `keys`, its items in `order`."""
    return [Listing(str(key), title_of(key), tuple(order(groups[key]))) for key in keys]


def _stories(content: Content, newest: list[Exemplar] | None) -> tuple[Iterable[Exemplar], Callable[[list], list]]:
    """What the facets group, and how each group is ordered: the stories already newest
    first (`newest`, as the pages' plan has them), each group is in that order already
    (a part of a sorted list is sorted); else each group is sorted (the department's)."""
    return (newest, list) if newest is not None else (content.exemplars, newest_first)


def by_unit(content: Content, newest: list[Exemplar] | None = None) -> list[Listing]:
    stories, order = _stories(content, newest)
    groups = grouped(stories, lambda e: [e.unit.id])
    keys = sorted(groups, key=lambda uid: collation_key(content.units[uid].name))
    return listings(groups, keys, lambda uid: content.units[uid].name, order)


def by_field(content: Content, newest: list[Exemplar] | None = None) -> list[Listing]:
    stories, order = _stories(content, newest)
    groups = grouped(stories, lambda e: [f.id for f in e.fields])
    fields = content.vocabulary.fields
    return listings(groups, [f for f in fields if f in groups], lambda fid: fields[fid].name, order)


SUBJECT_TITLES = {"model": "Mô hình", "initiative": "Sáng kiến, giải pháp"}


def by_subject(content: Content, newest: list[Exemplar] | None = None) -> list[Listing]:
    """The models and the initiatives (mô hình, sáng kiến), each a listing; people's stories are elsewhere."""
    stories, order = _stories(content, newest)
    groups = grouped(stories, lambda e: [e.subject] if e.subject in SUBJECT_TITLES else [])
    return listings(groups, [key for key in SUBJECT_TITLES if key in groups], SUBJECT_TITLES.__getitem__, order)


def by_year(content: Content, newest: list[Exemplar] | None = None) -> list[Listing]:
    stories, order = _stories(content, newest)
    groups = grouped(stories, lambda e: [e.date.year])
    return listings(groups, sorted(groups, reverse=True), lambda y: f"Năm {y}", order)


def by_award(content: Content, newest: list[Exemplar] | None = None) -> list[Listing]:
    titles: dict[str, AwardTitle] = {a.title.id: a.title for e in content.exemplars for a in e.awards}
    stories, order = _stories(content, newest)
    groups = grouped(stories, lambda e: {a.title.id: None for a in e.awards})  # once per story, however many years
    return listings(groups, sorted(titles, key=lambda t: titles[t].rank), lambda t: titles[t].name, order)


class Relations:
    """Stories sharing unit, fields or campaigns; more shared facts rank higher.

    Built once per corpus: an index from each unit, field and campaign to its
    stories, so finding neighbours costs the size of a story's groups, not the corpus.
    """

    CANDIDATES = 40  # newest stories looked at per shared group: bounds the work at any corpus size

    def __init__(self, content: Content):
        # Stories by their place in (newest, slug) order, the tie-break of equal scores:
        # ranking then compares small integers only.
        self._ordered = chronological(content.exemplars)
        self._place = {e.slug: i for i, e in enumerate(self._ordered)}
        self._groups: dict[tuple[str, str], list[int]] = {}
        for i, e in enumerate(self._ordered):
            for key in self.groups_of(e):
                self._groups.setdefault(key, []).append(i)

    @staticmethod
    def groups_of(e: Exemplar) -> list[tuple[str, str]]:
        """The groups a story shares with others: its unit, fields and campaigns."""
        return [("unit", e.unit.id), *(("field", f.id) for f in e.fields), *(("campaign", c) for c in e.campaigns)]

    @property
    def ordered(self) -> list[Exemplar]:
        """The stories newest first, then by slug: the order `related()` breaks ties in."""
        return self._ordered

    def story(self, slug: str) -> Exemplar | None:
        place = self._place.get(slug)
        return None if place is None else self._ordered[place]

    def related(self, story: Exemplar, limit: int = 3) -> list[Exemplar]:
        """Highest score first; equal scores newest first, then by slug."""
        weights = {"unit": 2, "field": 1, "campaign": 2}
        own = self._place.get(story.slug)
        scores: dict[int, int] = {}
        for key in self.groups_of(story):
            weight = weights[key[0]]
            for other in self._groups.get(key, ())[: self.CANDIDATES + 1]:
                if other != own:
                    scores[other] = scores.get(other, 0) + weight
        ranked = sorted([(-score, other) for other, score in scores.items()])[:limit]  # plain tuples: compared in C
        return [self._ordered[other] for _, other in ranked]


# -- honour roll -----------------------------------------------------------------


@record
class HonourEntry:
    exemplar: Exemplar
    index: int  # which of the story's awards: the page's fingerprint walks the story (known) and an int, not 1,980 awards (+31 ms a build at 1,000)

    @property
    def award(self) -> Award:
        return self.exemplar.awards[self.index]


@record
class HonourGroup:
    title: AwardTitle
    entries: tuple[HonourEntry, ...]


@record
class HonourYear:
    year: int
    groups: tuple[HonourGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(g.entries) for g in self.groups)


def honour_roll(content: Content, rank: Callable[[Exemplar], Any] | None = None) -> list[HonourYear]:
    """Per year, awards from highest rank down; names in Vietnamese order within each.
    `rank`: a story's place in that order, when it is known already (`name_order`)."""
    years: dict[int, dict[str, list[HonourEntry]]] = {}
    titles: dict[str, AwardTitle] = {}
    for e in content.exemplars:
        for i, a in enumerate(e.awards):
            titles[a.title.id] = a.title
            years.setdefault(a.year, {}).setdefault(a.title.id, []).append(HonourEntry(e, i))
    place = rank or _name_place
    out = []
    for year in sorted(years, reverse=True):
        groups = []
        for tid in sorted(years[year], key=lambda t: (titles[t].rank, t)):
            entries = sorted(years[year][tid], key=lambda h: place(h.exemplar))
            groups.append(HonourGroup(titles[tid], tuple(entries)))
        out.append(HonourYear(year, tuple(groups)))
    return out


def _name_place(e: Exemplar) -> tuple:
    return (e.kind != "collective", e.name_key)


def name_order(exemplars: Iterable[Exemplar]) -> dict[str, int]:
    """Each story's place in the honour roll's order, by slug (unique among a unit's
    stories): a sort of the stories by it, stable, orders any of them as `honour_roll`
    does, the same name (a tie) in the stories' own order."""
    return {e.slug: i for i, e in enumerate(sorted(exemplars, key=_name_place))}


# -- campaigns ---------------------------------------------------------------------


@record
class Milestone:
    """A dated step of a campaign's page: its announcement, each phase, its review."""

    name: str
    start: dt.date
    end: dt.date  # the same day for the announcement and the review
    goal: str = ""


def milestones(campaign: Campaign) -> tuple[Milestone, ...]:
    """The campaign's steps by date. On the same day, the order of a campaign plan
    (phát động, then the phases, then xét khen thưởng): announced the day it starts
    still reads "Công bố" first. Without phases the whole period is one step."""
    periods = campaign.phases or (Phase("Thời gian thi đua", campaign.start, campaign.end),)
    steps = [(0, Milestone("Công bố phong trào", campaign.date, campaign.date))]
    steps += [(1, Milestone(p.name, p.start, p.end, p.goal)) for p in periods]
    if campaign.review:
        steps.append((2, Milestone("Xét khen thưởng", campaign.review, campaign.review)))
    return tuple(m for _, m in sorted(steps, key=lambda s: (s[1].start, s[0])))


@record
class CampaignView:
    campaign: Campaign
    state: CampaignState
    honoured: tuple[Exemplar, ...]
    counts: dict  # kind -> honoured count
    days: tuple[int, int]  # (days of the period gone, today included; days of the period)
    milestones: tuple[Milestone, ...]

    @property
    def progress(self) -> float:
        """Share of the period gone, 0..1."""
        return self.days[0] / self.days[1]

    def quota_for(self, kind: str) -> int | None:
        return self.campaign.quota.for_kind(kind) if self.campaign.quota else None


def campaign_view(content: Content, campaign: Campaign, today: dt.date) -> CampaignView:
    honoured = tuple(newest_first(content.honoured_in(campaign.slug)))
    counts = {k: sum(e.kind == k for e in honoured) for k in ("individual", "collective")}
    total = (campaign.end - campaign.start).days + 1
    gone = min(max((today - campaign.start).days + 1, 0), total)
    return CampaignView(campaign, campaign.state(today), honoured, counts, (gone, total), milestones(campaign))


def campaigns_by_state(content: Content, today: dt.date) -> dict[str, list[CampaignView]]:
    groups: dict[str, list[CampaignView]] = {"ongoing": [], "upcoming": [], "ended": []}
    for c in content.campaigns:
        view = campaign_view(content, c, today)
        groups[view.state.kind].append(view)
    groups["ongoing"].sort(key=lambda v: v.campaign.end)
    groups["upcoming"].sort(key=lambda v: v.campaign.start)
    groups["ended"].sort(key=lambda v: v.campaign.end, reverse=True)
    return groups


# -- events ------------------------------------------------------------------------


def upcoming_events(content: Content, today: dt.date) -> list[Event]:
    """Events not yet over, the soonest first."""
    return sorted((ev for ev in content.events if ev.is_upcoming(today)), key=lambda ev: (ev.start, ev.slug))


def past_events(content: Content, today: dt.date) -> list[Event]:
    """Events over, the latest first."""
    return sorted((ev for ev in content.events if not ev.is_upcoming(today)), key=lambda ev: (-ev.start.toordinal(), ev.slug))
