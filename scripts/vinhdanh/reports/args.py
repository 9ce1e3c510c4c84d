"""The arguments of `vinhdanh report` and `poster` checked, with a Vietnamese message each.

Shared by a unit's reports (command.py) and a department's (department/reports.py):
both sides import this, neither imports the other.
"""

from __future__ import annotations

import datetime as dt
import re

from ..content.fields import did_you_mean

MAX_PERIOD_YEARS = 10
_STATUS_NAMES = {"draft": "bản nháp", "review": "đang chờ duyệt", "withdrawn": "đã gỡ"}


class UsageError(Exception):
    """A Vietnamese message for a wrong argument (exit 2)."""


def parse_month(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise UsageError(f"tháng không hợp lệ `{value}`, cần dạng YYYY-MM, ví dụ `2026-11`.")
    return int(match[1]), int(match[2])


def parse_year(value: str) -> int:
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise UsageError(f"năm không hợp lệ `{value}`, cần dạng YYYY, ví dụ `2026`.")
    return int(value)


def parse_period(value: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", value.strip())
    if not match:
        raise UsageError(f"giai đoạn không hợp lệ `{value}`, cần dạng YYYY-YYYY, ví dụ `2026-2030`.")
    first, last = int(match[1]), int(match[2])
    if last < first:
        raise UsageError(f"giai đoạn `{value}`: năm kết thúc phải bằng hoặc sau năm bắt đầu.")
    if last - first + 1 > MAX_PERIOD_YEARS:
        raise UsageError(f"giai đoạn `{value}` dài hơn {MAX_PERIOD_YEARS} năm.")
    return first, last


def check_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    if last < first:
        raise UsageError(f"kỳ báo cáo: ngày cuối `--to {last}` phải bằng hoặc sau ngày đầu `--from {first}`.")
    if last.year - first.year + 1 > MAX_PERIOD_YEARS:
        raise UsageError(f"kỳ báo cáo từ {first:%d/%m/%Y} đến {last:%d/%m/%Y} dài hơn {MAX_PERIOD_YEARS} năm.")
    return first, last


def not_public(label: str, slug: str, public_slugs: list[str], item, purpose: str) -> UsageError:
    """No public item by that slug: say why (not public yet, or unknown), suggest a slug."""
    if item is None:
        hint = did_you_mean(slug, public_slugs)
        return UsageError(f"không có {label} `{slug}`." + (f" {hint}" if hint else ""))
    why = _STATUS_NAMES.get(item.status) or f"hẹn đăng ngày {item.date:%d/%m/%Y}"
    return UsageError(f"{label} `{slug}` chưa công khai ({why}) nên không {purpose}.")
