"""The extras written by a forked child while the engine renders: results, failures
and cancellation reach the parent, and a failed child fails the build."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sitebuild import TODAY, copy_project
from test_incremental import Builds

from vinhdanh import forked, pipeline
from vinhdanh.forked import Forked, ForkedError
from vinhdanh.outputs import feeds
from vinhdanh.photos import PhotoError

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")


def test_the_child_returns_its_result_and_shares_nothing_back(tmp_path):
    seen: list[str] = []

    def work() -> dict:
        seen.append("child")
        (tmp_path / "written").write_text("từ tiến trình con", encoding="utf-8")
        return {"pid": os.getpid(), "photos": 0.5}

    result = Forked(work).join()
    assert result["pid"] != os.getpid() and result["photos"] == 0.5
    assert (tmp_path / "written").read_text(encoding="utf-8") == "từ tiến trình con"
    assert seen == []  # the child's memory is its own


def test_the_childs_exception_is_raised_in_the_parent():
    def work():
        raise PhotoError("anh-hong.jpg: OSError: disk full")

    with pytest.raises(PhotoError, match="disk full"):
        Forked(work).join()


def test_a_child_that_dies_is_an_error_not_a_hang():
    def work():
        os._exit(3)

    with pytest.raises(ForkedError):
        Forked(work).join()


def test_cancel_stops_a_running_child(tmp_path):
    def work():
        time.sleep(30)
        (tmp_path / "late").write_text("x")

    child = Forked(work)
    started = time.perf_counter()
    child.cancel()
    assert time.perf_counter() - started < 5
    assert not (tmp_path / "late").exists()


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.can_fork()
    finally:
        stop.set()
        thread.join()
    assert forked.can_fork()


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("photos")


def test_extras_failing_in_the_child_fail_the_build_and_keep_the_live_site(tmp_path, photos, monkeypatch):
    from mkdocs.commands import build as mkdocs_build

    engines = mkdocs_build._build_theme_template  # MkDocs' own theme-template builder
    b = Builds(tmp_path, photos)
    b.incremental()
    live = {p.relative_to(b.site): p.read_bytes() for p in b.site.rglob("*") if p.is_file()}
    b.edit("content/exemplars/2024/ho-van-tam.md", "\n---\n", "\n---\n\nĐoạn mới.\n\n")

    def broken(section, site_dir):
        raise OSError("ổ đĩa đầy")

    monkeypatch.setattr(feeds, "write_feeds", broken)
    with pytest.raises(Exception, match="ổ đĩa đầy"):
        b.incremental()
    assert {p.relative_to(b.site): p.read_bytes() for p in b.site.rglob("*") if p.is_file()} == live
    assert not [p for p in b.site.parent.iterdir() if ".new-" in p.name]  # the half-built folder is gone
    assert mkdocs_build._build_theme_template is engines  # the reuse hook is gone with the failed build


def test_a_process_forked_later_waits_for_an_earlier_child_to_end(tmp_path):
    """The extras' child waits for the photo renderer, its sibling, which it cannot join."""

    def slow() -> int:
        time.sleep(0.5)
        (tmp_path / "rendered").write_text("xong", encoding="utf-8")
        return 7

    first = Forked(slow)

    def later() -> bool:
        first.wait_done()
        return (tmp_path / "rendered").exists()

    assert Forked(later).join() is True
    assert first.join() == 7  # its result still reaches the parent


def test_a_sibling_waiting_for_a_child_with_a_large_result_does_not_hang():
    """A result bigger than a pipe holds (a thousand failed cards' messages): the child
    cannot leave before `join` reads it, so waiting must not mean waiting for it to leave."""
    first = Forked(lambda: "x" * 1_000_000)

    def later() -> str:
        signal.alarm(20)  # a hang ends this child: `join` below then fails instead of hanging
        first.wait_done()
        signal.alarm(0)
        return "không treo"

    second = Forked(later)
    started = time.perf_counter()
    assert second.join() == "không treo" and time.perf_counter() - started < 30
    assert len(first.join()) == 1_000_000


def _cold(folder: Path, early: bool, monkeypatch) -> tuple[Path, object]:
    """A first build of the sample project: no `.cache/` at all."""
    from vinhdanh.cache import shards
    from vinhdanh.photos.write import lacks_files
    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    root = copy_project(folder / "p")
    shards.forget()
    section = prepare(root, TODAY)
    assert lacks_files(section.images.plan)
    if early:
        section.images.start_rendering()
    else:
        monkeypatch.setattr(forked, "can_fork", lambda: False)  # everything in order, in this process
    try:
        build_into(root / "mkdocs.yml", folder / "site", section, reuse=False)
    finally:
        section.stop_extras()
        monkeypatch.undo()
    return folder / "site", section


def test_photos_rendered_from_the_start_give_the_site_a_build_in_order_gives(tmp_path, monkeypatch):
    from test_incremental import tree

    from vinhdanh.photos.write import lacks_files

    early, section = _cold(tmp_path / "early", True, monkeypatch)
    assert not lacks_files(section.images.plan)
    in_order, _ = _cold(tmp_path / "in-order", False, monkeypatch)
    ours, reference = tree(early), tree(in_order)
    assert ours == reference, sorted(k for k in ours.keys() | reference.keys() if ours.get(k) != reference.get(k))[:10]
    card = next(iter(section.images.plan.cards.values()))
    rss = (early / section.urls.rss).read_text(encoding="utf-8")
    assert f'length="{(early / card.url).stat().st_size}"' in rss or card.url not in rss  # enclosures: the written card's length


def test_a_failed_photo_renderer_fails_the_build_and_leaves_no_child(tmp_path, monkeypatch):
    from vinhdanh.cache import shards
    from vinhdanh.photos import render
    from vinhdanh.section import prepare
    from vinhdanh.site.build import build_into

    def broken(cards, photo):
        raise OSError("ổ đĩa đầy")

    monkeypatch.setattr(render, "draw_cards", broken)  # in the renderer's pool, forked from here
    root = copy_project(tmp_path / "p")
    shards.forget()
    section = prepare(root, TODAY)
    section.images.start_rendering()
    try:
        with pytest.raises(PhotoError, match="ổ đĩa đầy"):
            build_into(root / "mkdocs.yml", tmp_path / "site", section, reuse=False)
    finally:
        section.stop_extras()
    assert not (tmp_path / "site").exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child reaped


@pytest.mark.parametrize("count", [0, 1, 3, 200, 2048, 5001])
def test_shared_tasks_are_each_taken_once_by_one_of_two_processes(count):
    """forked.Shares: the child and this process take tasks as they get free; every task
    is taken, none twice, and a process with nothing left is told so at once. Over 2,048
    tasks (what a pipe holds) a token stands for a run of them."""
    from vinhdanh.forked import Shares

    shares = Shares(count)

    def take_all() -> list[int]:
        taken = []
        for index in shares.taken():
            taken.append(index)
            time.sleep(0.0001 if index % 7 else 0)  # both get some
        return taken

    child = Forked(take_all)
    mine = take_all()
    theirs = child.join()
    shares.close()
    assert sorted(mine + theirs) == list(range(count))
    assert not set(mine) & set(theirs)
    assert list(shares.taken()) == []  # closed: nothing more, no error


def test_an_extra_failing_in_the_build_process_fails_the_build_and_leaves_no_child(tmp_path, photos, monkeypatch):
    """The export or the blocks may go to the build process itself (forked.Shares): when one
    fails there, the child still writing the others is stopped and reaped, and the live
    site stays as it was."""
    from vinhdanh.section import Section

    b = Builds(tmp_path, photos)
    b.incremental()
    live = {p.relative_to(b.site): p.read_bytes() for p in b.site.rglob("*") if p.is_file()}
    b.edit("content/exemplars/2024/ho-van-tam.md", "\n---\n", "\n---\n\nĐoạn mới.\n\n")
    parent = os.getpid()
    writes = Section._write_photos_and_feeds

    def slow_in_the_child(self, site_dir):  # the child stays busy: the build takes what is left
        if os.getpid() != parent:
            time.sleep(3)
        writes(self, site_dir)

    def broken_here(self, site_dir):
        if os.getpid() == parent:
            raise OSError("ổ đĩa đầy")

    monkeypatch.setattr(Section, "_write_photos_and_feeds", slow_in_the_child)
    monkeypatch.setattr(Section, "_write_blocks", broken_here)
    with pytest.raises(Exception, match="ổ đĩa đầy"):
        b.incremental()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the child was stopped and reaped, not left writing
    assert {p.relative_to(b.site): p.read_bytes() for p in b.site.rglob("*") if p.is_file()} == live


def _site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_build_process_renders_the_photos_left_instead_of_waiting(tmp_path, monkeypatch):
    """render/images.py: one forked child renders the photos and cards the cache lacks;
    the build process, once its pages are written, takes the tasks nobody took yet
    (forked.Shares) rather than wait for them. No task is taken twice, and the site is
    the one a build rendering every photo in one process makes."""
    from vinhdanh.photos import render

    root = copy_project(tmp_path / "p")
    log = tmp_path / "rendered.log"
    parent, run = os.getpid(), render.run

    def logged(task):
        if os.getpid() != parent:
            time.sleep(1.0)  # a slow renderer (~17 tasks): the build process gets to the photos first, even on a slow box
        with log.open("a") as handle:
            handle.write(f"{os.getpid()} {task.source} {[c.slug for c in task.cards]}\n")
        return run(task)

    monkeypatch.setattr(render, "run", logged)
    pipeline.build(root, root / "mkdocs.yml", tmp_path / "site", TODAY)
    lines = log.read_text().splitlines()
    twice = [task for task, n in Counter(line.split(" ", 1)[1] for line in lines).items() if n > 1]
    # At most one task twice: the one the build process may still hold when the renderer
    # ends, which the extras' child renders too rather than wait (render/images.py).
    assert len(twice) <= 1, twice
    assert {int(line.split()[0]) for line in lines} > {parent}  # both processes rendered

    monkeypatch.setattr(render, "run", run)
    monkeypatch.setattr(forked, "can_fork", lambda: False)  # every photo in this process
    clean = copy_project(tmp_path / "q")
    pipeline.build(clean, clean / "mkdocs.yml", tmp_path / "clean", TODAY)
    assert _site_files(tmp_path / "site") == _site_files(tmp_path / "clean")


_BROKEN: dict = {"parent": 0, "everywhere": False, "run": None, "log": None}  # module level: a pool pickles the function by name


def _render_or_fail(task):
    if os.getpid() != _BROKEN["parent"] and not _BROKEN["everywhere"]:
        time.sleep(1.0)  # a slow renderer: the build process helps
    if task.source is not None and (_BROKEN["everywhere"] or os.getpid() == _BROKEN["parent"]):
        with open(_BROKEN["log"], "a") as log:
            log.write(f"{os.getpid()}\n")
        raise OSError(f"ảnh hỏng: {task.source.name}")
    return _BROKEN["run"](task)


def test_a_photo_failing_while_the_build_process_helps_fails_the_build(tmp_path, monkeypatch):
    """A task the build process took and could not render is not lost: the photos are
    placed only once every file is there, so it is rendered again (a passing failure
    leaves a whole site), and a photo that cannot be rendered anywhere fails the build,
    named; the site is not made and no child is left."""
    from vinhdanh.photos import render

    monkeypatch.setitem(_BROKEN, "parent", os.getpid())
    monkeypatch.setitem(_BROKEN, "run", render.run)
    monkeypatch.setitem(_BROKEN, "log", tmp_path / "failed.log")
    monkeypatch.setattr(render, "run", _render_or_fail)
    root = copy_project(tmp_path / "p")
    pipeline.build(root, root / "mkdocs.yml", tmp_path / "site", TODAY)
    failed = (tmp_path / "failed.log").read_text().split()
    assert failed and set(failed) == {str(os.getpid())}  # the build process took photo tasks and failed them
    with monkeypatch.context() as m:
        m.setattr(render, "run", _BROKEN["run"])
        m.setattr(forked, "can_fork", lambda: False)
        clean = copy_project(tmp_path / "q")
        pipeline.build(clean, clean / "mkdocs.yml", tmp_path / "clean", TODAY)
    assert _site_files(tmp_path / "site") == _site_files(tmp_path / "clean")

    monkeypatch.setitem(_BROKEN, "everywhere", True)
    root = copy_project(tmp_path / "r")
    with pytest.raises(pipeline.BuildFailed, match=r"ảnh hỏng: .*\.(jpg|png)"):
        pipeline.build(root, root / "mkdocs.yml", tmp_path / "site-r", TODAY)
    assert not (tmp_path / "site-r").exists()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child reaped
