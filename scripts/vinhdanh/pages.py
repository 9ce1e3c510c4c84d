"""Which pages the section has: one PageSpec per URL, built from the public model.

No markup here: each spec names a fragment template and the data it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import derive
from .model import Campaign, Content, Exemplar
from .urls import Urls


@dataclass(frozen=True)
class Crumb:
    title: str
    path: str


@dataclass
class PageSpec:
    path: str  # site-relative URL ending in "/"
    title: str
    template: str
    description: str
    context: dict = field(default_factory=dict)
    kind: str = "listing"  # landing | listing | story | campaign | search
    searchable: bool = False  # story and campaign pages go into the search index
    crumbs: tuple[Crumb, ...] = ()
    item: Exemplar | Campaign | None = None  # what a story or campaign page is about


def plan_pages(content: Content, urls: Urls, today: dt.date) -> list[PageSpec]:
    """Every page of the section. `content` must already be the public view."""
    site = content.site
    home = Crumb("Gương điển hình", urls.exemplars)
    campaigns_home = Crumb("Phong trào thi đua", urls.campaigns)
    stories = derive.newest_first(content.exemplars)
    groups = derive.campaigns_by_state(content, today)
    units, fields_, years, awards = derive.by_unit(content), derive.by_field(content), derive.by_year(content), derive.by_award(content)
    roll = derive.honour_roll(content)
    relations = derive.Relations(content)
    pages: list[PageSpec] = []

    pages.append(PageSpec(
        urls.exemplars, "Gương điển hình tiên tiến", "landing.html",
        f"Những tấm gương điển hình tiên tiến, người tốt việc tốt của {site.name}.",
        {"featured": [e for e in stories if e.featured][:3], "latest": [e for e in stories if not e.featured][:6],
         "ongoing": groups["ongoing"], "units": units, "fields": fields_, "years": years, "total": len(stories),
         "roll": roll[:1]},
        kind="landing",
    ))

    chunks = derive.paginate(stories, site.page_size)
    for number, chunk in enumerate(chunks, 1):
        title = "Tất cả gương điển hình" + (f" – trang {number}" if number > 1 else "")
        pages.append(PageSpec(
            urls.index_page(number), title, "index.html",
            f"Danh sách {len(stories)} gương điển hình tiên tiến, mới nhất trước.",
            {"items": chunk, "page": number, "pages": len(chunks), "page_url": urls.index_page, "total": len(stories)},
            crumbs=(home,),
        ))

    for story in stories:
        pages.append(PageSpec(
            urls.exemplar(story.slug), story.title, "story.html", story.summary,
            {"e": story, "related": relations.related(story),
             "campaigns": [content.campaign(s) for s in story.campaigns]},
            kind="story", searchable=True, crumbs=(home, Crumb(story.unit.name, urls.unit(story.unit.id))), item=story,
        ))

    facets = (
        ("don-vi", "Theo khoa, phòng", units, urls.unit, "Gương điển hình của {}"),
        ("linh-vuc", "Theo lĩnh vực", fields_, urls.field, "Gương điển hình lĩnh vực {}"),
        ("nam", "Theo năm", years, urls.year, "Gương điển hình {}"),
        ("danh-hieu", "Theo danh hiệu", awards, urls.award, "Được tặng {}"),
    )
    for segment, facet_title, listings, url_of, heading in facets:
        facet_path = f"{urls.exemplars}{segment}/"
        pages.append(PageSpec(
            facet_path, f"Gương điển hình {facet_title.lower()}", "facet.html",
            f"Gương điển hình tiên tiến {facet_title.lower()}.",
            {"listings": listings, "url_of": url_of, "facet": segment}, crumbs=(home,),
        ))
        for listing in listings:
            lowered = listing.title if segment == "nam" else listing.title[:1].lower() + listing.title[1:] if segment == "linh-vuc" else listing.title
            pages.append(PageSpec(
                url_of(int(listing.key) if segment == "nam" else listing.key), heading.format(lowered), "listing.html",
                f"{len(listing.items)} gương điển hình – {listing.title}.",
                {"listing": listing, "facet": segment, "feed": urls.unit_rss(listing.key) if segment == "don-vi" else None},
                crumbs=(home, Crumb(facet_title, facet_path)),
            ))

    pages.append(PageSpec(
        urls.honour_roll, "Bảng vàng", "honour_index.html",
        f"Bảng vàng vinh danh tập thể, cá nhân của {site.name} qua các năm.",
        {"roll": roll}, crumbs=(home,),
    ))
    for year in roll:
        pages.append(PageSpec(
            urls.honour_roll_year(year.year), f"Bảng vàng năm {year.year}", "honour_year.html",
            f"{year.count} lượt khen thưởng, danh hiệu năm {year.year}.",
            {"year": year}, crumbs=(home, Crumb("Bảng vàng", urls.honour_roll)),
        ))

    pages.append(PageSpec(
        urls.campaigns, "Phong trào thi đua", "campaigns.html",
        f"Các phong trào thi đua của {site.name}: đang diễn ra, sắp diễn ra và đã kết thúc.",
        {"groups": groups}, kind="landing",
    ))
    for state_views in groups.values():
        for view in state_views:
            c = view.campaign
            pages.append(PageSpec(
                urls.campaign(c.slug), c.title, "campaign.html", c.summary, {"v": view},
                kind="campaign", searchable=True, crumbs=(campaigns_home,), item=c,
            ))

    pages.append(PageSpec(urls.search, "Tìm kiếm gương điển hình", "search.html", "Tìm gương điển hình theo tên, khoa, phòng, thành tích.", {}, kind="search", crumbs=(home,)))
    return pages
