"""One item (story, campaign, event) as every feed shows it: RSS, Atom and the JSON Feed export.

Its page (`permalink`), its categories, the HTML a reader shows and the instant it is
stamped with; `feed_entry` gathers them in the terms RSS and Atom share (feeds.py
writes those). Decisions (see also feeds.py, and `head.py`, which uses the same clock):

* Dates are dates. A story dated D is stamped D 08:00 +0700 (Asia/Ho_Chi_Minh,
  no daylight saving since 1975): office hours, and the same calendar day in
  UTC, so readers in any timezone west of +0700 down to UTC show the right day
  (00:00 +0700 would be the previous evening in UTC).
* Every href/src/srcset in the HTML is made absolute against the item's page
  URL, so root-relative links of sub-path sites ('/benh-vien/...') stay right.
"""

from __future__ import annotations

import datetime as dt
import html

from ..content.model import Event, Exemplar
from ..content.schema import EVENT_KINDS
from ..content.text import short_date
from ..content.vocabulary import KIND_NAMES
from ..derive.views import SUBJECT_TITLES
from ..photos.cardtext import card_kind
from ..records import record
from ..render.absolute import absolutize

VN_TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh: UTC+7 all year
PUBLISH_TIME = dt.time(8, 0)


def local_datetime(day: dt.date) -> dt.datetime:
    """The instant a dated thing is stamped with: 08:00 Vietnam time that day."""
    return dt.datetime.combine(day, PUBLISH_TIME, VN_TZ)


# -- the item -------------------------------------------------------------------


EVENT_KIND_NAMES = dict(EVENT_KINDS)


def event_when(item: Event) -> str:
    """ "Ngày 05/12/2027" or "Từ 05/12/2027 đến 06/12/2027"."""
    if item.end and item.end != item.start:
        return f"Từ {short_date(item.start)} đến {short_date(item.end)}"
    return f"Ngày {short_date(item.start)}"


def _page(section, item) -> str:
    urls = section.urls
    if isinstance(item, Event):
        return urls.event(item.slug)
    return urls.exemplar(item.slug) if isinstance(item, Exemplar) else urls.campaign(item.slug)


def permalink(section, item) -> str:
    return section.urls.absolute(_page(section, item))


def categories(section, item) -> list[str]:
    if isinstance(item, Exemplar):
        names = [item.unit.name, *(f.name for f in item.fields)]
        if item.subject in SUBJECT_TITLES:  # a model's or initiative's item says so: readers filter on it
            names.insert(0, SUBJECT_TITLES[item.subject])
        names += [c.title for c in (section.content.campaign(s) for s in item.campaigns) if c]
    elif isinstance(item, Event):
        names = ["Sự kiện", EVENT_KIND_NAMES.get(item.kind, ""), item.host]
    else:
        names = ["Phong trào thi đua", item.host]
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def item_html(section, item) -> str:
    """The full HTML of an item as a feed reader shows it, every URL absolute."""
    e = html.escape
    parts: list[str] = []
    if item.photo:
        picture = section.images.picture(item.photo, "100vw")
        if picture:
            credit = f"<figcaption>Ảnh: {e(item.photo.credit)}</figcaption>" if item.photo.credit else ""
            parts.append(f"<figure>{picture}{credit}</figure>")
    if isinstance(item, Exemplar):
        who = [item.position] if item.position else []
        if item.unit.name not in item.name:
            who.append(item.unit.name)
        kind = KIND_NAMES.get(item.kind, item.kind).lower()
        parts.append(f"<p><strong>{e(item.name)}</strong>{' – ' + e(', '.join(who)) if who else ''} ({e(kind)})</p>")
    elif isinstance(item, Event):
        parts.append(f"<p>{e(event_when(item))} tại {e(item.place)}. Đơn vị tổ chức: {e(item.host)}.</p>")
    else:
        parts.append(f"<p>Thời gian: {short_date(item.start)} – {short_date(item.end)}. Cơ quan chủ trì: {e(item.host)}.</p>")
    parts.append(f"<p><strong>{e(item.summary)}</strong></p>")
    parts.append(str(section.renderer.body_html(item)))
    if isinstance(item, Exemplar) and item.awards:
        rows = []
        for year, awards in item.awards_by_year():
            for a in awards:
                decision = f" ({e(a.decision)})" if a.decision else ""
                rows.append(f"<li>Năm {year}: {e(a.title.name)}{decision}</li>")
        parts.append(f"<h2>Thành tích</h2><ul>{''.join(rows)}</ul>")
    updated = getattr(item, "updated", None)
    if updated and updated != item.date:
        parts.append(f"<p><em>Cập nhật ngày {short_date(updated)}.</em></p>")
    return absolutize("\n".join(parts), permalink(section, item))


# -- in the terms RSS and Atom share ---------------------------------------------


@record
class FeedEntry:
    """One item of a feed, in the terms both formats use."""

    link: str  # the story or campaign page: RSS link and guid, Atom id and alternate link
    title: str  # plain text
    summary: str  # plain text (content model)
    html: str  # the full item as HTML, every URL absolute
    published: dt.datetime
    updated: dt.datetime
    author: str  # plain text
    categories: tuple[str, ...]
    enclosure: tuple[str, str, str]  # the social card (cut from the lead photo): url, length, MIME


def feed_entry(section, item) -> FeedEntry:
    card = section.images.card(card_kind(item), item.slug)
    return FeedEntry(
        link=permalink(section, item),
        title=item.title,
        summary=item.summary,
        html=item_html(section, item),
        published=local_datetime(item.date),
        updated=local_datetime(getattr(item, "updated", None) or item.date),
        author=getattr(item, "author", "") or section.content.site.name,
        categories=tuple(categories(section, item)),
        enclosure=(section.urls.absolute(card.url), str(section.images.card_bytes(card)), card.mime),
    )
