"""CLI glue for `vinhdanh report ...` and `vinhdanh poster ...`.

Exit codes: 0 written; 1 the content has validation errors (nothing written);
2 a bad argument: unknown output format, malformed month/year/period, or a slug
that names no public story or campaign.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..content.diagnostics import format_report
from ..content.model import Content
from ..content.reader import load, today_in_vietnam
from ..pages.urls import Urls
from ..site.atomic import write_atomically
from . import compose, period, proposals
from .args import UsageError, check_range, not_public, parse_month, parse_period, parse_year
from .tables import Report

REPORT_FORMATS = (".xlsx", ".docx", ".html")
POSTER_FORMATS = (".pdf", ".png")


def _fail(message: str, code: int = 2) -> int:
    print(f"vinhdanh: lỗi: {message}", file=sys.stderr)
    return code


def _format_of(output: Path, allowed: tuple[str, ...]) -> str:
    suffix = output.suffix.lower()
    if suffix not in allowed:
        shown = f"`{output.suffix}`" if output.suffix else "không có phần mở rộng"
        raise UsageError(f"không hỗ trợ định dạng tệp {shown} (`{output}`). Hãy đặt tên tệp kết thúc bằng " + ", ".join(f"`{s}`" for s in allowed) + ".")
    return suffix[1:]


def _today(args: argparse.Namespace) -> dt.date:
    return args.today or today_in_vietnam()


def _load(args: argparse.Namespace, today: dt.date) -> Content | None:
    """The whole corpus, or None after printing the validation errors."""
    result = load(args.root.resolve(), today)
    if not result.ok:
        print(format_report(result.diagnostics, "text", result.files_checked), file=sys.stderr)
        return None
    return result.content


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
            raise not_public("phong trào", args.slug, [c.slug for c in public.campaigns], everything.campaign(args.slug), "lập báo cáo được")
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
            raise not_public("gương điển hình", args.slug, [e.slug for e in public.exemplars], everything.exemplar(args.slug), "làm áp phích được")
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
