"""Split a Markdown file into YAML front matter and body, keeping every position.

We turn libyaml's parser events into `Node` values ourselves instead of letting
PyYAML compose and construct Python objects, so that an impossible date such as
2025-02-30 is a diagnostic, not a crash, that duplicate keys are seen at all
(PyYAML silently keeps the last one) and that an alias (`*name`) is refused where
it stands rather than expanded. One pass over the events, no intermediate node
tree: reading 5,000 stories' front matter costs what libyaml's own loader costs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent

from .text import code_point, find_hidden, is_bidi, strip_hidden

try:  # libyaml is ~10x faster; pure Python is a correct fallback (the wheel decides)
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - every wheel we install has libyaml
    _Parser = yaml.SafeLoader  # type: ignore[misc, assignment]
_RESOLVER = yaml.resolver.Resolver()  # YAML 1.1's implicit types of plain scalars, as SafeLoader resolves them
_PLAIN_TAGS: dict[str, str] = {}  # a plain scalar's tag depends on its text only: keys and common values recur


def _plain_tag(value: str) -> str:
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if len(value) < 64 and len(_PLAIN_TAGS) < 20_000:
            _PLAIN_TAGS[value] = tag
    return tag


_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:seq": "seq",
    "tag:yaml.org,2002:map": "map",
}
_TRUE = {"true", "yes", "on", "y"}


@dataclass(slots=True)  # thousands per run: slots make them smaller and quicker to make
class Node:
    """A YAML value with its 1-based file position."""

    kind: str  # str | int | float | bool | null | timestamp | seq | map
    value: Any  # scalar: the Python value; seq: list[Node]; map: dict[str, Node]
    raw: str  # the scalar as written ('' for collections)
    line: int
    column: int
    key_line: int = 0  # where the key of this value stands, inside a mapping
    key_column: int = 0

    @property
    def is_scalar(self) -> bool:
        return self.kind not in ("seq", "map")


@dataclass
class Problem:
    code: str
    line: int
    column: int
    message: str
    hint: str = ""
    field: str = ""
    severity: str = "error"


@dataclass
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


def parse(front: str, first_line: int) -> tuple[Node | None, list[Problem]]:
    """Read YAML text whose first line is file line `first_line`."""
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
                tag = _plain_tag(event.value) if event.implicit[0] else "tag:yaml.org,2002:str"
            else:
                tag = "tag:yaml.org,2002:seq" if cls is SequenceStartEvent else "tag:yaml.org,2002:map"
        kind = _TAGS.get(tag)
        shape = "seq" if cls is SequenceStartEvent else "map" if cls is MappingStartEvent else "scalar"
        if kind is None or (kind if kind in ("seq", "map") else "scalar") != shape:  # also `!!map` on a list, `!!seq` on a text
            self.skip(event)
            written = f"!!{tag[18:]}" if tag.startswith("tag:yaml.org,2002:") else tag  # as the author typed it
            return self.problem("E109", line, column, f"Thẻ YAML `{written}` không được hỗ trợ.", "Bỏ phần bắt đầu bằng `!` trước giá trị.", path)
        if kind == "seq":
            items = []
            item = self.next()
            while item.__class__ is not SequenceEndEvent:
                items.append(self.node(item, path))
                item = self.next()
            return Node("seq", items, "", line, column)
        if kind == "map":
            return self.mapping(line, column, path)
        return self.scalar(event, kind, line, column, path)

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
                first = out[name]
                message = f"Khóa `{name}` lặp lại (đã có ở dòng {first.key_line}); giá trị sau sẽ ghi đè giá trị trước."
                self.problems.append(Problem("E106", k_line, k_col, message, f"Giữ một dòng `{name}:` duy nhất.", child_path))
            else:
                child = self.node(value, child_path)
                child.key_line, child.key_column = k_line, k_col
                out[name] = child
            key = self.next()
        return Node("map", out, "", line, column)

    def scalar(self, event: Any, kind: str, line: int, column: int, path: str) -> Node:
        raw = event.value
        found = find_hidden(raw) if event.style == '"' else None  # only double quotes have escapes
        if found is not None:  # a double-quoted escape ("\\e", "\\u202e") makes a character the file's text never had
            self.problems.append(Problem("W101", line, column, *hidden_message(raw[found[0]], found[1]), path, "warning"))
            raw = strip_hidden(raw)
        value = _scalar(kind, raw)
        if kind in ("int", "float") and isinstance(value, str):  # YAML 1.1 spellings: .nan, 1:30, 017
            kind = "str"
        return Node(kind, value, raw, line, column)

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


def _scalar(kind: str, raw: str) -> Any:
    if kind == "null":
        return None
    if kind == "bool":
        return raw.lower() in _TRUE
    if kind == "int":
        try:
            return int(raw.replace("_", ""), 0)
        except ValueError:
            return raw
    if kind == "float":
        try:
            return float(raw.replace("_", ""))
        except ValueError:
            return raw
    return raw  # str and timestamp stay text: dates are checked by the schema


def hidden_message(char: str, count: int) -> tuple[str, str]:
    """(message, hint) of W101: a control or bidi character was removed from what was read."""
    what = "ký tự đảo chiều chữ, làm chữ hiện sai thứ tự" if is_bidi(char) else "ký tự điều khiển, thường lẫn vào khi dán từ Word hay phần mềm khác"
    more = f" (cùng {count - 1} ký tự như vậy khác)" if count > 1 else ""
    return (
        f"Có ký tự vô hình {code_point(char)} ({what}) ở đây{more}: đã được loại bỏ, trang và bản tin không có ký tự này.",
        "Không cần sửa; muốn tệp sạch thì xóa chữ ngay sau vị trí này rồi gõ lại.",
    )


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
