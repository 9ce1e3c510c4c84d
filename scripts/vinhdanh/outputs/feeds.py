"""RSS 2.0 and Atom feeds of the public section: which feeds there are, and their XML.

Feeds: the main RSS (`urls.rss`) and Atom (`urls.atom`) feeds of stories and
campaign announcements, one RSS feed per public campaign (the announcement and
the stories honoured in it) and one per unit with public stories (Vietnamese
CMSs publish a feed per category; readers expect it). What one item says (its
link, HTML, categories, dates) is feeditem.py's, shared with the JSON Feed export.

Decisions (see also feeditem.py for the items' clock and URLs):

* `lastBuildDate` (RSS) and the feed `<updated>` (Atom) are the build date
  (`section.today`) at the items' 08:00 +0700: never later than an item, and
  reproducible — the same content and `--today` give byte-identical feeds.
* The guid is the permalink (isPermaLink="true"); corrections never change it.
  A correction (`updated`) is an Atom `<updated>`; in RSS the `pubDate` stays
  the publication date (no `dc:date`: the W3C validator flags items carrying
  both) and `content:encoded` ends with "Cập nhật ngày dd/mm/yyyy".
* Author: `dc:creator` (RSS `<author>` must be an e-mail address); Atom `<author><name>`.
* `section.content` is the public view: drafts, reviews, withdrawn and
  scheduled stories never reach a feed.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from .. import __version__
from ..content.text import xml_safe
from ..derive.views import by_unit, chronological
from ..records import record
from .feeditem import FeedEntry, feed_entry, local_datetime

GENERATOR = "vinhdanh"


# -- which feeds ----------------------------------------------------------------


@record
class FeedSpec:
    path: str  # site-relative path of the feed file
    title: str
    description: str
    page: str  # site-relative path of the HTML page the feed belongs to
    items: tuple  # Exemplar | Campaign, newest first
    fmt: str = "rss"  # rss | atom


def feed_specs(section) -> list[FeedSpec]:
    content, urls, site = section.content, section.urls, section.content.site
    size = max(site.feed_size, 1)
    everything = tuple(chronological([*content.exemplars, *content.campaigns, *content.events])[:size])
    title = f"Gương điển hình tiên tiến – {site.short_name or site.name}"
    description = f"Gương điển hình tiên tiến, người tốt việc tốt và phong trào thi đua của {site.name}."
    specs = [
        FeedSpec(urls.rss, title, description, urls.exemplars, everything, "rss"),
        FeedSpec(urls.atom, title, description, urls.exemplars, everything, "atom"),
    ]
    for campaign in sorted(content.campaigns, key=lambda c: c.slug):
        items = chronological([campaign, *content.honoured_in(campaign.slug)])[:size]
        specs.append(FeedSpec(urls.campaign_rss(campaign.slug), f"{campaign.title} – {site.short_name or site.name}", campaign.summary, urls.campaign(campaign.slug), tuple(items)))
    for unit in by_unit(content):
        specs.append(
            FeedSpec(
                urls.unit_rss(unit.key),
                f"{unit.title} – {site.short_name or site.name}",
                f"Gương điển hình tiên tiến của {unit.title}, {site.name}.",
                urls.unit(unit.key),
                tuple(chronological(unit.items)[:size]),
            )
        )
    return specs


# -- feeds ------------------------------------------------------------------------
#
# Written with lxml, not feedgen: feedgen 1.0.0 (its last release) drops `rel` and
# `type` from Atom entry links (lkiesow/python-feedgen#135, open), so readers took the
# social card for each entry's link and saw no enclosure. lxml is what feedgen wrote
# with anyway, minus the layer that lost the attributes.
#
# Each field is encoded once for its declared type: lxml escapes every text for XML;
# fields readers take as HTML (RSS description, content:encoded, Atom type="html") get
# HTML, so a plain-text value put there (a summary) is HTML-escaped first.

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_RSS_NSMAP = {"atom": ATOM_NS, "content": CONTENT_NS, "dc": DC_NS}  # the prefixes readers know


def _add(parent, tag: str, text: str | None = None, **attrs: str):
    """A child element of `parent` (an lxml element) with plain text and attributes."""
    el = parent.makeelement(tag, {k: xml_safe(v) for k, v in attrs.items()})
    parent.append(el)
    if text is not None:
        el.text = xml_safe(text)
    return el


def _as_html(text: str) -> str:
    """A plain-text value for a field readers render as HTML: shown as the same text."""
    return html.escape(text, quote=False)


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _rfc822(when: dt.datetime) -> str:
    """RFC 822 date-time, as `email.utils.format_datetime` writes it (tests compare the
    two): that module's imports (socket, the email package) cost a feed writer ~10 ms."""
    zone = when.strftime("%z") if when.tzinfo is not None else "-0000"
    return f"{_DAYS[when.weekday()]}, {when.day:02d} {_MONTHS[when.month - 1]} {when.year:04d} {when.hour:02d}:{when.minute:02d}:{when.second:02d} {zone}"


def _root(tag: str, nsmap: dict, **attrs: str):
    from lxml import etree  # here: a rebuild with unchanged feeds never loads it

    return etree.Element(tag, attrs, nsmap=nsmap)


def _serialize(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _rss(section, spec: FeedSpec, entries: list[FeedEntry]) -> bytes:
    urls, site = section.urls, section.content.site
    page_url = urls.absolute(spec.page)
    rss = _root("rss", _RSS_NSMAP, version="2.0")
    channel = _add(rss, "channel")
    _add(channel, "title", spec.title)
    _add(channel, "link", page_url)
    _add(channel, "description", _as_html(spec.description))  # a campaign's summary: plain text
    _add(channel, f"{{{ATOM_NS}}}link", href=urls.absolute(spec.path), rel="self", type="application/rss+xml")
    _add(channel, "language", "vi")
    _add(channel, "copyright", f"© {site.name}")
    if site.email:
        _add(channel, "webMaster", f"{site.email} ({site.name})")
    _add(channel, "generator", GENERATOR)
    _add(channel, "docs", "https://www.rssboard.org/rss-specification")
    _add(channel, "lastBuildDate", _rfc822(local_datetime(section.today)))
    logo = _logo_url(section)
    if logo:
        image = _add(channel, "image")  # title and link must be the channel's
        _add(image, "url", logo)
        _add(image, "title", spec.title)
        _add(image, "link", page_url)
    for entry in entries:
        item = _add(channel, "item")
        _add(item, "title", entry.title)
        _add(item, "link", entry.link)
        _add(item, "description", _as_html(entry.summary))
        _add(item, f"{{{CONTENT_NS}}}encoded", entry.html)
        _add(item, "guid", entry.link, isPermaLink="true")
        for name in entry.categories:
            _add(item, "category", name)
        url, length, mime = entry.enclosure
        _add(item, "enclosure", url=url, length=length, type=mime)
        _add(item, "pubDate", _rfc822(entry.published))  # a correction never moves it (see top)
        _add(item, f"{{{DC_NS}}}creator", entry.author)  # <author> must be an e-mail address
    return _serialize(rss)


def _atom(section, spec: FeedSpec, entries: list[FeedEntry]) -> bytes:
    urls, site = section.urls, section.content.site
    a = f"{{{ATOM_NS}}}"
    feed = _root(f"{a}feed", {None: ATOM_NS}, **{_XML_LANG: "vi"})
    page_url = urls.absolute(spec.page)
    _add(feed, f"{a}id", page_url)
    _add(feed, f"{a}title", spec.title)
    _add(feed, f"{a}subtitle", spec.description)
    _add(feed, f"{a}updated", local_datetime(section.today).isoformat())
    author = _add(feed, f"{a}author")
    _add(author, f"{a}name", site.name)
    if site.email:
        _add(author, f"{a}email", site.email)
    _add(feed, f"{a}link", href=urls.absolute(spec.path), rel="self", type="application/atom+xml")
    _add(feed, f"{a}link", href=page_url, rel="alternate", type="text/html")
    _add(feed, f"{a}generator", GENERATOR, version=__version__)
    logo = _logo_url(section)
    if logo:
        _add(feed, f"{a}icon", logo)
        _add(feed, f"{a}logo", logo)
    _add(feed, f"{a}rights", f"© {site.name}")
    for entry in entries:
        el = _add(feed, f"{a}entry")
        _add(el, f"{a}id", entry.link)
        _add(el, f"{a}title", entry.title)  # type="text": shown as written
        _add(el, f"{a}updated", entry.updated.isoformat())
        _add(el, f"{a}published", entry.published.isoformat())
        _add(_add(el, f"{a}author"), f"{a}name", entry.author)
        _add(el, f"{a}link", href=entry.link, rel="alternate", type="text/html")
        url, length, mime = entry.enclosure
        _add(el, f"{a}link", href=url, rel="enclosure", type=mime, length=length)
        _add(el, f"{a}summary", entry.summary)
        _add(el, f"{a}content", entry.html, type="html")
        for name in entry.categories:
            _add(el, f"{a}category", term=name)
    return _serialize(feed)


def _logo_url(section) -> str | None:
    return section.urls.absolute(section.urls.logo) if section.content.site.logo else None


def build_feed(section, spec: FeedSpec) -> bytes:
    """One feed's bytes: the same content and `section.today` give the same bytes."""
    entries = [feed_entry(section, item) for item in spec.items]
    return (_atom if spec.fmt == "atom" else _rss)(section, spec, entries)


def build_feeds(section) -> dict[str, bytes]:
    """Every feed of the section: site-relative path -> bytes. The cards must be written."""
    return {spec.path: build_feed(section, spec) for spec in feed_specs(section)}


def probe_sitemaps(section, specs: list[FeedSpec] | None = None) -> dict[str, bytes]:
    """A one-URL sitemap.xml beside every feed.

    Material 9.x fetches `sitemap.xml` relative to *every* `<link rel="alternate">`
    on a page (its language switcher does not look at `hreflang` or `type`;
    squidfunk/mkdocs-material#8576, fixed in Zensical), so each feed
    autodiscovery link would cost a 404 on every page view. A valid sitemap there
    answers it. It lists only the folder's own page, so the request a reader pays
    on every view stays a few hundred bytes at any corpus size (the full sitemap
    is MkDocs' /sitemap.xml); Material's switcher ignores it.
    """
    out: dict[str, bytes] = {}
    for feed in (spec.path for spec in (specs if specs is not None else feed_specs(section))):
        folder = feed.rsplit("/", 1)[0] + "/"
        if folder + "sitemap.xml" in out:
            continue
        out[folder + "sitemap.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n  <url><loc>{html.escape(section.urls.absolute(folder))}</loc></url>\n</urlset>\n'
        ).encode()
    return out


def feed_key(section, spec: FeedSpec) -> str:
    """Everything a feed is made of: its items (photos, cards, bodies counted in), the
    campaigns their categories name, the site, the build date (lastBuildDate)."""
    from ..cache.keys import file_key

    fps = section.fingerprints
    return section.store.key("feed", section.today.isoformat(), fps.of(section.urls), fps.of(section.content.campaigns), fps.of(spec), *map(fps.whole, spec.items), file_key(section.content.site.logo))


def write_feeds(section, site_dir: Path) -> None:
    """Every feed and probe sitemap; with `section.reuse`, unchanged feeds are linked from the store."""
    specs = feed_specs(section)  # once: sorting and grouping every story takes a while
    for path, data in probe_sitemaps(section, specs).items():
        _write(Path(site_dir) / path, data)
    store = section.store.files("feeds") if section.reuse else None
    for spec in specs:
        target = Path(site_dir) / spec.path
        key = feed_key(section, spec) if store is not None else ""
        if store is not None and store.place(key, target):
            continue
        _write(target, build_feed(section, spec))
        if store is not None:
            store.written(key, target)
    if store is not None:
        store.commit()


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
