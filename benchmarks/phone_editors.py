"""Decap (as `vinhdanh edit` serves it) and Sveltia CMS on a 390×844 touch screen (issue 24).

    .venv/bin/python benchmarks/phone_editors.py

Prints where Decap puts "Lưu", the photo picker's "Dùng ảnh đã chọn" and the
refusal panel, whether a HEIC photo can be picked, and which other hosts Sveltia
asks for (all blocked). Screenshots go to test-artifacts/newsroom-eval/.
Sveltia is fetched once with `npm pack` under benchmarks/out/ (git-ignored).
The findings are written up in docs/danh-gia-trinh-soan-dien-thoai.md.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import yaml
from PIL import Image
from pillow_heif import from_pillow
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM_ARGS, serve  # noqa: E402
from editing import running_editor, sample_copy  # noqa: E402
from test_editor_browser import field, pick  # noqa: E402

from vinhdanh.content.reader import load  # noqa: E402
from vinhdanh.editor.config import editor_config  # noqa: E402

OUT = HERE / "out" / "phone-editors"
SHOTS = ROOT / "test-artifacts" / "newsroom-eval"
SVELTIA = "0.221.1"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2, "locale": "vi-VN"}
WIDTHS = "() => [document.documentElement.scrollWidth, innerWidth]"


def box(locator) -> str:
    b = locator.bounding_box()
    return f"x {b['x']:.0f}…{b['x'] + b['width']:.0f}" if b else "không hiện"


def decap(browser) -> None:
    root = sample_copy(OUT / "decap")
    heic = OUT / "IMG_0421.HEIC"
    from_pillow(Image.new("RGB", (640, 480), "blue")).save(str(heic))
    with running_editor(root) as server:
        page = browser.new_context(**PHONE).new_page()
        page.goto(server.url)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_selector("text=Bộ sưu tập")
        print("Decap list: scrollWidth, innerWidth =", page.evaluate(WIDTHS))
        page.goto(server.url + "#/collections/exemplars/new")
        field(page, "Tiêu đề").fill("Thử trên điện thoại")
        field(page, "Họ tên").fill("Mai Thị Hoa")
        pick(page, "Khoa, phòng", "Khoa Nhi")
        field(page, "Ngày đăng").fill("2026-05-20")
        field(page, "Tóm tắt").fill("Chị Hoa lập nhóm trực đêm.")
        pick(page, "Trạng thái", "đăng (published)")
        page.evaluate("() => window.scrollTo(0, 0)")
        print("Decap form: scrollWidth, innerWidth =", page.evaluate(WIDTHS))
        save = page.get_by_role("button", name="Lưu", exact=True)
        print("Decap 'Lưu':", box(save), "on a 390 px screen")
        page.screenshot(path=str(SHOTS / "decap-390-form.png"))
        save.dispatch_event("click")  # a finger cannot reach it; the event can
        page.get_by_role("menuitem", name="Lưu", exact=True).dispatch_event("click")
        panel = page.locator("section.vd-refusal[role=alert]")
        panel.wait_for(timeout=20000)
        print("Decap refusal panel:", box(panel))
        page.screenshot(path=str(SHOTS / "decap-390-refusal-panel.png"))
        page.keyboard.press("Escape")
        page.locator("text=Chọn một hình").first.dispatch_event("click")
        page.locator("input[type=file]").first.set_input_files(str(heic))
        time.sleep(3)
        print("Decap picker after IMG_0421.HEIC: 'Không tìm thấy hình nào' shown:", "Không tìm thấy hình nào" in page.evaluate("() => document.body.innerText"))
        page.locator("input[type=file]").first.set_input_files(str(OUT / "anh.jpg"))
        use = page.get_by_role("button", name="Dùng ảnh đã chọn")
        use.wait_for()
        print("Decap 'Dùng ảnh đã chọn':", box(use))
        page.screenshot(path=str(SHOTS / "decap-390-picker.png"))


def sveltia(browser) -> None:
    package = OUT / "sveltia" / "package"
    if not (package / "dist" / "sveltia-cms.js").is_file():
        (OUT / "sveltia").mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"@sveltia/cms@{SVELTIA}"], cwd=OUT / "sveltia", check=True)
        with tarfile.open(OUT / "sveltia" / f"sveltia-cms-{SVELTIA}.tgz") as tar:
            tar.extractall(OUT / "sveltia", filter="data")
    site = OUT / "sveltia-site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    shutil.copy(package / "dist" / "sveltia-cms.js", site)
    result = load(ROOT)
    assert result.content is not None
    config = editor_config(result.content, proxy_url="http://127.0.0.1/")
    config.pop("local_backend")
    config["backend"] = {"name": "test-repo"}  # Sveltia has no proxy backend: its in-browser test repository
    (site / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (site / "index.html").write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Sveltia</title></head><body><script src="sveltia-cms.js"></script></body></html>',
        encoding="utf-8",
    )
    with serve(site) as base:
        context = browser.new_context(**PHONE)
        foreign: set[str] = set()

        def route(r) -> None:
            if r.request.url.startswith(base):
                r.continue_()
            else:
                foreign.add(r.request.url.split("?")[0])
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(base + "/")
        page.locator("button").first.click()
        time.sleep(2)
        page.goto(base + "/#/collections/exemplars/new")
        time.sleep(4)
        print("Sveltia form: scrollWidth, innerWidth =", page.evaluate(WIDTHS))
        page.screenshot(path=str(SHOTS / "sveltia-390-form.png"))
        print("Sveltia asked other hosts for (blocked):", *sorted(foreign), sep="\n  ")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), "red").save(OUT / "anh.jpg")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        decap(browser)
        sveltia(browser)
        browser.close()


if __name__ == "__main__":
    main()
