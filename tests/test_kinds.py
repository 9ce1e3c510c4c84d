"""Models and initiatives (mô hình, sáng kiến): a story's `subject`, with its listing, page and feed category."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
from conftest import STORY_PATH, Project
from sitebuild import project_copy

from vinhdanh.site.build import build_command

DAY = dt.date(2026, 11, 25)

MODELS = {
    "content/exemplars/2026/mo-hinh-xanh-sach-dep.md": """\
---
title: Mô hình “Khoa phòng xanh – sạch – đẹp” lan ra toàn bệnh viện
kind: collective
name: Khoa Hồi sức tích cực - Chống độc
unit: hstc
date: 2026-03-02
summary: Mô hình sắp xếp buồng bệnh theo 5S giảm một nửa thời gian tìm vật tư cấp cứu.
subject: model
recognition: nganh
applied_at: [Khoa Hồi sức tích cực - Chống độc]
replicated_at: [Khoa Nhi, Khoa Ngoại tổng hợp]
status: published
---

Buồng bệnh được dán nhãn theo màu.
""",
    "content/exemplars/2026/mo-hinh-benh-an-dien-tu.md": """\
---
title: Mô hình bệnh án điện tử không giấy tờ
kind: collective
name: Phòng Công nghệ thông tin
unit: cntt
date: 2026-04-10
summary: Bệnh án điện tử thay hồ sơ giấy ở mọi khoa lâm sàng sau 18 tháng.
subject: model
recognition: tinh
applied_at: [Toàn bệnh viện]
status: published
---

Từ máy chủ đến giường bệnh.
""",
    "content/exemplars/2026/sang-kien-bang-kiem-ban-giao.md": """\
---
title: Sáng kiến bảng kiểm bàn giao người bệnh nặng
kind: individual
name: Nguyễn Thị Lan
unit: hstc
date: 2026-05-05
summary: Bảng kiểm một trang giúp ca sau không bỏ sót y lệnh của người bệnh nặng.
subject: initiative
recognition: co-so
applied_at: [Khoa Hồi sức tích cực - Chống độc]
replicated_at: [Trung tâm Y tế huyện Phong Điền]
awards:
  - {year: 2026, title: sang-kien-co-so}
consent: Phiếu đồng ý ngày 02/5/2026, lưu tại Phòng TCCB
status: published
---

Một trang giấy, mười hai ô đánh dấu.
""",
}


def test_a_model_validates_and_its_keys_are_read(project: Project) -> None:
    project.write("content/units.yml", project.path("content/units.yml").read_text(encoding="utf-8") + "- id: cntt\n  name: Phòng Công nghệ thông tin\n  kind: phong\n")
    for rel, text in MODELS.items():
        project.write(rel, text)
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report
    from vinhdanh.content.reader import load

    content = load(project.root, DAY).content
    model = content.exemplar("mo-hinh-xanh-sach-dep")
    assert (model.subject, model.recognition, model.applied_at, model.replicated_at) == ("model", "nganh", ("Khoa Hồi sức tích cực - Chống độc",), ("Khoa Nhi", "Khoa Ngoại tổng hợp"))
    assert content.exemplar("nguyen-thi-lan").subject == "exemplar"  # stories written before stay people's stories


def test_recognition_on_a_persons_story_is_an_error(project: Project) -> None:
    project.edit(STORY_PATH, "status: published\n", "status: published\nreplicated_at: [Khoa Nhi]\n")
    status, report = project.validate()
    assert status == 1
    assert [(d["code"], d["line"], d["field"]) for d in report["diagnostics"]] == [("E333", 17, "replicated_at")]


def _page(site: Path, url_path: str) -> lxml.html.HtmlElement:
    file = site / url_path.strip("/") / "index.html"
    assert file.is_file(), url_path
    return lxml.html.parse(str(file)).getroot()


def _follow(site: Path, here: str, page: lxml.html.HtmlElement, text: str) -> tuple[str, lxml.html.HtmlElement]:
    """Click the link whose text is `text`: the page it lands on."""
    [href] = [a.get("href") for a in page.iter("a") if a.text_content().strip() == text][:1]
    target = urljoin(here, href)
    return target, _page(site, target)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = project_copy(tmp_path_factory.mktemp("kinds") / "p")
    for rel, text in MODELS.items():
        (root / rel).write_text(text, encoding="utf-8")
    site = root.parent / "site"
    assert build_command(root, Path("mkdocs.yml"), site, DAY) == 0
    return site


def test_models_and_initiatives_have_a_listing_reached_from_the_landing_page(built: Path) -> None:
    here = "/guong-dien-hinh/"
    landing = _page(built, here)
    here, facet = _follow(built, here, landing, "Mô hình, sáng kiến")
    assert here == "/guong-dien-hinh/mo-hinh-sang-kien/" and facet.findtext(".//h1") == "Mô hình, sáng kiến"
    listing_url, models = _follow(built, here, facet, "Mô hình")
    titles = [h.text_content().strip() for h in models.iter("h2", "h3")]
    assert "Mô hình “Khoa phòng xanh – sạch – đẹp” lan ra toàn bệnh viện" in titles and "Mô hình bệnh án điện tử không giấy tờ" in titles
    assert not any("Sáng kiến bảng kiểm" in t for t in titles)  # initiatives have their own listing
    _, story = _follow(built, listing_url, models, "Mô hình “Khoa phòng xanh – sạch – đẹp” lan ra toàn bệnh viện")
    section = story.find(".//section[@class='vd-model']")
    terms = {dt.text_content(): dd.text_content() for dt, dd in zip(section.iter("dt"), section.iter("dd"), strict=True)}
    assert terms == {"Được công nhận": "Cấp ngành (Sở Y tế)", "Nơi áp dụng": "Khoa Hồi sức tích cực - Chống độc", "Nơi nhân rộng": "Khoa Nhi; Khoa Ngoại tổng hợp"}
    _, initiatives = _follow(built, here, facet, "Sáng kiến, giải pháp")
    assert "Sáng kiến bảng kiểm bàn giao người bệnh nặng" in initiatives.text_content()


def test_a_models_feed_item_carries_its_category(built: Path) -> None:
    feed = lxml.etree.parse(str(built / "guong-dien-hinh/rss.xml"))
    items = {i.findtext("title"): [c.text for c in i.findall("category")] for i in feed.iter("item")}
    assert items["Mô hình bệnh án điện tử không giấy tờ"][0] == "Mô hình"
    assert items["Sáng kiến bảng kiểm bàn giao người bệnh nặng"][0] == "Sáng kiến, giải pháp"
    assert "Mô hình" not in items[next(t for t in items if "Lan" in t and "Sáng kiến" not in t)]


def test_a_site_without_models_has_no_such_listing(tmp_path: Path) -> None:
    from sitebuild import sample_site

    site, _ = sample_site()
    assert not (site / "guong-dien-hinh/mo-hinh-sang-kien").exists()
    assert "Mô hình, sáng kiến" not in (site / "guong-dien-hinh/index.html").read_text(encoding="utf-8")


def test_the_export_carries_a_models_subject_and_recognition(built: Path) -> None:
    """The department finds models and initiatives in the unit's JSON Feed: subject, level, where applied."""
    import json

    from vinhdanh.department import schema

    feed = json.loads((built / "guong-dien-hinh/feed.json").read_text(encoding="utf-8"))
    assert schema.problems(feed) == []
    items = {i["title"]: i for i in feed["items"]}
    model = items["Mô hình bệnh án điện tử không giấy tờ"]
    assert model["tags"][0] == "Mô hình"
    x = model["_vinhdanh"]
    assert (x["subject"], x["recognition"], x["applied_at"], x["replicated_at"]) == ("model", {"id": "tinh", "name": "cấp tỉnh"}, ["Toàn bệnh viện"], [])
    initiative = items["Sáng kiến bảng kiểm bàn giao người bệnh nặng"]["_vinhdanh"]
    assert (initiative["subject"], initiative["recognition"]["id"], initiative["replicated_at"]) == ("initiative", "co-so", ["Trung tâm Y tế huyện Phong Điền"])
    person = next(i["_vinhdanh"] for i in feed["items"] if i["_vinhdanh"].get("name") == "Nguyễn Thị Lan" and i["_vinhdanh"]["subject"] == "exemplar")
    assert person["recognition"] is None and person["applied_at"] == []


def test_the_honour_roll_names_the_initiative_beside_its_author(built: Path) -> None:
    roll = _page(built, "/guong-dien-hinh/bang-vang/2026/")
    [entry] = [li for li in roll.iter("li") if "Sáng kiến bảng kiểm" in li.text_content()]
    assert entry.find("a").text_content() == "Nguyễn Thị Lan"  # the award is the person's: her name leads
    assert "sáng kiến, giải pháp “Sáng kiến bảng kiểm bàn giao người bệnh nặng”" in entry.text_content()


def test_search_finds_models_and_each_row_says_what_it_is(built: Path) -> None:
    """In Chromium: "mo hinh" (no diacritics) finds both models; each row names the subject
    and its level before who built it, and the row's link lands on the model's page."""
    from urllib.parse import quote

    playwright_api = pytest.importorskip("playwright.sync_api")
    from browser import launch, serve

    done = "() => { const s = document.getElementById('vd-search-status').textContent; return s.startsWith('Tìm thấy') || s.startsWith('Không'); }"
    with serve(built) as base, playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            page.goto(f"{base}/guong-dien-hinh/tim-kiem/?q={quote('mo hinh')}")
            page.wait_for_function(done)
            rows = page.eval_on_selector_all("#vd-search-results li", "els => els.map(li => ({title: li.querySelector('a').textContent, who: li.querySelector('.vd-hit__who').textContent}))")
            who = {r["title"]: r["who"] for r in rows}
            assert who["Mô hình bệnh án điện tử không giấy tờ"] == "Mô hình cấp tỉnh, Phòng Công nghệ thông tin"
            assert who["Mô hình “Khoa phòng xanh – sạch – đẹp” lan ra toàn bệnh viện"] == "Mô hình cấp ngành (Sở Y tế), Khoa Hồi sức tích cực - Chống độc"
            assert not any(w.startswith("Mô hình") for t, w in who.items() if not t.startswith("Mô hình"))
            with page.expect_navigation():
                page.click("#vd-search-results li a >> text=Mô hình bệnh án điện tử không giấy tờ")
            assert page.locator("h1").first.inner_text().strip() == "Mô hình bệnh án điện tử không giấy tờ"
        finally:
            browser.close()
