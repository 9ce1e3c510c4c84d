"""Reports to the Department of Health (.xlsx, .docx, .html) and notice-board posters.

Everything runs through `vinhdanh.cli.main`, as a user would. Expectations about the
sample content are computed here from the Markdown files themselves (front matter
read with PyYAML); the Vietnamese order is checked by hand on a small synthetic
corpus whose names a naive sort gets wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import html5lib
import openpyxl
import pytest
import yaml
import zxingcpp
from PIL import Image

from vinhdanh.cli import main
from vinhdanh.content.text import collation_key, name_order_key

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
TODAY_DATE = dt.date(2026, 11, 25)
BASE_URL = "https://benhvien-songhau.example.vn/"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
# Not public on TODAY: draft, review, withdrawn, scheduled for 2027-01-15.
PRIVATE = {
    "nguyen-van-hung": "Nguyễn Văn Hùng",
    "dang-thi-my-linh": "Đặng Thị Mỹ Linh",
    "truong-cong-danh": "Trương Công Danh",
    "huynh-ngoc-anh-thu": "Huỳnh Ngọc Anh Thư",
}
SAMPLE_REPORTS = {
    "monthly-2025-12": ["monthly", "--month", "2025-12"],  # nguyen-van-hung (draft) is dated 2025-12
    "monthly-2026-11": ["monthly", "--month", "2026-11"],  # only dang-thi-my-linh (review): empty
    "yearly-2026": ["yearly", "--year", "2026"],
    "yearly-2024": ["yearly", "--year", "2024"],  # truong-cong-danh (withdrawn) is dated 2024
    "registration": ["registration", "--period", "2021-2025"],
    "campaign": ["campaign", "thay-thuoc-nhu-me-hien-2026"],  # honours the review and scheduled stories too
}
FORMATS = ("xlsx", "docx", "html")


def run(*argv: str) -> int:
    return main(["--root", str(ROOT), *argv])


# -- reading the outputs ------------------------------------------------------


def xlsx_rows(path: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(path).active
    return [tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)]


def xlsx_table(path: Path) -> list[tuple]:
    """The main table's body: from below its header to the first empty row."""
    rows = xlsx_rows(path)
    start = next(i for i, r in enumerate(rows) if r[0] == "STT")
    while rows[start + 1][0] == "" and any(rows[start + 1]):  # a second header row
        start += 1
    body = []
    for row in rows[start + 1 :]:
        if not any(row):
            break
        body.append(row)
    return body


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def html_tree(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def text_of(path: Path) -> str:
    if path.suffix == ".xlsx":
        return "\n".join(" ".join(r) for r in xlsx_rows(path))
    if path.suffix == ".docx":
        return docx_text(path)
    return "".join(html_tree(path).itertext())


def names_in(rows: list[tuple]) -> list[str]:
    return [r[1] for r in rows if r[0].isdigit()]


def groups_in(rows: list[tuple]) -> list[str]:
    return [r[0] for r in rows if not r[0].isdigit()]


# -- the sample content, read independently -------------------------------------


def sample_stories() -> list[dict]:
    stories = []
    for path in sorted((ROOT / "content" / "exemplars").rglob("*.md")):
        front = path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n")
        meta = yaml.safe_load(front)
        meta["slug"] = path.parent.name if path.name == "index.md" else path.stem
        if meta["kind"] == "individual":
            meta["name"] = " ".join(w[:1].upper() + w[1:].lower() for w in meta["name"].split())
        stories.append(meta)
    return stories


def public_stories() -> list[dict]:
    return [s for s in sample_stories() if s["status"] == "published" and s["date"] <= TODAY_DATE]


def expected_groups(stories: list[dict]) -> list[str]:
    """Names as the grouped reports list them: collectives, then individuals."""
    collectives = sorted((s["name"] for s in stories if s["kind"] == "collective"), key=collation_key)
    individuals = sorted((s["name"] for s in stories if s["kind"] == "individual"), key=name_order_key)
    return collectives + individuals


def in_years(story: dict, first: int, last: int) -> bool:
    return first <= story["date"].year <= last or any(first <= a["year"] <= last for a in story.get("awards", []))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every sample report in every format, built once."""
    out = tmp_path_factory.mktemp("reports")
    paths = {}
    for name, argv in SAMPLE_REPORTS.items():
        for fmt in FORMATS:
            path = out / f"{name}.{fmt}"
            assert run("report", *argv, "--output", str(path), "--today", TODAY) == 0
            paths[name, fmt] = path
    return paths


# -- sample content -------------------------------------------------------------


def test_sample_state_is_what_these_tests_assume():
    stories = {s["slug"]: s for s in sample_stories()}
    assert stories["nguyen-van-hung"]["status"] == "draft"
    assert stories["dang-thi-my-linh"]["status"] == "review"
    assert stories["truong-cong-danh"]["status"] == "withdrawn"
    assert stories["huynh-ngoc-anh-thu"]["date"] > TODAY_DATE


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SAMPLE_REPORTS)
def test_private_stories_never_appear(sample, name, fmt):
    text = text_of(sample[name, fmt])
    for slug, person in PRIVATE.items():
        assert person not in text
        assert f"/{slug}/" not in text
    assert MOTTO in text and COUNTRY in text


def test_xlsx_yearly_rows_match_the_content(sample):
    path = sample["yearly-2026", "xlsx"]
    rows = xlsx_rows(path)
    assert rows[0][0] == "SỞ Y TẾ THÀNH PHỐ CẦN THƠ"
    assert rows[1][0] == "BỆNH VIỆN ĐA KHOA SÔNG HẬU"
    assert COUNTRY in rows[0] and MOTTO in rows[1]
    assert any("Cần Thơ, ngày 25 tháng 11 năm 2026" in r for r in rows)
    assert tuple(c for c in rows[5] if c) == ("DANH SÁCH",)
    assert any("Tập thể, cá nhân điển hình tiên tiến năm 2026" in r for r in rows)

    chosen = [s for s in public_stories() if in_years(s, 2026, 2026)]
    table = xlsx_table(path)
    assert names_in(table) == expected_groups(chosen)
    assert groups_in(table) == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    by_name = {r[1]: r for r in table if r[0].isdigit()}
    khoa = by_name["Trần Minh Khoa"]
    assert khoa[5] == "TTƯT (2025); BK BYT (2024); CSTĐ cấp tỉnh (2023)"
    assert khoa[6] == BASE_URL + "guong-dien-hinh/tran-minh-khoa/"
    assert [r[0] for r in table if r[0].isdigit()] == ["1", "2", "1", "2", "3"]  # STT restarts per group


def test_xlsx_layout(sample):
    sheet = openpyxl.load_workbook(sample["registration", "xlsx"]).active
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    header = next(r for r in range(1, 30) if sheet.cell(r, 1).value == "STT")
    assert sheet.freeze_panes == f"A{header + 2}"  # below the two header rows
    assert sheet.cell(header, 1).font.b and sheet.cell(header, 1).border.left.style == "thin"
    assert sheet.cell(1, 1).font.b is not True and sheet.cell(2, 1).font.b and sheet.cell(2, 1).font.u
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"E{header}:I{header}" in merged  # "Thành tích đạt được qua các năm" over 2021..2025
    assert [sheet.cell(header + 1, c).value for c in range(5, 10)] == ["2021", "2022", "2023", "2024", "2025"]
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_docx_registration(sample):
    document = docx.Document(str(sample["registration", "docx"]))
    section = document.sections[0]
    assert {round(section.page_width.mm), round(section.page_height.mm)} == {210, 297}
    head = document.tables[0]
    left, right = (cell.text.split("\n") for cell in head.rows[0].cells)
    assert left == ["SỞ Y TẾ THÀNH PHỐ CẦN THƠ", "BỆNH VIỆN ĐA KHOA SÔNG HẬU"]
    assert right == [COUNTRY, MOTTO]
    organisation = head.rows[0].cells[0].paragraphs[1].runs[0]
    assert organisation.bold and organisation.underline
    place = next(p for p in document.paragraphs if p.text.startswith("Cần Thơ, "))
    assert place.text == "Cần Thơ, ngày 25 tháng 11 năm 2026" and place.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert "DANH SÁCH" in texts
    assert "Đăng ký xây dựng, bồi dưỡng và nhân rộng gương điển hình tiên tiến giai đoạn 2021 - 2025" in texts

    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells][:4] == ["STT", "Tập thể, cá nhân đăng ký", "Chức vụ", "Đơn vị"]
    assert [c.text for c in table.rows[1].cells][4:9] == ["2021", "2022", "2023", "2024", "2025"]
    rows = [tuple(c.text for c in row.cells) for row in table.rows[2:]]
    chosen = [s for s in public_stories() if in_years(s, 2021, 2025)]
    assert names_in(rows) == expected_groups(chosen)
    lan = next(r for r in rows if r[1] == "Nguyễn Thị Lan")
    assert lan[4:9] == ("", "", "LĐTT", "CSTĐCS", "BK UBND tỉnh – Sáng kiến được công nhận cấp cơ sở")

    signature = document.tables[-1].rows[0].cells
    assert "Nơi nhận:" in signature[0].text
    assert signature[1].text.split("\n")[0] == "GIÁM ĐỐC" and signature[1].text.endswith("Trịnh Hoàng Phúc")


def test_html_is_self_contained_and_holds_the_table(sample):
    path = sample["campaign", "html"]
    source = path.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(source)  # raises on any parse error
    tree = html_tree(path)
    assert tree.get("lang") == "vi"
    assert "@page" in source and "A4" in source and "@media print" in source
    assert not tree.findall(".//link") and not tree.findall(".//script") and not tree.findall(".//img")
    assert "url(" not in source and "@import" not in source and " src=" not in source
    tables = [t for t in tree.iter("table") if "data" in t.get("class", "").split()]
    assert len(tables) == 2
    rows = [tuple("".join(td.itertext()) for td in tr.findall("td")) for tr in tables[0].findall("./tbody/tr")]
    rows = [r + ("",) * (2 - len(r)) for r in rows]
    chosen = [s for s in public_stories() if "thay-thuoc-nhu-me-hien-2026" in s.get("campaigns", [])]
    assert names_in(rows) == expected_groups(chosen)
    counts = [tuple(td.text for td in tr.findall("td")) for tr in tables[1].findall("./tbody/tr")]
    individuals = sum(s["kind"] == "individual" for s in chosen)
    assert counts == [("Tập thể", "3", "2", "Còn 1"), ("Cá nhân", "10", str(individuals), f"Còn {10 - individuals}")]
    links = [a.get("href") for a in tables[0].iter("a")]
    assert BASE_URL + "guong-dien-hinh/tran-minh-khoa/" in links


def test_monthly_lists_only_that_months_public_stories(sample):
    table = xlsx_table(sample["monthly-2025-12", "xlsx"])
    assert names_in(table) == ["Lê Thị Hồng Nhung"]  # the draft of 2025-12 is left out
    empty = xlsx_table(sample["monthly-2026-11", "xlsx"])
    assert len(empty) == 1 and "Không có gương điển hình" in empty[0][0]
    assert any("tháng 11 năm 2026" in c for r in xlsx_rows(sample["monthly-2026-11", "xlsx"]) for c in r)


# -- synthetic content: Vietnamese order and selection --------------------------


SITE = {
    "name": "Bệnh viện Thử nghiệm",
    "short_name": "BVTN",
    "parent": "Sở Y tế tỉnh Thử",
    "base_url": "https://bv.example.vn/",
    "locality": "Thử",
    "signer": {"title": "GIÁM ĐỐC", "name": "Phan Văn Ký"},
}
UNITS = [{"id": "k1", "name": "Khoa Một", "kind": "khoa"}]


def story(root: Path, slug: str, name: str, kind: str = "individual", date: str = "2026-03-10", body: str = "Nội dung.", **extra) -> None:
    meta = {
        "title": f"Câu chuyện về {name}",
        "kind": kind,
        "name": name,
        "unit": "k1",
        "date": dt.date.fromisoformat(date),
        "summary": f"Thành tích của {name}.",
        "status": "published",
        **({"consent": True} if kind == "individual" else {}),
        **extra,
    }
    path = root / "content" / "exemplars" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n", encoding="utf-8")


def project(root: Path) -> Path:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "content" / "site.yml").write_text(yaml.safe_dump(SITE, allow_unicode=True), encoding="utf-8")
    (root / "content" / "units.yml").write_text(yaml.safe_dump(UNITS, allow_unicode=True), encoding="utf-8")
    return root


INDIVIDUALS = ["Lê Đức Anh", "Đỗ Văn Đức", "Trần Thị Ánh", "Nguyễn Văn An", "Phạm Văn Dũng", "Bùi Ngọc Ánh", "hoàng văn an"]
# By given name, then middle names, then family name: An < Anh < Ánh, D < Đ.
INDIVIDUALS_ORDER = ["Hoàng Văn An", "Nguyễn Văn An", "Lê Đức Anh", "Bùi Ngọc Ánh", "Trần Thị Ánh", "Phạm Văn Dũng", "Đỗ Văn Đức"]
COLLECTIVES = ["Tổ Giám sát", "Tổ Điều phối", "Tổ Bảo vệ", "Tổ Ăn uống"]
COLLECTIVES_ORDER = ["Tổ Ăn uống", "Tổ Bảo vệ", "Tổ Điều phối", "Tổ Giám sát"]  # Ă after A, Đ after D


@pytest.fixture
def synthetic(tmp_path) -> Path:
    root = project(tmp_path / "project")
    for i, name in enumerate(INDIVIDUALS):
        story(root, f"ca-nhan-{i}", name, awards=[{"year": 2026, "title": "lao-dong-tien-tien"}])
    for i, name in enumerate(COLLECTIVES):
        story(root, f"tap-the-{i}", name, kind="collective")
    # Never public on 2026-11-25.
    story(root, "ban-nhap", "Âu Văn Nháp", status="draft", consent=None)
    story(root, "cho-duyet", "Âu Văn Duyệt", status="review", consent=None)
    story(root, "da-go", "Âu Văn Gỡ", status="withdrawn")
    story(root, "hen-gio", "Âu Văn Hẹn", date="2026-12-01")
    # Published in 2025 but honoured in 2026: in the 2026 list; honoured in 2025 only: not.
    story(
        root,
        "cu-khen-moi",
        "Vũ Thị Bình",
        date="2025-05-01",
        awards=[{"year": 2025, "title": "giay-khen"}, {"year": 2026, "title": "chien-si-thi-dua-co-so"}, {"year": 2026, "title": "lao-dong-tien-tien"}],
    )
    story(root, "cu", "Vũ Thị Cũ", date="2025-05-02", awards=[{"year": 2025, "title": "giay-khen"}])
    return root


def run_in(root: Path, *argv: str) -> int:
    return main(["--root", str(root), *argv, "--today", TODAY])


def test_yearly_order_by_hand(synthetic, tmp_path):
    out = tmp_path / "nam.xlsx"
    assert run_in(synthetic, "report", "yearly", "--year", "2026", "--output", str(out)) == 0
    table = xlsx_table(out)
    assert groups_in(table) == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    expected_individuals = [*INDIVIDUALS_ORDER[:5], "Vũ Thị Bình", *INDIVIDUALS_ORDER[5:]]  # Bình between Ánh and Dũng
    assert names_in(table) == COLLECTIVES_ORDER + expected_individuals
    binh = next(r for r in table if r[1] == "Vũ Thị Bình")
    assert binh[5] == "CSTĐCS (2026); LĐTT (2026); GK (2025)"


def test_registration_by_year_by_hand(synthetic, tmp_path):
    out = tmp_path / "dang-ky.html"
    assert run_in(synthetic, "report", "registration", "--period", "2025-2027", "--output", str(out)) == 0
    table = html_tree(out).find(".//table[@class='data']")
    head = [[th.text for th in tr.findall("th")] for tr in table.findall("./thead/tr")]
    assert head == [["STT", "Tập thể, cá nhân đăng ký", "Chức vụ", "Đơn vị", "Thành tích đạt được qua các năm", "Ghi chú"], ["2025", "2026", "2027"]]
    assert table.find("./thead/tr/th[5]").get("colspan") == "3"
    rows = [tuple(td.text or "" for td in tr.findall("td")) for tr in table.findall("./tbody/tr")]
    assert [r[0] for r in rows if len(r) == 1] == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    rows = {r[1]: r for r in rows if len(r) > 1}
    assert rows["Vũ Thị Bình"][4:7] == ("GK", "CSTĐCS – LĐTT", "")
    assert rows["Vũ Thị Cũ"][4:7] == ("GK", "", "")
    assert not any(name.startswith("Âu Văn") for name in rows)


def test_monthly_puts_featured_then_highest_award_first(tmp_path):
    root = project(tmp_path / "project")
    story(root, "a", "Nguyễn Văn An", awards=[{"year": 2026, "title": "lao-dong-tien-tien"}])
    story(root, "b", "Trần Thị Bé", awards=[{"year": 2025, "title": "thay-thuoc-uu-tu"}])
    story(root, "c", "Lê Văn Cường", featured=True, awards=[{"year": 2026, "title": "giay-khen"}])
    story(root, "d", "Phạm Thị Dung")
    story(root, "e", "Võ Văn Em", date="2026-04-01", awards=[{"year": 2026, "title": "anh-hung-lao-dong"}])
    story(root, "f", "Đỗ Văn Nháp", status="draft", consent=None, featured=True)
    out = tmp_path / "thang.docx"
    assert run_in(root, "report", "monthly", "--month", "2026-03", "--output", str(out)) == 0
    document = docx.Document(str(out))
    rows = [tuple(c.text for c in row.cells) for row in document.tables[1].rows[1:]]
    assert names_in(rows) == ["Lê Văn Cường", "Trần Thị Bé", "Nguyễn Văn An", "Phạm Thị Dung"]
    assert rows[0][6] == "https://bv.example.vn/guong-dien-hinh/c/"
    texts = [p.text for p in document.paragraphs]
    assert "Gương điển hình tiên tiến tiêu biểu tháng 3 năm 2026" in texts
    assert "Thử, ngày 25 tháng 11 năm 2026" in texts


# -- errors and file handling ---------------------------------------------------


def test_unknown_extension_is_refused(tmp_path, capsys):
    out = tmp_path / "bao-cao.pdf"
    assert run("report", "yearly", "--year", "2026", "--output", str(out), "--today", TODAY) == 2
    assert "không hỗ trợ định dạng tệp `.pdf`" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["monthly", "--month", "2026-13"], "tháng không hợp lệ"),
        (["yearly", "--year", "26"], "năm không hợp lệ"),
        (["registration", "--period", "2030-2026"], "năm kết thúc phải bằng hoặc sau"),
        (["campaign", "thay-thuoc-nhu-me-hien"], "Có phải bạn muốn viết `thay-thuoc-nhu-me-hien-2026`?"),
        (["campaign", "van-hoa-cong-so-2027"], "chưa công khai (bản nháp)"),
    ],
)
def test_bad_arguments_exit_2(tmp_path, capsys, argv, message):
    out = tmp_path / "x.html"
    assert run("report", *argv, "--output", str(out), "--today", TODAY) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_validation_errors_stop_the_report(tmp_path, capsys):
    root = project(tmp_path / "project")
    story(root, "sai", "Nguyễn Văn Sai", unit="khong-co")
    out = tmp_path / "nam.xlsx"
    assert run_in(root, "report", "yearly", "--year", "2026", "--output", str(out)) == 1
    err = capsys.readouterr().err
    assert "content/exemplars/sai.md" in err and "lỗi" in err
    assert not out.exists()


def test_output_is_replaced_atomically(tmp_path):
    out = tmp_path / "nam.html"
    out.write_text("cũ", encoding="utf-8")
    assert run("report", "yearly", "--year", "2026", "--output", str(out), "--today", TODAY) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["nam.html"]  # no temporary file left


# -- posters --------------------------------------------------------------------


def test_png_poster_is_a4_with_a_working_qr_code(tmp_path):
    out = tmp_path / "lan.png"
    assert run("poster", "nguyen-thi-lan", "--output", str(out), "--today", TODAY) == 0
    with Image.open(out) as image:
        assert image.size == (1240, 1754)
        assert "exif" not in image.info
        codes = zxingcpp.read_barcodes(image.convert("RGB"))
    assert [c.text for c in codes] == [BASE_URL + "guong-dien-hinh/nguyen-thi-lan/"]


def test_pdf_poster_has_an_a4_page(tmp_path):
    out = tmp_path / "khoa.pdf"
    assert run("poster", "tran-minh-khoa", "--output", str(out), "--today", TODAY) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    width, height = map(float, re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data).groups())
    assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1


def test_poster_turns_the_photo_upright_and_drops_its_metadata(tmp_path):
    root = project(tmp_path / "project")
    # Stored landscape, left half red, right half blue; EXIF says "rotate 90° clockwise":
    # upright it is portrait with red above blue.
    photo = Image.new("RGB", (1600, 800), (220, 0, 0))
    photo.paste((0, 0, 220), (800, 0, 1600, 800))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "MayAnhBiMat"  # camera make: must not reach the poster
    photo.save(root / "content" / "anh.jpg", exif=exif.tobytes(), quality=95)
    (root / "content" / "exemplars").mkdir(parents=True, exist_ok=True)
    story(root, "xoay", "Nguyễn Văn Xoay", photo="../anh.jpg", photo_alt="Ảnh thử", photo_focus=[0.5, 0.5])
    out = tmp_path / "xoay.png"
    assert run_in(root, "poster", "xoay", "--output", str(out)) == 0
    assert b"MayAnhBiMat" not in out.read_bytes()
    with Image.open(out) as image:
        column = [image.getpixel((400, y)) for y in range(300, 1100, 4)]
    reds = [i for i, (r, g, b) in enumerate(column) if r > 180 and b < 60]
    blues = [i for i, (r, g, b) in enumerate(column) if b > 180 and r < 60]
    assert reds and blues and max(reds) < min(blues)


@pytest.mark.parametrize(
    "slug, message",
    [
        ("nguyen-van-hung", "chưa công khai (bản nháp)"),
        ("dang-thi-my-linh", "chưa công khai (đang chờ duyệt)"),
        ("truong-cong-danh", "chưa công khai (đã gỡ)"),
        ("huynh-ngoc-anh-thu", "chưa công khai (hẹn đăng ngày 15/01/2027)"),
        ("nguyen-thi-lann", "Có phải bạn muốn viết `nguyen-thi-lan`?"),
    ],
)
def test_poster_only_for_public_stories(tmp_path, capsys, slug, message):
    out = tmp_path / "x.png"
    assert run("poster", slug, "--output", str(out), "--today", TODAY) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_poster_refuses_other_formats(tmp_path, capsys):
    assert run("poster", "nguyen-thi-lan", "--output", str(tmp_path / "x.jpg"), "--today", TODAY) == 2
    assert "`.pdf`, `.png`" in capsys.readouterr().err
