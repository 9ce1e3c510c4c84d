"""The section in a real browser (Debian chromium via Playwright) at phone width."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import format_violations, launch, run_axe, serve, vnu_check
from sitebuild import ROOT, sample_site

playwright_api = pytest.importorskip("playwright.sync_api")
SHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


@pytest.fixture(scope="module")
def phone():
    site, section = sample_site()
    with serve(site) as base, playwright_api.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(**PHONE)
        # Pages that must use absolute URLs (the 404 page) point at the real host: serve it locally.
        own = section.content.site.base_url
        context.route(f"{own}**", lambda route: _from_disk(route, site, own))
        page = context.new_page()
        problems: list[str] = []
        outside: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text} @ {m.location.get('url')}") if m.type == "error" else None)
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 and not r.url.endswith("/khong-co-trang-nay/") else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, own, "data:")) else None)
        yield page, base, section, problems, outside
        context.close()
        browser.close()


def _from_disk(route, site: Path, own: str) -> None:
    relative = route.request.url[len(own) :].split("?")[0].split("#")[0]
    target = site / relative
    if target.is_dir():
        target = target / "index.html"
    if target.is_file():
        route.fulfill(path=str(target))
    else:
        route.fulfill(status=404, body="")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _axe_serious(page) -> list[dict]:
    return [v for v in run_axe(page) if v.get("impact") in ("serious", "critical")]


def test_reader_journey_index_story_campaign_honour_roll(phone):
    page, base, section, problems, outside = phone
    page.goto(f"{base}/guong-dien-hinh/")
    assert page.locator("h1").first.inner_text() == "Gương điển hình tiên tiến"
    _shot(page, "01-landing")
    assert not _axe_serious(page), format_violations(_axe_serious(page))

    page.get_by_role("link", name="Xem tất cả").click()
    page.wait_for_url("**/tat-ca/")
    _shot(page, "02-index")
    assert page.locator(".vd-card").count() >= 10
    assert not _axe_serious(page), format_violations(_axe_serious(page))

    page.locator(".vd-card__name a", has_text="Nguyễn Thị Lan").click()
    page.wait_for_url("**/nguyen-thi-lan/")
    _shot(page, "03-story")
    img = page.locator(".vd-lead-photo img")
    assert img.get_attribute("alt") and img.get_attribute("width") and img.get_attribute("height")
    assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    # the photo has room on a phone and does not overflow the viewport
    assert img.evaluate("i => i.getBoundingClientRect().width") <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not _axe_serious(page), format_violations(_axe_serious(page))

    page.locator(".vd-taxonomy a", has_text="Chung tay phòng, chống sốt xuất huyết").click()
    page.wait_for_url("**/phong-trao-thi-dua/chung-tay-phong-chong-sot-xuat-huyet-2025/")
    _shot(page, "04-campaign")
    assert "Đã kết thúc" in page.content()
    assert not _axe_serious(page), format_violations(_axe_serious(page))

    page.goto(f"{base}/phong-trao-thi-dua/thay-thuoc-nhu-me-hien-2026/")
    assert page.locator('[aria-current="step"]').count() == 1
    _shot(page, "05-campaign-ongoing")

    page.goto(f"{base}/guong-dien-hinh/bang-vang/")
    page.get_by_role("link", name="Năm 2025").click()
    page.wait_for_url("**/bang-vang/2025/")
    _shot(page, "06-honour-roll")
    headings = page.locator(".vd-roll h3").all_inner_texts()
    assert page.locator("h2.vd-roll__category").count() >= 2
    assert headings, "honour roll has award groups"
    assert not _axe_serious(page), format_violations(_axe_serious(page))

    page.goto(f"{base}/khong-co-trang-nay/")
    assert "Không tìm thấy trang" in page.locator("h1").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, "07-404")

    expected_404 = [p for p in problems if "404" in p and p.endswith("/khong-co-trang-nay/")]
    assert len(expected_404) == 1, "the missing page answers 404"
    assert [p for p in problems if p not in expected_404] == []
    assert outside == [], f"requests left the site: {outside}"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nguyen thi lan", "Nguyễn Thị Lan"),
        ("Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("dieu duong", "Điều dưỡng"),
        ("sot xuat huyet", "sốt xuất huyết"),
    ],
)
def test_search_with_and_without_diacritics(phone, query, expected):
    page, base, section, problems, outside = phone
    page.goto(f"{base}/guong-dien-hinh/tim-kiem/")
    page.fill("#vd-q", query)
    page.press("#vd-q", "Enter")
    page.wait_for_function("document.getElementById('vd-search-status').textContent.startsWith('Tìm thấy') || document.getElementById('vd-search-status').textContent.startsWith('Không')")
    results = page.locator("#vd-search-results li").all_inner_texts()
    assert results, f"no result for {query!r}"
    assert page.locator("#vd-search-more").is_visible() == (len(results) >= 10)
    assert any(expected.lower() in r.lower() for r in results[:5]), results[:5]
    joined = " ".join(results)
    for private in ("Trương Công Danh", "Huỳnh Ngọc Anh Thư", "Đặng Thị Mỹ Linh"):
        assert private not in joined
    _shot(page, f"08-search-{query.replace(' ', '-')}")
    assert outside == []


def test_main_page_types_are_valid_html():
    site, section = sample_site()
    picks = {}
    for spec in section.pages:
        picks.setdefault(spec.template, spec)
    paths = [site / spec.path / "index.html" for spec in picks.values()]
    errors = vnu_check(paths)
    assert errors == [], "\n".join(f"{e.get('url', '')}:{e.get('lastLine')}: {e.get('message')}" for e in errors[:20])
