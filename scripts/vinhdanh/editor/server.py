"""`vinhdanh edit`: the Decap editor on 127.0.0.1, saving straight into `content/`.

One stdlib HTTP server serves the editor page, Decap's bundle (from
node_modules: npm-pinned, never a CDN), a configuration generated from the
schema on every load, and `POST /api/v1/<secret>`: Decap's local proxy protocol,
as decap-server's file-system mode speaks it (packages/decap-server/src/middlewares/
localFs), with every save validated by the reader first.

Any web page the author visits can make the browser send requests here, so:
the Host must be ours (DNS rebinding), a present Origin must be ours, a write is
JSON, and its path carries a per-session secret that only our own page can read
(from /config.yml, which no other origin may read). Every refusal closes the
connection: bytes after a refused request are never read as a request.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
import mimetypes
import re
import secrets
import sys
import threading
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from ..reader import load
from .assets import editor_files
from .config import editor_config
from .store import PathRefused, Refusal, Store, refusal_text

HOST = "127.0.0.1"  # the author's own machine only; never another interface
API = "/api/v1"
MAX_BODY = 64 * 1024 * 1024  # a photo over 15 MB already warns (W501); base64 adds a third
IDLE = 60  # seconds a connection may wait for the rest of a request


class _Refused(Exception):
    """A request answered with `status` and `message`, then its connection closed."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


class EditorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int = 0, today: dt.date | None = None, log: bool = True):
        self.store = Store(root, today)
        self.files = editor_files(root)
        self.log = log
        self.lock = threading.Lock()  # one save at a time: each validates against what the last one wrote
        # A new one each start: a blind request from another site cannot name it.
        self.api_path = f"{API}/{secrets.token_urlsafe(32)}"
        super().__init__((HOST, port), _Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    @property
    def api_url(self) -> str:
        return self.url.rstrip("/") + self.api_path

    def config(self) -> dict[str, Any]:
        result = load(self.store.root, self.store.today)
        if result.content is None:
            raise Refusal(tuple(d for d in result.diagnostics if d.is_error))
        return editor_config(result.content, proxy_url=self.api_url)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser (or an attacker) that drops the connection is no error of ours.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: EditorServer
    protocol_version = "HTTP/1.1"
    timeout = IDLE

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        if self.server.log and not (args and str(args[1]) == "200"):
            sys.stderr.write(f"[vinhdanh edit] {format % args}\n")

    # -- who may ask ---------------------------------------------------------------------

    def _foreign(self) -> bool:
        """A request another site made the author's browser send: refuse it.

        The Host check defeats DNS rebinding (a hostile name resolving to 127.0.0.1
        would read drafts); Origin and a JSON content type stop a cross-site form or
        fetch from writing files (a JSON body needs a CORS preflight we never grant).
        """
        port = self.server.server_address[1]
        own = {f"{HOST}:{port}", f"localhost:{port}"}
        if self.headers.get("Host", "") not in own:
            return True
        origin = self.headers.get("Origin")
        if origin is not None and origin not in {f"http://{o}" for o in own}:
            return True
        return self.command == "POST" and not (self.headers.get("Content-Type") or "").startswith("application/json")

    def _length(self) -> int:
        """The body's length, only when its framing is one we read exactly; else _Refused."""
        if "Transfer-Encoding" in self.headers:  # chunked bodies are not parsed here: never guessed at
            raise _Refused(HTTPStatus.NOT_IMPLEMENTED, "Không nhận Transfer-Encoding; gửi kèm Content-Length.")
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            if self.command == "GET":
                return 0
            raise _Refused(HTTPStatus.LENGTH_REQUIRED, "Thiếu Content-Length.")
        if len(lengths) > 1 or not re.fullmatch(r"[0-9]{1,15}", lengths[0].strip()):
            raise _Refused(HTTPStatus.BAD_REQUEST, "Content-Length không hợp lệ.")
        length = int(lengths[0])
        if length > MAX_BODY:
            raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"Yêu cầu quá lớn (trên {MAX_BODY // 1048576} MB): thu nhỏ ảnh rồi lưu lại.")
        return length

    def _refuse(self, refused: _Refused) -> None:
        """Answer a refusal, then close: drain a well-framed body first, so the answer is not lost to a reset."""
        try:
            left = self._length()
        except _Refused:
            left = 0  # framing we do not trust: close without reading on
        while left > 0 and (chunk := self.rfile.read(min(left, 65536))):
            left -= len(chunk)
        if self.command == "POST":  # Decap shows a proxy answer's `error` in its notification
            self._json(refused.status, {"error": str(refused)})
        else:
            self._send(refused.status, str(refused).encode("utf-8"), "text/plain; charset=utf-8")

    # -- static files and the configuration ----------------------------------------------

    def do_GET(self) -> None:
        try:
            if self._foreign():
                raise _Refused(HTTPStatus.FORBIDDEN, "Chỉ trình soạn thảo trên máy này được dùng địa chỉ này.")
            if self._length():
                raise _Refused(HTTPStatus.BAD_REQUEST, "Yêu cầu GET không được có nội dung.")
        except _Refused as refused:
            self._refuse(refused)
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/config.yml":
            try:
                body = yaml.safe_dump(self.server.config(), allow_unicode=True, sort_keys=False).encode("utf-8")
            except Refusal as refusal:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, refusal_text(refusal).encode("utf-8"), "text/plain; charset=utf-8")
                return
            self._send(HTTPStatus.OK, body, "text/yaml; charset=utf-8")
            return
        file = self.server.files.get(path)
        if file is None:
            self._send(HTTPStatus.NOT_FOUND, "Không có trang này.".encode(), "text/plain; charset=utf-8")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, file.read_bytes(), kind)

    # -- Decap's proxy protocol -------------------------------------------------------------

    def do_POST(self) -> None:
        try:
            length = self._admit()
        except _Refused as refused:
            self._refuse(refused)
            return
        try:
            data = self.rfile.read(length)
            if len(data) < length:
                raise ValueError("yêu cầu bị cắt ngang")
            request = json.loads(data or b"{}")
            action, params = request.get("action"), request.get("params") or {}
            with self.server.lock:
                status, body = _act(self.server.store, action, params)
        except PathRefused as refused:
            status, body = HTTPStatus.BAD_REQUEST, {"error": f"Từ chối: {refused}"}
        except Refusal as refusal:
            status, body = HTTPStatus.UNPROCESSABLE_ENTITY, {"error": refusal_text(refusal), "diagnostics": [asdict(d) for d in refusal.errors]}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            status, body = HTTPStatus.BAD_REQUEST, {"error": f"Yêu cầu không hợp lệ: {exc}"}
        except OSError as exc:
            status, body = HTTPStatus.INTERNAL_SERVER_ERROR, {"error": f"Không đọc, ghi được tệp ({exc.strerror or exc})."}
        self._json(status, body)

    def _admit(self) -> int:
        """The body length of a write our own page sent; _Refused for anything else, before its body is read."""
        if self._foreign():
            raise _Refused(HTTPStatus.FORBIDDEN, "Từ chối: yêu cầu không đến từ trình soạn thảo trên máy này.")
        if not hmac.compare_digest(self.path.encode(), self.server.api_path.encode()):
            if self.path == API or self.path.startswith(API + "/"):
                raise _Refused(
                    HTTPStatus.FORBIDDEN,
                    "Từ chối: trang soạn bài này mở từ trước khi trình soạn bài khởi động lại. Hãy tải lại trang (bấm F5) rồi lưu lại; chép phần đang soạn ra chỗ khác trước nếu cần.",
                )
            raise _Refused(HTTPStatus.NOT_FOUND, "Không có địa chỉ này.")
        return self._length()

    def _json(self, status: HTTPStatus, body: Any) -> None:
        self._send(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # Never inside another site's frame (a click there would be the author's), never
        # handed to another origin's <script>/<img> (config.yml holds the write path's secret).
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if status >= 400:
            # Every refusal ends the connection: nothing after a refused request is read as a request.
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)


def _act(store: Store, action: str, params: dict[str, Any]) -> tuple[HTTPStatus, Any]:
    ok = HTTPStatus.OK
    if action == "info":
        return ok, {"repo": store.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        files = store.list_files(params["folder"], params["extension"], int(params["depth"]))
        return ok, [store.entry(rel) for rel in files]
    if action == "entriesByFiles":
        entries = []
        for file in params["files"]:
            entry = store.entry(file["path"])
            if file.get("label"):
                entry["file"]["label"] = file["label"]
            entries.append(entry)
        return ok, entries
    if action == "getEntry":
        return ok, store.entry(params["path"])
    if action == "persistEntry":
        data_files = params.get("dataFiles") or [params["entry"]]
        writes = {f["path"]: f["raw"].encode("utf-8") for f in data_files}
        for asset in params.get("assets") or []:
            writes[asset["path"]] = _decode(asset)
        moves = [(f["path"], f["newPath"]) for f in data_files if f.get("newPath")]
        for old, new in moves:
            writes[new] = writes.pop(old)
        warnings = store.change(writes, tuple(old for old, _ in moves))
        for d in warnings:
            print(d.text(), file=sys.stderr)
        return ok, {"message": "entry persisted"}
    if action == "getMedia":
        # decap-server lists every file; the story beside its photos is not a medium.
        files = [rel for rel in store.list_files(params["mediaFolder"], "", 1) if not rel.endswith(".md")]
        return ok, [store.media_file(rel) for rel in files]
    if action == "getMediaFile":
        return ok, store.media_file(params["path"])
    if action == "persistMedia":
        asset = params["asset"]
        store.change({asset["path"]: _decode(asset)})
        return ok, store.media_file(asset["path"])
    if action == "deleteFile":
        store.change({}, (params["path"],))
        return ok, {"message": f"deleted file {params['path']}"}
    if action == "deleteFiles":
        store.change({}, tuple(params["paths"]))
        return ok, {"message": f"deleted files {', '.join(params['paths'])}"}
    if action == "getDeployPreview":
        return ok, None
    if action == "getNotes":
        return ok, {"notes": []}
    return HTTPStatus.UNPROCESSABLE_ENTITY, {"error": f"Unknown action {action}"}


def _decode(asset: dict[str, str]) -> bytes:
    if asset.get("encoding") != "base64":
        raise ValueError("ảnh phải gửi dạng base64")
    return base64.b64decode(asset["content"], validate=True)


def serve(root: Path, port: int, today: dt.date | None, open_browser: bool) -> int:
    """Run until Ctrl+C; prints where the editor is."""
    try:
        server = EditorServer(root, port, today)
    except FileNotFoundError as exc:
        print(f"lỗi: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"lỗi: không mở được cổng {port} trên {HOST} ({exc.strerror}).\n    gợi ý: chọn cổng khác, ví dụ `vinhdanh edit --port 8090`.", file=sys.stderr)
        return 1
    print(f"Trình soạn bài đang chạy tại {server.url} (chỉ máy này mở được). Bấm Ctrl+C để dừng.", flush=True)
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
