"""The reporting calendar: `calendar:` in site.yml read with positioned Vietnamese errors,
the plans' usual dates when it is absent, and the due dates each rule gives."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import Project
from test_validate_catalogue import looks_vietnamese

from vinhdanh.content.model import Deadline
from vinhdanh.content.reader import load
from vinhdanh.derive.deadlines import DEFAULT_CALENDAR, calendar_of, occurrences, rule_text

D = dt.date
BASE = "base_url: https://benhvien.example.vn/\n"


def with_calendar(project: Project, text: str) -> None:
    project.edit("content/site.yml", BASE, BASE + text)


def test_without_the_key_the_plans_usual_dates_apply(project):
    content = load(project.root, D(2026, 6, 1)).content
    assert content.site.calendar is None and calendar_of(content.site) == DEFAULT_CALENDAR
    days = sorted(d for deadline in DEFAULT_CALENDAR for d in occurrences(deadline, D(2027, 1, 1), D(2027, 12, 31)))
    # Hà Tĩnh: the month's exemplar before the 20th, the list before 05/12; rehabilitation
    # hospital: the yearly report before 20/10; Phù Mỹ: half-year and year before 10/06, 10/12.
    assert days == sorted([D(2027, m, 20) for m in range(1, 13)] + [D(2027, 6, 10), D(2027, 10, 20), D(2027, 12, 5), D(2027, 12, 10)])


def test_an_empty_calendar_means_no_deadline(project):
    with_calendar(project, "calendar: []\n")
    assert load(project.root, D(2026, 6, 1)).content.site.calendar == ()


def test_a_declared_calendar_is_read_as_written(project):
    with_calendar(
        project,
        "calendar:\n"
        "  - name: Gửi gương điển hình của tháng\n    due: monthly-exemplar\n    day: 5\n    to: Sở Y tế\n"
        "  - name: Báo cáo sơ kết, tổng kết\n    due: phase-review\n    dates: [2028-05-20, 2030-07-20]\n"
        "  - name: Báo cáo 6 tháng, năm\n    due: half-year-report\n    dates: [10/6, 10/12]\n",
    )
    status, report = project.validate()
    assert status == 0 and report["errors"] == 0, report
    calendar = load(project.root, D(2026, 6, 1)).content.site.calendar
    assert calendar == (
        Deadline("Gửi gương điển hình của tháng", "monthly-exemplar", day=5, to="Sở Y tế", line=5),
        Deadline("Báo cáo sơ kết, tổng kết", "phase-review", dates=((2028, 5, 20), (2030, 7, 20)), line=9),
        Deadline("Báo cáo 6 tháng, năm", "half-year-report", dates=((None, 6, 10), (None, 12, 10)), line=12),
    )
    assert [rule_text(d) for d in calendar] == ["trước ngày 05 hằng tháng", "trước ngày 20/05/2028 và 20/07/2030", "trước ngày 10/06 và 10/12 hằng năm"]


def test_day_of_month_falls_back_to_the_last_day():
    month_end = Deadline("Cuối tháng", "other", day=31)
    assert occurrences(month_end, D(2027, 1, 1), D(2027, 4, 30)) == [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 31), D(2027, 4, 30)]
    assert occurrences(month_end, D(2028, 2, 1), D(2028, 2, 29)) == [D(2028, 2, 29)]
    once = Deadline("Sơ kết", "phase-review", dates=((2028, 5, 20),))
    assert occurrences(once, D(2026, 1, 1), D(2030, 12, 31)) == [D(2028, 5, 20)]
    assert occurrences(once, D(2028, 5, 21), D(2030, 12, 31)) == []


BAD = [
    ("calendar: hằng tháng\n", 4, "calendar", "E820"),
    ("calendar:\n  - {name: Gương tháng, due: monthly-exemplar, day: 32}\n", 5, "calendar.day", "E820"),
    ('calendar:\n  - {name: Gương tháng, due: monthly-exemplar, day: "ngày 20"}\n', 5, "calendar.day", "E203"),
    ("calendar:\n  - {name: Báo cáo, due: yearly-report, dates: [31/02]}\n", 5, "calendar.dates", "E820"),
    ("calendar:\n  - {name: Báo cáo, due: yearly-report, dates: [29/02]}\n", 5, "calendar.dates", "E820"),  # not every year has it
    ("calendar:\n  - {name: Sơ kết, due: phase-review, dates: [20/5/2028]}\n", 5, "calendar.dates", "E820"),
    ("calendar:\n  - {name: Sơ kết, due: phase-review, dates: [2028-02-30]}\n", 5, "calendar.dates", "E820"),
    ("calendar:\n  - {name: Báo cáo, due: monthly-exemplar}\n", 5, "calendar.day", "E201"),
    ("calendar:\n  - {name: Báo cáo, due: bao-cao-thang, day: 20}\n", 5, "due", "E204"),
    ("calendar:\n  - {due: monthly-exemplar, day: 20}\n", 5, "name", "E201"),
    ("calendar:\n  - {name: Báo cáo, due: other, day: 20, han: 20}\n", 5, "calendar.han", "E202"),
]


@pytest.mark.parametrize(("text", "line", "field", "code"), BAD)
def test_a_wrong_calendar_is_an_error_at_its_line(project, text, line, field, code):
    with_calendar(project, text)
    status, report = project.validate()
    found = [(d["path"], d["line"], d["field"], d["code"]) for d in report["diagnostics"]]
    assert status == 1 and found == [("content/site.yml", line, field, code)], found
    d = report["diagnostics"][0]
    assert looks_vietnamese(d["message"]) and d["hint"]
