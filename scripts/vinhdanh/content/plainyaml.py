"""Plain front matter read with string methods instead of libyaml's parser.

Nearly every story's front matter is a column of `key: value` lines, a `[a, b]`
list or two and a list of awards (`- year: 2025` with its keys lined up below).
Driving libyaml's parser from Python costs a Python object per event and a call
per object; reading such lines directly costs about half of that (5,000 stories: ~0.6 s CPU instead of ~1.2 s inside a full read).

A wrong value here would silently change a published page, so this reader takes
a file only when every line has one of the shapes below and every value is one
whose reading it can prove; anything else (a tab, a comment after a value, a
backslash in double quotes, `&`, `|`, a line indented any other way, a key
longer than 100 characters) and `read` returns None: yamlevents.parse_events
reads the file with libyaml. tests/test_plainyaml.py checks on generated YAML,
tricky spellings included, that what this reader takes it reads exactly as the
events are read: the same Nodes, positions and problems.

Shapes (K: letters, digits and `_`; V: a value on the same line):
    K: V        at column 0
    K:          then a list (`- ` lines, indented or not) or nothing (null)
    - V         a list item: a plain or quoted scalar
    - K: V      an item that is a mapping, its next keys lined up under the first
V is a plain scalar (no leading indicator, no `: `, no ` #`, no `:` at the end),
"double quoted" without `\\`, 'single quoted' without `''`, or `[a, b]` of plain
scalars without quotes, colons, `#` or brackets.
"""

from __future__ import annotations

import re

from .yamlnode import KINDS, Node, Problem, duplicate_key, plain_tag, refused_tag, scalar_node

# Tabs, CR, controls, the other line breaks (NEL, U+2028/9), BOM, non-characters and lone surrogates:
# characters libyaml refuses or reads as a break, whatever they stand in.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# A key and what follows its colon: nothing (group 2 None), or a value without the spaces around it.
_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,99}):(?: *$| +(.*[^ ]) *$)")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")  # a plain scalar may not start with one
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'([^']*)'")
_FLOW_ITEM = re.compile(r"""[^-\s,\[\]{}#:'"?!&*|>%@`](?:[^,\[\]{}#:'"?]*[^\s,\[\]{}#:'"?])?""")


class _Refused(Exception):
    """A line this reader cannot prove it reads as libyaml would: libyaml reads the file."""


def read(front: str, first_line: int) -> tuple[Node, list[Problem]] | None:
    """(mapping, problems) of front matter whose first line is file line `first_line`, or None if not plain."""
    if _UNSAFE.search(front):
        return None
    reader = _Lines(front, first_line)
    first = reader.peek()
    if first is None:
        return None  # nothing but comments: libyaml's empty mapping
    try:
        root = reader.block_map(first, 0, "")
    except _Refused:
        return None
    if reader.peek() is not None:  # a line the mapping did not take: indented, or a list at column 0
        return None
    return root, reader.problems


class _Lines:
    """The front matter's lines, read top to bottom; `at` is the first line not yet read."""

    def __init__(self, front: str, offset: int):
        self.lines = front.split("\n")
        self.at = 0
        self.offset = offset  # file line of lines[0]
        self.problems: list[Problem] = []

    def peek(self) -> int | None:
        """The next line that is not blank or a comment at column 0 (YAML skips both anywhere)."""
        lines, at = self.lines, self.at
        while at < len(lines):
            line = lines[at]
            if line and line[0] != "#":
                return at
            at += 1
        return None

    def block_map(self, at: int, column: int, path: str) -> Node:
        """The mapping whose first key is on line `at` at `column`; it ends at a line indented otherwise."""
        out: dict[str, Node] = {}
        node = Node("map", out, "", at + self.offset, column + 1)
        lines = self.lines
        while True:
            seen = _SEEN.get((lines[at], column))
            if seen is not None and seen[0] not in out:  # a line read before (`kind: individual`): its value again
                self.at = at + 1
                out[seen[0]] = _again(seen[1], at + self.offset, column + 1)
            else:
                self.pair(at, column, path, out)
            at = self.at  # the next line that is not blank or a comment (peek, inline: once per key)
            while at < len(lines):
                line = lines[at]
                if line and line[0] != "#":
                    break
                at += 1
            else:
                return node
            if (line[0] == " ") if column == 0 else (_indent(line) != column):
                return node  # the caller's line, or one indented otherwise: not ours

    def pair(self, at: int, column: int, path: str, out: dict[str, Node]) -> None:
        """Line `at`, a key at `column` and its value, into `out`."""
        pair = _PAIR.match(self.lines[at], column)
        if pair is None:
            raise _Refused
        self.at = at + 1
        name, text = pair.group(1, 2)
        child_path = f"{path}.{name}" if path else name
        kept, duplicate = self.problems, name in out
        self.problems = []  # a duplicate's value is skipped unread by libyaml's reader: nothing of it is said
        if text is None:
            value = self.empty(at, pair.end(1) + 1, column, child_path)
        elif text[0] == "[":
            value = self.flow(text, at, pair.start(2), child_path)
        else:
            value = self.scalar(text, at, pair.start(2), child_path)
        found, self.problems = self.problems, kept
        if duplicate:
            kept.append(duplicate_key(name, out[name], at + self.offset, column + 1, child_path))
            return
        kept += found
        value.key_line, value.key_column = at + self.offset, column + 1
        out[name] = value
        if text is not None and not found and len(text) < 100 and len(_SEEN) < 20_000:
            _SEEN[(self.lines[at], column)] = (name, _again(value, 0, 0))  # a copy: the Node given out may be changed

    def empty(self, at: int, after: int, column: int, path: str) -> Node:
        """`key:` and nothing more: a list on the lines below it (top level only), or null."""
        below = self.peek()
        if column == 0 and below is not None:
            line = self.lines[below]
            dash = _indent(line)
            if line.startswith("- ", dash):
                return self.block_seq(below, dash, path)
        return Node("null", None, "", at + self.offset, after + 1)  # where libyaml puts an empty value: past the colon

    def block_seq(self, at: int, dash: int, path: str) -> Node:
        """The list whose first `- ` is on line `at` at `dash`; it ends at a line that is not an item."""
        items: list[Node] = []
        node = Node("seq", items, "", at + self.offset, dash + 1)
        lines = self.lines
        while True:
            line = lines[at]
            text = line[dash + 1 :].lstrip(" ")
            start = len(line) - len(text)
            if _PAIR.match(line, start):
                items.append(self.block_map(at, start, path))  # keys named `awards.year`, as libyaml's reader names them
            else:
                self.at = at + 1
                text = text.rstrip(" ")
                if not text or text[0] == "[":
                    raise _Refused  # an empty item, a list in a list
                items.append(self.scalar(text, at, start, path))
            next_at = self.peek()
            if next_at is None or not lines[next_at].startswith("- ", dash) or _indent(lines[next_at]) != dash:
                return node
            at = next_at

    def flow(self, text: str, at: int, start: int, path: str) -> Node:
        """`[a, b]` on one line, its items plain scalars."""
        if text[-1] != "]":
            raise _Refused
        items: list[Node] = []
        inner = text[1:-1]
        if inner.strip(" "):
            position = start + 1
            for part in inner.split(","):
                item = part.lstrip(" ")
                column = position + len(part) - len(item)
                item = item.rstrip(" ")
                if not _FLOW_ITEM.fullmatch(item):
                    raise _Refused
                items.append(self.typed(item, "", at, column, path))
                position += len(part) + 1
        return Node("seq", items, "", at + self.offset, start + 1)

    def scalar(self, text: str, at: int, start: int, path: str) -> Node:
        """A one-line scalar in block context (no spaces around it): quoted, or plain."""
        first = text[0]
        if first in _INDICATORS:
            quoted = _DOUBLE.fullmatch(text) if first == '"' else _SINGLE.fullmatch(text) if first == "'" else None
            if quoted is None:
                raise _Refused  # an indicator; an escape, a quote inside, text after the closing quote
            return self.typed(quoted.group(1), first, at, start, path)
        if ": " in text or " #" in text or text[-1] == ":":
            raise _Refused  # a mapping in a value (an error to libyaml), a comment, a key
        return self.typed(text, "", at, start, path)

    def typed(self, text: str, quote: str, at: int, start: int, path: str) -> Node:
        """A scalar as a Node of its YAML 1.1 type (quoted: text), as frontmatter.py makes one."""
        kind = "str" if quote else _PLAIN_KINDS.get(text) or _plain_kind(text)
        if kind == "str" and quote != '"':  # most values: what scalar_node makes of them, without its checks
            return Node("str", text, text, at + self.offset, start + 1)
        if kind == "?":
            return refused_tag(plain_tag(text), at + self.offset, start + 1, path, self.problems)
        return scalar_node(kind, text, quote == '"', at + self.offset, start + 1, path, self.problems)


_PLAIN_KINDS: dict[str, str] = {}  # a plain scalar's kind ("?": a type we refuse) by its text: values recur


def _plain_kind(text: str) -> str:
    kind = KINDS.get(plain_tag(text))
    kind = "?" if kind is None or kind == "seq" or kind == "map" else kind
    if len(text) < 64 and len(_PLAIN_KINDS) < 20_000:
        _PLAIN_KINDS[text] = kind
    return kind


# Lines already read, with the value read (positions aside): stories repeat most of theirs. Only a
# line whose value is on it (a scalar or `[a, b]`) and said nothing; a line means the same wherever
# it stands, but for its line number.
_SEEN: dict[tuple[str, int], tuple[str, Node]] = {}


def forget() -> None:
    """Forget the lines read: the next read costs what a new process's first read costs (benchmarks)."""
    _SEEN.clear()


def _again(value: Node, line: int, key_column: int) -> Node:
    """A new Node of a value read from a line before, now on `line` (a scalar, or a list of scalars)."""
    if value.kind == "seq":
        return Node("seq", [Node(i.kind, i.value, i.raw, line, i.column) for i in value.value], "", line, value.column, line, key_column)
    return Node(value.kind, value.value, value.raw, line, value.column, line, key_column)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
