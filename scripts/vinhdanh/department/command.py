"""`vinhdanh import`: the only command that fetches; prints one line per source, warnings in Vietnamese."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..diagnostics import format_report
from ..reader import load
from .importer import import_sources


def import_command(root: Path, accept: list[str] | None = None) -> int:
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
    started = time.perf_counter()
    outcomes = import_sources(root, site, tuple(accept or ()))
    for o in outcomes:
        print(o.text(), file=sys.stdout if o.ok else sys.stderr)
    bad = sum(not o.ok for o in outcomes)
    print(f"Đã xét {len(outcomes)} nguồn trong {time.perf_counter() - started:.1f} giây: {len(outcomes) - bad} tốt, {bad} cần kiểm tra. Chạy `vinhdanh build` để cập nhật trang.")
    return 0
