"""Events (content/events/): a page per event, the "Sự kiện" listing, feeds, calendar; private ones nowhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedcheck
import pytest
from sitebuild import project_copy

TODAY = dt.date(2026, 11, 25)
EVENT = """---
title: {title}
kind: {kind}
date: {date}
start: {start}
place: {place}
host: Công đoàn bệnh viện
summary: Tóm tắt của {title}.
status: {status}
---

Nội dung {title}.
"""
PUBLIC = {"toa-dam-dieu-duong-2026": ("Tọa đàm điều dưỡng giỏi 2026", "toa-dam", "2026-11-01", "2026-12-10", "Phòng họp giao ban", "published")}
PRIVATE = {
    "su-kien-nhap-bi-mat": ("Sự kiện nháp bí mật", "giao-luu", "2026-10-01", "2026-12-01", "Phòng A", "draft"),
    "su-kien-da-go-bi-mat": ("Sự kiện đã gỡ bí mật", "cuoc-thi", "2026-10-01", "2026-12-01", "Phòng B", "withdrawn"),
    "su-kien-hen-gio-bi-mat": ("Sự kiện hẹn giờ bí mật", "hoi-nghi", "2026-12-20", "2027-01-10", "Phòng C", "published"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    root = project_copy(tmp_path_factory.mktemp("events"))
    for slug, (title, kind, date, start, place, status) in {**PUBLIC, **PRIVATE}.items():
        text = EVENT.format(title=title, kind=kind, date=date, start=start, place=place, status=status)
        (root / "content" / "events" / f"{slug}.md").write_text(text, encoding="utf-8")
    section = prepare(root, TODAY)
    build_into(root / "mkdocs.yml", root / "site", section)
    return root / "site", section


def _follow(site: Path, page: Path, text: str) -> Path:
    """The page a link whose text is `text` leads to (root-relative hrefs, as the section writes them)."""
    html = page.read_text(encoding="utf-8")
    match = re.search(r'<a [^>]*href="([^"]+)"[^>]*>\s*' + re.escape(text) + r"\s*</a>", html)
    assert match, f"no link {text!r} in {page}"
    path = urlsplit(match.group(1)).path.lstrip("/")
    return site / path / "index.html" if not path.endswith(".html") else site / path


def test_landing_links_to_events_and_event_page(built) -> None:
    site, _ = built
    listing = _follow(site, site / "guong-dien-hinh" / "index.html", "Sự kiện")
    html = listing.read_text(encoding="utf-8")
    assert "<h1" in html and ">Sự kiện</h1>" in html
    # upcoming first, then past: the round-table (10/12/2026) before the sample's conference (19/12/2025)
    assert html.index("Tọa đàm điều dưỡng giỏi 2026") < html.index("Đã diễn ra") < html.index("Hội nghị biểu dương điển hình tiên tiến năm 2025")
    page = _follow(site, listing, "Tọa đàm điều dưỡng giỏi 2026")
    text = page.read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Tọa đàm điều dưỡng giỏi 2026</h1>", text)
    assert '<time datetime="2026-12-10">10/12/2026</time>' in text
    assert "Phòng họp giao ban" in text
    # the sample conference links the stories it honoured, and its campaign
    past = _follow(site, listing, "Hội nghị biểu dương điển hình tiên tiến năm 2025").read_text(encoding="utf-8")
    assert "Gương điển hình được biểu dương" in past and "sang-kien-cai-tien-chat-luong-2025/" in past


def test_private_events_reach_no_output(built) -> None:
    site, _ = built
    secrets = [title for title, *_ in PRIVATE.values()] + list(PRIVATE)
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"{secret} in {path}"


def test_feeds_carry_events_and_pass_feedcheck(built) -> None:
    site, section = built
    rss = (site / "guong-dien-hinh" / "rss.xml").read_text(encoding="utf-8")
    assert "Tọa đàm điều dưỡng giỏi 2026" in rss and "/su-kien/toa-dam-dieu-duong-2026/" in rss
    assert "Tọa đàm điều dưỡng giỏi 2026" in (site / "guong-dien-hinh" / "atom.xml").read_text(encoding="utf-8")
    found = feedcheck.check_site(site, section.content.site.base_url)
    assert found and {p: v for p, v in found.items() if v} == {}


def test_calendar_has_events(built) -> None:
    import icalendar

    site, section = built
    from vinhdanh.outputs.ics import ics_path

    cal = icalendar.Calendar.from_ical((site / ics_path(section.urls)).read_bytes())
    held = {str(c["uid"]): c for c in cal.walk("VEVENT") if str(c["uid"]).startswith("su-kien-")}
    ours = next(c for uid, c in held.items() if "toa-dam-dieu-duong-2026" in uid)
    assert ours.decoded("dtstart") == dt.date(2026, 12, 10) and str(ours["location"]) == "Phòng họp giao ban"
    assert not any("bi-mat" in uid for uid in held)


def test_the_editor_offers_the_event_form_and_saves_only_a_valid_one(tmp_path: Path) -> None:
    """`vinhdanh edit`: the form comes from schema.EVENT; a save goes through the validator (E611)."""
    from editing import call, running_editor, sample_copy

    from vinhdanh.content.reader import load
    from vinhdanh.content.schema import EVENT_KEYS

    root = sample_copy(tmp_path / "site")
    rel = "content/events/toa-dam-dieu-duong-gioi-2027.md"
    with running_editor(root) as editor:
        form = next(c for c in editor.config()["collections"] if c["name"] == "events")
        assert (form["label"], form["folder"]) == ("Sự kiện", "content/events")
        assert [f["name"] for f in form["fields"]] == [*EVENT_KEYS, "body"]
        bad = EVENT.format(title="Tọa đàm Điều dưỡng giỏi 2027", kind="toa-dam", date="2027-05-01", start="2027-05-12", place="Phòng họp", status="published")
        bad = bad.replace("start: 2027-05-12\n", "start: 2027-05-12\nend: 2027-05-10\n")
        status, body = call(editor, "persistEntry", dataFiles=[{"slug": "toa-dam", "path": rel, "raw": bad}], assets=[], options={})
        assert status == 422 and [(d["code"], d["line"]) for d in body["diagnostics"]] == [("E611", 6)], body
        assert not (root / rel).exists()
        good = bad.replace("end: 2027-05-10\n", "end: 2027-05-13\n")
        status, body = call(editor, "persistEntry", dataFiles=[{"slug": "toa-dam", "path": rel, "raw": good}], assets=[], options={})
        assert status == 200, body
    saved = next(v for v in load(root, dt.date(2027, 5, 2)).content.events if v.slug == "toa-dam-dieu-duong-gioi-2027")
    assert (saved.kind, saved.start, saved.end) == ("toa-dam", dt.date(2027, 5, 12), dt.date(2027, 5, 13))
