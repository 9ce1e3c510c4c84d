"""The typed content model: what every later step (pages, feeds, photos, reports) reads.

Objects are immutable and hold data only; `reader.py` builds them, nothing here
touches the disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field, replace
from pathlib import Path

from ..records import record
from .candidates import Note, Proposal, Selection
from .text import name_order_key
from .vocabulary import AwardTitle, Field, Vocabulary

PUBLISHED = "published"


@record
class Unit:
    id: str
    name: str
    kind: str


@record
class Signer:
    title: str
    name: str


@record
class EditorSettings:
    """`editor:` in site.yml: the Decap editor published with the site, saving through a git host."""

    path: str  # URL path under the site root, e.g. "soan-bai"
    backend: str  # gitlab | github | forgejo | gitea
    repo: str  # owner/name on the git host
    branch: str = "main"
    base_url: str = ""  # the git host (self-hosted GitLab, Gitea, Forgejo), for sign-in
    api_root: str = ""  # its API, when not the host's default
    app_id: str = ""  # the OAuth application id (PKCE sign-in, no server of ours)

    @property
    def workflow(self) -> bool:
        """Decap's Gitea backend has no editorial workflow: there, review happens on the branch's merge request."""
        return self.backend != "gitea"


@record
class Source:
    """A unit whose export a department imports (`department.sources` in site.yml)."""

    id: str  # the unit's id: its export must claim the same
    name: str
    location: str  # http(s) URL, or an absolute path of a local export file
    base_url: str = ""  # the officer's word for where the unit lives: its links and images may be there too


@record
class Department:
    sources: tuple[Source, ...] = ()
    import_timeout: float | None = None  # seconds per source for `vinhdanh import` (None: its default)


@record
class Follow:
    """The department export a unit takes its campaigns from (`follow` in site.yml)."""

    location: str  # http(s) URL or absolute path
    name: str = ""  # shown as the campaigns' host when the export has no name


@record
class Deadline:
    """One line of the reporting calendar (`calendar:` in site.yml, deadlines.py)."""

    name: str  # what is sent, as the plan words it
    due: str  # monthly-exemplar | yearly-list | yearly-report | half-year-report | phase-review | other
    day: int | None = None  # due on this day of every month
    dates: tuple[tuple[int | None, int, int], ...] = ()  # (year or None for every year, month, day)
    to: str = ""  # where it is sent
    line: int = 0  # its line in site.yml (0: the plans' default calendar)


@record
class Site:
    name: str
    short_name: str
    base_url: str  # absolute, ends with "/"
    parent: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: Path | None = None  # absolute path of the logo file
    locality: str = ""
    signer: Signer | None = None
    hashtags: tuple[str, ...] = ()
    exemplars_path: str = "guong-dien-hinh"  # URL segment of the story section
    campaigns_path: str = "phong-trao-thi-dua"
    feed_size: int = 50
    page_size: int = 20  # cards per listing page: about three phone screens of thumbnails
    editor: EditorSettings | None = None  # off unless site.yml has `editor:`
    id: str = ""  # the unit's id in its export (`id:`, else from short_name): a department's source id
    department: Department | None = None  # set: a Department of Health compiling its units
    follow: Follow | None = None
    image_hosts: tuple[str, ...] = ()  # hosts a body may show images from, besides this site's own (a warning each)
    calendar: tuple[Deadline, ...] | None = None  # None: the plans' usual deadlines (deadlines.py)


@record
class Photo:
    source: Path  # absolute path of the original file
    alt: str
    credit: str = ""
    focus: tuple[float, float] = (0.5, 0.4)  # faces sit slightly above centre
    width: int = 0  # as displayed, after EXIF orientation
    height: int = 0


@record
class Award:
    year: int
    title: AwardTitle
    decision: str = ""
    by: str = ""


@record
class Exemplar:
    slug: str
    source: Path  # absolute path of the Markdown file
    rel_path: str  # as shown in messages
    title: str
    kind: str  # individual | collective
    name: str  # display form: title case for individuals
    unit: Unit
    date: dt.date
    summary: str
    status: str
    body: str  # Markdown, normalised
    body_line: int = 1  # file line where the body starts
    position: str = ""
    updated: dt.date | None = None
    fields: tuple[Field, ...] = ()
    campaigns: tuple[str, ...] = ()  # campaign slugs
    awards: tuple[Award, ...] = ()
    photo: Photo | None = None
    video: str = ""
    consent: bool | str = False
    patients_identifiable: bool = False
    patient_consent: bool = False
    featured: bool = False
    tags: tuple[str, ...] = ()
    author: str = ""
    subject: str = "exemplar"  # exemplar | model | initiative (schema.SUBJECTS)
    recognition: str = ""  # a model's or initiative's level of recognition (schema.LEVELS)
    applied_at: tuple[str, ...] = ()
    replicated_at: tuple[str, ...] = ()
    cultivation: tuple[Note, ...] = ()  # the candidate pipeline (pipeline.py): never public
    proposal: Proposal | None = None
    selected: Selection | None = None

    @property
    def private_records(self) -> bool:
        return bool(self.cultivation or self.proposal or self.selected)

    def is_public(self, today: dt.date) -> bool:
        return self.status == PUBLISHED and self.date <= today

    @property
    def last_modified(self) -> dt.date:
        return self.updated or self.date

    @property
    def highest_award(self) -> Award | None:
        if not self.awards:
            return None
        return min(self.awards, key=lambda a: (a.title.rank, -a.year))

    def awards_by_year(self) -> list[tuple[int, list[Award]]]:
        years: dict[int, list[Award]] = {}
        for award in self.awards:
            years.setdefault(award.year, []).append(award)
        return [(year, sorted(items, key=lambda a: a.title.rank)) for year, items in sorted(years.items(), reverse=True)]

    @property
    def name_key(self) -> tuple:
        return name_order_key(self.name) if self.kind == "individual" else (self.name.lower(),)


@record
class Phase:
    name: str
    start: dt.date
    end: dt.date
    goal: str = ""


@record
class Quota:
    collective: int | None = None
    individual: int | None = None

    def for_kind(self, kind: str) -> int | None:
        return self.collective if kind == "collective" else self.individual


@record
class CampaignState:
    kind: str  # upcoming | ongoing | ended
    phase: Phase | None = None  # the current phase while ongoing, if any

    @property
    def label(self) -> str:
        return {"upcoming": "Sắp diễn ra", "ongoing": "Đang diễn ra", "ended": "Đã kết thúc"}[self.kind]


@record
class Campaign:
    slug: str
    source: Path
    rel_path: str
    title: str
    date: dt.date
    summary: str
    host: str
    start: dt.date
    end: dt.date
    status: str
    body: str
    body_line: int = 1
    owner: str = ""
    phases: tuple[Phase, ...] = ()
    review: dt.date | None = None
    quota: Quota | None = None
    basis: tuple[str, ...] = ()
    photo: Photo | None = None
    origin: str = ""  # a followed department campaign: its page at the department (absolute URL)

    def is_public(self, today: dt.date) -> bool:
        return self.status == PUBLISHED and self.date <= today

    def state(self, today: dt.date) -> CampaignState:
        if today < self.start:
            return CampaignState("upcoming")
        if today > self.end:
            return CampaignState("ended")
        current = next((p for p in self.phases if p.start <= today <= p.end), None)
        return CampaignState("ongoing", current)


@record
class Event:
    """A conference, round-table, exchange or contest (content/events/), announced on `date`."""

    slug: str
    source: Path
    rel_path: str
    title: str
    kind: str  # schema.EVENT_KINDS
    date: dt.date
    start: dt.date
    place: str
    host: str
    summary: str
    status: str
    body: str
    body_line: int = 1
    end: dt.date | None = None
    campaign: str | None = None
    exemplars: tuple[str, ...] = ()
    photo: Photo | None = None

    def is_public(self, today: dt.date) -> bool:
        return self.status == PUBLISHED and self.date <= today

    @property
    def last_day(self) -> dt.date:
        return self.end or self.start

    def is_upcoming(self, today: dt.date) -> bool:
        return self.last_day >= today


@record
class Content:
    """Everything read from `content/`: the whole corpus, private items included."""

    root: Path  # the project root
    site: Site
    units: dict[str, Unit]
    vocabulary: Vocabulary
    exemplars: tuple[Exemplar, ...] = ()
    campaigns: tuple[Campaign, ...] = ()
    registrations: tuple = ()  # registration.Registration: internal forms, never public
    events: tuple[Event, ...] = ()

    def public(self, today: dt.date) -> Content:
        """The part of the corpus that may reach any output, as of `today`.

        Registrations and a story's pipeline records (cultivation notes, proposal,
        selection) are internal: they are stripped here, so no page can show them.
        """
        campaigns = tuple(c for c in self.campaigns if c.is_public(today))
        visible = {c.slug for c in campaigns}
        # A story keeps its identity when all its campaigns are visible: a `serve` rebuild
        # then meets the same objects as the last one (fingerprints are memoised by object).
        exemplars = tuple(_public_view(e, visible) for e in self.exemplars if e.is_public(today))
        events = tuple(ev for ev in self.events if ev.is_public(today))
        return replace(self, exemplars=exemplars, campaigns=campaigns, registrations=(), events=events)

    def campaign(self, slug: str) -> Campaign | None:
        return next((c for c in self.campaigns if c.slug == slug), None)

    def exemplar(self, slug: str) -> Exemplar | None:
        return next((e for e in self.exemplars if e.slug == slug), None)

    def honoured_in(self, campaign_slug: str) -> list[Exemplar]:
        return [e for e in self.exemplars if campaign_slug in e.campaigns]


def _public_view(e: Exemplar, visible: set[str]) -> Exemplar:
    if all(s in visible for s in e.campaigns) and not e.private_records:
        return e
    return replace(e, campaigns=tuple(s for s in e.campaigns if s in visible), cultivation=(), proposal=None, selected=None)


@record(frozen=False)
class LoadResult:
    content: Content | None
    diagnostics: list = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return self.content is not None and not self.errors
