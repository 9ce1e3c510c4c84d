"""Print (Decree 42/2022/NĐ-CP, Art. 7): story and campaign pages on A4, in real Chromium.

What reaches paper is checked twice: which elements the print stylesheet shows, and the
text of the PDF that Chromium prints (parsed with pypdf), page size included.
"""

from __future__ import annotations

import io

import pytest
from browser import serve
from sitebuild import sample_site

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.browser

STORY = "guong-dien-hinh/nguyen-thi-lan/"
CAMPAIGN = "phong-trao-thi-dua/thay-thuoc-nhu-me-hien-2026/"
A4 = (595.28, 841.89)  # points
CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".vd-share", ".vd-tools", ".md-search", ".vd-related"]


@pytest.fixture(scope="module")
def site(browser):
    folder, section = sample_site()
    with serve(folder) as origin:
        base = origin.rstrip("/") + "/"
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        yield context, base, section
        context.close()


def _visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()  # False when nothing matches


def _pdf_text(data: bytes) -> tuple[list[str], list[tuple[float, float]]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [p.extract_text() for p in reader.pages], [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_print_button_needs_javascript_and_opens_the_print_dialog(site, browser):
    context, base, _ = site
    page = context.new_page()
    page.add_init_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    page.goto(base + STORY)
    button = page.get_by_role("button", name="In bài")
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.close()
    no_js = browser.new_context(java_script_enabled=False)
    try:
        page = no_js.new_page()
        page.goto(base + STORY)
        assert page.locator("[data-vd-print]").count() == 1 and not page.locator("[data-vd-print]").is_visible()
        page.emulate_media(media="print")  # printing from the browser's menu still gets the print layout
        assert not _visible(page, ".md-header") and _visible(page, ".vd-print-source")
    finally:
        no_js.close()


def test_printed_story_has_the_article_and_none_of_the_chrome(site):
    context, base, section = site
    story = section.content.exemplar("nguyen-thi-lan")
    page = context.new_page()
    page.goto(base + STORY)
    page.wait_for_load_state("networkidle")
    assert all(_visible(page, s) for s in (".md-header", ".vd-share", ".vd-tools")), "screen layout shows its chrome"
    assert not _visible(page, ".vd-print-source")
    page.emulate_media(media="print")
    for selector in CHROME:
        assert not _visible(page, selector), f"{selector} is printed"
    for selector in (".vd-lead-photo img", ".vd-person__name", ".vd-person__meta", ".vd-awards", ".vd-decision", ".vd-body", ".vd-dates", ".vd-print-source"):
        assert _visible(page, selector), f"{selector} is not printed"
    pages, sizes = _pdf_text(page.pdf(prefer_css_page_size=True))
    page.close()
    assert all(abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5 for w, h in sizes), sizes  # A4 portrait
    text = _squash(" ".join(pages))
    assert story.name in text and story.position in text and story.unit.name in text
    assert _squash(story.title) in text
    for award in story.awards:
        assert award.title.name in text and (not award.decision or _squash(award.decision) in text)
    assert f"Đăng {story.date:%d/%m/%Y}" in text
    assert section.urls.absolute(section.urls.exemplar(story.slug)) in text.replace(" ", "")
    first_line = next(line for line in story.body.splitlines() if line.strip() and not line.startswith(("#", "!", "<")))
    assert _squash(first_line)[:40] in text
    for screen_only in ("Chia sẻ", "In bài", "Gương điển hình liên quan", "Bản tin RSS", "Tìm kiếm"):
        assert screen_only not in text, f"{screen_only!r} printed"


def test_printed_campaign_keeps_facts_phases_and_source(site):
    context, base, section = site
    campaign = section.content.campaign("thay-thuoc-nhu-me-hien-2026")
    page = context.new_page()
    page.goto(base + CAMPAIGN)
    page.emulate_media(media="print")
    for selector in CHROME:
        assert not _visible(page, selector), f"{selector} is printed"
    pages, sizes = _pdf_text(page.pdf(prefer_css_page_size=True))
    page.close()
    assert all(abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5 for w, h in sizes), sizes
    text = _squash(" ".join(pages))
    assert _squash(campaign.title) in text and campaign.host in text
    assert all(_squash(p.name) in text for p in campaign.phases)
    assert section.urls.absolute(section.urls.campaign(campaign.slug)) in text.replace(" ", "")
    assert "Chia sẻ" not in text and "In bài" not in text


def test_printed_story_starts_with_the_hospital_name(site):
    context, base, section = site
    site_ = section.content.site
    page = context.new_page()
    page.goto(base + STORY)
    assert not _visible(page, ".vd-print-site"), "the printed heading shows on screen"
    page.emulate_media(media="print")
    masthead = page.locator(".vd-print-site")
    assert masthead.is_visible(), "no hospital name on paper"
    assert masthead.bounding_box()["y"] < page.locator("h1").first.bounding_box()["y"]
    pages, _ = _pdf_text(page.pdf(prefer_css_page_size=True))
    page.close()
    first = _squash(pages[0])
    assert first.startswith(_squash(f"{site_.parent} {site_.name}")), first[:120]  # the parent body above, as on a letterhead


def test_printed_campaign_has_no_today_badge(site):
    context, base, _ = site
    page = context.new_page()
    page.goto(base + CAMPAIGN)
    assert _visible(page, ".vd-today"), "the sample campaign is ongoing: its current phase shows today on screen"
    page.emulate_media(media="print")
    assert not _visible(page, ".vd-today")
    pages, _ = _pdf_text(page.pdf(prefer_css_page_size=True))
    page.close()
    assert "Hôm nay" not in " ".join(pages)
