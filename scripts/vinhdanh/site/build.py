"""`vinhdanh build`: the command around `pipeline.build()` (its messages and exit code),
and `build_into()`, the pipeline's last steps for a section prepared already.

A failed build leaves the previous site byte-for-byte as it was (swap.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from pathlib import Path

from . import bodyedit


def build_command(root: Path, config: Path, site_dir: Path | None, today: dt.date | None, full: bool = False) -> int:
    """`vinhdanh build`: a body edit spliced in (bodyedit.py) when that is all that
    changed, else the pipeline; its messages and exit code."""
    root = root.resolve()
    config = (root / config).resolve()
    target = (site_dir or root / "site").resolve()
    if not config.is_file():
        print(
            f"Không tìm thấy tệp cấu hình trang web `{config}`.\n    gợi ý: chạy lệnh ở thư mục gốc của dự án (nơi có `mkdocs.yml`), hoặc chỉ rõ bằng `--config đường/dẫn/mkdocs.yml`.", file=sys.stderr
        )
        return 1
    started = time.perf_counter()
    gc.disable()  # for the whole command: a build allocates much and frees little before it ends
    if not full:
        from ..content.reading.run import today_in_vietnam

        day = today or today_in_vietnam()
        pages = bodyedit.build(root, config, target, day)
        if pages is not None:
            _built(pages, target, started, day)
            return 0
    from ..content.diagnostics import format_report
    from ..pipeline import BuildFailed, build
    from ..section import ContentError

    try:
        section = build(root, config, target, today, full)
    except ContentError as exc:
        print(format_report(exc.diagnostics, "text", exc.files_checked), file=sys.stderr)
        print("Trang web KHÔNG được dựng; trang đang chạy giữ nguyên.", file=sys.stderr)
        return 1
    except BuildFailed as exc:  # any engine failure: the live site stays as it was
        print(f"Dựng trang thất bại: {exc}\nTrang đang chạy giữ nguyên.", file=sys.stderr)
        return 1
    _built(len(section.pages), target, started, section.today)
    return 0


def _built(pages: int, target: Path, started: float, today: dt.date) -> None:
    print(f"Đã dựng {pages} trang của mục gương điển hình vào {target} trong {time.perf_counter() - started:.1f} giây (ngày dựng {today:%d/%m/%Y}).")


def build_into(config: Path, target: Path, section, reuse: bool = True) -> None:
    """Build in a sibling folder, then exchange it with `target` in one step.

    The engine runs only when what its output is made of changed (assemble.py);
    pages unchanged since an earlier build are linked from the store (see
    cache/store.py). `reuse` off (`--full`): the engine runs and every page is made.
    """
    from .output import engine_output, write_into
    from .swap import staged, swap

    with staged(section.root, target) as (work, there):
        output, engine_site = engine_output(config, section, fresh=not reuse)
        write_into(section, output, engine_site, work, there, reuse)
        swap(work, target)
