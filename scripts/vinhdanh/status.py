"""`vinhdanh status`: what is due, overdue and missing on a day, from the reporting calendar.

Checkable deadlines are checked against the stories: the month's exemplar (a story
proposed for that month — `proposal:` with its `month`, whatever the story's status
but withdrawn, as the plans' "01 gương điển hình tiêu biểu" is sent before it is
published — or a story published since the previous deadline), the year's list
(every khoa/phòng has one),
and campaign phases (a story honoured while the phase ran). Reports the office
writes itself are only announced, with the command that drafts them.

Counted: every story with `status: published`, scheduled ones too (they will appear).
The office's own view; nothing here reaches the site.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import field, replace

from .content.diagnostics import Diagnostic
from .content.model import PUBLISHED, Content, Deadline, Exemplar
from .derive import coverage
from .derive.deadlines import Due, calendar_of, dues, on_day, previous
from .records import record
from .reports.select import proposed

WITHIN = 30  # days ahead (and back) that `status` looks by default
WARN_DAYS = 30  # a phase that ended this recently without results is a build warning
SITE_YML = "content/site.yml"


@record
class Finding:
    text: str
    hint: str = ""
    path: str = SITE_YML  # where an author fixes it (a warning's location)
    line: int = 0
    code: str = "W820"


@record(frozen=False)
class Status:
    today: dt.date
    within: int
    overdue: list[Finding] = field(default_factory=list)
    due: list[Finding] = field(default_factory=list)
    missing: list[Finding] = field(default_factory=list)


def _published(content: Content) -> Content:
    """Every published story and campaign, scheduled ones included."""
    return replace(content, exemplars=tuple(e for e in content.exemplars if e.status == PUBLISHED), campaigns=tuple(c for c in content.campaigns if c.status == PUBLISHED))


def check(content: Content, today: dt.date, within: int = WITHIN) -> Status:
    everything, content = content, _published(content)
    status = Status(today, within)
    for deadline in calendar_of(content.site):
        if deadline.due == "monthly-exemplar" and deadline.day is not None:
            _monthly(everything, deadline, today, status)
        elif deadline.due == "yearly-list":
            _yearly_list(content, deadline, today, status)
    for due in dues(content.site, today, today + dt.timedelta(days=within)):
        status.due.append(_announce(everything, due, today))
    _phases(content, today, within, status)
    return status


def _names(exemplars) -> str:
    return ", ".join(e.name for e in sorted(exemplars, key=lambda e: (e.date, e.slug)))


def _since(deadline: Deadline, due: dt.date) -> dt.date:
    """The first day a story counts for the deadline of `due`: the day after the one before."""
    before = previous(deadline, due)
    return before + dt.timedelta(days=1) if before else due.replace(day=1)


@record
class MonthsExemplar:
    """What answers one month's deadline: the stories proposed for that month, and those
    published (scheduled ones too) from the day after the previous deadline to this one."""

    due: dt.date
    since: dt.date
    proposed: tuple[Exemplar, ...]
    published: tuple[Exemplar, ...]

    def __bool__(self) -> bool:
        return bool(self.proposed or self.published)

    def which(self) -> str:
        """'Nguyễn Văn A (đề xuất tháng 04/2024, Khoa Nội), Phạm B (bài đăng ngày 19/04/2024)': which rule each meets."""
        month = f"{self.due:%m/%Y}"
        parts = [f"{e.name} (đề xuất tháng {month}, {e.unit.name})" for e in self.proposed]
        shown = {e.slug for e in self.proposed}
        parts += [f"{e.name} (bài đăng ngày {e.date:%d/%m/%Y})" for e in sorted(self.published, key=lambda e: (e.date, e.slug)) if e.slug not in shown]
        return ", ".join(parts)


def months_exemplar(everything: Content, deadline: Deadline, due: dt.date) -> MonthsExemplar:
    published = [e for e in everything.exemplars if e.status == PUBLISHED]
    since = _since(deadline, due)
    return MonthsExemplar(due, since, tuple(proposed(everything, due.year, due.month)), tuple(coverage.published_between(published, since, due)))


def _monthly(everything: Content, deadline: Deadline, today: dt.date, status: Status) -> None:
    """This month's exemplar when its day has passed; the months of the year that had none."""
    assert deadline.day is not None
    current = on_day(today.year, today.month, deadline.day)
    if today > current:
        found = months_exemplar(everything, deadline, current)
        late = [e for e in everything.exemplars if e.status == PUBLISHED and current < e.date <= today]
        if not found and not late:
            status.overdue.append(
                Finding(
                    f"{deadline.name}: đã quá hạn {current:%d/%m/%Y} mà chưa có gương nào được đề xuất tháng {current:%m/%Y}, cũng chưa có bài nào đăng từ {found.since:%d/%m/%Y}.",
                    "Ghi `proposal:` (người đề xuất, cấp, `month: " + f"{current:%Y-%m}`) cho bài của gương được chọn, hoặc đăng (hẹn đăng) một bài; rồi lập danh sách: "
                    f"`vinhdanh report monthly --month {current:%Y-%m} -o thang-{current:%m-%Y}.docx`.",
                    line=deadline.line,
                )
            )
    empty = [f"{month:02d}" for month in _months_without(everything, deadline, today.year, range(1, today.month + (0 if today <= current else 1)))]
    if empty:
        status.missing.append(Finding(f"Tháng chưa có gương điển hình (đề xuất trong tháng, hay đăng trước hạn) năm {today.year}: " + ", ".join(empty) + ".", line=deadline.line))


def _months_without(everything: Content, deadline: Deadline, year: int, months: range) -> list[int]:
    """The months of `year` whose `months_exemplar` is empty, with one look at the stories for all of them
    (not one per month: 5,000 stories made `vinhdanh validate` pay ~0.1 s for it)."""
    assert deadline.day is not None
    days = sorted(e.date for e in everything.exemplars if e.status == PUBLISHED)
    chosen = {(e.proposal.year, e.proposal.month) for e in everything.exemplars if e.proposal and e.status != "withdrawn"}
    empty = []
    for month in months:
        due = on_day(year, month, deadline.day)
        first = bisect.bisect_left(days, _since(deadline, due))
        if (year, month) not in chosen and not (first < len(days) and days[first] <= due):
            empty.append(month)
    return empty


def _yearly_list(content: Content, deadline: Deadline, today: dt.date, status: Status) -> None:
    """Departments with no exemplar this year: missing, and overdue once the list's date has passed."""
    year = today.year
    mine = [e for e in content.exemplars if e.date.year == year and e.date <= today]
    silent = coverage.without_exemplar(content, mine)
    if not silent:
        return
    total = len(coverage.departments(content))
    names = ", ".join(u.name for u in silent)
    status.missing.append(Finding(f"Khoa, phòng chưa có gương điển hình năm {year} ({len(silent)}/{total}): {names}.", line=deadline.line))
    passed = [d for d in deadline.dates if today > on_day(year, d[1], d[2]) and d[0] in (None, year)]
    if passed:
        last = max(on_day(year, m, d) for _, m, d in passed)
        status.overdue.append(
            Finding(
                f"{deadline.name}: đã quá hạn {last:%d/%m/%Y}, còn {len(silent)} khoa, phòng chưa có gương điển hình năm {year}: {names}.",
                "Kế hoạch yêu cầu mỗi khoa, phòng có ít nhất 01 gương điển hình mỗi năm.",
                line=deadline.line,
            )
        )


_COMMANDS = {
    "monthly-exemplar": "vinhdanh report monthly --month {due:%Y-%m} -o thang-{due:%m-%Y}.docx",
    "yearly-list": "vinhdanh report yearly --year {due:%Y} -o danh-sach-{due:%Y}.docx",
    "yearly-report": "vinhdanh report period --from {due:%Y}-01-01 --to {due:%Y-%m-%d} -o bao-cao-nam-{due:%Y}.docx",
    "half-year-report": "vinhdanh report period --from {due:%Y}-01-01 --to {due:%Y-%m-%d} -o bao-cao-{due:%m-%Y}.docx",
    "phase-review": "vinhdanh report period --from NGÀY-ĐẦU-GIAI-ĐOẠN --to {due:%Y-%m-%d} -o so-ket.docx",
}


def _announce(content: Content, due: Due, today: dt.date) -> Finding:
    days = (due.date - today).days
    left = "hôm nay là hạn cuối" if days == 0 else f"còn {days} ngày"
    to = f", gửi {due.deadline.to}" if due.deadline.to else ""
    text = f"{due.date:%d/%m/%Y} ({left}): {due.deadline.name}{to}."
    if due.deadline.due == "monthly-exemplar":
        found = months_exemplar(content, due.deadline, due.date)
        text += f" Đã có: {found.which()}." if found else f" Chưa có gương nào được đề xuất tháng {due.date:%m/%Y}, chưa có bài nào đăng từ {found.since:%d/%m/%Y}."
    command = _COMMANDS.get(due.deadline.due, "")
    return Finding(text, f"lập báo cáo: `{command.format(due=due.date)}`" if command else "", line=due.deadline.line)


def _phases(content: Content, today: dt.date, within: int, status: Status) -> None:
    """Phases ending soon, and phases that ended lately, without a story honoured in them."""
    for campaign in content.campaigns:
        for stage in coverage.stages(campaign):
            honoured = coverage.honoured_in_stage(content, stage)
            if today <= stage.end <= today + dt.timedelta(days=within):
                got = f"đã vinh danh {len(honoured)}: {_names(honoured)}." if honoured else "chưa có gương nào được vinh danh."
                status.due.append(Finding(f"{stage.end:%d/%m/%Y} (còn {(stage.end - today).days} ngày): kết thúc {stage.label}; {got}", path=campaign.rel_path, code="W821"))
            elif stage.end < today and not honoured and (today - stage.end).days <= max(within, WARN_DAYS):
                finding = Finding(
                    f"{stage.label} đã kết thúc mà chưa có gương nào được vinh danh.",
                    f"Đăng bài về tập thể, cá nhân tiêu biểu của đợt, ghi `campaigns: [{campaign.slug}]` và ngày đăng trong đợt.",
                    path=campaign.rel_path,
                    code="W821",
                )
                status.missing.append(finding)
                if (today - stage.end).days <= WARN_DAYS:
                    status.overdue.append(finding)


def warnings(content: Content, today: dt.date) -> list[Diagnostic]:
    """What is overdue, as warnings for `validate` and `build` (never errors: a late report
    must not stop the site)."""
    return [Diagnostic(f.path, f.line, 0, f.code, f.text, f.hint, "calendar" if f.path == SITE_YML else "campaigns", "warning") for f in check(content, today, 0).overdue]


def render(status: Status, site_name: str) -> str:
    lines = [f"Tình hình báo cáo ngày {status.today:%d/%m/%Y} — {site_name}", ""]
    for title, items, mark in (
        ("QUÁ HẠN", status.overdue, "✗"),
        (f"SẮP ĐẾN HẠN (trong {status.within} ngày tới)", status.due, "•"),
        ("CÒN THIẾU", status.missing, "•"),
    ):
        lines.append(f"{title}: {len(items) or 'không có'}")
        for item in items:
            lines.append(f"  {mark} {item.text}")
            if item.hint:
                lines.append(f"      gợi ý: {item.hint}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
