"""A Department of Health and three units, each a real build served on 127.0.0.1.

Exemplars flow up (unit export → `vinhdanh import` → sector pages and reports),
campaigns flow down (department export → unit `follow` → the unit's stories).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import json
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedcheck
import feedparser
import pytest
from openpyxl import load_workbook
from sitebuild import ROOT, copy_project

from vinhdanh.cli import main
from vinhdanh.department import schema

TODAY = "2026-11-25"
PHOTO = ROOT / "content/exemplars/2025/nguyen-thi-lan/lan-ca-truc.jpg"
CAMPAIGN_SLUG = "guong-sang-nganh-y-2026"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Server:
    """A threaded static server of one built site, on an ephemeral port of 127.0.0.1."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.thread.join()
        self.httpd.server_close()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv])
    return code, out.getvalue(), err.getvalue()


def project(folder: Path, site_yml: str, base_url: str) -> Path:
    """The sample project's config, pages and units with this site.yml and no stories yet."""
    copy_project(folder)
    for sub in ("exemplars", "campaigns", "events"):
        shutil.rmtree(folder / "content" / sub)
        (folder / "content" / sub).mkdir()
    (folder / "content/site.yml").write_text(site_yml, encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {base_url}", config.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def story(
    folder: Path,
    slug: str,
    name: str,
    date: str,
    summary: str,
    *,
    kind: str = "individual",
    unit: str = "nhi",
    campaigns: tuple[str, ...] = (),
    awards: str = "",
    photo: bool = False,
    status: str = "published",
) -> None:
    target = folder / "content/exemplars" / slug
    target.mkdir(parents=True, exist_ok=True)
    extra = ""
    if photo:
        shutil.copy(PHOTO, target / "anh.jpg")
        extra += f"photo: anh.jpg\nphoto_alt: {name} bên giường bệnh\n"
    if campaigns:
        extra += f"campaigns: [{', '.join(campaigns)}]\n"
    if awards:
        extra += awards
    (target / "index.md").write_text(
        f"---\ntitle: {name} – {summary[:40]}\nkind: {kind}\nname: {name}\nunit: {unit}\ndate: {date}\n"
        f"summary: {summary}\nconsent: true\nstatus: {status}\n{extra}---\n\n{summary} Câu chuyện đầy đủ ở đây.\n",
        encoding="utf-8",
    )


def build(folder: Path, site: Path) -> None:
    code, _out, err = run("--root", str(folder), "build", "--today", TODAY, "--site-dir", str(site))
    assert code == 0, err


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("department")
    sites = {name: base / f"{name}-site" for name in ("so", "a", "b", "c")}
    for folder in sites.values():
        folder.mkdir()
    servers = {name: Server(folder) for name, folder in sites.items()}
    try:
        yield base, sites, servers
    finally:
        for server in servers.values():
            server.stop()


UNITS = {
    "a": ("ttyt-phong-dien", "Trung tâm Y tế huyện Phong Điền"),
    "b": ("bv-nhi-dong", "Bệnh viện Nhi Đồng thành phố"),
    "c": ("ttyt-co-do", "Trung tâm Y tế huyện Cờ Đỏ"),
}


@pytest.fixture(scope="module")
def department(world):
    """Department built (its campaign published), three units following it, imported and built."""
    base, sites, servers = world
    so = servers["so"].url
    sources = "".join(f"    - {{id: {uid}, name: {name}, url: '{servers[k].url}guong-dien-hinh/feed.json'}}\n" for k, (uid, name) in UNITS.items())
    dept = project(base / "so", f"name: Sở Y tế thành phố Thử Nghiệm\nshort_name: Sở Y tế\nid: so-y-te\nbase_url: {so}\ndepartment:\n  sources:\n{sources}", so)
    (dept / "content/campaigns" / f"{CAMPAIGN_SLUG}.md").write_text(
        '---\ntitle: Phong trào "Gương sáng ngành Y" năm 2026\ndate: 2026-03-01\nsummary: Mỗi đơn vị giới thiệu người tốt, việc tốt.\n'
        "host: Sở Y tế thành phố Thử Nghiệm\nstart: 2026-03-01\nend: 2026-12-31\nquota:\n  collective: 2\n  individual: 3\nstatus: published\n---\n\nKế hoạch của Sở.\n",
        encoding="utf-8",
    )
    build(dept, sites["so"])  # nothing imported yet: the sector pages say so
    feed = json.loads((sites["so"] / "guong-dien-hinh/feed.json").read_text(encoding="utf-8"))
    assert schema.problems(feed) == []
    assert [i["_vinhdanh"]["slug"] for i in feed["items"]] == [CAMPAIGN_SLUG]

    units = {}
    for key, (uid, name) in UNITS.items():
        url = servers[key].url
        folder = project(
            base / key,
            f"name: {name}\nshort_name: {name}\nid: {uid}\nbase_url: {url}\nparent: Sở Y tế thành phố Thử Nghiệm\n"
            f"follow: {{url: '{so}guong-dien-hinh/feed.json', name: Sở Y tế thành phố Thử Nghiệm}}\n",
            url,
        )
        units[key] = folder
    # A: two stories of November (one honoured in the department's campaign, one with a photo)
    story(
        units["a"],
        "nguyen-van-an",
        "Nguyễn Văn An",
        "2026-11-10",
        "Bác sĩ An khám lưu động cho người cao tuổi vùng sâu.",
        campaigns=(CAMPAIGN_SLUG,),
        photo=True,
        awards="awards:\n  - {year: 2026, title: chien-si-thi-dua-co-so, decision: Quyết định số 12/QĐ-TTYT}\n",
    )
    story(units["a"], "tran-thi-binh", "Trần Thị Bình", "2026-11-03", "Điều dưỡng Bình lập nhóm hỗ trợ người bệnh chạy thận.")
    # B: one of November, one of October
    story(units["b"], "le-minh-chau", "Lê Minh Châu", "2026-11-15", "Kỹ thuật viên Châu rút ngắn thời gian trả kết quả xét nghiệm.", unit="hstc")
    story(units["b"], "khoa-nhi-so-sinh", "Khoa Nhi sơ sinh", "2026-10-02", "Tập thể khoa cứu sống nhiều trẻ sinh non.", kind="collective", campaigns=(CAMPAIGN_SLUG,))
    # C: nothing in November
    story(units["c"], "pham-van-dung", "Phạm Văn Dũng", "2026-10-20", "Y sĩ Dũng trực trạm y tế xã suốt mùa lũ.")
    for key, folder in units.items():
        code, out, err = run("--root", str(folder), "import")
        assert code == 0 and "đã nhập 1 mục" in out, out + err
        build(folder, sites[key])
    code, out, err = run("--root", str(dept), "import")
    assert code == 0 and out.count("đã nhập") == 3, out + err
    build(dept, sites["so"])
    return dept, units, sites, servers


def test_unit_export_is_a_valid_json_feed(department):
    _dept, _units, sites, servers = department
    feed = json.loads((sites["a"] / "guong-dien-hinh/feed.json").read_text(encoding="utf-8"))
    assert schema.problems(feed) == []
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["_vinhdanh"]["version"] == 1 and feed["_vinhdanh"]["unit"]["id"] == "ttyt-phong-dien"
    an = next(i for i in feed["items"] if i["_vinhdanh"]["slug"] == "nguyen-van-an")
    assert an["url"] == f"{servers['a'].url}guong-dien-hinh/nguyen-van-an/"
    award = an["_vinhdanh"]["awards"][0]
    assert (award["year"], award["id"], award["decision"]) == (2026, "chien-si-thi-dua-co-so", "Quyết định số 12/QĐ-TTYT")
    # the followed campaign is referenced by its page at the department, and not re-published by the unit
    assert an["_vinhdanh"]["campaigns"] == [
        {"slug": CAMPAIGN_SLUG, "title": 'Phong trào "Gương sáng ngành Y" năm 2026', "host": "Sở Y tế thành phố Thử Nghiệm", "url": f"{servers['so'].url}phong-trao-thi-dua/{CAMPAIGN_SLUG}/"}
    ]
    assert all(i["_vinhdanh"]["type"] == "exemplar" for i in feed["items"])
    # the campaign flowed down: the unit shows it on its campaign page, the department as host
    page = (sites["a"] / f"phong-trao-thi-dua/{CAMPAIGN_SLUG}/index.html").read_text(encoding="utf-8")
    assert "Sở Y tế thành phố Thử Nghiệm" in page and "Nguyễn Văn An" in page


def test_every_feed_of_the_department_and_a_unit_passes_the_strict_checker(department):
    # Issue 21: RSS, Atom, JSON Feed and per-campaign / per-unit feeds of a department's
    # site (its own campaign) and of a unit that follows it.
    _dept, _units, sites, servers = department
    for key in ("so", "a"):
        found = feedcheck.check_site(sites[key], servers[key].url)
        assert {p.rsplit("/", 1)[-1] for p in found} == {"rss.xml", "atom.xml", "feed.json"}, key
        assert {p: v for p, v in found.items() if v} == {}, key
    atom = feedparser.parse((sites["so"] / "guong-dien-hinh/atom.xml").read_bytes())
    assert [e.link for e in atom.entries] == [f"{servers['so'].url}phong-trao-thi-dua/{CAMPAIGN_SLUG}/"]
    assert [x.type for x in atom.entries[0].enclosures] == ["image/jpeg"]


def test_a_typo_in_a_followed_campaign_is_an_error_with_a_suggestion(department):
    from vinhdanh.content.reader import load

    _dept, units, _sites, _servers = department
    story(units["c"], "typo", "Võ Thị Em", "2026-11-01", "Một câu chuyện có lỗi chính tả ở tên phong trào.", campaigns=("guong-sang-nganh-y-2062",))
    try:
        result = load(units["c"], dt.date.fromisoformat(TODAY))
        errors = [d for d in result.errors if d.code == "E305"]
        assert len(errors) == 1 and errors[0].path == "content/exemplars/typo/index.md"
        assert CAMPAIGN_SLUG in errors[0].hint
    finally:
        shutil.rmtree(units["c"] / "content/exemplars/typo")


def test_sector_pages_link_to_the_units_and_serve_images_themselves(department):
    _dept, _units, sites, servers = department
    home = (sites["so"] / "guong-dien-hinh/toan-nganh/index.html").read_text(encoding="utf-8")
    for _, name in UNITS.values():
        assert name in home
    unit_page = (sites["so"] / "guong-dien-hinh/toan-nganh/don-vi/ttyt-phong-dien/index.html").read_text(encoding="utf-8")
    assert f'href="{servers["a"].url}guong-dien-hinh/nguyen-van-an/"' in unit_page
    sources = re.findall(r'<img[^>]+src="([^"]+)"', unit_page)
    imported = [s for s in sources if "/anh/nganh/" in s]
    assert imported and all(not s.startswith("http") for s in imported)
    for src in imported:
        assert (sites["so"] / src.lstrip("/")).is_file()
    assert not any(servers[k].url in s for k in "abc" for s in sources)  # readers never call the units' hosts
    roll = (sites["so"] / "guong-dien-hinh/toan-nganh/bang-vang/index.html").read_text(encoding="utf-8")
    assert "Nguyễn Văn An" in roll and "Quyết định số 12/QĐ-TTYT" in roll


def test_sector_pages_are_the_engines_byte_for_byte(department, tmp_path):
    """The department's section, sector pages and their home-page block included, spliced
    into shells equals every page MkDocs renders itself (tests/test_shells.py)."""
    from shellcheck import differences, engine_reference

    dept, _units, sites, _servers = department
    engine_reference(dept, dt.date.fromisoformat(TODAY), tmp_path / "engine")
    names, differ = differences(tmp_path / "engine", sites["so"])
    assert sum("toan-nganh/" in name for name in names) > 5 and "index.html" in names
    assert not differ, differ[:10]


def _xlsx_rows(path: Path) -> list[tuple]:
    sheet = load_workbook(path).active
    return [tuple(c for c in row if c is not None) for row in sheet.iter_rows(values_only=True)]


def _report(dept: Path, *args: str) -> Path:
    out = dept / f"report-{args[0]}.xlsx"
    code, _stdout, err = run("--root", str(dept), "report", *args, "--sector", "--today", TODAY, "-o", str(out))
    assert code == 0, err
    return out


def _monthly_names(dept: Path) -> tuple[str, list[tuple]]:
    rows = _xlsx_rows(_report(dept, "monthly", "--month", "2026-11"))
    return "\n".join(" | ".join(map(str, r)) for r in rows), rows


def test_monthly_report_lists_every_units_exemplars_and_who_sent_none(department):
    dept, _units, _sites, _servers = department
    text, rows = _monthly_names(dept)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu"):
        assert name in text
    assert "Khoa Nhi sơ sinh" not in text and "Phạm Văn Dũng" not in text  # October
    an = next(r for r in rows if "Nguyễn Văn An" in r)
    assert "Bác sĩ An khám lưu động cho người cao tuổi vùng sâu." in an  # with its summary
    order = [i for i, r in enumerate(rows) if r and str(r[0]).startswith(("1. ", "2. ", "3. "))]
    labels = [rows[i][0] for i in order]
    assert [label.split(" (")[0] for label in labels] == [f"{n}. {name}" for n, (_, name) in enumerate(UNITS.values(), 1)]
    c_at = order[2]
    assert "không gửi gương điển hình" in rows[c_at + 1][0]
    assert "Trung tâm Y tế huyện Cờ Đỏ" in text.split("Đơn vị chưa có gương điển hình")[1]


def test_unit_story_counts_toward_the_department_campaign_quota(department):
    dept, _units, _sites, _servers = department
    rows = _xlsx_rows(_report(dept, "campaign", CAMPAIGN_SLUG))
    individual = next(r for r in rows if r and r[0] == "Cá nhân")
    assert individual[1:] == (3, 1, "Còn 2")
    assert any("Nguyễn Văn An" in r for r in rows)


def _html(path: Path):
    import html5lib

    return html5lib.parse(path.read_text(encoding="utf-8"), treebuilder="etree", namespaceHTMLElements=False)


def _text(node) -> str:
    return " ".join("".join(node.itertext()).split())


def test_the_campaign_page_counts_and_shows_what_the_report_counts(department):
    """The same snapshots: the department's campaign page shows the units' honoured stories
    and the same numbers as `report campaign --sector`."""
    dept, _units, sites, servers = department
    rows = _xlsx_rows(_report(dept, "campaign", CAMPAIGN_SLUG))
    reported = {r[0]: (r[2], r[1]) for r in rows if r and r[0] in ("Tập thể", "Cá nhân")}  # honoured, quota
    assert reported == {"Tập thể": (1, 2), "Cá nhân": (1, 3)}, reported
    listed = {r[1] for r in rows if len(r) > 2 and str(r[0]).isdigit()}
    assert listed == {"Nguyễn Văn An", "Khoa Nhi sơ sinh"}, listed

    doc = _html(sites["so"] / f"phong-trao-thi-dua/{CAMPAIGN_SLUG}/index.html")
    table = next(t for t in doc.iter("table") if "vd-quota" in (t.get("class") or ""))
    shown = {}
    for tr in table.iter("tr"):
        head, cells = tr.find("th"), tr.findall("td")
        if head is not None and cells:
            shown[_text(head)] = (int(_text(cells[0])), int(_text(cells[1])))
    assert shown == reported, shown
    page = _text(doc.find(".//body"))
    assert "Chưa có gương điển hình nào được vinh danh" not in page
    links = {a.get("href"): _text(a) for a in doc.iter("a")}
    for name in listed:  # each one links to the unit's own page
        href = next(h for h, t in links.items() if t == name)
        assert href.startswith((servers["a"].url, servers["b"].url)), href


def test_the_department_home_block_shows_the_units_newest_stories(department):
    _dept, _units, sites, servers = department
    doc = _html(sites["so"] / "index.html")
    block = next(s for s in doc.iter("section") if "vd-block--newest" in (s.get("class") or ""))
    assert "Chưa có gương điển hình nào được đăng" not in _text(block)
    names = [_text(h) for h in block.iter("h3")]
    assert names == ["Lê Minh Châu", "Nguyễn Văn An", "Trần Thị Bình", "Phạm Văn Dũng"], names  # newest first, 4 as the marker asks
    assert all(a.get("href").startswith(tuple(s.url for s in servers.values())) or not a.get("href").startswith("http") for a in block.iter("a"))


def test_the_sector_xlsx_explains_every_abbreviation_it_uses(department):
    dept, _units, _sites, _servers = department
    from vinhdanh.content.vocabulary import BUILTIN_AWARDS

    names = {a.abbreviation: a.name for a in BUILTIN_AWARDS if a.abbreviation}
    for args in (("monthly", "--month", "2026-11"), ("yearly", "--year", "2026"), ("registration", "--period", "2026-2030")):
        rows = _xlsx_rows(_report(dept, *args))
        text = [str(c) for r in rows for c in r]
        legend = [t for t in text if t.startswith("Chữ viết tắt")]
        used = {short for short in names if any(re.search(rf"(^|[;–] ?){re.escape(short)}( \(|$| –)", t) for t in text if not t.startswith("Chữ viết tắt"))}
        assert used, (args, text)
        assert len(legend) == 1, (args, legend)
        for short in used:
            assert f"{short} - {names[short]}" in legend[0], (args, short, legend)


def test_stopped_source_keeps_its_snapshot_and_withdrawn_story_leaves(department):
    dept, units, sites, servers = department
    servers["b"].stop()
    story(units["a"], "tran-thi-binh", "Trần Thị Bình", "2026-11-03", "Điều dưỡng Bình lập nhóm hỗ trợ người bệnh chạy thận.", status="withdrawn")
    build(units["a"], sites["a"])
    code, out, err = run("--root", str(dept), "import")
    assert code == 0
    assert "Bệnh viện Nhi Đồng thành phố (`bv-nhi-dong`)" in err and "không lấy được" in err and "giữ bản đã nhập" in err
    assert "Trung tâm Y tế huyện Phong Điền (`ttyt-phong-dien`): đã nhập 1 mục" in out
    assert "Trung tâm Y tế huyện Cờ Đỏ (`ttyt-co-do`): không thay đổi" in out
    text, _ = _monthly_names(dept)
    assert "Lê Minh Châu" in text  # B's last good snapshot
    assert "Trần Thị Bình" not in text and "Nguyễn Văn An" in text
    build(dept, sites["so"])
    page = (sites["so"] / "guong-dien-hinh/toan-nganh/don-vi/ttyt-phong-dien/index.html").read_text(encoding="utf-8")
    assert "Trần Thị Bình" not in page and "Nguyễn Văn An" in page
    assert "Lê Minh Châu" in (sites["so"] / "guong-dien-hinh/toan-nganh/index.html").read_text(encoding="utf-8")
