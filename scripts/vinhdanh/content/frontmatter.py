"""Split a Markdown file into YAML front matter and body, keeping every position.

Front matter of plain `key: value` lines, most of it, does not need libyaml at all:
plainyaml.py reads it to the same Nodes for about half the cost; anything else is
read from libyaml's events (yamlevents.py), imported only then.
"""

from __future__ import annotations

import re
from dataclasses import field

from ..records import record
from . import plainyaml
from .yamlnode import Node, Problem, hidden_message

__all__ = ["Document", "Node", "Problem", "hidden_message", "parse", "read_document", "split"]


@record(frozen=False)
class Document:
    meta: Node | None  # the front matter mapping, or None when unusable
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


_FENCE = re.compile(r"^(?:---|\.\.\.)", re.M)


def split(text: str) -> tuple[str | None, str, int, Problem | None]:
    """Return (front matter, body, body's first line, problem)."""
    if not text or text.isspace():
        return None, "", 1, Problem("E107", 0, 0, "Tệp trống.", "Tạo tệp bằng lệnh `vinhdanh new exemplar TÊN`.")
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        return (
            None,
            text,
            1,
            Problem(
                "E102",
                1,
                1,
                "Tệp không bắt đầu bằng phần thông tin (front matter) đặt giữa hai dòng `---`.",
                "Dòng đầu tiên của tệp phải là `---`, tiếp theo là các khóa như `title: ...`, rồi một dòng `---`.",
            ),
        )
    # Only lines starting like a fence are looked at, not every line of the body.
    for fence in _FENCE.finditer(text, first_end + 1) if first_end >= 0 else ():
        start = fence.start()
        end = text.find("\n", start)
        if text[start : end if end >= 0 else None].rstrip() in ("---", "..."):
            body = text[end + 1 :] if end >= 0 else ""
            return text[first_end + 1 : max(start - 1, first_end + 1)], body, text.count("\n", 0, start) + 2, None
    return (
        None,
        "",
        1,
        Problem(
            "E103",
            1,
            1,
            "Phần thông tin mở bằng `---` ở dòng 1 nhưng không có dòng `---` đóng lại.",
            "Thêm một dòng chỉ có `---` sau khóa cuối cùng, trước nội dung bài viết.",
        ),
    )


def parse(front: str, first_line: int) -> tuple[Node | None, list[Problem]]:
    """Read YAML text whose first line is file line `first_line`.

    Plain `key: value` front matter (what the editor, `vinhdanh new` and most authors
    write) is read by plainyaml.py without libyaml; anything else by libyaml's events.
    """
    plain = plainyaml.read(front, first_line)
    if plain is not None:
        return plain
    from .yamlevents import parse_events  # libyaml only here: `split` needs none (site/bodyedit.py)

    return parse_events(front, first_line)


def read_document(text: str) -> Document:
    front, body, body_line, problem = split(text)
    if problem:
        return Document(None, body, body_line, [problem])
    node, problems = parse(front or "", 2)
    if node is not None and node.kind != "map":
        problems.append(
            Problem(
                "E105",
                node.line,
                node.column,
                "Phần thông tin phải là danh sách các cặp `khóa: giá trị`.",
                "Ví dụ:\n    title: Tấm gương ...\n    kind: individual",
            )
        )
        node = None
    return Document(node, body, body_line, problems)
