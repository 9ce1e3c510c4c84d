"""`vinhdanh import`: the only command that fetches; prints a line per source as it finishes, warnings in Vietnamese."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..content.diagnostics import format_report
from ..content.reader import load
from .fetch import MAX_DEADLINE, Bounds
from .importer import Outcome, import_sources


def import_command(root: Path, accept: list[str] | None = None, deadline: float | None = None) -> int:
    root = root.resolve()
    result = load(root)
    site = result.content.site if result.content else None
    site_errors = [d for d in result.errors if d.path == "content/site.yml"]
    if site is None or site_errors:
        print(format_report(site_errors or result.errors, "text", result.files_checked), file=sys.stderr)
        print("Chưa nhập gì: sửa `content/site.yml` trước.", file=sys.stderr)
        return 1
    if site.department is None and site.follow is None:
        print(
            "vinhdanh: lỗi: `content/site.yml` không có `department:` (danh sách đơn vị trực thuộc) hay `follow:` (bản xuất của Sở Y tế): không có gì để nhập.\n"
            "    gợi ý: Sở Y tế thêm `department:` với `sources:`; đơn vị thêm `follow: https://soyte.example.vn/guong-dien-hinh/feed.json`.",
            file=sys.stderr,
        )
        return 2
    unknown = [a for a in accept or () if site.department is None or a not in {s.id for s in site.department.sources}]
    if unknown:
        print(f"vinhdanh: lỗi: `--accept {unknown[0]}`: không có nguồn này trong `department.sources`.", file=sys.stderr)
        return 2
    if deadline is not None and not 0 < deadline <= MAX_DEADLINE:
        print(f"vinhdanh: lỗi: `--deadline {deadline:g}`: thời hạn cho mỗi nguồn phải từ 1 đến {MAX_DEADLINE} giây, ví dụ `--deadline 120`.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    bounds = Bounds(deadline=deadline) if deadline else None
    outcomes = import_sources(root, site, tuple(accept or ()), bounds=bounds, progress=_report)
    bad = sum(not o.ok for o in outcomes)
    print(f"Đã xét {len(outcomes)} nguồn trong {time.perf_counter() - started:.1f} giây: {len(outcomes) - bad} tốt, {bad} cần kiểm tra. Chạy `vinhdanh build` để cập nhật trang.")
    return 0


def _report(done: int, total: int, outcome: Outcome) -> None:
    """As each source finishes: the unit, its count, its time; then what was dropped and why."""
    print(outcome.progress(done, total), file=sys.stdout if outcome.ok else sys.stderr, flush=True)
    for warning in outcome.warnings:
        print(f"    {warning}", file=sys.stderr, flush=True)
