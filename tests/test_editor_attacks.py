"""`vinhdanh edit` attacked as another web page (or a raw socket) would: nothing under content/ may change.

The hole these tests pin: a refused request whose body was never read left that
body on the kept-alive connection, where it was read as the next request; a body
that is itself a JSON write with the editor's own Host and no Origin was saved.
Now every refusal closes the connection, the framing of a body is checked
(length present, bounded, single, not chunked), and a write must name the
session's secret proxy path, which only the editor's own page can read.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from editing import exchange, running_editor, sample_copy

LAN = "content/exemplars/2025/nguyen-thi-lan/index.md"
HACKED = "Kẻ gian đã sửa"


@pytest.fixture
def editor(tmp_path: Path):
    root = sample_copy(tmp_path / "site")
    with running_editor(root) as server:
        yield server


def proxy_path(editor) -> str:
    """The path Decap posts to, as the editor's own page reads it from /config.yml."""
    with urllib.request.urlopen(editor.url + "config.yml", timeout=30) as response:
        url = yaml.safe_load(response.read())["backend"]["proxy_url"]
    assert url.startswith(editor.url)
    return "/" + url[len(editor.url) :]


def hostile_write(editor) -> bytes:
    """A JSON body that, saved, rewrites Nguyễn Thị Lan's story."""
    raw = (editor.store.root / LAN).read_text(encoding="utf-8").replace("position: Điều dưỡng trưởng khoa", f"position: {HACKED}")
    assert HACKED in raw
    body = {"branch": "main", "action": "persistEntry", "params": {"branch": "main", "dataFiles": [{"slug": "s", "path": LAN, "raw": raw}], "assets": [], "options": {}}}
    return json.dumps(body).encode()


def request(editor, path: str, body: bytes, headers: str = "Content-Type: application/json") -> bytes:
    """One HTTP/1.1 request with the editor's own Host, no Origin: what the editor page itself sends."""
    host = f"127.0.0.1:{editor.server_address[1]}"
    return f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{headers}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def content_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def statuses(answer: bytes) -> list[int]:
    """The status of every response in `answer` (a response's body does not end with a line break)."""
    return [int(code) for code in re.findall(rb"HTTP/1\.[01] (\d{3}) ", answer)]


def test_the_smuggled_write_on_its_own_is_saved(editor) -> None:
    """The control: the payload below is a write the editor accepts, so a refusal is what stops it."""
    answer, _ = exchange(editor, request(editor, proxy_path(editor), hostile_write(editor), "Content-Type: application/json\r\nConnection: close"))
    assert statuses(answer) == [200] and b"entry persisted" in answer
    assert HACKED in (editor.store.root / LAN).read_text(encoding="utf-8")


def test_the_editor_may_still_pipeline_its_own_requests(editor) -> None:
    path = proxy_path(editor)
    info = request(editor, path, b'{"action": "info", "params": {}}')
    answer, _ = exchange(editor, info + info + request(editor, path, b'{"action": "info", "params": {}}', "Content-Type: application/json\r\nConnection: close"))
    assert statuses(answer) == [200, 200, 200]


# Each: the head of a request the server must refuse; the bytes after it are a valid
# write to the secret path, which must never be read as a request of its own.
REFUSED = {
    "rebound-host": (403, "POST {path} HTTP/1.1\r\nHost: evil.example:{port}\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n"),
    "no-cors-fetch": (403, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:1\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: {n}\r\n\r\n"),
    "foreign-origin-json": (403, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n"),
    "text-plain": (403, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\nContent-Length: {n}\r\n\r\n"),
    "unknown-path": (404, "POST /api/v2 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n"),
    "no-length": (411, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\r\n"),
    "bad-length": (400, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n"),
    "two-lengths": (400, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 0\r\nContent-Length: {n}\r\n\r\n"),
    "chunked": (501, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"),
    "too-long": (413, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n"),
    "get-with-body": (400, "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {n}\r\n\r\n"),
    "bad-json-read": (400, "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{{bad}}"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_no_request_after_a_refused_one_is_served(editor, case: str) -> None:
    status, head = REFUSED[case]
    path = proxy_path(editor)
    inner = request(editor, path, hostile_write(editor))  # the editor's Host, no Origin, JSON, the secret path
    outer = head.format(path=path, port=editor.server_address[1], n=len(inner)).encode()
    before = content_digest(editor.store.root)
    answer, closed = exchange(editor, outer + inner)
    assert statuses(answer) == [status], answer[:600]
    assert b"\r\nConnection: close\r\n" in answer.split(b"\r\n\r\n", 1)[0] + b"\r\n"
    assert closed, "a refusal closes the connection"
    assert content_digest(editor.store.root) == before


def test_a_write_without_the_session_secret_is_refused(editor) -> None:
    """A blind request (its author cannot read /config.yml) never writes, whatever its headers."""
    before = content_digest(editor.store.root)
    for path in ("/api/v1", "/api/v1/", "/api/v1/doan-bua", proxy_path(editor) + "x"):
        answer, closed = exchange(editor, request(editor, path, hostile_write(editor)))
        assert statuses(answer)[0] == 403 and closed, (path, answer[:300])
        assert "tải lại trang" in answer.split(b"\r\n\r\n", 1)[1].decode()  # an editor page from before a restart: reload it
    assert content_digest(editor.store.root) == before


def test_each_session_has_its_own_secret(tmp_path: Path) -> None:
    root = sample_copy(tmp_path / "site")
    paths = set()
    for _ in range(2):
        with running_editor(root) as server:
            paths.add(proxy_path(server))
    assert len(paths) == 2 and all(len(p.rsplit("/", 1)[1]) >= 32 for p in paths)


# -- a real browser on another origin ---------------------------------------------------------

ATTACKER = """<!doctype html>
<html><head><meta charset="utf-8"><title>Trang lạ</title></head><body>
<iframe id="framed" src="{editor}"></iframe>
<script>
(async () => {{
  const editor = {editor_js};
  const results = {{}};
  const post = async (name, url, body) => {{
    try {{ await fetch(url, {{mode: 'no-cors', method: 'POST', body}}); results[name] = 'sent'; }}
    catch (e) {{ results[name] = 'error ' + e; }}
  }};
  // A blind JSON write, as text/plain (all a no-cors request may carry).
  await post('direct', editor + 'api/v1', {write_js});
  // The body is itself a write with the editor's own Host and no Origin.
  await post('pipelined', editor + 'api/v1', {pipelined_js});
  await post('pipelined-unknown-path', editor + 'khong-co', {pipelined_js});
  // Even were the secret path leaked, a write smuggled behind a refused request is never read.
  await post('pipelined-secret', editor + 'api/v1', {pipelined_secret_js});
  // The secret proxy path is in /config.yml: reading it cross-origin must fail.
  try {{ await (await fetch(editor + 'config.yml')).text(); results.config = 'read'; }}
  catch (e) {{ results.config = 'refused'; }}
  window.results = results;
}})();
</script></body></html>
"""


@pytest.mark.browser
def test_a_page_on_another_origin_cannot_write(editor, browser, tmp_path: Path) -> None:
    from browser import serve

    inner = request(editor, "/api/v1", hostile_write(editor))
    inner_secret = request(editor, proxy_path(editor), hostile_write(editor))
    site = tmp_path / "attacker"
    site.mkdir()
    page_html = ATTACKER.format(
        editor=editor.url,
        editor_js=json.dumps(editor.url),
        write_js=json.dumps(hostile_write(editor).decode()),
        pipelined_js=json.dumps(inner.decode()),
        pipelined_secret_js=json.dumps(inner_secret.decode()),
    )
    (site / "index.html").write_text(page_html, encoding="utf-8")
    before = content_digest(editor.store.root)
    with serve(site) as attacker:
        assert attacker.split(":")[-1] != str(editor.server_address[1])  # another port: another origin
        context = browser.new_context()
        page = context.new_page()
        try:
            page.goto(attacker + "/index.html")
            page.wait_for_function("() => window.results", timeout=30000)
            results = page.evaluate("() => window.results")
            deadline = time.monotonic() + 3  # the smuggled request, if served, is served after the refusal's answer
            while time.monotonic() < deadline and content_digest(editor.store.root) == before:
                time.sleep(0.1)
            framed = next(f for f in page.frames if f is not page.main_frame)
            framed_title = framed.evaluate("() => document.title") if framed.url.startswith(editor.url) else ""
        finally:
            context.close()
    # The no-cors answers are opaque, or withheld (Cross-Origin-Resource-Policy): either way the page ran every attack.
    assert set(results) == {"direct", "pipelined", "pipelined-unknown-path", "pipelined-secret", "config"} and results["config"] == "refused", results
    assert content_digest(editor.store.root) == before, "a page on another origin changed content/"
    assert "Soạn bài" not in framed_title, "the editor must not load inside another site's frame (clickjacking)"
