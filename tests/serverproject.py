"""A small content repository made by `vinhdanh init`, for the server tests: it
builds in seconds (no photos), with git, as a hospital's would be."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import subprocess
from pathlib import Path

TODAY = dt.date(2026, 11, 25)
NAME = "Bệnh viện Đa khoa tỉnh Thử Nghiệm"


def cli(*args: str) -> tuple[int, str, str]:
    """(status, stdout, stderr) of the real CLI, in this process."""
    from vinhdanh.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def init(target: Path, *extra: str) -> Path:
    from vinhdanh.deploy.init import Answers, init_command

    answers = Answers(NAME, "BVĐK Thử Nghiệm", "Số 1 đường Trần Hưng Đạo", "https://bv.example.vn/", ("Khoa Nhi", "Phòng Tổ chức cán bộ"))
    with contextlib.redirect_stdout(io.StringIO()):
        assert init_command(target, answers, interactive=False, today=TODAY) == 0
    return target


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@localhost"}
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def publish_story(root: Path, name: str = "Nguyễn Thị Lan", unit: str = "khoa-nhi") -> Path:
    """A published story, as an editor writes it with `vinhdanh new`."""
    from vinhdanh.scaffold import create

    with contextlib.redirect_stdout(io.StringIO()):
        assert create(root, "exemplar", name, TODAY) == 0
    story = next(root.glob("content/exemplars/*/nguyen-thi-lan/index.md"))
    text = story.read_text(encoding="utf-8").replace("status: draft", "status: published").replace("\nconsent:", "\nconsent: true", 1)
    story.write_text(text.replace("unit: khoa-nhi", f"unit: {unit}"), encoding="utf-8")
    return story


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
