"""The iCalendar feed of deadlines and campaign phases, read back with the `icalendar` library.

The sample site's built `lich.ics` is parsed as a calendar client would; recurring
deadlines are expanded with dateutil's RFC 5545 rules and compared with dates
written out by hand from the plans.
"""

from __future__ import annotations

import datetime as dt
import itertools

import icalendar
import pytest
from conftest import Project
from dateutil.rrule import rrulestr
from sitebuild import sample_site

from vinhdanh.content.reader import load
from vinhdanh.outputs.ics import calendar_bytes, ics_path
from vinhdanh.pages.urls import Urls

HOST = "benhvien-songhau.example.vn"


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def expand(event: icalendar.Event, until: dt.date) -> list[dt.date]:
    """Every day the event falls on up to `until`, as a client expands its RRULE."""
    start = event.decoded("dtstart")
    if "RRULE" not in event:
        return [start]
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time()))
    return [d.date() for d in rule.between(dt.datetime.combine(start, dt.time()), dt.datetime.combine(until, dt.time()), inc=True)]


@pytest.fixture(scope="module")
def sample_ics() -> bytes:
    site, section = sample_site()
    return (site / ics_path(section.urls)).read_bytes()


def test_the_built_site_has_a_calendar_a_client_reads(sample_ics):
    cal = icalendar.Calendar.from_ical(sample_ics)
    assert str(cal["VERSION"]) == "2.0" and cal["X-WR-TIMEZONE"] == "Asia/Ho_Chi_Minh"
    assert b"\r\n" in sample_ics and all(len(line) <= 75 for line in sample_ics.split(b"\r\n"))  # folded in octets
    sample_ics.decode("utf-8")  # folding never split a Vietnamese letter
    found = events(sample_ics)
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids)) and all(u.endswith("@" + HOST) for u in uids)
    for event in found:
        # All-day: VALUE=DATE, not a time that a client in another zone would move.
        assert event["DTSTART"].params.get("VALUE") == "DATE" and type(event.decoded("dtstart")) is dt.date
        assert event.decoded("dtend") > event.decoded("dtstart")
        # The build's day (25/11/2026) at midnight in Vietnam, in UTC: reproducible.
        assert event.decoded("dtstamp") == dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.timezone.utc)


def test_the_plans_usual_deadlines_fall_on_their_days(sample_ics):
    """No `calendar:` in the sample site.yml: the plans' dates (before the 20th monthly,
    10/06 and 10/12, 20/10, 05/12)."""
    deadlines = [e for e in events(sample_ics) if "Hạn báo cáo" in e["CATEGORIES"].to_ical().decode()]
    days_2027 = sorted(d for e in deadlines for d in expand(e, dt.date(2027, 12, 31)) if d.year == 2027)
    monthly = [dt.date(2027, m, 20) for m in range(1, 13)]
    yearly = [dt.date(2027, 6, 10), dt.date(2027, 10, 20), dt.date(2027, 12, 5), dt.date(2027, 12, 10)]
    assert days_2027 == sorted(monthly + yearly)
    assert all(e.walk("VALARM")[0].decoded("trigger") == dt.timedelta(days=-3) for e in deadlines)


def test_public_campaigns_and_their_phases_only(sample_ics):
    found = {str(e["UID"]): e for e in events(sample_ics)}
    phase = found[f"phong-trao-thay-thuoc-nhu-me-hien-2026-dot-1@{HOST}"]
    assert (phase.decoded("dtstart"), phase.decoded("dtend")) == (dt.date(2026, 3, 1), dt.date(2026, 7, 1))  # to 30/06, end exclusive
    assert str(phase["URL"]) == f"https://{HOST}/phong-trao-thi-dua/thay-thuoc-nhu-me-hien-2026/"
    campaign = found[f"phong-trao-chuyen-doi-so-vi-nguoi-benh-2027@{HOST}"]
    assert (campaign.decoded("dtstart"), campaign.decoded("dtend")) == (dt.date(2027, 1, 1), dt.date(2028, 1, 1))
    assert not any("van-hoa-cong-so-2027" in uid for uid in found)  # a draft campaign
    assert "văn hóa công sở" not in sample_ics.decode("utf-8").lower()


CALENDAR = """\
calendar:
  - name: Gửi gương điển hình của tháng, cuối tháng
    due: monthly-exemplar
    day: 31
  - name: Báo cáo 6 tháng; báo cáo năm
    due: half-year-report
    dates: [10/06, 10/12]
  - name: Báo cáo sơ kết giai đoạn 2026 - 2028
    due: phase-review
    dates: [2028-05-20]
  - name: Báo cáo tổng kết giai đoạn 2026 - 2030
    due: phase-review
    dates: [2030-07-20]
"""


def _project_ics(project: Project, today: dt.date) -> bytes:
    project.edit("content/site.yml", "base_url: https://benhvien.example.vn/\n", "base_url: https://benhvien.example.vn/\n" + CALENDAR)
    content = load(project.root, today).content
    assert content is not None
    public = content.public(today)
    return calendar_bytes(public, Urls(public.site), today)


def test_a_declared_calendar_with_month_ends_and_one_off_reviews(project):
    data = _project_ics(project, dt.date(2026, 6, 1))
    found = events(data)
    by_name = {str(e["SUMMARY"]): e for e in found if str(e["SUMMARY"]).startswith("Hạn:")}
    monthly = by_name["Hạn: Gửi gương điển hình của tháng, cuối tháng"]
    days = [d for d in expand(monthly, dt.date(2028, 12, 31)) if d.year in (2027, 2028)]
    # Day 31 of a shorter month is its last day: 28/02/2027, 29/02/2028 (leap), 30/04.
    assert dt.date(2027, 2, 28) in days and dt.date(2028, 2, 29) in days and dt.date(2027, 4, 30) in days
    assert len(days) == 24 and all(d.month != (d + dt.timedelta(days=1)).month for d in days)
    reviews = sorted(e.decoded("dtstart") for e in found if "RRULE" not in e and str(e["SUMMARY"]).startswith("Hạn:"))
    assert reviews == [dt.date(2028, 5, 20), dt.date(2030, 7, 20)]
    assert "Báo cáo 6 tháng; báo cáo năm" in data.decode("utf-8").replace("\r\n ", "").replace("\\;", ";")
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids)) == len(found)


def test_uids_are_stable_and_only_the_stamp_follows_the_day(project):
    first = _project_ics(project, dt.date(2026, 6, 1))
    later = load(project.root, dt.date(2026, 6, 2)).content.public(dt.date(2026, 6, 2))
    second = calendar_bytes(later, Urls(later.site), dt.date(2026, 6, 2))
    assert second == calendar_bytes(later, Urls(later.site), dt.date(2026, 6, 2))  # same input, same bytes
    a, b = events(first), events(second)
    assert [str(e["UID"]) for e in a] == [str(e["UID"]) for e in b]
    for x, y in itertools.product(a, b):
        if x["UID"] == y["UID"]:
            assert x.decoded("dtstart") == y.decoded("dtstart")
    assert {e.decoded("dtstamp") for e in b} == {dt.datetime(2026, 6, 1, 17, 0, tzinfo=dt.timezone.utc)}


def test_a_draft_campaign_stays_out_of_the_feed(project):
    project.write(
        "content/campaigns/bi-mat-2026.md",
        "---\ntitle: Phong trào chưa công bố\ndate: 2026-01-10\nsummary: Chưa công bố.\nhost: Sở Y tế\nstart: 2026-02-01\nend: 2026-12-31\nstatus: draft\n---\n\nNội dung.\n",
    )
    data = _project_ics(project, dt.date(2026, 6, 1))
    assert "chưa công bố" not in data.decode("utf-8").lower() and b"bi-mat-2026" not in data


def test_nginx_serves_the_calendar_as_text_calendar(tmp_path):
    """A calendar app subscribing to the URL gets the registered type, not a download."""
    from nginx import deploy, free_port, get, running_nginx
    from sitebuild import ROOT

    site, section = sample_site()
    port = free_port()
    status, err = deploy("--root", str(ROOT), "deploy", "nginx", "--site-dir", str(site), "--listen", f"127.0.0.1:{port}", "-o", str(tmp_path / "conf"))
    assert status == 0, err
    with running_nginx(tmp_path / "run", f"include {tmp_path / 'conf/nginx/vinhdanh-site.conf'};", port) as base:
        r = get(base, "/" + ics_path(section.urls))
    assert r.status == 200 and r.type == "text/calendar; charset=utf-8"
    assert r.headers["cache-control"] == "max-age=300"  # rebuilt daily, like the feeds
    assert r.body == (site / ics_path(section.urls)).read_bytes()
