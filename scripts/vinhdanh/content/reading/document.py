"""A Markdown file opened for reading: its front matter as `Fields`, its body checked."""

from __future__ import annotations

import html
import re
from pathlib import Path

from .. import imagecheck
from ..fields import Fields
from ..frontmatter import hidden_message, read_document
from ..text import find_hidden, free_slug, is_slug, slugify, visible
from .hosts import image_host
from .run import Run, slug_of
from .shape import check_shape

_UNSAFE_HTML = re.compile(r"<\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=|javascript:", re.I)
_JAVASCRIPT = re.compile(r"javascript:", re.I)  # _UNSAFE_HTML's third branch, alone
_BODY_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
_REFERENCE_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")  # ![alt][ref]: the target lives elsewhere
_HTML_IMAGE_TAG = re.compile(r"<img\b[^>]*>", re.I)  # may span lines, as Word pastes it
_HTML_SRC = re.compile(r"""(?<![\w-])src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_HTML_SOURCE_TAG = re.compile(r"<source\b[^>]*>", re.I)  # <picture><source srcset="..."> fetches too
_HTML_SRCSET = re.compile(r"""(?<![\w-])srcset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)", re.M)
_REFERENCE_USE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?!\()")  # ![alt][ref], ![alt][], ![alt]
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,9});|&(?:lrm|rlm);")
# File names the build writes are a slug or an image's name plus up to 52 bytes
# (`phong-trao-` + `-the-0123456789.jpg`, and the `.12345678.0123abcd.tmp` of a
# write in progress): 200 keeps every one under the 255 bytes a file system allows.
SLUG_MAX = 200
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
    _check_slug(run, rel, slug, "thư mục" if path.name == "index.md" else "tệp")
    check_body(run, rel, doc.body, doc.body_line, path.parent)
    return Fields(doc.meta, rel, run.diagnostics), rel, doc.body.strip("\n"), doc.body_line, slug


def check_body(run: Run, rel: str, body: str, body_line: int, base: Path) -> None:
    """Every check of a Markdown body (its front matter read): its shape, hidden
    characters, images and unsafe HTML."""
    check_shape(run, rel, body, body_line)
    _check_body(run, rel, body, body_line, base)


def _check_slug(run: Run, rel: str, slug: str, where: str) -> None:
    if not is_slug(slug):
        suggestion = free_slug(slugify(slug)[:SLUG_MAX].strip("-") or "ten-bai-viet", run.slugs_beside(rel))
        run.add(rel, 0, 0, "E306", f"Tên {where} `{visible(slug)}` không dùng được làm đường dẫn (slug): chỉ chữ thường không dấu, số và dấu gạch ngang.", f"Đổi tên thành `{suggestion}`.")
    elif len(slug) > SLUG_MAX:
        shorter = free_slug("-".join(slug[:60].split("-")[:-1]) or slug[:60], run.slugs_beside(rel))
        run.add(
            rel,
            0,
            0,
            "E306",
            f"Tên {where} dài {len(slug)} ký tự, quá giới hạn {SLUG_MAX}: ảnh và thẻ chia sẻ của bài được đặt tên theo đường dẫn này, vượt độ dài tên tệp hệ thống cho phép.",
            f"Đổi tên cho ngắn, ví dụ `{shorter}`.",
        )


def _check_body(run: Run, rel: str, body: str, body_line: int, base: Path) -> None:
    if "&" in body:
        _check_character_references(run, rel, body, body_line)
    # Most bodies have no image and nothing the unsafe-HTML pattern could match
    # (it needs `<`, `=` or `javascript:`): skip them without running a regex per line.
    if "![" not in body and "<" not in body and "=" not in body and not _mentions_javascript(body):
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
            number, column = _position(body, body_line, tag.start())
            alt = _HTML_ALT.search(tag.group(0)[4:])  # past "<img", so `alt` is an attribute name
            _check_alt(run, rel, number, column, None if alt is None else next((g for g in alt.groups() if g is not None), ""), markdown=False)
            src = _HTML_SRC.search(tag.group(0))
            if src:
                _check_body_image(run, rel, number, column, _value(src), base)
        for tag in _HTML_SOURCE_TAG.finditer(body):
            srcset = _HTML_SRCSET.search(tag.group(0))
            for candidate in _value(srcset).split(",") if srcset else ():
                _check_host(run, rel, *_position(body, body_line, tag.start()), (candidate.split() or [""])[0])
    if "![" in body and "]:" in body:
        _check_reference_images(run, rel, body, body_line)


def _mentions_javascript(body: str) -> bool:
    """Would _UNSAFE_HTML find `javascript:`? Its IGNORECASE matches one character for one
    (`ı` too, which casefold() leaves as it is), so a match ends at a
    colon and starts ten characters before it: a look at each colon, not a copy of the body."""
    colon = body.find(":", 10)
    while colon >= 0:
        if _JAVASCRIPT.match(body, colon - 10):
            return True
        colon = body.find(":", colon + 1)
    return False


def _position(body: str, body_line: int, index: int) -> tuple[int, int]:
    return body_line + body.count("\n", 0, index), index - body.rfind("\n", 0, index)


def _value(attribute: re.Match) -> str:
    return next((g for g in attribute.groups() if g is not None), "")


def _check_reference_images(run: Run, rel: str, body: str, body_line: int) -> None:
    """`![alt][ref]` with `[ref]: https://...` elsewhere: the image's URL is the definition's."""
    defined = {" ".join(label.split()).casefold(): url for label, url in _REFERENCE_DEFINITION.findall(body)}
    for use in _REFERENCE_USE.finditer(body):
        label = " ".join((use.group(2) or use.group(1)).split()).casefold()
        if label in defined:
            _check_host(run, rel, *_position(body, body_line, use.start()), defined[label])


def _check_character_references(run: Run, rel: str, body: str, body_line: int) -> None:
    """`&#x202E;` becomes the character on the page: the renderer removes it (body.py), said here."""
    for reference in _CHARACTER_REFERENCE.finditer(body):
        char = _referenced(reference.group(0))
        if find_hidden(char) is not None:
            run.add(rel, *_position(body, body_line, reference.start()), "W101", *hidden_message(char, 1), severity="warning")
            return


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


def _check_host(run: Run, rel: str, line: int, column: int, target: str) -> bool:
    """False for an image on this site; an image from another host is a request every reader's browser makes."""
    host = image_host(target)
    if host is None or host in run.own_hosts:
        return host is not None
    if host in run.image_hosts:
        run.add(
            rel,
            line,
            column,
            "W706",
            f"Ảnh `{target}` lấy từ máy chủ `{host}` (được phép trong `image_hosts` của `content/site.yml`): mỗi lần trang mở, trình duyệt của người đọc gửi yêu cầu tới máy chủ đó.",
            "Chép ảnh vào cạnh bài viết để trang không phụ thuộc máy chủ khác.",
            severity="warning",
        )
        return True
    run.add(
        rel,
        line,
        column,
        "E705",
        f"Ảnh `{target}` được lấy từ máy chủ khác (`{host}`): mỗi lần trang mở, trình duyệt của người đọc gửi yêu cầu tới máy chủ đó, có thể là một điểm ảnh theo dõi.",
        f"Tải ảnh về, chép vào cạnh bài viết và ghi tên tệp, ví dụ `![Mô tả ảnh](anh.jpg)`; nếu đơn vị tin dùng máy chủ này, bộ phận CNTT thêm `image_hosts: [{host}]` vào `content/site.yml`.",
    )
    return True


def _referenced(reference: str) -> str:
    """The character an HTML parser makes of `&#...;`, as nh3's does (Python's `html.unescape`
    drops the controls a browser keeps); 128–159 are Windows-1252 letters, `&#0;` is U+FFFD."""
    if not reference.startswith("&#"):
        return html.unescape(reference)
    digits = reference[2:-1]
    code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
    return "" if 0x80 <= code <= 0x9F or code > 0x10FFFF else chr(code) if code else "\ufffd"


def _check_body_image(run: Run, rel: str, line: int, column: int, target: str, base: Path) -> None:
    """A local image in the body goes through the photo pipeline: same rules as `photo`."""
    if _check_host(run, rel, line, column, target) or "://" in target or target.startswith(("data:", "#", "/", "mailto:")):
        return  # a URL, not a file of ours: the page links it as written
    if len(slugify(Path(target).stem)) > SLUG_MAX:
        run.add(
            rel,
            line,
            column,
            "E306",
            f"Tên tệp ảnh `{target}` dài quá: trang web đặt tên ảnh thu nhỏ theo tên này, vượt độ dài tên tệp hệ thống cho phép.",
            f"Đổi tên ảnh cho ngắn (dưới {SLUG_MAX} ký tự), ví dụ `ca-truc-dem.jpg`, và sửa tên trong bài.",
        )
        return
    path = base / target
    try:
        inside = run.content_dir.resolve() in path.resolve().parents
    except (OSError, ValueError):
        inside = False
    if not inside:
        run.add(rel, line, column, "E501", f"Ảnh `{target}` được chèn trong bài nằm ngoài thư mục `content/`.", "Chép ảnh vào cạnh bài viết và ghi tên tệp, ví dụ `![Mô tả ảnh](anh.jpg)`.")
        return
    if not run.is_file(path):
        run.add(rel, line, column, "E702", f"Không tìm thấy ảnh `{target}` được chèn trong bài.", "Đặt ảnh cạnh bài viết và kiểm tra tên tệp.")
        return
    _, problems = imagecheck.inspect(path)
    for p in problems:
        run.add(rel, line, column, p.code, f"Ảnh `{target}` trong bài: {p.message}", p.hint, severity=p.severity)
