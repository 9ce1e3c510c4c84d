"""Front matter YAML line by line, as an author writes it.

`key_spans` finds the lines each top-level key's value stands on, so that a save
rewrites only the keys that changed; `emit` writes a key and its value as an author
would: plain scalars where YAML reads them back as the same text, flow lists, block
records and groups. Every value written is read back before it is trusted
(`_reads_as`): what cannot stay plain is double-quoted (JSON is valid YAML).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from ..content.schema import Key, by_key

NUMBER = re.compile(r"^\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- where a key stands, what counts as blank ----------------------------------------------


def key_spans(front: str) -> dict[str, tuple[int, int]]:
    """{key: (first line, last line)} of each top-level key (0-based lines of the front matter)."""
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ValueError("the existing front matter is not valid YAML") from exc
    if not isinstance(root, yaml.MappingNode):
        return {}
    lines = front.split("\n")
    spans: dict[str, tuple[int, int]] = {}
    for key_node, value_node in root.value:
        first, end = key_node.start_mark.line, value_node.end_mark
        last = end.line - 1 if end.column == 0 and end.line > first else end.line
        # A block ends where the next key starts: the comments and blank lines before that key are not its own.
        while last > first and (last >= len(lines) or not lines[last].strip() or lines[last].lstrip().startswith("#")):
            last -= 1
        spans[str(key_node.value)] = (first, last)
    return spans


def is_empty(value: Any) -> bool:
    """A value the form left blank: None, blank text, or lists and groups of those."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def as_text(value: Any) -> str:
    """A scalar as text: booleans as YAML writes them, None as nothing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


# -- YAML as an author writes it -----------------------------------------------------------


def emit(k: Key, value: Any) -> list[str]:
    """`key: value` lines: plain scalars where YAML reads them back as the same text, flow lists, block records."""
    if k.type == "records" and isinstance(value, list):
        items = [item for item in value if not is_empty(item)]
        lines = [f"{k.key}:"]
        for item in items:
            lines += _record(k, item)
        return lines
    if k.type == "group" and isinstance(value, dict):
        return [f"{k.key}:"] + ["  " + line for line in _mapping(k, value)]
    return _key_line(k.key, _value(k, value))


def _record(k: Key, item: Any) -> list[str]:
    if not isinstance(item, dict):
        return [f"  - {_scalar(as_text(item))}"]
    body = _mapping(k, item)
    return [("  - " if i == 0 else "    ") + line for i, line in enumerate(body)]


def _mapping(k: Key, value: dict[str, Any]) -> list[str]:
    parts = by_key(k.parts)
    lines: list[str] = []
    for key in value:  # the file's order, or the form's (which is the schema's)
        if is_empty(value[key]):
            continue
        part = parts.get(key)
        lines += emit(part, value[key]) if part is not None else emit_unknown(key, value[key])
    return lines


def _key_line(key: str, rendered: str | list[str]) -> list[str]:
    if isinstance(rendered, list):  # a block: `key: |-` and its indented lines
        return [f"{key}: {rendered[0]}"] + ["  " + line if line else "" for line in rendered[1:]]
    return [f"{key}: {rendered}" if rendered else f"{key}:"]


def _value(k: Key, value: Any) -> str | list[str]:
    if k.type in ("list", "refs"):
        items = [as_text(v).strip() for v in (value if isinstance(value, list) else [value]) if not is_empty(v)]
        return _flow(items)
    if k.type == "bool":
        return "true" if value is True or as_text(value).strip().lower() == "true" else "false"
    if k.type == "consent":
        if isinstance(value, bool):
            return "true" if value else "false"
        return _scalar(as_text(value).strip())
    if k.type == "int" and (isinstance(value, int) or NUMBER.match(as_text(value).strip())):
        return str(int(value))
    if k.type == "date" and DATE.match(as_text(value).strip()):
        return as_text(value).strip()
    if k.type == "focus":
        numbers = [n.strip() for n in (value if isinstance(value, list) else as_text(value).split(","))]
        if len(numbers) == 2 and all(re.fullmatch(r"\d+(\.\d+)?", as_text(n)) for n in numbers):
            return f"[{numbers[0]}, {numbers[1]}]"
    text = as_text(value).replace("\r\n", "\n").strip() if not isinstance(value, (list, dict)) else json.dumps(value, ensure_ascii=False)
    if "\n" in text:
        block = ["|-", *text.split("\n")]
        return block if _reads_as("\n".join(block[:1] + ["  " + line for line in block[1:]]), text) else json.dumps(text, ensure_ascii=False)
    return _scalar(text)


def emit_unknown(key: str, value: Any) -> list[str]:
    dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
    return dumped.rstrip("\n").split("\n")


def _scalar(text: str) -> str:
    """`text` plain when YAML reads it back as the same string, else double-quoted (JSON is valid YAML)."""
    if not text:
        return ""
    if _reads_as(text, text) and not text.startswith(("'", '"', "&", "*", "!", "|", ">", "%", "@", "`", "[", "{", "-", "?", "#", ",")):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(items: list[str]) -> str:
    if not items:
        return ""
    flow = "[" + ", ".join(json.dumps(i, ensure_ascii=False) if re.search(r"[,\[\]{}]", i) else _scalar(i) for i in items) + "]"
    return flow if _reads_as(flow, items) else json.dumps(items, ensure_ascii=False)


def _reads_as(text: str, expected: Any) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": expected}
    except yaml.YAMLError:
        return False
