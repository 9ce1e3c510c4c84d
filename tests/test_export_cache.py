"""The export's per-item cache gives the bytes of a whole fresh export, and makes
again only the items whose inputs changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitebuild import TODAY, project_copy

from vinhdanh.cache.shards import Pack, forget
from vinhdanh.outputs.export import export_bytes, export_bytes_cached
from vinhdanh.section import prepare


class FragmentCache(Pack):
    """The store's pack of export items, counting the items made (put) again."""

    def __init__(self, folder: Path, reuse: bool = True):
        forget()  # each cache as a new build process would read it
        super().__init__(folder, 3, reuse)
        self.made = 0

    def put(self, key, value) -> None:
        self.made += 1
        super().put(key, value)


def _story(root: Path) -> Path:
    return sorted((root / "content" / "exemplars").rglob("*.md"))[0]


def test_cached_export_is_the_fresh_export_byte_for_byte(tmp_path):
    root = project_copy(tmp_path / "p")
    store = tmp_path / "export-items"
    section = prepare(root, TODAY)
    cold = FragmentCache(store, reuse=True)
    assert export_bytes_cached(section, cold) == export_bytes(section)
    items = cold.made
    content = section.content
    assert items == len(content.exemplars) + sum(not c.origin for c in content.campaigns) + len(content.events) > 0
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
    events = sum(v.campaign == campaign.slug for v in section.content.events)
    assert again.made == naming + 1 + events  # its stories, the campaign itself and the events held in it


def test_a_story_published_later_remakes_the_event_that_honoured_it(tmp_path):
    """An event names a draft story: the export leaves it out until it is published, then shows it."""
    root = project_copy(tmp_path / "p")
    store = tmp_path / "export-items"
    draft = root / "content/exemplars/2025/nguyen-van-hung.md"
    assert "status: draft" in draft.read_text(encoding="utf-8")
    event = root / "content/events/hoi-nghi-bieu-duong-2025.md"
    event.write_text(event.read_text(encoding="utf-8").replace("exemplars: [nguyen-thi-lan,", "exemplars: [nguyen-van-hung, nguyen-thi-lan,"), encoding="utf-8")

    def honoured(out: bytes) -> list[str]:
        [item] = [i["_vinhdanh"] for i in json.loads(out)["items"] if i["_vinhdanh"]["type"] == "event"]
        return [e["slug"] for e in item["exemplars"]]

    cache = FragmentCache(store)
    before = export_bytes_cached(prepare(root, TODAY), cache)
    cache.save()
    assert "nguyen-van-hung" not in before.decode("utf-8")  # a draft's slug is its person's name: never exported
    assert honoured(before) == ["nguyen-thi-lan", "khoa-nhi-sot-xuat-huyet"]
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: draft", "status: published\nconsent: Phiếu đồng ý ngày 01/11/2026"), encoding="utf-8")
    published = prepare(root, TODAY)
    again = FragmentCache(store)
    after = export_bytes_cached(published, again)
    assert after == export_bytes(published) and honoured(after)[0] == "nguyen-van-hung"
