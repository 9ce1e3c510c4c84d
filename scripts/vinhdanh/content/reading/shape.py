"""Limits on a body's shape that no real story reaches, so that Markdown never spends minutes on one.

Python-Markdown recurses once per level of a nested list: 400 levels exhaust the
interpreter's stack, 1,000 spend some 40 s first. Its inline patterns look for
the end of what a `[`, a `](` or a `<tag` opens, up to the end of the paragraph
when nothing closes it: a microsecond a character, so 1,000 unclosed `[` before
180,000 characters of text spend three minutes. The limits are counted on the
text, with no conversion; the worst bodies they let through convert in about
two seconds (tests/test_validate_catalogue.py).
"""

from __future__ import annotations

import re

from .run import Run

BODY_MAX = 200_000  # characters: ten times a long story, a hundred Word pages
DEPTH_MAX = 50  # lists and quotes inside one another: a story uses two or three
REACH_MAX = 2_000_000  # characters Markdown's inline patterns scan: a story's links reach a few thousand

# What opens a level at the start of a line: a quote, or a list item; and the indentation before it.
_OPENER = re.compile(r"([ \t]*)(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
# A line opening more than DEPTH_MAX levels starts with more than DEPTH_MAX of these (a level costs a character at least).
_DEEP = re.compile(rf"\n[ \t>*+\-0-9.)]{{{DEPTH_MAX + 1}}}")  # after "\n": ten times faster than ^ and re.M
# What opens and closes a span the inline patterns scan; a blank line ends a paragraph, and the scans.
_SPAN = re.compile(r"\]\(|[\[\])>]|<[A-Za-z/!?]|\n[ \t]*(?=\n)")


def depth(line: str) -> int:
    """Levels a line opens or sits in: its quote and list markers, plus each four columns indenting one."""
    levels, position = 0, 0
    while opener := _OPENER.match(line, position):
        levels += 1 + len(opener.group(1).expandtabs(4)) // 4
        position = opener.end()
    return levels


def reach(body: str) -> tuple[int, int]:
    """(characters scanned from an opening `[`, `](` or `<tag` to what closes it, or to the paragraph's
    end; where the scans passed REACH_MAX, or -1)."""
    total, crossed = 0, -1
    brackets: list[int] = []  # `[` waiting for their `]`, innermost last
    others: list[int] = []  # `](` waiting for `)`, `<tag` for `>`: the first one closes them all
    for token in _SPAN.finditer(body):
        at, kind = token.start(), token.group(0)[0]
        if kind == "]" and brackets:
            total += at - brackets.pop()
        elif kind in ")>" or kind == "\n":
            total += sum(at - opened for opened in others) + (sum(at - opened for opened in brackets) if kind == "\n" else 0)
            others.clear()
            if kind == "\n":
                brackets.clear()
        if kind == "[":
            brackets.append(at)
        elif kind == "<" or token.group(0) == "](":
            others.append(at)
        if crossed < 0 and total > REACH_MAX:
            crossed = at
    end = len(body)
    total += sum(end - opened for opened in brackets + others)
    return total, crossed if crossed >= 0 or total <= REACH_MAX else end


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese: 200.000


def check_shape(run: Run, rel: str, body: str, body_line: int) -> None:
    if len(body) > BODY_MAX:
        run.add(
            rel,
            body_line + body.count("\n", 0, BODY_MAX),
            0,
            "E707",
            f"Nội dung bài dài {_number(len(body))} ký tự, quá giới hạn {_number(BODY_MAX)} ký tự (gấp mười lần một bài dài); từ dòng này trở đi là phần vượt.",
            "Tách thành nhiều bài, hoặc bỏ phần dán thừa (bảng, mã HTML, văn bản lặp lại).",
        )
    for deep in _DEEP.finditer("\n" + body):
        start = deep.start()  # of the line in `body`: the "\n" put first and the one matched cancel out
        end = body.find("\n", start)
        levels = depth(body[start : end if end >= 0 else None])
        if levels > DEPTH_MAX:
            run.add(
                rel,
                body_line + body.count("\n", 0, start),
                1,
                "E708",
                f"Danh sách hoặc trích dẫn lồng nhau {levels} tầng, quá giới hạn {DEPTH_MAX} tầng: trang web không dựng được nội dung này.",
                f"Bài viết thường chỉ cần 2–3 tầng (tối đa {DEPTH_MAX}); bỏ bớt dấu `>`, `-` hay khoảng trắng thừa ở đầu dòng (thường do dán từ phần mềm khác).",
            )
            break
    if "[" in body or "<" in body:
        scanned, at = reach(body)
        if scanned > REACH_MAX:
            run.add(
                rel,
                body_line + body.count("\n", 0, at),
                at - body.rfind("\n", 0, at),
                "E709",
                f"Nội dung có nhiều dấu `[`, `(` hay `<` không đóng (hoặc lồng nhau quá sâu): trang web phải dò {_number(scanned)} ký tự, mất nhiều phút để dựng; từ đây là phần vượt giới hạn.",
                "Xóa các dấu `[`, `(`, `<` thừa (thường do dán từ phần mềm khác); liên kết viết dạng `[chữ](địa chỉ)`.",
            )
