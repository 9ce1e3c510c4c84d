"""The share block in a real Chromium (issue 5): copy link, copy text to repost,
the Zalo fallback, nothing fetched from a third party, plain links without JS."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import serve
from sitebuild import sample_site

pytestmark = pytest.mark.browser

STORY = "guong-dien-hinh/nguyen-thi-lan/"
CAMPAIGN = "phong-trao-thi-dua/thay-thuoc-nhu-me-hien-2026/"


@pytest.fixture(scope="module")
def built():
    return sample_site()


@pytest.fixture(scope="module")
def server(built):
    site_dir, _ = built
    with serve(site_dir) as base:
        yield base


@pytest.fixture
def context(browser):
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        yield ctx
    finally:
        ctx.close()


def open_page(context, server, path):
    """Open `path`; return the page and every request it made (recorded from the start)."""
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(f"{server}/{path}")
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    return page, requests


def foreign(requests, own_host=None):
    """Requests that leave 127.0.0.1.

    Known exception, on the site's own host only: Material 9.x probes
    `sitemap.xml` next to every `<link rel="alternate">` (its language switcher;
    squidfunk/mkdocs-material#8576, fixed in Zensical), so each feed
    autodiscovery link costs one same-origin request on a deployed site (the
    build writes a sitemap there: see feeds.probe_sitemaps). On 127.0.0.1 it
    points at the production host; it is never a third party.
    """
    out = []
    for url in requests:
        if url.startswith(("data:", "blob:")):
            continue
        parts = urlsplit(url)
        if parts.hostname == "127.0.0.1":
            continue
        if own_host and parts.hostname == own_host and parts.path.endswith("/sitemap.xml"):
            continue
        out.append(url)
    return out


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_link_and_copy_text_on_a_story(built, server, context):
    _, section = built
    story = section.content.exemplar("nguyen-thi-lan")
    permalink = section.urls.absolute(STORY)
    own = urlsplit(section.content.site.base_url).hostname
    page, requests = open_page(context, server, STORY)
    assert requests and not foreign(requests, own), f"fetched before any click: {foreign(requests, own)}"
    site_dir = built[0]
    for url in requests:  # the own-host probes exist on the deployed site: no 404
        if urlsplit(url).hostname == own:
            assert (site_dir / url[len(section.content.site.base_url) :]).is_file(), url

    status = page.locator(".vd-share__status")
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.wait_for_function("document.querySelector('.vd-share__status').textContent.length > 0")
    assert clipboard(page) == permalink
    assert "Đã sao chép liên kết" in status.inner_text()

    page.get_by_role("button", name="Sao chép nội dung để đăng lại").click()
    page.wait_for_function("document.querySelector('.vd-share__status').textContent.includes('nội dung')")
    text = clipboard(page)
    assert text.startswith(story.title) and story.summary in text and permalink in text
    assert "#GuongDienHinh" in text and "#NguoiTotViecTot" in text

    # Zalo: no share sheet in desktop Chromium, so the link is copied for pasting into Zalo.
    page.evaluate("navigator.clipboard.writeText('')")
    page.get_by_role("button", name="Zalo").click()
    page.wait_for_function("document.querySelector('.vd-share__status').textContent.includes('Zalo')")
    assert clipboard(page) == permalink

    facebook = page.get_by_role("link", name="Facebook")
    assert facebook.get_attribute("href").startswith("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F")
    assert not foreign(requests, own), foreign(requests, own)  # copying fetched nothing either


def test_copy_link_falls_back_to_exec_command_without_clipboard_api(built, server, browser):
    _, section = built
    ctx = browser.new_context()  # no clipboard permission; hide the async Clipboard API
    ctx.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
    try:
        page, _ = open_page(ctx, server, CAMPAIGN)
        page.evaluate("""() => { window.__copied = null; const orig = document.execCommand.bind(document);
            document.execCommand = (cmd, ...rest) => { if (cmd === 'copy') { window.__copied = document.activeElement.value; return true; } return orig(cmd, ...rest); }; }""")
        page.get_by_role("button", name="Sao chép liên kết").click()
        page.wait_for_function("window.__copied !== null")
        assert page.evaluate("window.__copied") == section.urls.absolute(CAMPAIGN)
        assert "Đã sao chép liên kết" in page.locator(".vd-share__status").inner_text()
        assert page.locator("textarea").count() == 0  # the helper textarea is removed
    finally:
        ctx.close()


def test_without_javascript_only_the_facebook_link_shows(server, browser):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(f"{server}/{STORY}")
        assert page.get_by_role("link", name="Facebook").is_visible()
        for name in ("Zalo", "Sao chép liên kết", "Sao chép nội dung để đăng lại"):
            assert not page.locator(".vd-share button", has_text=name).is_visible()
    finally:
        ctx.close()


def test_zalo_uses_the_phone_share_sheet(built, server, browser):
    _, section = built
    ctx = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 844})
    ctx.add_init_script("""
        Object.defineProperty(navigator, 'userAgentData', {value: {mobile: true}, configurable: true});
        navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };""")
    try:
        page, requests = open_page(ctx, server, STORY)
        page.get_by_role("button", name="Zalo").click()
        page.wait_for_function("window.__shared !== undefined")
        shared = page.evaluate("window.__shared")
        story = section.content.exemplar("nguyen-thi-lan")
        assert shared == {"title": story.title, "text": story.summary, "url": section.urls.absolute(STORY)}
        assert not foreign(requests, urlsplit(section.content.site.base_url).hostname)
    finally:
        ctx.close()
