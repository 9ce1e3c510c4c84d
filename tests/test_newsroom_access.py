"""The newsroom attacked: writes without a session, without the CSRF token, from another
site; roles stepping over their line; password guessing. Nothing under content/ may
change, and every refusal closes its connection."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from newsroomkit import GOOD_DEED, PASSWORD, Client, raw_exchange, running_newsroom, signed_in
from serverproject import git, publish_story


@pytest.fixture
def newsroom(tmp_path: Path):
    with running_newsroom(tmp_path, build=False) as server:
        yield server


def content_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def new_deed() -> dict:
    return {"path": None, "kind": "gooddeed", "values": GOOD_DEED, "action": "save"}


def submitted(server) -> str:
    """A good deed a contributor sent, turned into a story by an author and sent for review."""
    tam = signed_in(server, "tam")
    rel = tam.post("/api/item", new_deed()).body["path"]
    lan = signed_in(server, "lan")
    item = lan.get(f"/api/item?path={rel}").body
    values = {**item["values"], "title": "Chị Võ Thị Mai cứu bé khó thở lúc nửa đêm"}
    answer = lan.post("/api/item", {"path": rel, "kind": "exemplar", "values": values, "version": item["version"], "action": "submit"})
    assert answer.status == 200 and answer.body["status"] == "review", answer.body
    return rel


def test_the_control_a_signed_in_contributor_may_send_a_good_deed(newsroom) -> None:
    """What the refusals below stop is a write the server otherwise makes."""
    answer = signed_in(newsroom, "tam").post("/api/item", new_deed())
    assert answer.status == 200 and (newsroom.desk.root / answer.body["path"]).is_file()


def test_no_write_without_a_session(newsroom) -> None:
    before = content_digest(newsroom.desk.root)
    for cookie in ("", "vd=doan-bua", "vd="):
        answer = Client(newsroom, cookie=cookie, csrf="x").post("/api/item", new_deed())
        assert answer.status == 401 and answer.closed, answer.body
    assert Client(newsroom).get("/api/items").status == 401
    assert content_digest(newsroom.desk.root) == before


@pytest.mark.parametrize("token", [None, "", "sai-ma", "x" * 43])
def test_a_write_without_the_right_csrf_token_is_refused(newsroom, token) -> None:
    client = signed_in(newsroom, "lan")
    client.csrf = ""
    before = content_digest(newsroom.desk.root)
    answer = client.post("/api/item", new_deed(), headers={"X-CSRF-Token": token})
    assert answer.status == 403 and answer.closed and "CSRF" in answer.body["message"]
    assert content_digest(newsroom.desk.root) == before
    assert any(e["result"] == "refused: csrf" and e["who"] == "lan" for e in newsroom.desk.audit.entries())


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:1", "null"])
def test_cross_site_writes_are_refused(newsroom, origin: str) -> None:
    client = signed_in(newsroom, "lan")  # even with the cookie and the token: the Origin is not ours
    before = content_digest(newsroom.desk.root)
    answer = client.post("/api/item", new_deed(), headers={"Origin": origin})
    assert answer.status == 403 and answer.closed
    answer = Client(newsroom).post("/api/login", {"user": "lan", "password": PASSWORD}, headers={"Origin": origin})
    assert answer.status == 403 and "set-cookie" not in answer.headers  # nor a sign-in another site starts
    assert content_digest(newsroom.desk.root) == before


def test_a_cross_site_form_post_is_refused(newsroom) -> None:
    """text/plain and form bodies are what another site may send without a preflight."""
    client = signed_in(newsroom, "lan")
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        answer = client.post("/api/item", raw=b'{"kind": "gooddeed"}', headers={"Content-Type": kind})
        assert answer.status == 415 and answer.closed


def test_a_rebound_host_is_refused(newsroom) -> None:
    client = signed_in(newsroom, "lan")
    assert client.get("/api/items").status == 200
    answer = client.get("/api/items", headers={"Host": f"evil.example:{newsroom.server_address[1]}"})
    assert answer.status == 403 and answer.closed


def test_a_write_smuggled_behind_a_refused_one_is_never_read(newsroom) -> None:
    client = signed_in(newsroom, "lan")
    port = newsroom.server_address[1]
    body = b'{"path": null, "kind": "gooddeed", "action": "save", "values": {"name": "Ke Gian", "unit": "khoa-nhi", "body": "x"}}'
    inner = (
        f"POST /api/item HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {client.cookie}\r\nX-CSRF-Token: {client.csrf}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    outer = f"POST /api/item HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {len(inner)}\r\n\r\n".encode()
    before = content_digest(newsroom.desk.root)
    answer, closed = raw_exchange(newsroom, outer + inner)
    assert answer.startswith(b"HTTP/1.1 401 ") and answer.count(b"HTTP/1.1 ") == 1 and closed
    for head in (b"Transfer-Encoding: chunked\r\n", b"Content-Length: 5\r\nContent-Length: 9\r\n", b""):
        answer, closed = raw_exchange(newsroom, b"POST /api/item HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/json\r\n" % port + head + b"\r\n" + inner)
        assert answer.split(b" ", 2)[1] in (b"501", b"400", b"411") and answer.count(b"HTTP/1.1 ") == 1 and closed
    assert content_digest(newsroom.desk.root) == before


def test_a_contributor_cannot_publish_or_touch_others_items(newsroom) -> None:
    rel = submitted(newsroom)  # Tâm's deed, turned into a story by an author and sent for review
    tam = signed_in(newsroom, "tam")
    seen = tam.get(f"/api/item?path={rel}")
    assert seen.status == 200 and seen.body["actions"] == []  # Tâm follows it, but it is no longer Tâm's to edit
    before = content_digest(newsroom.desk.root)
    for action in ("save", "approve", "submit", "withdraw", "return"):
        answer = tam.post("/api/item", {"path": rel, "kind": "gooddeed", "values": GOOD_DEED, "version": seen.body["version"], "action": action, "comment": "x"})
        assert answer.status == 403 and answer.closed, (action, answer.body)
    for kind in ("gooddeed", "exemplar"):
        answer = tam.post("/api/item", {"path": None, "kind": kind, "values": {**GOOD_DEED, "status": "published"}, "action": "save"})
        assert answer.status == 403, answer.body
    # A story an author wrote: a contributor neither reads nor lists it.
    lan = signed_in(newsroom, "lan")
    own = lan.post("/api/item", {"path": None, "kind": "gooddeed", "values": {**GOOD_DEED, "name": "Đỗ Văn Bình"}, "action": "save"}).body["path"]
    assert tam.get(f"/api/item?path={own}").status == 404
    assert tam.post("/api/item", {"path": own, "kind": "gooddeed", "values": GOOD_DEED, "version": "x", "action": "save"}).status == 403
    assert [i["path"] for i in tam.get("/api/items").body] == [rel]
    before[own] = content_digest(newsroom.desk.root)[own]
    assert content_digest(newsroom.desk.root) == before


def test_an_author_cannot_approve_return_or_withdraw(newsroom) -> None:
    rel = submitted(newsroom)
    hoa = signed_in(newsroom, "hoa")
    item = hoa.get(f"/api/item?path={rel}").body
    assert item["actions"] == ["save", "submit"]
    before = content_digest(newsroom.desk.root)
    for action in ("approve", "return", "withdraw"):
        answer = hoa.post("/api/item", {"path": rel, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": action, "comment": "x"})
        assert answer.status == 403 and "người duyệt" in answer.body["message"], answer.body
    answer = hoa.post("/api/item", {"path": rel, "kind": "exemplar", "values": {**item["values"], "status": "published"}, "version": item["version"], "action": "save"})
    assert answer.status == 403 and "Duyệt đăng" in answer.body["message"]
    assert content_digest(newsroom.desk.root) == before
    reviewer = signed_in(newsroom, "minh").get(f"/api/item?path={rel}").body
    assert reviewer["actions"] == ["save", "submit", "approve", "return"]


def test_login_is_rate_limited_per_account_and_per_address(newsroom) -> None:
    guesser = Client(newsroom)
    for _ in range(3):
        answer = guesser.login("lan", "doan-sai-mat-khau")
        assert answer.status == 401 and answer.body == {"message": "Sai tên đăng nhập hoặc mật khẩu."}
    answer = guesser.login("lan", PASSWORD)  # even the right password waits now
    assert answer.status == 429 and answer.closed and "thử lại sau 15 phút" in answer.body["message"]
    assert int(answer.headers["retry-after"]) > 800 and "set-cookie" not in answer.headers
    assert Client(newsroom).login("hoa").status == 200  # another account is not locked out
    # One address trying many accounts: nginx's X-Forwarded-For names it (the peer is nginx on 127.0.0.1).
    far = Client(newsroom, headers={"X-Forwarded-For": "203.0.113.9"})
    for user in ("tam", "minh", "hoa"):
        assert far.login(user, "sai-mat-khau-1").status == 401
    assert all(far.login(f"khong-co-{n}", "x").status == 401 for n in range(3))
    blocked = far.login("minh")
    assert blocked.status == 429 and blocked.closed
    assert Client(newsroom, headers={"X-Forwarded-For": "203.0.113.10"}).login("minh").status == 200
    results = [(e["who"], e["result"], e.get("client")) for e in newsroom.desk.audit.entries() if e["what"] == "login"]
    assert ("lan", "rate-limited", "127.0.0.1") in results and ("minh", "rate-limited", "203.0.113.9") in results
    assert ("minh", "ok", "203.0.113.10") in results


def test_the_cookie_is_http_only_strict_and_ends_at_logout(newsroom) -> None:
    client = Client(newsroom)
    answer = client.login("lan")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("vd=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert set(answer.body) >= {"user", "name", "role", "csrf"} and answer.body["role"] == "author"
    assert client.get("/api/me").body["csrf"] == client.csrf
    assert client.post("/api/logout", {}).status == 200
    assert client.get("/api/me").status == 401
    hoa = signed_in(newsroom, "hoa")
    newsroom.desk.accounts.remove("hoa")  # `vinhdanh user remove`: the open sessions end at once
    assert hoa.get("/api/me").status == 401
    assert hoa.post("/api/item", new_deed()).status == 401


def test_behind_https_the_cookie_is_a_secure_host_cookie(tmp_path: Path) -> None:
    with running_newsroom(tmp_path, build=False, public_origin="https://phongtin.bv.example.vn") as server:
        client = Client(server, headers={"Host": "phongtin.bv.example.vn", "Origin": "https://phongtin.bv.example.vn"})
        answer = client.login("lan")
        assert answer.status == 200
        assert answer.headers["set-cookie"].startswith("__Host-vd=") and "; Secure" in answer.headers["set-cookie"]
        assert client.get("/api/me").status == 200
        assert client.post("/api/item", new_deed(), headers={"Origin": f"http://127.0.0.1:{server.server_address[1]}"}).status == 403


def test_the_app_is_served_from_its_own_folder_only(newsroom) -> None:
    page = Client(newsroom).get("/")
    assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in page.headers["content-security-policy"] and page.headers["x-frame-options"] == "DENY"
    for path in ("/static/../../cli.py", "/static/%2e%2e/%2e%2e/cli.py", "/static/", "/static/../newsroom/server.py", "/khong-co"):
        answer = Client(newsroom).get(path)
        assert answer.status == 404 and answer.closed, path


def test_an_author_cannot_change_a_published_page_without_review(newsroom) -> None:
    """A published story is what readers see: an author's save would reach the live page
    at the next build without any review, so it is refused (in Vietnamese), nothing written;
    the form says why instead of offering «Lưu»."""
    root = newsroom.desk.root
    rel = publish_story(root).relative_to(root).as_posix()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Bài đã đăng")
    lan = signed_in(newsroom, "lan")
    item = lan.get(f"/api/item?path={rel}").body
    assert item["status"] == "published" and item["actions"] == []
    assert "người duyệt" in item["notice"]
    before, commits = content_digest(root), git(root, "rev-list", "--count", "HEAD")
    for values in ({**item["values"], "title": "Tiêu đề sửa lén"}, {**item["values"], "status": "review"}, item["values"]):
        answer = lan.post("/api/item", {"path": rel, "kind": "exemplar", "values": values, "version": item["version"], "action": "save"})
        assert answer.status == 403 and answer.closed and "đã được duyệt đăng" in answer.body["message"], answer.body
    assert content_digest(root) == before and git(root, "rev-list", "--count", "HEAD") == commits
    # The reviewer, whose approval a change needs anyway, still may correct or withdraw it.
    assert signed_in(newsroom, "minh").get(f"/api/item?path={rel}").body["actions"] == ["save", "withdraw"]
