"""Typed access to a front matter mapping, one diagnostic per problem.

`Fields` wraps one parsed mapping and reads keys as the contract's types. Every
reader method returns a usable value or None and records what was wrong, so a
single pass over a file reports all of its problems.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable

from .diagnostics import Diagnostic
from .frontmatter import Node
from .text import fold

DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TYPE_NAMES = {
    "str": "văn bản",
    "int": "số nguyên",
    "float": "số thập phân",
    "bool": "true/false",
    "null": "trống",
    "timestamp": "ngày",
    "seq": "danh sách",
    "map": "nhóm khóa",
}


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest choice, comparing folded text so 'Khoa Nhi' ~ 'khoa nhí'."""
    options = {fold(c): c for c in choices}
    match = difflib.get_close_matches(fold(word), list(options), n=1, cutoff=cutoff)
    return options[match[0]] if match else None


def _leaf(key: str) -> str:
    """`quota.individual` -> `individual`: what the author actually types on that line."""
    return key.rsplit(".", 1)[-1]


@functools.lru_cache(maxsize=64)
def _names(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(keys)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    best = closest(word, choices)
    return f"Có phải bạn muốn viết `{best}`?" if best else ""


class Fields:
    def __init__(self, mapping: Node, rel_path: str, diagnostics: list[Diagnostic]):
        self.node = mapping
        self.map: dict[str, Node] = mapping.value
        self.path = rel_path
        self.diagnostics = diagnostics

    # -- reporting ---------------------------------------------------------

    def report(self, code: str, node: Node | None, key: str, message: str, hint: str = "", severity: str = "error") -> None:
        line, column = (node.line, node.column) if node else (self.node.line, self.node.column)
        self.diagnostics.append(Diagnostic(self.path, line, column, code, message, hint, key, severity))

    def report_key(self, code: str, node: Node, key: str, message: str, hint: str = "", severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(self.path, node.key_line or node.line, node.key_column or node.column, code, message, hint, key, severity))

    def _type_error(self, node: Node, key: str, expected: str, example: str) -> None:
        got = _TYPE_NAMES.get(node.kind, node.kind)
        self.report("E203", node, key, f"`{key}` phải là {expected}, nhưng đang là {got}.", f"Ví dụ: `{_leaf(key)}: {example}`")

    # -- keys ----------------------------------------------------------------

    def check_keys(self, known: Iterable[str]) -> None:
        known = tuple(known)
        names = _names(known)  # a set once per schema: a list was searched for every key of every story
        for key, node in self.map.items():
            if key not in names:
                suggestion = closest(key, known, cutoff=0.5)
                hint = f"Có phải bạn muốn viết `{suggestion}`?" if suggestion else "Các khóa hợp lệ: " + ", ".join(known)
                self.report_key("E202", node, key, f"Khóa `{key}` không có trong mô hình nội dung; giá trị của nó sẽ bị bỏ qua.", hint)

    def get(self, key: str, required: bool, example: str) -> Node | None:
        node = self.map.get(key)
        if node is None or node.kind == "null" or (node.kind == "str" and not node.raw.strip()):
            if required:
                target = node if node is not None else None
                where = "để trống" if node is not None else "bị thiếu"
                self.report("E201", target, key, f"Khóa bắt buộc `{key}` {where}.", f"Thêm dòng `{key}: {example}`")
            return None
        return node

    # -- scalar types --------------------------------------------------------

    def text(self, key: str, required: bool = False, max_len: int | None = None, example: str = "...") -> str | None:
        node = self.get(key, required, example)
        if node is None:
            return None
        return self.text_of(node, key, max_len, example)

    def text_of(self, node: Node, key: str, max_len: int | None = None, example: str = "...") -> str | None:
        if node.kind == "seq" or node.kind == "map":  # not is_scalar: a call less for every text of every story
            self._type_error(node, key, "một đoạn văn bản", example)
            return None
        raw = node.raw
        value = " ".join(raw.split()) if "\n" not in raw or "\n" not in raw.strip() else raw.strip()
        if max_len and len(value) > max_len:
            self.report("E206", node, key, f"`{key}` dài {len(value)} ký tự, tối đa {max_len}.", f"Rút gọn còn dưới {max_len} ký tự.")
        return value

    def date(self, key: str, required: bool = False) -> dt.date | None:
        node = self.get(key, required, "2025-03-15")
        if node is None:
            return None
        return self.date_of(node, key)

    def date_of(self, node: Node, key: str) -> dt.date | None:
        match = DATE_RE.match(node.raw.strip()) if node.is_scalar else None
        if not match:
            self.report("E205", node, key, f"`{key}` phải là ngày dạng `YYYY-MM-DD`, nhưng đang là `{node.raw}`.", f"Ví dụ: `{key}: 2025-03-15` (năm-tháng-ngày).")
            return None
        year, month, day = map(int, match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            self.report("E205", node, key, f"Ngày `{node.raw}` không có thật trong lịch.", f"Kiểm tra lại ngày và tháng, ví dụ `{key}: {year:04d}-{min(max(month, 1), 12):02d}-01`.")
            return None

    def boolean(self, key: str, default: bool = False) -> bool:
        node = self.map.get(key)
        if node is None or node.kind == "null":
            return default
        if node.kind != "bool":
            self._type_error(node, key, "`true` hoặc `false`", "true")
            return default
        return bool(node.value)

    def integer_of(self, node: Node, key: str, example: str, minimum: int | None = None) -> int | None:
        if node.kind != "int" or not isinstance(node.value, int):
            self._type_error(node, key, "một số nguyên", example)
            return None
        if minimum is not None and node.value < minimum:
            self.report("E604", node, key, f"`{key}` phải là số nguyên không âm, nhưng đang là {node.value}.", f"Ví dụ: `{_leaf(key)}: {example}`")
            return None
        return node.value

    def choice(self, key: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        node = self.get(key, required, choices[0])
        if node is None:
            return None
        value = node.raw.strip() if node.is_scalar else ""
        if value not in choices:
            hint = did_you_mean(value, choices) or "Giá trị hợp lệ: " + " | ".join(f"`{c}`" for c in choices)
            self.report("E204", node, key, f"`{key}` không nhận giá trị `{node.raw}`; chỉ nhận: {', '.join(choices)}.", hint)
            return None
        return value

    # -- collections ---------------------------------------------------------

    def items(self, key: str, example: str) -> list[Node]:
        """A list's items; a single scalar is accepted as a one-item list."""
        node = self.map.get(key)
        if node is None or node.kind == "null":
            return []
        if node.kind == "seq":
            return node.value
        if node.is_scalar and node.kind == "str":
            return [node]
        self._type_error(node, key, "một danh sách", example)
        return []

    def text_list(self, key: str, example: str) -> list[str]:
        out = []
        for item in self.items(key, example):
            value = self.text_of(item, key, example=example)
            if value:
                out.append(value)
        return out

    def mapping_of(self, node: Node, key: str, known: tuple[str, ...], example: str) -> Fields | None:
        if node.kind != "map":
            self._type_error(node, key, "một nhóm khóa", example)
            return None
        sub = Fields(node, self.path, self.diagnostics)
        for sub_key, child in node.value.items():
            if sub_key not in known:
                suggestion = closest(sub_key, known, cutoff=0.5)
                hint = f"Có phải bạn muốn viết `{suggestion}`?" if suggestion else "Các khóa hợp lệ: " + ", ".join(known)
                sub.report_key("E202", child, f"{key}.{sub_key}", f"Khóa `{sub_key}` không dùng được trong `{key}`.", hint)
        return sub
