"""plainyaml.py: what the plain reader takes, it reads exactly as libyaml's events are read.

A wrong value here silently changes a published page, so the property is strict:
for any text, `plainyaml.read` either refuses it (None: libyaml reads the file) or
returns the very Nodes (kinds, values, text, line, column, key positions) and the
very problems (code, line, column, message, field) that `yamlevents.parse_events`
returns. The generator writes front matter line by line from pieces chosen to hit
the edges of the plain shapes: YAML 1.1's typed spellings, quotes, colons, `#`,
indicators, anchors, tags, block scalars, tabs, CR, BOM, other line breaks, bidi
controls, odd indentation, continuation lines, duplicated keys and comments.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vinhdanh.content import plainyaml
from vinhdanh.content.frontmatter import parse, read_document
from vinhdanh.content.yamlevents import parse_events
from vinhdanh.content.yamlnode import Node

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import make_corpus

SETTINGS = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEYS = [
    "title",
    "kind",
    "unit",
    "date",
    "tags",
    "awards",
    "year",
    "a",
    "b",
    "y",
    "yes",
    "on",
    "null",
    "_x",
    "A1",
    "k" * 101,
    "a b",
    "a-b",
    "tên",
    "1a",
    "<<",
    "? a",
    "- a",
    '"q"',
    "'q'",
    "&x a",
    "!!str a",
    "*x",
]
WORDS = [
    "Khoa Nhi",
    "Lý Minh Anh",
    "yes",
    "No",
    "off",
    "y",
    "~",
    "null",
    "Null",
    "",
    "2025-03-15",
    "2025-02-30",
    "2025-03-15 10:00:00",
    "2025-3-5",
    "017",
    "0o17",
    "0x1F",
    "0b101",
    "1:30",
    "1_000",
    "+5",
    "-5",
    "1e3",
    "1.5",
    ".inf",
    "-.inf",
    ".nan",
    "=",
    "<<",
    "0.5",
    "C#",
    "a#b",
    "http://x.vn/a?b=c",
    "Quyết định số 574/QĐ-SYT",
    "a,b",
    "[x]",
    "{x}",
    "x]",
    "50%",
    "@x",
    "`x`",
    "!x",
    "&x",
    "*x",
    "|",
    ">",
    "?",
    "? x",
    "-",
    "- x",
    "--- x",
    "...",
    "%YAML 1.1",
    ":",
    "a:",
    "a: b",
    "a:b",
    "a #b",
    "# c",
    "it's",
    "''",
    "'a'",
    '"a"',
    'say "hi"',
    "a\\b",
    "\\n",
    "😀",
    "\u202etxet",
    "\u00a0nbsp\u00a0",
    "\u3000",
]
ODD = ["\t", "\r", "\ufeff", "\u2028", "\x85", "\x00", "\x1b", "\u202e", "\\", '"', "'", ":", " #", "#", "[", "]", ",", "&a ", "*a", "!!str ", "|", ">", "  ", " "]


def _quoted(word: str, quote: str) -> str:
    return quote + word + quote


scalar_text = st.one_of(
    st.sampled_from(WORDS),
    st.builds(lambda a, b: a + b, st.sampled_from(WORDS), st.sampled_from(ODD + WORDS)),
    st.builds(lambda a, b: a + b, st.sampled_from(ODD), st.sampled_from(WORDS)),
    st.text(st.sampled_from(list("ab :#-'\"[],{}&*!|>?%@`~=.01\\ \t\u00a0ệ")), max_size=8),
)
# Values the plain reader should take, typed ones included: most of every document, so that one
# odd value or line at a time decides whether the document is taken.
NICE = [w for w in WORDS if w and w[0] not in "-?:,[]{}#&*!|>'\"%@`." and ": " not in w and " #" not in w and not w.endswith(":")]
nice = st.sampled_from(NICE)
any_value = st.one_of(
    scalar_text,
    st.builds(_quoted, scalar_text, st.sampled_from(['"', "'"])),
    st.lists(scalar_text, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    st.builds(lambda items, sep: "[" + sep.join(items) + "]", st.lists(scalar_text, max_size=3), st.sampled_from([",", " ,", ",  ", ",,"])),
)
value = st.one_of(
    nice,
    nice,
    nice,
    st.builds(_quoted, nice, st.sampled_from(['"', "'"])),
    st.lists(nice.filter(lambda w: not any(c in w for c in ",[]{}#:'\"?")), max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    any_value,
)
space = st.sampled_from([" ", " ", " ", "  ", "", "\t", " \t"])
trail = st.sampled_from(["", "", "", "", "", " ", "  ", " # note", "#x", "\t", "\r"])
key = st.one_of(st.sampled_from(KEYS[:15]), st.sampled_from(KEYS))  # mostly keys the plain reader takes
indent = st.sampled_from(["", "", "  ", "  ", "    ", " ", "   ", "\t"])
odd_line = st.one_of(
    st.builds(lambda i, v: f"{i}{v}", indent, scalar_text),  # a continuation line
    st.builds(lambda i, k, v: f"{i}{k}: {v}", indent, key, value),
    st.sampled_from(["", " ", "# comment", "  # indented comment", "---", "...", "--- x", "%YAML 1.1", "-", "  -", "- ", "? x", ": y", "|", "  text"]),
)


@st.composite
def item(draw, dash: str) -> str:
    """One item of a block list whose dashes stand after `dash`: a scalar, or a mapping of keys lined up."""
    if draw(st.booleans()):
        return f"{dash}- {draw(value)}{draw(trail)}"
    gap = draw(st.sampled_from([" ", " ", "  "]))
    lines = [f"{dash}-{gap}{draw(key)}:{draw(space)}{draw(value)}{draw(trail)}"]
    for _ in range(draw(st.integers(0, 3))):
        column = draw(st.sampled_from([" " * (len(dash) + 1 + len(gap))] * 4 + ["", " ", "      "]))
        lines.append(f"{column}{draw(key)}:{draw(space)}{draw(value)}{draw(trail)}")
    return "\n".join(lines)


@st.composite
def block(draw) -> str:
    """A top-level key and its value, or a key and the block list below it, or an odd line."""
    what = draw(st.sampled_from(["pair", "pair", "pair", "list", "list", "empty", "odd"]))
    if what == "pair":
        return f"{draw(key)}:{draw(space)}{draw(value)}{draw(trail)}"
    if what == "empty":
        return f"{draw(key)}:{draw(trail)}"
    if what == "odd":
        return draw(odd_line)
    dash = draw(indent)
    items = [draw(item(dash if draw(st.integers(0, 9)) else draw(indent))) for _ in range(draw(st.integers(1, 3)))]
    between = draw(st.sampled_from(["", "", "\n", "\n# c"]))
    return f"{draw(key)}:{draw(trail)}{between}\n" + "\n".join(items)


documents = st.lists(block(), min_size=1, max_size=8).map("\n".join)

GOOD_KEYS = st.sampled_from(KEYS[:15])


@st.composite
def tidy_value(draw) -> str:
    word = draw(nice)
    quote = draw(st.sampled_from(["", "", '"', "'"]))
    if quote and (quote in word or ("\\" in word and quote == '"')):
        quote = ""
    if draw(st.integers(0, 4)) == 0:
        words = draw(st.lists(nice.filter(lambda w: not any(c in w for c in ",[]{}#:'\"?") and w.strip() == w), max_size=3))
        return "[" + draw(st.sampled_from([", ", ",", " , "])).join(words) + "]"
    return quote + word + quote


@st.composite
def tidy(draw) -> str:
    """Front matter of the plain shapes only, every spelling of them: the plain reader must take all of it."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        name, gap, after = draw(GOOD_KEYS), draw(st.sampled_from([" ", "  "])), draw(st.sampled_from(["", "", " "]))
        if draw(st.integers(0, 3)):
            lines.append(f"{name}:{gap}{draw(tidy_value())}{after}")
            continue
        lines.append(f"{name}:{after}")
        dash = draw(st.sampled_from(["", "  ", "    ", " "]))
        for _ in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                lines.append(f"{dash}- {draw(tidy_value().filter(lambda v: v[0] != '['))}")
                continue
            gap = draw(st.sampled_from([" ", "  "]))
            lines.append(f"{dash}-{gap}{draw(GOOD_KEYS)}: {draw(tidy_value())}")
            lines += [f"{' ' * (len(dash) + 1 + len(gap))}{draw(GOOD_KEYS)}: {draw(tidy_value())}" for _ in range(draw(st.integers(0, 2)))]
        lines += draw(st.sampled_from([[], [], [""], ["# c"]]))
    return "\n".join(lines)


# Front matter shaped like the real thing (the fast path's common case), then bent a little.
REAL = [
    'title: "Lý Minh Anh: Bệnh xa thời trực"',
    "kind: individual",
    "name: Lý Minh Anh",
    "unit: Khoa Hồi sức tích cực - Chống độc",
    "date: 2023-04-28",
    "summary: Bệnh công điện máu tiết, cải điện quy sâu.",
    "fields: [sang-kien, van-hoa-cong-so]",
    "awards:",
    "  - year: 2023",
    "    title: lao-dong-tien-tien",
    "    decision: Quyết định số 574/QĐ-SYT ngày 12/12/2023",
    "  - year: 2022",
    "    title: bang-khen-ubnd-tinh",
    "consent: Phiếu đồng ý lưu tại Phòng TCCB",
    "photo_focus: [0.5, 0.3]",
    "status: published",
    "featured: yes",
    "tags: [đêm, tận]",
    "applied_at:",
    "- Khoa Nhi",
    "- 'Khoa Sản'",
    "updated:",
]


line = st.one_of(block(), odd_line)


@st.composite
def bent(draw) -> str:
    lines = list(REAL)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        what = draw(st.sampled_from(["replace", "insert", "append", "delete"]))
        if what == "replace":
            lines[at] = draw(line)
        elif what == "insert":
            lines.insert(at, draw(line))
        elif what == "append":
            lines[at] += draw(st.sampled_from(ODD + WORDS))
        else:
            del lines[at]
    return "\n".join(lines)


def check(front: str) -> bool:
    """The plain reader refuses `front` or reads it as libyaml's events are read; True if it read it."""
    fast = plainyaml.read(front, 2)
    if fast is None:
        return False
    assert fast == parse_events(front, 2), front
    node, problems = fast
    if not problems:  # and as PyYAML's own loader loads it
        try:
            loaded = yaml.load(front, Loader=yaml.CSafeLoader)
        except ValueError:  # 2025-02-30: PyYAML's loader crashes where the schema reports E205
            return True
        if text_keys(loaded):  # `yes:` is the key "yes" to both our readers, True to PyYAML's
            assert same(python(node), python_of(loaded)), front
    return True


def python(node: Node):
    if node.kind == "map":
        return {k: python(v) for k, v in node.value.items()}
    if node.kind == "seq":
        return [python(v) for v in node.value]
    if node.kind == "timestamp":
        return ("timestamp", node.raw)
    return node.value


def same(ours, theirs) -> bool:
    """Equal, but for the YAML 1.1 numbers both our readers keep as text (017, 1:30): PyYAML makes numbers of them."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(same(ours[k], theirs[k]) for k in ours)
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(same(a, b) for a, b in zip(ours, theirs, strict=True))
    if isinstance(ours, str) and isinstance(theirs, (int, float)) and not isinstance(theirs, bool):
        return True
    return ours == theirs


def text_keys(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and text_keys(v) for k, v in value.items())
    return all(text_keys(v) for v in value) if isinstance(value, list) else True


def python_of(value):
    if isinstance(value, dict):
        return {k: python_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return [python_of(v) for v in value]
    if isinstance(value, dt.date):  # a date or a datetime: compared by being one
        return ("timestamp", value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat())
    return value


@SETTINGS
@given(documents)
@example("a: 1\n- b")
@example("a: x\n  - b")
@example("a: b #c")
@example("a:\n  - x\n - y")
@example("a:\n- x\n  b: 1")
@example("a: 'x'y'")
@example('a: "x\\ty"')
@example("a: x\ta")
@example("a: x\r\nb: y")
@example("a:\n  - year: 1\n    title: x\n  - year: 2\n      title: y")
def test_whatever_the_plain_reader_takes_reads_as_libyaml_reads_it(front):
    check(front)


@SETTINGS
@given(bent())
def test_real_looking_front_matter_bent_a_little_reads_as_libyaml_reads_it(front):
    check(front)


@SETTINGS
@given(tidy())
@example("a:\n  - x\n# c\n\n  - y\nb: 1")
@example("a:   \n- b:\n  c: 1\n- d: \nz:")
@example("a: [ ]\nb: []\nc: [x , y,z]\nd:")
@example("a: 😀 x\nb: [😀, y]\nc:\n  -   d: 😀\n      e: 1")
@example('a:\n  - x\nb: 2\na:\n  - y: 1\n    y: 2\n  - "\u202e"')
def test_every_plain_shape_is_taken_and_reads_as_libyaml_reads_it(front):
    assert check(front), front  # refused: the fast path would be dead code for such front matter


def test_the_real_shapes_are_taken_not_refused():
    assert check("\n".join(REAL))  # else every story would go to libyaml: the fast path would be dead code


def test_every_story_of_a_corpus_is_read_by_the_plain_reader_as_libyaml_reads_it(tmp_path):
    root = make_corpus(200, tmp_path / "corpus")
    stories = sorted((root / "content" / "exemplars").rglob("*.md"))
    taken = 0
    for story in stories:
        text = story.read_text(encoding="utf-8")
        doc = read_document(text)
        assert doc.problems == []
        taken += check(text.split("\n---\n")[0][4:])
    assert taken == len(stories)


@pytest.mark.parametrize(
    ("front", "problems"),
    [
        ("a: 1\nb: 2\na: 3", [("E106", 4, 1, "a")]),  # duplicated: the first value kept, said where
        ("awards:\n  - year: 1\n    year: 2", [("E106", 4, 5, "awards.year")]),
        ("a: =\nb: <<", [("E109", 2, 4, "a"), ("E109", 3, 4, "b")]),  # YAML 1.1's `value` and `merge` types
        ('a: "\u202ex"', [("W101", 2, 4, "a")]),  # a bidi control in double quotes: warned, removed
    ],
)
def test_problems_are_the_ones_libyaml_reading_gives(front, problems):
    node, found = plainyaml.read(front, 2)
    assert [(p.code, p.line, p.column, p.field) for p in found] == problems
    assert (node, found) == parse_events(front, 2)


@pytest.mark.parametrize(
    "front",
    [
        "a: &x 1\nb: *x",  # anchors and aliases: refused by the events reader where they stand
        "a: !!str 1",
        "a: |\n  text",
        "a: b # comment",
        "a: x\n  continued",  # a plain scalar folded over two lines
        'a: "x\\ty"',
        "a:\tx",
        "a: x\r",
        "\ufeffa: x",
        "a: {b: 1}",
        "a:\n  b: 1",
        "a: [x, [y]]",
        "a: ['x']",
        "  a: x",
        "a: 1\n---\nb: 2",
        "# only a comment",
    ],
)
def test_what_is_not_plain_is_left_to_libyaml(front):
    assert plainyaml.read(front, 2) is None
    assert parse(front, 2) == parse_events(front, 2)


def test_a_line_read_again_is_a_new_node_at_its_own_place():
    first, _ = plainyaml.read("kind: individual\ntags: [a, b]", 2)
    first.value["kind"].raw = "changed"  # a reader that changed a Node it was given
    first.value["tags"].value.append(first.value["kind"])
    again, _ = plainyaml.read("x: 1\n\nkind: individual\ntags: [a, b]", 10)
    assert (again, []) == parse_events("x: 1\n\nkind: individual\ntags: [a, b]", 10)
    assert again.value["kind"].raw == "individual" and len(again.value["tags"].value) == 2
