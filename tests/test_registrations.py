"""Registrations (content/registrations/): the years to come beside the awards already won."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import lxml.html
from conftest import TODAY, Project

from vinhdanh.cli import main
from vinhdanh.content.reader import load

DAY = dt.date.fromisoformat(TODAY)

# The plans' form (seeds/000): "Phòng A… TTLĐTT – TTLĐXS – Bằng khen UBND Tỉnh" per year.
COLLECTIVE_PATH = "content/registrations/2026-2030/khoa-hstc.yml"
COLLECTIVE = """\
kind: collective
name: Khoa Hồi sức tích cực - Chống độc
unit: hstc
period: 2026-2030
date: 2026-01-15
aims:
  - {year: 2026, title: tap-the-lao-dong-tien-tien}
  - {year: 2026, title: tap-the-lao-dong-xuat-sac}
  - {year: 2027, title: bang-khen-ubnd-tinh}
campaigns: [thi-dua-2025]
initiatives: [Bảng kiểm bàn giao người bệnh nặng]
models: [Mô hình “Mỗi ca trực một lời cảm ơn”]
pact: Giao ước thi đua ngày 15/01/2026 giữa các khoa khối Hồi sức
"""

# "Nguyễn Văn A… Trưởng phòng — LĐTT – CSTĐ cơ sở – Giấy khen Sở Y tế – Bằng khen UBND tỉnh".
PERSON_PATH = "content/registrations/2026-2030/nguyen-thi-lan.yml"
PERSON = """\
kind: individual
name: nguyễn thị lan
position: Điều dưỡng trưởng khoa
unit: hstc
period: 2026-2030
aims:
  - {year: 2026, title: lao-dong-tien-tien}
  - {year: 2026, title: chien-si-thi-dua-co-so}
  - {year: 2027, title: chien-si-thi-dua-co-so}
  - {year: 2028, title: chien-si-thi-dua-cap-tinh}
"""


def _with_registrations(project: Project) -> None:
    project.write(COLLECTIVE_PATH, COLLECTIVE)
    project.write(PERSON_PATH, PERSON)


def test_registrations_are_read_and_linked_to_the_story_of_the_same_person(project: Project) -> None:
    _with_registrations(project)
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report
    content = load(project.root, DAY).content
    by_slug = {r.slug: r for r in content.registrations}
    lan = by_slug["nguyen-thi-lan"]
    assert lan.name == "Nguyễn Thị Lan" and (lan.first, lan.last) == (2026, 2030)
    assert lan.exemplar is not None and lan.exemplar.slug == "nguyen-thi-lan"  # same kind, name and unit
    assert [(a.year, a.title.id) for a in lan.aims] == [(2026, "chien-si-thi-dua-co-so"), (2026, "lao-dong-tien-tien"), (2027, "chien-si-thi-dua-co-so"), (2028, "chien-si-thi-dua-cap-tinh")]
    khoa = by_slug["khoa-hstc"]
    assert khoa.campaigns == ("thi-dua-2025",) and khoa.pact.startswith("Giao ước") and khoa.exemplar is None
    assert content.public(DAY).registrations == ()  # internal forms: no output can reach them


def _rows(project: Project, period: str) -> dict[str, list[str]]:
    out = project.root / "dang-ky.html"
    assert main(["--root", str(project.root), "report", "registration", "--period", period, "--output", str(out), "--today", TODAY]) == 0
    table = lxml.html.parse(str(out)).getroot().find(".//table[@class='data']")
    head = [th.text_content() for th in table.findall("./thead/tr")[0].findall("th")]
    assert "Thành tích đạt được và đăng ký (ĐK) qua các năm" in head
    rows = [[td.text_content() for td in tr.findall("td")] for tr in table.findall("./tbody/tr")]
    return {r[1]: r for r in rows if len(r) > 1}


def test_registration_report_shows_the_years_to_come_beside_the_awards_won(project: Project) -> None:
    _with_registrations(project)
    rows = _rows(project, "2024-2028")
    lan = rows["Nguyễn Thị Lan"]
    # STT, name, position, unit, 2024 … 2028, note
    assert lan[4:9] == ["CSTĐCS", "", "ĐK: CSTĐCS – LĐTT", "ĐK: CSTĐCS", "ĐK: CSTĐ cấp tỉnh"]
    assert "2028: CSTĐ cấp tỉnh: chưa đủ điều kiện (cần 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở" in lan[9]
    assert "mới có 1 (2024)" in lan[9]
    assert "2026: CSTĐCS" not in lan[9]  # a same-year condition is judged at the year's end, not planned for
    khoa = rows["Khoa Hồi sức tích cực - Chống độc"]
    assert khoa[4:9] == ["", "", "ĐK: TTLĐXS – TTLĐTT", "ĐK: BK UBND tỉnh", ""]
    for words in ("Phong trào: Phong trào thi đua", "Sáng kiến: Bảng kiểm bàn giao người bệnh nặng", "Mô hình: Mô hình “Mỗi ca trực", "Giao ước: Giao ước thi đua ngày 15/01/2026"):
        assert words in khoa[9]
    assert len([name for name in rows if name == "Nguyễn Thị Lan"]) == 1  # the story and the registration share a row


def test_an_aim_already_won_is_shown_as_won_and_a_registration_outside_the_period_is_left_out(project: Project) -> None:
    _with_registrations(project)
    project.write("content/registrations/2031-2035/khoa-nhi.yml", "kind: collective\nname: Khoa Nhi\nunit: nhi\nperiod: 2031-2035\n")
    project.edit(PERSON_PATH, "period: 2026-2030\n", "period: 2024-2030\n")
    project.edit(PERSON_PATH, "aims:\n", "aims:\n  - {year: 2024, title: chien-si-thi-dua-co-so}\n  - {year: 2025, title: giay-khen}\n")
    rows = _rows(project, "2024-2026")
    assert rows["Nguyễn Thị Lan"][4:6] == ["CSTĐCS", "ĐK: GK"]  # 2024 won as registered; 2025 registered, not won
    assert "Khoa Nhi" not in rows


def _codes(project: Project) -> list[tuple[str, int, str]]:
    status, report = project.validate()
    assert status == 1
    return [(d["code"], d["line"], d["field"]) for d in report["diagnostics"]]


def test_registration_errors_name_file_line_and_key(project: Project) -> None:
    _with_registrations(project)
    project.edit(
        PERSON_PATH,
        "  - {year: 2028, title: chien-si-thi-dua-cap-tinh}\n",
        "  - {year: 2031, title: chien-si-thi-dua-cap-tinh}\n  - {year: 2029, title: tap-the-lao-dong-xuat-sac}\nexemplar: nguyen-thi-lann\nsumary: x\n",
    )
    found = _codes(project)
    assert ("E331", 10, "aims.year") in found  # 2031 is outside 2026-2030
    assert ("E304", 11, "aims.title") in found  # a collective's title for a person
    assert ("E332", 12, "exemplar") in found
    assert ("E202", 13, "sumary") in found


def test_a_registration_without_a_period_or_with_a_reversed_one_is_an_error(project: Project, tmp_path: Path) -> None:
    project.write(COLLECTIVE_PATH, COLLECTIVE.replace("period: 2026-2030\n", "period: 2030-2026\n"))
    assert ("E331", 4, "period") in _codes(project)
    project.write(COLLECTIVE_PATH, COLLECTIVE.replace("period: 2026-2030\n", ""))
    assert ("E201", 1, "period") in _codes(project)


def test_the_editor_offers_the_registration_form_and_saves_only_a_valid_one(tmp_path: Path) -> None:
    """`vinhdanh edit`: the form comes from schema.REGISTRATION; a save goes through the validator."""
    from editing import call, running_editor, sample_copy

    root = sample_copy(tmp_path / "site")
    rel = "content/registrations/2026-2030/khoa-nhi.yml"
    with running_editor(root) as editor:
        form = next(c for c in editor.config()["collections"] if c["name"] == "registrations")
        assert [f["name"] for f in form["fields"]][:5] == ["kind", "name", "position", "unit", "period"]
        bad = "kind: collective\nname: Khoa Nhi\nunit: nhi\nperiod: 2026-2030\naims:\n  - year: 2031\n    title: tap-the-lao-dong-xuat-sac\n"
        status, body = call(editor, "persistEntry", dataFiles=[{"slug": "khoa-nhi", "path": rel, "raw": bad}], assets=[], options={})
        assert status == 422 and [(d["code"], d["line"]) for d in body["diagnostics"]] == [("E331", 6)], body
        assert not (root / rel).exists()
        good = bad.replace("year: 2031", "year: 2027")
        status, body = call(editor, "persistEntry", dataFiles=[{"slug": "khoa-nhi", "path": rel, "raw": good}], assets=[], options={})
        assert status == 200, body
        status, entries = call(editor, "entriesByFolder", folder="content/registrations", extension="yml", depth=100)
        assert status == 200 and [e["file"]["path"] for e in entries] == [rel]
    [registration] = load(root, DAY).content.registrations
    assert [(a.year, a.title.id) for a in registration.aims] == [(2027, "tap-the-lao-dong-xuat-sac")]
