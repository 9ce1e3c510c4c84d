"""Hardened HTTP for our servers on 127.0.0.1 (`vinhdanh edit`, `vinhdanh newsroom`).

What both need against a hostile browser or a raw socket:
- the Host must be one of ours (DNS rebinding: a hostile name resolving to 127.0.0.1);
- a body is read only when its framing is one we read exactly (one decimal
  Content-Length, bounded; never chunked), and its length is checked before reading;
- every refusal closes the connection, after draining a well-framed body: bytes
  after a refused request are never read as a request of their own;
- every answer carries no-store, nosniff, and may not be framed or embedded elsewhere.
"""

from __future__ import annotations

import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"  # loopback only; nginx (or the author's own browser) is the one client
IDLE = 60  # seconds a connection may wait for the rest of a request


class Refused(Exception):
    """A request answered with `status` and `message`, then its connection closed."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser (or an attacker) that drops the connection is no error of ours.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def run_until_interrupted(server: LoopbackServer) -> int:
    """Serve until Ctrl+C (or the service manager's SIGINT), then free the port."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


class GuardedHandler(BaseHTTPRequestHandler):
    """Request handling shared by our servers; subclasses route and say who may ask."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE
    max_body = 1024 * 1024
    body_read = False

    def parse_request(self) -> bool:
        self.body_read = False  # one handler serves every request of a kept-alive connection
        return super().parse_request()

    def own_hosts(self) -> set[str]:
        """The Host values a request may carry: this port on loopback, by address or by name."""
        port = self.connection.getsockname()[1]  # the port this connection came in on: the server's
        return {f"{HOST}:{port}", f"localhost:{port}"}

    def foreign_host(self) -> bool:
        return self.headers.get("Host", "") not in self.own_hosts()

    def body_length(self) -> int:
        """The body's length, only when its framing is one we read exactly; else Refused."""
        if "Transfer-Encoding" in self.headers:  # chunked bodies are not parsed here: never guessed at
            raise Refused(HTTPStatus.NOT_IMPLEMENTED, "Không nhận Transfer-Encoding; gửi kèm Content-Length.")
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            if self.command in ("GET", "HEAD"):
                return 0
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "Thiếu Content-Length.")
        if len(lengths) > 1 or not re.fullmatch(r"[0-9]{1,15}", lengths[0].strip()):
            raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length không hợp lệ.")
        length = int(lengths[0])
        if length > self.max_body:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"Yêu cầu quá lớn (trên {self.max_body // 1048576} MB): thu nhỏ ảnh rồi gửi lại.")
        return length

    def no_body(self) -> None:
        """A GET carries nothing: a body there could only be a smuggled request."""
        if self.body_length():
            raise Refused(HTTPStatus.BAD_REQUEST, "Yêu cầu GET không được có nội dung.")

    def read_body(self, length: int) -> bytes:
        self.body_read = True  # a refusal from here on has nothing left to drain
        data = self.rfile.read(length)
        if len(data) < length:
            raise Refused(HTTPStatus.BAD_REQUEST, "Yêu cầu bị cắt ngang.")
        return data

    def refuse(self, refused: Refused) -> None:
        """Answer a refusal, then close: drain a well-framed body first, so the answer is not lost to a reset."""
        try:
            left = 0 if self.body_read else self.body_length()
        except Refused:
            left = 0  # framing we do not trust: close without reading on
        while left > 0 and (chunk := self.rfile.read(min(left, 65536))):
            left -= len(chunk)
        self.answer_refusal(refused)

    def answer_refusal(self, refused: Refused) -> None:
        """The refusal's answer (plain text here; a JSON API overrides this)."""
        self.send_body(refused.status, str(refused).encode("utf-8"), "text/plain; charset=utf-8")

    def send_json(self, status: HTTPStatus | int, body: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
        import json

        self.send_body(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8", headers)

    def send_body(self, status: HTTPStatus | int, body: bytes, kind: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # Never inside another site's frame (a click there would be the user's), never
        # handed to another origin's <script>/<img>.
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        for name, value in headers:
            self.send_header(name, value)
        if int(status) >= 400:
            # Every refusal ends the connection: nothing after a refused request is read as a request.
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)
