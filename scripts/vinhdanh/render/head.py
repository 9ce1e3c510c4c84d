"""Head tags of a page: description, Open Graph, Twitter card, JSON-LD, feed links.

Social platforms (Facebook, Zalo) read these when a story is reposted.

* og:url is the canonical URL, the same string Material writes into
  `<link rel="canonical">` (site_url + page path; keep site_url = base_url).
* Dates carry the clock of the feeds (`feeditem.local_datetime`: 08:00 +07:00), so
  a page and its feed item never disagree.
* Text is NFC and only HTML-escaped (&, <, >, quotes): Vietnamese letters stay
  letters, never numeric entities. og:description is at most 300 characters,
  cut at a word boundary with "…".
* Story and campaign pages show their social card (1200×630 JPEG); other pages
  the site logo with a small "summary" Twitter card.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from html import escape
from typing import Any

from ..content.model import Campaign, Event, Exemplar
from ..outputs import export
from ..outputs.feeditem import local_datetime
from ..pages.plan import PageSpec
from ..photos.cardtext import card_kind

DESCRIPTION_MAX = 300
HEADLINE_MAX = 110  # schema.org Article headline, as Google reads it
# Words that start the name of an office rather than a person (story `author`).
_ORG_WORDS = ("phòng", "khoa", "ban", "văn phòng", "đoàn", "công đoàn", "trung tâm", "bệnh viện", "tổ", "hội", "trạm", "đảng ủy", "đảng uỷ", "chi bộ", "sở")


# Feed autodiscovery keeps the exact, standard rel="alternate": browser extensions
# and aggregators commonly look for link[rel="alternate"][type=...] as a whole
# string, so "alternate feed" would hide the feeds from them. Material 9.x fetches
# sitemap.xml beside every link[rel=alternate] (squidfunk/mkdocs-material#8576);
# feeds.probe_sitemaps() writes a valid sitemap there, so that is a 200, not a 404.
FEED_REL = "alternate"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def truncate(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut at a word boundary and ended with "…"."""
    text = " ".join(nfc(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def iso(day) -> str:
    return local_datetime(day).isoformat()


def _card_kind(item) -> str:
    return card_kind(item)


def image_alt(item) -> str:
    return f"{item.name} – {item.title}" if isinstance(item, Exemplar) else item.title


def _main_feeds(urls, site) -> list[tuple[str, dict[str, str]]]:
    feed_title = f"{site.short_name or site.name} – Gương điển hình"
    return [
        ("link", {"rel": FEED_REL, "type": "application/rss+xml", "title": f"{feed_title} (RSS)", "href": urls.absolute(urls.rss)}),
        ("link", {"rel": FEED_REL, "type": "application/atom+xml", "title": f"{feed_title} (Atom)", "href": urls.absolute(urls.atom)}),
        ("link", {"rel": FEED_REL, "type": export.MIME, "title": f"{feed_title} (JSON Feed)", "href": urls.absolute(export.export_path(urls))}),
    ]


def feed_links(section) -> str:
    """The main feeds' autodiscovery links (RSS, Atom, JSON Feed), for every page of the site (the hospital's own ones too)."""
    return _render_tags(_main_feeds(section.urls, section.content.site))


def _render_tags(tags: list[tuple[str, dict[str, str]]]) -> str:
    return "\n".join(f"<{name} " + " ".join(f'{k}="{_attribute(v)}"' for k, v in attrs.items()) + ">" for name, attrs in tags)


@functools.lru_cache(maxsize=4096)
def _attribute(value: str) -> str:
    """An attribute's value, normalised and escaped: most of a page's (feed links, og:
    names, the site's name) are every page's, a quarter of head_tags' time otherwise."""
    return escape(nfc(value))


def head_tags(spec: PageSpec, section) -> str:
    urls, site = section.urls, section.content.site
    url = urls.absolute(spec.path)
    title, description = nfc(spec.title), truncate(spec.description, DESCRIPTION_MAX)
    tags = _main_feeds(urls, site)
    item = spec.item
    if isinstance(item, Campaign):
        tags.append(("link", {"rel": FEED_REL, "type": "application/rss+xml", "title": f"{item.title} (RSS)", "href": urls.absolute(urls.campaign_rss(item.slug))}))
    feed = spec.context.get("feed")
    listing = spec.context.get("listing")
    if feed:
        name = getattr(listing, "title", "") or spec.title
        tags.append(("link", {"rel": FEED_REL, "type": "application/rss+xml", "title": f"{name} (RSS)", "href": urls.absolute(feed)}))
    tags += [
        ("meta", {"property": "og:site_name", "content": site.name}),
        ("meta", {"property": "og:locale", "content": "vi_VN"}),
        ("meta", {"property": "og:type", "content": "article" if item else "website"}),
        ("meta", {"property": "og:title", "content": title}),
        ("meta", {"property": "og:description", "content": description}),
        ("meta", {"property": "og:url", "content": url}),
    ]
    if item is not None:
        card = section.images.card(_card_kind(item), item.slug)
        image, alt = urls.absolute(card.url), image_alt(item)
        tags += [
            ("meta", {"property": "og:image", "content": image}),
            ("meta", {"property": "og:image:secure_url", "content": image}),
            ("meta", {"property": "og:image:type", "content": card.mime}),
            ("meta", {"property": "og:image:width", "content": str(card.width)}),
            ("meta", {"property": "og:image:height", "content": str(card.height)}),
            ("meta", {"property": "og:image:alt", "content": alt}),
            ("meta", {"property": "article:published_time", "content": iso(item.date)}),
            ("meta", {"property": "article:modified_time", "content": iso(getattr(item, "last_modified", item.date))}),
        ]
        if isinstance(item, Exemplar):
            tags.append(("meta", {"property": "article:section", "content": item.unit.name}))
            tags += [("meta", {"property": "article:tag", "content": f.name}) for f in item.fields]
        tags += [
            ("meta", {"name": "twitter:card", "content": "summary_large_image"}),
            ("meta", {"name": "twitter:image", "content": image}),
            ("meta", {"name": "twitter:image:alt", "content": alt}),
        ]
    else:
        tags += _logo_tags(section)
    tags += [
        ("meta", {"name": "twitter:title", "content": title}),
        ("meta", {"name": "twitter:description", "content": description}),
    ]
    out = [_render_tags(tags)]
    if item is not None:
        data = json.dumps(_json_ld(spec, section, url), ensure_ascii=False, sort_keys=False)
        data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        out.append(f'<script type="application/ld+json">{nfc(data)}</script>')
    return "\n".join(out)


def _logo_tags(section) -> list[tuple[str, dict[str, str]]]:
    """A page without a card of its own shows the site's logo, with a small Twitter card."""
    tags: list[tuple[str, dict[str, str]]] = []
    logo = _logo(section)
    if logo:
        image, size = logo
        tags += [("meta", {"property": "og:image", "content": image}), ("meta", {"property": "og:image:secure_url", "content": image})]
        if size:
            tags += [("meta", {"property": "og:image:width", "content": str(size[0])}), ("meta", {"property": "og:image:height", "content": str(size[1])})]
        tags += [("meta", {"property": "og:image:alt", "content": f"Biểu trưng {section.content.site.name}"}), ("meta", {"name": "twitter:image", "content": image})]
    tags.append(("meta", {"name": "twitter:card", "content": "summary"}))
    return tags


def site_tags(section) -> str:
    """Open Graph tags the hospital's own pages and the 404 page share; overrides/main.html
    adds each page's description, title and URL (known only when MkDocs renders it)."""
    site = section.content.site
    tags = [
        ("meta", {"property": "og:site_name", "content": site.name}),
        ("meta", {"property": "og:locale", "content": "vi_VN"}),
        ("meta", {"property": "og:type", "content": "website"}),
    ]
    return _render_tags(tags + _logo_tags(section))


def site_description(site) -> str:
    """What a page of the hospital says of itself when its author wrote no `description`."""
    return truncate(f"Trang thông tin của {site.name}: gương điển hình tiên tiến, người tốt, việc tốt và các phong trào thi đua.", DESCRIPTION_MAX)


def _logo(section) -> tuple[str, tuple[int, int] | None] | None:
    if not section.content.site.logo:
        return None
    return section.urls.absolute(section.urls.logo), section.logo_size


def _agent(name: str) -> dict:
    """A story's `author`: an office ("Phòng Công tác xã hội") or a person."""
    lowered = nfc(name).lower()
    is_org = any(lowered == w or lowered.startswith(w + " ") for w in _ORG_WORDS)
    return {"@type": "Organization" if is_org else "Person", "name": name}


def _json_ld(spec: PageSpec, section, url: str) -> dict:
    urls, site = section.urls, section.content.site
    item = spec.item
    assert item is not None, "JSON-LD describes a story or a campaign page"
    publisher: dict[str, Any] = {"@type": "Hospital", "name": site.name, "url": site.website or site.base_url}
    logo = _logo(section)
    if logo:
        publisher["logo"] = {"@type": "ImageObject", "url": logo[0]}
        if logo[1]:
            publisher["logo"].update(width=logo[1][0], height=logo[1][1])
    if site.address:
        publisher["address"] = site.address
    if site.phone:
        publisher["telephone"] = site.phone
    if site.email:
        publisher["email"] = site.email
    card = section.images.card(_card_kind(item), item.slug)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": truncate(spec.title, HEADLINE_MAX),
        "description": truncate(spec.description, DESCRIPTION_MAX),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "vi",
        "image": [{"@type": "ImageObject", "url": urls.absolute(card.url), "width": card.width, "height": card.height}],
        "datePublished": iso(item.date),
        "dateModified": iso(getattr(item, "last_modified", item.date)),
        "publisher": publisher,
    }
    if isinstance(item, Exemplar):
        about: dict[str, Any] = {"@type": "Person" if item.kind == "individual" else "Organization", "name": item.name}
        if item.position:
            about["jobTitle"] = item.position
        about["affiliation" if item.kind == "individual" else "parentOrganization"] = {"@type": "Organization", "name": item.unit.name}
        if item.awards:
            about["award"] = [f"{a.title.name} ({a.year})" for a in item.awards]
        data["about"] = about
        data["author"] = _agent(item.author) if item.author else {"@type": "Organization", "name": site.name}
        keywords = [f.name for f in item.fields] + list(item.tags)
        if keywords:
            data["keywords"] = ", ".join(keywords)
        data["articleSection"] = item.unit.name
    elif isinstance(item, Event):
        data["about"] = {
            "@type": "Event",
            "name": item.title,
            "startDate": item.start.isoformat(),
            "endDate": item.last_day.isoformat(),
            "location": {"@type": "Place", "name": item.place},
            "organizer": {"@type": "Organization", "name": item.host},
        }
        data["author"] = {"@type": "Organization", "name": site.name}
    else:
        data["about"] = {"@type": "Event", "name": item.title, "startDate": item.start.isoformat(), "endDate": item.end.isoformat(), "organizer": {"@type": "Organization", "name": item.host}}
        data["author"] = {"@type": "Organization", "name": site.name}
    return data
