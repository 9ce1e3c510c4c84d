"""The audit log: one JSON line per thing tried (who, when, what, which path, result).

Appended with O_APPEND (one write per line), never rewritten: IT reads it with
`tail`/`jq`, and it keeps refusals as well as successes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Any

FILE = "audit.jsonl"


class Audit:
    def __init__(self, state: Path):
        self.path = state / FILE
        self.lock = threading.Lock()

    def record(self, who: str, what: str, path: str | None, result: str, **extra: Any) -> None:
        entry = {"at": dt.datetime.now(dt.timezone.utc).astimezone().isoformat(timespec="seconds"), "who": who, "what": what, "path": path, "result": result}
        entry.update({k: v for k, v in extra.items() if v is not None})
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self.lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
