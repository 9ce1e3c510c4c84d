"""The newsroom's state folder: accounts, sessions, audit log, comments.

Never inside `content/`, never committed, never built: it holds password hashes.
Files are written whole (atomic rename) and readable by the service's account only.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from ..site.atomic import write_bytes_atomically

DEFAULT = ".newsroom"  # at the project root; .gitignore'd


def open_state(folder: Path) -> Path:
    """`folder`, created if missing, readable by its owner only."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder


class JsonFile:
    """A small JSON document read fresh when it changed on disk (a `vinhdanh user` run
    while the server runs takes effect at once) and written whole."""

    def __init__(self, path: Path, empty: Any):
        self.path = path
        self.empty = empty
        self.lock = threading.RLock()
        self._seen: tuple[int, int] | None = None
        self._value: Any = None

    def read(self) -> Any:
        with self.lock:
            try:
                stat = self.path.stat()
            except FileNotFoundError:
                return json.loads(json.dumps(self.empty))
            mark = (stat.st_mtime_ns, stat.st_size)
            if mark != self._seen:
                self._value = json.loads(self.path.read_text(encoding="utf-8"))
                self._seen = mark
            return json.loads(json.dumps(self._value))  # a copy: callers change theirs freely

    def write(self, value: Any) -> None:
        with self.lock:
            data = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            write_bytes_atomically(self.path, data)
            os.chmod(self.path, 0o600)
            self._seen = None
