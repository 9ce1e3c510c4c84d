"""The shells' proof: a spliced site against every page rendered by the engine itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vinhdanh.cache import shards
from vinhdanh.engine.mkdocs_plugin import render
from vinhdanh.section import prepare


def engine_reference(root: Path, today: dt.date, folder: Path):
    """Every page of the site rendered by MkDocs + Material (the section's too), into `folder`;
    returns the section it was rendered from."""
    shards.forget()
    section = prepare(root, today)
    render(root / "mkdocs.yml", folder, section, oracle=True)
    return section


def differences(reference: Path, site: Path) -> tuple[list[str], list[str]]:
    """(pages compared, those that differ or are missing): every HTML page and the sitemap."""
    names = sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*") if p.suffix == ".html" or p.name.startswith("sitemap.xml"))
    differ = [name for name in names if not (site / name).is_file() or (site / name).read_bytes() != (reference / name).read_bytes()]
    return names, differ
