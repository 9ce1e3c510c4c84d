"""RSS 2.0 and Atom feeds of the public section, written with feedgen.

Feeds: the main RSS (`urls.rss`) and Atom (`urls.atom`) feeds of stories and
campaign announcements, one RSS feed per public campaign (the announcement and
the stories honoured in it) and one per unit with public stories (Vietnamese
CMSs publish a feed per category; readers expect it).

Decisions (see also `head.py`, which uses the same clock):

* Dates are dates. A story dated D is stamped D 08:00 +0700 (Asia/Ho_Chi_Minh,
  no daylight saving since 1975): office hours, and the same calendar day in
  UTC, so readers in any timezone west of +0700 down to UTC show the right day
  (00:00 +0700 would be the previous evening in UTC).
* `lastBuildDate` (RSS) and the feed `<updated>` (Atom) are the build date
  (`section.today`) at the same 08:00 +0700: never later than an item, and
  reproducible — the same content and `--today` give byte-identical feeds.
  feedgen's own "now" and its versioned generator tag are overridden.
* The guid is the permalink (isPermaLink="true"); corrections never change it.
  A correction (`updated`) is an Atom `<updated>`; in RSS the `pubDate` stays
  the publication date (no `dc:date`: the W3C validator flags items carrying
  both) and `content:encoded` ends with "Cập nhật ngày dd/mm/yyyy".
* Author: `dc:creator` (RSS `<author>` must be an e-mail address); Atom `<author><name>`.
* Every href/src/srcset in the HTML is made absolute against the item's page
  URL, so root-relative links of sub-path sites ('/benh-vien/...') stay right.
* `section.content` is the public view: drafts, reviews, withdrawn and
  scheduled stories never reach a feed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from . import __version__
from .derive import by_unit, chronological
from .model import Exemplar
from .text import short_date
from .vocabulary import KIND_NAMES

VN_TZ = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh: UTC+7 all year
PUBLISH_TIME = dt.time(8, 0)
GENERATOR = "vinhdanh"


def local_datetime(day: dt.date) -> dt.datetime:
    """The instant a dated thing is stamped with: 08:00 Vietnam time that day."""
    return dt.datetime.combine(day, PUBLISH_TIME, VN_TZ)


# -- absolute URLs in HTML --------------------------------------------------------

_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTR = re.compile(r"""(\s)(href|src|srcset|poster|cite|action|data)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)""", re.I)
_KEEP = ("mailto:", "tel:", "data:", "javascript:")


def absolute_url(value: str, base: str) -> str:
    """`value` as an absolute URL, relative to the page at `base`."""
    value = value.strip()
    if not value or value.lower().startswith(_KEEP):
        return value
    return urljoin(base, value)


def _srcset(value: str, base: str) -> str:
    out = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            out.append(" ".join([absolute_url(parts[0], base), *parts[1:]]))
    return ", ".join(out)


def absolutize(fragment: str, base: str) -> str:
    """Every href/src/srcset in an HTML fragment made absolute against `base` (a page URL)."""

    def attr(match: re.Match) -> str:
        space, name, eq, raw = match.groups()
        value = html.unescape(raw[1:-1] if raw[:1] in "\"'" else raw)
        new = _srcset(value, base) if name.lower() == "srcset" else absolute_url(value, base)
        return f'{space}{name}{eq}"{html.escape(new, quote=True)}"'

    return _TAG.sub(lambda tag: _ATTR.sub(attr, tag.group(0)), fragment)


# -- items ------------------------------------------------------------------------


@dataclass(frozen=True)
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
    everything = tuple(chronological([*content.exemplars, *content.campaigns])[:size])
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


def _page(section, item) -> str:
    urls = section.urls
    return urls.exemplar(item.slug) if isinstance(item, Exemplar) else urls.campaign(item.slug)


def permalink(section, item) -> str:
    return section.urls.absolute(_page(section, item))


def categories(section, item) -> list[str]:
    if isinstance(item, Exemplar):
        names = [item.unit.name, *(f.name for f in item.fields)]
        names += [c.title for c in (section.content.campaign(s) for s in item.campaigns) if c]
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


# -- feeds ------------------------------------------------------------------------


def _logo_url(section) -> str | None:
    return section.urls.absolute(section.urls.logo) if section.content.site.logo else None


def build_feed(section, spec: FeedSpec) -> bytes:
    urls, site = section.urls, section.content.site
    built = local_datetime(section.today)
    self_url = urls.absolute(spec.path)
    page_url = urls.absolute(spec.page)

    from feedgen.feed import FeedGenerator  # here: a rebuild with unchanged feeds never loads it (nor lxml)

    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(page_url)
    fg.title(spec.title)
    fg.description(spec.description)  # also the Atom subtitle
    # feedgen uses the *last* link for the RSS <link>: self first, then the page.
    mime = "application/atom+xml" if spec.fmt == "atom" else "application/rss+xml"
    fg.link(href=self_url, rel="self", type=mime)
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.language("vi")
    fg.author(name=site.name, **({"email": site.email} if site.email else {}))
    fg.rights(f"© {site.name}")
    fg.generator(GENERATOR, version=__version__)
    fg.lastBuildDate(built)
    if site.email and spec.fmt == "rss":
        fg.webMaster(f"{site.email} ({site.name})")
    logo = _logo_url(section)
    if logo:
        fg.image(url=logo, title=spec.title, link=page_url)  # RSS <image> (title/link must match the channel)
        fg.icon(logo)

    for item in spec.items:
        kind = "exemplar" if isinstance(item, Exemplar) else "campaign"
        link = permalink(section, item)
        fe = fg.add_entry(order="append")
        fe.guid(link, permalink=True)
        fe.title(item.title)
        fe.link(href=link, rel="alternate", type="text/html")
        fe.summary(item.summary)  # RSS <description>, Atom <summary>
        fe.content(item_html(section, item), type="html")  # RSS content:encoded, Atom <content type="html">
        fe.published(local_datetime(item.date))  # RSS pubDate
        fe.updated(local_datetime(getattr(item, "updated", None) or item.date))
        author = getattr(item, "author", "") or site.name
        fe.author(name=author)
        if spec.fmt == "rss":
            fe.dc.dc_creator(author)
        for name in categories(section, item):
            fe.category(term=name)
        card = section.images.card(kind, item.slug)
        fe.enclosure(urls.absolute(card.url), str(section.images.card_bytes(card)), card.mime)

    if spec.fmt == "atom":
        return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def build_feeds(section) -> dict[str, bytes]:
    """Every feed of the section: site-relative path -> bytes. The cards must be written."""
    return {spec.path: build_feed(section, spec) for spec in feed_specs(section)}


def probe_sitemaps(section) -> dict[str, bytes]:
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
    for feed in (spec.path for spec in feed_specs(section)):
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
    from .incremental import file_key, package_key, sha

    fps = section.fingerprints
    return sha(package_key(), section.today.isoformat(), fps.of(section.urls), fps.of(section.content.campaigns), fps.of(spec), *map(fps.whole, spec.items), file_key(section.content.site.logo))


def write_feeds(section, site_dir: Path) -> None:
    """Every feed and probe sitemap; with `section.reuse`, unchanged feeds are linked from `.cache/feeds/`."""
    from .incremental import PageStore

    for path, data in probe_sitemaps(section).items():
        _write(Path(site_dir) / path, data)
    store = PageStore(section.root / ".cache" / "feeds") if section.reuse else None
    for spec in feed_specs(section):
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
