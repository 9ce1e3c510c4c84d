"""`vinhdanh report period`: a half-year and a year of the plans' corpus (plancorpus.py),
every count checked against the corpus counted here, independently of vinhdanh.

The HTML is parsed (its tables and inline SVG charts), the XLSX read with openpyxl and
the DOCX with python-docx; the page is opened in Chromium at phone and desktop widths
(screenshots in test-artifacts/period/) and must make no request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections import Counter
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pytest
from PIL import Image
from plancorpus import STORIES, UNITS, expected, write_corpus

from vinhdanh.cli import main
from vinhdanh.content.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "period"
TODAY = "2024-12-12"  # the year report's day: Trương Thị Yến is still scheduled (28/12)
H1 = ("2024-01-01", "2024-06-30")
YEAR = ("2024-01-01", "2024-12-31")
DEPARTMENT_KINDS = ("khoa", "phong", "trung-tam", "tram")  # the plans' "khoa, phòng": not the union
VOCABULARY = Vocabulary.builtin()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("phu-my"))


def report(root: Path, out: Path, first: str, last: str, today: str = TODAY) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = main(["--root", str(root), "report", "period", "--from", first, "--to", last, "--today", today, "-o", str(out)])
    return status, err.getvalue()


def html_tables(path: Path) -> dict[str, list[list[str]]]:
    """{section heading: body rows as cell texts} of the report page."""
    tree = lxml.html.fromstring(path.read_bytes())
    out = {}
    for heading in tree.iter("h2"):
        table = heading.getnext()
        out[heading.text_content().split(". ", 1)[1]] = [[td.text_content().strip() for td in tr.iter("td")] for tr in table.iter("tr") if tr.find("td") is not None]
    return out


def kinds(stories) -> list[str]:
    count = Counter(s.kind for s in stories)
    return [str(count["collective"]), str(count["individual"]), str(len(stories))]


def check_counts(path: Path, first: str, last: str) -> None:
    want = expected(dt.date.fromisoformat(first), dt.date.fromisoformat(last), dt.date.fromisoformat(TODAY))
    tables = html_tables(path)

    by_unit = {row[1]: row[2:] for row in tables["THEO KHOA, PHÒNG"]}
    for uid, (name, kind) in UNITS.items():
        mine = [s for s in want.exemplars if s.unit == uid]
        if kind in DEPARTMENT_KINDS or mine:
            assert by_unit.pop(name) == kinds(mine), name
    assert by_unit == {}

    by_field = {row[1]: row[2:] for row in tables["THEO LĨNH VỰC"]}
    fields = {f for s in want.exemplars for f in s.fields}
    assert by_field == {VOCABULARY.fields[f].name: kinds([s for s in want.exemplars if f in s.fields]) for f in fields}

    by_award = {row[1]: row[2:] for row in tables["THEO DANH HIỆU, HÌNH THỨC KHEN THƯỞNG"]}
    titles = {a.title for _, a in want.awards}
    assert by_award == {VOCABULARY.awards[t].name: kinds([s for s, a in want.awards if a.title == t]) for t in titles}

    silent = [row[1] for row in tables["KHOA, PHÒNG CHƯA CÓ GƯƠNG ĐIỂN HÌNH"]]
    covered = {s.unit for s in want.exemplars}
    assert silent == [name for uid, (name, kind) in UNITS.items() if kind in DEPARTMENT_KINDS and uid not in covered]

    text = lxml.html.fromstring(path.read_bytes()).text_content()
    count = Counter(s.kind for s in want.exemplars)
    assert f"Tổng số: {len(want.exemplars)} gương điển hình ({count['collective']} tập thể, {count['individual']} cá nhân); {len(want.awards)} lượt khen thưởng." in text
    departments = [uid for uid, (_, kind) in UNITS.items() if kind in DEPARTMENT_KINDS]
    assert f"Khoa, phòng có gương điển hình: {len(covered & set(departments))}/{len(departments)}" in text
    private = [s.name for s in STORIES if not s.public(dt.date.fromisoformat(TODAY))]
    assert private and not any(name in text for name in private)


def test_the_half_year_report_counts_what_the_corpus_holds(corpus, tmp_path):
    out = tmp_path / "6-thang.html"
    assert report(corpus, out, *H1) == (0, "")
    check_counts(out, *H1)
    # By hand too, for the reader: six exemplars, one of them (Bùi Thanh Sơn) by his award of 12/03/2024.
    by_unit = {row[1]: row[2:] for row in html_tables(out)["THEO KHOA, PHÒNG"]}
    assert by_unit["Khoa Hồi sức cấp cứu"] == ["1", "1", "2"] and by_unit["Phòng Tổ chức - Hành chính"] == ["0", "0", "0"]


def test_the_year_report_counts_what_the_corpus_holds(corpus, tmp_path):
    out = tmp_path / "nam.html"
    assert report(corpus, out, *YEAR) == (0, "")
    check_counts(out, *YEAR)
    years = html_tables(out)["THEO NĂM"]
    want = expected(dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date.fromisoformat(TODAY))
    assert years == [["2024", *kinds(want.exemplars), str(len(want.awards))]]


def test_campaign_quotas_against_the_exemplars_honoured(corpus, tmp_path):
    out = tmp_path / "nam.html"
    report(corpus, out, *YEAR)
    rows = {row[0]: row[1:] for row in html_tables(out)["PHONG TRÀO THI ĐUA: CHỈ TIÊU KHEN THƯỞNG"]}
    today = dt.date.fromisoformat(TODAY)
    honoured = [s for s in STORIES if "thi-dua-2024" in s.campaigns and s.public(today)]
    count = Counter(s.kind for s in honoured)
    assert count == {"individual": 4, "collective": 1}  # quota 2 and 6
    assert rows["Phong trào thi đua lập thành tích năm 2024"] == [
        "01/01/2024 – 31/12/2024",
        "Tập thể: 2; Cá nhân: 6",
        f"Tập thể: {count['collective']}; Cá nhân: {count['individual']}",
        "Tập thể: còn 1; Cá nhân: còn 2",
    ]
    assert rows["Phong trào thi đua chuyển đổi số y tế năm 2024"][1:] == ["Cá nhân: 1", "Tập thể: 0; Cá nhân: 1", "Cá nhân: đạt chỉ tiêu"]


def test_charts_are_inline_svg_with_the_table_counts(corpus, tmp_path):
    out = tmp_path / "6-thang.html"
    report(corpus, out, *H1)
    page = out.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page.encode())
    svgs = tree.xpath("//figure[@class='chart']/svg")
    assert len(svgs) == 3  # units, fields, awards (one year: no year chart)
    units = svgs[0]
    assert units.get("role") == "img" and units.find("title").text == "Số gương điển hình theo khoa, phòng"
    table = {row[1]: row[4] for row in html_tables(out)["THEO KHOA, PHÒNG"]}
    labels = [t.text for t in units.iter("text")][1:]
    # Each bar: its label, then its number (a long label may wrap over two lines).
    assert [v for v in labels if v.isdigit()] == list(table.values())
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page


def test_xlsx_holds_the_same_counts_as_numbers_and_no_formula(corpus, tmp_path):
    root = write_corpus(tmp_path / "project")
    units = root / "content" / "units.yml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: Khoa Khám bệnh", 'name: "=HYPERLINK(\\"http://x.example\\")"'), encoding="utf-8")
    out = tmp_path / "6-thang.xlsx"
    assert report(root, out, *H1) == (0, "")
    sheet = openpyxl.load_workbook(out).active
    rows = [list(row) for row in sheet.iter_rows()]
    evil = next(c for row in rows for c in row if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert evil.data_type == "s"
    start = next(i for i, row in enumerate(rows) if row[0].value == "I. THEO KHOA, PHÒNG")
    body = rows[start + 2 : next(i for i in range(start + 2, len(rows)) if rows[i][0].value is None)]
    by_unit = {row[1].value: [c.value for c in row[2:5]] for row in body}
    assert len(by_unit) == 8 and all(type(n) is int for counts in by_unit.values() for n in counts)  # numbers, not text
    want = expected(dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date.fromisoformat(TODAY))
    assert by_unit["Khoa Hồi sức cấp cứu"] == [int(n) for n in kinds([s for s in want.exemplars if s.unit == "hscc"])]


def test_docx_shows_the_charts_as_pictures(corpus, tmp_path):
    out = tmp_path / "6-thang.docx"
    assert report(corpus, out, *H1) == (0, "")
    document = docx.Document(str(out))
    pictures = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(pictures) == 3
    for blob in pictures:
        with Image.open(io.BytesIO(blob)) as image:
            assert image.format == "PNG" and image.width >= 1000  # sharp when printed 110 mm wide
    widths = [shape.width for shape in document.inline_shapes]
    assert all(0 < w <= docx.shared.Mm(110) for w in widths)
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Phòng Tổ chức - Hành chính" in text and "Ngô Thị Mai" not in text


@pytest.mark.parametrize(("first", "last", "words"), [("2024-06-30", "2024-01-01", "phải bằng hoặc sau ngày đầu"), ("2010-01-01", "2024-12-31", "dài hơn 10 năm")])
def test_a_wrong_range_is_refused_in_vietnamese(corpus, tmp_path, first, last, words):
    out = tmp_path / "x.html"
    status, err = report(corpus, out, first, last)
    assert status == 2 and words in err and not out.exists()


@pytest.mark.browser
def test_the_report_in_a_browser_at_phone_and_desktop_width(corpus, tmp_path, browser):
    out = tmp_path / "nam.html"
    report(corpus, out, "2023-07-01", "2024-12-31")  # two years: the year chart too
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page = browser.new_page(viewport={"width": width, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(out.as_uri())
        assert requests == [out.as_uri()]  # no font, script or image from anywhere
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        charts = page.locator("figure.chart svg")
        assert charts.count() == 4
        # The smallest chart text as rendered stays readable on a phone.
        smallest = page.evaluate("Math.min(...[...document.querySelectorAll('figure.chart svg text')].map(t => t.getBoundingClientRect().height))")
        assert smallest >= 10, smallest
        page.screenshot(path=str(SHOTS / f"period-{width}.png"), full_page=True)
        charts.first.screenshot(path=str(SHOTS / f"period-{width}-chart.png"))
        page.close()


def test_the_page_with_its_charts_is_valid_html(corpus, tmp_path):
    from browser import vnu_available, vnu_check

    if not vnu_available():
        pytest.skip("the Nu Html Checker needs java and node_modules/vnu-jar")
    out = tmp_path / "nam.html"
    report(corpus, out, "2023-07-01", "2024-12-31")
    assert vnu_check([out]) == []
