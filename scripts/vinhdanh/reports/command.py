"""CLI glue for `vinhdanh report ...` and `vinhdanh poster ...`.

Exit codes: 0 written; 1 the content has validation errors (nothing written);
2 a bad argument: unknown output format, malformed month/year/period, or a slug
that names no public story or campaign.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..atomic import write_atomically
from ..diagnostics import format_report
from ..fields import did_you_mean
from ..model import Content
from ..reader import load, today_in_vietnam
from ..urls import Urls
from . import compose, period, proposals
from .tables import Report

REPORT_FORMATS = (".xlsx", ".docx", ".html")
POSTER_FORMATS = (".pdf", ".png")
MAX_PERIOD_YEARS = 10
_STATUS_NAMES = {"draft": "bản nháp", "review": "đang chờ duyệt", "withdrawn": "đã gỡ"}


class UsageError(Exception):
    """A Vietnamese message for a wrong argument (exit 2)."""


def _fail(message: str, code: int = 2) -> int:
    print(f"vinhdanh: lỗi: {message}", file=sys.stderr)
    return code


def _format_of(output: Path, allowed: tuple[str, ...]) -> str:
    suffix = output.suffix.lower()
    if suffix not in allowed:
        shown = f"`{output.suffix}`" if output.suffix else "không có phần mở rộng"
        raise UsageError(f"không hỗ trợ định dạng tệp {shown} (`{output}`). Hãy đặt tên tệp kết thúc bằng " + ", ".join(f"`{s}`" for s in allowed) + ".")
    return suffix[1:]


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


def _today(args: argparse.Namespace) -> dt.date:
    return args.today or today_in_vietnam()


def _load(args: argparse.Namespace, today: dt.date) -> Content | None:
    """The whole corpus, or None after printing the validation errors."""
    result = load(args.root.resolve(), today)
    if not result.ok:
        print(format_report(result.diagnostics, "text", result.files_checked), file=sys.stderr)
        return None
    return result.content


def _not_public(label: str, slug: str, public_slugs: list[str], item, purpose: str) -> UsageError:
    """No public item by that slug: say why (not public yet, or unknown), suggest a slug."""
    if item is None:
        hint = did_you_mean(slug, public_slugs)
        return UsageError(f"không có {label} `{slug}`." + (f" {hint}" if hint else ""))
    why = _STATUS_NAMES.get(item.status) or f"hẹn đăng ngày {item.date:%d/%m/%Y}"
    return UsageError(f"{label} `{slug}` chưa công khai ({why}) nên không {purpose}.")


def _builder(args: argparse.Namespace) -> Callable[[Content, Content, dt.date], Report]:
    """Check the report's arguments now; build the report once the content is loaded."""
    if getattr(args, "sector", False):  # a department's consolidated report, from its units' snapshots
        from ..department.reports import sector_builder

        return sector_builder(args)
    kind = args.report_kind
    if kind == "monthly":
        year, month = parse_month(args.month)
        return lambda public, everything, today: proposals.with_proposals(compose.monthly(public, today, year, month), public, everything, year, month)
    if kind == "yearly":
        year = parse_year(args.year)
        return lambda public, everything, today: compose.yearly(public, today, year)
    if kind == "selection":  # the department's picks for the province (the candidate pipeline)
        year = parse_year(args.year)
        return lambda public, everything, today: proposals.selection(public, everything, today, year, args.level)
    if kind == "period":
        start, end = check_range(args.first, args.last)
        return lambda public, everything, today: period.period(public, today, start, end)
    if kind == "registration":
        first, last = parse_period(args.period)
        return lambda public, everything, today: compose.registration(public, today, first, last, everything)

    def campaign(public: Content, everything: Content, today: dt.date) -> Report:
        found = public.campaign(args.slug)
        if found is None:
            raise _not_public("phong trào", args.slug, [c.slug for c in public.campaigns], everything.campaign(args.slug), "lập báo cáo được")
        return compose.campaign(public, today, found)

    return campaign


def _save(path: Path, write: Callable[[IO[bytes]], None]) -> int:
    try:
        write_atomically(path, write)
    except OSError as error:
        return _fail(f"không ghi được tệp `{path}`: {error.strerror or error}.", 1)
    return 0


def run_report(args: argparse.Namespace) -> int:
    try:
        fmt = _format_of(args.output, REPORT_FORMATS)
        build = _builder(args)
        today = _today(args)
        everything = _load(args, today)
        if everything is None:
            return 1
        report = build(everything.public(today), everything, today)
    except UsageError as error:
        return _fail(str(error))
    writer = importlib.import_module(f".{fmt}", __package__).write  # xlsx.py, docx.py, html.py
    if _save(args.output, lambda handle: writer(report, handle)):
        return 1
    print(f"Đã ghi {args.output} ({len(report.main_table.data_rows)} dòng).")
    return 0


def run_poster(args: argparse.Namespace) -> int:
    try:
        fmt = _format_of(args.output, POSTER_FORMATS)
        today = _today(args)
        everything = _load(args, today)
        if everything is None:
            return 1
        public = everything.public(today)
        exemplar = public.exemplar(args.slug)
        if exemplar is None:
            raise _not_public("gương điển hình", args.slug, [e.slug for e in public.exemplars], everything.exemplar(args.slug), "làm áp phích được")
    except UsageError as error:
        return _fail(str(error))

    from . import poster

    urls = Urls(public.site)
    image = poster.render(public.site, exemplar, urls.absolute(urls.exemplar(exemplar.slug)))
    title = f"{exemplar.name} - {public.site.name}"
    if _save(args.output, lambda handle: poster.save(image, handle, fmt, title=title)):
        return 1
    print(f"Đã ghi áp phích {args.output}.")
    return 0
