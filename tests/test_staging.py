"""Stray staging folders: what a killed build leaves is removed by the next build,
and a folder that a build running at the same moment still writes is never touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitebuild import TODAY, copy_project, sample_site

from vinhdanh.outputs.search import SCRATCH_PREFIX
from vinhdanh.site import staging

HOLD = """
import sys, time
from pathlib import Path
from vinhdanh.site import staging
claim = staging.claim(Path(sys.argv[1]), sys.argv[2])
(claim.path / "half-written.html").write_text("<html>")
print(claim.path, flush=True)
sys.stdin.read()  # hold the folder until the test closes stdin (or kills us)
"""


def _holder(parent: Path, prefix: str) -> tuple[subprocess.Popen, Path]:
    """Another process, standing for a build that is running: it holds a folder it is writing."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(parent), prefix], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc, Path(proc.stdout.readline().strip())


def _build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vinhdanh.cli", "build", "--today", TODAY.isoformat(), "--site-dir", str(site)], cwd=project, capture_output=True, text=True, timeout=300)


def test_sweep_removes_unheld_folders_only(tmp_path):
    held = staging.claim(tmp_path, ".site.new-")
    dead = tmp_path / ".site.new-dead1234"  # as left by a build that was killed (no lock survives a process)
    (dead / "guong-dien-hinh").mkdir(parents=True)
    (dead / "guong-dien-hinh" / "index.html").write_text("<html>")
    other = tmp_path / ".other.new-x"
    other.mkdir()
    link = tmp_path / ".site.new-link"
    link.symlink_to(other)
    assert staging.sweep(tmp_path, ".site.new-") == [dead]
    assert held.path.is_dir() and not dead.exists() and other.is_dir() and link.is_symlink()
    held.release()
    assert staging.sweep(tmp_path, ".site.new-") == [held.path]
    assert other.is_dir()


def test_folder_held_by_another_process_survives_until_it_dies(tmp_path):
    proc, held = _holder(tmp_path, ".site.new-")
    try:
        assert staging.sweep(tmp_path, ".site.new-") == [] and (held / "half-written.html").is_file()
    finally:
        proc.kill()  # SIGKILL: no clean-up code runs, as in a power cut
        proc.wait()
    assert staging.sweep(tmp_path, ".site.new-") == [held]


def test_next_build_removes_what_a_killed_build_left_but_not_a_running_ones(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "www" / "site"
    assert _build(project, site).returncode == 0
    # A build killed while the engine writes its staging folder.
    killed = subprocess.Popen(
        [sys.executable, "-m", "vinhdanh.cli", "build", "--today", TODAY.isoformat(), "--site-dir", str(site)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(site.parent.glob(".site.new-*")) and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.01)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    left = list(site.parent.glob(".site.new-*"))
    assert left, "the killed build left no staging folder (it ended before it could be killed)"
    # A build of another process that is running right now.
    holder, running = _holder(site.parent, ".site.new-")
    try:
        done = _build(project, site)
        assert done.returncode == 0, done.stderr
        assert not any(p.exists() for p in left), "a killed build's staging folder survived the next build"
        assert (running / "half-written.html").is_file(), "the next build removed a running build's folder"
        assert (site / "index.html").is_file() and (site / "guong-dien-hinh" / "index.html").is_file()
    finally:
        holder.stdin.close()
        holder.wait()
    assert _build(project, site).returncode == 0
    assert not list(site.parent.glob(".site.new-*"))
    deadline = time.monotonic() + 60  # the replaced site is deleted by a detached process (swap.py)
    while list(site.parent.glob(".site.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(site.parent.glob(".site.old-*"))


def test_search_scratch_of_a_killed_build_leaves_memory(tmp_path, monkeypatch):
    from vinhdanh.outputs import search

    monkeypatch.setattr(search, "_scratch", lambda: str(tmp_path))
    dead = tmp_path / f"{SCRATCH_PREFIX}dead"
    (dead / "pages").mkdir(parents=True)
    proc, held = _holder(tmp_path, SCRATCH_PREFIX)
    try:
        _, section = sample_site()
        index = search.SearchIndex(section.pages, section.renderer, section.urls, tmp_path / "out")
        assert not dead.exists() and held.is_dir() and index._work.is_dir()
        index.finish()
        assert not index._work.exists() and (tmp_path / "out" / "pagefind.js").is_file()
    finally:
        proc.kill()
        proc.wait()


LOCK_TRASH = """
import fcntl, os, sys
fcntl.flock(os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY), fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()  # a deleter still at work, until the test closes stdin
"""


def test_a_build_never_deletes_the_last_builds_trash_itself(tmp_path):
    """The site a build replaced is deleted by a detached process (swap.py). A build that
    starts while that one still works leaves the folder to it (deleting it here made a
    1,000-story edit 0.35 s slower); one no process deletes goes to a new detached one."""
    from vinhdanh.site.swap import staged

    root, target = tmp_path / "project", tmp_path / "site"
    root.mkdir()
    busy, stale = tmp_path / ".site.old-1-busy", tmp_path / ".site.old-2-stale"
    for trash in (busy, stale):
        (trash / "a" / "b").mkdir(parents=True)
        (trash / "a" / "b" / "index.html").write_text("<html>")
    deleter = subprocess.Popen([sys.executable, "-c", LOCK_TRASH, str(busy)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert deleter.stdout.readline().strip() == "held"
        started = time.monotonic()
        with staged(root, target) as (folder, _):
            (folder / "index.html").write_text("<html>")
            assert (busy / "a" / "b" / "index.html").is_file(), "the build deleted a folder another process was deleting"
        assert time.monotonic() - started < 5
        deadline = time.monotonic() + 60
        while stale.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not stale.exists(), "nobody deleted the stale trash"
        assert busy.is_dir()
    finally:
        deleter.stdin.close()
        deleter.wait()
    with staged(root, target) as (folder, _):  # the deleter gave up: the next build has it deleted
        pass
    deadline = time.monotonic() + 60
    while busy.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not busy.exists()
