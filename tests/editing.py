"""Helpers for the editor tests: a copy of the sample project and `vinhdanh edit` serving it."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def sample_copy(target: Path) -> Path:
    """The sample hospital's content/ (and mkdocs.yml, pages/, overrides/) under `target`."""
    from sitebuild import copy_project

    return copy_project(target)


@contextmanager
def serving(server: Any) -> Iterator[Any]:
    """`server` answering in a thread of this process; stopped and its port freed after."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def running_editor(root: Path) -> Iterator[Any]:
    """`vinhdanh edit`'s server on 127.0.0.1, an ephemeral port, in this process; stopped after."""
    from vinhdanh.editor.server import EditorServer

    with serving(EditorServer(root, 0, log=False)) as server:
        yield server


def exchange(server: Any, data: bytes, wait: float = 3.0) -> tuple[bytes, bool]:
    """Everything the server answers to `data` on one connection, and whether it closed that connection."""
    with socket.create_connection(server.server_address[:2]) as s:
        s.sendall(data)
        s.settimeout(wait)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except TimeoutError:
            return answer, False
        return answer, True


def call(server: Any, action: str, **params: Any) -> tuple[int, Any]:
    """(HTTP status, JSON) of one proxy-protocol request, as Decap's proxy backend sends it (to the session's secret path)."""
    body = json.dumps({"branch": "main", "action": action, "params": {"branch": "main", **params}}).encode()
    request = urllib.request.Request(server.api_url, body, {"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
