"""Build the sample site once per test session (shared by page, feed and browser tests)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
_built: dict[str, object] = {}


def sample_site() -> tuple[Path, object]:
    """(site folder, Section) of the sample content built for TODAY."""
    if "site" not in _built:
        from vinhdanh.section import prepare
        from vinhdanh.site.build import build_into

        section = prepare(ROOT, TODAY)
        folder = Path(tempfile.mkdtemp(prefix="vinhdanh-sample-")) / "site"
        build_into(ROOT / "mkdocs.yml", folder, section)
        _built["site"], _built["section"] = folder, section
    return _built["site"], _built["section"]


def copy_project(target: Path) -> Path:
    """A copy of the project's content and config, to change without touching the repo."""
    for name in ("content", "pages", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def project_copy(target: Path) -> Path:
    """copy_project() plus the repository's photo cache, so that a build stays quick."""
    copy_project(target)
    if (ROOT / ".cache" / "photos").is_dir():
        shutil.copytree(ROOT / ".cache" / "photos", target / ".cache" / "photos")
    return target


SAMPLE_BASE_URL = "https://benhvien-songhau.example.vn/"


def rebase(root: Path, base_url: str) -> Path:
    """The copied project at `base_url` (a sub-path of the hospital's domain, say) instead of the sample's."""
    for rel in ("content/site.yml", "mkdocs.yml"):
        text = (root / rel).read_text(encoding="utf-8")
        assert SAMPLE_BASE_URL in text
        (root / rel).write_text(text.replace(SAMPLE_BASE_URL, base_url), encoding="utf-8")
    return root
