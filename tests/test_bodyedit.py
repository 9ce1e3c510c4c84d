"""A build after a body-only edit (site/bodyedit.py) gives the site a normal build gives,
byte for byte; whatever else changed, it declines and the normal build runs.

Each step edits the copied sample project, runs `vinhdanh build` as the command does
(`build_command`), and builds the same content through the pipeline into another
folder (the oracle, itself checked against clean builds by test_incremental.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from sitebuild import TODAY, project_copy, rebase

from vinhdanh import pipeline
from vinhdanh.cache import shards
from vinhdanh.deploy import history
from vinhdanh.site import bodyedit
from vinhdanh.site.atomic import read_cache
from vinhdanh.site.build import build_command


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


class Project:
    def __init__(self, tmp: Path, base_url: str | None = None):
        self.root = project_copy(tmp / "p")
        if base_url:
            rebase(self.root, base_url)
        self.site = tmp / "site"
        self.oracle = tmp / "oracle"
        self.normal_builds = 0

    def build(self) -> bool:
        """`vinhdanh build`; True when it was a body edit (the pipeline never ran)."""
        before = self.normal_builds
        shards.forget()  # a new process: only `.cache/` is left
        assert build_command(self.root, Path("mkdocs.yml"), self.site, TODAY) == 0
        return self.normal_builds == before

    def check(self, what: str) -> None:
        shards.forget()
        shutil.rmtree(self.oracle, ignore_errors=True)
        pipeline.build(self.root, self.root / "mkdocs.yml", self.oracle.resolve(), TODAY)
        ours, theirs = tree(self.site), tree(self.oracle)
        differ = sorted(k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k))
        assert not differ, f"after {what}: the site differs from a normal build in {differ[:10]}"

    def items(self) -> dict:
        state = read_cache(bodyedit.state_file(self.root, self.site.resolve()))
        return state.items

    def stories(self) -> list[str]:
        """The stories whose body a build may splice, by file."""
        return [rel for rel in self.items() if rel.startswith("content/exemplars/")]

    def set_body(self, rel: str, body: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4) + 5
        path.write_text(text[:end] + body, encoding="utf-8")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """`project()`: a copy of the sample project (at `base_url`, if given) whose normal builds are counted."""
    made: list[Project] = []
    real = pipeline.build

    def counting(*args, **kwargs):
        for p in made:
            p.normal_builds += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build", counting)

    def make(base_url: str | None = None) -> Project:
        made.append(Project(tmp_path, base_url))
        return made[-1]

    return make


BODIES = [
    "Một đoạn mới & có ký tự <đặc biệt> \"ngoặc kép\" và 'đơn'.\n\n## Hành trình mới\n\nXem [trang khác](../khac/) và [trang chủ](/) hay [ngoài](https://example.org/a?b=1&c=2).\n",
    "| Cột | Giá trị |\n|---|---|\n| a | 1 < 2 |\n\nChú thích[^1].\n\n[^1]: Một chú thích.\n",
    '!!! note "Ghi chú"\n    Nội dung trong hộp.\n\n- một\n- hai\n\n> trích dẫn\n',
    "",
    "Chỉ một dòng.",
]


def test_body_edits_equal_a_normal_build(tmp_path, project):
    p = project()
    assert not p.build()  # the first build: nothing recorded yet
    items = p.items()
    kinds = {rel.split("/")[1] for rel in items}
    assert {"exemplars", "campaigns", "events"} <= kinds, kinds  # stories, campaigns and events take body edits
    picks = [next(r for r in items if r.startswith(f"content/{k}/")) for k in ("exemplars", "campaigns", "events")]
    assert p.build(), "nothing changed: the live site's twin"
    p.check("nothing changed")
    for n, body in enumerate(BODIES):
        rel = picks[n % len(picks)]
        p.set_body(rel, body)
        assert p.build(), f"{rel}: a body edit took the normal build"
        p.check(f"{rel} given body {n}")
    p.set_body(picks[1], BODIES[0].replace("Một", "Hai"))  # the campaign just edited, again
    assert p.build()
    p.check("a second edit of the same campaign")
    p.set_body(picks[0], BODIES[0])  # emptied above: an empty body is found everywhere, so nowhere
    assert not p.build()
    p.check("a body that was empty")


def test_a_sub_path_site_gets_absolute_links_in_its_feeds(tmp_path, project):
    p = project("https://so-y-te.example.vn/benh-vien/")
    p.build()
    rel = p.stories()[0]
    p.set_body(rel, "[Lên trên](../) · [gốc](/) · [cùng thư mục](anh-khac.html) · <a href='tuong-doi/'>a</a>\n")
    assert p.build()
    p.check("links on a sub-path site")


def _front(p: Project, rel: str, old: str, new: str) -> None:
    path = p.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_anything_but_one_clean_body_builds_as_always(tmp_path, project):
    p = project()
    p.build()
    items = p.items()
    stories = [r for r in items if r.startswith("content/exemplars/")]
    one, two = stories[0], stories[1]

    _front(p, one, "\ntitle: ", "\ntitle: Tiêu đề mới hoàn toàn\nold_title: ")  # the old line under a key nobody reads: a warning
    text = (p.root / one).read_text(encoding="utf-8")
    (p.root / one).write_text(re.sub(r"\nold_title: .*", "", text), encoding="utf-8")
    assert not p.build(), "a front matter edit"
    p.check("a front matter edit")

    p.set_body(one, "Một.\n")
    p.set_body(two, "Hai.\n")
    assert not p.build(), "two files"
    p.check("two bodies")

    p.set_body(one, "Ảnh ![Ảnh minh hoạ](../anh/khong-co.jpg)\n")
    shards.forget()
    assert build_command(p.root, Path("mkdocs.yml"), p.site, TODAY) == 1, "a missing photo: an error, said by the normal read"
    p.set_body(one, "Sạch lại.\n")
    assert p.build(), "a refused build changed nothing: the live site is still the one recorded"
    p.check("after a refused build")

    p.set_body(one, "Có ký tự ẩn \u202e ở đây.\n")
    assert not p.build(), "a body with a warning"
    p.check("a body with a warning")

    p.set_body(one, "Sạch.\n")
    assert not p.build(), "the story had a warning last time: read again"
    (p.root / "GHI-CHU.txt").write_text("ghi chú", encoding="utf-8")
    assert not p.build(), "a new file"
    p.check("a new file")
    (p.root / "GHI-CHU.txt").unlink()
    assert not p.build(), "a removed file"
    p.check("a removed file")

    os.utime(p.root / "mkdocs.yml")
    assert not p.build(), "the configuration touched"
    p.check("configuration touched")


def test_a_body_found_twice_is_not_guessed(tmp_path, project):
    """Two stories with the same body: the feeds hold it twice, which entry is whose is
    not guessed at."""
    p = project()
    p.build()
    stories = p.stories()
    p.set_body(stories[0], "Cùng một nội dung.\n")
    assert p.build()
    p.set_body(stories[1], "Cùng một nội dung.\n")
    assert p.build()
    p.set_body(stories[0], "Đã khác.\n")
    assert not p.build(), "the old body is in an entry of the other story too"
    p.check("one of two equal bodies edited")


def test_another_day_or_a_rolled_back_site_builds_as_always(tmp_path, project, monkeypatch):
    p = project()
    p.build()
    rel = p.stories()[0]
    p.set_body(rel, "Hôm sau.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ.get("SOURCE_DATE_EPOCH", "1800000000")) + 86_400))
    assert not p.build(), "the sitemap's date changed"
    p.set_body(rel, "Lại sửa.\n")
    assert p.build()
    previous = history.identity(p.site.resolve())
    from vinhdanh.site import swap

    swap.swap(swap.previous_of(p.root, p.site.resolve()), p.site.resolve())  # what `vinhdanh rollback` does
    assert history.identity(p.site.resolve()) != previous
    p.set_body(rel, "Sau khi quay lại.\n")
    assert not p.build(), "the live site is not the one recorded"
    p.check("after a rollback")


def test_the_replaced_site_is_kept_for_rollback(tmp_path, project):
    p = project()
    p.build()
    rel = p.stories()[0]
    page = p.site / p.items()[rel].page
    before = page.read_bytes()
    p.set_body(rel, "Bản mới.\n")
    assert p.build()
    from vinhdanh.site import swap

    kept = swap.previous_of(p.root, p.site.resolve()) / p.items()[rel].page
    assert kept.read_bytes() == before, "the previous site is the one before the edit, whole"
    assert re.search(rb"B\xe1\xba\xa3n m\xe1\xbb\x9bi", page.read_bytes())


FRAGMENTS = [
    "Đoạn văn có dấu: Điều dưỡng, bác sĩ, người bệnh.",
    "Ký tự & và &amp; và &lt;thẻ&gt; và < 3 > 2",
    "\"ngoặc kép\" và 'ngoặc đơn' và `mã <b>`",
    "## Tiêu đề {n}",
    "### Tiêu đề con & ký hiệu",
    "- mục một\n- mục hai\n    - mục con",
    "1. bước\n2. bước <em>nhấn</em>",
    "> Trích dẫn *nghiêng* **đậm**",
    '```\nmã <script>alert(1)</script> & "x"\n```',
    "[liên kết tương đối](../khac/) và [gốc](/guong-dien-hinh/) và [thư mục](anh.html#muc)",
    "[ngoài](https://example.org/duong?a=1&b=2) và <https://example.org/tu-dong>",
    "[thư](mailto:tccb@example.vn) · [gọi](tel:+84123456789)",
    '<span class="x" title="t & u">HTML dán từ Word</span> <b>đậm</b>',
    "<details><summary>Xem thêm</summary>\n\nNội dung ẩn.\n\n</details>",
    "| A | B |\n|---|---|\n| 1 & 2 | <3 |",
    "Chú thích[^n{n}].\n\n[^n{n}]: Nội dung chú thích {n}.",
    "Khoảng\u00a0trắng\u00a0cứng, dấu — gạch, “ngoặc cong”, emoji 🏥, tổ hợp e\u0301.",
    "*[WHO]: Tổ chức Y tế Thế giới\n\nWHO khuyến cáo.",
    "Thuật ngữ\n:   Định nghĩa của thuật ngữ.",
    "Dòng dài " + "chữ " * 200,
]


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_bodies_equal_a_normal_build(tmp_path, project, seed):
    """Bodies drawn from the Markdown an author pastes (links of every kind, HTML,
    entities, tables, footnotes), one edit a build, on stories, campaigns and events."""
    import random

    rng = random.Random(seed)
    p = project("https://so-y-te.example.vn/benh-vien/" if seed % 2 == 0 else None)
    p.build()
    items = sorted(p.items())
    spliced = 0
    for step in range(6):
        rel = rng.choice(items)
        body = "\n\n".join(rng.choice(FRAGMENTS).replace("{n}", str(k)) for k in range(rng.randint(1, 6))) + "\n"
        p.set_body(rel, body)
        spliced += p.build()
        p.check(f"step {step}: {rel} given {body!r}")
    assert spliced >= 4, "most clean bodies are spliced"


def test_pages_outside_the_project_are_never_skipped(tmp_path, project):
    """The engine reads the hospital's pages from `docs_dir`: outside the project, the
    scan does not see them change, so no build there is a body edit."""
    p = project()
    shutil.move(p.root / "pages", tmp_path / "pages-ngoai")
    _front(p, "mkdocs.yml", "docs_dir: pages", "docs_dir: ../pages-ngoai")
    p.build()
    rel = next(r for r in bodyedit.scan(p.root, p.site) if r.startswith("content/exemplars/") and r.endswith(".md"))
    p.set_body(rel, "Sửa.\n")
    assert not p.build()
    page = next((tmp_path / "pages-ngoai").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nDòng mới ở trang của bệnh viện.\n", encoding="utf-8")
    assert not p.build()
    p.check("a hospital page outside the project")


def test_a_failure_while_linking_leaves_the_live_site_and_builds_as_always(tmp_path, project):
    p = project()
    p.build()
    rel = p.stories()[0]
    before = tree(p.site)
    p.set_body(rel, "Không liên kết được.\n")
    real = os.link

    def refused(source, dest, *args, **kwargs):
        if "/site" in str(dest) or ".site.new-" in str(dest):
            raise OSError(18, "Invalid cross-device link")
        return real(source, dest, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "link", refused)
        state = read_cache(bodyedit.state_file(p.root, p.site.resolve()))
        assert bodyedit.build(p.root, (p.root / "mkdocs.yml").resolve(), p.site.resolve(), TODAY) is None
    assert tree(p.site) == before, "the live site untouched"
    assert read_cache(bodyedit.state_file(p.root, p.site.resolve())) == state
    assert not [f for f in p.site.parent.iterdir() if f.name.startswith(".site.new-")], "the half-made folder is gone"
    assert p.build()
    p.check("after a refused link")


def test_a_title_that_reads_like_a_feed_element_is_not_taken_for_one(tmp_path, project):
    """The export holds titles as written: one reading `<content:encoded>` or a `<guid>`
    does not make the export an RSS feed, so its items still get the new body."""
    p = project()
    p.build()
    stories = p.stories()
    odd, edited = stories[0], stories[1]
    text = (p.root / odd).read_text(encoding="utf-8")
    (p.root / odd).write_text(re.sub(r"\ntitle: .*", '\ntitle: "Bài <content:encoded> <feed> <rss> thử"', text, count=1), encoding="utf-8")
    assert not p.build()
    p.set_body(edited, "Nội dung mới của bài khác.\n")
    assert p.build()
    p.check("an odd title elsewhere in the export")


def test_what_the_spare_holds_that_the_live_site_does_not_goes_to_a_detached_deleter(tmp_path, project):
    """A spare whose files are not the live site's (a site from before a cold build) is
    made its twin without waiting for its files to be freed: they are moved aside and a
    detached process deletes them."""
    import time

    from vinhdanh.site import recycle

    p = project()
    for _ in range(3):  # live, previous, and the spare
        p.build()
    spare = recycle.spare_of(p.root, p.site.resolve())
    assert spare.is_dir()
    for f in [x for x in spare.rglob("*") if x.is_file() and not x.is_symlink()]:
        data = f.read_bytes()
        f.unlink()
        f.write_bytes(data)  # the same bytes, an inode of its own
    (spare / "cu-thua" / "sau").mkdir(parents=True)
    (spare / "cu-thua" / "sau" / "x.html").write_text("cũ", encoding="utf-8")
    rel = p.stories()[0]
    p.set_body(rel, "Sau một bản dựng mới hoàn toàn.\n")
    assert p.build()
    p.check("a stale spare")
    assert not list(p.site.parent.glob(".site.*")), "nothing of ours beside the site, in the web root"
    moved = spare.parent
    deadline = time.monotonic() + 30
    while list(moved.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(moved.glob(".site.old-*")), "the moved files were deleted"
