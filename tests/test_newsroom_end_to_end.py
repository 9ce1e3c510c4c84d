"""Issue 24's Must show, end to end, as a hospital runs it.

A content repository made by `vinhdanh init` (git), accounts made by `vinhdanh user add`,
the newsroom started by the very command line of the systemd unit that `vinhdanh deploy
newsroom` writes, behind the nginx block it writes (TLS on 127.0.0.1, a CA made for the
test), beside the site's own HTTPS block (`vinhdanh deploy nginx`) in the same nginx.
Debian's Chromium trusts the test key only, and reaches the site's name (bv.example.vn)
at that nginx by a host-resolver rule; no request goes to any other host.

The story: a contributor on a 390×844 touch screen sends a good deed with an iPhone HEIC
photo (location inside); an author writes it up and sends it for review; a second author,
who opened it before the first one's last save, is refused (who, when) and keeps what
they typed, nothing written; the reviewer returns it once with a comment the author
reads, then approves; the live site is built and swapped, the author follows the page's
link through nginx and finds the story and its photo, a browser image without GPS; git
log shows each step under its user. Screenshots at 390 and 1366 px of each main screen
go to the test's folder and /tmp/e2e-shots/.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser import CONTROLS, off_screen
from newsroomkit import PASSWORD, USERS, repository
from nginx import free_port
from PIL import Image
from serverproject import cli, git
from test_newsroom_intake import heic
from tls import launch_trusting, make_ca, newsroom_behind_nginx

pytestmark = pytest.mark.browser

SITE_HOST = "bv.example.vn"  # content/site.yml's base_url
VIETNAM = dt.timezone(dt.timedelta(hours=7))
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
DESK = {"viewport": {"width": 1366, "height": 900}, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
SHOTS_COPY = Path("/tmp/e2e-shots")
GPS_IFD = 34853  # EXIF's GPSInfo pointer

TITLE = "Chị Võ Thị Mai và cháu bé lúc nửa đêm"
FIRST_DRAFT = "Hai giờ sáng, chị Mai nghe tiếng thở khò khè ở giường số 6.\n\nChị gọi bác sĩ trực ngay."
SUBMITTED = FIRST_DRAFT + "\n\n## Sau đêm ấy\n\nMẹ bé viết thư cảm ơn cả khoa."
HOAS_TEXT = "Bản của Hoa: chị Mai trực đêm ở Khoa Nhi đã mười năm."
COMMENT = "Thêm tên bác sĩ trực đêm đó."
RESUBMITTED = SUBMITTED + "\n\nBác sĩ trực đêm đó là anh Phạm Quốc Huy."


@dataclass
class Hospital:
    root: Path  # the content repository
    live: Path  # the live site nginx serves
    origin: str  # the newsroom, https://localhost:PORT
    site_port: int  # the site's HTTPS block, where bv.example.vn:443 is sent
    ca: Any  # tls.TestCA
    shots: Path
    hosts: set[str] = field(default_factory=set)  # every host:port the browser asked


def add_users(root: Path, state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As IT does: `vinhdanh user --state … add NAME --role … --full-name … --password-stdin`."""
    for user, (role, name) in USERS.items():
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        status, out, err = cli("--root", str(root), "user", "--state", str(state), "add", user, "--role", role, "--full-name", name, "--password-stdin")
        assert status == 0 and "Đã thêm tài khoản" in out, err


def service_command(unit: Path, state: Path) -> list[str]:
    """The unit's ExecStart as written, with the test's state folder instead of /var/lib's."""
    line = next(row for row in unit.read_text(encoding="utf-8").splitlines() if row.startswith("ExecStart="))
    argv = shlex.split(line[len("ExecStart=") :])
    argv[argv.index("--state") + 1] = str(state)
    return argv


def wait_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(encoding="utf-8")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"the newsroom did not listen on {port}:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture
def hospital(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hospital]:
    root, state, live = repository(tmp_path), tmp_path / "state", tmp_path / "www/site"
    ca = make_ca(tmp_path / "ca", names=("localhost", SITE_HOST))
    tls = ("--certificate", str(ca.certificate), "--certificate-key", str(ca.key))
    site_port = free_port()
    status, _, err = cli("--root", str(root), "deploy", "nginx", "--site-dir", str(live), "-o", str(tmp_path / "site"),
                         "--listen", f"127.0.0.1:{site_port}", "--http-listen", f"127.0.0.1:{free_port()}", *tls)  # fmt: skip
    assert status == 0, err
    add_users(root, state, monkeypatch)
    upstream = free_port()
    with newsroom_behind_nginx(root, live, upstream, ca, tmp_path, f"include {tmp_path / 'site/nginx/vinhdanh-site.conf'};") as newsroom:
        log = tmp_path / "newsroom.log"
        with log.open("wb") as out:
            server = subprocess.Popen(service_command(tmp_path / "out/systemd/vinhdanh-newsroom.service", state), cwd=root, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_listening(upstream, server, log)
            shots = tmp_path / "shots"
            shots.mkdir()
            yield Hospital(root, live, newsroom.origin, site_port, ca, shots)
        finally:
            server.send_signal(signal.SIGINT)  # `vinhdanh newsroom` stops on Ctrl+C and frees its port
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


# -- the browser ---------------------------------------------------------------------------


def new_page(browser, hospital: Hospital, options: dict):
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: hospital.hosts.add(request.url.split("/")[2]))
    page.goto(hospital.origin + "/")
    return context, page


def sign_in(page, user: str, touch: bool = False) -> None:
    page.locator("#login-user").fill(user)
    page.locator("#login-password").fill(PASSWORD)
    button = page.get_by_role("button", name="Đăng nhập")
    button.tap() if touch else button.click()
    page.locator("#user-name").wait_for()


def screens(page, hospital: Hospital, name: str, controls: str = CONTROLS, full_page: bool = True) -> None:
    """The screen as it is, at 390 and at 1366 px (the whole page, or what shows first), for a person to look at."""
    before = page.viewport_size
    SHOTS_COPY.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        if width == 390:
            assert off_screen(page, 390, controls) == [], name
        path = hospital.shots / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=full_page, scale="css")
        shutil.copy(path, SHOTS_COPY / path.name)
    page.set_viewport_size(before)


def banner(page):
    return page.locator("#banner")


def open_from_list(page, tab: str, title: str) -> None:
    page.locator(".bar__name a").click()
    page.get_by_role("link", name=tab, exact=True).click()
    page.locator(".item a", has_text=title).click()
    page.locator("form.story").wait_for()


def image_loaded(page, selector: str) -> bool:
    return bool(page.locator(selector).first.evaluate("img => img.complete && img.naturalWidth > 0"))


def fetched(page, url: str) -> bytes:
    """The bytes of `url` as this page's browser gets them (through nginx, over TLS)."""
    data = page.evaluate(
        """async url => {
            const r = await fetch(url, {cache: 'no-store'});
            if (!r.ok) return 'HTTP ' + r.status;
            const bytes = new Uint8Array(await r.arrayBuffer());
            let s = '';
            for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
            return btoa(s);
        }""",
        url,
    )
    assert not data.startswith("HTTP "), (url, data)
    return base64.b64decode(data)


# -- the steps -------------------------------------------------------------------------------


def contributor_sends_a_good_deed(browser, hospital: Hospital, tmp: Path) -> str:
    context, page = new_page(browser, hospital, PHONE)
    sign_in(page, "tam", touch=True)
    page.get_by_role("link", name="Gửi việc tốt").tap()
    page.get_by_label("Ai đã làm việc tốt").tap()
    page.get_by_label("Ai đã làm việc tốt").fill("Võ Thị Mai")
    page.get_by_label("Khoa, phòng của người đó").select_option(label="Khoa Nhi")
    page.get_by_label("Việc tốt đã làm").tap()
    page.get_by_label("Việc tốt đã làm").fill("Chị Mai trực đêm, phát hiện sớm một cháu bé khó thở và gọi bác sĩ kịp thời.")
    photo = tmp / "IMG_0421.HEIC"
    photo.write_bytes(heic())
    with Image.open(photo) as original:  # the camera's file does say where it was taken
        assert original.format == "HEIF" and original.getexif().get_ifd(GPS_IFD)
    with page.expect_file_chooser() as chooser:
        page.locator("label.button", has_text="Chọn ảnh có sẵn").tap()
    chooser.value.set_files(str(photo))
    page.locator(".photo__status", has_text="đã được xóa").wait_for()
    page.wait_for_function("() => { const i = document.querySelector('.photo__preview'); return i && !i.hidden && i.complete && i.naturalWidth > 0; }")
    page.get_by_label("Mô tả ảnh").fill("Chị Mai bế cháu bé bên giường bệnh")
    page.locator("label.check", has_text="Đã đồng ý").tap()
    assert page.get_by_label("Đã đồng ý").is_checked()
    assert page.get_by_label("Họ tên của bạn").input_value() == "Trần Văn Tâm"  # their own name, filled in
    assert off_screen(page, 390) == []
    screens(page, hospital, "1-nguoi-gui-bieu-mau")
    page.get_by_role("button", name="Gửi tin").tap()
    banner(page).filter(has_text="Đã gửi tin").wait_for()
    assert "Tin mới gửi" in page.locator(".item", has_text="Việc tốt của Võ Thị Mai").inner_text()
    # A shared phone: once signed out, nothing of what was typed stays on it.
    page.get_by_role("button", name="Đăng xuất").tap()
    page.locator("#login-user").wait_for()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('vd-newsroom'))") == []
    assert page.errors == []
    context.close()
    story = next(hospital.root.glob("content/exemplars/*/vo-thi-mai/index.md"))
    return story.relative_to(hospital.root).as_posix()


def refusal_time(root: Path, rel: str) -> str:
    """When the file was last committed, as the newsroom says it: Vietnam's clock."""
    stamp = dt.datetime.fromisoformat(git(root, "log", "-1", "--format=%aI", "--", rel).strip())
    return stamp.astimezone(VIETNAM).strftime("%H:%M ngày %d/%m/%Y")


def two_authors(browser, hospital: Hospital, rel: str):
    """Lan writes the deed up; Hoa opens it before Lan's last save and is refused after it."""
    root = hospital.root
    lan_context, lan = new_page(browser, hospital, DESK)
    sign_in(lan, "lan")
    lan.get_by_role("link", name="Tin mới gửi", exact=True).click()
    lan.locator(".item", has_text="Việc tốt của Võ Thị Mai").wait_for()
    screens(lan, hospital, "2-bien-tap-vien-tin-moi")
    lan.locator(".item a", has_text="Việc tốt của Võ Thị Mai").click()
    lan.get_by_label("Tiêu đề").fill(TITLE)
    lan.get_by_label("Nội dung bài").fill(FIRST_DRAFT)
    lan.get_by_role("button", name="Lưu", exact=True).click()
    banner(lan).filter(has_text="Đã lưu").wait_for()

    hoa_context, hoa = new_page(browser, hospital, DESK)
    sign_in(hoa, "hoa")
    open_from_list(hoa, "Tin mới gửi", TITLE)
    assert hoa.get_by_label("Nội dung bài").input_value().strip() == FIRST_DRAFT

    lan.get_by_label("Nội dung bài").fill(SUBMITTED)  # Lan's last save: to review
    lan.get_by_role("button", name="Gửi duyệt").click()
    banner(lan).filter(has_text="Đã gửi duyệt").wait_for()
    # She lands on her own list, where the deed she wrote up now waits for review.
    assert lan.get_by_role("link", name="Của tôi", exact=True).get_attribute("aria-current") == "page"
    assert "Chờ duyệt" in lan.locator(".item", has_text=TITLE).inner_text()
    screens(lan, hospital, "2-bien-tap-vien-cua-toi")
    before, commits = (root / rel).read_bytes(), git(root, "rev-list", "--count", "HEAD")

    hoa.get_by_label("Nội dung bài").fill(HOAS_TEXT)
    with hoa.expect_response(lambda r: r.url.endswith("/api/item") and r.request.method == "POST") as answer:
        hoa.get_by_role("button", name="Lưu", exact=True).click()
    assert answer.value.status == 409
    refused = banner(hoa).filter(has_text="Nguyễn Thị Lan")
    refused.wait_for()
    assert f"Bài đã được Nguyễn Thị Lan sửa lúc {refusal_time(root, rel)}" in refused.inner_text()
    assert hoa.get_by_label("Nội dung bài").input_value() == HOAS_TEXT  # nothing typed is lost
    assert (root / rel).read_bytes() == before and git(root, "rev-list", "--count", "HEAD") == commits  # nothing written
    screens(hoa, hospital, "3-tu-choi-luu-cu", full_page=False)  # what shows: the refusal above the form
    assert hoa.errors == []
    hoa_context.close()
    return lan_context, lan


def reviewer_returns(browser, hospital: Hospital):
    context, page = new_page(browser, hospital, DESK)
    sign_in(page, "minh")
    assert page.get_by_role("link", name="Chờ duyệt", exact=True).get_attribute("aria-current") == "page"  # the queue comes first
    queued = page.locator(".item", has_text=TITLE)
    assert "Chờ duyệt" in queued.inner_text()
    screens(page, hospital, "4-cho-duyet")
    queued.locator("a").click()
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Xem trước").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert TITLE in preview.locator("h1").inner_text() and "Khoa Nhi" in preview.inner_text("main")
    assert "Sau đêm ấy" in preview.inner_text("main")
    assert image_loaded(preview, "main img")  # the photo, through the newsroom
    screens(preview, hospital, "5-xem-truoc")
    preview.close()
    page.get_by_label("Ý kiến trả lại").fill(COMMENT)
    page.get_by_role("button", name="Trả lại").click()
    banner(page).filter(has_text="Đã trả lại").wait_for()
    return context, page


def author_resubmits(lan) -> None:
    open_from_list(lan, "Nháp", TITLE)
    comments = lan.locator(".comments")
    assert COMMENT in comments.inner_text() and "Phạm Văn Minh" in comments.inner_text()
    lan.get_by_label("Nội dung bài").fill(RESUBMITTED)
    lan.get_by_role("button", name="Gửi duyệt").click()
    banner(lan).filter(has_text="Đã gửi duyệt").wait_for()


def reviewer_approves(minh) -> str:
    open_from_list(minh, "Chờ duyệt", TITLE)
    minh.get_by_role("button", name="Duyệt đăng").click()
    link = banner(minh).get_by_role("link", name="Xem trang đã đăng")
    link.wait_for(timeout=60_000)  # approval builds and swaps the live site first
    return link.get_attribute("href") or ""


def the_published_page(lan, hospital: Hospital, approved: str) -> None:
    """The author finds the page's link on the story, follows it, and reads the story with its photo."""
    open_from_list(lan, "Đã đăng", TITLE)
    # Published: no «Lưu» for an author, and the form says why (a change needs the reviewer).
    assert lan.locator(".actionbar").is_hidden() and "người duyệt" in lan.locator(".notice--locked").inner_text()
    screens(lan, hospital, "7-bai-da-dang-bien-tap-vien", full_page=False)
    href = lan.get_by_role("link", name="Trang đã đăng").get_attribute("href")
    assert href == approved and href.startswith(f"https://{SITE_HOST}/")
    assert (hospital.live / href.removeprefix(f"https://{SITE_HOST}/") / "index.html").is_file()  # built and swapped in
    lan.goto(href)
    assert lan.url == href  # the site's own name, over TLS, through nginx
    assert TITLE in lan.locator("h1").inner_text()
    assert "Bác sĩ trực đêm đó là anh Phạm Quốc Huy." in lan.inner_text("article, main")
    photo = lan.locator("img[alt='Chị Mai bế cháu bé bên giường bệnh']").first
    photo.scroll_into_view_if_needed()
    lan.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    sources = {photo.evaluate("img => img.currentSrc"), photo.evaluate("img => img.src")}
    lan.evaluate("window.scrollTo(0, 0)")
    screens(lan, hospital, "6-trang-da-dang", controls="article a, article img")  # Material's drawer waits off-screen
    for url in sorted(sources):
        with Image.open(io.BytesIO(fetched(lan, url))) as img:
            assert img.format in ("JPEG", "WEBP"), (url, img.format)  # a browser image, never HEIC
            assert GPS_IFD not in img.getexif(), url


def test_a_good_deed_from_a_phone_to_the_live_site(hospital: Hospital, tmp_path: Path) -> None:
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    root = hospital.root
    started = git(root, "rev-parse", "HEAD").strip()
    with sync_playwright() as p:
        # The site's name leads to the test nginx's site block; nothing else is resolved.
        browser = launch_trusting(p, hospital.ca, f"--host-resolver-rules=MAP {SITE_HOST}:443 127.0.0.1:{hospital.site_port}")
        try:
            rel = contributor_sends_a_good_deed(browser, hospital, tmp_path)
            lan_context, lan = two_authors(browser, hospital, rel)
            minh_context, minh = reviewer_returns(browser, hospital)
            author_resubmits(lan)
            approved = reviewer_approves(minh)
            the_published_page(lan, hospital, approved)
            assert lan.errors == [] and minh.errors == []
            lan_context.close()
            minh_context.close()
        finally:
            browser.close()

    newsroom_host = hospital.origin.split("/")[2]
    assert hospital.hosts == {newsroom_host, SITE_HOST}, hospital.hosts  # no request anywhere else
    steps = git(root, "log", "--reverse", "--format=%an|%s", f"{started}..HEAD").splitlines()
    assert steps == [
        "Trần Văn Tâm|Lưu: Võ Thị Mai",
        f"Nguyễn Thị Lan|Lưu: {TITLE}",
        f"Nguyễn Thị Lan|Gửi duyệt: {TITLE}",
        f"Phạm Văn Minh|Trả lại: {TITLE} — {COMMENT}",
        f"Nguyễn Thị Lan|Gửi duyệt: {TITLE}",
        f"Phạm Văn Minh|Duyệt đăng: {TITLE}",
    ]
    assert git(root, "status", "--porcelain").strip() == ""
    assert re.search(r"^status: published$", (root / rel).read_text(encoding="utf-8"), re.M)
