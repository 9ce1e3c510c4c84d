"""Incremental builds give exactly the site a clean build gives, byte for byte.

Each step edits the project, builds it incrementally (caches in `.cache/`, the
previous site beside it, as `vinhdanh build` does) and builds the same content
clean (no `.cache/` but the photo files, every page rendered); the two site trees
must be identical file by file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from sitebuild import TODAY, copy_project

from vinhdanh.cache import readcache, shards
from vinhdanh.content.reader import load
from vinhdanh.section import prepare
from vinhdanh.site.build import build_into


def tree(folder: Path) -> dict[str, str]:
    """Every file a reader of `folder` gets, by content (through links: `serve` links the section's folders)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(_walk(folder)) if p.is_file()}


def _walk(folder: Path) -> list[Path]:
    return [Path(d, name) for d, dirs, files in os.walk(folder, followlinks=True) for name in dirs + files]


class Builds:
    """One project, built incrementally and clean after every edit."""

    def __init__(self, folder: Path, photos: Path):
        self.root = copy_project(folder / "p")
        (self.root / ".cache").mkdir()
        # Rendered photos and cards are content-addressed (photos/cache.py): shared by all tests.
        (self.root / ".cache" / "photos").symlink_to(photos)
        self.site = folder / "site"
        self.clean_site = folder / "clean"
        self.today = TODAY

    def incremental(self):
        shards.forget()  # a new `vinhdanh build` process: only `.cache/` is left
        section = prepare(self.root, self.today)
        build_into(self.root / "mkdocs.yml", self.site, section)
        return section

    def clean(self) -> None:
        cache, kept = self.root / ".cache", self.root / ".cache-incremental"
        os.rename(cache, kept)
        try:
            cache.mkdir()
            # Rendered photos and compiled templates are keyed by their sources; nothing else is kept.
            (cache / "photos").symlink_to(kept / "photos")
            if (kept / "jinja").is_dir():
                (cache / "jinja").symlink_to(kept / "jinja")
            shards.forget()
            shutil.rmtree(self.clean_site, ignore_errors=True)
            build_into(self.root / "mkdocs.yml", self.clean_site, prepare(self.root, self.today), reuse=False)
        finally:
            shutil.rmtree(cache)
            os.rename(kept, cache)
            shards.forget()

    def check(self, what: str):
        section = self.incremental()
        self.clean()
        ours, clean = tree(self.site), tree(self.clean_site)
        differ = sorted(k for k in ours.keys() | clean.keys() if ours.get(k) != clean.get(k))
        assert not differ, f"after {what}: incremental build differs from a clean build in {differ[:10]}"
        return section

    # -- edits --------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        return self.root / rel

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        path = self.path(rel)
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")


STORY = "content/exemplars/2024/ho-van-tam.md"
OTHER = "content/exemplars/2024/vo-thi-thu-ha.md"
NEW_STORY = """\
---
title: Điều dưỡng Lâm Thị Mới - người đến sau cùng
kind: individual
name: Lâm Thị Mới
unit: hstc
date: 2026-10-02
summary: Một câu chuyện mới thêm vào giữa chừng, để kiểm tra dựng tăng dần.
fields: [y-duc]
consent: true
status: published
---

Câu chuyện mới.
"""


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("photos")


def test_every_kind_of_edit_gives_the_clean_build(tmp_path, photos):
    b = Builds(tmp_path, photos)
    first = b.check("the first build")
    total = first.timings["pages_rendered"] + first.timings["pages_reused"]

    b.edit(STORY, "\n---\n", "\n---\n\nĐoạn mở đầu mới thêm vào bài.\n\n")
    section = b.check("a story's body")
    assert 0 < section.timings["pages_rendered"] < total / 2 and section.timings["pages_reused"] > total / 2, section.timings
    assert "Đoạn mở đầu mới thêm vào bài." in (b.site / "guong-dien-hinh/ho-van-tam/index.html").read_text()

    section = b.check("nothing at all")
    assert section.timings["pages_rendered"] == 0, section.timings

    b.edit(OTHER, "title: ", "title: Tiêu đề sửa - ")
    b.check("a story's title")
    b.edit(OTHER, "\nunit: ", "\nunit: Khoa Nhi\n# was: ")
    b.check("a story's unit, by full name")
    b.edit("content/exemplars/2025/nguyen-thi-lan/index.md", "status: published", "status: draft")
    b.check("a story back to draft")
    b.path("content/exemplars/2026/lam-thi-moi.md").write_text(NEW_STORY, encoding="utf-8")
    b.check("a new story")
    b.path("content/exemplars/2024/khoa-duoc-tiet-kiem.md").unlink()
    b.check("a deleted story")
    Image.new("RGB", (1000, 700), (200, 80, 40)).save(b.path("content/exemplars/anh/bep-com-yeu-thuong.jpg"), quality=85)
    b.check("a photo replaced under the same name")
    b.edit("content/campaigns/thay-thuoc-nhu-me-hien-2026.md", "end: 2026-12-31\nphases:", "end: 2027-03-31\nphases:")
    b.check("a campaign's dates")
    b.edit("overrides/main.html", "{% block extrahead %}", '{% block extrahead %}<meta name="x-test" content="1">')
    b.check("a template")
    b.edit("mkdocs.yml", "site_name: Bệnh viện Đa khoa Sông Hậu", "site_name: Bệnh viện Sông Hậu")
    b.check("mkdocs.yml")
    b.edit("content/units.yml", "name: Phòng Công tác xã hội", "name: Phòng Công tác xã hội - Chăm sóc khách hàng")
    b.check("units.yml")
    b.path("pages/gioi-thieu.md").write_text("# Giới thiệu\n\nTrang mới của bệnh viện.\n", encoding="utf-8")
    b.check("the hospital's own pages")
    vocabulary = b.path("content/vocabulary.yml").read_text(encoding="utf-8")
    b.path("content/vocabulary.yml").write_text(vocabulary + "\n", encoding="utf-8")
    b.check("vocabulary.yml, same meaning")


def test_the_build_date_crossing_a_phase_and_a_scheduled_story(tmp_path, photos):
    b = Builds(tmp_path, photos)
    scheduled = "guong-dien-hinh/huynh-ngoc-anh-thu/index.html"
    for day in (dt.date(2026, 6, 30), dt.date(2026, 7, 1), dt.date(2027, 1, 15)):
        b.today = day
        b.check(f"the build date {day}")
        assert (b.site / scheduled).exists() == (day >= dt.date(2027, 1, 15))


def test_a_cached_read_is_a_clean_read(tmp_path, photos):
    """Diagnostics and model of a read served from the store equal a fresh read's."""
    b = Builds(tmp_path, photos)
    shards.forget()
    load(b.root, TODAY, reads=readcache.for_project(b.root))  # fills the cache
    b.edit(STORY, "unit: ctxh", "unit: khong-co")  # an error in one story
    b.edit(OTHER, "summary: ", "photo: thieu.jpg\nsummary: ")  # a missing photo: its hint lists the folder
    shards.forget()
    cached, fresh = load(b.root, TODAY, reads=readcache.for_project(b.root)), load(b.root, TODAY)
    assert [d.text() for d in cached.diagnostics] == [d.text() for d in fresh.diagnostics]
    assert cached.content == fresh.content
    # the photo it asked for appears: the cached error must not survive
    Image.new("RGB", (1200, 800), (10, 120, 200)).save(b.path("content/exemplars/2024/thieu.jpg"), quality=85)
    cached, fresh = load(b.root, TODAY, reads=readcache.for_project(b.root)), load(b.root, TODAY)
    assert [d.text() for d in cached.diagnostics] == [d.text() for d in fresh.diagnostics]
    assert cached.content == fresh.content
    # the logo's check is kept too (it loads the imaging library): a broken logo is found
    logo = b.path("content/logo.png")
    logo.write_bytes(logo.read_bytes()[:200])
    cached, fresh = load(b.root, TODAY, reads=readcache.for_project(b.root)), load(b.root, TODAY)
    assert any(d.field == "logo" for d in cached.errors)
    assert [d.text() for d in cached.diagnostics] == [d.text() for d in fresh.diagnostics]


def test_kept_fingerprints_stand_for_the_story_and_count_its_photos(tmp_path, photos):
    """A story's fingerprint kept by the read cache changes with the story and with the
    pixels of a photo inside it, exactly when walking the story would."""
    from vinhdanh.cache.fingerprints import Fingerprints, inner_digest
    from vinhdanh.content.model import Photo

    b = Builds(tmp_path, photos)
    shards.forget()
    reads = readcache.for_project(b.root)
    result = load(b.root, TODAY, reads=reads)
    story = next(e for e in result.content.exemplars if e.photo is not None)
    assert id(story) in reads.digests  # every story read through the cache has one
    kept = inner_digest(story, Photo)
    digest, inside = kept.digest, kept.inside
    assert story.photo in inside
    pixels = {"v": "a"}

    def extra(value) -> str:
        return pixels["v"] if isinstance(value, Photo) else ""

    known = {id(story): (story, kept)}
    first = Fingerprints(extra, known=known).of(story)
    assert Fingerprints(extra, known=known).of(story) == first
    pixels["v"] = "b"  # the photo file replaced, the story unchanged
    assert Fingerprints(extra, known=known).of(story) != first
    retitled = dataclasses.replace(story, title=story.title + " (sửa)")
    assert inner_digest(retitled, Photo).digest != digest
    rebodied = dataclasses.replace(story, body=story.body + "\nThêm.")
    kept_rebodied = inner_digest(rebodied, Photo)
    assert kept_rebodied.digest == digest  # bodies count in `whole`, not here
    assert Fingerprints(extra, known=known).whole(story) != Fingerprints(extra, known={id(rebodied): (rebodied, kept_rebodied)}).whole(rebodied)


# -- random edit sequences ------------------------------------------------------------

STORIES = [
    "content/exemplars/2024/ho-van-tam.md",
    "content/exemplars/2024/vo-thi-thu-ha.md",
    "content/exemplars/2025/le-thi-hong-nhung.md",
    "content/exemplars/2026/ly-thanh-son.md",
    "content/exemplars/2025/cong-doan-mai-am.md",
]
UNITS = ["hstc", "nhi", "ctxh", "Khoa Nhi"]


def _apply(b: Builds, edit: tuple) -> None:
    kind, index, value = edit
    rel = STORIES[index % len(STORIES)]
    path = b.path(rel)
    if kind == "today":
        b.today = TODAY + dt.timedelta(days=value * 20 - 200)
        return
    if kind == "add":
        b.path(f"content/exemplars/2026/moi-{index}.md").write_text(NEW_STORY.replace("Lâm Thị Mới", f"Lâm Thị Mới {index}"), encoding="utf-8")
        return
    if not path.exists():
        path.write_text(NEW_STORY, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    if kind == "delete":
        path.unlink()
        return
    if kind == "body":
        body = f"Đoạn thêm số {value}.\n\n" + body
    elif kind == "title":
        head = head.replace("title: ", f"title: Sửa {value} - ", 1)
    elif kind == "status":
        head = head.replace("status: published", "status: draft") if "status: published" in head else head.replace("status: draft", "status: published")
    elif kind == "unit":
        lines = [f"unit: {UNITS[value % len(UNITS)]}" if line.startswith("unit:") else line for line in head.split("\n")]
        head = "\n".join(lines)
    elif kind == "featured":
        head = head + "\nfeatured: true" if "featured:" not in head else head.replace("\nfeatured: true", "")
    path.write_text(head + sep + body, encoding="utf-8")


EDITS = st.tuples(st.sampled_from(["body", "title", "status", "unit", "featured", "delete", "add", "today"]), st.integers(0, 9), st.integers(0, 20))


@settings(max_examples=2, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(EDITS, min_size=2, max_size=3))
def test_random_edit_sequences_give_the_clean_build(tmp_path_factory, photos, edits):
    b = Builds(tmp_path_factory.mktemp("random"), photos)
    b.incremental()
    for edit in edits:
        _apply(b, edit)
        b.check(f"edits {edits}")


def test_units_named_in_full_are_matched_in_linear_time(project, monkeypatch):
    """Each registered name is normalised once per run, not once per story."""
    from conftest import STORY

    from vinhdanh.content import nameindex

    units = "".join(f"- id: k{i}\n  name: Khoa Thử nghiệm số {i}\n  kind: khoa\n" for i in range(40))
    project.write("content/units.yml", units)
    for i in range(60):
        project.write(f"content/exemplars/2025/s{i}.md", STORY.replace("unit: hstc", f"unit: Khoa thử nghiệm số {i % 40}").replace("campaigns: [thi-dua-2025]\n", ""))
    project.path("content/exemplars/2025/nguyen-thi-lan/index.md").unlink()
    calls = []
    original = nameindex.tone_insensitive_placement
    monkeypatch.setattr(nameindex, "tone_insensitive_placement", lambda text: calls.append(text) or original(text))
    result = load(project.root, dt.date.fromisoformat("2026-06-01"))
    assert not result.errors, [d.text() for d in result.errors[:3]]
    assert {e.unit.id for e in result.content.exemplars} == {f"k{i}" for i in range(40)}
    assert len(calls) <= 40 + 60  # every unit name once, every story's value once


def test_serve_rebuilds_give_the_clean_build(tmp_path, photos):
    """`mkdocs serve` keeps unchanged pages in its folder between builds: still the clean site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    b = Builds(tmp_path, photos)
    served = tmp_path / "served"
    served.mkdir()
    serve_url = "http://127.0.0.1:8123/"
    os.environ["VINHDANH_TODAY"] = TODAY.isoformat()

    def config(site_dir: Path):
        c = load_config(config_file=str(b.root / "mkdocs.yml"), site_dir=str(site_dir))
        c.site_url = serve_url  # as `mkdocs serve` does
        return c

    first = config(served)
    plugin = first.plugins["vinhdanh"]
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        build(first, serve_url=serve_url)

        engine_runs: list[str] = []

        def check(what: str, saved: bool = False) -> dict:
            if saved:  # as the content watcher does (engine/serving.py): the engine only if it must
                plugin.content_saved(first, lambda: engine_runs.append(what) or build(config(served), serve_url=serve_url))
            else:
                build(config(served), serve_url=serve_url)  # a rebuild of the same serve process
            timings = dict(plugin.section.timings)
            memory = dict(shards._SEEN)
            cache, kept = b.root / ".cache", b.root / ".cache-serve"
            os.rename(cache, kept)
            plugin.serving = False
            try:
                cache.mkdir()
                (cache / "photos").symlink_to(kept / "photos")
                shards.forget()
                clean = tmp_path / "clean-served"
                shutil.rmtree(clean, ignore_errors=True)
                build(config(clean), serve_url=serve_url)
            finally:
                plugin.serving = True
                shutil.rmtree(cache)
                os.rename(kept, cache)
                shards.forget()
                shards._SEEN.update(memory)
            ours, theirs = tree(served), tree(clean)
            assert ours.pop("assets/vinhdanh/serve-version.txt", None), "open pages reload after every build"
            differ = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
            assert not differ, f"after {what}: the served site differs from a clean build in {differ[:10]}"
            folders = {p.relative_to(served) for p in _walk(served) if p.is_dir()}
            assert folders == {p.relative_to(clean) for p in _walk(clean) if p.is_dir()}, what
            return timings

        b.edit(STORY, "\n---\n", "\n---\n\nĐoạn mới khi đang xem thử.\n\n")
        timings = check("a story's body")
        assert timings["pages_rendered"] == 1 and timings["pages_reused"] > 40, timings
        b.edit(STORY, "\n---\n", "\n---\n\nĐoạn lưu khi đang xem.\n\n")
        timings = check("a story's body, saved", saved=True)
        assert timings["pages_rendered"] == 1 and timings["pages_reused"] > 40, timings
        b.path("content/exemplars/2024/khoa-duoc-tiet-kiem.md").unlink()
        check("a deleted story", saved=True)
        # The section's folders are links into the serve process's tree (servetree.py): an
        # engine whose cleaning removes such a link, or leaves a folder of its own there, still
        # serves the clean site.
        (served / "guong-dien-hinh").unlink()
        b.edit(STORY, "\n---\n", "\n---\n\nĐoạn thứ hai.\n\n")
        check("a link removed")
        (served / "phong-trao-thi-dua").unlink()
        (served / "phong-trao-thi-dua").mkdir()
        (served / "phong-trao-thi-dua" / "stale.html").write_text("cũ", encoding="utf-8")
        check("a folder where the link was")
        b.path("content/exemplars/2026/lam-thi-moi.md").write_text(NEW_STORY, encoding="utf-8")
        check("a new story")
        Image.new("RGB", (1000, 700), (20, 80, 140)).save(b.path("content/exemplars/anh/bep-com-yeu-thuong.jpg"), quality=85)
        check("a photo replaced")
        b.path("content/exemplars/2026/lam-thi-moi-2.md").write_text(NEW_STORY.replace("Lâm Thị Mới", "Lâm Thị Mai"), encoding="utf-8")
        check("a new story, saved", saved=True)
        b.edit(OTHER, "title: ", "title: Tiêu đề mới - ")
        check("a story's title")
        b.edit(OTHER, "title: ", "title: Tiêu đề lưu - ")
        check("a story's title, saved", saved=True)
        assert not {"a story's body, saved", "a story's title, saved"} & set(engine_runs), engine_runs
    finally:
        first.plugins.on_shutdown()
        first.plugins.on_startup(command="build", dirty=False)  # the process's one instance: a build again
        os.environ.pop("VINHDANH_TODAY", None)


def test_the_package_key_is_kept_until_a_file_of_the_package_changes(tmp_path, monkeypatch):
    """The kept key is trusted only while every file keeps its size, mtime, ctime and
    inode: an edit that restores the mtime (same size) still changes it."""
    import os

    from vinhdanh.cache import keys as incremental

    package = tmp_path / "vinhdanh"
    (package / "templates").mkdir(parents=True)
    (package / "code.py").write_text("A = 1\n", encoding="utf-8")
    (package / "templates" / "story.html").write_text("<p>{{ e.title }}</p>\n", encoding="utf-8")
    monkeypatch.setattr(incremental, "PACKAGE", package)
    computed = []
    real = incremental._package_key
    monkeypatch.setattr(incremental, "_package_key", lambda: computed.append(1) or real())
    store = tmp_path / ".cache" / "package-key.pickle"

    first = incremental._kept_package_key(store)
    assert incremental._kept_package_key(store) == first and len(computed) == 1  # kept: nothing read

    code = package / "code.py"
    before = code.stat()
    code.write_text("A = 2\n", encoding="utf-8")  # same size
    os.utime(code, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime
    second = incremental._kept_package_key(store)
    assert second != first and len(computed) == 2
    (package / "templates" / "new.html").write_text("x", encoding="utf-8")
    assert incremental._kept_package_key(store) not in (first, second)


def test_a_build_from_the_spare_site_is_the_clean_build(tmp_path, photos):
    """The site two builds old is the next build's folder (recycle.py): its pages stay
    where they are right, and one written into since is not taken for right."""
    from vinhdanh.site import recycle

    b = Builds(tmp_path, photos)
    b.check("a first build")
    b.edit(STORY, "\n---\n", "\n---\n\nĐoạn một.\n\n")
    b.check("a second build")
    b.edit(STORY, "Đoạn một.", "Đoạn một rưỡi.")
    b.check("a third build")  # the first one's site is the spare now
    spare = recycle.spare_of(b.root, b.site.resolve())
    assert spare.is_dir()
    # Written into in place, as `mkdocs build --dirty` would: a page another story shows.
    page = spare / "guong-dien-hinh" / "vo-thi-thu-ha" / "index.html"
    data = page.read_bytes()
    with open(page, "r+b") as fh:
        fh.write(data.replace(b"<title>", b"<title>X", 1)[: len(data)])
    b.edit(STORY, "Đoạn một rưỡi.", "Đoạn hai.")
    section = b.check("a build from the spare site")
    assert section.timings["recycled_pages"] > 40, section.timings


def test_the_record_of_a_site_built_from_the_spare_names_each_page_file_as_it_is(tmp_path, photos):
    """The pages left right in the spare keep their record's entries (not looked at
    again); those written again are recorded as written: every entry is its file."""
    from vinhdanh.site import recycle

    b = Builds(tmp_path, photos)
    b.check("a first build")
    for text in ("Đoạn một.", "Đoạn hai.", "Đoạn ba."):
        b.edit(STORY, "\n---\n", f"\n---\n\n{text}\n\n")
        section = b.incremental()
    assert section.timings["recycled_pages"] > 40 and section.timings["pages_rendered"] >= 1, section.timings
    record = recycle.record_of(b.root, b.site.resolve())
    assert record is not None and len(record) == len(section.pages)
    for rel, (_, ino, mtime) in record.items():
        st = os.lstat(b.site / rel)
        assert (st.st_ino, st.st_mtime_ns) == (ino, mtime), rel
    assert len(list((b.root / ".cache" / "pages" / recycle.RECORDS).iterdir())) <= recycle.KEPT_RECORDS


def test_a_build_with_no_spare_site_starts_from_the_live_sites_files(tmp_path, photos):
    """With no spare site with a record (a project's second and third builds; records
    gone with `.cache/`), the build folder starts as the live site's files, linked
    (recycle.py): its right pages stay, the result is the clean build, and neither the
    live site nor the rollback one is written through the shared files."""
    from vinhdanh.site import recycle, swap

    b = Builds(tmp_path, photos)
    b.check("a first build")
    b.edit(STORY, "\n---\n", "\n---\n\nĐoạn một.\n\n")
    live = tree(b.site)
    section = b.check("a second build: no spare")
    assert section.timings["recycled_pages"] > 40 and section.timings["pages_rendered"] <= 2, section.timings
    previous = swap.previous_of(b.root, b.site.resolve())
    assert tree(previous) == live, "the rollback site is the first build, byte for byte"
    b.edit(STORY, "Đoạn một.", "Đoạn hai.")
    b.edit(OTHER, "title: ", "title: Tiêu đề mới - ")  # pages of several kinds written again
    live = tree(b.site)
    section = b.check("a third build: still no spare")
    assert section.timings["recycled_pages"] > 20, section.timings
    assert tree(previous) == live, "the rollback site is the second build, byte for byte"
    assert recycle.spare_of(b.root, b.site.resolve()).is_dir()
    shutil.rmtree(b.root / ".cache" / "pages" / recycle.RECORDS)  # the spare's record and the live site's gone
    b.edit(STORY, "Đoạn hai.", "Đoạn ba.")
    live = tree(b.site)
    section = b.check("a build with no records")
    assert section.timings["recycled_pages"] == 0, section.timings
    assert tree(previous) == live
    b.edit(STORY, "Đoạn ba.", "Đoạn bốn.")
    section = b.check("the build after it")
    assert section.timings["recycled_pages"] > 40, section.timings


def test_a_full_build_writes_only_the_pages_whose_bytes_changed(tmp_path, photos):
    """`--full` renders every page again into the recycled folder; a page whose new text
    is the file there already stays that file (read, compared, not written again), the
    others are written: the result is the clean build either way."""
    from vinhdanh.site import recycle

    b = Builds(tmp_path, photos)
    b.check("a first build")
    b.edit(STORY, "\n---\n", "\n---\n\nĐoạn một.\n\n")
    b.check("a second build")
    b.edit(STORY, "Đoạn một.", "Đoạn hai.")
    b.check("a third build: the first one's site is the spare now")
    spare = recycle.spare_of(b.root, b.site.resolve())
    before = {rel: _identity(spare / rel) for rel in tree(spare) if rel.endswith("index.html")}
    b.edit(STORY, "Đoạn hai.", "Đoạn ba.")
    shards.forget()
    section = prepare(b.root, b.today)
    build_into(b.root / "mkdocs.yml", b.site, section, reuse=False)
    b.clean()
    ours, clean = tree(b.site), tree(b.clean_site)
    assert not sorted(k for k in ours.keys() | clean.keys() if ours.get(k) != clean.get(k))
    story = next(p.path for p in section.pages if p.item is not None and p.item.source.name == Path(STORY).name)
    assert section.timings["pages_rendered"] == len(section.pages)
    kept = {rel for rel, was in before.items() if (b.site / rel).exists() and _identity(b.site / rel) == was}
    assert f"{story}index.html" not in kept, "the edited story's page was not written again"
    assert len(kept) > len(before) // 2, f"only {len(kept)} of {len(before)} unchanged pages were left as they were"


def _identity(path: Path) -> tuple[int, int]:
    st = os.lstat(path)
    return st.st_ino, st.st_mtime_ns  # a new file may get a freed inode's number
