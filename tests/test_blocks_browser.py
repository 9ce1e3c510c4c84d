"""The blocks in a real browser: the sample home page, and an embed on another site.

Screenshots at phone and desktop width go to /tmp/wt12-shots/ (or $VINHDANH_SHOTS).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import serve
from sitebuild import sample_site

from vinhdanh.derive import views as derive

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("VINHDANH_SHOTS", "/tmp/wt12-shots"))
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("device", WIDTHS)
def test_home_page_shows_the_marker_blocks(browser, device):
    site, section = sample_site()
    newest = derive.chronological(section.content.exemplars)[:4]
    ongoing = derive.campaigns_by_state(section.content, section.today)["ongoing"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(site) as base:
        context = browser.new_context(viewport=WIDTHS[device], locale="vi-VN", is_mobile=device == "phone")
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(base + "/", wait_until="networkidle")
        cards = page.locator(".vd-block--newest .vd-card")
        assert cards.count() == 4
        names = [cards.nth(i).locator(".vd-card__name").inner_text() for i in range(4)]
        assert names == [e.name for e in newest]
        for i in range(4):
            assert cards.nth(i).is_visible()
            box = cards.nth(i).bounding_box()
            assert box["width"] > 250 and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[device]["width"]
        campaigns = page.locator(".vd-block--campaigns .vd-campaign h3")
        assert campaigns.all_inner_texts() == [v.campaign.title for v in ongoing]
        assert page.locator(".vd-block--campaigns .vd-state--ongoing").first.is_visible()
        # photos of the block load (the cards below the fold too, once scrolled to)
        page.locator(".vd-block--campaigns").scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        images = page.locator(".vd-block--newest img")
        assert images.count() >= 1
        assert all(images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(images.count()))
        # no sideways scrolling on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[device]["width"]
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("h2", has_text="Gương điển hình mới đăng").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"home-{device}.png"), full_page=True)
        assert not failed, failed
        context.close()


def test_embed_on_another_site_makes_no_request_of_its_own(browser, tmp_path):
    site, section = sample_site()
    folder = site / section.urls.exemplars / "nhung"
    snippet = (folder / "phong-trao.snippet.html").read_text(encoding="utf-8")
    host = tmp_path / "cms"
    host.mkdir()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve(site) as ours:
        embed_url = f"{ours}/{section.urls.exemplars}nhung/moi-nhat.html"
        (host / "index.html").write_text(
            "<!doctype html><html lang=vi><head><meta charset=utf-8><title>Cổng thông tin</title></head>"
            "<body style='margin:0;font-family:serif;background:#eef'><h1>Cổng thông tin bệnh viện</h1>"
            f"<iframe title='Gương điển hình' src='{embed_url}' style='width:360px;height:900px;border:0'></iframe>"
            f"<div style='max-width:600px'>{snippet}</div></body></html>",
            encoding="utf-8",
        )
        with serve(host) as cms:
            context = browser.new_context(viewport={"width": 1000, "height": 1000}, locale="vi-VN")
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(cms + "/", wait_until="networkidle")
            assert requests == [cms + "/", embed_url]  # the host page and the iframe document, nothing else
            frame = page.frame_locator("iframe")
            newest = derive.chronological(section.content.exemplars)[:6]
            assert frame.locator("article h3").all_inner_texts() == [e.name for e in newest]
            link = frame.locator("article h3 a").first
            assert link.get_attribute("href") == section.urls.absolute(section.urls.exemplar(newest[0].slug))
            pasted = page.locator("body > div > section h3")
            ongoing = derive.campaigns_by_state(section.content, section.today)["ongoing"]
            assert pasted.all_inner_texts() == [v.campaign.title for v in ongoing]
            # the pasted block keeps its own look inside a page with other fonts and colours
            assert "system-ui" in page.locator("body > div > section").evaluate("s => getComputedStyle(s).fontFamily")
            page.screenshot(path=str(SHOTS / "embed-on-cms.png"), full_page=True)
            context.close()
