"""Helpers for the newsroom tests: a real content repository (git), accounts, the
server on 127.0.0.1 (port 0), and a client that keeps its cookie and CSRF token."""

from __future__ import annotations

import http.client
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editing import exchange as raw_exchange
from editing import serving
from serverproject import TODAY, git, init

PASSWORD = "mat-khau-thu-nghiem"
USERS = {  # user: (role, full name)
    "tam": ("contributor", "Trần Văn Tâm"),
    "lan": ("author", "Nguyễn Thị Lan"),
    "hoa": ("author", "Lê Thị Hoa"),
    "minh": ("reviewer", "Phạm Văn Minh"),
}


_made: dict[str, Path] = {}


def repository(tmp: Path) -> Path:
    """A hospital's content repository made by `vinhdanh init` (committed), with git identity
    for the tests' own commits; made once per test session, copied for each test."""
    if "kho" not in _made:
        template = init(Path(tempfile.mkdtemp(prefix="newsroom-kho-")) / "kho")
        git(template, "config", "user.name", "Kho mẫu")
        git(template, "config", "user.email", "kho@localhost")
        _made["kho"] = template
    return Path(shutil.copytree(_made["kho"], tmp / "kho", symlinks=True))


@contextmanager
def running_newsroom(tmp: Path, build: bool = True, public_origin: str = "") -> Iterator[Any]:
    from vinhdanh.newsroom.desk import Desk
    from vinhdanh.newsroom.ratelimit import LoginLimiter
    from vinhdanh.newsroom.server import NewsroomServer
    from vinhdanh.newsroom.state import open_state

    root = repository(tmp)
    desk = Desk(root, open_state(tmp / "state"), site_dir=tmp / "live", today=TODAY, build=build)
    desk.limiter = LoginLimiter(per_account=3, per_address=6)
    for user, (role, name) in USERS.items():
        desk.accounts.add(user, role, name, "", PASSWORD)
    with serving(NewsroomServer(desk, 0, public_origin, log=False)) as server:
        yield server


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]
    closed: bool


@dataclass
class Client:
    server: Any
    cookie: str = ""
    csrf: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None) -> Answer:
        host, port = self.server.server_address[:2]
        connection = http.client.HTTPConnection(host, port, timeout=60)
        sent = {"Host": f"127.0.0.1:{port}", **self.headers}
        if self.cookie:
            sent["Cookie"] = self.cookie
        if method == "POST" and self.csrf:
            sent["X-CSRF-Token"] = self.csrf
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None))
        if method == "POST" and raw is None:
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        connection.request(method, path, body=data, headers={k: v for k, v in sent.items() if v is not None})
        response = connection.getresponse()
        payload = response.read()
        answer_headers = {k.lower(): v for k, v in response.getheaders()}
        closed = response.will_close
        connection.close()
        kind = answer_headers.get("content-type", "")
        return Answer(response.status, json.loads(payload) if kind.startswith("application/json") else payload, answer_headers, closed)

    def get(self, path: str, **kw: Any) -> Answer:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return self.request("POST", path, body, **kw)

    def login(self, user: str, password: str = PASSWORD) -> Answer:
        answer = self.post("/api/login", {"user": user, "password": password})
        if answer.status == 200:
            self.cookie = answer.headers["set-cookie"].split(";", 1)[0]
            self.csrf = answer.body["csrf"]
        return answer


def signed_in(server: Any, user: str) -> Client:
    client = Client(server)
    assert client.login(user).status == 200
    return client


GOOD_DEED = {
    "name": "Võ Thị Mai",
    "kind": "individual",
    "unit": "khoa-nhi",
    "consent": "Chị Mai đồng ý ngày 20/11/2026",
    "submitted_by": "Trần Văn Tâm",
    "body": "Chị Mai trực đêm, phát hiện sớm một cháu bé khó thở và gọi bác sĩ kịp thời.",
}


def log_of(root: Path, rel: str) -> list[dict[str, str]]:
    """`git log` of one file, oldest first: author name, e-mail and subject of each commit."""
    out = git(root, "log", "--reverse", "--format=%an%x1f%ae%x1f%s", "--", rel)
    return [dict(zip(("name", "email", "subject"), line.split("\x1f"), strict=True)) for line in out.splitlines()]


__all__ = ["TODAY", "Client", "log_of", "raw_exchange", "running_newsroom", "signed_in"]
