"""Read a file's keys as the schema declares them.

Plain keys (text, date, choice, bool, list) are read from their declaration
alone; a key whose value needs the rest of the content (a unit, an award, a
photo) names a reader of its own. Readers run in schema order, so a reader may
use the values of the keys declared before it; `later` keys run after all others.
"""

from __future__ import annotations

import dataclasses
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
    order = [k for k in schema if k.key not in later] + [k for k in schema if k.key in later]
    for k in order:
        if k.key in readers:
            reader = readers[k.key]
            if reader is not None:
                values[k.key] = reader(k, values)
        else:
            values[k.key] = read_plain(f, k)
    return values


def model_values(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """The values a model dataclass has an attribute for: lists as tuples, an absent text as its default."""
    out: dict[str, Any] = {}
    for attribute in dataclasses.fields(cls):
        if attribute.name not in values:
            continue
        value = values[attribute.name]
        if value is None and attribute.default is not dataclasses.MISSING:
            value = attribute.default
        out[attribute.name] = tuple(value) if isinstance(value, list) else value
    return out
