"""The editor in a real browser: `vinhdanh edit` started here on 127.0.0.1, Debian's Chromium.

Creates an individual exemplar through the form (department and award picked from
the lists, a real JPEG uploaded), sees a save refused in Vietnamese with nothing
lost, saves it, and the file validates and builds into a page; edits a sample
story; checks that every string is Vietnamese and that no request leaves the machine.
Screenshots at 1366×900 go to /tmp/wt11-shots/ (EDITOR_SHOTS overrides).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from editing import sample_copy
from PIL import Image
from playwright.sync_api import expect

from vinhdanh.content.reader import load

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("EDITOR_SHOTS", "/tmp/wt11-shots"))
NEW = "content/exemplars/2026/mai-thi-hoa/index.md"
LAN = "content/exemplars/2025/nguyen-thi-lan/index.md"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(project root, editor URL): the real `vinhdanh edit` command on an ephemeral port."""
    root = sample_copy(tmp_path_factory.mktemp("editor") / "site")
    process = subprocess.Popen(
        [sys.executable, "-m", "vinhdanh.cli", "--root", str(root), "edit", "--port", "0", "--no-browser", "--today", TODAY.isoformat()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        yield root, match.group(0)
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def page(browser, editor):
    _, url = editor
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.hosts = set()
    page.on("request", lambda r: page.hosts.add(r.url.split("/")[2] if "://" in r.url else r.url.split(":")[0]))
    page.goto(url)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("text=Bộ sưu tập")
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def field(page, label: str):
    """The input of the form field whose label starts with `label` (Decap links them by id)."""
    fid = page.wait_for_function("(t) => { const l = [...document.querySelectorAll('label')].find(l => l.textContent.startsWith(t)); return l && l.htmlFor; }", arg=label, timeout=15000).json_value()
    return page.locator(f"[id='{fid}']")


def pick(page, label: str, option: str) -> None:
    """Choose `option` in a select field by typing it, as an author would."""
    box = field(page, label)
    box.click()
    box.fill(option)
    page.locator("[id*='-option-']").filter(has_text=option).first.click()


def save(page) -> None:
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("menuitem", name="Lưu", exact=True).click()


def jpeg(path: Path) -> Path:
    out = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def test_locale_has_every_english_key(page) -> None:
    missing = page.evaluate("""() => {
        const keys = (o, p = '') => Object.entries(o).flatMap(([k, v]) => v && typeof v === 'object' ? keys(v, p + k + '.') : [p + k]);
        const vi = new Set(keys(CMS.getLocale('vi')));
        return keys(CMS.getLocale('en')).filter(k => !vi.has(k));
    }""")
    assert missing == []
    same = page.evaluate("""() => {
        const flat = (o, p = '') => Object.entries(o).flatMap(([k, v]) => v && typeof v === 'object' ? flat(v, p + k + '.') : [[p + k, v]]);
        const vi = Object.fromEntries(flat(CMS.getLocale('vi')));
        return flat(CMS.getLocale('en')).filter(([k, v]) => vi[k] === v && /[a-z]{3}/.test(v.replace(/%\\{\\w+\\}/g, ''))).map(([k]) => k);
    }""")
    assert same == [] or set(same) <= {"editor.editorWidgets.markdown.markdown"}, same


def test_lists_bundles_and_single_files(page, editor) -> None:
    _, url = editor
    page.goto(url + "#/collections/exemplars/filter/2026")
    page.wait_for_selector("text=Lý Thanh Sơn")  # content/exemplars/2026/ly-thanh-son.md, a single file
    page.get_by_role("link", name="tran-minh-khoa").wait_for()  # a page bundle: 2026/tran-minh-khoa/index.md
    shot(page, "01-danh-sach-2026")
    page.get_by_role("link", name="tran-minh-khoa").click()
    page.wait_for_selector("text=Trần Minh Khoa")
    assert page.locator("body").inner_text().count("Không có mục nào") == 0


def test_create_an_individual_exemplar_refused_then_saved_and_built(page, editor, tmp_path) -> None:
    root, url = editor
    page.goto(url + "#/collections/exemplars/new")
    field(page, "Tiêu đề").fill("Điều dưỡng Mai Thị Hoa - người giữ lửa những ca trực đêm")
    field(page, "Họ tên").fill("Mai Thị Hoa")
    pick(page, "Khoa, phòng", "Khoa Nhi")
    field(page, "Ngày đăng").fill("2026-05-20")
    field(page, "Tóm tắt").fill("Chị Hoa lập nhóm trực đêm hỗ trợ người bệnh nhi và gia đình.")
    page.get_by_role("button", name="Thêm thành tích, danh hiệu").click()
    field(page, "Năm").fill("2025")
    pick(page, "Danh hiệu", "Chiến sĩ thi đua cơ sở")
    field(page, "Số quyết định").fill("Quyết định số 12/QĐ-BVSH ngày 05/01/2026")
    page.get_by_role("button", name="Chọn một hình").click()
    page.locator("input[type=file]").set_input_files(str(jpeg(tmp_path / "hoa-ca-dem.jpg")))
    page.get_by_text("hoa-ca-dem.jpg").wait_for()
    shot(page, "02-tai-anh")
    page.get_by_role("button", name="Dùng ảnh đã chọn").click()
    field(page, "Mô tả ảnh").fill("Chị Hoa đo nhiệt độ cho một bệnh nhi")
    pick(page, "Trạng thái", "đăng (published)")
    shot(page, "03-bieu-mau")

    save(page)  # published, about a person, without consent: the validator refuses
    panel = page.locator("section.vd-refusal[role=alert]")
    panel.wait_for()
    text = panel.inner_text()
    assert "Bài chưa được lưu: có 1 lỗi cần sửa" in text
    assert "E401" in text and "[consent]" in text and f"{NEW}:" in text and "Gợi ý:" in text
    assert "đồng ý bằng văn bản" in text
    toast = page.locator(".Toastify__toast-body").filter(has_text="E401").inner_text()  # Decap's own notification
    assert toast.startswith("Bài CHƯA được lưu") and "API_ERROR" not in toast
    shot(page, "04-loi-chua-dong-y")
    assert not (root / NEW).exists() and not (root / NEW).parent.exists()
    # nothing typed is lost
    assert field(page, "Tiêu đề").input_value() == "Điều dưỡng Mai Thị Hoa - người giữ lửa những ca trực đêm"
    assert field(page, "Mô tả ảnh").input_value() == "Chị Hoa đo nhiệt độ cho một bệnh nhi"
    assert page.get_by_text("Chọn hình khác").count() == 1  # the photo is still there

    field(page, "Sự đồng ý").fill("Phiếu đồng ý ngày 15/5/2026, lưu tại Phòng TCCB")
    save(page)
    page.wait_for_url(re.compile(r"/entries/2026/mai-thi-hoa/index$"))
    assert not panel.is_visible()
    shot(page, "05-da-luu")

    result = load(root, TODAY)
    assert result.ok, [d.text() for d in result.diagnostics if d.is_error]
    hoa = next(e for e in result.content.exemplars if e.slug == "mai-thi-hoa")
    assert (hoa.kind, hoa.unit.id, hoa.status, hoa.date) == ("individual", "nhi", "published", dt.date(2026, 5, 20))
    assert [(a.year, a.title.id) for a in hoa.awards] == [(2025, "chien-si-thi-dua-co-so")]
    assert hoa.photo is not None and hoa.photo.source == root / "content/exemplars/2026/mai-thi-hoa/hoa-ca-dem.jpg"
    assert (hoa.photo.width, hoa.photo.height) == (1200, 900) and hoa.consent.startswith("Phiếu đồng ý")

    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    site = tmp_path / "built"
    build_into(root / "mkdocs.yml", site, prepare(root, TODAY))
    html = (site / "guong-dien-hinh/mai-thi-hoa/index.html").read_text(encoding="utf-8")
    assert "Mai Thị Hoa" in html and "Chiến sĩ thi đua cơ sở" in html and "Chị Hoa đo nhiệt độ cho một bệnh nhi" in html


def test_edit_a_sample_story(page, editor) -> None:
    root, url = editor
    before = next(e for e in load(root, TODAY).content.exemplars if e.slug == "nguyen-thi-lan")
    page.goto(url + "#/collections/exemplars/entries/2025/nguyen-thi-lan/index")
    page.reload()  # Decap's open editor does not follow a changed address by itself
    page.wait_for_function("() => [...document.querySelectorAll('input')].some(i => i.value === 'Nguyễn Thị Lan')")
    position = field(page, "Chức vụ")
    expect(position).to_have_value("Điều dưỡng trưởng khoa")
    expect(page.locator("iframe").content_frame.locator(".vd-dates")).to_have_text("Đăng ngày 12/06/2025 · Cập nhật 22/12/2025")
    position.fill("Điều dưỡng trưởng Khoa Hồi sức tích cực")
    shot(page, "06-sua-bai-mau")
    save(page)
    page.get_by_role("button", name="Đã lưu").wait_for()
    after = next(e for e in load(root, TODAY).content.exemplars if e.slug == "nguyen-thi-lan")
    assert after.position == "Điều dưỡng trưởng Khoa Hồi sức tích cực"
    import dataclasses

    assert dataclasses.replace(after, position=before.position, body_line=0) == dataclasses.replace(before, body_line=0)


def test_no_request_leaves_the_machine(page, editor) -> None:
    _, url = editor
    assert page.hosts == {url.split("/")[2]}, page.hosts
