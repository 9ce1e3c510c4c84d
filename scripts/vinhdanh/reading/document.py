"""A Markdown file opened for reading: its front matter as `Fields`, its body checked."""

from __future__ import annotations

import re
from pathlib import Path

from .. import imagecheck
from ..fields import Fields
from ..frontmatter import read_document
from ..text import is_slug, slugify
from .run import Run, is_file, slug_of

_UNSAFE_HTML = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=|javascript:", re.I)
_BODY_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")  # ![alt][ref]: the target lives elsewhere
_HTML_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)  # may span lines, as Word pastes it
_HTML_SRC = re.compile(r"(?<![\w-])src\s*=\s*([\"'])([^\"']+)\1", re.I)
_HTML_ALT = re.compile(r"(?<![\w-])alt(?![\w-])(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?", re.I)
_FILE_NAME_ALT = re.compile(r"^\S+\.(jpe?g|png|webp|heic|heif|gif)$", re.I)


def open_document(run: Run, path: Path) -> tuple[Fields | None, str, str, int, str]:
    """(fields, rel path, body, body line, slug) of a Markdown file."""
    rel = run.rel(path)
    slug = slug_of(path)
    text = run.read_text(path)
    if text is None:
        return None, rel, "", 1, slug
    doc = read_document(text)
    run.add_problems(rel, doc.problems)
    if doc.meta is None:
        return None, rel, doc.body, doc.body_line, slug
    if not is_slug(slug):
        where = "thư mục" if path.name == "index.md" else "tệp"
        run.add(rel, 0, 0, "E306", f"Tên {where} `{slug}` không dùng được làm đường dẫn (slug): chỉ chữ thường không dấu, số và dấu gạch ngang.", f"Đổi tên thành `{slugify(slug) or 'ten-bai-viet'}`.")
    _check_body(run, rel, doc.body, doc.body_line, path.parent)
    return Fields(doc.meta, rel, run.diagnostics), rel, doc.body.strip("\n"), doc.body_line, slug


def _check_body(run: Run, rel: str, body: str, body_line: int, base: Path) -> None:
    # Most bodies have no image and nothing the unsafe-HTML pattern could match
    # (it needs `<`, `=` or `javascript:`): skip them without running a regex per line.
    if "![" not in body and "<" not in body and "=" not in body and "javascript:" not in body.casefold():
        return
    for offset, line in enumerate(body.split("\n")):
        match = _UNSAFE_HTML.search(line)
        if match:
            run.add(
                rel,
                body_line + offset,
                match.start() + 1,
                "W701",
                f"HTML không an toàn (`{match.group(0).strip()}`) sẽ bị loại khỏi trang và bản tin.",
                "Xóa đoạn mã này; nội dung dán từ Word chỉ nên giữ chữ, bảng và ảnh.",
                severity="warning",
            )
        for image in [*_BODY_IMAGE.finditer(line), *_REFERENCE_IMAGE.finditer(line)]:
            _check_alt(run, rel, body_line + offset, image.start() + 1, image.group(1), markdown=True)
        for image in _BODY_IMAGE.finditer(line):
            _check_body_image(run, rel, body_line + offset, image.start() + 1, image.group(2), base)
    if "<" in body:  # _HTML_IMAGE_TAG ignores case, as browsers do: <iMg> is an image too
        for tag in _HTML_IMAGE_TAG.finditer(body):
            number = body_line + body.count("\n", 0, tag.start())
            column = tag.start() - body.rfind("\n", 0, tag.start())
            alt = _HTML_ALT.search(tag.group(0)[4:])  # past "<img", so `alt` is an attribute name
            _check_alt(run, rel, number, column, None if alt is None else next((g for g in alt.groups() if g is not None), ""), markdown=False)
            src = _HTML_SRC.search(tag.group(0))
            if src:
                _check_body_image(run, rel, number, column, src.group(2), base)


def _check_alt(run: Run, rel: str, line: int, column: int, alt: str | None, markdown: bool) -> None:
    """Every content image needs a text alternative (WCAG 2.1, 1.1.1; Circular 26/2020/TT-BTTTT)."""
    example = "`![Kíp mổ cấp cứu trong đêm](kip-mo.jpg)`" if markdown else '`<img src="kip-mo.jpg" alt="Kíp mổ cấp cứu trong đêm">`'
    where = "chữ trong `![...]`" if markdown else "thuộc tính `alt`"
    if alt is None or not alt.strip():
        run.add(
            rel,
            line,
            column,
            "W703",
            f"Ảnh trong bài thiếu mô tả ({where}): người khiếm thị và người đọc khi ảnh không tải được sẽ không biết ảnh có gì.",
            f"Viết một câu ngắn tả nội dung ảnh, ví dụ {example}.",
            severity="warning",
        )
    elif _FILE_NAME_ALT.match(alt.strip()):
        run.add(rel, line, column, "W704", f"Mô tả ảnh `{alt.strip()}` chỉ là tên tệp, không cho người đọc biết ảnh có gì.", f"Thay bằng một câu tả nội dung ảnh, ví dụ {example}.", severity="warning")


def _check_body_image(run: Run, rel: str, line: int, column: int, target: str, base: Path) -> None:
    """A local image in the body goes through the photo pipeline: same rules as `photo`."""
    if "://" in target or target.startswith(("data:", "#", "/", "mailto:")):
        return  # a URL, not a file of ours: the page links it as written
    path = base / target
    try:
        inside = run.content_dir.resolve() in path.resolve().parents
    except (OSError, ValueError):
        inside = False
    if not inside:
        run.add(rel, line, column, "E501", f"Ảnh `{target}` được chèn trong bài nằm ngoài thư mục `content/`.", "Chép ảnh vào cạnh bài viết và ghi tên tệp, ví dụ `![Mô tả ảnh](anh.jpg)`.")
        return
    if not is_file(path):
        run.add(rel, line, column, "E702", f"Không tìm thấy ảnh `{target}` được chèn trong bài.", "Đặt ảnh cạnh bài viết và kiểm tra tên tệp.")
        return
    _, problems = imagecheck.inspect(path)
    for p in problems:
        run.add(rel, line, column, p.code, f"Ảnh `{target}` trong bài: {p.message}", p.hint, severity=p.severity)
