"""`vinhdanh report period --sector`: a department's period statistics over its units'
imported snapshots, every count checked against the snapshot files counted here.

Four units: one with exemplars in the period (fields, awards, the department's campaign,
and one scheduled after today that must not count), one whose only story is older (zero,
listed as having none), one whose export is empty and one never imported (both marked).
The department's own story is one more row, "(cơ quan)".
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import lxml.html
import openpyxl
import pytest
from PIL import Image
from sitebuild import copy_project
from test_period_report import html_tables
from unitexport import run

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-artifacts" / "period-sector"
TODAY = "2026-11-25"
FIRST, LAST = "2025-07-01", "2026-12-31"  # past today: a scheduled story is in range
DEPT_BASE = "https://soyte-thunghiem.example.vn/"
CAMPAIGN = "guong-sang-2026"
UNITS = {
    "ttyt-a": "Trung tâm Y tế huyện An Phú",
    "bv-b": "Bệnh viện đa khoa Bình Minh",
    "ttyt-d": "Trung tâm Y tế huyện Đầm Dơi",
    "ttyt-c": "Trung tâm Y tế huyện Cờ Đỏ",
}
OWN = {"kind": "collective", "fields": [], "awards": [], "date": "2026-02-02"}  # the department's own story, as written below
AWARD = {"year": 2026, "id": "chien-si-thi-dua-co-so", "name": "Chiến sĩ thi đua cơ sở", "short": "CSTĐCS", "rank": 50}


def item(uid: str, slug: str, name: str, date: str, *, kind: str = "individual", fields=(), awards=(), campaigns=()) -> dict:
    base = f"https://{uid}.example.vn/"
    page = f"{base}guong-dien-hinh/{slug}/"
    ext = {
        "type": "exemplar",
        "slug": slug,
        "date": date,
        "summary": f"{name} làm việc tốt.",
        "page_url": page,
        "card_url": f"{base}guong-dien-hinh/anh/the/{slug}.png",  # absent: imported without an image
        "kind": kind,
        "name": name,
        "position": "",
        "unit": {"id": "noi", "name": "Khoa Nội"},
        "fields": [{"id": f, "name": n} for f, n in fields],
        "awards": list(awards),
        "campaigns": list(campaigns),
    }
    return {"id": page, "url": page, "title": name, "content_text": ext["summary"], "_vinhdanh": ext}


def export(folder: Path, uid: str, items: list[dict]) -> Path:
    base = f"https://{uid}.example.vn/"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Gương điển hình – {UNITS[uid]}",
        "home_page_url": f"{base}guong-dien-hinh/",
        "feed_url": f"{base}guong-dien-hinh/feed.json",
        "_vinhdanh": {"version": 1, "unit": {"id": uid, "name": UNITS[uid]}, "base_url": base},
        "items": items,
    }
    path = folder / uid / "feed.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def department(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("so-y-te")
    copy_project(root)
    for sub in ("exemplars", "campaigns", "events"):
        shutil.rmtree(root / "content" / sub)
        (root / "content" / sub).mkdir()
    ref = {"slug": CAMPAIGN, "url": f"{DEPT_BASE}phong-trao-thi-dua/{CAMPAIGN}/", "title": "Gương sáng 2026"}
    a = [
        item("ttyt-a", "an", "Nguyễn Văn An", "2026-03-10", fields=[("cap-cuu", "Cấp cứu")], awards=[AWARD], campaigns=[ref]),
        item("ttyt-a", "khoa-nhi", "Khoa Nhi", "2025-09-02", kind="collective", fields=[("cap-cuu", "Cấp cứu"), ("nhi", "Nhi khoa")], campaigns=[ref]),
        item("ttyt-a", "cu", "Lê Văn Cũ", "2025-03-01"),  # before the period, no award in it
        item("ttyt-a", "hen", "Đỗ Văn Hẹn", "2026-12-10", fields=[("nhi", "Nhi khoa")]),  # scheduled: not public on TODAY
    ]
    b = [item("bv-b", "xua", "Trần Thị Xưa", "2024-05-01")]
    paths = {
        "ttyt-a": export(root / "exports", "ttyt-a", a),
        "bv-b": export(root / "exports", "bv-b", b),
        "ttyt-d": export(root / "exports", "ttyt-d", []),
        "ttyt-c": root / "exports" / "missing.json",
    }
    sources = "".join(f"    - {{id: {uid}, name: {UNITS[uid]}, path: '{paths[uid]}'}}\n" for uid in UNITS)
    (root / "content/site.yml").write_text(
        f"name: Sở Y tế tỉnh Thử Nghiệm\nshort_name: Sở Y tế\nid: so-y-te\nbase_url: {DEPT_BASE}\nparent: Ủy ban nhân dân tỉnh Thử Nghiệm\ndepartment:\n  sources:\n{sources}",
        encoding="utf-8",
    )
    (root / "content/campaigns" / f"{CAMPAIGN}.md").write_text(
        "---\ntitle: Gương sáng 2026\ndate: 2026-01-05\nsummary: Mỗi đơn vị giới thiệu người tốt.\nhost: Sở Y tế tỉnh Thử Nghiệm\n"
        "start: 2026-01-05\nend: 2026-12-31\nquota:\n  collective: 1\n  individual: 3\nstatus: published\n---\n\nKế hoạch.\n",
        encoding="utf-8",
    )
    own = root / "content/exemplars/so-tap-the"
    own.mkdir()
    (own / "index.md").write_text(
        "---\ntitle: Phòng Nghiệp vụ Y\nkind: collective\nname: Phòng Nghiệp vụ Y\nunit: nhi\ndate: 2026-02-02\n"
        "summary: Phòng điều phối cấp cứu liên viện.\nconsent: true\nstatus: published\n---\n\nCâu chuyện.\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {DEPT_BASE}", config.read_text(encoding="utf-8")), encoding="utf-8")
    _code, out, err = run("--root", str(root), "import")
    assert out.count("đã nhập") == 3, out + err  # C's export is missing: never imported
    return root


def report(root: Path, out: Path) -> tuple[int, str]:
    code, _out, err = run("--root", str(root), "report", "period", "--from", FIRST, "--to", LAST, "--sector", "--today", TODAY, "-o", str(out))
    return code, err


def expected(root: Path) -> dict[str, list[dict]]:
    """Each unit's exemplars of the period, read from the snapshot files (undated awards count by year)."""
    first, last = dt.date.fromisoformat(FIRST), dt.date.fromisoformat(LAST)
    out: dict[str, list[dict]] = {uid: [] for uid in UNITS}
    for path in (root / ".vinhdanh" / "snapshots").glob("*.json"):
        for it in json.loads(path.read_text(encoding="utf-8"))["feed"]["items"]:
            x = it["_vinhdanh"]
            if dt.date.fromisoformat(x["date"]) > dt.date.fromisoformat(TODAY):
                continue  # the unit's scheduled story: public only from its date
            if first <= dt.date.fromisoformat(x["date"]) <= last or any(first.year <= a["year"] <= last.year for a in x["awards"]):
                out[path.stem].append(x)
    return out


def counts(items: list[dict]) -> list[str]:
    kinds = Counter(x["kind"] for x in items)
    return [str(kinds["collective"]), str(kinds["individual"]), str(len(items))]


def test_counts_by_unit_field_award_and_year_match_the_snapshots(department, tmp_path):
    out = tmp_path / "nganh.html"
    assert report(department, out) == (0, "")
    want = expected(department)
    assert sorted(p.stem for p in (department / ".vinhdanh/snapshots").glob("*.json")) == ["bv-b", "ttyt-a", "ttyt-d"]
    tables = html_tables(out)
    want_units = {  # in site.yml's order, after the department's own row
        "Sở Y tế tỉnh Thử Nghiệm (cơ quan)": counts([OWN]),
        UNITS["ttyt-a"]: counts(want["ttyt-a"]),
        UNITS["bv-b"]: counts(want["bv-b"]),  # zero, still listed
        f"{UNITS['ttyt-d']} (chưa gửi gương điển hình nào)": ["0", "0", "0"],
        f"{UNITS['ttyt-c']} (chưa nhập được dữ liệu)": ["0", "0", "0"],
    }
    assert [(row[1], row[2:]) for row in tables["THEO ĐƠN VỊ"]] == list(want_units.items())
    everyone = [OWN, *(x for items in want.values() for x in items)]
    assert counts(want["ttyt-a"]) == ["1", "1", "2"]  # Lê Văn Cũ is older, Đỗ Văn Hẹn not yet public

    def field_names(x: dict) -> set[str]:
        return {f["name"] for f in x["fields"]} or {"Chưa ghi lĩnh vực"}

    fields = {n for x in everyone for n in field_names(x)}
    assert {row[1]: row[2:] for row in tables["THEO LĨNH VỰC"]} == {n: counts([x for x in everyone if n in field_names(x)]) for n in fields}
    awarded = [x for x in everyone for a in x["awards"] if int(FIRST[:4]) <= a["year"]]
    assert {row[1]: row[2:] for row in tables["THEO DANH HIỆU, HÌNH THỨC KHEN THƯỞNG"]} == {AWARD["name"]: counts(awarded)}
    by_year = {row[0]: row[1:4] for row in tables["THEO NĂM"]}
    assert by_year == {str(y): counts([x for x in everyone if dt.date.fromisoformat(x["date"]).year == y or any(a["year"] == y for a in x["awards"])]) for y in (2025, 2026)}
    silent = {row[1]: row[2] for row in tables["ĐƠN VỊ CHƯA CÓ GƯƠNG ĐIỂN HÌNH"]}
    assert silent == {UNITS["bv-b"]: "Không có gương điển hình trong kỳ", UNITS["ttyt-d"]: "Chưa gửi gương điển hình nào", UNITS["ttyt-c"]: "Chưa nhập được dữ liệu"}
    text = lxml.html.fromstring(out.read_bytes()).text_content()
    assert f"Tổng số: {len(everyone)} gương điển hình" in text
    assert "Đơn vị trực thuộc có gương điển hình: 1/4 (25%)." in text
    assert "Chữ viết tắt: CSTĐCS - Chiến sĩ thi đua cơ sở." in text
    assert "Đỗ Văn Hẹn" not in out.read_text(encoding="utf-8")


def test_the_department_campaign_quota_counts_the_units_stories(department, tmp_path):
    out = tmp_path / "nganh.html"
    report(department, out)
    honoured = [x for items in expected(department).values() for x in items if any(c["slug"] == CAMPAIGN for c in x["campaigns"])]
    kinds = Counter(x["kind"] for x in honoured)
    rows = {row[0]: row[1:] for row in html_tables(out)["PHONG TRÀO THI ĐUA CỦA SỞ: CHỈ TIÊU KHEN THƯỞNG"]}
    assert rows["Gương sáng 2026"] == [
        "05/01/2026 – 31/12/2026",
        "Tập thể: 1; Cá nhân: 3",
        f"Tập thể: {kinds['collective']}; Cá nhân: {kinds['individual']}",
        "Tập thể: đạt chỉ tiêu; Cá nhân: còn 2",
    ]


def test_xlsx_numbers_are_numbers_and_text_is_never_a_formula(department, tmp_path):
    root = tmp_path / "so"
    shutil.copytree(department, root)
    site = root / "content/site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace(f"name: {UNITS['bv-b']}", 'name: "=HYPERLINK(\\"http://x.example\\")"'), encoding="utf-8")
    out = tmp_path / "nganh.xlsx"
    assert report(root, out) == (0, "")
    rows = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows()]
    evil = next(c for r in rows for c in r if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert evil.data_type == "s"
    start = next(i for i, r in enumerate(rows) if r[0].value == "I. THEO ĐƠN VỊ")
    body = rows[start + 2 : next(i for i in range(start + 2, len(rows)) if rows[i][0].value is None)]
    by_unit = {r[1].value: [c.value for c in r[2:5]] for r in body}
    assert len(by_unit) == 1 + len(UNITS) and all(type(n) is int for v in by_unit.values() for n in v)
    assert all(isinstance(name, str) for name in by_unit)
    assert by_unit[UNITS["ttyt-a"]] == [int(n) for n in counts(expected(root)["ttyt-a"])]


def test_docx_has_the_charts_as_pictures(department, tmp_path):
    out = tmp_path / "nganh.docx"
    assert report(department, out) == (0, "")
    document = docx.Document(str(out))
    pictures = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(pictures) == 3  # units, fields, years (one award title: no chart)
    for blob in pictures:
        with Image.open(io.BytesIO(blob)) as image:
            assert image.format == "PNG"
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert UNITS["ttyt-c"] in text and "Lê Văn Cũ" not in text


def test_without_department_config_it_is_refused_in_vietnamese(tmp_path):
    copy_project(tmp_path / "unit")
    code, err = report(tmp_path / "unit", tmp_path / "x.html")
    assert code == 2 and "chỉ dùng cho trang của Sở Y tế" in err


@pytest.mark.browser
def test_the_sector_report_in_a_browser_at_phone_and_desktop_width(department, tmp_path, browser):
    out = tmp_path / "nganh.html"
    report(department, out)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page = browser.new_page(viewport={"width": width, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(out.as_uri())
        assert requests == [out.as_uri()]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.locator("figure.chart svg").count() == 3
        page.screenshot(path=str(SHOTS / f"period-sector-{width}.png"), full_page=True)
        page.close()


def test_the_sector_page_is_valid_html(department, tmp_path):
    from browser import vnu_available, vnu_check

    if not vnu_available():
        pytest.skip("the Nu Html Checker needs java and node_modules/vnu-jar")
    out = tmp_path / "nganh.html"
    report(department, out)
    assert vnu_check([out]) == []
