"""Which pages the section has: one PageSpec per URL, built from the public model.

No markup here: each spec names a fragment template and the data it shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import field
from typing import Any

from ..content.model import Campaign, Content, Event, Exemplar
from ..derive import views as derive
from ..records import record
from .urls import AWARDS, FIELDS, SUBJECTS, UNITS, YEARS, Urls


@record(frozen=False)
class PageSpec:
    path: str  # site-relative URL ending in "/"
    title: str
    template: str
    description: str
    context: dict = field(default_factory=dict)
    kind: str = "listing"  # landing | listing | story | campaign | event | search
    searchable: bool = False  # story and campaign pages go into the search index
    item: Exemplar | Campaign | Event | None = None  # what a story or campaign page is about


def listing_pages(urls: Urls, first: str, title: str, template: str, description: str, items, page_size: int, context: dict) -> list[PageSpec]:
    """A list of cards, `page_size` per page (phones never get hundreds at once): page 1
    at `first`, the others under it; the unit's listings and a department's sector ones."""
    chunks = derive.paginate(list(items), page_size)
    page_urls = tuple(urls.paged(first, n) for n in range(1, len(chunks) + 1))  # the pager's links: data, not a function
    return [
        PageSpec(
            urls.paged(first, number),
            title + (f" – trang {number}" if number > 1 else ""),
            template,
            description,
            {**context, "items": chunk, "page": number, "total": len(items), "page_urls": page_urls},
        )
        for number, chunk in enumerate(chunks, 1)
    ]


def plan_pages(content: Content, urls: Urls, today: dt.date, related: Callable[[Exemplar], list[Exemplar]] | None = None, name_rank: Callable[[Exemplar], Any] | None = None) -> list[PageSpec]:
    """Every page of the section from the public view; `related` ranks (cache/related.py),
    `name_rank` places a story in the honour roll's order of names (cache/nameorder.py)."""
    site = content.site
    stories = derive.newest_first(content.exemplars)
    groups = derive.campaigns_by_state(content, today)
    # grouped from the stories newest first: each listing is in that order without a sort of its own
    units, fields_, years, awards = derive.by_unit(content, stories), derive.by_field(content, stories), derive.by_year(content, stories), derive.by_award(content, stories)
    subjects = derive.by_subject(content, stories)
    roll = derive.honour_roll(content, name_rank)
    related = related or derive.Relations(content).related
    pages: list[PageSpec] = []

    pages.append(
        PageSpec(
            urls.exemplars,
            "Gương điển hình tiên tiến",
            "landing.html",
            f"Những tấm gương điển hình tiên tiến, người tốt việc tốt của {site.name}.",
            {
                "featured": [e for e in stories if e.featured][:3],
                "latest": [e for e in stories if not e.featured][:6],
                "ongoing": groups["ongoing"],
                "units": units,
                "fields": fields_,
                "years": years,
                "subjects": subjects,
                "total": len(stories),
                "roll": roll[:1],
                "events": derive.upcoming_events(content, today)[:3],
            },
            kind="landing",
        )
    )

    def listing(first: str, title: str, description: str, items, template: str, **context) -> None:
        pages.extend(listing_pages(urls, first, title, template, description, items, site.page_size, context))

    listing(urls.index_page(1), "Tất cả gương điển hình", f"Danh sách {len(stories)} gương điển hình tiên tiến, mới nhất trước.", stories, "index.html")

    pages += _story_pages(content, urls, stories, related)
    pages += _facet_pages(content, urls, units, fields_, years, awards, subjects)
    pages += _honour_pages(content, urls, roll)
    pages += _campaign_pages(content, urls, groups)
    pages += _event_pages(content, urls, today)

    # A unit that has published nothing yet has no index to search (Pagefind needs a document).
    nothing = not any(p.searchable for p in pages)
    pages.append(PageSpec(urls.search, "Tìm kiếm gương điển hình", "search.html", "Tìm gương điển hình theo tên, khoa, phòng, thành tích.", {"nothing": nothing}, kind="search"))
    return pages


def _story_pages(content: Content, urls: Urls, stories: list[Exemplar], related: Callable[[Exemplar], list[Exemplar]]) -> list[PageSpec]:
    return [
        PageSpec(
            urls.exemplar(story.slug),
            story.title,
            "story.html",
            story.summary,
            {"e": story, "related": related(story), "campaigns": [content.campaign(s) for s in story.campaigns]},
            kind="story",
            searchable=True,
            item=story,
        )
        for story in stories
    ]


def _facet_pages(content: Content, urls: Urls, units, fields_, years, awards, subjects) -> list[PageSpec]:
    """A page per facet (unit, field, year, award, subject) listing its groups, and each group's listing."""
    pages: list[PageSpec] = []
    facets = (  # segment, facet name, listings, URL of one listing, page title
        (UNITS, "Theo khoa, phòng", units, urls.unit, "Gương điển hình của {}"),
        (FIELDS, "Theo lĩnh vực", fields_, urls.field, "Gương điển hình lĩnh vực {}"),
        (YEARS, "Theo năm", years, lambda key: urls.year(int(key)), "Gương điển hình {}"),
        (AWARDS, "Theo danh hiệu", awards, urls.award, "Được tặng {}"),
        (SUBJECTS, "Mô hình, sáng kiến", subjects, urls.subject, "{} tiêu biểu"),
    )
    for segment, facet_title, listings, url_of, heading in facets:
        if not listings and segment == SUBJECTS:
            continue  # a unit with no model or initiative yet has no such page
        facet_path = f"{urls.exemplars}{segment}/"
        pages.append(
            PageSpec(
                facet_path,
                facet_title if segment == SUBJECTS else f"Gương điển hình {facet_title.lower()}",
                "facet.html",
                f"Gương điển hình tiên tiến {facet_title.lower()}.",
                {"links": [(group, url_of(group.key)) for group in listings], "facet": segment},
            )
        )
        for group in listings:
            # "lĩnh vực khám, chữa bệnh", "năm 2025"; unit and award names keep their capitals
            name = group.title[:1].lower() + group.title[1:] if segment in (FIELDS, YEARS) else group.title
            context = {"listing": group, "feed": urls.unit_rss(group.key) if segment == UNITS else None}
            description = f"{len(group.items)} gương điển hình – {group.title}."
            pages.extend(listing_pages(urls, url_of(group.key), heading.format(name), "listing.html", description, group.items, content.site.page_size, context))
    return pages


def _honour_pages(content: Content, urls: Urls, roll) -> list[PageSpec]:
    """The honour roll and one page per year."""
    pages: list[PageSpec] = []
    pages.append(
        PageSpec(
            urls.honour_roll,
            "Bảng vàng",
            "honour_index.html",
            f"Bảng vàng vinh danh tập thể, cá nhân của {content.site.name} qua các năm.",
            {"roll": roll},
        )
    )
    for year in roll:
        pages.append(
            PageSpec(
                urls.honour_roll_year(year.year),
                f"Bảng vàng năm {year.year}",
                "honour_year.html",
                f"{year.count} lượt khen thưởng, danh hiệu năm {year.year}.",
                {"year": year},
            )
        )
    return pages


def _campaign_pages(content: Content, urls: Urls, groups) -> list[PageSpec]:
    """The campaigns page and one page per campaign, by state."""
    pages: list[PageSpec] = []
    pages.append(
        PageSpec(
            urls.campaigns,
            "Phong trào thi đua",
            "campaigns.html",
            f"Các phong trào thi đua của {content.site.name}: đang diễn ra, sắp diễn ra và đã kết thúc.",
            {"groups": groups},
            kind="landing",
        )
    )
    for state_views in groups.values():
        for view in state_views:
            c = view.campaign
            pages.append(
                PageSpec(
                    urls.campaign(c.slug),
                    c.title,
                    "campaign.html",
                    c.summary,
                    {"v": view},
                    kind="campaign",
                    searchable=True,
                    item=c,
                )
            )
    return pages


def _event_pages(content: Content, urls: Urls, today: dt.date) -> list[PageSpec]:
    """ "Sự kiện": upcoming first (soonest first), then past (latest first); a page per event."""
    upcoming, past = derive.upcoming_events(content, today), derive.past_events(content, today)
    out = [
        PageSpec(
            urls.events,
            "Sự kiện",
            "events.html",
            f"Hội nghị biểu dương, tọa đàm, giao lưu và cuộc thi viết về gương điển hình của {content.site.name}.",
            {"upcoming": upcoming, "past": past},
        )
    ]
    for event in [*upcoming, *past]:
        honoured = [e for e in (content.exemplar(slug) for slug in event.exemplars) if e]  # public ones only
        campaign = content.campaign(event.campaign) if event.campaign else None
        out.append(
            PageSpec(
                urls.event(event.slug),
                event.title,
                "event.html",
                event.summary,
                {"ev": event, "honoured": honoured, "campaign": campaign, "upcoming": event.is_upcoming(today)},
                kind="event",
                searchable=True,
                item=event,
            )
        )
    return out
