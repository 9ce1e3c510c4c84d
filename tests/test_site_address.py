"""One address for the site: `site_url` (mkdocs.yml) follows `base_url` (content/site.yml).

Two different values used to build with exit 0: the 404 page then loaded its CSS from
the wrong prefix and canonical links named the wrong host.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
from pathlib import Path

import html5lib
from sitebuild import TODAY, copy_project

from vinhdanh.cli import main

SUB = "https://benhvien-songhau.example.vn/vinh-danh/"
OTHER = "https://so-y-te.example.vn/benh-vien/"


def run(root: Path, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["--root", str(root), *argv])
    return code, out.getvalue()


def set_key(path: Path, key: str, value: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"(?m)^{key}: ", text), (path, key)
    new = f"{key}: {value}\n" if value is not None else ""
    path.write_text(re.sub(rf"(?m)^{key}: .*\n", new, text), encoding="utf-8")


def test_different_addresses_are_refused_by_validate_build_and_mkdocs(tmp_path):
    project = copy_project(tmp_path / "p")
    set_key(project / "content/site.yml", "base_url", SUB)
    set_key(project / "mkdocs.yml", "site_url", OTHER)
    site = tmp_path / "site"

    code, out = run(project, "validate", "--today", TODAY.isoformat())
    assert code == 1, out
    line = next(n for n, row in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1) if row.startswith("site_url:"))
    assert f"mkdocs.yml:{line}:1: E804 lỗi [site_url]" in out, out
    # both files and both values, and what to do
    assert "content/site.yml:" in out and SUB in out and OTHER in out and "gợi ý: " in out and "xóa dòng `site_url`" in out

    code, out = run(project, "build", "--today", TODAY.isoformat(), "--site-dir", str(site))
    assert code == 1 and "E804" in out and not site.exists(), out

    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "m")], cwd=project, capture_output=True, text=True)
    assert done.returncode != 0 and "E804" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_the_same_address_spelled_differently_builds(tmp_path):
    project = copy_project(tmp_path / "p")
    set_key(project / "content/site.yml", "base_url", SUB)
    set_key(project / "mkdocs.yml", "site_url", "HTTPS://BenhVien-SongHau.example.vn/vinh-danh")
    code, out = run(project, "validate", "--today", TODAY.isoformat())
    assert code == 0, out


def test_without_site_url_the_address_comes_from_base_url(tmp_path):
    """The 404 page's stylesheets and every canonical link follow base_url alone."""
    project = copy_project(tmp_path / "p")
    set_key(project / "content/site.yml", "base_url", SUB)
    set_key(project / "mkdocs.yml", "site_url", None)
    site = tmp_path / "site"
    code, out = run(project, "build", "--today", TODAY.isoformat(), "--site-dir", str(site))
    assert code == 0, out
    missing = html5lib.parse((site / "404.html").read_text(encoding="utf-8"), treebuilder="etree", namespaceHTMLElements=False)
    sheets = [link.get("href") for link in missing.iter("link") if link.get("rel") == "stylesheet"]
    assert sheets and all(href.startswith("/vinh-danh/") for href in sheets), sheets
    for href in sheets:  # each one is a file of the built site
        assert (site / href[len("/vinh-danh/") :].split("?")[0]).is_file(), href
    story = html5lib.parse((site / "guong-dien-hinh/nguyen-thi-lan/index.html").read_text(encoding="utf-8"), treebuilder="etree", namespaceHTMLElements=False)
    canonical = [link.get("href") for link in story.iter("link") if link.get("rel") == "canonical"]
    assert canonical == [f"{SUB}guong-dien-hinh/nguyen-thi-lan/"], canonical
