"""A story's or campaign's file ⇄ the newsroom form's values.

`from_file` reads the front matter and body into form values; `to_file` writes form
values back as an author would write them. Editing an existing file changes only the
lines of the keys whose value changed: the author's comments, unknown keys, quoting
and list style stay as they were, so a save from the phone never breaks a story
written by hand. A good deed (a contributor's form) becomes a candidate story.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..content.frontmatter import Node, read_document, split
from ..content.schema import EXEMPLAR, SUMMARY_MAX, TITLE_MAX, Key, by_key
from .forms import GOODDEED_KEYS, SCHEMAS
from .yamllines import as_text, emit, emit_unknown, is_empty, key_spans

# -- file → form values --------------------------------------------------------------------


def from_file(kind: str, text: str) -> dict[str, Any]:
    """The form values of a story or campaign: every front matter key (unknown ones too) plus "body"."""
    text = text.lstrip("\ufeff")
    document = read_document(text)
    values: dict[str, Any] = {}
    if document.meta is not None:
        schema = by_key(SCHEMAS.get(kind, EXEMPLAR))
        for key, node in document.meta.value.items():
            k = schema.get(key)
            values[key] = _form_value(k, _plain(node)) if k is not None else _plain(node)
    values["body"] = document.body.lstrip("\n")
    return values


def _plain(node: Node) -> Any:
    if node.kind == "seq":
        return [_plain(n) for n in node.value]
    if node.kind == "map":
        return {key: _plain(n) for key, n in node.value.items()}
    return node.value  # dates stay text: the form shows them as written


def _form_value(k: Key, value: Any) -> Any:
    """A file value in the shape the form edits for `k`'s type (the file may use another shape)."""
    if k.type in ("list", "refs"):
        if value is None:
            return []
        return [as_text(v) for v in value] if isinstance(value, list) else [as_text(value)]
    if k.type == "records":
        if not isinstance(value, list):
            return value if value else []
        parts = by_key(k.parts)
        return [{key: _form_value(parts[key], v) if key in parts else v for key, v in item.items()} if isinstance(item, dict) else item for item in value]
    if k.type == "group":
        if not isinstance(value, dict):
            return value if value else {}
        parts = by_key(k.parts)
        return {key: _form_value(parts[key], v) if key in parts else v for key, v in value.items()}
    if k.type == "focus" and isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    if k.type in ("bool", "consent", "int") and isinstance(value, (bool, int)):
        return value
    if k.type == "bool":
        return value if value is not None else False
    return "" if value is None else (as_text(value) if not isinstance(value, (list, dict)) else value)


# -- form values → file --------------------------------------------------------------------


def to_file(kind: str, values: dict[str, Any], old_text: str | None = None, today: dt.date | None = None) -> str:
    """The file text for `values`; with `old_text`, only the lines of changed keys are rewritten.

    Keys absent from `values` keep what the file had; a key the form emptied stays as `key:`.
    """
    values = dict(values)
    if kind == "gooddeed":
        values = _gooddeed(values, old_text, today)
    schema = SCHEMAS.get(kind, EXEMPLAR)
    body = values.pop("body", None)
    if old_text is None:
        return _new_file(schema, values, body or "")
    newline = "\r\n" if "\r\n" in old_text else "\n"
    text = old_text.lstrip("\ufeff").replace("\r\n", "\n")
    front, old_body, _, problem = split(text)
    if problem is not None or front is None:
        raise ValueError("the existing file has no readable front matter")
    old_values = from_file(kind, text)
    lines = _rewrite(front.split("\n") if front else [], schema, values, old_values)
    if body is None:
        body = old_body
    else:
        body = "\n" + body.replace("\r\n", "\n").strip("\n") + "\n"
    out = "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body
    return out.replace("\n", newline)


def _gooddeed(values: dict[str, Any], old_text: str | None, today: dt.date | None) -> dict[str, Any]:
    """A good deed is a candidate story: title, summary and date come from what was sent."""
    from ..content.reader import today_in_vietnam

    old = from_file("gooddeed", old_text) if old_text else {}
    out = {k: v for k, v in values.items() if k in GOODDEED_KEYS or k == "body"}
    out["kind"] = out.get("kind") or old.get("kind") or "individual"
    name = " ".join(str(out.get("name") or "").split())
    if not old.get("title"):
        out["title"] = f"Việc tốt của {name}"[:TITLE_MAX] if name else ""
    if not old.get("summary"):
        out["summary"] = _summary(str(out.get("body") or ""))
    if not old.get("date"):
        out["date"] = (today or today_in_vietnam()).isoformat()
    out["status"] = "candidate"
    return out


def _summary(body: str) -> str:
    text = " ".join(re.sub(r"[#*_>`]+", " ", body).split())
    if len(text) <= SUMMARY_MAX:
        return text
    cut = text[: SUMMARY_MAX - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _new_file(schema: tuple[Key, ...], values: dict[str, Any], body: str) -> str:
    lines: list[str] = []
    for k in schema:
        if k.key in values and not is_empty(values[k.key]):
            lines += emit(k, values[k.key])
    for key, value in values.items():  # keys the schema does not know: kept, after the schema's
        if key not in by_key(schema) and not is_empty(value):
            lines += emit_unknown(key, value)
    body = body.replace("\r\n", "\n").strip("\n")
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n\n" + (body + "\n" if body else "")


def _rewrite(lines: list[str], schema: tuple[Key, ...], values: dict[str, Any], old: dict[str, Any]) -> list[str]:
    """Replace the lines of each changed key, insert new keys after the schema key before them."""
    spans = key_spans("\n".join(lines))
    keys = by_key(schema)
    replaced: dict[int, list[str]] = {}  # first line of a key's span -> its new lines
    inserts: dict[int, list[str]] = {}  # insert before this line index
    last_end = _last_key_end(spans, len(lines))
    for k in schema:
        if k.key not in values or _same(k, values[k.key], old.get(k.key)):
            continue
        new = emit(k, values[k.key]) if not is_empty(values[k.key]) else ([f"{k.key}:"] if k.key in spans else [])
        if k.key in spans:
            replaced[spans[k.key][0]] = new
        elif new:
            at = _insert_at(k, schema, spans, last_end)
            inserts.setdefault(at, []).extend(new)
    for key, value in values.items():
        if key not in keys and key not in spans and not is_empty(value):
            inserts.setdefault(last_end, []).extend(emit_unknown(key, value))
    out: list[str] = []
    skip_until = -1
    ends = dict(spans.values())
    for index, line in enumerate([*lines, ""]):
        out += inserts.get(index, [])
        if index == len(lines):
            break
        if index in replaced:
            out += replaced[index]
            skip_until = ends[index]
        elif index > skip_until:
            out.append(line)
    return out


def _last_key_end(spans: dict[str, tuple[int, int]], count: int) -> int:
    return max((end for _, end in spans.values()), default=count - 1) + 1


def _insert_at(k: Key, schema: tuple[Key, ...], spans: dict[str, tuple[int, int]], last_end: int) -> int:
    """After the nearest key declared before `k` that the file has, else before the first one after it."""
    order = [s.key for s in schema]
    index = order.index(k.key)
    for before in reversed(order[:index]):
        if before in spans:
            return spans[before][1] + 1
    for after in order[index + 1 :]:
        if after in spans:
            return spans[after][0]
    return last_end


def _same(k: Key, new: Any, old: Any) -> bool:
    return _normal(_form_value(k, new)) == _normal(_form_value(k, old))


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _normal(v) for key, v in value.items() if not is_empty(v)}
    if isinstance(value, list):
        return [_normal(v) for v in value if not is_empty(v)]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return value
    return str(value)
