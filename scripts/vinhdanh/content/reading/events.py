"""Events (`content/events/`): conferences, round-tables, exchanges and contests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..fields import Fields, did_you_mean
from ..model import Event
from ..schema import EVENT, EVENT_KEYS, Key
from .document import open_document
from .keys import KeyReader, end_date, model_values, read_keys
from .photo import photo_readers
from .run import Run


def read_event(run: Run, path: Path, campaigns: set[str], stories: set[str]) -> Event | None:
    """`campaigns`, `stories`: the slugs an event may name (every file's, public or not:
    a draft story named here only stays off the page until it is published)."""
    f, rel, body, body_line, slug = open_document(run, path)
    if f is None:
        return None
    f.check_keys(EVENT_KEYS)
    before = len(run.diagnostics)
    readers: dict[str, KeyReader | None] = {
        "end": lambda k, v: _end(f, k, v),
        "campaign": lambda k, v: _campaign(f, k, campaigns),
        "exemplars": lambda k, v: _stories(f, k, stories),
        **photo_readers(run, f, path.parent),  # with its alt, credit and focus
    }
    values = read_keys(f, EVENT, readers)
    if any(d.is_error for d in run.diagnostics[before:]) or any(values[k.key] is None for k in EVENT if k.required):
        return None
    return Event(slug=slug, source=path, rel_path=rel, body=body, body_line=body_line, **model_values(Event, values))


def _end(f: Fields, k: Key, values: dict[str, Any]) -> dt.date | None:
    return end_date(f, k, values, "E611", "diễn ra", "`end` phải bằng hoặc sau `start`; sự kiện một ngày thì bỏ `end`.")


def _campaign(f: Fields, k: Key, known: set[str]) -> str | None:
    slug = f.text(k.key, False, example=k.example)
    if slug is not None and slug not in known:
        hint = did_you_mean(slug, known) or "Tên phong trào là tên tệp trong `content/campaigns/` (không có `.md`)."
        f.report("E612", f.map[k.key], k.key, f"Không có phong trào `{slug}` trong `content/campaigns/`.", hint)
        return None
    return slug


def _stories(f: Fields, k: Key, known: set[str]) -> list[str]:
    out = []
    for item in f.items(k.key, k.example):
        slug = f.text_of(item, k.key)
        if slug is None:
            continue
        if slug not in known:
            hint = did_you_mean(slug, known) or "Tên bài là tên thư mục (hoặc tệp, bỏ `.md`) của bài trong `content/exemplars/`."
            f.report("E613", item, k.key, f"Không có bài gương điển hình `{slug}` trong `content/exemplars/`.", hint)
            continue
        out.append(slug)
    return out
