"""content/reading/halves.py: `vinhdanh validate` reads its stories on both cores and says
exactly what an in-order read says: the same stories, the same diagnostics in the same order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import STORY, TODAY, Project

from vinhdanh.cli import main
from vinhdanh.content.reading import halves
from vinhdanh.content.reading.run import Run

STORIES = 12


def many_stories(project: Project) -> None:
    """Twelve stories beside the sample one; some with an error or a warning, in both halves."""
    for i in range(STORIES):
        text = STORY.replace("name: Nguyễn Thị Lan", f"name: Người Thứ {i}")
        if i % 4 == 1:
            text = text.replace("status: published", "status: publish")  # an error
        if i % 5 == 2:
            text = text.replace("date: 2025-06-12", "date: 2025-02-30")  # another
        if i == STORIES - 1:
            text = text.replace("unit: hstc", "unit: khong-co")  # in the child's part
        project.write(f"content/exemplars/2025/nguoi-{i:02d}.md", text)


def validated(project: Project, capsys, monkeypatch, split: bool) -> tuple[int, dict, str]:
    monkeypatch.setattr(halves, "SPLIT_FROM", 2 if split else 10**9)
    status = main(["--root", str(project.root), "validate", "--format", "json", "--today", TODAY])
    out = capsys.readouterr().out
    status_text = main(["--root", str(project.root), "validate", "--today", TODAY])
    return status, json.loads(out), capsys.readouterr().out + str(status_text)


def test_split_validate_says_what_an_in_order_read_says(project: Project, capsys, monkeypatch) -> None:
    many_stories(project)
    forks = []
    real = halves.Forked
    monkeypatch.setattr(halves, "Forked", lambda work: forks.append(1) or real(work))
    in_order = validated(project, capsys, monkeypatch, split=False)
    assert not forks
    split = validated(project, capsys, monkeypatch, split=True)
    assert forks, "the second half was read by a child"
    assert split == in_order
    assert in_order[0] == 1 and len(in_order[1]["diagnostics"]) >= 5  # errors from both halves


def read_with_pid(path: Path) -> tuple[str, int]:
    return (path.name, os.getpid())


def files_of(tmp_path: Path, n: int) -> list[Path]:
    return [tmp_path / f"s{i:02d}.md" for i in range(n)]


def test_the_child_reads_the_tail_and_the_order_is_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(halves, "SPLIT_FROM", 2)
    files = files_of(tmp_path, 15)
    run = Run(tmp_path, None)  # type: ignore[arg-type]
    got = halves.read_stories(run, files, read_with_pid)
    assert [name for name, _ in got] == [f.name for f in files]
    pids = [pid for _, pid in got]
    assert pids[0] == os.getpid() and pids[-1] != os.getpid()
    assert pids.count(os.getpid()) == len(files) - round(len(files) * halves.CHILD_SHARE)


def test_a_child_that_dies_leaves_its_part_to_be_read_here(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(halves, "SPLIT_FROM", 2)
    files = files_of(tmp_path, 10)
    parent = os.getpid()
    run = Run(tmp_path, None)  # type: ignore[arg-type]

    def read(path: Path):
        if os.getpid() != parent:
            os._exit(9)  # killed midway, as the OOM killer would
        run.add(path.name, 1, 1, "E000", "x")
        run.files += 1
        return path.name

    assert halves.read_stories(run, files, read) == [f.name for f in files]
    assert [d.path for d in run.diagnostics] == [f.name for f in files] and run.files == len(files)


def test_an_error_in_the_child_is_raised_here(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(halves, "SPLIT_FROM", 2)
    files = files_of(tmp_path, 10)
    parent = os.getpid()

    def read(path: Path):
        if os.getpid() != parent and path == files[-1]:
            raise ValueError("hỏng ở tiến trình con")
        return path.name

    with pytest.raises(ValueError, match="hỏng ở tiến trình con"):
        halves.read_stories(Run(tmp_path, None), files, read)  # type: ignore[arg-type]


def test_a_diagnostic_and_count_of_the_child_reach_the_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(halves, "SPLIT_FROM", 2)
    files = files_of(tmp_path, 10)
    run = Run(tmp_path, None)  # type: ignore[arg-type]
    run.add("before", 0, 0, "E001", "đã có")

    def read(path: Path):
        run.add(path.name, 1, 1, "W000", str(os.getpid()), severity="warning")
        run.files += 2
        return None if path == files[3] else path.name

    got = halves.read_stories(run, files, read)
    assert got == [f.name for f in files if f != files[3]]
    assert [d.path for d in run.diagnostics] == ["before", *(f.name for f in files)]
    assert len({d.message for d in run.diagnostics[1:]}) == 2 and run.files == 2 * len(files)


def test_a_cold_build_read_on_both_cores_keeps_every_story_and_photo_check(project: Project, monkeypatch) -> None:
    """Through the read cache (a build): the same result as an in-order read, and every
    entry and photo check the child made is kept, so the next read reads nothing again."""
    import datetime as dt
    import io

    from PIL import Image

    from vinhdanh.cache.readcache import for_project
    from vinhdanh.content import imagecheck
    from vinhdanh.content.reader import load

    many_stories(project)
    photo = io.BytesIO()
    Image.effect_noise((64, 48), 60).convert("RGB").save(photo, "JPEG")
    project.write("content/exemplars/2025/anh.jpg", photo.getvalue())
    last = f"content/exemplars/2025/nguoi-{STORIES - 2:02d}.md"  # in the child's part
    project.edit(last, "tags: [điều dưỡng, hồi sức]\n", "tags: [điều dưỡng, hồi sức]\nphoto: anh.jpg\nphoto_alt: Ảnh\n")
    today = dt.date.fromisoformat(TODAY)

    def read(split: bool, cache: bool):
        monkeypatch.setattr(halves, "SPLIT_FROM", 2 if split else 10**9)
        reads = for_project(project.root) if cache else None
        return load(project.root, today, reads=reads), reads

    in_order, _ = read(split=False, cache=False)
    split, reads = read(split=True, cache=True)
    assert reads is not None and reads.misses == STORIES + 1 and reads.hits == 0
    assert split.diagnostics == in_order.diagnostics and split.files_checked == in_order.files_checked
    assert split.content == in_order.content
    again, reads = read(split=True, cache=True)
    assert reads is not None and reads.misses == 0 and reads.hits == STORIES + 1
    assert again.diagnostics == in_order.diagnostics and again.content == in_order.content
    # The photo the child checked is known: a new story showing it, read here, does not decode it again.
    project.write("content/exemplars/2025/moi.md", project.path(last).read_text(encoding="utf-8").replace("Người Thứ", "Người Mới"))
    decoded: list[Path] = []
    real = imagecheck.inspect
    monkeypatch.setattr(imagecheck, "inspect", lambda path, *a: decoded.append(path) or real(path, *a))
    _, reads = read(split=False, cache=True)
    assert reads is not None and reads.misses == 1 and decoded == []
