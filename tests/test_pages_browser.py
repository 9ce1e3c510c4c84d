"""Pages that look finished (issue 21, point 4), measured in a real Chromium at 390 and 1366 px.

Outcomes, not markup: where the browser draws the share buttons, whether the quota
table's cells have borders and room, what a screen reader calls the progress bar,
what a social platform reads in the head of the home and 404 pages.

Screenshots go to test-artifacts/pages/ (git-ignored), for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from browser import format_violations, run_axe, serve
from sitebuild import ROOT, sample_site

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-artifacts" / "pages"
WIDTHS = (390, 1366)
STORY = "guong-dien-hinh/nguyen-thi-lan/"
CAMPAIGN = "phong-trao-thi-dua/thay-thuoc-nhu-me-hien-2026/"
ALL_STORIES = "guong-dien-hinh/tat-ca/"


@pytest.fixture(scope="module")
def site():
    folder, section = sample_site()
    with serve(folder) as origin:
        yield origin + "/", section


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser):
    width = request.param
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=phone, has_touch=phone, locale="vi-VN")
    try:
        yield context.new_page()
    finally:
        context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _shot(page, name: str, selector: str | None = None) -> None:
    """Whole page, and the part under test alone (easier to look at)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    if selector:
        page.locator(selector).first.screenshot(path=str(SHOTS / f"{name}-{width}-detail.png"))


def _box(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        """els => els.filter(e => e.offsetParent !== null).map(e => {
            const r = e.getBoundingClientRect(), s = getComputedStyle(e);
            return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, marker: s.listStyleType,
                    marginLeft: parseFloat(s.marginLeft), paddingLeft: parseFloat(s.paddingLeft), text: e.innerText};
        })""",
    )


def test_share_buttons_sit_in_one_row_without_bullets_or_indent(site, page):
    base, _ = site
    _open(page, base + STORY)
    items = _box(page, ".vd-share__actions > li")
    assert len(items) == 4, items  # Facebook, Zalo, copy link, copy text (JavaScript on)
    tops = {round(i["top"]) for i in items}
    assert len(tops) == 1, f"share buttons on {len(tops)} rows: {[(i['text'], i['top']) for i in items]}"
    assert all(i["marker"] == "none" for i in items), [i["marker"] for i in items]
    heading = _box(page, ".vd-share h2")[0]
    listed = _box(page, ".vd-share__actions")[0]
    assert abs(listed["left"] - heading["left"]) < 1 and abs(items[0]["left"] - heading["left"]) < 1, (heading, listed, items[0])
    assert items[-1]["right"] <= _box(page, ".vd-share")[0]["right"], "the row runs out of its box"
    _shot(page, "story", ".vd-share")


def _text_box(page, selector: str) -> list[dict]:
    """The box of the text itself (a Range), not of its cell."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => { const r = document.createRange(); r.selectNodeContents(e);
            const b = r.getBoundingClientRect(); return {left: b.left, right: b.right, text: e.textContent}; })""",
    )


def test_quota_table_has_borders_and_room_and_the_progress_bar_a_label(site, page):
    base, section = site
    _open(page, base + CAMPAIGN)
    cells = page.eval_on_selector_all(
        ".vd-quota th, .vd-quota td",
        """els => els.map(e => { const s = getComputedStyle(e);
            return {text: e.textContent, border: parseFloat(s.borderBottomWidth), style: s.borderBottomStyle,
                    left: parseFloat(s.paddingLeft), right: parseFloat(s.paddingRight), top: parseFloat(s.paddingTop)}; })""",
    )
    assert len(cells) == 9
    for cell in cells:
        assert cell["border"] >= 1 and cell["style"] != "none", cell
        assert cell["left"] >= 6 and cell["right"] >= 6 and cell["top"] >= 3, cell
    head = _text_box(page, ".vd-quota thead th")
    assert [h["text"] for h in head] == ["Đối tượng", "Đã vinh danh", "Chỉ tiêu"]
    for a, b in itertools.pairwise(head):
        assert b["left"] - a["right"] >= 12, f"{a['text']!r} and {b['text']!r} run together: {a} {b}"
    table = _box(page, ".vd-quota")[0]
    assert table["right"] <= page.viewport_size["width"], "the table is wider than the screen"

    campaign = section.content.campaign("thay-thuoc-nhu-me-hien-2026")
    bar = page.get_by_role("progressbar")
    assert bar.count() == 1
    name = bar.evaluate("e => { const id = e.getAttribute('aria-labelledby'); return id ? document.getElementById(id).textContent : e.getAttribute('aria-label'); }")
    total = (campaign.end - campaign.start).days + 1
    elapsed = (dt.date(2026, 11, 25) - campaign.start).days + 1
    expected = f"{elapsed}/{total} ngày ({round(100 * elapsed / total)}%)"
    assert expected in " ".join(name.split()), name
    label = page.get_by_text(expected)
    assert label.is_visible(), "the progress has no visible label"
    assert bar.get_attribute("aria-valuenow") == str(round(100 * elapsed / total))
    _shot(page, "campaign", ".vd-campaign-page")


def test_back_to_top_reads_ve_dau_trang(site, page):
    base, _ = site
    _open(page, base + STORY)
    top = page.locator(".md-top")
    assert " ".join(top.text_content().split()) == "Về đầu trang"
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -400)  # Material shows the button while scrolling up
    top.wait_for(state="visible")
    assert top.is_visible()


def _meta(page) -> dict[str, list[str]]:
    return page.evaluate(
        """() => { const out = {}; for (const m of document.querySelectorAll('meta[name], meta[property]')) {
            const k = m.getAttribute('name') || m.getAttribute('property'); (out[k] = out[k] || []).push(m.content); } return out; }"""
    )


@pytest.mark.parametrize("path", ["", "khong-co-trang-nay/"], ids=["home", "404"])
def test_home_and_404_pages_have_a_description_and_open_graph(site, page, path):
    base, section = site
    response = page.goto(base + path)
    assert response is not None and response.status == (200 if not path else 404)
    meta = _meta(page)
    for key in ("description", "og:title", "og:description", "og:url", "og:image", "og:type", "og:site_name"):
        assert len(meta.get(key, [])) == 1 and meta[key][0].strip(), f"{key}: {meta.get(key)}"
    assert meta["description"] == meta["og:description"]
    site_ = section.content.site
    assert meta["og:url"][0].startswith(site_.base_url)
    assert meta["og:image"][0] == section.urls.absolute(section.urls.logo)
    assert site_.name in meta["og:title"][0] or site_.name in meta["og:site_name"][0]
    if not path:
        assert meta["og:url"][0] == site_.base_url and meta["og:title"][0] == site_.name
    else:
        assert "404" in meta["og:title"][0] or "Không tìm thấy" in meta["og:title"][0]


def test_cards_name_a_collective_once_and_show_a_date(site, page):
    base, section = site
    _open(page, base + ALL_STORIES)
    cards = page.eval_on_selector_all(
        ".vd-card",
        """els => els.map(e => ({name: e.querySelector('.vd-card__name').textContent.trim(),
            text: e.querySelector('.vd-card__name').innerText + '\\n' + e.querySelector('.vd-card__meta').innerText,
            times: [...e.querySelectorAll('time[datetime]')].filter(t => t.offsetParent !== null)
                     .map(t => [t.getAttribute('datetime'), t.textContent.trim()])}))""",
    )
    stories = {e.name: e for e in section.content.exemplars}
    collectives = [c for c in cards if stories[c["name"]].kind == "collective"]
    assert len(collectives) >= 3
    for card in collectives:
        unit = stories[card["name"]].unit.name
        assert card["text"].lower().count(unit.lower()) == 1, f"{unit!r} repeated in the card: {card['text']!r}"
    for card in cards:
        story = stories[card["name"]]
        assert card["times"] == [[story.date.isoformat(), f"{story.date:%d/%m/%Y}"]], card
    _shot(page, "cards", ".vd-cards")
    _open(page, base + "guong-dien-hinh/khoa-duoc-tiet-kiem/")
    meta = page.locator(".vd-person").inner_text()
    assert meta.count("Khoa Dược") == 1, meta


def test_campaign_milestones_in_chronological_order(site, page):
    base, section = site
    _open(page, base + CAMPAIGN)
    campaign = section.content.campaign("thay-thuoc-nhu-me-hien-2026")
    steps = page.eval_on_selector_all(
        ".vd-timeline > li",
        "els => els.map(e => ({name: e.querySelector('strong')?.textContent, date: e.querySelector('time[datetime]')?.getAttribute('datetime')}))",
    )
    names = [s["name"] or "" for s in steps]
    assert [s["date"] for s in steps] == sorted(s["date"] for s in steps), steps
    assert names[0].startswith("Công bố") and names[-1].startswith("Xét khen thưởng"), names
    assert [n for n in names if n.startswith("Đợt")] == [p.name for p in campaign.phases], names
    assert campaign.date.isoformat() == steps[0]["date"] and campaign.review.isoformat() == steps[-1]["date"]
    # Each step's dot sits on the timeline's line (Material's list indent once pushed them off it).
    off = page.eval_on_selector_all(
        ".vd-timeline > li",
        """els => els.map(e => { const line = e.parentElement.getBoundingClientRect(), b = getComputedStyle(e.parentElement).borderLeftWidth;
            const dot = getComputedStyle(e, '::before'); const x = e.getBoundingClientRect().left + parseFloat(dot.left) + parseFloat(dot.width) / 2;
            return Math.abs(x - (line.left + parseFloat(b) / 2)); })""",
    )
    assert max(off) < 1.5, off


def test_printed_story_shows_the_hospital_and_none_of_the_screen(site, page):
    base, section = site
    _open(page, base + STORY)
    page.emulate_media(media="print")
    assert page.locator(".vd-print-site").is_visible() and not page.locator(".vd-share").is_visible()
    assert section.content.site.name in page.locator(".vd-print-site").inner_text()
    _shot(page, "story-print")


@pytest.mark.parametrize("path", ["", STORY, CAMPAIGN, ALL_STORIES, "khong-co-trang-nay/"], ids=["home", "story", "campaign", "cards", "404"])
def test_changed_pages_pass_axe(site, page, path):
    base, _ = site
    _open(page, base + path)
    violations = run_axe(page)
    assert not violations, format_violations(violations)
    if path == "":
        _shot(page, "home")
