"""`vinhdanh status` on the days just before and just after each deadline of the plans'
corpus (plancorpus.py), and the same overdue items as warnings of `validate` and `build`."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from plancorpus import CALENDAR_LINES, write_corpus

from vinhdanh.cli import main

MONTHLY = "Gửi 01 gương điển hình tiêu biểu của tháng về Sở Y tế"
HALF_YEAR = "Báo cáo 6 tháng, báo cáo năm về phong trào thi đua"
YEAR_LIST = "Danh sách tập thể, cá nhân điển hình tiên tiến của năm"
REVIEW = "Báo cáo sơ kết giai đoạn 2026 - 2028"
DIGITAL_ROUND_1 = "Đợt 1 – Phong trào thi đua chuyển đổi số y tế năm 2024 (01/03/2024–31/05/2024)"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("phu-my"))


def run(root: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *argv])
    return code, out.getvalue(), err.getvalue()


def status(root: Path, today: str) -> dict[str, list[str]]:
    """{'overdue' | 'due' | 'missing': the items' lines} of `vinhdanh status --today`."""
    code, out, err = run(root, "status", "--today", today)
    assert code == 0 and not err, err
    found: dict[str, list[str]] = {}
    current = ""
    for line in out.splitlines():
        heading = re.match(r"^(QUÁ HẠN|SẮP ĐẾN HẠN|CÒN THIẾU)", line)
        if heading:
            current = {"QUÁ HẠN": "overdue", "SẮP ĐẾN HẠN": "due", "CÒN THIẾU": "missing"}[heading[1]]
            found[current] = []
        elif line.startswith("  ") and not line.startswith("      gợi ý") and current:
            found[current].append(line.strip())
    assert set(found) == {"overdue", "due", "missing"}, out
    return found


def mentions(lines: list[str], words: str) -> list[str]:
    return [line for line in lines if words in line]


def test_the_months_exemplar_before_and_after_the_20th(corpus):
    """April has no public story from 21/03 to 20/04 (the draft of 10/04 does not count)."""
    before = status(corpus, "2024-04-20")
    assert before["overdue"] == []
    assert mentions(before["due"], "20/04/2024") == [
        f"• 20/04/2024 (hôm nay là hạn cuối): {MONTHLY}, gửi Sở Y tế (qua phòng Tổ chức cán bộ). Chưa có gương nào được đề xuất tháng 04/2024, chưa có bài nào đăng từ 21/03/2024."
    ]
    after = status(corpus, "2024-04-21")
    assert after["overdue"] == [f"✗ {MONTHLY}: đã quá hạn 20/04/2024 mà chưa có gương nào được đề xuất tháng 04/2024, cũng chưa có bài nào đăng từ 21/03/2024."]
    assert "• Tháng chưa có gương điển hình (đề xuất trong tháng, hay đăng trước hạn) năm 2024: 04." in after["missing"]


def test_a_month_with_its_exemplar_is_not_overdue(corpus):
    """Phạm Minh Tuấn's story of 19/05 is May's."""
    before = status(corpus, "2024-05-19")
    assert mentions(before["due"], MONTHLY)[0].endswith("Đã có: Phạm Minh Tuấn (bài đăng ngày 19/05/2024).")
    assert status(corpus, "2024-05-21")["overdue"] == []


def test_the_years_list_before_and_after_05_12(corpus):
    """Phòng Tổ chức - Hành chính has only a draft, a story in review, a withdrawn and a scheduled one."""
    before = status(corpus, "2024-12-05")
    assert before["overdue"] == []
    assert mentions(before["due"], YEAR_LIST) == [f"• 05/12/2024 (hôm nay là hạn cuối): {YEAR_LIST}."]
    assert "• Khoa, phòng chưa có gương điển hình năm 2024 (1/8): Phòng Tổ chức - Hành chính." in before["missing"]
    after = status(corpus, "2024-12-06")
    assert after["overdue"] == [f"✗ {YEAR_LIST}: đã quá hạn 05/12/2024, còn 1 khoa, phòng chưa có gương điển hình năm 2024: Phòng Tổ chức - Hành chính."]


@pytest.mark.parametrize(("today", "left"), [("2024-06-09", "còn 1 ngày"), ("2024-06-10", "hôm nay là hạn cuối"), ("2024-12-09", "còn 1 ngày")])
def test_the_half_year_report_is_announced_up_to_its_day(corpus, today, left):
    found = mentions(status(corpus, today)["due"], HALF_YEAR)
    assert len(found) == 1 and f"({left}): {HALF_YEAR}" in found[0]


@pytest.mark.parametrize("today", ["2024-06-11", "2024-12-11"])
def test_a_report_vinhdanh_cannot_check_is_never_called_overdue(corpus, today):
    found = status(corpus, today)
    assert not mentions(found["due"], HALF_YEAR) and not mentions(found["overdue"], HALF_YEAR)


def test_the_one_off_phase_review(corpus):
    assert mentions(status(corpus, "2028-05-19")["due"], REVIEW) == [f"• 20/05/2028 (còn 1 ngày): {REVIEW}."]
    assert mentions(status(corpus, "2024-12-12")["due"], REVIEW) == []  # years ahead
    assert mentions(status(corpus, "2028-05-21")["due"], REVIEW) == []


def test_a_campaign_round_ending_without_an_exemplar(corpus):
    """The digital campaign's Đợt 1 (to 31/05/2024) honours no one; Đợt 2 honours Nguyễn Quốc Bảo."""
    before = status(corpus, "2024-05-31")
    assert mentions(before["due"], DIGITAL_ROUND_1) == [f"• 31/05/2024 (còn 0 ngày): kết thúc {DIGITAL_ROUND_1}; chưa có gương nào được vinh danh."]
    assert before["overdue"] == []
    after = status(corpus, "2024-06-01")
    assert after["overdue"] == [f"✗ {DIGITAL_ROUND_1} đã kết thúc mà chưa có gương nào được vinh danh."]
    assert status(corpus, "2024-07-02")["overdue"] == []  # a month on: no longer a warning
    round_1 = status(corpus, "2024-06-29")
    assert mentions(round_1["due"], "Đợt I – Phong trào thi đua lập thành tích năm 2024") == [
        "• 30/06/2024 (còn 1 ngày): kết thúc Đợt I – Phong trào thi đua lập thành tích năm 2024 (01/01/2024–30/06/2024); đã vinh danh 3: Trần Thị Hoa, Lê Văn Đức, Trạm Y tế xã Mỹ Chánh."
    ]


def validate(root: Path, today: str) -> tuple[int, list[tuple]]:
    code, out, _ = run(root, "validate", "--format", "json", "--today", today)
    return code, [(d["path"], d["line"], d["code"], d["severity"]) for d in json.loads(out)["diagnostics"]]


def test_validate_warns_on_the_day_after_a_deadline_never_before(corpus):
    assert validate(corpus, "2024-04-20") == (0, [])
    assert validate(corpus, "2024-04-21") == (0, [("content/site.yml", CALENDAR_LINES["monthly-exemplar"], "W820", "warning")])
    assert validate(corpus, "2024-12-06") == (0, [("content/site.yml", CALENDAR_LINES["yearly-list"], "W820", "warning")])
    assert validate(corpus, "2024-06-01") == (0, [("content/campaigns/chuyen-doi-so-2024.md", 0, "W821", "warning")])


def test_the_build_warns_the_same_and_still_builds(corpus):
    from vinhdanh.section import prepare

    late = prepare(corpus, dt.date(2024, 4, 21))
    assert [(w.code, w.severity) for w in late.warnings] == [("W820", "warning")]
    assert "đã quá hạn 20/04/2024" in late.warnings[0].text()
    assert prepare(corpus, dt.date(2024, 4, 20)).warnings == []


def test_a_story_proposed_for_the_month_answers_the_months_exemplar(tmp_path):
    """A candidate proposed for April (not published: the plans send the month's one
    exemplar before it is written up) meets the 20/04 deadline; status says it was a proposal."""
    root = write_corpus(tmp_path / "p")
    story = root / "content/exemplars/2024/vo-thi-thu/index.md"
    story.parent.mkdir(parents=True)
    story.write_text(
        "---\ntitle: Gương sáng Võ Thị Thu\nkind: individual\nname: Võ Thị Thu\nunit: ksbt\ndate: 2024-04-12\n"
        "summary: Nữ hộ sinh đi từng thôn tiêm chủng cho trẻ.\nproposal:\n  by: Khoa Kiểm soát bệnh tật\n  level: nganh\n  month: 2024-04\n"
        "status: candidate\n---\n\nĐang bồi dưỡng.\n",
        encoding="utf-8",
    )
    before = status(root, "2024-04-20")
    assert mentions(before["due"], MONTHLY)[0].endswith("Đã có: Võ Thị Thu (đề xuất tháng 04/2024, Khoa Kiểm soát bệnh tật).")
    after = status(root, "2024-04-21")
    assert after["overdue"] == [] and not mentions(after["missing"], "năm 2024: 04")
    # a proposal for another month does not count for April
    story.write_text(story.read_text(encoding="utf-8").replace("month: 2024-04", "month: 2024-05"), encoding="utf-8")
    assert len(mentions(status(root, "2024-04-21")["overdue"], MONTHLY)) == 1


@pytest.mark.parametrize("today", ["2024-02-21", "2024-04-20", "2024-04-21", "2024-07-01", "2024-12-31"])
def test_the_months_without_an_exemplar_are_those_months_exemplar_finds_empty(corpus, today):
    """The year's months looked at once for all (not one scan of the stories per month): the same months."""
    import dataclasses

    from vinhdanh.content.candidates import Proposal
    from vinhdanh.content.reader import load
    from vinhdanh.derive.deadlines import calendar_of, on_day
    from vinhdanh.status import check, months_exemplar

    day = dt.date.fromisoformat(today)
    content = load(corpus, day).content
    assert content is not None

    # Every third story proposed for a month but April (April has no public story); the withdrawn one
    # for April, where it must not count. Both rules of a month are at work.
    def month(i: int, e) -> int:
        return 4 if e.status == "withdrawn" else 5 if i % 12 + 1 == 4 else i % 12 + 1

    proposed = [dataclasses.replace(e, proposal=Proposal("Khoa", "co-so", day.year, month(i, e))) if i % 3 == 0 or e.status == "withdrawn" else e for i, e in enumerate(content.exemplars)]
    content = dataclasses.replace(content, exemplars=tuple(proposed))
    assert any(e.proposal and e.status == "withdrawn" for e in content.exemplars)
    deadline = next(d for d in calendar_of(content.site) if d.due == "monthly-exemplar")
    current = on_day(day.year, day.month, deadline.day)
    months = range(1, day.month + (0 if day <= current else 1))
    expected = [f"{m:02d}" for m in months if not months_exemplar(content, deadline, on_day(day.year, m, deadline.day))]
    missing = [f.text for f in check(content, day).missing if f.text.startswith("Tháng chưa có gương")]
    assert expected != [f"{m:02d}" for m in months]  # some months answered
    assert missing == ([f"Tháng chưa có gương điển hình (đề xuất trong tháng, hay đăng trước hạn) năm {day.year}: " + ", ".join(expected) + "."] if expected else [])
