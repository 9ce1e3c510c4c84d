"""The newsroom's HTTP base: a server on 127.0.0.1 (behind nginx) and who is asking.

Request handling is loopback_http's (Host check, framing checked before a body is
read, every refusal closes the connection). On top: a session cookie for every
API call, and for every write the session's CSRF token in `X-CSRF-Token` and, when
the browser sends one, an Origin equal to the newsroom's public origin. All three
are checked from the headers, before the body is read. Routes are in routes.py; the
server that puts them together, in server.py (neither imported here, so no circle).
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from ..loopback_http import HOST, GuardedHandler, LoopbackServer, Refused
from .accounts import Account
from .desk import Desk
from .sessions import LIFETIME, Session, csrf_matches

MAX_BODY = 32 * 1024 * 1024  # a phone's photo; intake.py caps the pixels
JSON_TYPES = ("application/json",)
PHOTO_TYPES = ("image/jpeg", "image/heic", "image/heif", "image/png")
# The app's own pages: scripts, styles, images and requests from this origin only.
PAGE_POLICY = "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


class SessionServer(LoopbackServer):
    """The newsroom's server state; `handler` answers its requests (routes.Handler)."""

    def __init__(self, handler: type[SessionHandler], desk: Desk, port: int = 0, public_origin: str = "", log: bool = True):
        super().__init__((HOST, port), handler)
        self.desk = desk
        self.log = log
        self.public_origin = (public_origin or self.url).rstrip("/")
        self.secure = self.public_origin.startswith("https://")
        # __Host-: only ever set over HTTPS, for this host, on / (no sub-domain may plant it).
        self.cookie = "__Host-vd" if self.secure else "vd"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


class SessionHandler(GuardedHandler):
    """Who is asking, and whether a write may be read: everything decided from the headers."""

    server: SessionServer
    max_body = MAX_BODY

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        if self.server.log:
            sys.stderr.write(f"[vinhdanh newsroom] {self.client()} {format % args}\n")

    def own_hosts(self) -> set[str]:
        return super().own_hosts() | {urlsplit(self.server.public_origin).netloc}

    def client(self) -> str:
        """The user's address: nginx's (the last X-Forwarded-For entry) when nginx on this machine asks."""
        peer = self.client_address[0]
        forwarded = self.headers.get("X-Forwarded-For", "") if self.headers else ""
        if peer == HOST and forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()[:64]
        return peer

    def answer_refusal(self, refused: Refused) -> None:
        self.send_json(refused.status, {"message": str(refused)})

    def token(self) -> str | None:
        try:
            jar = SimpleCookie(self.headers.get("Cookie", ""))
        except CookieError:
            return None
        morsel = jar.get(self.server.cookie)
        return morsel.value if morsel else None

    def session(self) -> tuple[Session, Account]:
        """The signed-in user, or Refused(401)."""
        session = self.server.desk.sessions.get(self.token())
        account = self.server.desk.accounts.get(session.user) if session else None
        if session is None or account is None:  # a removed account's sessions end with it
            raise Refused(HTTPStatus.UNAUTHORIZED, "Phiên làm việc đã hết hoặc chưa đăng nhập: đăng nhập lại.")
        return session, account

    def admit_write(self, types: tuple[str, ...], signed_in: bool = True) -> tuple[Session | None, Account | None, int]:
        """(session, account, body length) of a write our own page sent; Refused before its body is read otherwise."""
        origin = self.headers.get("Origin")
        if self.foreign_host() or (origin is not None and origin != self.server.public_origin):
            self.audit_refusal("cross-site")
            raise Refused(HTTPStatus.FORBIDDEN, "Từ chối: yêu cầu không đến từ trang phòng tin.")
        kind = (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
        if kind not in types:  # a cross-site form can send neither JSON nor an image type without a preflight
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"Kiểu nội dung `{kind}` không được nhận ở đây.")
        length = self.body_length()
        if not signed_in:
            return None, None, length
        try:
            session, account = self.session()
        except Refused:
            self.audit_refusal("no-session")
            raise
        if not csrf_matches(session, self.headers.get("X-CSRF-Token")):
            self.audit_refusal("csrf", account.user)
            raise Refused(HTTPStatus.FORBIDDEN, "Từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử lại; phần đang soạn vẫn được giữ trên máy.")
        return session, account, length

    def audit_refusal(self, why: str, who: str = "?") -> None:
        self.server.desk.audit.record(who, f"{self.command} {self.path.split('?', 1)[0]}", None, f"refused: {why}", client=self.client())

    def set_cookie(self, token: str) -> tuple[str, str]:
        secure = "; Secure" if self.server.secure else ""
        return ("Set-Cookie", f"{self.server.cookie}={token}; Path=/; Max-Age={LIFETIME}; HttpOnly; SameSite=Strict{secure}")

    def clear_cookie(self) -> tuple[str, str]:
        secure = "; Secure" if self.server.secure else ""
        return ("Set-Cookie", f"{self.server.cookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}")
