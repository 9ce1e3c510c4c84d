"""`calendar:` in site.yml: the reporting deadlines, read as schema.py declares them (E820)."""

from __future__ import annotations

import datetime as dt
import re

from ..fields import Fields
from ..frontmatter import Node
from ..model import Deadline
from ..schema import CALENDAR, keys_of

CODE = "E820"
ENTRY_EXAMPLE = "{name: Gửi 01 gương điển hình tiêu biểu của tháng, due: monthly-exemplar, day: 20}"
_YEARLY = re.compile(r"^(\d{1,2})/(\d{1,2})$")  # 10/06: every year
_ONCE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")  # 2028-05-20: once
_KEYS = {k.key: k for k in CALENDAR}


def read_calendar(f: Fields) -> tuple[Deadline, ...] | None:
    """The deadlines of `calendar:`; `calendar: []` means none. None only when the key is
    not a list at all (then the error is reported and the plans' usual dates stand)."""
    node = f.map["calendar"]
    if node.kind == "null":
        return ()
    if node.kind != "seq":
        f.report(CODE, node, "calendar", "`calendar` phải là một danh sách các hạn báo cáo.", f"Ví dụ:\n    calendar:\n      - {ENTRY_EXAMPLE}")
        return None
    out = []
    for item in node.value:
        entry = f.mapping_of(item, "calendar", keys_of(CALENDAR), ENTRY_EXAMPLE)
        deadline = _deadline(entry, item) if entry is not None else None
        if deadline is not None:
            out.append(deadline)
    return tuple(out)


def _deadline(entry: Fields, node: Node) -> Deadline | None:
    name = entry.text("name", True, _KEYS["name"].max_len, _KEYS["name"].example)
    due = entry.choice("due", _KEYS["due"].values)
    day = _day(entry)
    dates = tuple(d for d in (_date(entry, item) for item in entry.items("dates", "[10/06, 10/12]")) if d is not None)
    has_dates = "dates" in entry.map and entry.map["dates"].kind != "null"
    if day is None and not has_dates and "day" not in entry.map:
        entry.report(
            "E201",
            node,
            "calendar.day",
            "Hạn báo cáo cần `day:` (hằng tháng) hoặc `dates:` (hằng năm, hoặc một lần).",
            "Ví dụ: `day: 20` (trước ngày 20 hằng tháng) hoặc `dates: [05/12]` (trước ngày 05/12 hằng năm).",
        )
        return None
    if not (name and due) or (day is None and not dates):
        return None
    return Deadline(name, due, day, dates, entry.text("to") or "", node.line)


def _day(entry: Fields) -> int | None:
    node = entry.map.get("day")
    if node is None or node.kind == "null":
        return None
    value = entry.integer_of(node, "calendar.day", "20")
    if value is not None and not 1 <= value <= 31:
        entry.report(CODE, node, "calendar.day", f"`day` là ngày trong tháng, từ 1 đến 31, nhưng đang là {value}.", "Ví dụ: `day: 20` (trước ngày 20 hằng tháng).")
        return None
    return value


def _date(entry: Fields, node: Node) -> tuple[int | None, int, int] | None:
    """`10/06` (every year) or `2028-05-20` (once): (year or None, month, day)."""
    raw = node.raw.strip() if node.is_scalar else ""
    yearly, once = _YEARLY.match(raw), _ONCE.match(raw)
    if yearly:
        day, month = int(yearly[1]), int(yearly[2])
        year = 2001  # not a leap year: 29/02 is not a date of every year
    elif once:
        year, month, day = int(once[1]), int(once[2]), int(once[3])
    else:
        entry.report(
            CODE,
            node,
            "calendar.dates",
            f"Ngày hạn `{raw or node.kind}` không đúng dạng: cần `ngày/tháng` (hằng năm) hoặc năm-tháng-ngày (một lần).",
            "Ví dụ: `dates: [05/12]` (trước ngày 05/12 hằng năm) hoặc `dates: [2028-05-20]` (một lần).",
        )
        return None
    try:
        dt.date(year, month, day)
    except ValueError:
        entry.report(CODE, node, "calendar.dates", f"Ngày hạn `{raw}` không có thật trong lịch" + (" của mọi năm." if yearly else "."), "Kiểm tra lại ngày và tháng, ví dụ `05/12` là ngày 5 tháng 12.")
        return None
    return (None if yearly else year, month, day)
