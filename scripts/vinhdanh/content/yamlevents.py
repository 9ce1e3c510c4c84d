"""Front matter read from libyaml's parser events: whatever YAML plainyaml.py cannot read.

We turn libyaml's parser events into `Node` values ourselves instead of letting
PyYAML compose and construct Python objects, so that an impossible date such as
2025-02-30 is a diagnostic, not a crash, that duplicate keys are seen at all
(PyYAML silently keeps the last one) and that an alias (`*name`) is refused where
it stands rather than expanded. One pass over the events, no intermediate node tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent

from .yamlnode import KINDS, STR_TAG, Node, Problem, duplicate_key, plain_tag, refused_tag, scalar_node

try:  # libyaml is ~10x faster; pure Python is a correct fallback (the wheel decides)
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - every wheel we install has libyaml
    _Parser = yaml.SafeLoader  # type: ignore[misc, assignment]


_YAML_HINTS = (
    ("mapping values are not allowed", 'Giá trị có dấu hai chấm `:`: đặt cả giá trị trong dấu ngoặc kép, ví dụ `title: "Khoa Nhi: 10 năm"`.'),
    ("cannot start any token", "YAML không cho phép ký tự Tab hoặc ký tự này ở đầu giá trị: thay Tab bằng dấu cách, hoặc đặt giá trị trong ngoặc kép."),
    ("could not find expected ':'", "Mỗi dòng phải có dạng `khóa: giá trị`; kiểm tra dấu hai chấm và thụt lề."),
    ("did not find expected ',' or ']'", "Có dấu ngoặc vuông `[` chưa đóng (thường ở dòng phía trên): mỗi `[` cần một `]`."),
    ("did not find expected ',' or '}'", "Có dấu ngoặc nhọn `{` chưa đóng (thường ở dòng phía trên): mỗi `{` cần một `}`."),
    ("found unexpected end of stream", "Có dấu ngoặc kép hoặc ngoặc vuông chưa đóng."),
    ("expected <block end>", "Thụt lề không đều: các khóa cùng cấp phải thẳng hàng, dùng dấu cách (không dùng Tab)."),
    ("found undefined alias", "Không dùng ký tự `*` ở đầu giá trị; đặt giá trị trong ngoặc kép."),
    ("found unknown escape character", "Trong ngoặc kép, dấu `\\` phải viết là `\\\\`; hoặc dùng ngoặc đơn."),
)


def parse_events(front: str, first_line: int) -> tuple[Node | None, list[Problem]]:
    """`parse` by libyaml's parser events, whatever the YAML: the reader plainyaml.py must agree with."""
    problems: list[Problem] = []
    try:
        root = _Events(front, first_line, problems).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = str(exc.problem or exc.context or "")
        hint = next((h for needle, h in _YAML_HINTS if needle in problem), "Kiểm tra cú pháp YAML ở dòng này: `khóa: giá trị`, thụt lề bằng dấu cách.")
        return None, [Problem("E104", line, column, f"Lỗi cú pháp YAML ({problem}).", hint)]
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return None, [Problem("E104", first_line, 1, f"Lỗi cú pháp YAML ({type(exc).__name__}).", "Kiểm tra cú pháp YAML: `khóa: giá trị`.")]
    if root is None:
        return Node("map", {}, "", first_line, 1), problems
    return root, problems


class _Events:
    """One document's parser events made into `Node`s; the composer's errors raised as it raises them."""

    def __init__(self, front: str, offset: int, problems: list[Problem]):
        self.next: Callable[[], Any] = _Parser(front).get_event  # the next event; Any: the stubs type them loosely
        self.offset = offset
        self.problems = problems
        self.anchors: dict[str, Any] = {}  # anchor -> its mark: a second `&name` is an error, as in PyYAML

    def document(self) -> Node | None:
        self.next()  # the stream's start
        start = self.next()
        if start.__class__ is StreamEndEvent:
            return None  # nothing but comments
        node = self.node(self.next(), "")
        self.next()  # the document's end
        after = self.next()
        if after.__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", start.start_mark, "but found another document", after.start_mark)
        return node

    def problem(self, code: str, line: int, column: int, message: str, hint: str, path: str) -> Node:
        self.problems.append(Problem(code, line, column, message, hint, path))
        return Node("null", None, "", line, column)

    def node(self, event: Any, path: str) -> Node:
        mark = event.start_mark
        line, column = mark.line + self.offset, mark.column + 1
        cls = event.__class__
        if cls is AliasEvent or event.anchor is not None:
            self.anchor(event)
            if cls is AliasEvent:  # refused rather than expanded (no "billion laughs")
                return self.problem("E108", line, column, "Không dùng neo/bí danh YAML (`&`, `*`) trong phần thông tin.", "Viết lại giá trị đầy đủ thay cho `*tên`.", path)
        tag: str = event.tag
        if tag is None or tag == "!":  # no tag of the author's: the value's own
            if cls is ScalarEvent:
                tag = plain_tag(event.value) if event.implicit[0] else STR_TAG
            else:
                tag = "tag:yaml.org,2002:seq" if cls is SequenceStartEvent else "tag:yaml.org,2002:map"
        kind = KINDS.get(tag)
        shape = "seq" if cls is SequenceStartEvent else "map" if cls is MappingStartEvent else "scalar"
        if kind is None or (kind if kind in ("seq", "map") else "scalar") != shape:  # also `!!map` on a list, `!!seq` on a text
            self.skip(event)
            return refused_tag(tag, line, column, path, self.problems)
        if kind == "seq":
            items = []
            item = self.next()
            while item.__class__ is not SequenceEndEvent:
                items.append(self.node(item, path))
                item = self.next()
            return Node("seq", items, "", line, column)
        if kind == "map":
            return self.mapping(line, column, path)
        return scalar_node(kind, event.value, event.style == '"', line, column, path, self.problems)

    def mapping(self, line: int, column: int, path: str) -> Node:
        out: dict[str, Node] = {}
        key = self.next()
        while key.__class__ is not MappingEndEvent:
            mark = key.start_mark
            k_line, k_col = mark.line + self.offset, mark.column + 1
            if key.__class__ is not ScalarEvent:  # a list, a mapping or an alias as a key
                self.skip(key)
                self.skip(self.next())
                if key.__class__ is AliasEvent:
                    self.problem("E108", k_line, k_col, "Không dùng neo/bí danh YAML (`&`, `*`) trong phần thông tin.", "Viết lại giá trị đầy đủ thay cho `*tên`.", path)
                else:
                    self.problems.append(Problem("E105", k_line, k_col, "Khóa phải là một từ đơn giản.", "Viết khóa dạng `title:`.", path))
                key = self.next()
                continue
            if key.anchor is not None:
                self.anchor(key)
            name = key.value
            child_path = f"{path}.{name}" if path else name
            value = self.next()
            if name in out:
                self.skip(value)
                self.problems.append(duplicate_key(name, out[name], k_line, k_col, child_path))
            else:
                child = self.node(value, child_path)
                child.key_line, child.key_column = k_line, k_col
                out[name] = child
            key = self.next()
        return Node("map", out, "", line, column)

    def anchor(self, event: Any) -> None:
        """Anchors and aliases checked as PyYAML's composer checks them, with its messages."""
        name, mark = event.anchor, event.start_mark
        if event.__class__ is AliasEvent:
            if name not in self.anchors:
                raise ComposerError(None, None, "found undefined alias", mark)
        elif name in self.anchors:
            raise ComposerError("found duplicate anchor; first occurrence", self.anchors[name], "second occurrence", mark)
        else:
            self.anchors[name] = mark

    def skip(self, event: Any) -> None:
        """Pass over a value not kept (a duplicate key's, a refused one), its anchors still counted."""
        depth = 0
        while True:
            cls = event.__class__
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                depth -= 1
            elif cls is AliasEvent or event.anchor is not None:
                self.anchor(event)
            if cls is MappingStartEvent or cls is SequenceStartEvent:
                depth += 1
            if depth == 0:
                return
            event = self.next()
