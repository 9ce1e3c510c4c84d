"""Campaigns (`content/campaigns/`): the schema's keys, their phases and quota."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from ..fields import Fields
from ..frontmatter import Node
from ..model import Campaign, Phase, Quota
from ..schema import CAMPAIGN, CAMPAIGN_KEYS, Key, by_key, keys_of
from .document import open_document
from .keys import KeyReader, end_date, model_values, read_keys
from .photo import photo_readers
from .run import Run

_PHASE_KEYS = keys_of(by_key(CAMPAIGN)["phases"].parts)
_QUOTA_KEYS = keys_of(by_key(CAMPAIGN)["quota"].parts)


def read_campaign(run: Run, path: Path) -> Campaign | None:
    f, rel, body, body_line, slug = open_document(run, path)
    if f is None:
        return None
    f.check_keys(CAMPAIGN_KEYS)
    before = len(run.diagnostics)
    readers: dict[str, KeyReader | None] = {
        "end": lambda k, v: _end(f, k, v),
        "phases": lambda k, v: _phases(f, v["start"], v["end"]),
        "quota": lambda k, v: _quota(f),
        **photo_readers(run, f, path.parent),  # with its alt, credit and focus
    }
    values = read_keys(f, CAMPAIGN, readers)
    if any(d.is_error for d in run.diagnostics[before:]) or any(values[k.key] is None for k in CAMPAIGN if k.required):
        return None
    return Campaign(slug=slug, source=path, rel_path=rel, body=body, body_line=body_line, **model_values(Campaign, values))


def _end(f: Fields, k: Key, values: dict[str, Any]) -> dt.date | None:
    """The end date; an end before the start voids both (the campaign has no period)."""
    return end_date(f, k, values, "E601", "bắt đầu", "`end` phải bằng hoặc sau `start`.", voids_start=True)


def _phases(f: Fields, start: dt.date | None, end: dt.date | None) -> list[Phase]:
    out: list[tuple[Phase, Node]] = []
    example = "{name: Đợt 1, start: 2026-03-01, end: 2026-06-30, goal: ...}"
    node = f.map.get("phases")
    if node is not None and node.kind not in ("seq", "null"):
        f.report("E203", node, "phases", "`phases` phải là một danh sách các đợt.", f"Ví dụ:\n    phases:\n      - {example}")
        return []
    for item in node.value if node is not None and node.kind == "seq" else []:
        sub = f.mapping_of(item, "phases", _PHASE_KEYS, example)
        if sub is None:
            continue
        name = sub.text("name", True, example="Đợt 1")
        p_start, p_end = sub.date("start", True), sub.date("end", True)
        if p_start and p_end and p_end < p_start:
            sub.report("E605", sub.map["end"], "phases.end", f'Đợt "{name}" kết thúc {p_end:%d/%m/%Y} trước khi bắt đầu {p_start:%d/%m/%Y}.', "Sửa lại `start` và `end` của đợt.")
            continue
        if not (name and p_start and p_end):
            continue
        if start and end and (p_start < start or p_end > end):
            sub.report(
                "E602",
                item,
                "phases",
                f'Đợt "{name}" ({p_start:%d/%m/%Y}–{p_end:%d/%m/%Y}) nằm ngoài thời gian phong trào ({start:%d/%m/%Y}–{end:%d/%m/%Y}).',
                "Mỗi đợt phải nằm trong khoảng `start`–`end` của phong trào.",
            )
            continue
        out.append((Phase(name, p_start, p_end, sub.text("goal") or ""), item))
    ordered = sorted(out, key=lambda pair: pair[0].start)
    for (a, _), (b, b_node) in itertools.pairwise(ordered):
        if b.start <= a.end:
            f.report(
                "E603",
                b_node,
                "phases",
                f'Đợt "{b.name}" bắt đầu {b.start:%d/%m/%Y}, trước khi đợt "{a.name}" kết thúc {a.end:%d/%m/%Y}.',
                "Các đợt không được chồng lên nhau: đợt sau bắt đầu sau ngày kết thúc của đợt trước.",
            )
    return [p for p, _ in ordered]


def _quota(f: Fields) -> Quota | None:
    node = f.map.get("quota")
    if node is None or node.kind == "null":
        return None
    sub = f.mapping_of(node, "quota", _QUOTA_KEYS, "{collective: 2, individual: 5}")
    if sub is None:
        return None
    values: dict[str, int | None] = {}
    for key in _QUOTA_KEYS:
        child = sub.map.get(key)
        empty = child is None or child.kind == "null" or (child.kind == "str" and not child.raw.strip())  # the editor writes a blank number as ""
        values[key] = None if child is None or empty else sub.integer_of(child, f"quota.{key}", "5", 0)
    return Quota(**values)
