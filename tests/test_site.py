"""The built website section: pages, privacy, atomic builds, sub-path sites."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import re
from pathlib import Path

import html5lib
import pytest
from sitebuild import ROOT, TODAY, copy_project, sample_site

from vinhdanh.content.reader import load
from vinhdanh.site.build import build_command


def _private_items():
    full = load(ROOT, TODAY).content
    public = {e.slug for e in full.exemplars if e.is_public(TODAY)} | {c.slug for c in full.campaigns if c.is_public(TODAY)}
    return [i for i in (*full.exemplars, *full.campaigns) if i.slug not in public]


def _all_text(site: Path):
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz and Pagefind's index chunks
            with contextlib.suppress(OSError):
                data = gzip.decompress(data)
        yield path, data.decode("utf-8", "ignore")


def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_public_page_is_built():
    site, section = sample_site()
    for spec in section.pages:
        assert (site / spec.path / "index.html").is_file(), spec.path
    not_found = (site / "404.html").read_text()
    assert "Không tìm thấy trang" in not_found and 'href="/guong-dien-hinh/tim-kiem/"' in not_found
    assert len([s for s in section.pages if s.kind == "story"]) == 12


def test_private_content_reaches_no_output_file():
    site, _ = sample_site()
    private = _private_items()
    assert {i.slug for i in private} >= {"truong-cong-danh", "nguyen-van-hung", "dang-thi-my-linh", "huynh-ngoc-anh-thu", "van-hoa-cong-so-2027"}
    needles = {}
    for item in private:
        needles[item.slug] = item.slug
        needles[item.title] = item.slug
        if hasattr(item, "name"):
            needles[item.name] = item.slug
    for path, text in _all_text(site):
        for needle, slug in needles.items():
            assert needle not in text, f"{slug} leaked into {path.relative_to(site)}"


def test_sitemap_lists_public_pages_only():
    site, section = sample_site()
    sitemap = (site / "sitemap.xml").read_text()
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for spec in section.pages:
        assert section.urls.absolute(spec.path) in locs
    assert not any("truong-cong-danh" in loc for loc in locs)


def test_pages_parse_as_html5_and_are_vietnamese():
    site, section = sample_site()
    parser = html5lib.HTMLParser(strict=False)
    for spec in section.pages[:40]:
        text = (site / spec.path / "index.html").read_text()
        parser.parse(text)
        assert not [e for e in parser.errors if e[1] not in ("unexpected-end-tag",)], (spec.path, parser.errors[:3])
        assert '<html lang="vi"' in text


def test_story_page_shows_what_the_issue_asks():
    site, section = sample_site()
    html = (site / section.urls.exemplar("nguyen-thi-lan") / "index.html").read_text()
    for expected in (
        "Nguyễn Thị Lan",
        "Điều dưỡng trưởng khoa",
        "Khoa Hồi sức tích cực - Chống độc",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Quyết định số 2317/QĐ-UBND ngày 18/12/2025",
        'datetime="2025-06-12"',
        'datetime="2025-12-22"',
        "Ảnh: Nguyễn Hoàng Duy",
        'id="chia-se"',
        "Gương điển hình liên quan",
        "Nghiên cứu khoa học, sáng kiến",
    ):
        assert expected in html, expected
    # the name typed in lower case is shown in title case
    assert "Lê Thị Hồng Nhung" in (site / section.urls.exemplar("le-thi-hong-nhung") / "index.html").read_text()


def test_index_pins_featured_then_newest():
    _site, section = sample_site()
    first = next(s for s in section.pages if s.template == "index.html")
    slugs = [e.slug for e in first.context["items"]]
    featured = [e.slug for e in first.context["items"] if e.featured]
    assert slugs[: len(featured)] == featured and featured
    rest = [e for e in first.context["items"] if not e.featured]
    assert [e.date for e in rest] == sorted((e.date for e in rest), reverse=True)


def test_honour_roll_shows_state_honours_titles_and_commendations_apart():
    site, section = sample_site()
    html = (site / section.urls.honour_roll_year(2025) / "index.html").read_text()
    order = [html.index(name) for name in ("Danh hiệu vinh dự Nhà nước", "Danh hiệu thi đua", "Hình thức khen thưởng")]
    assert order == sorted(order)
    assert html.index("Chiến sĩ thi đua cơ sở") < html.index("Hình thức khen thưởng") < html.index("Bằng khen của Chủ tịch UBND tỉnh")


def test_honour_roll_orders_by_rank_then_vietnamese_given_name():
    _site, section = sample_site()
    year = next(s for s in section.pages if s.template == "honour_year.html")
    groups = year.context["year"].groups
    ranks = [g.title.rank for g in groups]
    assert ranks == sorted(ranks)
    for g in groups:
        people = [h.exemplar for h in g.entries if h.exemplar.kind == "individual"]
        assert [p.name_key for p in people] == sorted(p.name_key for p in people)


def test_campaign_pages_show_state_phase_and_quota():
    site, section = sample_site()
    html = (site / section.urls.campaign("thay-thuoc-nhu-me-hien-2026") / "index.html").read_text()
    assert "Đang diễn ra" in html and 'aria-current="step"' in html and "Hôm nay 25/11/2026" in html
    assert "Chỉ tiêu" in html
    index = (site / section.urls.campaigns / "index.html").read_text()
    assert index.index("Đang diễn ra") < index.index("Sắp diễn ra") < index.index("Đã kết thúc")
    assert "van-hoa-cong-so-2027" not in index


def test_no_outside_requests_in_markup():
    site, _ = sample_site()
    for path in site.rglob("*.html"):
        text = path.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            assert src.startswith("https://benhvien-songhau.example.vn/"), (path, src)


def test_failed_build_leaves_live_site_byte_for_byte(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "live"
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 0
    before = _tree_digest(site)
    story = project / "content/exemplars/2025/nguyen-thi-lan/index.md"
    story.write_text(story.read_text().replace("date: 2025-06-12", "date: 2025-02-30"))
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 1
    err = capsys.readouterr().err
    assert "content/exemplars/2025/nguyen-thi-lan/index.md:7" in err and "E205" in err
    assert _tree_digest(site) == before
    # an engine failure (broken theme config) also leaves it alone
    story.write_text(story.read_text().replace("date: 2025-02-30", "date: 2025-06-12"))
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text().replace("name: material", "name: no-such-theme"))
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 1
    assert _tree_digest(site) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".live")], "staging folders left behind"


def test_same_input_same_site(tmp_path):
    project = copy_project(tmp_path / "p")
    a, b = tmp_path / "a", tmp_path / "b"
    assert build_command(project, Path("mkdocs.yml"), a, TODAY) == 0
    assert build_command(project, Path("mkdocs.yml"), b, TODAY) == 0
    da, db = _tree_digest(a), _tree_digest(b)
    assert da.keys() == db.keys()
    differing = [k for k in da if da[k] != db[k] and not k.endswith(".gz") and "/pagefind/" not in k]
    assert differing == []


def test_scheduled_story_appears_once_its_date_comes(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "s"
    import datetime as dt

    assert build_command(project, Path("mkdocs.yml"), site, dt.date(2027, 1, 15)) == 0
    assert (site / "guong-dien-hinh/huynh-ngoc-anh-thu/index.html").is_file()


def test_a_unit_that_has_published_nothing_yet_builds(tmp_path):
    project = copy_project(tmp_path / "p")
    for story in (project / "content" / "exemplars").rglob("*.md"):
        story.unlink()
    for item in [*(project / "content" / "campaigns").rglob("*.md"), *(project / "content" / "events").rglob("*.md")]:
        item.unlink()
    site = tmp_path / "site"
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 0
    search = (site / "guong-dien-hinh" / "tim-kiem" / "index.html").read_text(encoding="utf-8")
    assert "chưa có gì để tìm" in search and 'class="vd-search"' not in search
    assert (site / "guong-dien-hinh" / "rss.xml").is_file() and (site / "index.html").is_file()


def test_sub_path_site(tmp_path):
    project = copy_project(tmp_path / "p")
    site_yml = project / "content/site.yml"
    site_yml.write_text(site_yml.read_text().replace("base_url: https://benhvien-songhau.example.vn/", "base_url: https://so-y-te.example.vn/benh-vien/"))
    mk = project / "mkdocs.yml"
    mk.write_text(mk.read_text().replace("site_url: https://benhvien-songhau.example.vn/", "site_url: https://so-y-te.example.vn/benh-vien/"))
    site = tmp_path / "s"
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 0
    html = (site / "guong-dien-hinh/index.html").read_text()
    assert 'href="/benh-vien/guong-dien-hinh/nguyen-thi-lan/"' in html
    assert 'href="/guong-dien-hinh/' not in html
    assert "https://so-y-te.example.vn/benh-vien/guong-dien-hinh/" in html


@pytest.mark.parametrize("bad", ["status: published\nstatus: draft", "unit: khoa-khong-co"])
def test_mkdocs_build_fails_with_validator_messages(tmp_path, bad):
    import subprocess
    import sys

    project = copy_project(tmp_path / "p")
    story = project / "content/exemplars/2024/ho-van-tam.md"
    text = story.read_text()
    key = bad.split(":")[0]
    text = re.sub(rf"^{key}: .*$", bad, text, count=1, flags=re.M)
    story.write_text(text)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "s")], cwd=project, capture_output=True, text=True)
    assert done.returncode != 0
    assert "content/exemplars/2024/ho-van-tam.md:" in done.stderr
    assert "Traceback" not in done.stderr


def test_build_without_mkdocs_yml_says_so_in_vietnamese(tmp_path, capsys):
    project = copy_project(tmp_path / "p")
    (project / "mkdocs.yml").unlink()
    assert build_command(project, Path("mkdocs.yml"), tmp_path / "s", TODAY) == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy tệp cấu hình" in err and "mkdocs.yml" in err
    assert not (tmp_path / "s").exists()


def test_no_image_in_the_built_site_carries_metadata():
    from PIL import Image

    site, _ = sample_site()
    images = [p for p in site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp")]
    assert len(images) > 30
    for path in images:
        with Image.open(path) as img:
            assert not img.getexif(), path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(img.info), (path, set(img.info))
        data = path.read_bytes()
        assert b"Exif\x00\x00" not in data and b"GPS" not in data and b"Galaxy" not in data, path


def test_every_story_image_has_alt_size_and_srcset():
    site, section = sample_site()
    checked = 0
    for spec in section.pages:
        html = (site / spec.path / "index.html").read_text()
        content = html.split('<article class="md-content__inner', 1)[1]
        for img in re.findall(r"<img\b[^>]*>", content):
            for attribute in ("alt=", "width=", "height=", "srcset="):
                assert attribute in img, (spec.path, img)
            checked += 1
    assert checked > 20


def test_og_image_is_an_absolute_1200x630_card_in_the_build():
    from PIL import Image

    site, section = sample_site()
    base = section.content.site.base_url
    for spec in section.pages:
        if spec.item is None:
            continue
        html = (site / spec.path / "index.html").read_text()
        url = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
        assert url.startswith(base)
        with Image.open(site / url[len(base) :]) as card:
            assert card.size == (1200, 630), url


def test_index_and_listings_are_paginated(tmp_path):
    project = copy_project(tmp_path / "p")
    site_yml = project / "content/site.yml"
    site_yml.write_text(site_yml.read_text() + "page_size: 2\n")
    site = tmp_path / "s"
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 0
    pages = sorted(p.parent.relative_to(site).as_posix() for p in (site / "guong-dien-hinh/tat-ca").rglob("index.html"))
    assert pages == ["guong-dien-hinh/tat-ca"] + [f"guong-dien-hinh/tat-ca/trang/{n}" for n in sorted(range(2, 7), key=str)]
    last = (site / "guong-dien-hinh/tat-ca/trang/6/index.html").read_text()
    assert 'rel="prev" href="/guong-dien-hinh/tat-ca/trang/5/"' in last and 'rel="next"' not in last
    # the field with the most public stories spreads over ceil(n / 2) pages
    public = load(project, TODAY).content.public(TODAY)
    counts = {}
    for story in public.exemplars:
        for field in story.fields:
            counts[field.id] = counts.get(field.id, 0) + 1
    busiest, n = max(sorted(counts.items()), key=lambda kv: kv[1])
    assert n >= 3
    folder = site / "guong-dien-hinh/linh-vuc" / busiest
    first = (folder / "index.html").read_text()
    assert first.count('class="vd-card__name"') == 2
    assert f'rel="next" href="/guong-dien-hinh/linh-vuc/{busiest}/trang/2/"' in first
    last = (n + 1) // 2
    assert (folder / f"trang/{last}/index.html").is_file() and not (folder / f"trang/{last + 1}").exists()


def test_a_rebuild_replaces_the_site_and_clears_the_old_one(tmp_path):
    import time

    project = copy_project(tmp_path / "p")
    site = tmp_path / "live"
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 0
    story = project / "content/exemplars/2024/ho-van-tam.md"
    story.write_text(story.read_text().replace("status: published", "status: withdrawn", 1))
    assert build_command(project, Path("mkdocs.yml"), site, TODAY) == 0
    assert not (site / "guong-dien-hinh/ho-van-tam").exists()  # the new site, not a merge
    assert (site / "guong-dien-hinh/index.html").is_file()
    deadline = time.monotonic() + 30
    while [p for p in tmp_path.iterdir() if p.name.startswith(".live.")] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".live.")] == []
