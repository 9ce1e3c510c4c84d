"""A front matter value as a `Node`: what both readers of front matter make.

frontmatter.py makes Nodes from libyaml's events, plainyaml.py from plain
`key: value` lines without libyaml; both turn a scalar into a Node here, so
YAML 1.1's types (yes, ~, 0x1F, 2025-03-15, =) and the warnings on a value are
decided by one piece of code, whichever reader read the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records import record
from .text import code_point, find_hidden, is_bidi, strip_hidden

_RESOLVER: list = []  # YAML 1.1's implicit types of plain scalars, as SafeLoader resolves them (libyaml's import: when first asked)
_PLAIN_TAGS: dict[str, str] = {}  # a plain scalar's tag depends on its text only: keys and common values recur
STR_TAG = "tag:yaml.org,2002:str"


def plain_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain (unquoted, untagged) scalar written `value`."""
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _resolve(value)
        if len(value) < 64 and len(_PLAIN_TAGS) < 20_000:
            _PLAIN_TAGS[value] = tag
    return tag


def _resolve(value: str) -> str:
    if not _RESOLVER:
        import yaml

        _RESOLVER.append((yaml.resolver.Resolver(), yaml.ScalarNode))
    resolver, scalar = _RESOLVER[0]
    return resolver.resolve(scalar, value, (True, False))


KINDS = {
    STR_TAG: "str",
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


@record(frozen=False)
class Problem:
    code: str
    line: int
    column: int
    message: str
    hint: str = ""
    field: str = ""
    severity: str = "error"


def scalar_node(kind: str, raw: str, double_quoted: bool, line: int, column: int, path: str, problems: list[Problem]) -> Node:
    """A scalar of a supported `kind` (from KINDS) as a Node, with W101 when an escape made a hidden character."""
    found = find_hidden(raw) if double_quoted else None  # only double quotes have escapes
    if found is not None:  # a double-quoted escape ("\\e", "\\u202e") makes a character the file's text never had
        problems.append(Problem("W101", line, column, *hidden_message(raw[found[0]], found[1]), path, "warning"))
        raw = strip_hidden(raw)
    value = _value(kind, raw)
    if kind in ("int", "float") and isinstance(value, str):  # YAML 1.1 spellings: .nan, 1:30, 017
        kind = "str"
    return Node(kind, value, raw, line, column)


def refused_tag(tag: str, line: int, column: int, path: str, problems: list[Problem]) -> Node:
    """E109: a tag we do not read (`!!set`, `!vd`, the `=` YAML 1.1 types as `!!value`); the value is dropped."""
    written = f"!!{tag[18:]}" if tag.startswith("tag:yaml.org,2002:") else tag  # as the author typed it
    problems.append(Problem("E109", line, column, f"Thẻ YAML `{written}` không được hỗ trợ.", "Bỏ phần bắt đầu bằng `!` trước giá trị.", path))
    return Node("null", None, "", line, column)


def duplicate_key(name: str, first: Node, line: int, column: int, path: str) -> Problem:
    """E106: the key `name` again, at line:column; `first` is the value kept."""
    message = f"Khóa `{name}` lặp lại (đã có ở dòng {first.key_line}); giá trị sau sẽ ghi đè giá trị trước."
    return Problem("E106", line, column, message, f"Giữ một dòng `{name}:` duy nhất.", path)


def _value(kind: str, raw: str) -> Any:
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
