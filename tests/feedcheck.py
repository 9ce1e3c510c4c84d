"""A strict feed checker: RSS 2.0, Atom (RFC 4287) and JSON Feed 1.1.

The W3C feed validator is not on PyPI or npm (the npm `feed-validator` only calls
the online service), so the tests use this offline check instead. It follows the
RSS 2.0 specification (rssboard.org), RFC 4287 and jsonfeed.org/version/1.1, and
is stricter than the W3C validator where a reader would be misled:

* Atom: every `<link>` has an explicit `rel` (a missing one means "alternate":
  feedgen 1.0.0 dropped them, and readers took the social card for the story);
  at most one alternate per (type, hreflang); an enclosure has `length` and
  `type`; entry id, title and updated exactly once; ids unique.
* No relative URL anywhere (our feeds carry no `xml:base`), in links, ids, images
  and inside the HTML of description, content:encoded, Atom html text and
  content_html.
* Dates: RFC 822 with a four-digit year and the right weekday (RSS), RFC 3339
  (Atom, JSON Feed).
* RSS enclosure: absolute url, integer length > 0, a MIME type, one per item.
* HTML is checked for its declared type: a field that is HTML (RSS description,
  content:encoded, Atom `type="html"`, content_html) must not carry script,
  event handlers or javascript: URLs — which is what a plain-text summary
  escaped only once turns into.

`check(data, url)` returns the problems, one "line N: CODE message" each.
Run it as `python tests/feedcheck.py FILE URL` to see them.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
from lxml import etree

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

MIME = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$", re.I)
LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
EMAIL = re.compile(r"^[^@\s()]+@[^@\s()]+\.[^@\s()]+$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
RFC822 = re.compile(r"^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) \d\d:\d\d(:\d\d)? ([+-]\d{4}|GMT|UT|[ECMP][SD]T)$")
ATOM_RELS = {"alternate", "related", "self", "enclosure", "via", "license", "replies", "edit", "edit-media", "first", "last", "next", "previous", "hub", "payment"}
ATOM_FEED = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title", "updated", "entry"}
ATOM_ENTRY = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary", "title", "updated"}
RSS_CHANNEL = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate",
    "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput", "skipHours", "skipDays", "item",
}  # fmt: skip
RSS_ITEM = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid", "pubDate", "source"}
UNSAFE_ELEMENTS = {"script", "style", "object", "embed", "applet", "iframe", "frame", "frameset", "meta", "link", "base", "form"}
URL_ATTRS = ("href", "src", "poster", "cite", "action", "data", "longdesc")


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, el, code: str, message: str) -> None:
        line = getattr(el, "sourceline", None)
        self.problems.append(f"line {line}: {code} {message}" if line else f"{code} {message}")


def _local(el) -> str:
    return etree.QName(el).localname


def _ns(el) -> str | None:
    return etree.QName(el).namespace


def absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc) and url == url.strip()


# -- HTML carried in a feed field -----------------------------------------------------


def check_html(fragment: str, where: str, report: Report, el=None) -> None:
    """An HTML field: no active content, no relative URL (the feed has no xml:base)."""
    doc = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    for node in doc.iter():
        if not isinstance(node.tag, str):
            continue
        tag = node.tag.lower()
        if tag in UNSAFE_ELEMENTS:
            report.add(el, "SecurityRisk", f"{where}: <{tag}> in HTML")
        for name, value in node.attrib.items():
            lname = name.lower()
            if lname.startswith("on"):
                report.add(el, "SecurityRisk", f"{where}: event handler {name}= on <{tag}>")
            urls = [c.strip().split()[0] for c in value.split(",") if c.strip()] if lname == "srcset" else [value] if lname in URL_ATTRS else []
            for url in urls:
                scheme = urlsplit(url.strip()).scheme.lower()
                if scheme in ("javascript", "vbscript") or (scheme == "data" and tag != "img"):
                    report.add(el, "SecurityRisk", f"{where}: {scheme}: URL in {name}")
                elif scheme not in ("http", "https", "mailto", "tel", "data"):
                    report.add(el, "RelativeURL", f"{where}: relative URL {url!r} in <{tag} {name}>")


# -- dates ----------------------------------------------------------------------------


def check_rfc822(el, report: Report) -> None:
    text = (el.text or "").strip()
    match = RFC822.match(text)
    if not match:
        report.add(el, "InvalidRFC2822Date", f"{_local(el)} {text!r} is not an RFC 822 date with a four-digit year")
        return
    when = email.utils.parsedate_to_datetime(text)
    if match.group(1) and when.strftime("%a") != match.group(1):
        report.add(el, "IncorrectDOW", f"{_local(el)} {text!r}: the day is a {when.strftime('%a')}")


def rfc3339(text: str | None) -> dt.datetime | None:
    if not isinstance(text, str) or not RFC3339.match(text):
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


# -- Atom -----------------------------------------------------------------------------


def _children(el, allowed: set[str], what: str, report: Report) -> Counter:
    counts: Counter = Counter()
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if _ns(child) == ATOM:
            name = _local(child)
            counts[name] += 1
            if name not in allowed:
                report.add(child, "UndefinedElement", f"<{name}> is not an element of an Atom {what}")
        elif _ns(child) is None:
            report.add(child, "UndefinedElement", f"<{_local(child)}> without a namespace in an Atom {what}")
    return counts


def _cardinality(el, counts: Counter, what: str, once: tuple, at_most_once: tuple, report: Report) -> None:
    for name in once:
        if counts[name] != 1:
            report.add(el, "MissingElement" if not counts[name] else "DuplicateElement", f"{what} has {counts[name]} <{name}>, needs exactly one")
    for name in at_most_once:
        if counts[name] > 1:
            report.add(el, "DuplicateElement", f"{what} has {counts[name]} <{name}>")


def _atom_text(el, where: str, report: Report) -> None:
    kind = el.get("type", "text")
    if kind == "html":
        check_html(el.text or "", where, report, el)
    elif kind == "xhtml":
        divs = [c for c in el if isinstance(c.tag, str)]
        if len(divs) != 1 or divs[0].tag != "{http://www.w3.org/1999/xhtml}div":
            report.add(el, "MissingXhtmlDiv", f"{where}: xhtml content needs one xhtml:div")
    elif kind != "text" and not (_local(el) == "content" and MIME.match(kind)):
        report.add(el, "InvalidTextType", f"{where}: type {kind!r} is not text, html or xhtml")


def _atom_links(parent, where: str, report: Report, self_url: str | None = None) -> list:
    links = parent.findall(f"{{{ATOM}}}link")
    alternates: Counter = Counter()
    for link in links:
        href, rel, kind = link.get("href"), link.get("rel"), link.get("type")
        if not absolute(href):
            report.add(link, "RelativeURL" if href else "MissingHref", f"{where}: link href {href!r} is not an absolute http(s) URL")
        if rel is None:
            report.add(link, "MissingRel", f"{where}: link {href} has no rel (readers take it for the alternate)")
        elif rel not in ATOM_RELS and not absolute(rel):
            report.add(link, "InvalidRel", f"{where}: link rel {rel!r} is neither registered nor an IRI")
        if kind is not None and not MIME.match(kind):
            report.add(link, "InvalidMIMEType", f"{where}: link type {kind!r}")
        if link.get("hreflang") is not None and not LANG.match(link.get("hreflang")):
            report.add(link, "InvalidLanguage", f"{where}: hreflang {link.get('hreflang')!r}")
        length = link.get("length")
        if length is not None and not length.isdigit():
            report.add(link, "InvalidLength", f"{where}: link length {length!r} is not an integer")
        if rel == "enclosure" and (not kind or not length or length == "0"):
            report.add(link, "MissingEnclosureAttribute", f"{where}: enclosure {href} needs a type and a length > 0")
        if rel in (None, "alternate"):
            alternates[(kind, link.get("hreflang"))] += 1
        if rel == "self":
            if kind != "application/atom+xml":
                report.add(link, "SelfLinkType", f"{where}: self link type {kind!r}, expected application/atom+xml")
            if self_url is not None and href != self_url:
                report.add(link, "SelfDoesntMatchLocation", f"{where}: self link {href} but the feed is at {self_url}")
    for (kind, lang), n in alternates.items():
        if n > 1:
            report.add(parent, "DuplicateAtomLink", f"{where}: {n} alternate links with type={kind} hreflang={lang}")
    return links


def _atom_person(el, where: str, report: Report) -> None:
    names = el.findall(f"{{{ATOM}}}name")
    if len(names) != 1 or not (names[0].text or "").strip():
        report.add(el, "MissingElement", f"{where}: <{_local(el)}> needs one non-empty <name>")
    for mail in el.findall(f"{{{ATOM}}}email"):
        if not EMAIL.match(mail.text or ""):
            report.add(mail, "InvalidEmail", f"{where}: {mail.text!r}")
    for uri in el.findall(f"{{{ATOM}}}uri"):
        if not absolute(uri.text):
            report.add(uri, "RelativeURL", f"{where}: author uri {uri.text!r}")


def _atom_common(el, where: str, report: Report) -> None:
    for name in ("updated", "published"):
        for date in el.findall(f"{{{ATOM}}}{name}"):
            if rfc3339((date.text or "").strip()) is None or date.text != date.text.strip():
                report.add(date, "InvalidRFC3339Date", f"{where}: {name} {date.text!r}")
    for name in ("title", "subtitle", "summary", "rights", "content"):
        for text in el.findall(f"{{{ATOM}}}{name}"):
            if name == "content" and text.get("src") is not None and not absolute(text.get("src")):
                report.add(text, "RelativeURL", f"{where}: content src {text.get('src')!r}")
            _atom_text(text, f"{where} {name}", report)
    for person in (*el.findall(f"{{{ATOM}}}author"), *el.findall(f"{{{ATOM}}}contributor")):
        _atom_person(person, where, report)
    for cat in el.findall(f"{{{ATOM}}}category"):
        if not (cat.get("term") or "").strip():
            report.add(cat, "MissingAttribute", f"{where}: category without term")
    for id_ in el.findall(f"{{{ATOM}}}id"):
        if not urlsplit((id_.text or "").strip()).scheme or id_.text != id_.text.strip():
            report.add(id_, "InvalidFullLink", f"{where}: id {id_.text!r} is not an absolute IRI")


def check_atom(root, url: str | None, report: Report) -> None:
    if root.tag != f"{{{ATOM}}}feed":
        report.add(root, "UndefinedElement", f"root <{root.tag}> is not atom:feed")
        return
    if not root.get(XML_LANG):
        report.add(root, "MissingLanguage", "feed has no xml:lang")
    counts = _children(root, ATOM_FEED, "feed", report)
    _cardinality(root, counts, "feed", ("id", "title", "updated"), ("generator", "icon", "logo", "rights", "subtitle"), report)
    _atom_common(root, "feed", report)
    if not any(link.get("rel") == "self" for link in _atom_links(root, "feed", report, url)):
        report.add(root, "MissingSelf", "feed has no rel=self link")
    for name in ("icon", "logo"):
        for el in root.findall(f"{{{ATOM}}}{name}"):
            if not absolute(el.text):
                report.add(el, "RelativeURL", f"feed {name} {el.text!r}")
    feed_author = bool(root.findall(f"{{{ATOM}}}author"))
    ids: Counter = Counter()
    for n, entry in enumerate(root.findall(f"{{{ATOM}}}entry"), 1):
        where = f"entry {n}"
        ec = _children(entry, ATOM_ENTRY, "entry", report)
        _cardinality(entry, ec, where, ("id", "title", "updated"), ("content", "published", "rights", "source", "summary"), report)
        _atom_common(entry, where, report)
        links = _atom_links(entry, where, report)
        if not any(link.get("rel", "alternate") == "alternate" for link in links) and not ec["content"]:
            report.add(entry, "MissingAlternateLink", f"{where}: neither content nor an alternate link")
        if not ec["author"] and not feed_author:
            report.add(entry, "MissingAuthor", f"{where}: no author and the feed has none")
        published = rfc3339(entry.findtext(f"{{{ATOM}}}published"))
        updated = rfc3339(entry.findtext(f"{{{ATOM}}}updated"))
        if published and updated and updated < published:
            report.add(entry, "UpdatedBeforePublished", f"{where}: updated is before published")
        ids[(entry.findtext(f"{{{ATOM}}}id") or "").strip()] += 1
    for id_, n in ids.items():
        if n > 1:
            report.add(root, "DuplicateEntries", f"{n} entries share the id {id_}")


# -- RSS 2.0 --------------------------------------------------------------------------


def _rss_children(el, allowed: set[str], what: str, report: Report) -> Counter:
    counts: Counter = Counter()
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if _ns(child) is None:
            counts[_local(child)] += 1
            if _local(child) not in allowed:
                report.add(child, "UndefinedElement", f"<{_local(child)}> is not an element of an RSS {what}")
        else:
            counts[f"{{{_ns(child)}}}{_local(child)}"] += 1
    return counts


def _rss_person(el, where: str, report: Report) -> None:
    # "lilith@example.com (Lilith)": an e-mail address, optionally a name
    value = (el.text or "").strip()
    address = value.split(" (", 1)[0]
    if not EMAIL.match(address) or ("(" in value and not value.endswith(")")):
        report.add(el, "InvalidContact", f"{where}: {_local(el)} {value!r} must be an e-mail address (name)")


def _rss_channel_head(channel, url: str | None, report: Report) -> None:
    counts = _rss_children(channel, RSS_CHANNEL, "channel", report)
    _cardinality_rss(channel, counts, "channel", ("title", "link", "description"), report)
    for name in ("language", "copyright", "managingEditor", "webMaster", "pubDate", "lastBuildDate", "generator", "docs", "ttl", "image"):
        if counts[name] > 1:
            report.add(channel, "DuplicateElement", f"channel has {counts[name]} <{name}>")
    if not absolute(channel.findtext("link")):
        report.add(channel.find("link"), "InvalidURLAttribute", f"channel link {channel.findtext('link')!r} is not an absolute URL")
    language = channel.findtext("language")
    if language is not None and not LANG.match(language):
        report.add(channel.find("language"), "InvalidLanguage", repr(language))
    for name in ("pubDate", "lastBuildDate"):
        for el in channel.findall(name):
            check_rfc822(el, report)
    for name in ("managingEditor", "webMaster"):
        for el in channel.findall(name):
            _rss_person(el, "channel", report)
    description = channel.find("description")
    if description is not None:
        check_html(description.text or "", "channel description", report, description)
    selfs = [link for link in channel.findall(f"{{{ATOM}}}link") if link.get("rel") == "self"]
    if len(selfs) != 1:
        report.add(channel, "MissingAtomSelfLink", f"channel has {len(selfs)} atom:link rel=self")
    for link in selfs:
        if link.get("type") != "application/rss+xml":
            report.add(link, "SelfLinkType", f"self link type {link.get('type')!r}")
        if url is not None and link.get("href") != url:
            report.add(link, "SelfDoesntMatchLocation", f"self link {link.get('href')} but the feed is at {url}")
    for image in channel.findall("image"):
        for name in ("url", "title", "link"):
            if image.find(name) is None:
                report.add(image, "MissingElement", f"image has no <{name}>")
        if not absolute(image.findtext("url")):
            report.add(image, "RelativeURL", f"image url {image.findtext('url')!r}")
        if image.findtext("title") != channel.findtext("title") or image.findtext("link") != channel.findtext("link"):
            report.add(image, "ImageTitleDoesntMatch", "image title and link must be the channel's")


def _cardinality_rss(el, counts: Counter, what: str, once: tuple, report: Report) -> None:
    for name in once:
        if counts[name] != 1:
            report.add(el, "MissingElement" if not counts[name] else "DuplicateElement", f"{what} has {counts[name]} <{name}>, needs exactly one")


def _rss_item(item, where: str, report: Report) -> str | None:
    counts = _rss_children(item, RSS_ITEM, "item", report)
    # The RSS spec needs a title or a description; a reader needs both, a link and a date.
    _cardinality_rss(item, counts, where, ("title", "link", "description", "guid", "pubDate"), report)
    for name in ("author", "comments", "enclosure", "source"):
        if counts[name] > 1:
            report.add(item, "DuplicateElement", f"{where} has {counts[name]} <{name}>")
    if counts[f"{{{DC}}}date"] and counts["pubDate"]:
        report.add(item, "DuplicateItemSemantics", f"{where}: both pubDate and dc:date")
    if counts[f"{{{DC}}}creator"] and counts["author"]:
        report.add(item, "DuplicateItemSemantics", f"{where}: both author and dc:creator")
    for name in ("link", "comments"):
        for el in item.findall(name):
            if not absolute(el.text):
                report.add(el, "InvalidURLAttribute", f"{where}: {name} {el.text!r} is not an absolute URL")
    for el in item.findall("pubDate"):
        check_rfc822(el, report)
    for el in item.findall("author"):
        _rss_person(el, where, report)
    guid = item.find("guid")
    if guid is not None and guid.get("isPermaLink", "true") == "true" and not absolute(guid.text):
        report.add(guid, "InvalidPermalink", f"{where}: guid {guid.text!r} is a permalink but no absolute URL")
    for enc in item.findall("enclosure"):
        if not absolute(enc.get("url")):
            report.add(enc, "InvalidURLAttribute", f"{where}: enclosure url {enc.get('url')!r}")
        if not (enc.get("length") or "").isdigit() or enc.get("length") == "0":
            report.add(enc, "InvalidIntegerAttribute", f"{where}: enclosure length {enc.get('length')!r} must be the size in bytes")
        if not MIME.match(enc.get("type") or ""):
            report.add(enc, "InvalidMIMEAttribute", f"{where}: enclosure type {enc.get('type')!r}")
    for cat in item.findall("category"):
        if not (cat.text or "").strip():
            report.add(cat, "NotBlank", f"{where}: empty category")
    for el in (*item.findall("description"), *item.findall(f"{{{CONTENT}}}encoded")):
        check_html(el.text or "", f"{where} {_local(el)}", report, el)
    return (guid.text or "").strip() if guid is not None else None


def check_rss(root, url: str | None, report: Report) -> None:
    if root.tag != "rss" or root.get("version") != "2.0":
        report.add(root, "InvalidRSSVersion", f"root <{root.tag} version={root.get('version')!r}> is not RSS 2.0")
        return
    channels = root.findall("channel")
    if len(channels) != 1:
        report.add(root, "MissingElement", f"rss has {len(channels)} <channel>")
        return
    channel = channels[0]
    _rss_channel_head(channel, url, report)
    guids: Counter = Counter()
    for n, item in enumerate(channel.findall("item"), 1):
        guid = _rss_item(item, f"item {n}", report)
        if guid:
            guids[guid] += 1
    for guid, n in guids.items():
        if n > 1:
            report.add(channel, "DuplicateGuid", f"{n} items share the guid {guid}")


# -- JSON Feed 1.1 ---------------------------------------------------------------------


def _json_item(item, where: str, report: Report) -> None:
    if not isinstance(item.get("id"), str) or not item["id"]:
        report.add(None, "MissingId", f"{where}: id must be a non-empty string")
    for key in ("url", "external_url", "image", "banner_image"):
        if key in item and not absolute(item[key]):
            report.add(None, "RelativeURL", f"{where}: {key} {item[key]!r}")
    if not isinstance(item.get("content_html"), str) and not isinstance(item.get("content_text"), str):
        report.add(None, "MissingContent", f"{where}: content_html or content_text is required")
    if isinstance(item.get("content_html"), str):
        check_html(item["content_html"], f"{where} content_html", report)
    for key in ("title", "summary", "content_text"):
        if key in item and not isinstance(item[key], str):
            report.add(None, "InvalidType", f"{where}: {key} must be a string (plain text)")
    for key in ("date_published", "date_modified"):
        if key in item and rfc3339(item[key]) is None:
            report.add(None, "InvalidRFC3339Date", f"{where}: {key} {item[key]!r}")
    if "tags" in item and not all(isinstance(t, str) and t for t in item["tags"]):
        report.add(None, "InvalidType", f"{where}: tags must be non-empty strings")
    for author in item.get("authors", []):
        if "url" in author and not absolute(author["url"]):
            report.add(None, "RelativeURL", f"{where}: author url {author['url']!r}")
    for att in item.get("attachments", []):
        if not absolute(att.get("url")) or not MIME.match(att.get("mime_type") or ""):
            report.add(None, "InvalidAttachment", f"{where}: attachment needs an absolute url and a mime_type")


def check_json_feed(data: bytes, url: str | None, report: Report) -> None:
    try:
        feed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        report.add(None, "NotJSON", str(err))
        return
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        report.add(None, "InvalidVersion", f"version {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        report.add(None, "MissingTitle", "feed title is required")
    for key in ("home_page_url", "feed_url", "icon", "favicon", "next_url"):
        if key in feed and not absolute(feed[key]):
            report.add(None, "RelativeURL", f"{key} {feed[key]!r}")
    if url is not None and feed.get("feed_url") != url:
        report.add(None, "SelfDoesntMatchLocation", f"feed_url {feed.get('feed_url')!r} but the feed is at {url}")
    if "language" in feed and not LANG.match(feed["language"]):
        report.add(None, "InvalidLanguage", repr(feed["language"]))
    items = feed.get("items")
    if not isinstance(items, list):
        report.add(None, "MissingItems", "items must be a list")
        return
    ids: Counter = Counter()
    for n, item in enumerate(items, 1):
        _json_item(item, f"item {n}", report)
        ids[item.get("id")] += 1
    for id_, n in ids.items():
        if n > 1:
            report.add(None, "DuplicateEntries", f"{n} items share the id {id_}")


# -- entry points ---------------------------------------------------------------------


def check(data: bytes, url: str | None = None) -> list[str]:
    """Every problem of one feed (RSS, Atom or JSON Feed, told by its content)."""
    report = Report()
    if data.lstrip()[:1] == b"{":
        check_json_feed(data, url, report)
        return report.problems
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        return [f"NotWellFormed {err}"]
    (check_atom if _ns(root) == ATOM else check_rss)(root, url, report)
    return report.problems


FEED_NAMES = ("rss.xml", "atom.xml", "feed.json")


def site_feeds(site_dir: Path) -> list[Path]:
    """Every feed a built site holds."""
    return sorted(p for p in Path(site_dir).rglob("*") if p.name in FEED_NAMES and p.is_file())


def check_site(site_dir: Path, base_url: str) -> dict[str, list[str]]:
    """site-relative path -> problems, for every feed of a built site (each at its URL)."""
    out = {}
    for path in site_feeds(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        out[rel] = check(path.read_bytes(), base_url + rel)
    return out


def summary(path: str, data: bytes, problems: list[str]) -> str:
    """What the note quotes: the feed, its format and item count, and each problem."""
    if data.lstrip()[:1] == b"{":
        kind, count = "JSON Feed 1.1", len(json.loads(data).get("items", []))
    else:
        root = etree.fromstring(data)
        atom = _ns(root) == ATOM
        kind, count = ("Atom 1.0" if atom else "RSS 2.0"), len(root.findall(f"{{{ATOM}}}entry" if atom else "channel/item"))
    head = f"{path}: {kind}, {count} items, {len(problems)} problems"
    return "\n".join([head, *(f"  {p}" for p in problems)])


if __name__ == "__main__":
    file, url = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else None)
    found = check(file.read_bytes(), url)
    print(summary(str(file), file.read_bytes(), found))
    sys.exit(1 if found else 0)
