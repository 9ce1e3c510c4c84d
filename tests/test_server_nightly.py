"""`vinhdanh nightly`: pull (fast-forward only), build, and on failure keep the live
site, say why, and call the alert command."""

from __future__ import annotations

import shlex
import subprocess

import pytest
from serverproject import cli, git, init, publish_story, tree_hash


@pytest.fixture
def server(tmp_path):
    """The server's content repository following a shared bare one, and an editor's clone."""
    work = init(tmp_path / "init")
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(tmp_path / "kho.git")], check=True, timeout=60)
    root = tmp_path / "noidung"
    subprocess.run(["git", "clone", "-q", str(tmp_path / "kho.git"), str(root)], check=True, timeout=60)
    editor = tmp_path / "bien-tap"
    subprocess.run(["git", "clone", "-q", str(tmp_path / "kho.git"), str(editor)], check=True, timeout=60)
    return root, editor, tmp_path / "www" / "site", tmp_path / "alert.txt"


def _nightly(root, site, alert) -> tuple[int, str]:
    status, _, err = cli("--root", str(root), "nightly", "--site-dir", str(site), "--alert", f"cat > {shlex.quote(str(alert))}")
    return status, err


def _push(editor, message: str) -> None:
    git(editor, "add", "-A")
    git(editor, "commit", "-qm", message)
    git(editor, "push", "-q")


def test_nightly_pulls_builds_and_on_a_content_error_keeps_the_live_site_and_alerts(server):
    root, editor, site, alert = server
    publish_story(editor)
    _push(editor, "Bài: Nguyễn Thị Lan")
    status, err = _nightly(root, site, alert)
    assert status == 0, err
    assert (site / "guong-dien-hinh/nguyen-thi-lan/index.html").is_file()  # pulled, then built
    assert not alert.exists()

    live = tree_hash(site)
    story = next(editor.glob("content/exemplars/*/nguyen-thi-lan/index.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("unit: khoa-nhi", "unit: khoa-khong-co"), encoding="utf-8")
    _push(editor, "Sửa bài (có lỗi)")
    status, err = _nightly(root, site, alert)
    assert status == 1
    assert tree_hash(site) == live  # the live site, byte for byte
    reason = alert.read_text(encoding="utf-8")
    assert "khoa-khong-co" in reason and "index.md" in reason  # which file, which value
    assert "trang đang chạy giữ nguyên" in reason
    assert "THẤT BẠI" in err and "khoa-khong-co" in err  # the journal has it too
    assert git(root, "log", "-1", "--format=%s") == "Sửa bài (có lỗi)\n"  # it did pull

    # systemd's OnFailure= unit: the reason the failed run kept, to the same command
    alert.unlink()
    status, _, err = cli("--root", str(root), "alert", "--command", f"cat > {shlex.quote(str(alert))}")
    assert status == 0, err
    assert "khoa-khong-co" in alert.read_text(encoding="utf-8") and "journalctl -u vinhdanh-build.service" in alert.read_text(encoding="utf-8")


def test_a_change_made_on_the_server_is_never_merged_over(server):
    """Fast-forward only: content edited on the server and in the shared repository
    is reported, not merged by a job nobody watches."""
    root, editor, site, alert = server
    publish_story(editor)
    _push(editor, "Bài trên kho chung")
    (root / "pages/index.md").write_text("---\ntitle: Trang chủ\n---\n\n# Sửa trên máy chủ\n", encoding="utf-8")
    git(root, "commit", "-qam", "Sửa trên máy chủ")
    head = git(root, "rev-parse", "HEAD")
    status, _ = _nightly(root, site, alert)
    assert status == 1
    assert git(root, "rev-parse", "HEAD") == head  # nothing merged
    assert "fast-forward" in alert.read_text(encoding="utf-8")
    assert "Sửa trên máy chủ" in (site / "index.html").read_text(encoding="utf-8")  # what is here was still built


def test_without_a_remote_nightly_just_builds(tmp_path):
    root = init(tmp_path / "noidung")
    status, err = _nightly(root, tmp_path / "site", tmp_path / "alert.txt")
    assert status == 0, err
    assert (tmp_path / "site/index.html").is_file() and not (tmp_path / "alert.txt").exists()


def test_an_alert_that_fails_is_reported_and_the_exit_stays_non_zero(tmp_path):
    root = init(tmp_path / "noidung")
    (root / "content/units.yml").write_text("- id: x\n", encoding="utf-8")  # broken
    status, _, err = cli("--root", str(root), "nightly", "--site-dir", str(tmp_path / "site"), "--alert", "exit 3")
    assert status == 1
    assert "lệnh báo động `exit 3` thoát với mã 3" in err
    assert not (tmp_path / "site").exists()
