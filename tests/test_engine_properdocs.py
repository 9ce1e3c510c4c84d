"""The sample site builds with ProperDocs 1.6.x, the maintained drop-in fork of MkDocs 1.6,
into the same files as with MkDocs 1.6.x: the same paths and the same bytes, the section's
pages, the hospital's own pages, feeds, search bundle and sitemap alike.

One difference is expected and allowed: Material writes the engine into every themed page,
`<meta name="generator" content="mkdocs-{{ mkdocs_version }}, ...">`, and ProperDocs sets
that version to "ProperDocs 1.6.7" (so the page says "mkdocs-ProperDocs 1.6.7"). The test
requires that tag to name each engine — the proof that the second build really ran on
ProperDocs — and compares every page with the tag masked.

ProperDocs lives in its own venv (scripts/setup-properdocs.sh, run by scripts/setup.sh)
that shares every other library with .venv. Without it the test skips, naming the command;
under CI=true it fails instead, so CI cannot silently stop building on the second engine.
"""

from __future__ import annotations

import calendar
import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import in_ci
from sitebuild import ROOT, TODAY, project_copy

PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"
# Material's base.html: <meta name="generator" content="mkdocs-{{ mkdocs_version }}, mkdocs-material-X">
GENERATOR = re.compile(rb'<meta name="generator" content="mkdocs-([^"]*), mkdocs-material-[^"]*">')
ENGINE_NAMES = {"mkdocs": re.compile(rb"1\.6\.\d+"), "properdocs": re.compile(rb"ProperDocs 1\.6\.\d+")}


def _properdocs() -> Path:
    if not PROPERDOCS.exists():
        msg = "ProperDocs venv absent (.venv-properdocs): run `bash scripts/setup-properdocs.sh`"
        if in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    return PROPERDOCS


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The same day for the section and for Material's sitemap dates, in both builds.
    env["VINHDANH_TODAY"] = TODAY.isoformat()
    env["SOURCE_DATE_EPOCH"] = str(calendar.timegm(TODAY.timetuple()))
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life notice, on every `mkdocs` run
    return env


def _build_both(tmp_path: Path) -> dict[str, Path]:
    """Both engines build their own copy of the project, side by side (two cores)."""
    commands = {"mkdocs": [sys.executable, "-m", "mkdocs"], "properdocs": [str(_properdocs())]}
    running = {}
    for engine, command in commands.items():
        project = project_copy(tmp_path / engine)  # own copy: no page cache is shared between engines
        log = (tmp_path / f"{engine}.log").open("w")
        proc = subprocess.Popen([*command, "build", "--quiet", "--site-dir", "site"], cwd=project, env=_env(), stdout=log, stderr=subprocess.STDOUT)
        running[engine] = (proc, project, log)
    sites = {}
    for engine, (proc, project, log) in running.items():
        code = proc.wait(timeout=600)
        log.close()
        output = (tmp_path / f"{engine}.log").read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"{engine} build failed ({code}):\n{output[-3000:]}"
        sites[engine] = project / "site"
    return sites


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    sites = _build_both(tmp_path)
    mk, pd = _files(sites["mkdocs"]), _files(sites["properdocs"])

    assert sorted(mk) == sorted(pd), f"files only one engine wrote: {sorted(set(mk) ^ set(pd))}"
    section = [p for p in mk if p.startswith("guong-dien-hinh/") and p.endswith("/index.html")]
    assert len(section) > 40 and "index.html" in mk, "the sample site lost its pages"

    themed, differ = 0, []
    for path, ours in mk.items():
        theirs = pd[path]
        tags = {"mkdocs": GENERATOR.findall(ours), "properdocs": GENERATOR.findall(theirs)}
        if tags["mkdocs"]:
            themed += 1
            for engine, found in tags.items():
                assert len(found) == 1 and ENGINE_NAMES[engine].fullmatch(found[0]), f"{path}: {engine} build says generator {found!r}"
        if GENERATOR.sub(b"GENERATOR", ours) != GENERATOR.sub(b"GENERATOR", theirs):
            differ.append(path)
    assert themed > 40, "Material's generator tag is gone: the test no longer proves which engine built a page"
    if differ:
        first = differ[0]
        diff = difflib.unified_diff(mk[first].decode("utf-8", "replace").splitlines(), pd[first].decode("utf-8", "replace").splitlines(), "mkdocs/" + first, "properdocs/" + first, lineterm="", n=1)
        pytest.fail(f"{len(differ)} files differ beyond the generator tag, e.g. {differ[:5]}:\n" + "\n".join(list(diff)[:40]))
