"""The reporting calendar and the campaigns' phases as an iCalendar feed (RFC 5545).

Staff subscribe to `guong-dien-hinh/lich.ics` in Google, Outlook or their phone's
calendar. Written with the `icalendar` library: it folds lines at 75 octets without
splitting a Vietnamese letter, escapes `,;\\` and writes VALUE=DATE for dates, which
hand-written text gets wrong easily.

Every event is all-day (VALUE=DATE, DTEND the next day): a deadline is a day in
Asia/Ho_Chi_Minh, not an instant. UIDs come from what an event is (the deadline's
rule, the campaign's slug), so a client updates an event instead of duplicating it;
DTSTAMP is the build's day, so the same content and day give the same bytes.
Only public campaigns appear: the feed is part of the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..content.model import Campaign, Content, Deadline
from ..derive.deadlines import DUE_LABELS, calendar_of, rule_text
from ..pages.urls import Urls

VIETNAM = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving
PRODID = "-//vinhdanh//Lich bao cao va phong trao thi dua//VI"
REMIND = dt.timedelta(days=-3)

if TYPE_CHECKING:
    from icalendar import Event


def ics_path(urls: Urls) -> str:
    return f"{urls.exemplars}lich.ics"


def _stamp(today: dt.date) -> dt.datetime:
    """Midnight of the build's day in Vietnam, in UTC (DTSTAMP must be UTC)."""
    return dt.datetime.combine(today, dt.time(0), VIETNAM).astimezone(dt.timezone.utc)


def _event(uid: str, summary: str, start: dt.date, end: dt.date, stamp: dt.datetime, description: str = "", url: str = "") -> Event:
    from icalendar import Event  # here: a build whose calendar is kept never loads it

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))  # exclusive: the last day is `end`
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def _remind(event: Event, summary: str) -> None:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Còn 3 ngày: {summary}")
    alarm.add("trigger", REMIND)
    event.add_component(alarm)


def _monthly_rule(day: int) -> dict:
    """Day `day` of every month; 29–31 fall back to the month's last day (30 February → 28/29)."""
    if day <= 28:
        return {"freq": "monthly", "bymonthday": [day]}
    return {"freq": "monthly", "bymonthday": list(range(28, day + 1)), "bysetpos": -1}


def _deadline_events(deadline: Deadline, host: str, anchor: int, stamp: dt.datetime, taken: set[str]) -> list[Event]:
    summary = f"Hạn: {deadline.name}"
    description = "; ".join(p for p in (DUE_LABELS.get(deadline.due, ""), rule_text(deadline), f"gửi {deadline.to}" if deadline.to else "") if p)
    plans: list[tuple[str, dt.date, dict | None]] = []
    if deadline.day is not None:
        first = dt.date(anchor, 1, deadline.day)  # January has every day a rule may name
        plans.append((f"han-{deadline.due}-ngay-{deadline.day:02d}", first, _monthly_rule(deadline.day)))
    for year, month, day in deadline.dates:
        if year is None:
            plans.append((f"han-{deadline.due}-{day:02d}-{month:02d}", dt.date(anchor, month, day), {"freq": "yearly", "bymonth": [month], "bymonthday": [day]}))
        else:
            plans.append((f"han-{deadline.due}-{year}-{month:02d}-{day:02d}", dt.date(year, month, day), None))
    events = []
    for key, start, rule in plans:
        uid = _unique(f"{key}@{host}", taken)
        event = _event(uid, summary, start, start, stamp, description)
        if rule:
            event.add("rrule", rule)
        event.add("categories", ["Hạn báo cáo"])
        _remind(event, deadline.name)
        events.append(event)
    return events


def _unique(uid: str, taken: set[str]) -> str:
    """Two deadlines with the same rule and kind still get two UIDs (the later one numbered)."""
    candidate, n = uid, 2
    while candidate in taken:
        local, _, domain = uid.partition("@")
        candidate, n = f"{local}-{n}@{domain}", n + 1
    taken.add(candidate)
    return candidate


def _campaign_events(campaign: Campaign, urls: Urls, host: str, stamp: dt.datetime) -> list[Event]:
    url = urls.absolute(urls.campaign(campaign.slug))
    events = [_event(f"phong-trao-{campaign.slug}@{host}", campaign.title, campaign.start, campaign.end, stamp, campaign.summary, url)]
    for number, phase in enumerate(campaign.phases, 1):
        summary = f"{phase.name} – {campaign.title}"
        goal = f"Mục tiêu: {phase.goal}" if phase.goal else campaign.summary
        event = _event(f"phong-trao-{campaign.slug}-dot-{number}@{host}", summary, phase.start, phase.end, stamp, goal, url)
        events.append(event)
    for event in events:
        event.add("categories", ["Phong trào thi đua"])
    return events


def calendar_bytes(content: Content, urls: Urls, today: dt.date) -> bytes:
    """The feed for `content`, which must be the public view."""
    from icalendar import Calendar

    site = content.site
    host = urlsplit(site.base_url).hostname or "vinhdanh"
    stamp = _stamp(today)
    anchor = _anchor(content, today)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"Hạn báo cáo và phong trào thi đua – {site.short_name or site.name}"
    cal.add("name", name)
    cal.add("x-wr-calname", name)  # the name Google and Apple show
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    taken: set[str] = set()
    for deadline in calendar_of(site):
        for event in _deadline_events(deadline, host, anchor, stamp, taken):
            cal.add_component(event)
    for campaign in sorted(content.campaigns, key=lambda c: (c.start, c.slug)):
        for event in _campaign_events(campaign, urls, host, stamp):
            cal.add_component(event)
    for held in sorted(content.events, key=lambda ev: (ev.start, ev.slug)):  # conferences, round-tables, contests
        event = _event(f"su-kien-{held.slug}@{host}", held.title, held.start, held.last_day, stamp, held.summary, urls.absolute(urls.event(held.slug)))
        event.add("location", held.place)
        event.add("categories", ["Sự kiện"])
        cal.add_component(event)
    return cal.to_ical()


def _anchor(content: Content, today: dt.date) -> int:
    """The year recurring deadlines start in: the same every day."""
    return min([*(e.date.year for e in content.exemplars), *(c.start.year for c in content.campaigns), today.year])


def write_ics(section, site_dir: Path) -> None:
    """The feed; with `section.reuse`, taken from the store while what it shows is unchanged."""
    from ..cache.fingerprints import Unhashable

    target = Path(site_dir) / ics_path(section.urls)
    target.parent.mkdir(parents=True, exist_ok=True)
    content, fps = section.content, section.fingerprints
    try:
        parts = (fps.of(content.site), fps.of(content.campaigns), fps.of(content.events), fps.of(section.urls))
        key = section.store.key("ics", *parts, str(_anchor(content, section.today)), section.today.isoformat())
    except Unhashable:
        key = None
    target.write_bytes(section.store.made("ics", key, lambda: calendar_bytes(content, section.urls, section.today), bytes, section.reuse))
