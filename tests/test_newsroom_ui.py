"""The newsroom's page in Debian's Chromium, against the real newsroom server (127.0.0.1, port 0).

A contributor on a 390×844 touch screen sends a good deed with an iPhone HEIC photo,
every control within the screen; an author's text survives a dropped network (the
draft is offered back after a reload), a refused save (the error beside the field,
by its form label) and a stale save (who changed it, when); the reviewer's queue
shows "Chờ duyệt", a return needs a comment the author then reads, and approval
gives the published page's link. No request leaves 127.0.0.1, axe finds nothing.
Screenshots at 390 and 1366 px go to test-artifacts/newsroom/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from browser import axe_path, format_violations, off_screen, run_axe
from newsroomkit import PASSWORD, running_newsroom, signed_in
from PIL import Image
from playwright.sync_api import expect
from test_newsroom_intake import GPS, MAKE, heic

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "newsroom"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2, "locale": "vi-VN"}
DESK = {"viewport": {"width": 1366, "height": 900}, "locale": "vi-VN"}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory):
    with running_newsroom(tmp_path_factory.mktemp("newsroom"), build=True) as server:
        yield server


def url_of(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


def open_page(browser, server, options: dict, hosts: set[str] | None = None):
    context = browser.new_context(**options)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    if hosts is not None:
        page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(url_of(server))
    return context, page


def login(page, user: str) -> None:
    page.locator("#login-user").fill(user)
    page.locator("#login-password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.locator("#user-name").wait_for()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)


def small_targets(page) -> list[str]:
    """Buttons and fields lower than 44 px (WCAG 2.5.5's target size)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('main button, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not(.visually-hidden), main select, main label.button, main label.check')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.height && r.height < 44; })
                .map(e => (e.textContent || e.name).trim().slice(0, 30) + ' ' + Math.round(e.getBoundingClientRect().height) + ' px')"""
        )
    )


def no_axe_violations(page) -> None:
    # The page's policy refuses injected <script> tags: axe goes in through DevTools instead.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_path().read_text(encoding="utf-8") + "\n;0")
    violations = run_axe(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]})
    assert violations == [], format_violations(violations)


def field(page, label: str):
    return page.get_by_label(label, exact=False).first


def test_a_contributor_sends_a_good_deed_with_an_iphone_photo_from_a_phone(browser, newsroom, tmp_path) -> None:
    hosts: set[str] = set()
    context, page = open_page(browser, newsroom, PHONE, hosts)
    page.locator("#login-user").wait_for()
    assert off_screen(page, 390) == []
    shot(page, "01-dang-nhap-390")
    no_axe_violations(page)
    login(page, "tam")
    expect(page.get_by_role("heading", name="Tin người tốt việc tốt")).to_be_visible()
    shot(page, "02-danh-sach-nguoi-gui-390")
    page.get_by_role("link", name="Gửi việc tốt").tap()
    expect(page.get_by_role("heading", name="Gửi tin người tốt việc tốt")).to_be_visible()

    # The photo: straight from the camera, or one already taken; HEIC offered by name.
    camera = page.locator("input[type=file][capture]")
    assert camera.get_attribute("accept") == "image/*,.heic,.heif" and camera.get_attribute("capture") == "environment"
    field(page, "Ai đã làm việc tốt").fill("Võ Thị Mai")
    page.get_by_label("Khoa, phòng của người đó").select_option(label="Khoa Nhi")
    field(page, "Việc tốt đã làm").fill("Chị Mai trực đêm, phát hiện sớm một cháu bé khó thở và gọi bác sĩ kịp thời.")
    photo = tmp_path / "IMG_0421.HEIC"
    photo.write_bytes(heic())
    page.locator("input[type=file]:not([capture])").set_input_files(str(photo))
    expect(page.locator(".photo__status")).to_contain_text("đã được xóa")
    page.wait_for_function("() => { const i = document.querySelector('.photo__preview'); return i && !i.hidden && i.complete && i.naturalWidth > 0; }")
    field(page, "Mô tả ảnh").fill("Chị Mai bế cháu bé bên giường bệnh")
    page.get_by_label("Đã đồng ý").check()
    expect(field(page, "Họ tên của bạn")).to_have_value("Trần Văn Tâm")  # the submitter's own name, filled in
    assert off_screen(page, 390) == []
    assert small_targets(page) == []
    no_axe_violations(page)
    shot(page, "03-gui-viec-tot-390")

    page.get_by_role("button", name="Gửi tin").tap()
    expect(page.locator("#banner")).to_contain_text("Đã gửi tin")
    item = page.locator(".item").first
    expect(item).to_contain_text("Việc tốt của Võ Thị Mai")
    expect(item).to_contain_text("Tin mới gửi")
    expect(item).to_contain_text("Khoa Nhi")
    assert off_screen(page, 390) == []
    shot(page, "04-da-gui-390")
    assert hosts == {f"127.0.0.1:{newsroom.server_address[1]}"}
    assert page.errors == []
    context.close()

    # On disk: a candidate story with its photo beside it, a JPEG without a location.
    story = next(newsroom.desk.root.glob("content/exemplars/*/vo-thi-mai/index.md"))
    text = story.read_text(encoding="utf-8")
    assert "status: candidate" in text and "submitted_by: Trần Văn Tâm" in text and "consent: true" in text
    name = re.search(r"^photo: (.+)$", text, re.M).group(1)
    with Image.open(story.parent / name) as img:
        assert img.format == "JPEG" and GPS not in img.getexif() and img.getexif()[MAKE] == "Apple"


def deed_path(server) -> str:
    return next(server.desk.root.glob("content/exemplars/*/vo-thi-mai/index.md")).relative_to(server.desk.root).as_posix()


def test_an_author_loses_nothing_offline_refused_or_stale(browser, newsroom) -> None:
    rel = deed_path(newsroom)
    context, page = open_page(browser, newsroom, PHONE)
    login(page, "lan")
    page.get_by_role("link", name="Tin mới gửi").tap()
    page.get_by_role("link", name=re.compile("Việc tốt của Võ Thị Mai")).tap()
    title = field(page, "Tiêu đề")
    expect(title).to_have_value("Việc tốt của Võ Thị Mai")
    assert [b.inner_text() for b in page.locator(".actionbar button").all()] == ["Lưu", "Gửi duyệt"]  # never "Duyệt đăng"
    assert off_screen(page, 390) == []

    # The network drops: nothing lost, and a reload offers the text back.
    title.fill("Chị Võ Thị Mai và cháu bé lúc nửa đêm")
    context.set_offline(True)
    page.get_by_role("button", name="Lưu", exact=True).tap()
    expect(page.locator("#banner")).to_contain_text("Mất kết nối")
    context.set_offline(False)
    page.reload()
    expect(page.locator("#banner")).to_contain_text("bản đang soạn dở")
    page.get_by_role("button", name="Khôi phục bản đang soạn").tap()
    expect(field(page, "Tiêu đề")).to_have_value("Chị Võ Thị Mai và cháu bé lúc nửa đêm")

    # Refused by the reader: the message stands beside the field, under its form label.
    field(page, "Ngày cập nhật").fill("2020-01-01")
    page.get_by_role("button", name="Lưu", exact=True).tap()
    error = page.locator("[data-field=updated] .field-error")
    expect(error).to_contain_text("Ngày cập nhật")
    expect(page.locator("#error-summary")).to_contain_text("Chưa lưu")
    assert "`" not in error.inner_text() and "updated" not in error.inner_text()
    expect(field(page, "Tiêu đề")).to_have_value("Chị Võ Thị Mai và cháu bé lúc nửa đêm")
    assert off_screen(page, 390) == []
    shot(page, "05-bai-loi-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "06-bai-loi-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    field(page, "Ngày cập nhật").fill("")

    # Stale: a second author saved meanwhile; who and when are said, the typed text stays.
    hoa = signed_in(newsroom, "hoa")
    item = hoa.get(f"/api/item?path={rel}").body
    assert hoa.post("/api/item", {"path": rel, "kind": "exemplar", "values": {**item["values"], "position": "Điều dưỡng"}, "version": item["version"], "action": "save"}).status == 200
    page.get_by_role("button", name="Lưu", exact=True).tap()
    expect(page.locator("#banner")).to_contain_text("Lê Thị Hoa")
    expect(page.locator("#banner")).to_contain_text("lúc")
    expect(field(page, "Tiêu đề")).to_have_value("Chị Võ Thị Mai và cháu bé lúc nửa đêm")
    assert "Chị Võ Thị Mai và cháu bé" not in (newsroom.desk.root / rel).read_text(encoding="utf-8")

    # Opened again, the author's text goes in on top of the other author's change, then to review.
    page.goto(url_of(newsroom) + "#/edit?path=" + rel)
    expect(page.locator("#banner")).to_contain_text("bản đang soạn dở")
    field(page, "Tiêu đề").fill("Chị Võ Thị Mai và cháu bé lúc nửa đêm")
    page.get_by_role("button", name="Gửi duyệt").tap()
    expect(page.locator("#banner")).to_contain_text("Đã gửi duyệt")
    assert page.errors == []
    context.close()
    text = (newsroom.desk.root / rel).read_text(encoding="utf-8")
    assert "status: review" in text and "position: Điều dưỡng" in text and "title: Chị Võ Thị Mai và cháu bé lúc nửa đêm" in text


def test_the_reviewer_returns_with_a_comment_then_approves(browser, newsroom) -> None:
    rel = deed_path(newsroom)
    context, page = open_page(browser, newsroom, DESK)
    login(page, "minh")
    expect(page.get_by_role("link", name="Chờ duyệt", exact=True)).to_have_attribute("aria-current", "page")  # the queue comes first
    queued = page.locator(".item", has_text="Chị Võ Thị Mai và cháu bé lúc nửa đêm")
    expect(queued).to_contain_text("Chờ duyệt")
    no_axe_violations(page)
    shot(page, "07-cho-duyet-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert off_screen(page, 390) == []
    shot(page, "08-cho-duyet-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    queued.locator("a").click()
    expect(page.get_by_role("link", name="Xem trước")).to_have_attribute("href", "/preview?path=" + rel.replace("/", "%2F"))
    assert [b.inner_text() for b in page.locator(".actionbar button").all()] == ["Lưu", "Gửi duyệt", "Duyệt đăng", "Trả lại"]
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator("[data-field=comment] .field-error")).to_contain_text("Ý kiến trả lại")
    page.get_by_label("Ý kiến trả lại").fill("Thêm tên bác sĩ trực đêm đó.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator("#banner")).to_contain_text("Đã trả lại")

    # The author reads the comment on the story.
    author_context, author = open_page(browser, newsroom, PHONE)
    login(author, "lan")
    author.goto(url_of(newsroom) + "#/edit?path=" + rel)
    expect(author.locator(".comments")).to_contain_text("Thêm tên bác sĩ trực đêm đó.")
    expect(author.locator(".comments")).to_contain_text("Phạm Văn Minh")
    author.get_by_role("button", name="Gửi duyệt").tap()
    expect(author.locator("#banner")).to_contain_text("Đã gửi duyệt")
    author_context.close()

    page.goto(url_of(newsroom) + "#/edit?path=" + rel)
    page.get_by_role("button", name="Duyệt đăng").click()
    link = page.locator("#banner a", has_text="Xem trang đã đăng")
    expect(link).to_be_visible(timeout=120_000)  # approval builds the live site
    href = link.get_attribute("href")
    assert href and href.startswith("https://bv.example.vn/") and href.endswith("/")
    assert page.errors == []
    context.close()
    assert "status: published" in (newsroom.desk.root / rel).read_text(encoding="utf-8")


def test_the_story_form_at_1366_and_the_campaign_form(browser, newsroom) -> None:
    context, page = open_page(browser, newsroom, DESK)
    login(page, "lan")
    page.get_by_role("link", name="Viết bài mới").click()
    expect(page.get_by_label("Tiêu đề")).to_be_visible()
    # Codes never shown alone: departments and awards by their names.
    page.get_by_role("button", name="Thêm: thành tích, danh hiệu").click()
    award = page.locator("[data-field$='.title'] select").first
    assert "Chiến sĩ thi đua cơ sở (CSTĐCS)" in award.inner_text()
    no_axe_violations(page)
    shot(page, "09-bai-moi-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert off_screen(page, 390) == []
    shot(page, "10-bai-moi-390")
    page.goto(url_of(newsroom) + "#/new?kind=campaign")
    expect(page.get_by_label("Tên phong trào")).to_be_visible()
    assert off_screen(page, 390) == []
    context.close()


def test_no_write_from_the_page_without_its_token(newsroom) -> None:
    """The page sends the CSRF token on every write; without it the server refuses (and so would any other site)."""
    client = signed_in(newsroom, "tam")
    client.csrf = ""
    answer = client.post("/api/photo?for=new", raw=io.BytesIO(heic()).getvalue(), headers={"Content-Type": "image/heic"})
    assert answer.status == 403


def drafts_kept(page) -> list[str]:
    return list(page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('vd-newsroom-draft:'))"))


def test_signing_out_leaves_no_draft_on_a_shared_phone(browser, newsroom) -> None:
    """What was typed stays on the phone while one works; signing out asks, then removes it,
    so whoever uses the phone next does not find it (nor is it offered back to anyone)."""
    context, page = open_page(browser, newsroom, PHONE)
    login(page, "hoa")
    page.get_by_role("link", name="Viết bài mới").tap()
    field(page, "Tiêu đề").fill("Điều chưa muốn ai đọc")
    assert len(drafts_kept(page)) == 1
    page.once("dialog", lambda dialog: dialog.dismiss())  # changed one's mind: still signed in, draft kept
    page.get_by_role("button", name="Đăng xuất").tap()
    expect(page.locator("#user-name")).to_be_visible()
    assert len(drafts_kept(page)) == 1
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Đăng xuất").tap()
    expect(page.locator("#login-user")).to_be_visible()
    assert "bản đang soạn" in asked[0] and drafts_kept(page) == []
    page.reload()
    expect(page.locator("#login-user")).to_be_visible()  # the session ended on the server too
    login(page, "hoa")
    page.get_by_role("link", name="Viết bài mới").tap()
    expect(field(page, "Tiêu đề")).to_have_value("")
    expect(page.locator("#banner")).to_be_hidden()  # nothing offered back
    assert page.errors == []
    context.close()


def test_a_published_story_tells_an_author_why_it_cannot_be_saved(browser, newsroom) -> None:
    """The server refuses an author's save of a published story; the form says why instead of a «Lưu» that fails."""
    rel = deed_path(newsroom)
    context, page = open_page(browser, newsroom, PHONE)
    login(page, "lan")
    page.goto(url_of(newsroom) + "#/edit?path=" + rel)
    expect(page.locator(".notice--locked")).to_contain_text("nhờ người duyệt sửa")
    assert page.locator(".actionbar button").count() == 0 and page.locator(".actionbar").is_hidden()
    assert field(page, "Tiêu đề").is_disabled()
    assert off_screen(page, 390) == []
    context.close()
