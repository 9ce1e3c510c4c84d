"""The search page in Chromium, served by a real nginx, at the root and under /a/b/.

A reader types a query and clicks each result: every one must land on the page it
names. A query typed without diacritics (đ → d too) finds the same stories as with
them, whichever field holds the words. Rows show date, unit and a thumbnail, and
nothing on the page moves while results load.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from browser import launch
from nginx import deploy, free_port, running_nginx
from sitebuild import ROOT, SAMPLE_BASE_URL, TODAY, project_copy, rebase, sample_site
from test_department import department, world  # noqa: F401  (the department and its three units, built)

from vinhdanh.content.text import fold, short_date

playwright_api = pytest.importorskip("playwright.sync_api")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
DONE = "() => { const s = document.getElementById('vd-search-status').textContent; return s.startsWith('Tìm thấy') || s.startsWith('Không'); }"
# The layout shifts a reader did not cause (what CLS counts), from the first paint on.
CLS_OBSERVER = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({value: e.value, nodes: e.sources.map((s) => s.node ? s.node.nodeName + '.' + (s.node.className || '') : '?')});
}).observe({type: 'layout-shift', buffered: true});
"""
TWIN_TITLE = "Gương sáng thầm lặng ở bệnh viện"
TWINS = {  # two stories with one title: the rows must tell them apart
    "twin-dang-van-dung": ("Đặng Văn Dũng", "nhi", "2025-03-04"),
    "twin-do-thi-dao": ("Đỗ Thị Đào", "duoc", "2025-05-06"),
}


@contextlib.contextmanager
def _served(site: Path, prefix: str, tmp: Path):
    """`site` through nginx with `vinhdanh deploy nginx`'s own configuration, at `prefix`."""
    port = free_port()
    if prefix == "/":
        status, err = deploy("--root", str(ROOT), "deploy", "nginx", "--site-dir", str(site), "--listen", f"127.0.0.1:{port}", "-o", str(tmp / "conf"))
        assert status == 0, err
        body = f"include {tmp / 'conf/nginx/vinhdanh-site.conf'};"
    else:
        status, err = deploy("--root", str(tmp / "project"), "deploy", "nginx", "--site-dir", str(site), "-o", str(tmp / "conf"))
        assert status == 0, err
        body = f"server {{\n listen 127.0.0.1:{port};\n location / {{ return 404; }}\n include {tmp / 'conf/nginx/vinhdanh-location.conf'};\n}}"
    with running_nginx(tmp / "run", body, port) as base:
        yield base + prefix


def _sub_path_project(tmp: Path):
    """The sample project at https://…/a/b/, with two stories that share a title."""
    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    root = rebase(project_copy(tmp / "project"), f"{SAMPLE_BASE_URL}a/b/")
    for slug, (name, unit, date) in TWINS.items():
        (root / "content/exemplars/2025" / f"{slug}.md").write_text(
            f"---\ntitle: {TWIN_TITLE}\nkind: individual\nname: {name}\nposition: Điều dưỡng hạng III\nunit: {unit}\ndate: {date}\n"
            f"summary: {name} lặng lẽ chăm sóc người bệnh suốt nhiều năm.\nconsent: true\nstatus: published\n---\n\nCâu chuyện của {name}.\n",
            encoding="utf-8",
        )
    section = prepare(root, TODAY)
    site = tmp / "srv" / "site"
    build_into(root / "mkdocs.yml", site, section)
    return site, section


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the module: Playwright's sync API runs one at a time."""
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=["root", "sub"])
def served(request, tmp_path_factory, chromium):
    """(search page URL, base URL with its prefix, Section, Playwright page) of one site."""
    tmp = tmp_path_factory.mktemp(f"search-{request.param}")
    if request.param == "root":
        site, section = sample_site()
        prefix = "/"
    else:
        site, section = _sub_path_project(tmp)
        prefix = "/a/b/"
    with _served(site, prefix, tmp) as base:
        context = chromium.new_context(**PHONE)
        context.add_init_script(CLS_OBSERVER)
        # The site's own host (absolute feed links: Material looks for a sitemap beside
        # them) is this server in production; here it must not reach the network.
        own = urlsplit(section.content.site.base_url)
        context.route(f"{own.scheme}://{own.netloc}/**", lambda route: route.fulfill(status=404, body=""))
        page = context.new_page()
        outside: list[str] = []
        origin = base[: -len(prefix) + 1] if prefix != "/" else base
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((origin, f"{own.scheme}://{own.netloc}/", "data:")) else None)
        yield base + section.urls.search, base, section, page
        assert outside == [], f"requests left the site: {outside}"
        context.close()


def _rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#vd-search-results li",
        """lis => lis.map(li => {
            const a = li.querySelector('a'), t = li.querySelector('time'), u = li.querySelector('.vd-hit__unit'), img = li.querySelector('.vd-hit__img');
            const box = img ? img.getBoundingClientRect() : null;
            return {href: a.href, title: a.textContent, text: li.innerText, time: t ? t.getAttribute('datetime') : null, date: t ? t.textContent : null,
                    unit: u ? u.textContent : null, thumb: img ? {tag: img.tagName, w: box.width, h: box.height, src: img.currentSrc || '', loaded: img.tagName !== 'IMG' || (img.complete && img.naturalWidth > 0),
                    width: img.getAttribute('width'), height: img.getAttribute('height')} : null};
        })""",
    )


def _type_and_search(page, url: str, query: str) -> list[dict]:
    page.goto(url)
    page.fill("#vd-q", query)
    page.press("#vd-q", "Enter")
    page.wait_for_function(DONE)
    return _rows(page)


def _all_results(page, url: str, query: str) -> set[str]:
    """Every result's path, each "more" page opened."""
    page.goto(f"{url}?q={quote(query)}")
    page.wait_for_function(DONE)
    while page.locator("#vd-search-more").is_visible():
        shown = page.locator("#vd-search-results li").count()
        page.click("#vd-search-more")
        page.wait_for_function(f"document.querySelectorAll('#vd-search-results li').length > {shown}")
    return {urlsplit(r["href"]).path for r in _rows(page)}


def test_every_result_of_the_first_page_lands_on_its_page(served):
    url, _base, _section, page = served
    query = "khoa"  # many stories and campaigns: a full first page
    rows = _type_and_search(page, url, query)
    assert len(rows) >= 5, rows
    for i, row in enumerate(rows):
        _type_and_search(page, url, query)
        link = page.locator("#vd-search-results li a").nth(i)
        assert link.inner_text() == row["title"]
        with page.expect_navigation() as landing:
            link.click()
        response = landing.value
        assert response is not None and response.status == 200, f"{row['title']!r} → {page.url} ({response.status if response else 'no response'})"
        assert page.url == row["href"]
        assert page.locator("h1").first.inner_text().strip() == row["title"].strip()


# (without diacritics, with them, the field that holds the words)
FOLDED = [
    ("dieu duong", "điều dưỡng", "position"),
    ("chien si thi dua", "chiến sĩ thi đua", "awards"),
    ("duoc si", "dược sĩ", "position"),
    ("y duc", "Y đức", "fields"),
    ("hoi suc tich cuc", "Hồi sức tích cực", "unit"),
    ("ho van tam", "Hồ Văn Tâm", "name"),
    ("dao tao", "Đào tạo", "title"),
]


def _holding(section, field: str, query: str) -> set[str]:
    """Paths of the public stories whose `field` holds the query's words (folded)."""
    words = re.compile(r"\b" + re.escape(fold(query)) + r"\b")
    out = set()
    for e in section.content.exemplars:
        text = {
            "name": e.name,
            "title": e.title,
            "unit": e.unit.name,
            "position": e.position,
            "awards": " ; ".join(a.title.name for a in e.awards),
            "fields": " ; ".join(f.name for f in e.fields),
        }[field]
        if words.search(fold(text)):
            out.add(section.urls.href(section.urls.exemplar(e.slug)))
    return out


@pytest.mark.parametrize("plain, marked, field", FOLDED, ids=[f[0].replace(" ", "-") for f in FOLDED])
def test_a_query_without_diacritics_finds_the_same_stories(served, plain, marked, field):
    url, _base, section, page = served
    expected = _holding(section, field, marked)
    assert expected, f"the sample has a story whose {field} holds {marked!r}"
    without, with_marks = _all_results(page, url, plain), _all_results(page, url, marked)
    assert without == with_marks, f"only without: {without - with_marks}; only with: {with_marks - without}"
    assert expected <= without, f"{field} not searched: {expected - without}"


def test_rows_show_date_unit_and_thumbnail_and_nothing_moves(served):
    url, _base, section, page = served
    urls = section.urls
    # path -> (date, unit, photo): a story's unit, a campaign's host
    by_path = {urls.href(urls.exemplar(e.slug)): (e.date, e.unit.name, e.photo) for e in section.content.exemplars}
    by_path |= {urls.href(urls.campaign(c.slug)): (c.date, c.host, c.photo) for c in section.content.campaigns}
    page.goto(f"{url}?q={quote('dieu duong')}")
    page.wait_for_function(DONE)
    for row in page.locator("#vd-search-results li").all():  # thumbnails load lazily
        row.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('#vd-search-results img')].every(i => i.complete)")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    assert sum(s["value"] for s in shifts) < 0.01, shifts
    rows = _rows(page)
    assert rows
    for row in rows:
        date, unit, photo = by_path[urlsplit(row["href"]).path]
        assert row["time"] == date.isoformat() and row["date"] == short_date(date), row
        assert row["unit"] == unit, row
        thumb = row["thumb"]
        assert thumb and thumb["loaded"] and round(thumb["w"]) == round(thumb["h"]) > 0, row
        if photo:
            assert thumb["tag"] == "IMG" and thumb["width"] and thumb["height"], row
            assert urlsplit(thumb["src"]).path.startswith(urls.href(urls.images)), row
    assert len({r["text"] for r in rows}) == len(rows), "two rows read the same"
    # a query without results leaves the page still too
    page.goto(f"{url}?q=zzzkhongco")
    page.wait_for_function(DONE)
    page.wait_for_timeout(300)
    assert sum(s["value"] for s in page.evaluate("window.__shifts")) < 0.01


def test_stories_with_one_title_are_told_apart(served):
    url, _base, section, page = served
    if not any(e.slug in TWINS for e in section.content.exemplars):
        pytest.skip("only the sub-path project has the twin stories")
    rows = [r for r in _type_and_search(page, url, "guong sang tham lang") if r["title"] == TWIN_TITLE]
    assert len(rows) == 2
    for row, (slug, (name, _unit, date)) in zip(sorted(rows, key=lambda r: r["time"]), sorted(TWINS.items(), key=lambda t: t[1][2]), strict=True):
        assert urlsplit(row["href"]).path == section.urls.href(section.urls.exemplar(slug))
        assert name in row["text"] and row["time"] == date


def test_a_department_finds_its_units_stories(department, chromium):  # noqa: F811  (the imported fixture)
    """Issue 21, 6: a unit's imported story is in the department's search, and its row
    leads to the unit's own page (where the story lives), thumbnail served by the department."""
    _dept, _units, _sites, servers = department
    so, unit_a = servers["so"].url, servers["a"].url
    url = f"{so}guong-dien-hinh/tim-kiem/"
    with contextlib.closing(chromium.new_context(**PHONE)) as context:
        page = context.new_page()
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((so, "data:")) else None)
        for query in ("nguyen van an", "Nguyễn Văn An", "chien si thi dua", "bac si an kham luu dong"):
            page.goto(f"{url}?q={quote(query)}")
            page.wait_for_function(DONE)
            for row in page.locator("#vd-search-results li").all():
                row.scroll_into_view_if_needed()
            rows = _rows(page)
            an = [r for r in rows if r["href"] == f"{unit_a}guong-dien-hinh/nguyen-van-an/"]
            assert len(an) == 1, (query, rows)
        row = an[0]
        assert row["unit"] == "Khoa Nhi – Trung tâm Y tế huyện Phong Điền" and row["time"] == "2026-11-10", row
        assert row["thumb"]["tag"] == "IMG" and row["thumb"]["src"].startswith(f"{so}guong-dien-hinh/anh/nganh/"), row
        page.wait_for_function("[...document.querySelectorAll('#vd-search-results img')].every(i => i.complete && i.naturalWidth > 0)")
        assert outside == [], f"the department's search page called another host: {outside}"
        with page.expect_navigation() as landing:
            page.locator("#vd-search-results li a", has_text=row["title"]).click()
        assert landing.value is not None and landing.value.status == 200
        assert page.url == row["href"] and page.locator("h1").first.inner_text().strip() == row["title"].strip()
