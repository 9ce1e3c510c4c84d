"""Every URL written from content or imported data passes one allow-list at render time:
http, https, mailto, tel or relative. The attack goes through the real import and the
real build; the check reads every page as a browser would (html5lib) and follows the
URL the way a browser parses it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import html5lib
import pytest
from openpyxl import load_workbook
from unitexport import DEPT_BASE, TODAY, UNIT_BASE, UNIT_ID, UNIT_NAME, build, department, edit_snapshot, exemplar, feed, run

from vinhdanh.render.safeurl import safe_url, url_attr

HOSTILE = (
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript\r:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "C:\\Windows\\win.ini",
    "",
    None,
)
SAFE = (
    "https://ttyt.example.vn/guong-dien-hinh/",
    "HTTP://ttyt.example.vn",
    "mailto:lienhe@ttyt.example.vn",
    "tel:+842923812345",
    "/guong-dien-hinh/toan-nganh/",
    "anh/chan-dung.jpg",
    "trang/2/?q=a:b#muc:1",
    "#don-vi",
    "//ttyt.example.vn/x",
)


@pytest.mark.parametrize("url", HOSTILE)
def test_a_url_of_another_scheme_is_refused(url):
    assert safe_url(url) is None
    assert url_attr(url) == ""


@pytest.mark.parametrize("url", SAFE)
def test_http_mailto_tel_and_relative_urls_pass(url):
    assert safe_url(url) == url
    assert url_attr(url, "src") == f' src="{url.replace("&", "&amp;")}"'


def test_a_safe_url_is_escaped_into_its_attribute():
    assert url_attr('https://x.example/?a=1&b="><script>') == ' href="https://x.example/?a=1&amp;b=&#34;&gt;&lt;script&gt;"'


# What a browser does with an attribute value before it reads the scheme (WHATWG URL):
# drop C0 controls and spaces at the ends, every tab and newline inside.
_DANGER = re.compile(r"^(javascript|data|vbscript):", re.I)
_URL_ATTRIBUTES = ("href", "src", "poster", "action", "formaction", "background", "cite", "data", "{http://www.w3.org/1999/xlink}href")


def _browser_url(value: str) -> str:
    return re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))


def dangerous_urls(html: str) -> list[str]:
    """Every URL in `html` a browser would run or load as javascript:, data: or vbscript:."""
    found = []
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        for name, value in element.attrib.items():
            values = [value] if name in _URL_ATTRIBUTES else []
            if name in ("srcset", "imagesrcset"):
                values = [part.split()[0] for part in value.split(",") if part.split()]
            if name == "content" and element.get("http-equiv", "").lower() == "refresh":
                values = [value.split("=", 1)[-1]]
            found += [f"<{element.tag} {name}={v!r}>" for v in values if _DANGER.match(_browser_url(v))]
    return found


def test_the_scanner_sees_what_a_browser_would_run():
    page = (
        '<a href=" java&#9;script:alert(1)">x</a><img srcset="a.jpg 1x, data:image/png;base64,AA 2x"><svg><a xlink:href="vbscript:x"></a></svg><meta http-equiv="refresh" content="0;url=javascript:1">'
    )
    assert len(dangerous_urls(page)) == 4
    assert dangerous_urls('<a href="/javascript:1">x</a><a href="https://x.example/?u=data:1">y</a>') == []


HOSTILE_BODY = """\
Bấm [vào đây](javascript:alert(document.cookie)) hoặc [chỗ này](JaVaScRiPt:alert(1)) để xem.

[Tải hồ sơ](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) · [Mở](vbscript:msgbox(1)) · <a href="java&#x09;script:alert(2)">dán từ Word</a>

![Ảnh nhúng](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)

<img src="data:image/png;base64,iVBORw0KGgo=" alt="Ảnh dán từ Word">

<picture><source srcset="javascript:alert(3) 1x"></picture>

<form action="javascript:alert(4)"><button formaction="javascript:alert(5)">Gửi</button></form>

<video poster="javascript:alert(6)" src="javascript:alert(7)"></video>

Liên hệ: [thư](mailto:lienhe@benhvien.example.vn), [điện thoại](tel:+842923812345), [trang chủ](https://benhvien.example.vn/).
"""


@pytest.fixture(scope="module")
def sector_site(tmp_path_factory):
    """A department whose unit's snapshot (as an older vinhdanh imported it, before the
    import dropped such addresses) names a javascript: home page and gives two stories
    javascript:/data: pages, and whose own story pastes hostile links: what renders
    from it must be safe whatever the import let through."""
    base = tmp_path_factory.mktemp("safe-urls")
    award = {"year": 2026, "id": "chien-si-thi-dua-co-so", "name": "Chiến sĩ thi đua cơ sở", "decision": "Quyết định số 7/QĐ-TTYT"}
    items = [
        exemplar("nguyen-van-an", "Nguyễn Văn An", "Bác sĩ An khám lưu động cho người cao tuổi.", awards=(award,)),
        exemplar("tran-thi-binh", "Trần Thị Bình", "Điều dưỡng Bình lập nhóm hỗ trợ người bệnh.", awards=(award,)),
        exemplar("le-minh-chau", "Lê Minh Châu", "Kỹ thuật viên Châu rút ngắn thời gian xét nghiệm.", awards=(award,)),
    ]
    root = department(base / "so", feed(items, home_page_url="javascript:alert(document.domain)"))

    def doctor(data: dict) -> None:
        pages = {"nguyen-van-an": " JavaScript:alert('an')", "tran-thi-binh": "data:text/html,<script>alert('binh')</script>"}
        for item in data["feed"]["items"]:
            x = item["_vinhdanh"]
            x["page_url"] = pages.get(x["slug"], x["page_url"])
        data["feed"]["home_page_url"] = "javascript:alert(document.domain)"

    edit_snapshot(root, doctor)
    site_yml = root / "content/site.yml"  # what MkDocs' theme templates (no autoescape) write: footer links, logo
    text = site_yml.read_text(encoding="utf-8").replace("short_name: Sở Y tế\n", "short_name: 'Sở Y tế\" onload=\"alert(3)'\nlogo: logo.png\n")
    text += 'phone: \'0292 3 812 345" onmouseover="alert(1)\'\nemail: \'lienhe@soyte.example.vn" onfocus="alert(2)" autofocus="\'\n'
    site_yml.write_text(text, encoding="utf-8")
    story = root / "content/exemplars/pham-thi-dung/index.md"
    story.parent.mkdir(parents=True)
    story.write_text(
        "---\ntitle: 'Phạm Thị Dung <img src=x onerror=alert(9)> và những đường dẫn lạ'\nkind: individual\nname: Phạm Thị Dung\nunit: nhi\ndate: 2026-11-12\n"
        "summary: Bài dán từ Word có đường dẫn chạy mã.\nconsent: true\nstatus: published\n---\n\n" + HOSTILE_BODY,
        encoding="utf-8",
    )
    site = base / "site"
    build(root, site)
    return root, site


def test_the_footer_links_of_site_yml_stay_inside_their_attribute(sector_site):
    _root, site = sector_site
    page = _page(site, "guong-dien-hinh")
    footer = _links(page, "vd-footer")
    assert footer['0292 3 812 345" onmouseover="alert(1)'] == 'tel:02923812345"onmouseover="alert(1)'
    assert footer['lienhe@soyte.example.vn" onfocus="alert(2)" autofocus="'] == 'mailto:lienhe@soyte.example.vn" onfocus="alert(2)" autofocus="'


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_no_page_of_the_site_carries_a_script_or_data_url(sector_site):
    _root, site = sector_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    found = {str(p.relative_to(site)): d for p in pages if (d := dangerous_urls(p.read_text(encoding="utf-8")))}
    assert found == {}


def _handlers(html: str) -> list[str]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [f"<{e.tag} {n}>" for e in tree.iter() for n in e.attrib if n.startswith("on") or n == "autofocus"]


def test_no_page_has_an_event_handler_from_site_yml_or_a_title(sector_site):
    _root, site = sector_site
    found = {str(p.relative_to(site)): h for p in sorted(site.rglob("*.html")) if (h := _handlers(p.read_text(encoding="utf-8")))}
    assert found == {}


def _links(html: str, within: str = "") -> dict[str, str | None]:
    """Text of every <a> (inside elements of class `within`) → its href (None: a
    placeholder, plain text)."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    scopes = [e for e in tree.iter() if within in e.get("class", "").split()] if within else [tree]
    return {"".join(a.itertext()).strip(): a.get("href") for scope in scopes for a in scope.iter("a")}


def test_the_unit_page_names_the_unit_without_a_link_and_keeps_the_safe_ones(sector_site):
    _root, site = sector_site
    page = _page(site, f"guong-dien-hinh/toan-nganh/don-vi/{UNIT_ID}")
    assert _links(page, "vd-lead") == {UNIT_NAME: None}  # its home_page_url was javascript:, so it is text
    links = _links(page, "vd-card__name")
    assert links["Nguyễn Văn An"] is None and links["Trần Thị Bình"] is None
    assert links["Lê Minh Châu"] == f"{UNIT_BASE}guong-dien-hinh/le-minh-chau/"
    roll = _links(_page(site, "guong-dien-hinh/toan-nganh/bang-vang"))
    assert roll["Nguyễn Văn An"] is None and roll["Lê Minh Châu"] == f"{UNIT_BASE}guong-dien-hinh/le-minh-chau/"


def test_a_pasted_script_link_in_a_story_is_text_and_the_safe_ones_stay_links(sector_site):
    _root, site = sector_site
    links = _links(_page(site, "guong-dien-hinh/pham-thi-dung"))
    for text in ("vào đây", "chỗ này", "Tải hồ sơ", "Mở", "dán từ Word"):
        assert links[text] is None, text
    assert links["thư"] == "mailto:lienhe@benhvien.example.vn"
    assert links["điện thoại"] == "tel:+842923812345"
    assert links["trang chủ"] == "https://benhvien.example.vn/"


def _sector_report(root: Path, suffix: str) -> Path:
    out = root / f"so-thang-11.{suffix}"
    code, _out, err = run("--root", str(root), "report", "monthly", "--month", "2026-11", "--sector", "--today", TODAY, "-o", str(out))
    assert code == 0, err
    return out


def test_the_sector_reports_never_link_a_script_url(sector_site):
    root, _site = sector_site
    page = _sector_report(root, "html").read_text(encoding="utf-8")
    assert dangerous_urls(page) == []
    assert "JavaScript:alert(&#x27;an&#x27;)" in page  # the text stays: the office sees what the unit sent
    assert f'href="{UNIT_BASE}guong-dien-hinh/le-minh-chau/"' in page

    sheet = load_workbook(_sector_report(root, "xlsx")).active
    targets = [c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink]
    safe = [f"{DEPT_BASE}guong-dien-hinh/pham-thi-dung/", f"{UNIT_BASE}guong-dien-hinh/le-minh-chau/"]  # the department's own story first
    assert targets == safe

    with zipfile.ZipFile(_sector_report(root, "docx")) as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    assert sorted(re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', rels)) == sorted(safe)
