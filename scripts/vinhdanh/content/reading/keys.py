"""Read a file's keys as the schema declares them.

Plain keys (text, date, choice, bool, list) are read from their declaration
alone; a key whose value needs the rest of the content (a unit, an award, a
photo) names a reader of its own. Readers run in schema order, so a reader may
use the values of the keys declared before it; `later` keys run after all others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from ..fields import Fields
from ..schema import Key

KeyReader = Callable[[Key, dict[str, Any]], Any]


def read_plain(f: Fields, k: Key) -> Any:
    if k.type in ("text", "longtext", "url"):
        return f.text(k.key, k.required, k.max_len, k.example)
    if k.type == "date":
        return f.date(k.key, k.required)
    if k.type == "choice":
        return f.choice(k.key, k.values, k.required)
    if k.type == "bool":
        return f.boolean(k.key)
    if k.type == "list":
        return f.text_list(k.key, k.example)
    raise KeyError(f"key `{k.key}` of type {k.type} needs a reader of its own")


def read_keys(f: Fields, schema: tuple[Key, ...], readers: dict[str, KeyReader | None], later: tuple[str, ...] = ()) -> dict[str, Any]:
    """{key: value} for every key of `schema`; a reader of None means another key's reader reads it.

    Unknown keys are the caller's to report (`Fields.check_keys`): they do not make a file unusable.
    """
    values: dict[str, Any] = {}
    present = f.map
    for k in _order(schema, later):
        if k.key in readers:
            reader = readers[k.key]
            if reader is not None:
                values[k.key] = reader(k, values)
        elif k.key in present or k.required or k.type not in ABSENT:
            values[k.key] = read_plain(f, k)
        else:  # what read_plain gives for a key the file does not have, without its calls (most keys of most files)
            values[k.key] = [] if k.type == "list" else ABSENT[k.type]
    return values


# read_plain's value of a key a file does not have, by type (a list: a new empty one each time).
ABSENT = {"text": None, "longtext": None, "url": None, "date": None, "choice": None, "bool": False, "list": None}


_ORDERS: dict[tuple[int, tuple[str, ...]], tuple[tuple[Key, ...], tuple[Key, ...]]] = {}


def _order(schema: tuple[Key, ...], later: tuple[str, ...]) -> tuple[Key, ...]:
    """The keys in reading order, once per schema (by identity: hashing every Key costs more than sorting)."""
    hit = _ORDERS.get((id(schema), later))
    if hit is None or hit[0] is not schema:
        hit = _ORDERS[(id(schema), later)] = (schema, tuple(k for k in schema if k.key not in later) + tuple(k for k in schema if k.key in later))
    return hit[1]


@functools.lru_cache(maxsize=32)
def _attributes(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, default or MISSING) of a model dataclass's attributes."""
    return tuple((attribute.name, attribute.default) for attribute in dataclasses.fields(cls))


def model_values(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The values a model dataclass has an attribute for: lists as tuples, an absent text as its default."""
    out: dict[str, Any] = {}
    for name, default in _attributes(cls):
        if name not in values:
            continue
        value = values[name]
        if value is None and default is not dataclasses.MISSING:
            value = default
        out[name] = tuple(value) if isinstance(value, list) else value
    return out


def end_date(f: Fields, k: Key, values: dict[str, Any], code: str, start_word: str, hint: str, voids_start: bool = False) -> dt.date | None:
    """`end`, refused (with `code`) when it comes before `start` — and `start` with it when
    `voids_start`; `start_word` names the start date in the message ("bắt đầu", "diễn ra")."""
    start, end = values["start"], f.date(k.key, k.required)
    if start and end and end < start:
        f.report(code, f.map["end"], "end", f"Ngày kết thúc {end:%d/%m/%Y} trước ngày {start_word} {start:%d/%m/%Y}.", hint)
        if voids_start:
            values["start"] = None
        return None
    return end
