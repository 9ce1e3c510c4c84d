"""`vinhdanh init`: a new content repository that validates and builds at once."""

from __future__ import annotations

import filecmp

from serverproject import NAME, TODAY, cli, git, init
from sitebuild import ROOT


def test_a_new_repository_validates_builds_and_keeps_the_sample_private(tmp_path):
    root = init(tmp_path / "noidung")
    status, out, err = cli("--root", str(root), "validate")
    assert status == 0, out + err
    status, out, err = cli("--root", str(root), "build", "--today", TODAY.isoformat())
    assert status == 0, err
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert NAME in home and "Số 1 đường Trần Hưng Đạo" in home  # footer from content/site.yml
    sample = root / "content/exemplars/2026/bai-mau/index.md"
    text = sample.read_text(encoding="utf-8")
    assert "BÀI MẪU" in text and "\nstatus: draft\n" in text  # marked, and a draft
    assert not (root / "site/guong-dien-hinh/bai-mau").exists()  # never on the public site
    assert "bai-mau" not in (root / "site/sitemap.xml").read_text(encoding="utf-8")
    units = (root / "content/units.yml").read_text(encoding="utf-8")
    assert "kind: khoa" in units and "kind: phong" in units
    assert git(root, "log", "--format=%s") == "Kho nội dung mới (vinhdanh init)\n"
    assert git(root, "status", "--porcelain") == ""  # the build's site/ and .cache/ are ignored


def test_every_missing_answer_is_reported_at_once_and_nothing_is_written(tmp_path):
    status, _, err = cli("init", str(tmp_path / "x"), "--no-input", "--base-url", "benhvien.vn")
    assert status == 1
    assert "`--name`" in err and "`--base-url`" in err and "`--unit`" in err
    assert not (tmp_path / "x").exists()


def test_init_never_writes_into_a_folder_with_files(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "mkdocs.yml").write_text("site_name: của tôi\n", encoding="utf-8")
    status, _, err = cli("init", str(tmp_path / "x"), "--no-input", "--name", "A", "--base-url", "https://a.vn/", "--unit", "Khoa Nhi")
    assert status == 1 and "không ghi đè" in err
    assert (tmp_path / "x" / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: của tôi\n"


def test_a_department_repository_builds(tmp_path):
    status, _, err = cli("init", str(tmp_path / "so"), "--no-input", "--so-y-te", "--name", "Sở Y tế tỉnh Thử", "--base-url", "https://soyte.example.vn/tin/", "--unit", "Phòng Nghiệp vụ Y")
    assert status == 0, err
    assert "department:" in (tmp_path / "so/content/site.yml").read_text(encoding="utf-8")
    status, _, err = cli("--root", str(tmp_path / "so"), "build", "--today", TODAY.isoformat())
    assert status == 0, err


def test_the_packaged_overrides_are_the_projects():
    """init copies overrides/ from the package: they must not drift from the project's."""
    packaged = ROOT / "scripts/vinhdanh/deploy/files/starter/overrides"
    compared = filecmp.dircmp(ROOT / "overrides", packaged)

    def differences(c: filecmp.dircmp) -> list[str]:
        found = c.left_only + c.right_only + c.diff_files
        return found + [d for sub in c.subdirs.values() for d in differences(sub)]

    assert differences(compared) == []
