"""State of one read of `content/`: where we are, what we found, which files exist."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from .. import imagecheck
from ..diagnostics import Diagnostic
from ..frontmatter import Node, Problem, hidden_message, parse
from ..text import normalize_reporting


def today_in_vietnam() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone(dt.timedelta(hours=7))).date()
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date()


class Run:
    """State of one read: where we are and what we found."""

    def __init__(self, root: Path, today: dt.date):
        self.root = root
        self.content_dir = root / "content"
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.files = 0
        self.inspect: Callable[[Path], tuple] = imagecheck.inspect  # is an image usable: kept between builds by the read cache
        self.looked: list[Path] | None = None  # files looked at, while the read cache listens (cache/readcache.py)
        self.ahead: dict[Path, bytes] = {}  # files read ahead (ahead.py), taken by read_text
        self.slugs: dict[str, set[str]] = {}  # "exemplars"/"campaigns": the slugs of their files, for suggesting a free one
        self.own_hosts: frozenset[str] = frozenset()  # base_url's host: its images are no outside request
        self.image_hosts: frozenset[str] = frozenset()  # site.yml `image_hosts`: allowed, with a warning

    def rel(self, path: Path) -> str:
        text, prefix = str(path), str(self.root) + os.sep
        if text.startswith(prefix):  # the common case, without pathlib's parsing
            return text[len(prefix) :].replace(os.sep, "/")
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def slugs_beside(self, rel: str) -> set[str]:
        """The slugs of the stories (or campaigns) a file at `rel` sits among."""
        parts = rel.split("/")
        return self.slugs.get(parts[1], set()) if len(parts) > 2 and parts[0] == "content" else set()

    def add(self, path: str, line: int, column: int, code: str, message: str, hint: str = "", field: str = "", severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(path, line, column, code, message, hint, field, severity))

    def add_problems(self, rel: str, problems: list[Problem]) -> None:
        for p in problems:
            self.add(rel, p.line, p.column, p.code, p.message, p.hint, p.field, p.severity)

    def looked_at(self, path: Path) -> None:
        """A file whose existence or bytes shape the result of the read in progress."""
        if self.looked is not None:
            self.looked.append(Path(path))

    def is_file(self, path: Path) -> bool:
        """Path.is_file() that is False, not an exception, for names the OS refuses."""
        self.looked_at(path)  # a story's cached read is valid while this file is unchanged
        try:
            return path.is_file()
        except (OSError, ValueError):
            return False

    def read_text(self, path: Path) -> str | None:
        self.files += 1
        rel = self.rel(path)
        try:
            data = self.ahead.pop(path, None) or path.read_bytes()
        except OSError as exc:
            self.add(rel, 0, 0, "E101", f"Không đọc được tệp ({exc.strerror}).", "Kiểm tra quyền đọc tệp.")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            self.add(rel, line, column, "E101", "Tệp không phải mã UTF-8 (có thể lưu từ Word với mã Windows-1258 hoặc TCVN3).", "Mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8.")
            return None
        clean, hidden = normalize_reporting(text)
        if hidden is not None:
            self.add(rel, hidden.line, hidden.column, "W101", *hidden_message(hidden.char, hidden.count), severity="warning")
        return clean

    def read_yaml(self, path: Path) -> tuple[Node | None, str]:
        rel = self.rel(path)
        text = self.read_text(path)
        if text is None:
            return None, rel
        node, problems = parse(text, 1)
        self.add_problems(rel, problems)
        return node, rel

    def read_mapping(self, path: Path, code: str, message: str, hint: str) -> tuple[Node, str] | None:
        """`read_yaml` of a file that must be `key: value` pairs; anything else is reported
        (`code`, `message`, `hint`, at the value's line) and gives None."""
        node, rel = self.read_yaml(path)
        if node is None:
            return None
        if node.kind != "map":
            self.add(rel, node.line, node.column, code, message, hint)
            return None
        return node, rel


def slug_of(path: Path) -> str:
    return path.parent.name if path.name == "index.md" else path.stem


def markdown_files(folder: Path) -> list[Path]:
    return content_files(folder, (".md",))


def content_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files ending in `suffixes` anywhere below `folder`, in order; hidden and `_` names skipped."""
    if not folder.is_dir():
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        found += [Path(dirpath, f) for f in sorted(filenames) if f.endswith(suffixes) and not f.startswith((".", "_"))]
    return found
