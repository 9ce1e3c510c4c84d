"""Block markers in the hospital's pages, and the embeddable blocks for other sites."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from sitebuild import ROOT, TODAY, copy_project, sample_site

from vinhdanh.derive import views as derive
from vinhdanh.outputs.blocks import Marker, find_markers

PRIVATE_TEXT = ("Trương Công Danh", "Nguyễn Văn Hùng", "Đặng Thị Mỹ Linh", "Huỳnh Ngọc Anh Thư", "Văn hóa công sở")


# -- markers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, marker",
    [
        ("<!-- vinhdanh:moi-nhat 6 -->", Marker(1, "newest", count=6)),
        ("<!--vinhdanh:newest-->", Marker(1, "newest")),
        ("   <!-- vinhdanh:moi-nhat 24 -->  ", Marker(1, "newest", count=24)),
        ("<!-- vinhdanh:phong-trao -->", Marker(1, "campaigns")),
        ("<!-- vinhdanh:campaigns upcoming -->", Marker(1, "campaigns", state="upcoming")),
        ("<!-- vinhdanh:phong-trao tat-ca -->", Marker(1, "campaigns", state="all")),
        ("<!-- vinhdanh:bang-vang 2025 -->", Marker(1, "honour-roll", year=2025)),
        ("<!-- vinhdanh:honour-roll -->", Marker(1, "honour-roll")),
    ],
)
def test_markers_parse(line, marker):
    assert find_markers(line, "pages/index.md") == ([marker], [])


@pytest.mark.parametrize(
    "line, code, words",
    [
        ("<!-- vinhdanh:moi-nhatt 6 -->", "E901", "`moi-nhatt`"),
        ("<!-- vinhdanh: -->", "E901", "chưa ghi tên"),
        ("<!-- vinhdanh:moi-nhat sau -->", "E902", "từ 1 đến 24"),
        ("<!-- vinhdanh:moi-nhat 0 -->", "E902", "từ 1 đến 24"),
        ("<!-- vinhdanh:moi-nhat 100 -->", "E902", "từ 1 đến 24"),
        ("<!-- vinhdanh:moi-nhat 6 8 -->", "E902", "nhiều nhất một"),
        ("<!-- vinhdanh:phong-trao sap-toi -->", "E902", "sap-dien-ra"),
        ("<!-- vinhdanh:bang-vang 25 -->", "E902", "bốn chữ số"),
        ("Xem <!-- vinhdanh:moi-nhat 6 --> ở đây", "E901", "riêng trên một dòng"),
        ("<!-- vinhdanh:moi-nhat 6", "E901", "riêng trên một dòng"),
    ],
)
def test_bad_markers_are_clear_vietnamese_errors(line, code, words):
    text = "# Trang\n\n" + line + "\n"
    markers, problems = find_markers(text, "pages/gioi-thieu.md")
    assert markers == []
    (d,) = problems
    assert (d.path, d.line, d.code) == ("pages/gioi-thieu.md", 3, code)
    assert words in d.message and d.hint and d.is_error


def test_markers_in_code_blocks_are_examples_not_markers():
    text = "```markdown\n<!-- vinhdanh:khong-co -->\n```\n\n~~~~\n<!-- vinhdanh:moi-nhat x -->\n~~~~\n<!-- vinhdanh:moi-nhat 3 -->\n"
    assert find_markers(text, "pages/a.md") == ([Marker(8, "newest", count=3)], [])


def test_validate_and_build_report_every_bad_marker_with_page_line(tmp_path):
    from vinhdanh.cli import main
    from vinhdanh.site.build import build_command

    root = copy_project(tmp_path / "project")
    (root / "pages/gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\n\n# Giới thiệu\n\n<!-- vinhdanh:moi-nhat nhieu -->\n\n<!-- vinhdanh:lich-truc -->\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(["--root", str(root), "validate", "--today", TODAY.isoformat()])
    assert status == 1
    assert "pages/gioi-thieu.md:7:1: E902" in out.getvalue() and "pages/gioi-thieu.md:9:1: E901" in out.getvalue()

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the live site", encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = build_command(root, Path("mkdocs.yml"), site, TODAY)
    assert status == 1
    assert "pages/gioi-thieu.md:7:1: E902" in err.getvalue() and "pages/gioi-thieu.md:9:1: E901" in err.getvalue()
    assert [p.name for p in site.iterdir()] == ["index.html"] and (site / "index.html").read_text() == "the live site"


def test_expand_reports_file_lines_behind_front_matter(tmp_path):
    from vinhdanh.outputs.blocks import BlockError

    _, section = sample_site()
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: A\n---\n\n<!-- vinhdanh:moi-nhat 99 -->\n", encoding="utf-8")
    with pytest.raises(BlockError) as caught:
        section.blocks.expand("\n<!-- vinhdanh:moi-nhat 99 -->\n", page)  # as MkDocs hands it over
    assert caught.value.diagnostics[0].line == 5


# -- the sample home page ----------------------------------------------------------------


def test_home_page_shows_newest_exemplars_and_current_campaigns():
    site, section = sample_site()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "vinhdanh:" not in home  # every marker was replaced
    newest = derive.chronological(section.content.exemplars)[:4]
    block = home[home.index("vd-block--newest") : home.index("</section>", home.index("vd-block--newest"))]
    linked = re.findall(r'class="vd-card__name"><a href="([^"]+)"', block)
    assert linked == [section.urls.href(section.urls.exemplar(e.slug)) for e in newest]
    ongoing = derive.campaigns_by_state(section.content, section.today)["ongoing"]
    assert ongoing
    campaigns = home[home.index("vd-block--campaigns") :]
    titles = re.findall(r'<h3><a href="([^"]+)"', campaigns[: campaigns.index("</section>")])
    assert titles == [section.urls.href(section.urls.campaign(v.campaign.slug)) for v in ongoing]


def test_private_stories_never_reach_blocks_or_embeds():
    from vinhdanh.content.reader import load

    site, section = sample_site()
    everything = load(ROOT, TODAY).content
    public = {e.slug for e in section.content.exemplars} | {c.slug for c in section.content.campaigns}
    private = [i for i in (*everything.exemplars, *everything.campaigns) if i.slug not in public]
    assert {"draft", "review", "withdrawn"} <= {i.status for i in private}
    assert any(i.status == "published" and i.date > TODAY for i in private)  # scheduled
    outputs = [site / "index.html", *sorted((site / section.urls.exemplars / "nhung").iterdir())]
    assert len(outputs) == 10
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        for item in private:
            assert item.slug not in text, (path, item.slug)
            assert getattr(item, "name", item.title) not in text, (path, item.slug)
        for name in PRIVATE_TEXT:
            assert name not in text, (path, name)


# -- embeddable blocks --------------------------------------------------------------------


def test_embeds_are_self_contained_with_absolute_links():
    site, section = sample_site()
    folder = site / section.urls.exemplars / "nhung"
    base = section.content.site.base_url
    for name in ("moi-nhat", "phong-trao", "bang-vang"):
        document = (folder / f"{name}.html").read_text(encoding="utf-8")
        snippet = (folder / f"{name}.snippet.html").read_text(encoding="utf-8")
        assert document.startswith("<!doctype html>") and '<base target="_top">' in document
        assert snippet.strip() in document
        assert snippet.startswith("<section") and snippet.rstrip().endswith("</section>")
        for html in (document, snippet):
            lowered = html.lower()
            for forbidden in ("<script", "<link", "<img", "<picture", "<iframe", "<style", "url(", "src=", "@import", "srcset"):
                assert forbidden not in lowered, (name, forbidden)
            links = re.findall(r'href="([^"]+)"', html)
            assert links and all(link.startswith(base) for link in links), (name, links)
            assert "on" + "click" not in lowered and "javascript:" not in lowered


def test_embed_json_matches_the_blocks():
    site, section = sample_site()
    folder = site / section.urls.exemplars / "nhung"
    newest = json.loads((folder / "moi-nhat.json").read_text(encoding="utf-8"))
    expected = derive.chronological(section.content.exemplars)[:6]
    assert [i["url"] for i in newest["items"]] == [section.urls.absolute(section.urls.exemplar(e.slug)) for e in expected]
    assert all(i["name"] and i["summary"] and i["unit"] for i in newest["items"])
    photos = [i["photo"] for i in newest["items"] if i["photo"]]
    assert photos and all(p["url"].startswith(section.content.site.base_url) and (site / p["url"][len(section.content.site.base_url) :]).is_file() for p in photos)
    html = (folder / "moi-nhat.html").read_text(encoding="utf-8")
    assert all(i["name"] in html for i in newest["items"])
    campaigns = json.loads((folder / "phong-trao.json").read_text(encoding="utf-8"))
    assert [c["state"] for c in campaigns["items"]] and all(c["state"] == "ongoing" for c in campaigns["items"])
    roll = json.loads((folder / "bang-vang.json").read_text(encoding="utf-8"))
    latest = derive.honour_roll(section.content)[0]
    assert roll["year"] == latest.year
    assert sum(len(g["entries"]) for g in roll["groups"]) == latest.count
