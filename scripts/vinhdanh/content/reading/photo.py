"""Files a front matter key names: the lead photo, the logo; always inside `content/`."""

from __future__ import annotations

import re
from pathlib import Path

from ..fields import Fields, did_you_mean
from ..model import Photo
from .keys import KeyReader
from .run import Run


def resolve_inside(run: Run, f: Fields, key: str, value: str, base: Path) -> Path | None:
    node = f.map[key]
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or "://" in value:
        name = re.split(r"[\\/]", value)[-1] or "anh.jpg"  # Path(...).name keeps a Windows path whole
        f.report("E501", node, key, f"`{key}` phải là đường dẫn tương đối tới tệp trong `content/`, nhưng đang là `{value}`.", f"Đặt ảnh cạnh bài viết và ghi `{key}: {name}`.")
        return None
    run.looked_at(base / value)  # as written: a symlink pointed elsewhere changes the result
    try:
        target = (base / value).resolve()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        f.report("E502", node, key, f"Không tìm thấy tệp ảnh `{value}`.", "Tên tệp có ký tự không hợp lệ hoặc quá dài: đổi tên ảnh cho ngắn, không dấu, ví dụ `anh-chan-dung.jpg`.")
        return None
    content = run.content_dir.resolve()
    if content not in target.parents:
        f.report("E501", node, key, f"Ảnh `{value}` nằm ngoài thư mục `content/`.", "Chép ảnh vào cạnh bài viết và sửa đường dẫn.")
        return None
    if not run.is_file(target):
        try:
            siblings = [p.name for p in target.parent.iterdir()] if target.parent.is_dir() else []
        except OSError:
            siblings = []
        hint = did_you_mean(target.name, siblings) or "Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và thư mục chứa ảnh."
        f.report("E502", node, key, f"Không tìm thấy tệp ảnh `{value}`.", hint)
        return None
    return target


def photo_readers(run: Run, f: Fields, base: Path) -> dict[str, KeyReader | None]:
    """The readers of `photo` and the keys read with it (alt, credit, focus), for
    read_keys: the same four in every kind that has a photo."""
    return {"photo": lambda k, v: read_photo(run, f, base, required_alt=True), "photo_alt": None, "photo_credit": None, "photo_focus": None}


def read_photo(run: Run, f: Fields, base: Path, required_alt: bool) -> Photo | None:
    value = f.text("photo")
    if not value:
        return None
    alt = f.text("photo_alt")
    if required_alt and not alt:
        f.report(
            "E507",
            f.map.get("photo_alt") or f.map["photo"],
            "photo_alt",
            "Có `photo` nhưng thiếu `photo_alt` (mô tả ảnh cho người không nhìn thấy ảnh).",
            "Ví dụ: `photo_alt: Điều dưỡng Lan đo huyết áp cho cụ bà tại khoa`",
        )
    focus = _focus(f)
    path = resolve_inside(run, f, "photo", value, base)
    if path is None:
        return None
    info, problems = run.inspect(path)
    for p in problems:
        f.report(p.code, f.map["photo"], "photo", f"`{value}`: {p.message}", p.hint, p.severity)
    if info is None:
        return None
    return Photo(path, alt or "", f.text("photo_credit") or "", focus, info.width, info.height)


def _focus(f: Fields) -> tuple[float, float]:
    node = f.map.get("photo_focus")
    default = (0.5, 0.4)
    if node is None or node.kind == "null":
        return default
    if node.kind == "seq" and len(node.value) == 2 and all(n.kind in ("int", "float") for n in node.value):
        x, y = (float(n.value) for n in node.value)
        if 0 <= x <= 1 and 0 <= y <= 1:
            return (x, y)
    f.report("E508", node, "photo_focus", "`photo_focus` phải là hai số từ 0 đến 1: vị trí ngang, dọc của khuôn mặt trong ảnh.", "Ví dụ: `photo_focus: [0.5, 0.3]` (giữa ảnh, phần trên).")
    return default
