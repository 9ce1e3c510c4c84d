"""A department project whose one unit export is written by hand (what a hostile or
broken unit could send), imported with the real `vinhdanh import` from a file."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

from sitebuild import copy_project

from vinhdanh.cli import main

TODAY = "2026-11-25"
UNIT_ID = "ttyt-thu-nghiem"
UNIT_NAME = "Trung tâm Y tế huyện Thử Nghiệm"
UNIT_BASE = "https://ttyt-thunghiem.example.vn/"
DEPT_BASE = "https://soyte-thunghiem.example.vn/"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*argv])
    return code, out.getvalue(), err.getvalue()


def exemplar(slug: str, name: str, summary: str, *, date: str = "2026-11-10", position: str = "", unit_name: str = "Khoa Nội", awards: tuple[dict, ...] = ()) -> dict:
    """One item of a unit's JSON Feed export, as `vinhdanh build` of the unit writes it."""
    page = f"{UNIT_BASE}guong-dien-hinh/{slug}/"
    ext = {
        "type": "exemplar",
        "slug": slug,
        "date": date,
        "summary": summary,
        "page_url": page,
        "card_url": f"{UNIT_BASE}guong-dien-hinh/anh/the/{slug}.png",  # absent: imported without an image
        "kind": "individual",
        "name": name,
        "position": position,
        "unit": {"id": "noi", "name": unit_name},
        "fields": [],
        "awards": list(awards),
        "campaigns": [],
    }
    return {"id": page, "url": page, "title": f"{name} – {summary[:30]}", "content_text": summary, "_vinhdanh": ext}


def feed(items: list[dict], **top) -> dict:
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Gương điển hình – {UNIT_NAME}",
        "home_page_url": f"{UNIT_BASE}guong-dien-hinh/",
        "feed_url": f"{UNIT_BASE}guong-dien-hinh/feed.json",
        "_vinhdanh": {"version": 1, "unit": {"id": UNIT_ID, "name": UNIT_NAME}, "base_url": UNIT_BASE},
        "items": items,
        **top,
    }


def department(folder: Path, export: dict) -> Path:
    """The sample project as a department (no stories of its own) with one unit whose
    export is `export`, imported; returns the project root."""
    copy_project(folder)
    for sub in ("exemplars", "campaigns", "events"):
        shutil.rmtree(folder / "content" / sub)
        (folder / "content" / sub).mkdir()
    source = folder / "unit-export" / "feed.json"
    source.parent.mkdir()
    source.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    (folder / "content/site.yml").write_text(
        f"name: Sở Y tế tỉnh Thử Nghiệm\nshort_name: Sở Y tế\nid: so-y-te\nbase_url: {DEPT_BASE}\nparent: Ủy ban nhân dân tỉnh Thử Nghiệm\n"
        f"department:\n  sources:\n    - {{id: {UNIT_ID}, name: {UNIT_NAME}, path: '{source}'}}\n",
        encoding="utf-8",
    )
    config = folder / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {DEPT_BASE}", config.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = run("--root", str(folder), "import")
    assert code == 0 and "đã nhập" in out, out + err
    return folder


def snapshot_file(root: Path) -> Path:
    return root / ".vinhdanh" / "snapshots" / f"{UNIT_ID}.json"


def edit_snapshot(root: Path, change) -> None:
    """A snapshot changed on disk (by hand, or by an older vinhdanh): `change(data)`."""
    path = snapshot_file(root)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build(root: Path, site: Path) -> None:
    code, _out, err = run("--root", str(root), "build", "--today", TODAY, "--site-dir", str(site))
    assert code == 0, err
