"""Split a Markdown file into YAML front matter and body, keeping every position.

PyYAML's `compose()` gives each node a start mark; we turn nodes into `Node`
values ourselves instead of letting PyYAML construct Python objects, so that an
impossible date such as 2025-02-30 is a diagnostic, not a crash, and so that
duplicate keys are seen at all (PyYAML silently keeps the last one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from .text import code_point, find_hidden, is_bidi, strip_hidden

# libyaml is ~10x faster; pure Python is a correct fallback (the wheel decides).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MemoLoader(_Loader):
    """Remembers how plain scalars resolve: keys and common values recur in every file.

    With SafeLoader (no path resolvers) a plain scalar's tag depends on its text only.
    """

    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and len(value) < 64:
            tag = self._tags.get(value)
            if tag is None:
                tag = _Loader.resolve(self, kind, value, implicit)
                if len(self._tags) < 20_000:
                    self._tags[value] = tag
            return tag
        return _Loader.resolve(self, kind, value, implicit)


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


@dataclass
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


def split(text: str) -> tuple[str | None, str, int, Problem | None]:
    """Return (front matter, body, body's first line, problem)."""
    if not text.strip():
        return None, "", 1, Problem("E107", 0, 0, "Tệp trống.", "Tạo tệp bằng lệnh `vinhdanh new exemplar TÊN`.")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
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
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, None
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
    """Compose YAML text whose first line is file line `first_line`."""
    problems: list[Problem] = []
    try:
        root = yaml.compose(front, Loader=_MemoLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        problem = str(exc.problem or exc.context or "")
        hint = next((h for needle, h in _YAML_HINTS if needle in problem), "Kiểm tra cú pháp YAML ở dòng này: `khóa: giá trị`, thụt lề bằng dấu cách.")
        problems.append(Problem("E104", line, column, f"Lỗi cú pháp YAML ({problem}).", hint))
        return None, problems
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        problems.append(Problem("E104", first_line, 1, f"Lỗi cú pháp YAML ({type(exc).__name__}).", "Kiểm tra cú pháp YAML: `khóa: giá trị`."))
        return None, problems
    if root is None:
        return Node("map", {}, "", first_line, 1), problems
    seen: set[int] = set()
    # An alias composes to the anchored node itself, whose marks are the anchor's:
    # take the aliases' own positions from the event stream (same document order).
    aliases = [e.start_mark for e in yaml.parse(front, Loader=_Loader) if isinstance(e, yaml.AliasEvent)] if "*" in front else []
    node = _convert(root, first_line, problems, seen, "", aliases)
    return node, problems


def _convert(n: yaml.Node, offset: int, problems: list[Problem], seen: set[int], path: str, aliases: list | None = None) -> Node:
    line, column = n.start_mark.line + offset, n.start_mark.column + 1
    if id(n) in seen:  # an alias: refuse rather than expand (no "billion laughs")
        if aliases:
            mark = aliases.pop(0)
            line, column = mark.line + offset, mark.column + 1
        problems.append(Problem("E108", line, column, "Không dùng neo/bí danh YAML (`&`, `*`) trong phần thông tin.", "Viết lại giá trị đầy đủ thay cho `*tên`.", path))
        return Node("null", None, "", line, column)
    seen.add(id(n))
    kind = _TAGS.get(n.tag)
    if kind is None:
        problems.append(Problem("E109", line, column, f"Thẻ YAML `{n.tag}` không được hỗ trợ.", "Bỏ phần bắt đầu bằng `!` trước giá trị.", path))
        return Node("null", None, "", line, column)
    if kind == "seq":
        return Node("seq", [_convert(c, offset, problems, seen, path, aliases) for c in n.value], "", line, column)
    if kind == "map":
        out: dict[str, Node] = {}
        for key_node, value_node in n.value:
            k_line, k_col = key_node.start_mark.line + offset, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem("E105", k_line, k_col, "Khóa phải là một từ đơn giản.", "Viết khóa dạng `title:`.", path))
                continue
            key = str(key_node.value)
            child_path = f"{path}.{key}" if path else key
            if key in out:
                first = out[key]
                problems.append(
                    Problem(
                        "E106",
                        k_line,
                        k_col,
                        f"Khóa `{key}` lặp lại (đã có ở dòng {first.key_line}); giá trị sau sẽ ghi đè giá trị trước.",
                        f"Giữ một dòng `{key}:` duy nhất.",
                        child_path,
                    )
                )
                continue
            child = _convert(value_node, offset, problems, seen, child_path, aliases)
            child.key_line, child.key_column = k_line, k_col
            out[key] = child
        return Node("map", out, "", line, column)
    raw = str(n.value)
    found = find_hidden(raw) if getattr(n, "style", None) == '"' else None  # only double quotes have escapes
    if found is not None:  # a double-quoted escape ("\\e", "\\u202e") makes a character the file's text never had
        problems.append(Problem("W101", line, column, *hidden_message(raw[found[0]], found[1]), path, "warning"))
        raw = strip_hidden(raw)
    value = _scalar(kind, raw)
    if kind in ("int", "float") and isinstance(value, str):  # YAML 1.1 spellings: .nan, 1:30, 017
        kind = "str"
    return Node(kind, value, raw, line, column)


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
