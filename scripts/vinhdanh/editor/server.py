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
import secrets
import sys
import threading
from dataclasses import asdict
from http import HTTPStatus
from pathlib import Path
from typing import Any

import yaml

from ..content.reader import load
from ..loopback_http import HOST, GuardedHandler, LoopbackServer, Refused, run_until_interrupted
from .assets import editor_files
from .config import editor_config
from .store import PathRefused, Refusal, Store, refusal_text

API = "/api/v1"
MAX_BODY = 64 * 1024 * 1024  # a photo over 15 MB already warns (W501); base64 adds a third


class EditorServer(LoopbackServer):
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


class _Handler(GuardedHandler):
    server: EditorServer
    max_body = MAX_BODY

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
        if self.foreign_host():
            return True
        origin = self.headers.get("Origin")
        if origin is not None and origin not in {f"http://{o}" for o in self.own_hosts()}:
            return True
        return self.command == "POST" and not (self.headers.get("Content-Type") or "").startswith("application/json")

    def answer_refusal(self, refused: Refused) -> None:
        if self.command == "POST":  # Decap shows a proxy answer's `error` in its notification
            self.send_json(refused.status, {"error": str(refused)})
        else:
            super().answer_refusal(refused)

    # -- static files and the configuration ----------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        try:
            if self._foreign():
                raise Refused(HTTPStatus.FORBIDDEN, "Chỉ trình soạn thảo trên máy này được dùng địa chỉ này.")
            self.no_body()
        except Refused as refused:
            self.refuse(refused)
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/config.yml":
            try:
                body = yaml.safe_dump(self.server.config(), allow_unicode=True, sort_keys=False).encode("utf-8")
            except Refusal as refusal:
                self.send_body(HTTPStatus.INTERNAL_SERVER_ERROR, refusal_text(refusal).encode("utf-8"), "text/plain; charset=utf-8")
                return
            self.send_body(HTTPStatus.OK, body, "text/yaml; charset=utf-8")
            return
        file = self.server.files.get(path)
        if file is None:
            self.send_body(HTTPStatus.NOT_FOUND, "Không có trang này.".encode(), "text/plain; charset=utf-8")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith("javascript"):
            kind += "; charset=utf-8"
        self.send_body(HTTPStatus.OK, file.read_bytes(), kind)

    # -- Decap's proxy protocol -------------------------------------------------------------

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        try:
            length = self._admit()
        except Refused as refused:
            self.refuse(refused)
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
        self.send_json(status, body)

    def _admit(self) -> int:
        """The body length of a write our own page sent; Refused for anything else, before its body is read."""
        if self._foreign():
            raise Refused(HTTPStatus.FORBIDDEN, "Từ chối: yêu cầu không đến từ trình soạn thảo trên máy này.")
        if not hmac.compare_digest(self.path.encode(), self.server.api_path.encode()):
            if self.path == API or self.path.startswith(API + "/"):
                raise Refused(
                    HTTPStatus.FORBIDDEN,
                    "Từ chối: trang soạn bài này mở từ trước khi trình soạn bài khởi động lại. Hãy tải lại trang (bấm F5) rồi lưu lại; chép phần đang soạn ra chỗ khác trước nếu cần.",
                )
            raise Refused(HTTPStatus.NOT_FOUND, "Không có địa chỉ này.")
        return self.body_length()


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
    return run_until_interrupted(server)
