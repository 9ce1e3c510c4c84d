"""Converted bodies are kept between builds, and a body's images are found without
converting it when it cannot show one."""

from __future__ import annotations

from pathlib import Path

import pytest

from vinhdanh.render import body


@pytest.fixture
def conversions(monkeypatch):
    """Count Markdown conversions; start every test with an empty in-memory cache."""
    made: list[str] = []
    real = body._markdown

    def counting(text: str) -> str:
        made.append(text)
        return real(text)

    monkeypatch.setattr(body, "_markdown", counting)
    monkeypatch.setattr(body, "_safe", {})
    from vinhdanh.cache import shards

    shards.forget()
    return made


def _pack(folder: Path):
    from vinhdanh.cache.shards import Pack

    return Pack(folder, body.CACHE_VERSION)


def test_images_of_finds_markdown_and_html_images_and_skips_plain_bodies(tmp_path, conversions):
    assert body.images_of("Một đoạn văn, không có ảnh.\n\n**Đậm** và [liên kết](https://example.vn).", tmp_path) == ()
    assert conversions == []  # nothing converted to know that
    assert body.images_of("Trước.\n\n![Chị Lan ở khoa](anh/lan.jpg)\n", tmp_path) == ((tmp_path / "anh" / "lan.jpg").resolve(),)
    assert body.images_of('<p>Dán từ Word</p><IMG SRC="b.png" alt="b">', tmp_path) == ((tmp_path / "b.png").resolve(),)
    assert body.images_of("Ảnh ngoài: ![x](https://example.vn/x.jpg)", tmp_path) == ()  # not a local file
    # a body whose "<" is no tag still gives none, the long way
    assert body.images_of("Chỉ số a < b", tmp_path) == ()


def test_saved_bodies_are_not_converted_again_and_the_cache_is_pruned_when_it_outgrows_the_content(tmp_path, conversions):
    store = tmp_path / "bodies"
    texts = [f"Bài số {i}: *nội dung* riêng." for i in range(40)]
    body.load_cache(_pack(store))
    first = [body.safe_html(t) for t in texts]
    body.save_cache(bodies=len(texts))
    assert len(conversions) == 40

    body._safe.clear()
    from vinhdanh.cache import shards

    shards.forget()  # as a new process would
    body.load_cache(_pack(store))
    assert [body.safe_html(t) for t in texts] == first
    assert len(conversions) == 40  # all from the cache

    # The content shrank to two bodies: the cache keeps what this build asked for.
    body.load_cache(_pack(store))
    body.safe_html(texts[0])
    body.safe_html(texts[1])
    body.save_cache(bodies=2)
    body._safe.clear()
    shards.forget()
    body.load_cache(_pack(store))
    body.safe_html(texts[0])
    body.safe_html(texts[5])
    assert conversions[40:] == [texts[5]]


def test_a_build_that_converts_nothing_writes_nothing(tmp_path, conversions):
    store = tmp_path / "bodies"
    body.load_cache(_pack(store))
    body.safe_html("Một bài.")
    body.save_cache(bodies=1)
    stamp = sorted((p.name, p.stat().st_mtime_ns) for p in Path(store).rglob("*") if p.is_file())
    body.load_cache(_pack(store))
    body.safe_html("Một bài.")
    body.save_cache(bodies=1)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in Path(store).rglob("*") if p.is_file()) == stamp


def test_the_body_of_an_edited_story_is_converted_before_the_extras_fork(tmp_path, conversions):
    """Its page (here) and its feed entry and export item (in the forked child) all need
    it: converted once before the fork, the child does not convert it again."""
    from sitebuild import TODAY, project_copy

    from vinhdanh.cache import shards
    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    root = project_copy(tmp_path / "p")
    build_into(root / "mkdocs.yml", tmp_path / "site", prepare(root, TODAY))
    story = sorted((root / "content" / "exemplars").rglob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nMột đoạn mới thêm vào bài.\n", 1), encoding="utf-8")
    body._safe.clear()
    shards.forget()  # as a new process would
    section = prepare(root, TODAY)
    assert section.reads is not None and section.reads.afresh == {story}
    before = len(conversions)
    section._convert_bodies()
    edited = next(e for e in section.content.exemplars if e.source == story)
    assert conversions[before:] == [edited.body]
