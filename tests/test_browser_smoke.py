"""Smoke test for the browser tool-chain: Debian Chromium + Playwright, axe-core, vnu."""

from __future__ import annotations

import base64

import pytest

from browser import format_violations, run_axe, serve, vnu_check

pytestmark = pytest.mark.browser

GOOD = """<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Điển hình tiên tiến – Nguyễn Thị Lan</title></head>
<body><main><h1>Nguyễn Thị Lan</h1>
<p>Điều dưỡng trưởng, Khoa Hồi sức tích cực.</p>
<img src="lan.png" alt="Chân dung Nguyễn Thị Lan" width="1" height="1">
</main></body></html>
"""

BAD = GOOD.replace(' alt="Chân dung Nguyễn Thị Lan"', "").replace("<title>", "<title>Lỗi ")

# 1x1 transparent PNG so the <img> actually loads.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("smoke")
    (root / "good.html").write_text(GOOD, encoding="utf-8")
    (root / "bad.html").write_text(BAD, encoding="utf-8")
    (root / "lan.png").write_bytes(PNG)
    return root


def test_chromium_renders_vietnamese_page_and_axe_is_clean(site, browser):
    with serve(site) as base:
        page = browser.new_page()
        resp = page.goto(f"{base}/good.html")
        assert resp is not None and resp.ok
        assert page.title() == "Điển hình tiên tiến – Nguyễn Thị Lan"
        assert page.inner_text("h1") == "Nguyễn Thị Lan"
        assert page.evaluate("document.images[0].naturalWidth") == 1
        violations = run_axe(page)
        assert isinstance(violations, list)
        assert violations == [], format_violations(violations)
        page.close()


def test_axe_reports_missing_image_alt(site, browser):
    with serve(site) as base:
        page = browser.new_page()
        page.goto(f"{base}/bad.html")
        violations = run_axe(page)
        ids = {v["id"] for v in violations}
        assert "image-alt" in ids, format_violations(violations)
        page.close()


def test_vnu_flags_only_the_invalid_page(site):
    assert vnu_check([site / "good.html"]) == []
    errors = vnu_check([site / "bad.html"])
    assert any("alt" in m["message"] for m in errors), errors
