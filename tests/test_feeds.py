"""Feeds (issue 5): RSS 2.0 + Atom that validate, and only public content in them.

What the W3C feed validator checks and can run offline is checked here: strict
XML, self link = the feed's URL, RFC 822 dates (+0700), absolute URLs in
description/content:encoded, guid = permalink (unique), enclosure length = the
real file, every link resolving to a built page. Two independent parsers
(feedparser, atoma) must read every feed.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import re
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import atoma
import feedcheck
import feedparser
import html5lib
import pytest
from lxml import etree
from sitebuild import ROOT, TODAY, copy_project, sample_site

from vinhdanh.content.model import Event, Exemplar
from vinhdanh.derive.views import chronological
from vinhdanh.outputs import feeditem, feeds
from vinhdanh.photos.cardtext import card_kind
from vinhdanh.render import absolute

NS = {"atom": "http://www.w3.org/2005/Atom", "content": "http://purl.org/rss/1.0/modules/content/", "dc": "http://purl.org/dc/elements/1.1/"}
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0700$")
PRIVATE = {  # sample content that must never reach a feed on TODAY
    "truong-cong-danh": "withdrawn",
    "nguyen-van-hung": "draft",
    "dang-thi-my-linh": "review",
    "huynh-ngoc-anh-thu": "scheduled 2027-01-15",
    "van-hoa-cong-so-2027": "draft campaign",
}
SUB_BASE = "https://x.example.vn/benh-vien/"


# -- helpers ------------------------------------------------------------------------


def feed_files(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*.xml")) if p.name in ("rss.xml", "atom.xml")}


def local_file(site_dir: Path, base_url: str, url: str) -> Path:
    """The file in the built site that an absolute URL of the site points to."""
    assert url.startswith(base_url), f"{url} is outside {base_url}"
    rel = urlsplit(url[len(base_url) :]).path
    return site_dir / (rel + "index.html" if rel.endswith("/") or rel == "" else rel)


def html_urls(fragment: str) -> list[str]:
    """Every href, src and srcset URL in an HTML fragment (parsed, not grepped)."""
    doc = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    out = []
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("href", "src"):
            if el.get(name) is not None:
                out.append(el.get(name))
        if el.get("srcset"):
            out += [c.strip().split()[0] for c in el.get("srcset").split(",") if c.strip()]
    return out


def html_text(fragment: str) -> str:
    """The text a reader shows for an HTML fragment."""
    return "".join(html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False).itertext())


def rss_items(data: bytes):
    return etree.fromstring(data).findall("./channel/item")


@pytest.fixture(scope="module")
def built():
    return sample_site()


@pytest.fixture(scope="module")
def sample_feeds(built):
    site_dir, _ = built
    return feed_files(site_dir)


# -- the feed set ---------------------------------------------------------------------


def test_one_feed_per_public_campaign_and_unit_plus_main_rss_and_atom(built, sample_feeds):
    _, section = built
    urls, content = section.urls, section.content
    expected = {urls.rss, urls.atom}
    expected |= {urls.campaign_rss(c.slug) for c in content.campaigns}
    expected |= {urls.unit_rss(e.unit.id) for e in content.exemplars}
    assert set(sample_feeds) == expected
    assert "phong-trao-thi-dua/van-hoa-cong-so-2027/rss.xml" not in sample_feeds  # draft campaign


def test_every_feed_parses_in_feedparser_without_bozo(sample_feeds):
    for path, data in sample_feeds.items():
        parsed = feedparser.parse(data)
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        assert parsed.version == ("atom10" if path.endswith("atom.xml") else "rss20"), path
        assert parsed.entries, path
        assert parsed.feed.language == "vi", path


def test_every_feed_parses_in_atoma_and_strict_xml(sample_feeds):
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    for path, data in sample_feeds.items():
        assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>"), path
        etree.fromstring(data, parser)
        if path.endswith("atom.xml"):
            feed = atoma.parse_atom_bytes(data)
            assert feed.entries and all(e.updated and e.published for e in feed.entries)
        else:
            channel = atoma.parse_rss_bytes(data)
            assert channel.items and all(i.pub_date and i.guid and i.content_encoded for i in channel.items), path


# -- channel --------------------------------------------------------------------------


def test_channel_self_link_image_language_and_fixed_build_date(built, sample_feeds):
    site_dir, section = built
    base = section.content.site.base_url
    for path, data in sample_feeds.items():
        root = etree.fromstring(data)
        if path.endswith("atom.xml"):
            self_link = root.find("atom:link[@rel='self']", NS)
            assert self_link.get("href") == base + path
            assert self_link.get("type") == "application/atom+xml"
            assert root.findtext("atom:updated", namespaces=NS) == "2026-11-25T08:00:00+07:00"
            assert root.find("atom:generator", NS).text == "vinhdanh"
            assert local_file(site_dir, base, root.findtext("atom:logo", namespaces=NS)).is_file()
            continue
        channel = root.find("channel")
        self_link = channel.find("atom:link[@rel='self']", NS)
        assert self_link.get("href") == base + path, path
        assert self_link.get("type") == "application/rss+xml"
        assert channel.findtext("language") == "vi"
        assert channel.findtext("title") and channel.findtext("description")
        assert local_file(site_dir, base, channel.findtext("link")).is_file(), path
        assert channel.findtext("lastBuildDate") == "Wed, 25 Nov 2026 08:00:00 +0700"
        assert channel.findtext("generator") == "vinhdanh"
        image = channel.find("image")
        assert image.findtext("url") == base + "assets/vinhdanh/logo.png"
        assert image.findtext("title") == channel.findtext("title") and image.findtext("link") == channel.findtext("link")
        assert local_file(site_dir, base, image.findtext("url")).is_file()


def test_a_sitemap_answers_materials_probe_beside_every_feed(built, sample_feeds):
    # Material fetches sitemap.xml relative to each <link rel="alternate"> (see feeds.probe_sitemaps).
    site_dir, section = built
    base = section.content.site.base_url
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for path in sample_feeds:
        folder = path.rsplit("/", 1)[0] + "/"
        root = etree.fromstring((site_dir / folder / "sitemap.xml").read_bytes())
        locs = [loc.text for loc in root.iterfind("s:url/s:loc", ns)]
        assert locs == [base + folder], "one URL: its size must not grow with the corpus"
        for loc in locs:
            assert loc.startswith(base + folder) and local_file(site_dir, base, loc).is_file()


# -- items ----------------------------------------------------------------------------


def test_items_guid_link_dates_enclosure_and_categories(built, sample_feeds):
    site_dir, section = built
    base = section.content.site.base_url
    by_link = {feeditem.permalink(section, i): i for i in (*section.content.exemplars, *section.content.campaigns, *section.content.events)}
    for path, data in sample_feeds.items():
        if path.endswith("atom.xml"):
            continue
        guids = []
        for item in rss_items(data):
            link = item.findtext("link")
            guid = item.find("guid")
            assert guid.text == link and guid.get("isPermaLink") == "true"
            guids.append(guid.text)
            assert local_file(site_dir, base, link).is_file(), f"{path}: {link} is not a built page"
            source = by_link[link]
            assert item.findtext("title") == source.title
            assert html_text(item.findtext("description")) == source.summary  # HTML, as readers take it
            pub = item.findtext("pubDate")
            assert RFC822.match(pub), pub
            assert email.utils.parsedate_to_datetime(pub) == feeditem.local_datetime(source.date)
            enclosure = item.find("enclosure")
            assert enclosure.get("type") == "image/jpeg"
            file = local_file(site_dir, base, enclosure.get("url"))
            assert int(enclosure.get("length")) == file.stat().st_size > 0
            creator = item.findtext("dc:creator", namespaces=NS)
            assert creator == (getattr(source, "author", "") or section.content.site.name)
            cats = [c.text for c in item.findall("category")]
            if isinstance(source, Exemplar):
                assert source.unit.name in cats and all(f.name in cats for f in source.fields)
                for slug in source.campaigns:
                    assert section.content.campaign(slug).title in cats
            elif isinstance(source, Event):
                assert "Sự kiện" in cats and source.host in cats
            else:
                assert "Phong trào thi đua" in cats
        assert len(guids) == len(set(guids)), f"{path}: duplicate guid"


def test_no_relative_url_in_description_or_content(built, sample_feeds):
    site_dir, section = built
    base = section.content.site.base_url
    seen_images = 0
    for path, data in sample_feeds.items():
        root = etree.fromstring(data)
        fragments = [e.text or "" for e in root.iter("description", "{{{}}}encoded".format(NS["content"]), "{{{}}}content".format(NS["atom"]), "{{{}}}summary".format(NS["atom"]))]
        for fragment in fragments:
            for url in html_urls(fragment):
                assert urlsplit(url).scheme in ("https", "http", "mailto", "tel"), f"{path}: relative URL {url!r}"
                if url.startswith(base):
                    assert local_file(site_dir, base, url).exists(), f"{path}: {url} is not in the built site"
                    seen_images += url.endswith((".jpg", ".webp"))
    assert seen_images, "the lead photos should be in content:encoded"


def test_main_feed_has_stories_and_campaigns_newest_first(built, sample_feeds):
    _, section = built
    items = rss_items(sample_feeds[section.urls.rss])
    links = [i.findtext("link") for i in items]
    assert any("/phong-trao-thi-dua/" in u for u in links) and any("/guong-dien-hinh/" in u for u in links)
    content = section.content
    assert len(items) == min(content.site.feed_size, len(content.exemplars) + len(content.campaigns) + len(content.events))
    dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert dates == sorted(dates, reverse=True)
    atom = atoma.parse_atom_bytes(sample_feeds[section.urls.atom])
    assert [e.id_ for e in atom.entries] == links


def test_campaign_feed_is_announcement_plus_honoured_stories(built, sample_feeds):
    _, section = built
    for campaign in section.content.campaigns:
        links = {i.findtext("link") for i in rss_items(sample_feeds[section.urls.campaign_rss(campaign.slug)])}
        expected = {feeditem.permalink(section, campaign)} | {feeditem.permalink(section, e) for e in section.content.honoured_in(campaign.slug)}
        assert links == expected


def test_unit_feed_has_only_that_units_stories(built, sample_feeds):
    _, section = built
    for unit_id in {e.unit.id for e in section.content.exemplars}:
        links = {i.findtext("link") for i in rss_items(sample_feeds[section.urls.unit_rss(unit_id)])}
        assert links == {feeditem.permalink(section, e) for e in section.content.exemplars if e.unit.id == unit_id}


def test_private_stories_are_in_no_feed(built, sample_feeds):
    _, section = built
    public = {x.slug for x in (*section.content.exemplars, *section.content.campaigns, *section.content.events)}
    for slug, why in PRIVATE.items():
        assert slug not in public, why
        for path, data in sample_feeds.items():
            assert f"/{slug}/".encode() not in data, f"{slug} ({why}) leaks into {path}"


def test_correction_is_atom_updated_and_a_note_while_pubdate_stays(built, sample_feeds):
    _, section = built
    story = section.content.exemplar("tran-minh-khoa")
    assert story.updated == dt.date(2026, 7, 10) and story.date == dt.date(2026, 2, 27)
    link = feeditem.permalink(section, story)
    entry = next(e for e in atoma.parse_atom_bytes(sample_feeds[section.urls.atom]).entries if e.id_ == link)
    assert entry.updated == feeditem.local_datetime(story.updated) and entry.published == feeditem.local_datetime(story.date)
    item = next(i for i in rss_items(sample_feeds[section.urls.rss]) if i.findtext("link") == link)
    assert item.findtext("pubDate") == "Fri, 27 Feb 2026 08:00:00 +0700"
    assert "Cập nhật ngày 10/07/2026" in item.findtext("content:encoded", namespaces=NS)


def test_feeds_are_reproducible_byte_for_byte(built, sample_feeds):
    _, section = built
    first, second = feeds.build_feeds(section), feeds.build_feeds(section)
    assert first == second
    assert first == sample_feeds  # the files written during the build


def test_feeds_are_identical_from_a_fresh_process(sample_feeds):
    """A rebuild (another process, another hash seed) with the same content and --today."""
    import hashlib
    import json
    import os
    import subprocess
    import sys

    script = (
        "import datetime as dt, hashlib, json; from pathlib import Path\n"
        "from vinhdanh.section import prepare; from vinhdanh.outputs.feeds import build_feeds\n"
        f"s = prepare(Path({str(ROOT)!r}), dt.date.fromisoformat({TODAY.isoformat()!r}))\n"
        "print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in build_feeds(s).items()}))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout) == {k: hashlib.sha256(v).hexdigest() for k, v in sample_feeds.items()}


def test_feed_size_limits_the_main_feed(built):
    _, section = built
    small = copy.copy(section)
    small.content = replace(section.content, site=replace(section.content.site, feed_size=3))
    items = rss_items(feeds.build_feed(small, feeds.feed_specs(small)[0]))
    everything = chronological([*section.content.exemplars, *section.content.campaigns, *section.content.events])
    assert [i.findtext("link") for i in items] == [feeditem.permalink(section, x) for x in everything[:3]]


# -- URL rewriting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/benh-vien/guong-dien-hinh/anh/a.jpg", "https://x.example.vn/benh-vien/guong-dien-hinh/anh/a.jpg"),
        ("../khac/", "https://x.example.vn/benh-vien/guong-dien-hinh/khac/"),
        ("anh.jpg", "https://x.example.vn/benh-vien/guong-dien-hinh/lan/anh.jpg"),
        ("#fn:1", "https://x.example.vn/benh-vien/guong-dien-hinh/lan/#fn:1"),
        ("https://moh.gov.vn/a?b=1&c=2", "https://moh.gov.vn/a?b=1&c=2"),
        ("mailto:a@b.vn", "mailto:a@b.vn"),
    ],
)
def test_absolute_url(value, expected):
    assert absolute.absolute_url(value, "https://x.example.vn/benh-vien/guong-dien-hinh/lan/") == expected


def test_absolutize_rewrites_href_src_srcset_only_inside_tags():
    page = "https://x.example.vn/benh-vien/guong-dien-hinh/lan/"
    fragment = (
        '<p title="a > b" class=x>Viết href="/khong-doi" trong chữ <a href="../khac/?a=1&amp;b=2">khác</a></p>'
        '<picture><source srcset="/benh-vien/anh/a-400.webp 400w, /benh-vien/anh/a-800.webp 800w" type="image/webp">'
        "<img src='/benh-vien/anh/a.jpg' alt=\"Ảnh\"></picture>"
    )
    out = feeditem.absolutize(fragment, page)
    assert 'Viết href="/khong-doi" trong chữ' in out
    assert 'href="https://x.example.vn/benh-vien/guong-dien-hinh/khac/?a=1&amp;b=2"' in out
    assert 'srcset="https://x.example.vn/benh-vien/anh/a-400.webp 400w, https://x.example.vn/benh-vien/anh/a-800.webp 800w"' in out
    assert 'src="https://x.example.vn/benh-vien/anh/a.jpg"' in out
    assert all(urlsplit(u).scheme == "https" for u in html_urls(out))


# -- a sub-path site, with links in a body and a story withdrawn ------------------------


@pytest.fixture(scope="module")
def subpath(tmp_path_factory):
    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    root = copy_project(tmp_path_factory.mktemp("subpath"))
    if (ROOT / ".cache").is_dir():  # processed photos are keyed by content: reuse them
        shutil.copytree(ROOT / ".cache", root / ".cache")
    site_yml = root / "content/site.yml"
    site_yml.write_text(re.sub(r"(?m)^base_url: .*$", f"base_url: {SUB_BASE}", site_yml.read_text(encoding="utf-8")), encoding="utf-8")
    mkdocs_yml = root / "mkdocs.yml"
    mkdocs_yml.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {SUB_BASE}", mkdocs_yml.read_text(encoding="utf-8")), encoding="utf-8")
    lan = root / "content/exemplars/2025/nguyen-thi-lan/index.md"
    lan.write_text(
        lan.read_text(encoding="utf-8")
        + ("\n\nXem thêm [bác sĩ Khoa](../tran-minh-khoa/), [trang mục](/benh-vien/guong-dien-hinh/) và [chú thích](#vd-share-h).\n\n![Chị Lan trong ca trực](lan-ca-truc.jpg)\n"),
        encoding="utf-8",
    )
    hung = root / "content/exemplars/2025/le-thi-hong-nhung.md"
    text = hung.read_text(encoding="utf-8")
    assert "status: published" in text
    hung.write_text(text.replace("status: published", "status: withdrawn", 1), encoding="utf-8")
    section = prepare(root, TODAY)
    site_dir = root / "site"
    build_into(mkdocs_yml, site_dir, section)
    return site_dir, section


def test_sub_path_feeds_have_right_self_links_and_absolute_urls(subpath):
    site_dir, _section = subpath
    files = feed_files(site_dir)
    assert set(files) >= {"guong-dien-hinh/rss.xml", "guong-dien-hinh/atom.xml"}
    for path, data in files.items():
        assert not feedparser.parse(data).bozo
        root = etree.fromstring(data)
        self_link = root.find(".//atom:link[@rel='self']", NS)
        assert self_link.get("href") == SUB_BASE + path
        for el in root.iter("link", "guid", "url", "{{{}}}id".format(NS["atom"])):
            if el.text and el.text.startswith("http"):
                assert el.text.startswith(SUB_BASE), el.text
                assert local_file(site_dir, SUB_BASE, el.text).exists(), el.text
        for el in root.iter("enclosure"):
            assert local_file(site_dir, SUB_BASE, el.get("url")).stat().st_size == int(el.get("length"))
    main = files["guong-dien-hinh/rss.xml"]
    lan = next(i for i in rss_items(main) if i.findtext("link") == SUB_BASE + "guong-dien-hinh/nguyen-thi-lan/")
    body = lan.findtext("content:encoded", namespaces=NS)
    urls = html_urls(body)
    assert SUB_BASE + "guong-dien-hinh/tran-minh-khoa/" in urls
    assert SUB_BASE + "guong-dien-hinh/" in urls
    assert SUB_BASE + "guong-dien-hinh/nguyen-thi-lan/#vd-share-h" in urls
    doc = html5lib.parseFragment(body, treebuilder="etree", namespaceHTMLElements=False)
    img = next(el for el in doc.iter("img") if el.get("alt") == "Chị Lan trong ca trực")
    assert img.get("src").startswith(SUB_BASE + "guong-dien-hinh/anh/")
    assert all(c.strip().startswith(SUB_BASE + "guong-dien-hinh/anh/") for c in img.get("srcset").split(","))
    for url in urls:
        assert url.startswith(SUB_BASE), url
        assert local_file(site_dir, SUB_BASE, url).exists(), url


def test_sub_path_pages_canonical_equals_og_url_and_feed_links(subpath):
    site_dir, _ = subpath
    page = (site_dir / "guong-dien-hinh/nguyen-thi-lan/index.html").read_text(encoding="utf-8")
    doc = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    canonical = doc.find(".//link[@rel='canonical']").get("href")
    og_url = doc.find(".//meta[@property='og:url']").get("content")
    assert canonical == og_url == SUB_BASE + "guong-dien-hinh/nguyen-thi-lan/"
    alternates = {link.get("href") for link in doc.iterfind(".//link[@rel='alternate']")}
    assert SUB_BASE + "guong-dien-hinh/rss.xml" in alternates and SUB_BASE + "guong-dien-hinh/atom.xml" in alternates
    subscribe = (site_dir / "guong-dien-hinh/index.html").read_text(encoding="utf-8")
    assert 'href="/benh-vien/guong-dien-hinh/rss.xml"' in subscribe


def test_a_withdrawn_story_leaves_every_feed(built, sample_feeds, subpath):
    _, sample_section = built
    slug = "le-thi-hong-nhung"
    assert sample_section.content.exemplar(slug) is not None
    assert any(f"/{slug}/".encode() in data for data in sample_feeds.values())
    site_dir, section = subpath
    assert section.content.exemplar(slug) is None
    for path, data in feed_files(site_dir).items():
        assert f"/{slug}/".encode() not in data, path


def _main_feed_links(page: Path) -> list[tuple[str, str]]:
    doc = html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    return sorted(
        (link.get("type"), link.get("href"))
        for link in doc.find("head").iterfind("link[@rel='alternate']")
        if link.get("href", "").endswith(("guong-dien-hinh/rss.xml", "guong-dien-hinh/atom.xml", "guong-dien-hinh/feed.json"))
    )


@pytest.mark.parametrize("which", ["root", "sub-path"])
def test_every_page_of_the_site_carries_the_main_feeds(built, subpath, which):
    # A reader who pastes the home page (or any of the hospital's own pages) into a
    # feed reader finds the feeds (RSS, Atom and JSON Feed), not only on the section's pages.
    site_dir, section = built if which == "root" else subpath
    base = section.content.site.base_url
    expected = [
        ("application/atom+xml", base + "guong-dien-hinh/atom.xml"),
        ("application/feed+json", base + "guong-dien-hinh/feed.json"),  # issue 21 §6
        ("application/rss+xml", base + "guong-dien-hinh/rss.xml"),
    ]
    # Every page MkDocs writes (directory URLs); the embeddable blocks (nhung/*.html) are
    # fragments for other sites, not pages of this one.
    pages = sorted(p for p in site_dir.rglob("*.html") if p.name in ("index.html", "404.html"))
    own = [p for p in pages if not p.relative_to(site_dir).as_posix().startswith(("guong-dien-hinh/", "phong-trao-thi-dua/"))]
    assert {p.relative_to(site_dir).as_posix() for p in own} >= {"index.html", "404.html"}
    for page in pages:
        assert _main_feed_links(page) == expected, page
    for url in (u for _, u in expected):
        assert local_file(site_dir, base, url).is_file()


# -- issue 21: every feed passes the strict checker; readers get the right link -------


def test_every_feed_of_the_site_passes_the_strict_checker(built, subpath):
    # RSS, Atom, JSON Feed, per-campaign and per-unit feeds, at a root and a sub-path site.
    for site_dir, section in (built, subpath):
        found = feedcheck.check_site(site_dir, section.content.site.base_url)
        assert {p.rsplit("/", 1)[-1] for p in found} == {"rss.xml", "atom.xml", "feed.json"}
        assert {p: v for p, v in found.items() if v} == {}


def _enclosures(entry) -> list[tuple[str, str, str]]:
    return [(e.get("href"), e.get("type"), str(e.get("length"))) for e in entry.enclosures]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feedparser_sees_the_story_page_as_link_and_the_card_as_enclosure(built, sample_feeds, fmt):
    # feedgen 1.0.0 wrote Atom entry links without rel: feedparser took the card JPEG
    # for the story's link and saw no enclosure.
    site_dir, section = built
    base = section.content.site.base_url
    path = section.urls.rss if fmt == "rss" else section.urls.atom
    parsed = feedparser.parse(sample_feeds[path])
    by_link = {feeditem.permalink(section, i): i for i in (*section.content.exemplars, *section.content.campaigns, *section.content.events)}
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.link in by_link, entry.link
        item = by_link[entry.link]
        assert local_file(site_dir, base, entry.link).name == "index.html"
        card = section.images.card(card_kind(item), item.slug)
        size = local_file(site_dir, base, section.urls.absolute(card.url)).stat().st_size
        assert _enclosures(entry) == [(section.urls.absolute(card.url), "image/jpeg", str(size))]
        alternates = [link for link in entry.links if link.rel == "alternate"]
        assert [(link.href, link.get("type")) for link in alternates] == [(entry.link, "text/html")]


HOSTILE = "<b onmouseover=alert(1)>x</b> & <script>alert(2)</script>"


def displayed(detail) -> str:
    """What a reader shows for a parsed text construct, by its declared type."""
    if detail.type == "text/html":
        doc = html5lib.parseFragment(detail.value, treebuilder="etree", namespaceHTMLElements=False)
        assert not any(isinstance(el.tag, str) and el.tag in ("b", "script") for el in doc.iter()), detail.value
        return "".join(doc.itertext())
    assert detail.type == "text/plain", detail.type
    return detail.value


@pytest.fixture(scope="module")
def hostile(built):
    """The sample section with a story and a campaign whose plain-text fields look like HTML."""
    _, section = built
    story = next(e for e in section.content.exemplars if e.campaigns)  # so it is in a campaign's feed too
    campaign = section.content.campaign(story.campaigns[0])
    text = {"title": f"Tiêu đề {HOSTILE}", "summary": f"Tóm tắt {HOSTILE}"}
    content = section.content
    content = replace(
        content,
        exemplars=tuple(replace(e, **text, author=f"Tác giả {HOSTILE}") if e is story else e for e in content.exemplars),
        campaigns=tuple(replace(c, **text) if c is campaign else c for c in content.campaigns),
    )
    evil = copy.copy(section)
    evil.content = content
    return evil, story, campaign


def test_plain_text_fields_are_shown_as_text_never_as_html(hostile):
    # A summary is plain text (content model): RSS <description> is HTML, so it must be
    # escaped once as HTML and once as XML; before, readers rendered <b onmouseover>.
    section, story, campaign = hostile
    link = feeditem.permalink(section, story)
    main = [s for s in feeds.feed_specs(section) if s.path in (section.urls.rss, section.urls.atom)]
    campaign_feed = next(s for s in feeds.feed_specs(section) if s.path == section.urls.campaign_rss(campaign.slug))
    for spec in (*main, campaign_feed):
        data = feeds.build_feed(section, spec)
        assert feedcheck.check(data, section.urls.absolute(spec.path)) == [], spec.path
        parsed = feedparser.parse(data)
        entry = next(e for e in parsed.entries if e.link == link)
        assert displayed(entry.title_detail) == f"Tiêu đề {HOSTILE}", spec.path
        assert displayed(entry.summary_detail) == f"Tóm tắt {HOSTILE}", spec.path
        assert entry.author == f"Tác giả {HOSTILE}", spec.path
        body = next(c for c in entry.content if c.type == "text/html").value
        assert f"Tóm tắt {HOSTILE}" in html_text(body)
    parsed = feedparser.parse(feeds.build_feed(section, campaign_feed))
    assert displayed(parsed.feed.subtitle_detail) == f"Tóm tắt {HOSTILE}"  # a campaign feed's description is its summary


def test_json_feed_keeps_plain_text_plain_and_html_escaped(hostile):
    from vinhdanh.outputs.export import build_export, export_bytes, export_path

    section, story, _ = hostile
    data = export_bytes(section)
    assert feedcheck.check(data, section.urls.absolute(export_path(section.urls))) == []
    item = next(i for i in build_export(section)["items"] if i["id"] == feeditem.permalink(section, story))
    assert item["summary"] == f"Tóm tắt {HOSTILE}" and item["title"] == f"Tiêu đề {HOSTILE}"
    doc = html5lib.parseFragment(item["content_html"], treebuilder="etree", namespaceHTMLElements=False)
    assert not any(el.tag in ("b", "script") for el in doc.iter() if isinstance(el.tag, str))


def test_rfc822_dates_are_those_of_the_email_package():
    """feeds._rfc822 writes what email.utils.format_datetime writes (without its imports):
    naive and aware, east and west of Greenwich, every weekday and month, years before 1000."""
    zones = [None, dt.timezone.utc, dt.timezone(dt.timedelta(hours=7)), dt.timezone(dt.timedelta(hours=-9, minutes=-30)), dt.timezone(dt.timedelta(hours=5, minutes=45))]
    start = dt.datetime(2024, 1, 1, 0, 0, 0)
    moments = [start + dt.timedelta(days=d, hours=d % 24, minutes=d % 60, seconds=(7 * d) % 60) for d in range(0, 800, 3)]
    moments += [dt.datetime(1, 1, 1), dt.datetime(999, 12, 31, 23, 59, 59), dt.datetime(9999, 12, 31, 23, 59, 59, 999999)]
    for moment in moments:
        for zone in zones:
            when = moment.replace(tzinfo=zone)
            assert feeds._rfc822(when) == email.utils.format_datetime(when), when
