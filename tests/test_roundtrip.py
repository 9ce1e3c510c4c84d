"""Round trip: a story Decap opens and saves unchanged reads back to the same model.

`decap_frontmatter.js` reads and writes front matter exactly as Decap does (its
code, over the yaml@1 and gray-matter packages Decap bundles). For every sample
story and campaign, the rewritten file must mean what the original meant; only key
order, quoting and comments may differ (docs/huong-dan-soan-bai.md says so).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from editing import REPO, sample_copy

from vinhdanh.content.reader import load
from vinhdanh.editor.config import editor_config

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None or not (REPO / "node_modules/yaml").is_dir(), reason="needs node and npm ci")


def decap_rewrite(files: list[tuple[str, list[str]]]) -> list[str]:
    payload = json.dumps([{"raw": raw, "order": order} for raw, order in files])
    done = subprocess.run([NODE, str(REPO / "tests/decap_frontmatter.js")], input=payload, capture_output=True, text=True, cwd=REPO, timeout=60, check=True)
    return json.loads(done.stdout)


def meaning(item):
    """A story or campaign minus where its body starts (comments and quoting move lines)."""
    return dataclasses.replace(item, body_line=0)


def test_every_sample_story_and_campaign_survives_a_decap_save(tmp_path: Path) -> None:
    root = sample_copy(tmp_path / "site")
    before = load(root)
    assert before.ok, before.diagnostics
    config = editor_config(before.content, proxy_url="http://127.0.0.1:1/api/v1")
    order = {c["folder"]: [f["name"] for f in c["fields"]] for c in config["collections"]}
    sources = [(item, "content/exemplars") for item in before.content.exemplars] + [(item, "content/campaigns") for item in before.content.campaigns]
    sources += [(item, "content/events") for item in before.content.events]
    assert before.content.events, "the sample has an event: its save is checked too"
    rewritten = decap_rewrite([(item.source.read_text(encoding="utf-8"), order[folder]) for item, folder in sources])
    changed = 0
    for (item, _), raw in zip(sources, rewritten, strict=False):
        changed += raw != item.source.read_text(encoding="utf-8")
        item.source.write_text(raw, encoding="utf-8")
    assert changed, "Decap's writer normally changes something (comments, quoting): the test would prove nothing"
    after = load(root)
    assert after.ok, after.diagnostics
    assert [meaning(e) for e in after.content.exemplars] == [meaning(e) for e in before.content.exemplars]
    assert [meaning(c) for c in after.content.campaigns] == [meaning(c) for c in before.content.campaigns]
    assert [meaning(v) for v in after.content.events] == [meaning(v) for v in before.content.events]


def test_comments_in_front_matter_are_dropped_and_key_order_follows_the_form(tmp_path: Path) -> None:
    raw = '---\n# ghi chú của người viết\nstatus: draft\ntitle: "Khoa Nhi: mười năm"\nkind: collective\nfeatured: yes\ndate: 2026-03-15\n---\n\nNội dung.\n'
    (out,) = decap_rewrite([(raw, ["title", "kind", "date", "status"])])
    assert "ghi chú" not in out
    head = out.split("---\n")[1]
    assert [line.split(":")[0] for line in head.splitlines()] == ["title", "kind", "date", "status", "featured"]
    assert "date: 2026-03-15\n" in head and "featured: yes\n" in head  # YAML 1.2: still what our reader reads as a date, a yes
    assert out.endswith("\nNội dung.\n")
