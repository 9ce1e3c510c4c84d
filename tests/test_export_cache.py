"""The export's per-item cache gives the bytes of a whole fresh export, and makes
again only the items whose inputs changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitebuild import TODAY, project_copy

from vinhdanh.export import export_bytes, export_bytes_cached
from vinhdanh.incremental import FragmentCache
from vinhdanh.section import prepare


def _story(root: Path) -> Path:
    return sorted((root / "content" / "exemplars").rglob("*.md"))[0]


def test_cached_export_is_the_fresh_export_byte_for_byte(tmp_path):
    root = project_copy(tmp_path / "p")
    store = tmp_path / "export-items"
    section = prepare(root, TODAY)
    cold = FragmentCache(store, reuse=True)
    assert export_bytes_cached(section, cold) == export_bytes(section)
    items = cold.made
    assert items == len(section.content.exemplars) + sum(not c.origin for c in section.content.campaigns) > 0
    cold.save()

    warm = FragmentCache(store)
    assert export_bytes_cached(prepare(root, TODAY), warm) == export_bytes(section)
    assert warm.made == 0

    story = _story(root)
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n---\n", "\n---\n\nMột đoạn mới thêm vào bài.\n", 1), encoding="utf-8")
    edited = prepare(root, TODAY)
    again = FragmentCache(store)
    out = export_bytes_cached(edited, again)
    assert out == export_bytes(edited) != export_bytes(section)
    assert "Một đoạn mới thêm vào bài." in out.decode("utf-8")
    assert again.made == 1  # only the edited story's item was made again

    full = FragmentCache(store, reuse=False)  # `vinhdanh build --full`
    assert export_bytes_cached(edited, full) == out
    assert full.made == items


def test_a_renamed_campaign_remakes_the_items_that_name_it(tmp_path):
    root = project_copy(tmp_path / "p")
    store = tmp_path / "export-items"
    section = prepare(root, TODAY)
    cache = FragmentCache(store)
    export_bytes_cached(section, cache)
    cache.save()
    campaign = next(c for c in section.content.campaigns if section.content.honoured_in(c.slug))
    naming = len(list(section.content.honoured_in(campaign.slug)))
    text = campaign.source.read_text(encoding="utf-8")
    campaign.source.write_text(re.sub(r"(?m)^title:.*$", "title: Đợt thi đua đổi tên", text, count=1), encoding="utf-8")
    changed = prepare(root, TODAY)
    again = FragmentCache(store)
    out = export_bytes_cached(changed, again)
    assert out == export_bytes(changed)
    named = [c["title"] for item in json.loads(out)["items"] for c in item["_vinhdanh"].get("campaigns", [])]
    assert named.count("Đợt thi đua đổi tên") == naming
    assert again.made == naming + 1  # its stories and the campaign itself
