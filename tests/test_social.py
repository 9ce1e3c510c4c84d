"""Social previews and feed discovery (issue 5), read from the built HTML with html5lib.

Facebook and Zalo build a repost's preview from Open Graph; feed readers find
the feeds through `<link rel="alternate">`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

import html5lib
import pytest
from PIL import Image
from sitebuild import sample_site

from vinhdanh.content.model import Exemplar
from vinhdanh.photos.cardtext import card_kind
from vinhdanh.render import head

ISO = re.compile(r"^\d{4}-\d\d-\d\dT08:00:00\+07:00$")


@pytest.fixture(scope="module")
def built():
    return sample_site()


def parse(site_dir, path):
    text = (site_dir / path / "index.html").read_text(encoding="utf-8")
    return text, html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)


def meta(doc, key):
    """content of <meta property=key> or <meta name=key>; all values when repeated."""
    found = [m.get("content") for m in doc.iter("meta") if key in (m.get("property"), m.get("name"))]
    return found


def one(doc, key):
    values = meta(doc, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def local_file(site_dir, base, url):
    assert url.startswith(base), url
    rel = url[len(base) :]
    return site_dir / (rel + "index.html" if rel.endswith("/") or not rel else rel)


def test_every_page_of_the_section_has_feed_autodiscovery(built):
    site_dir, section = built
    rss, atom = section.urls.absolute(section.urls.rss), section.urls.absolute(section.urls.atom)
    for spec in section.pages:
        _, doc = parse(site_dir, spec.path)
        alternates = {(link.get("type"), link.get("href")) for link in doc.iter("link") if link.get("rel") == "alternate"}
        assert ("application/rss+xml", rss) in alternates, spec.path
        assert ("application/atom+xml", atom) in alternates, spec.path
        if spec.kind == "campaign":
            assert ("application/rss+xml", section.urls.absolute(section.urls.campaign_rss(spec.item.slug))) in alternates
        if spec.context.get("feed"):
            assert ("application/rss+xml", section.urls.absolute(spec.context["feed"])) in alternates
        for _, href in alternates:
            assert local_file(site_dir, section.content.site.base_url, href).is_file(), href


def test_visible_subscribe_link_on_landing_index_campaign_and_unit_pages(built):
    site_dir, section = built
    urls = section.urls
    wanted = {urls.exemplars: urls.rss, urls.index_page(1): urls.rss}
    wanted |= {urls.campaign(c.slug): urls.campaign_rss(c.slug) for c in section.content.campaigns}
    wanted |= {urls.unit(e.unit.id): urls.unit_rss(e.unit.id) for e in section.content.exemplars}
    for path, feed in wanted.items():
        _, doc = parse(site_dir, path)
        links = [a for p in doc.iter("p") if "vd-subscribe" in (p.get("class") or "") for a in p.iter("a")]
        assert [a.get("href") for a in links] == [urls.href(feed)], path
        assert "".join(links[0].itertext()).strip().startswith("Theo dõi")


def item_pages(section):
    return [s for s in section.pages if s.item is not None]


def test_open_graph_twitter_and_canonical_on_story_and_campaign_pages(built):
    site_dir, section = built
    base = section.content.site.base_url
    kinds = set()
    for spec in item_pages(section):
        item = spec.item
        kinds.add(type(item).__name__)
        text, doc = parse(site_dir, spec.path)
        url = section.urls.absolute(spec.path)
        canonical = [link.get("href") for link in doc.iter("link") if link.get("rel") == "canonical"]
        assert canonical == [url] and one(doc, "og:url") == url
        assert one(doc, "og:type") == "article" and one(doc, "og:locale") == "vi_VN"
        assert one(doc, "og:title") == unicodedata.normalize("NFC", item.title)
        assert one(doc, "og:site_name") == section.content.site.name
        description = one(doc, "og:description")
        assert 0 < len(description) <= 300 and (description == item.summary or description.endswith("…"))
        image = one(doc, "og:image")
        card = section.images.card(card_kind(item), item.slug)
        with Image.open(local_file(site_dir, base, image)) as img:
            assert (img.width, img.height, img.format) == (card.width, card.height, "JPEG")
        assert one(doc, "og:image:width") == str(card.width) and one(doc, "og:image:height") == str(card.height)
        assert one(doc, "og:image:type") == "image/jpeg"
        assert item.title in one(doc, "og:image:alt")
        assert ISO.match(one(doc, "article:published_time")) and ISO.match(one(doc, "article:modified_time"))
        assert one(doc, "article:published_time").startswith(item.date.isoformat())
        assert one(doc, "twitter:card") == "summary_large_image" and one(doc, "twitter:image") == image
        assert one(doc, "twitter:title") == one(doc, "og:title")
        # Vietnamese stays letters: no numeric character references in the head.
        head_html = text.split("</head>", 1)[0]
        assert not re.search(r"&#(?!3[49];|x2[27];)\d+;|&#x(?!2[27];)[0-9a-f]+;", head_html, re.I)
        assert unicodedata.is_normalized("NFC", text)
    assert kinds == {"Exemplar", "Campaign", "Event"}


def test_json_ld_article_about_person_or_organization_published_by_the_hospital(built):
    site_dir, section = built
    for spec in item_pages(section):
        _, doc = parse(site_dir, spec.path)
        blocks = [s.text for s in doc.iter("script") if s.get("type") == "application/ld+json"]
        assert len(blocks) == 1, spec.path
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
        assert data["url"] == data["mainEntityOfPage"]["@id"] == section.urls.absolute(spec.path)
        assert data["publisher"]["@type"] == "Hospital" and data["publisher"]["name"] == section.content.site.name
        assert data["publisher"]["logo"]["url"].endswith("/assets/vinhdanh/logo.png")
        assert data["image"][0]["url"] == one(doc, "og:image")
        assert data["inLanguage"] == "vi" and len(data["headline"]) <= 110
        item = spec.item
        if isinstance(item, Exemplar):
            assert data["about"]["@type"] == ("Person" if item.kind == "individual" else "Organization")
            assert data["about"]["name"] == item.name
            assert data["datePublished"] == one(doc, "article:published_time")
            assert data["dateModified"] == one(doc, "article:modified_time")
        else:
            assert data["about"]["@type"] == "Event"


def test_open_graph_on_listing_pages(built):
    site_dir, section = built
    base = section.content.site.base_url
    listings = [s for s in section.pages if s.item is None]
    assert {s.kind for s in listings} >= {"landing", "listing"}
    for spec in listings:
        _, doc = parse(site_dir, spec.path)
        url = section.urls.absolute(spec.path)
        assert [link.get("href") for link in doc.iter("link") if link.get("rel") == "canonical"] == [url]
        assert one(doc, "og:url") == url and one(doc, "og:type") == "website"
        assert one(doc, "og:title") == spec.title and one(doc, "og:locale") == "vi_VN"
        assert len(one(doc, "og:description")) <= 300
        assert local_file(site_dir, base, one(doc, "og:image")).is_file()
        assert one(doc, "og:image:alt")
        assert one(doc, "twitter:card") == "summary"


def test_description_is_cut_at_a_word_boundary():
    text = ("Chị Lan " + "chăm sóc người bệnh nặng suốt mười lăm năm, " * 20).strip()
    cut = head.truncate(text, 300)
    assert len(cut) <= 300 and cut.endswith("…")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] in " ,"
    assert head.truncate("Ngắn gọn.", 300) == "Ngắn gọn."
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Lan")
    assert head.truncate(nfd, 300) == "Nguyễn Thị Lan"


def test_long_summary_is_truncated_in_og_description(built):
    _, section = built
    spec = next(s for s in section.pages if isinstance(s.item, Exemplar))
    long = type(spec)(**{**spec.__dict__, "description": "Điều dưỡng " * 60})
    doc = html5lib.parse(f"<head>{section.head_tags(long)}</head>", treebuilder="etree", namespaceHTMLElements=False)
    value = one(doc, "og:description")
    assert len(value) <= 300 and value.endswith("…") and not value.endswith(" …")


def test_share_block_works_as_plain_links_without_javascript(built):
    site_dir, section = built
    hashtags = ["#" + h for h in section.content.site.hashtags]
    for spec in item_pages(section):
        _, doc = parse(site_dir, spec.path)
        box = next(s for s in doc.iter("section") if "vd-share" in (s.get("class") or "").split())
        permalink = section.urls.absolute(spec.path)
        assert box.get("data-url") == permalink
        facebook = next(a for a in box.iter("a") if "facebook" in (a.get("href") or ""))
        parts = urlsplit(facebook.get("href"))
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.facebook.com", "/sharer/sharer.php")
        assert parse_qs(parts.query) == {"u": [permalink]}
        assert "%2F" in parts.query and "/" not in parts.query  # fully encoded
        buttons = list(box.iter("button"))
        assert [b.get("data-vd-share") for b in buttons] == ["zalo", "link", "text"]
        assert ["".join(b.itertext()) for b in buttons[1:]] == ["Sao chép liên kết", "Sao chép nội dung để đăng lại"]
        # hidden until share.js runs (their <li> carries `hidden`)
        hidden_items = [li for li in box.iter("li") if li.get("hidden") is not None]
        assert len(hidden_items) == 3 and all(li.find("button") is not None for li in hidden_items)
        actions = next(el for el in box.iter() if el.get("data-vd-text"))
        text = actions.get("data-vd-text")
        assert text.startswith(spec.item.title) and permalink in text and spec.item.summary in text
        assert all(tag in text for tag in hashtags)
        status = next(p for p in box.iter("p") if "vd-share__status" in (p.get("class") or ""))
        assert status.get("aria-live") == "polite"


def test_no_third_party_script_or_frame_on_item_pages(built):
    site_dir, section = built
    for spec in item_pages(section):
        _, doc = parse(site_dir, spec.path)
        for el in (el for el in doc.iter() if el.tag in ("script", "iframe", "img", "link")):
            src = el.get("src") or (el.get("href") if el.tag == "link" and el.get("rel") in ("stylesheet", "preload", "modulepreload") else None)
            if src:
                assert not urlsplit(src).netloc, f"{spec.path}: {el.tag} {src}"


def _og_image_file(site_dir, base, path):
    _, doc = parse(site_dir, path)
    return local_file(site_dir, base, one(doc, "og:image"))


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_replaced_card_stays_served_for_a_week(tmp_path):
    """Pages cached for five minutes and every preview already shared on Facebook or
    Zalo name the old card: an edited title keeps it in the site for 7 days (by the
    build's date), then it goes; a withdrawn story's cards go at once."""
    import datetime as dt
    from pathlib import Path

    from sitebuild import TODAY, project_copy

    from vinhdanh.site.build import build_command

    project = project_copy(tmp_path / "p")
    site = tmp_path / "site"
    story = project / "content/exemplars/2024/ho-van-tam.md"
    page, base = "guong-dien-hinh/ho-van-tam/", "https://benhvien-songhau.example.vn/"

    def build(day):
        assert build_command(project, Path("mkdocs.yml"), site, day) == 0

    build(TODAY)
    first = _files(site)
    build(TODAY)  # nothing changed: the same site, byte for byte
    assert _files(site) == first
    old = _og_image_file(site, base, page)
    old_bytes = old.read_bytes()

    story.write_text(story.read_text(encoding="utf-8").replace("title: Bếp cơm yêu thương", "title: Bếp cơm nghĩa tình", 1), encoding="utf-8")
    build(TODAY)
    new = _og_image_file(site, base, page)
    assert new != old and new.is_file()
    assert old.is_file() and old.read_bytes() == old_bytes  # still there for the shared previews
    build(TODAY + dt.timedelta(days=7))
    assert old.is_file()
    build(TODAY + dt.timedelta(days=8))
    assert not old.exists() and new.is_file()

    story.write_text(story.read_text(encoding="utf-8").replace("title: Bếp cơm nghĩa tình", "title: Bếp cơm yêu thương", 1), encoding="utf-8")
    build(TODAY + dt.timedelta(days=8))
    assert _og_image_file(site, base, page) == old and new.is_file()  # the card replaced today waits...
    story.write_text(story.read_text(encoding="utf-8").replace("status: published", "status: withdrawn", 1), encoding="utf-8")
    build(TODAY + dt.timedelta(days=8))
    assert not old.exists() and not new.exists()  # ...but a withdrawn story's cards leave at once
