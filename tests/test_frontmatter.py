"""frontmatter.py: front matter read from libyaml's events, positions kept, hostile YAML refused."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from vinhdanh.content.frontmatter import Node, parse, read_document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import make_corpus


def plain(node: Node):
    """The Python value libyaml's SafeLoader would have made of `node`."""
    if node.kind == "map":
        return {k: plain(v) for k, v in node.value.items()}
    if node.kind == "seq":
        return [plain(v) for v in node.value]
    if node.kind == "timestamp":
        return dt.date.fromisoformat(node.raw)
    return node.value


def test_every_story_of_a_corpus_reads_as_libyaml_loads_it(tmp_path):
    root = make_corpus(80, tmp_path / "corpus")
    stories = sorted((root / "content" / "exemplars").rglob("*.md"))
    for story in stories:
        text = story.read_text(encoding="utf-8")
        doc = read_document(text)
        assert doc.problems == []
        assert plain(doc.meta) == yaml.load(text.split("\n---\n")[0][4:], Loader=yaml.CSafeLoader)


def test_scalars_resolve_as_yaml_1_1_does_and_keep_their_text_and_positions():
    node, problems = parse("a: yes\nb: ~\nc: 017\nd: 1:30\ne: 0x1F\nf: '12'\ng: 2025-02-30\nh:\n  - x\n  - {y: 1}", 2)
    assert problems == []
    kinds = {k: (v.kind, v.value, v.raw) for k, v in node.value.items() if k != "h"}
    assert kinds == {
        "a": ("bool", True, "yes"),
        "b": ("null", None, "~"),
        "c": ("str", "017", "017"),  # YAML 1.1's octal and sexagesimal spellings: kept as the author's text
        "d": ("str", "1:30", "1:30"),
        "e": ("int", 31, "0x1F"),
        "f": ("str", "12", "12"),
        "g": ("timestamp", "2025-02-30", "2025-02-30"),  # an impossible date stays text: the schema reports it
    }
    inner = node.value["h"].value[1].value["y"]
    assert (node.value["g"].line, node.value["g"].column, node.value["g"].key_line, node.value["g"].key_column) == (8, 4, 8, 1)
    assert (inner.line, inner.column, inner.key_line, inner.key_column) == (11, 9, 11, 6)


def test_a_duplicate_key_and_an_alias_are_reported_where_they_stand():
    node, problems = parse("a: &x 1\nb: *x\na: 2", 2)
    assert [(p.code, p.line, p.column) for p in problems] == [("E108", 3, 4), ("E106", 4, 1)]
    assert node.value["a"].value == 1 and node.value["b"].kind == "null"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("a: !!seq x", "!!seq"),  # crashed: the text's characters were read as list items
        ("a: !!map [1]", "!!map"),  # crashed: a list's items unpacked as key/value pairs
        ("a: !!str [1, 2]", "!!str"),  # became the text "[ScalarNode(...), ...]"
        ("a: !vd x", "!vd"),
    ],
)
def test_a_tag_that_does_not_fit_its_value_is_refused_not_a_crash(text, written):
    node, problems = parse(text, 2)
    assert [(p.code, p.line, p.column, p.field) for p in problems] == [("E109", 2, 4, "a")]
    assert f"`{written}`" in problems[0].message
    assert node.value["a"].kind == "null"


def test_an_alias_as_a_key_is_refused():
    # Was read as the key "1" (the anchored value), silently, with the anchor's position.
    node, problems = parse("a: &x 1\n*x : 2", 2)
    assert [(p.code, p.line, p.column) for p in problems] == [("E108", 3, 1)]
    assert list(node.value) == ["a"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: *nowhere", "found undefined alias", 2),
        ("a: &x 1\nb: &x 2", "second occurrence", 3),
        ("a: 1\n--- \nb: 2", "but found another document", 3),
        ("a: b: c", "mapping values are not allowed in this context", 2),
    ],
)
def test_what_libyaml_refuses_is_a_syntax_error_with_its_words(text, message, line):
    node, problems = parse(text, 2)
    assert node is None
    assert [(p.code, p.line) for p in problems] == [("E104", line)]
    assert message in problems[0].message
