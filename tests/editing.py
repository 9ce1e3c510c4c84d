"""Helpers for the editor tests: a copy of the sample project and `vinhdanh edit` serving it."""

from __future__ import annotations

import json
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
def running_editor(root: Path) -> Iterator[Any]:
    """`vinhdanh edit`'s server on 127.0.0.1, an ephemeral port, in this process; stopped after."""
    from vinhdanh.editor.server import EditorServer

    server = EditorServer(root, 0, log=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def call(server: Any, action: str, **params: Any) -> tuple[int, Any]:
    """(HTTP status, JSON) of one proxy-protocol request, as Decap's proxy backend sends it (to the session's secret path)."""
    body = json.dumps({"branch": "main", "action": action, "params": {"branch": "main", **params}}).encode()
    request = urllib.request.Request(server.api_url, body, {"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
