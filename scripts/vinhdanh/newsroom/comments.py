"""A reviewer's return comments, per story path, kept in the state folder (never in content/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .state import JsonFile


class Comments:
    def __init__(self, state: Path):
        self.file = JsonFile(state / "comments.json", {})

    def of(self, path: str) -> list[dict[str, str]]:
        return list(self.file.read().get(path, []))

    def add(self, path: str, by: str, text: str) -> dict[str, str]:
        entry = {"by": by, "at": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"), "text": text}
        with self.file.lock:
            stored = self.file.read()
            stored.setdefault(path, []).append(entry)
            self.file.write(stored)
        return entry
