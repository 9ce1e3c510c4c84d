"""`mkdocs serve` works as it is and rebuilds on edits under content/, photos included."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from playwright.sync_api import expect
from sitebuild import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    return _get_bytes(url).decode("utf-8")


def _get_bytes(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def _start_serve(project) -> tuple[int, subprocess.Popen]:
    """`mkdocs serve` of `project` on a free 127.0.0.1 port (the test stops it with _stop_serve)."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return port, server


def _stop_serve(server: subprocess.Popen) -> str:
    """Stop the server; its whole output."""
    server.terminate()
    output, _ = server.communicate(timeout=30)
    return output


def _wait_for(url: str, predicate, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never satisfied the condition; last body starts {last[:200]!r}")


def test_serve_rebuilds_on_story_and_photo_edits(tmp_path):
    project = copy_project(tmp_path / "p")
    port, server = _start_serve(project)
    try:
        url = f"http://127.0.0.1:{port}/guong-dien-hinh/ho-van-tam/"
        first = _wait_for(url, lambda body: "Hồ Văn Tâm" in body)
        old_photo = re.search(r'<img src="([^"]+)"', first.split('class="vd-lead-photo"')[1]).group(1)
        story = project / "content/exemplars/2024/ho-van-tam.md"
        story.write_text(story.read_text().replace("position:", "position: Tổ trưởng mới ·", 1), encoding="utf-8")
        _wait_for(url, lambda body: "Tổ trưởng mới" in body)

        # a new photo beside a story shows up after the rebuild, processed like any other
        from PIL import Image

        Image.new("RGB", (900, 600), (40, 120, 90)).save(project / "content/exemplars/anh/moi.jpg", quality=80)
        text = story.read_text()
        text = text.replace("photo: ../anh/bep-com-yeu-thuong.jpg", "photo: ../anh/moi.jpg")
        story.write_text(text, encoding="utf-8")
        body = _wait_for(url, lambda body: old_photo not in body)
        new_photo = re.search(r'<img src="([^"]+)"', body.split('class="vd-lead-photo"')[1]).group(1)
        assert new_photo != old_photo
        assert _get_bytes(f"http://127.0.0.1:{port}{new_photo}")[:2] == b"\xff\xd8"  # the new JPEG is served
    finally:
        output = _stop_serve(server)
    assert "Traceback" not in output, output[-3000:]
    # Every rebuild after the first re-rendered only what the edit touched; the rest was reused.
    counts = [tuple(map(int, m)) for m in re.findall(r"vinhdanh: (\d+) trang dựng lại, (\d+) trang không đổi", output)]
    assert len(counts) >= 3, output[-3000:]
    (first_rendered, first_reused), *later = counts
    assert first_reused == 0 and first_rendered > 20
    for rendered, reused in later:  # a save that changes no page (the photo before the story names it) renders none
        assert rendered + reused == first_rendered and rendered < first_rendered / 2, counts
    assert sum(rendered for rendered, _ in later) > 0, counts


def test_serve_reloads_the_open_page_after_a_save(tmp_path, browser):
    """Live reload as before: the open story page shows the saved text by itself."""
    project = copy_project(tmp_path / "p")
    port, server = _start_serve(project)
    try:
        url = f"http://127.0.0.1:{port}/guong-dien-hinh/ho-van-tam/"
        _wait_for(url, lambda body: "Hồ Văn Tâm" in body)
        page = browser.new_page()
        page.goto(url)
        story = project / "content/exemplars/2024/ho-van-tam.md"
        head, sep, body = story.read_text(encoding="utf-8").partition("\n---\n")
        story.write_text(f"{head}{sep}\nDòng vừa lưu, hiện không cần tải lại.\n{body}", encoding="utf-8")
        # A locator assertion retries across the reload's navigation (wait_for_function
        # fails when the reload destroys the page it polls in, as it did under load).
        expect(page.locator("body")).to_contain_text("Dòng vừa lưu, hiện không cần tải lại.", timeout=90000)
        page.close()
    finally:
        output = _stop_serve(server)
    assert "Traceback" not in output, output[-3000:]


def test_serve_writes_saved_content_without_the_engine_and_runs_it_when_its_output_changes(tmp_path):
    """A story saved, broken, fixed or deleted: the section is written again by itself (no
    "Building documentation" from MkDocs); the site's name changed: the engine runs again."""
    project = copy_project(tmp_path / "p")
    port, server = _start_serve(project)
    try:
        base = f"http://127.0.0.1:{port}/guong-dien-hinh/"
        url = base + "ho-van-tam/"
        _wait_for(url, lambda body: "Hồ Văn Tâm" in body)
        story = project / "content/exemplars/2024/ho-van-tam.md"
        original = story.read_text(encoding="utf-8")
        story.write_text(original.replace("title:", "title: Sửa lần một —", 1), encoding="utf-8")
        _wait_for(url, lambda body: "Sửa lần một" in body)

        story.write_text("---\ntitle: [không đóng\n---\n", encoding="utf-8")  # broken: the last good page stays
        time.sleep(2.0)
        assert "Sửa lần một" in _get(url)
        story.write_text(original.replace("title:", "title: Sửa lần hai —", 1), encoding="utf-8")
        _wait_for(url, lambda body: "Sửa lần hai" in body)

        gone = project / "content/exemplars/2024/vo-thi-thu-ha.md"
        gone_url = base + "vo-thi-thu-ha/"
        assert "</html>" in _get(gone_url)
        gone.unlink()
        _wait_for(base, lambda body: "vo-thi-thu-ha/" not in body)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _get(gone_url)
            except urllib.error.HTTPError as exc:
                assert exc.code == 404
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the deleted story's page is still served")

        site = project / "content/site.yml"
        site.write_text(site.read_text(encoding="utf-8").replace("name: Bệnh viện Đa khoa Sông Hậu", "name: Bệnh viện Đổi Tên", 1), encoding="utf-8")
        _wait_for(url, lambda body: "Bệnh viện Đổi Tên" in body)
    finally:
        output = _stop_serve(server)
    assert "Traceback" not in output, output[-3000:]
    # The engine built at start and once more for the site's new name; every story save was ours.
    assert output.count("Building documentation") == 2, output[-4000:]
    assert "ho-van-tam.md:3:1: E104 lỗi" in output  # the broken save was reported, file, line and all
