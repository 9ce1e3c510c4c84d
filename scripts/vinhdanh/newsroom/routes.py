"""The newsroom's routes: the app's files, the JSON API, the preview (see NEWSROOM.md)."""

from __future__ import annotations

import json
import math
import mimetypes
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..editor.store import PathRefused
from ..loopback_http import Refused
from . import photos
from .desk import NotFound
from .handler import JSON_TYPES, PAGE_POLICY, PHOTO_TYPES, SessionHandler
from .saving import save

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "newsroom"
READS = ("/api/forms", "/api/items", "/api/item", "/api/photo", "/preview")  # each for a signed-in user
MAX_JSON = 2 * 1024 * 1024  # a story's text; photos come by their own route


class Handler(SessionHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._answer(self._get)

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        self._answer(self._post)

    def _answer(self, route) -> None:
        """Run `route`; an error of ours is still an answer (500, logged), never a dropped connection."""
        try:
            route()
        except Refused as refused:
            self.refuse(refused)
        except Exception as exc:  # noqa: BLE001 - whatever failed, the user reads why and the log keeps it
            self.log_error("%s", repr(exc))
            self.server.desk.audit.record("?", f"{self.command} {self.path.split('?', 1)[0]}", None, f"error: {exc!r}"[:300], client=self.client())
            self.refuse(Refused(HTTPStatus.INTERNAL_SERVER_ERROR, f"Máy chủ phòng tin gặp lỗi ({exc}). Phần đang soạn vẫn còn trên máy; báo bộ phận CNTT."))

    def _get(self) -> None:
        if self.foreign_host():
            raise Refused(HTTPStatus.FORBIDDEN, "Từ chối: tên máy không phải của phòng tin.")
        self.no_body()
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/" or url.path.startswith("/static/"):
            self._asset(ASSETS, "index.html" if url.path == "/" else url.path[len("/static/") :])
            return
        if url.path == "/preview.css":  # the site's own stylesheet, for the preview
            self._asset(ASSETS.parent, "vinhdanh.css")
            return
        if url.path == "/api/me":
            session, account = self.session()
            self.send_json(HTTPStatus.OK, {**account.public, "csrf": session.csrf})
            return
        if url.path not in READS:
            raise Refused(HTTPStatus.NOT_FOUND, "Không có địa chỉ này.")
        self._read(url.path, query)

    def _read(self, route: str, query: dict[str, str]) -> None:
        """The signed-in reads."""
        desk = self.server.desk
        _, account = self.session()
        try:
            if route == "/api/forms":
                from . import forms

                self.send_json(HTTPStatus.OK, forms.describe(account.role, desk.content()))
            elif route == "/api/items":
                self.send_json(HTTPStatus.OK, desk.items(account, query.get("status")))
            elif route == "/api/item":
                self.send_json(HTTPStatus.OK, desk.read(account, query.get("path", "")))
            elif route == "/api/photo":
                data, kind = photos.read(desk, account, query)
                self.send_body(HTTPStatus.OK, data, kind)
            elif route == "/preview":
                from .preview import preview

                self.send_body(HTTPStatus.OK, preview(desk, account, query.get("path", "")).encode("utf-8"), "text/html; charset=utf-8", (("Content-Security-Policy", PAGE_POLICY),))
        except (NotFound, PathRefused, FileNotFoundError):
            raise Refused(HTTPStatus.NOT_FOUND, "Không có bài hoặc địa chỉ này (hoặc bạn không được xem).") from None

    def _asset(self, folder: Path, name: str) -> None:
        """A file of the app (assets/newsroom/), never one outside it."""
        path = (folder / name).resolve()
        if not name or folder not in path.parents or not path.is_file():
            raise Refused(HTTPStatus.NOT_FOUND, "Không có tệp này.")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json", "svg+xml")):
            kind += "; charset=utf-8"
        self.send_body(HTTPStatus.OK, path.read_bytes(), kind, (("Content-Security-Policy", PAGE_POLICY),))

    # -- writes -------------------------------------------------------------------------------

    def _post(self) -> None:
        route = urlsplit(self.path).path
        if route == "/api/login":
            self._login()
        elif route == "/api/logout":
            self._logout()
        elif route == "/api/item":
            self._save()
        elif route == "/api/photo":
            self._photo()
        else:
            raise Refused(HTTPStatus.NOT_FOUND, "Không có địa chỉ này.")

    def _json_body(self, length: int) -> dict[str, Any]:
        if length > MAX_JSON:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Bài quá dài để lưu một lần.")
        try:
            value = json.loads(self.read_body(length) or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise Refused(HTTPStatus.BAD_REQUEST, "Yêu cầu không phải JSON hợp lệ.") from None
        if not isinstance(value, dict):
            raise Refused(HTTPStatus.BAD_REQUEST, "Yêu cầu phải là một đối tượng JSON.")
        return value

    def _login(self) -> None:
        desk = self.server.desk
        _, _, length = self.admit_write(JSON_TYPES, signed_in=False)
        request = self._json_body(length)
        user, password = request.get("user"), request.get("password")
        if not isinstance(user, str) or not isinstance(password, str) or len(user) > 64 or len(password) > 1024:
            raise Refused(HTTPStatus.BAD_REQUEST, "Cần tên đăng nhập và mật khẩu.")
        user = user.strip().lower()
        wait = desk.limiter.wait(user, self.client())
        if wait > 0:
            desk.audit.record(user, "login", None, "rate-limited", client=self.client())
            minutes = math.ceil(wait / 60)
            self.send_json(HTTPStatus.TOO_MANY_REQUESTS, {"message": f"Đăng nhập sai quá nhiều lần: thử lại sau {minutes} phút."}, (("Retry-After", str(math.ceil(wait))),))
            return
        account = desk.accounts.verify(user, password)
        if account is None:
            desk.limiter.failed(user, self.client())
            desk.audit.record(user, "login", None, "failed", client=self.client())
            self.send_json(HTTPStatus.UNAUTHORIZED, {"message": "Sai tên đăng nhập hoặc mật khẩu."})
            return
        desk.limiter.succeeded(user)
        token, session = desk.sessions.create(account.user)
        desk.audit.record(account.user, "login", None, "ok", client=self.client())
        self.send_json(HTTPStatus.OK, {**account.public, "csrf": session.csrf}, (self.set_cookie(token),))

    def _logout(self) -> None:
        _, account, length = self.admit_write(JSON_TYPES)
        self.read_body(length)
        self.server.desk.sessions.drop(self.token())
        self.server.desk.audit.record(account.user if account else "?", "logout", None, "ok", client=self.client())
        self.send_json(HTTPStatus.OK, {}, (self.clear_cookie(),))

    def _save(self) -> None:
        desk = self.server.desk
        _, account, length = self.admit_write(JSON_TYPES)
        assert account is not None
        request = self._json_body(length)
        action, rel = str(request.get("action", "save")), request.get("path")
        try:
            with desk.lock:
                reply = save(desk, account, request)
        except PathRefused as refused:
            desk.audit.record(account.user, action, str(rel), "refused: path", client=self.client())
            raise Refused(HTTPStatus.BAD_REQUEST, f"Từ chối: {refused}") from None
        result = "ok" if reply.status == 200 else f"{reply.status}: {reply.body.get('message', '')}"[:300]
        desk.audit.record(account.user, action, reply.body.get("path") or rel, result, client=self.client())
        self.send_json(reply.status, reply.body)

    def _photo(self) -> None:
        desk = self.server.desk
        _, account, length = self.admit_write(PHOTO_TYPES)
        assert account is not None
        kind = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        data = self.read_body(length)
        try:
            answer = photos.accept(desk, account, query.get("for", "new"), data, kind)
        except (photos.PhotoRefused, PathRefused) as refused:
            desk.audit.record(account.user, "photo", query.get("for"), f"refused: {refused}", client=self.client())
            status = HTTPStatus.BAD_REQUEST if isinstance(refused, PathRefused) else HTTPStatus.UNPROCESSABLE_ENTITY
            raise Refused(status, str(refused)) from None
        desk.audit.record(account.user, "photo", query.get("for"), f"ok: {answer['name']}", client=self.client())
        self.send_json(HTTPStatus.OK, answer)
