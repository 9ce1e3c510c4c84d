"""deploy/history.py: which build is live: the content's commit (asked of git while the
build runs) and the version of vinhdanh that made it."""

from __future__ import annotations

import subprocess
from importlib.metadata import version

from vinhdanh.deploy import history


def _git(root, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def test_the_commit_is_heads_with_a_plus_for_changed_files_and_empty_outside_git(tmp_path):
    root = tmp_path / "noidung"
    root.mkdir()
    assert history.content_commit(root) == ""  # not a repository: no commit, no error
    _git(root, "init", "-q")
    (root / "bai.md").write_text("một\n", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.vn", "commit", "-qm", "một")
    head = _git(root, "rev-parse", "HEAD").strip()
    query = history.CommitQuery(root)  # asked when a build starts ...
    (root / "bai.md").write_text("hai\n", encoding="utf-8")
    assert query.result() in (head, head + "+")  # ... answered at its end, from what git saw
    assert history.content_commit(root) == head + "+"
    assert not (root / ".git" / "index.lock").exists()


def test_the_recorded_version_is_the_installed_one():
    assert history._version() == version("vinhdanh")  # __version__ and pyproject agree
