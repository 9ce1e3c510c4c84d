"""The strict feed checker (tests/feedcheck.py) finds each fault it claims to find.

A valid RSS 2.0, Atom and JSON Feed document pass clean; each case breaks one thing
and must produce its problem code. The faults are those of issues 20 and 21: Atom
links without rel (feedgen 1.0.0), duplicate alternates, a plain-text summary that
a reader renders as HTML, relative URLs, bad dates, enclosures without a size.
"""

from __future__ import annotations

import json

import pytest
from feedcheck import check

URL = "https://bv.example.vn/guong-dien-hinh/"
PAGE = URL + "lan/"
CARD = URL + "anh/lan-the.jpg"

RSS = f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>Gương điển hình</title>
    <link>{URL}</link>
    <description>Gương điển hình của bệnh viện.</description>
    <atom:link href="{URL}rss.xml" rel="self" type="application/rss+xml"/>
    <language>vi</language>
    <lastBuildDate>Wed, 25 Nov 2026 08:00:00 +0700</lastBuildDate>
    <item>
      <title>Chị Lan</title>
      <link>{PAGE}</link>
      <description>Chị Lan &amp;lt;trực đêm&amp;gt;</description>
      <content:encoded>&lt;p&gt;&lt;a href="{PAGE}"&gt;Chị Lan&lt;/a&gt;&lt;/p&gt;</content:encoded>
      <guid isPermaLink="true">{PAGE}</guid>
      <enclosure url="{CARD}" length="1234" type="image/jpeg"/>
      <pubDate>Wed, 25 Nov 2026 08:00:00 +0700</pubDate>
      <dc:creator>Phòng CTXH</dc:creator>
    </item>
  </channel>
</rss>
"""

ATOM = f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
  <id>{URL}</id>
  <title>Gương điển hình</title>
  <updated>2026-11-25T08:00:00+07:00</updated>
  <author><name>Bệnh viện</name></author>
  <link href="{URL}atom.xml" rel="self" type="application/atom+xml"/>
  <link href="{URL}" rel="alternate" type="text/html"/>
  <entry>
    <id>{PAGE}</id>
    <title>Chị Lan</title>
    <updated>2026-11-25T08:00:00+07:00</updated>
    <published>2026-11-20T08:00:00+07:00</published>
    <link href="{PAGE}" rel="alternate" type="text/html"/>
    <link href="{CARD}" rel="enclosure" type="image/jpeg" length="1234"/>
    <summary>Chị Lan &lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;</summary>
    <content type="html">&lt;p&gt;Chị Lan&lt;/p&gt;</content>
  </entry>
</feed>
"""

JSON = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Gương điển hình",
    "home_page_url": URL,
    "feed_url": URL + "feed.json",
    "language": "vi",
    "items": [{"id": PAGE, "url": PAGE, "title": "Chị Lan", "summary": "<b>x</b> là chữ", "content_html": "<p>Chị Lan</p>", "date_published": "2026-11-20T08:00:00+07:00", "image": CARD}],
}


def codes(problems: list[str]) -> set[str]:
    return {p.split(": ", 1)[-1].split()[0] if p.startswith("line ") else p.split()[0] for p in problems}


def test_valid_documents_pass_clean():
    assert check(RSS.encode(), URL + "rss.xml") == []
    assert check(ATOM.encode(), URL + "atom.xml") == []
    assert check(json.dumps(JSON).encode(), URL + "feed.json") == []


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # feedgen 1.0.0: entry links lost rel and type, so the card became a second alternate
        (f'<link href="{PAGE}" rel="alternate" type="text/html"/>', f'<link href="{PAGE}"/>', "MissingRel"),
        (
            f'<link href="{PAGE}" rel="alternate" type="text/html"/>\n    <link href="{CARD}" rel="enclosure" type="image/jpeg" length="1234"/>',
            f'<link href="{PAGE}"/><link href="{CARD}"/>',
            "DuplicateAtomLink",
        ),
        (f'<link href="{CARD}" rel="enclosure" type="image/jpeg" length="1234"/>', f'<link href="{CARD}" rel="alternate" type="text/html"/>', "DuplicateAtomLink"),
        ('rel="enclosure"', 'rel="picture"', "InvalidRel"),
        ('type="image/jpeg" length="1234"', 'type="image/jpeg"', "MissingEnclosureAttribute"),
        ('length="1234"', 'length="big"', "InvalidLength"),
        ('type="image/jpeg"', 'type="jpeg"', "InvalidMIMEType"),
        (f"<id>{PAGE}</id>", "", "MissingElement"),
        ("<title>Chị Lan</title>", "", "MissingElement"),
        ("<updated>2026-11-25T08:00:00+07:00</updated>\n    <published>", "<published>", "MissingElement"),
        ("<title>Chị Lan</title>", "<title>Chị Lan</title><title>Lan</title>", "DuplicateElement"),
        (f"<id>{PAGE}</id>", "<id>lan/</id>", "InvalidFullLink"),
        (f'<link href="{PAGE}" rel="alternate"', '<link href="lan/" rel="alternate"', "RelativeURL"),
        ("&lt;p&gt;Chị Lan&lt;/p&gt;", "&lt;img src=&quot;anh/lan.jpg&quot;&gt;", "RelativeURL"),
        ("&lt;p&gt;Chị Lan&lt;/p&gt;", "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;", "SecurityRisk"),
        ("<updated>2026-11-25T08:00:00+07:00</updated>\n    <published>", "<updated>25/11/2026</updated>\n    <published>", "InvalidRFC3339Date"),
        ("<published>2026-11-20", "<published>2026-11-29", "UpdatedBeforePublished"),
        (f'href="{URL}atom.xml"', f'href="{URL}khac.xml"', "SelfDoesntMatchLocation"),
        ('xml:lang="vi"', "", "MissingLanguage"),
        ('<content type="html">', '<content type="markdown">', "InvalidTextType"),
        ("<summary>", "<sumary>x</sumary><summary>", "UndefinedElement"),
        ("</entry>", "</entry>" + ATOM[ATOM.index("<entry>") : ATOM.index("</entry>")] + "</entry>", "DuplicateEntries"),
    ],
)
def test_atom_faults(old, new, code):
    assert old in ATOM
    assert code in codes(check(ATOM.replace(old, new, 1).encode(), URL + "atom.xml"))


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        # issue 20: a plain-text summary escaped only once is HTML to every RSS reader
        ("Chị Lan &amp;lt;trực đêm&amp;gt;", "&lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;", "SecurityRisk"),
        ("Chị Lan &amp;lt;trực đêm&amp;gt;", "&lt;script&gt;alert(1)&lt;/script&gt;", "SecurityRisk"),
        (f'&lt;a href="{PAGE}"', '&lt;a href="javascript:alert(1)"', "SecurityRisk"),
        (f'&lt;a href="{PAGE}"', '&lt;a href="../khac/"', "RelativeURL"),
        (f"<link>{PAGE}</link>", "<link>/guong-dien-hinh/lan/</link>", "InvalidURLAttribute"),
        (f'<guid isPermaLink="true">{PAGE}</guid>', '<guid isPermaLink="true">lan-1</guid>', "InvalidPermalink"),
        ("<pubDate>Wed, 25 Nov 2026", "<pubDate>Wed, 25 Nov 26", "InvalidRFC2822Date"),
        ("<pubDate>Wed, 25 Nov 2026 08:00:00 +0700", "<pubDate>2026-11-25T08:00:00+07:00", "InvalidRFC2822Date"),
        ("<pubDate>Wed, 25 Nov 2026", "<pubDate>Thu, 25 Nov 2026", "IncorrectDOW"),
        ('length="1234"', 'length="0"', "InvalidIntegerAttribute"),
        ('length="1234"', 'length="1,2 MB"', "InvalidIntegerAttribute"),
        ('length="1234" type="image/jpeg"', 'length="1234"', "InvalidMIMEAttribute"),
        (f'url="{CARD}"', 'url="anh/lan-the.jpg"', "InvalidURLAttribute"),
        (f'<enclosure url="{CARD}"', f'<enclosure url="{CARD}" length="1" type="image/jpeg"/><enclosure url="{CARD}"', "DuplicateElement"),
        ("<title>Chị Lan</title>", "", "MissingElement"),
        (f'<atom:link href="{URL}rss.xml" rel="self" type="application/rss+xml"/>', "", "MissingAtomSelfLink"),
        ("<dc:creator>Phòng CTXH</dc:creator>", "<author>Phòng CTXH</author>", "InvalidContact"),
        ("<dc:creator>", "<dc:date>2026-11-25</dc:date><dc:creator>", "DuplicateItemSemantics"),
        ("<language>vi</language>", "<langauge>vi</langauge>", "UndefinedElement"),
        ('version="2.0"', 'version="0.91"', "InvalidRSSVersion"),
        ("</item>", f"</item><item><title>B</title><link>{PAGE}</link><description>b</description><guid>{PAGE}</guid><pubDate>Wed, 25 Nov 2026 08:00:00 +0700</pubDate></item>", "DuplicateGuid"),
        ("<title>Gương", "<title>& Gương", "NotWellFormed"),
    ],
)
def test_rss_faults(old, new, code):
    assert old in RSS
    assert code in codes(check(RSS.replace(old, new, 1).encode(), URL + "rss.xml"))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda f: f["items"][0].pop("id"), "MissingId"),
        (lambda f: f["items"][0].pop("content_html"), "MissingContent"),
        (lambda f: f["items"][0].update(content_html='<img src="anh/a.jpg" onerror="alert(1)">'), "SecurityRisk"),
        (lambda f: f["items"][0].update(url="/lan/"), "RelativeURL"),
        (lambda f: f["items"][0].update(date_published="20/11/2026"), "InvalidRFC3339Date"),
        (lambda f: f.update(feed_url=URL + "khac.json"), "SelfDoesntMatchLocation"),
        (lambda f: f["items"].append(dict(f["items"][0])), "DuplicateEntries"),
        (lambda f: f.update(version="1"), "InvalidVersion"),
    ],
)
def test_json_feed_faults(change, code):
    feed = json.loads(json.dumps(JSON))
    change(feed)
    assert code in codes(check(json.dumps(feed).encode(), URL + "feed.json"))
