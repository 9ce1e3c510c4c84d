"""Section pages spliced into shells are the engine's pages, byte for byte.

The engine (MkDocs + Material) renders only the hospital's pages and one shell per
skeleton; vinhdanh splices every section page. Here the engine renders every
page itself (`render(..., oracle=True)`) and each file must equal the spliced one:
the sample site (every page type, a hospital page with blocks), a generated
corpus with paginated listings, and a rebuild after an edit, which starts no engine.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

import pytest
from shellcheck import differences, engine_reference
from sitebuild import ROOT, TODAY, copy_project

from vinhdanh.cache import shards
from vinhdanh.engine import mkdocs_plugin, shells
from vinhdanh.section import prepare
from vinhdanh.site.build import build_into

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import make_corpus

NEW_STORY = """\
---
title: Điều dưỡng Lâm Thị Mới - người đến sau cùng
kind: individual
name: Lâm Thị Mới
unit: hstc
date: 2026-11-20
summary: Một câu chuyện mới, mới nhất của mục.
fields: [y-duc]
consent: true
status: published
---

Câu chuyện mới.
"""
TEMPLATES = {"landing.html", "index.html", "story.html", "campaign.html", "campaigns.html", "facet.html", "honour_index.html", "honour_year.html", "listing.html", "search.html"}


def _build(root: Path, site: Path, today: dt.date = TODAY):
    shards.forget()
    section = prepare(root, today)
    build_into(root / "mkdocs.yml", site, section)
    return section


def _check(root: Path, site: Path, folder: Path, today: dt.date = TODAY) -> tuple[list[str], object]:
    section = engine_reference(root, today, folder)
    names, differ = differences(folder, site)
    assert not differ, f"spliced pages differ from the engine's: {differ[:10]}"
    every = {f"{spec.path}index.html" for spec in section.pages}
    assert every <= set(names), sorted(every - set(names))[:5]
    return names, section


def test_every_page_of_the_sample_is_the_engines(tmp_path):
    root = copy_project(tmp_path / "p")
    first = _build(root, tmp_path / "site")
    assert first.timings.get("engine_runs") == 1
    names, section = _check(root, tmp_path / "site", tmp_path / "engine")
    assert {spec.template for spec in section.pages} >= TEMPLATES - {"listing.html"}
    assert "index.html" in names and (root / "pages/index.md").read_text(encoding="utf-8").count("<!-- vinhdanh:") == 2  # the home page's blocks
    assert "404.html" in names and "sitemap.xml" in names


def test_a_generated_corpus_is_the_engines(tmp_path):
    root = make_corpus(90, tmp_path / "corpus")
    for name in ("pages", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    _build(root, tmp_path / "site")
    names, section = _check(root, tmp_path / "site", tmp_path / "engine")
    assert {spec.template for spec in section.pages} >= TEMPLATES
    assert any("/trang/" in spec.path for spec in section.pages)  # paginated listings
    sample = random.Random(22).sample(names, 40)  # and a few pages read as a visitor would
    for name in sample:
        assert (tmp_path / "site" / name).read_bytes().startswith(b"\n<!doctype html>") or name.startswith("sitemap")


def test_a_content_edit_starts_no_engine_and_blocks_follow_it(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "p")
    _build(root, tmp_path / "site")
    story = root / "content/exemplars/2024/ho-van-tam.md"
    story.write_text(story.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nĐoạn mới.\n\n", 1), encoding="utf-8")
    (root / "content/exemplars/2026/lam-thi-moi.md").write_text(NEW_STORY, encoding="utf-8")  # the newest: on the home page

    def no_engine(*args, **kwargs):
        raise AssertionError("a content edit started the engine")

    monkeypatch.setattr(mkdocs_plugin, "render", no_engine)
    section = _build(root, tmp_path / "site")
    assert "engine_runs" not in section.timings and section.timings["pages_reused"] > 0
    assert "Đoạn mới." in (tmp_path / "site/guong-dien-hinh/ho-van-tam/index.html").read_text(encoding="utf-8")
    monkeypatch.undo()
    _check(root, tmp_path / "site", tmp_path / "engine")  # the home page's block shows the new title too
    assert "Lâm Thị Mới" in (tmp_path / "site/index.html").read_text(encoding="utf-8")


def test_a_theme_change_renders_the_shells_again(tmp_path):
    root = copy_project(tmp_path / "p")
    _build(root, tmp_path / "site")
    main = root / "overrides/main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("{% block extrahead %}", '{% block extrahead %}<meta name="x-shell" content="1">'), encoding="utf-8")
    section = _build(root, tmp_path / "site")
    assert section.timings.get("engine_runs") == 1
    assert '<meta name="x-shell" content="1">' in (tmp_path / "site/guong-dien-hinh/ho-van-tam/index.html").read_text(encoding="utf-8")


def test_a_build_after_serve_in_the_same_process_is_a_build(tmp_path):
    """MkDocs keeps one plugin instance per process; one that served (a test, a tool) must
    not make a later `vinhdanh build` a served site: no reload script, no version polling."""
    from mkdocs.config import load_config

    root = copy_project(tmp_path / "p")
    load_config(str(root / "mkdocs.yml")).plugins["vinhdanh"].on_startup(command="serve", dirty=False)
    try:
        _build(root, tmp_path / "site")
    finally:
        load_config(str(root / "mkdocs.yml")).plugins["vinhdanh"].on_startup(command="build", dirty=False)
    shipped = [p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert not [p for p in shipped if "reload" in p or "serve-version" in p], "serve's live reload shipped in a build"
    assert not [p for p in shipped if p.endswith(".html") and "reload.js" in (tmp_path / "site" / p).read_text(encoding="utf-8")][:3]


def test_a_shell_is_filled_in_every_slot():
    shell = shells.parse(f"<title>{shells.TITLE}</title><main>{shells.CONTENT}</main>{shells.block_marker(0)}")
    assert shell.slots == {"title", "content", "block0"}
    assert shell.fill({"title": "A &amp; B", "content": "<h1>x</h1>", "block0": "<div>b</div>"}) == "<title>A &amp; B</title><main><h1>x</h1></main><div>b</div>"
    with pytest.raises(shells.ShellError):
        shell.fill({"title": "t"})
    with pytest.raises(shells.ShellError):  # Material would add an <h1> of its own
        shells.page_values("t", "d", "c", "h", "<p>no heading</p>")


def test_the_skeleton_keys_kept_with_the_engines_output_are_those_worked_out_afresh(tmp_path):
    """A build reusing the engine's output takes each page's skeleton key from it; a page
    whose title or description comes or goes gets another skeleton, not the kept one."""
    import dataclasses

    from vinhdanh.site.atomic import read_cache

    root = copy_project(tmp_path / "p")
    section = _build(root, tmp_path / "site")
    output, _ = read_cache(section.store.folder("engine") / "output.pickle")  # as the next build reads it
    assert len(output.skeletons) >= len(section.pages)
    for spec in section.pages:
        assert output.skeleton(spec) == shells.skeleton_of(spec.path, bool(spec.title), bool(spec.description), output.anchors, output.own)
    story = next(spec for spec in section.pages if spec.kind == "story" and spec.description)
    bare = dataclasses.replace(story, description="")
    assert output.skeleton(bare) == shells.skeleton_of(story.path, bool(story.title), False, output.anchors, output.own) != output.skeleton(story)
