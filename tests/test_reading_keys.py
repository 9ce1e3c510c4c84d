"""reading/keys.py: a key the file does not have is read without the readers' calls, to the same value."""

from __future__ import annotations

import pytest

from vinhdanh.content import schema
from vinhdanh.content.fields import Fields
from vinhdanh.content.frontmatter import parse
from vinhdanh.content.reading.keys import ABSENT, read_keys, read_plain

SCHEMAS = {name: getattr(schema, name) for name in ("EXEMPLAR", "CAMPAIGN", "EVENT", "REGISTRATION", "CALENDAR")}
OTHER = {"ref", "refs", "records", "group", "int", "image", "focus", "consent", "month", "period"}  # read by readers of their own


def fields(front: str, diagnostics: list) -> Fields:
    node, problems = parse(front, 2)
    assert node is not None and problems == []
    return Fields(node, "content/x.md", diagnostics)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_an_absent_key_reads_as_read_plain_reads_it(name):
    keys = SCHEMAS[name]
    readers = {k.key: (lambda k, v: "own") for k in keys if k.type in OTHER}
    shortcut, by_plain = [], []
    values = read_keys(fields("other: 1", shortcut), keys, readers)
    expected = {k.key: "own" if k.key in readers else read_plain(fields("other: 1", by_plain), k) for k in keys}
    assert values == expected
    assert shortcut == by_plain  # the required ones still say they are missing, in the same words
    assert {k.type for k in keys if k.key not in readers} <= set(ABSENT)


def test_an_absent_list_is_a_new_list_each_time():
    key = next(k for k in schema.EXEMPLAR if k.type == "list" and not k.required)
    first = read_keys(fields("a: 1", []), (key,), {})
    second = read_keys(fields("a: 1", []), (key,), {})
    first[key.key].append("x")
    assert second[key.key] == []
