"""The key tables of the authoring guide, rendered from the schema.

`vinhdanh guide` rewrites the tables between their markers in
docs/huong-dan-soan-bai.md; `vinhdanh guide --check` (and the test-suite) fails
when the committed guide differs from what the schema says.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..site.atomic import write_bytes_atomically
from .schema import COLLECTIONS, Key

GUIDE = Path("docs/huong-dan-soan-bai.md")
_MARKERS = re.compile(r"(<!-- keys:(\w+) — generated from schema.py by `vinhdanh guide`; do not edit -->\n)(.*?)(<!-- /keys -->)", re.S)


def key_table(schema: tuple[Key, ...]) -> str:
    rows = ["| Khóa | Bắt buộc | Ý nghĩa | Ví dụ |", "|---|---|---|---|"]
    for k in schema:
        meaning = k.help
        if k.choices:
            meaning += " " + ", ".join(f"`{value}` ({label})" for value, label in k.choices)
        example = "xem dưới bảng" if k.type == "records" else f"`{k.key}: {k.example}`"
        rows.append(f"| `{k.key}` | {k.required_text} | {meaning} | {example} |")
    return "\n".join(rows) + "\n"


def render(text: str) -> str:
    """`text` with every marked table replaced by the schema's."""
    return _MARKERS.sub(lambda m: m.group(1) + key_table(COLLECTIONS[m.group(2)]) + m.group(4), text)


def run(root: Path, check: bool) -> int:
    path = root / GUIDE
    text = path.read_text(encoding="utf-8")
    wanted = render(text)
    if wanted == text:
        print(f"{GUIDE}: các bảng khóa đã khớp với schema.py.")
        return 0
    if check:
        print(f"lỗi: bảng khóa trong {GUIDE} khác với schema.py.\n    gợi ý: chạy `vinhdanh guide` để cập nhật.")
        return 1
    write_bytes_atomically(path, wanted.encode("utf-8"))
    print(f"Đã cập nhật các bảng khóa trong {GUIDE}.")
    return 0
