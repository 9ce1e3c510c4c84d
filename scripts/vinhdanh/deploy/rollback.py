"""`vinhdanh rollback` and `vinhdanh builds`: put the previous build back, say which is live.

The previous site is kept whole by every build (site/swap.py previous_of); a rollback
exchanges it with the live one in one rename (renameat2), so a reader never sees a
missing or half site, and a second rollback undoes the first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..site import staging
from ..site.swap import previous_of, swap
from . import history


def _describe(root: Path, folder: Path) -> str:
    if not folder.is_dir():
        return "không có"
    found = history.of(root, folder)
    return found.describe() if found else "có, không rõ lúc dựng (dựng bằng phiên bản cũ của vinhdanh)"


def builds_command(root: Path, site_dir: Path) -> int:
    root, target = root.resolve(), _target(root, site_dir)
    print(f"Trang đang chạy ({target}): {_describe(root, target)}")
    print(f"Bản trước (để `vinhdanh rollback`): {_describe(root, previous_of(root, target))}")
    return 0 if target.is_dir() else 1


def rollback_command(root: Path, site_dir: Path) -> int:
    root, target = root.resolve(), _target(root, site_dir)
    previous = previous_of(root, target)
    if not target.is_dir():
        print(f"Lỗi: chưa có trang nào ở `{target}`.\n    gợi ý: kiểm tra `--site-dir` (như trong `vinhdanh build --site-dir`).", file=sys.stderr)
        return 1
    if not previous.parent.is_dir():
        return _no_previous(target)
    with staging.held(previous.parent):  # not while a build moves the previous site
        if not previous.is_dir():
            return _no_previous(target)
        swap(previous, target)
    print(f"Đã quay lại bản trước. Trang đang chạy: {_describe(root, target)}")
    print(f"Bản vừa thay được giữ lại ({_describe(root, previous)}): chạy `vinhdanh rollback` lần nữa để trở lại bản đó.")
    print("Lần dựng sau (hằng đêm hoặc `vinhdanh build`) sẽ dựng lại từ nội dung: sửa lỗi trong nội dung trước khi lần đó chạy.")
    return 0


def _no_previous(target: Path) -> int:
    print(
        f"Lỗi: chưa có bản dựng trước của `{target}` để quay lại.\n"
        "    gợi ý: bản trước được giữ từ lần dựng thứ hai trở đi; nếu thư mục dự án và thư mục trang ở hai ổ đĩa khác nhau thì không giữ được (đặt chúng cùng một ổ).",
        file=sys.stderr,
    )
    return 1


def _target(root: Path, site_dir: Path | None) -> Path:
    return (site_dir or root / "site").expanduser().resolve()
