"""`vinhdanh rollback` and `status`: the previous build is kept whole, on purpose, and
comes back in one step."""

from __future__ import annotations

import os

from serverproject import TODAY, cli, git, init, publish_story, tree_hash

from vinhdanh.site.swap import previous_of


def _build(root, site) -> None:
    status, _, err = cli("--root", str(root), "build", "--site-dir", str(site), "--today", TODAY.isoformat())
    assert status == 0, err


def test_rollback_puts_the_previous_build_back_and_a_second_one_undoes_it(tmp_path):
    root, site = init(tmp_path / "noidung"), tmp_path / "www" / "site"
    _build(root, site)
    first = tree_hash(site)
    status, _, err = cli("--root", str(root), "rollback", "--site-dir", str(site))
    assert status == 1 and "chưa có bản dựng trước" in err  # one build: nothing to go back to

    publish_story(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Bài: Nguyễn Thị Lan")
    commit = git(root, "rev-parse", "HEAD").strip()
    _build(root, site)
    second = tree_hash(site)
    assert (site / "guong-dien-hinh/nguyen-thi-lan/index.html").is_file()
    status, out, _ = cli("--root", str(root), "builds", "--site-dir", str(site))
    live, before = out.splitlines()
    assert commit[:12] in live and commit[:12] not in before

    inode = os.stat(site).st_ino
    status, out, err = cli("--root", str(root), "rollback", "--site-dir", str(site))
    assert status == 0, err
    assert tree_hash(site) == first  # byte for byte the first build
    assert os.stat(site).st_ino != inode  # a swap of folders, not a copy into the live one
    assert not (site / "guong-dien-hinh/nguyen-thi-lan").exists()
    status, out, _ = cli("--root", str(root), "builds", "--site-dir", str(site))
    live, before = out.splitlines()
    assert commit[:12] not in live and commit[:12] in before

    assert cli("--root", str(root), "rollback", "--site-dir", str(site))[0] == 0
    assert tree_hash(site) == second


def test_the_previous_site_is_never_the_next_builds_working_folder(tmp_path):
    """The previous site must survive the next build untouched, so a rollback after it
    still gives that build whole."""
    root, site = init(tmp_path / "noidung"), tmp_path / "www" / "site"
    _build(root, site)
    publish_story(root)
    _build(root, site)
    second = tree_hash(site)
    (root / "pages/index.md").write_text((root / "pages/index.md").read_text(encoding="utf-8") + "\nMột dòng mới.\n", encoding="utf-8")
    _build(root, site)
    _build(root, site)
    assert previous_of(root, site).is_dir()
    assert previous_of(root, site).parent == root / ".vinhdanh" / "previous-sites"  # not beside the site, in the web root
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]
    assert cli("--root", str(root), "rollback", "--site-dir", str(site))[0] == 0
    assert "Một dòng mới." in (site / "index.html").read_text(encoding="utf-8")  # the third build
    assert cli("--root", str(root), "rollback", "--site-dir", str(site))[0] == 0
    _build(root, site)  # after rollbacks, a build still makes the current content
    assert (site / "guong-dien-hinh/nguyen-thi-lan/index.html").is_file()
    assert tree_hash(site) != second
