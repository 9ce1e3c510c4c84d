"""What a social card says: plain strings taken from a story or a campaign."""

from __future__ import annotations

from ..content.model import Campaign, Event, Exemplar, Site
from ..records import record

EXEMPLAR_LABEL = "GƯƠNG ĐIỂN HÌNH TIÊN TIẾN"
COLLECTIVE_LABEL = "TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN"
CAMPAIGN_LABEL = "PHONG TRÀO THI ĐUA"
EVENT_LABEL = "SỰ KIỆN"


@record
class CardText:
    eyebrow: str  # small capitals above the headline
    headline: str  # the person's or collective's name; a campaign's title
    subline: str  # position · unit; host · period
    body: str  # the story's title; a campaign's summary
    footer: str  # the hospital's name, beside its logo
    initials: str  # drawn in place of a photo when there is none
    headline_lines: int = 2
    body_lines: int = 3


def exemplar_text(item: Exemplar, site: Site) -> CardText:
    individual = item.kind == "individual"
    words = item.name.split()
    initials = (words[-1][:1] if individual else "".join(w[:1] for w in words[:2])) if words else ""
    return CardText(
        eyebrow=EXEMPLAR_LABEL if individual else COLLECTIVE_LABEL,
        headline=item.name,
        subline=" · ".join(part for part in (item.position, item.unit.name) if part),
        body=item.title,
        footer=site.name,
        initials=initials.upper(),
    )


def campaign_text(item: Campaign, site: Site) -> CardText:
    period = f"{item.start:%d/%m/%Y}\u00a0–\u00a0{item.end:%d/%m/%Y}"  # never broken across lines
    return CardText(
        eyebrow=CAMPAIGN_LABEL,
        headline=item.title,
        subline=" · ".join(part for part in (item.host, period) if part),
        body=item.summary,
        footer=site.name,
        initials="",
        headline_lines=3,
        body_lines=2,
    )


def event_text(item: Event, site: Site) -> CardText:
    when = f"{item.start:%d/%m/%Y}" + (f"\u00a0–\u00a0{item.end:%d/%m/%Y}" if item.end and item.end != item.start else "")
    return CardText(
        eyebrow=EVENT_LABEL,
        headline=item.title,
        subline=" · ".join(part for part in (when, item.place) if part),
        body=item.summary,
        footer=site.name,
        initials="",
        headline_lines=3,
        body_lines=2,
    )


def card_kind(item) -> str:
    """The social card an item has: one per story, campaign and event."""
    return "exemplar" if isinstance(item, Exemplar) else "event" if isinstance(item, Event) else "campaign"
