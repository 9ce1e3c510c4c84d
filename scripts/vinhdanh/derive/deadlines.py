"""The reporting calendar: what a unit must send upward, and when.

`calendar:` in site.yml lists the deadlines of the unit's plan; without it the
plans' usual dates apply (DEFAULT_CALENDAR). A deadline falls on a day of every
month (`day: 20`), on dates of every year (`dates: [10/06, 10/12]`) or once
(`dates: [2028-05-20]`). "Trước ngày 20" is read as "by the 20th": the 20th is
the last day, the 21st is late.
"""

from __future__ import annotations

import calendar as gregorian
import datetime as dt

from ..content.model import Deadline, Site
from ..content.schema import CALENDAR_DUE
from ..records import record

DUE_LABELS = dict(CALENDAR_DUE)  # what is due (the `due:` key), in Vietnamese
PARENT = "Sở Y tế"

# The plans' usual dates (../shared/seeds): Hà Tĩnh's plan asks for the month's exemplar
# "trước ngày 20 hàng tháng" and the year's list "trước ngày 05 tháng 12"; the
# rehabilitation hospital's the yearly report "trước ngày 20/10"; Phù Mỹ's the half-year
# and year reports "trước ngày 10/6", "trước ngày 10/12".
DEFAULT_CALENDAR = (
    Deadline("Gửi 01 gương điển hình tiêu biểu của tháng (kèm tóm tắt thành tích)", "monthly-exemplar", day=20, to=PARENT),
    Deadline("Báo cáo 6 tháng, báo cáo năm về công tác thi đua, khen thưởng", "half-year-report", dates=((None, 6, 10), (None, 12, 10)), to=PARENT),
    Deadline("Báo cáo năm về xây dựng, nhân rộng điển hình tiên tiến", "yearly-report", dates=((None, 10, 20),), to=PARENT),
    Deadline("Danh sách tập thể, cá nhân điển hình tiên tiến của năm", "yearly-list", dates=((None, 12, 5),), to=PARENT),
)


def calendar_of(site: Site) -> tuple[Deadline, ...]:
    """The site's own calendar, or the plans' usual one when site.yml has no `calendar:`."""
    return DEFAULT_CALENDAR if site.calendar is None else site.calendar


def on_day(year: int, month: int, day: int) -> dt.date:
    """Day `day` of a month, or its last day when the month is shorter (30 February → 28/29)."""
    return dt.date(year, month, min(day, gregorian.monthrange(year, month)[1]))


def occurrences(deadline: Deadline, first: dt.date, last: dt.date) -> list[dt.date]:
    """Every due date of `deadline` from `first` to `last`, inclusive, in order."""
    found: set[dt.date] = set()
    if deadline.day is not None:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            found.add(on_day(year, month, deadline.day))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for once, month, day in deadline.dates:
        years = [once] if once is not None else range(first.year, last.year + 1)
        found.update(on_day(y, month, day) for y in years)
    return sorted(d for d in found if first <= d <= last)


def previous(deadline: Deadline, day: dt.date) -> dt.date | None:
    """The last due date strictly before `day` (within two years), if any."""
    earlier = occurrences(deadline, dt.date(day.year - 2, 1, 1), day - dt.timedelta(days=1))
    return earlier[-1] if earlier else None


@record
class Due:
    """One occurrence of a deadline."""

    deadline: Deadline
    date: dt.date

    @property
    def label(self) -> str:
        return f"{self.deadline.name} (hạn {self.date:%d/%m/%Y})"


def dues(site: Site, first: dt.date, last: dt.date) -> list[Due]:
    """Every occurrence of every deadline of the site between two dates, by date."""
    found = [Due(d, day) for d in calendar_of(site) for day in occurrences(d, first, last)]
    return sorted(found, key=lambda due: (due.date, due.deadline.name))


def rule_text(deadline: Deadline) -> str:
    """'trước ngày 20 hằng tháng', 'trước ngày 10/06 và 10/12 hằng năm', 'trước ngày 20/05/2028'."""
    parts = []
    if deadline.day is not None:
        parts.append(f"trước ngày {deadline.day:02d} hằng tháng")
    yearly = [f"{d:02d}/{m:02d}" for y, m, d in deadline.dates if y is None]
    once = [f"{d:02d}/{m:02d}/{y}" for y, m, d in deadline.dates if y is not None]
    if yearly:
        parts.append("trước ngày " + " và ".join(yearly) + " hằng năm")
    if once:
        parts.append("trước ngày " + " và ".join(once))
    return "; ".join(parts)
