"""`vinhdanh import` against local exports: what is refused, what is kept, what is skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sitebuild import ROOT

from vinhdanh.content.model import Department, Source
from vinhdanh.content.reader import load
from vinhdanh.department import importer, schema
from vinhdanh.department.snapshot import read_sector
from vinhdanh.outputs import export
from vinhdanh.section import prepare

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def sample_feed() -> dict:
    """The sample hospital's export, as its build writes it."""
    return json.loads(export.export_bytes(prepare(ROOT, TODAY)))


def write(path: Path, feed) -> Path:
    path.write_text(feed if isinstance(feed, str) else json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    return path


def source(tmp_path: Path, uid: str = "bvdk-song-hau") -> Source:
    return Source(uid, "Bệnh viện Đa khoa Sông Hậu", str(tmp_path / "feed.json"))


def test_sample_export_passes_the_schema(sample_feed):
    assert schema.problems(sample_feed) == []
    kinds = {i["_vinhdanh"]["type"] for i in sample_feed["items"]}
    assert kinds == {"exemplar", "campaign", "event"}
    public = load(ROOT, TODAY).content.public(TODAY)
    assert len(sample_feed["items"]) == len(public.exemplars) + len(public.campaigns) + len(public.events)
    slugs = {i["_vinhdanh"]["slug"] for i in sample_feed["items"]}
    everything = load(ROOT, TODAY).content
    private = {e.slug for e in everything.exemplars if not e.is_public(TODAY)}
    assert private and not private & slugs  # drafts, review, withdrawn and scheduled stay out
    [event] = [i["_vinhdanh"] for i in sample_feed["items"] if i["_vinhdanh"]["type"] == "event"]
    assert (event["kind"], event["start"], event["place"]) == ("hoi-nghi", "2025-12-19", "Hội trường tầng 3, nhà A")
    assert event["campaign"]["slug"] == "sang-kien-cai-tien-chat-luong-2025"
    assert {e["slug"] for e in event["exemplars"]} == {"nguyen-thi-lan", "khoa-nhi-sot-xuat-huyet"} <= slugs


def test_an_event_in_a_units_export_is_imported_and_left_out_of_the_stories(tmp_path, sample_feed, monkeypatch):
    """The department accepts an export with events, lists only the stories, and fetches no event image."""
    src = source(tmp_path)
    events = [i for i in sample_feed["items"] if i["_vinhdanh"]["type"] == "event"]
    assert events
    write(tmp_path / "feed.json", sample_feed)
    asked: list[str] = []
    monkeypatch.setattr(importer, "_image", lambda url, *a: asked.append(url))
    outcome = importer.import_one(tmp_path, src)
    assert asked and not {i["_vinhdanh"]["card_url"] for i in events} & set(asked)
    assert outcome.status == "imported", outcome.message
    sector = read_sector(tmp_path, Department((src,)))
    assert {e.slug for e in sector.exemplars} == {i["_vinhdanh"]["slug"] for i in sample_feed["items"] if i["_vinhdanh"]["type"] == "exemplar"}


def test_schema_finds_missing_json_feed_fields(sample_feed):
    broken = json.loads(json.dumps(sample_feed))
    del broken["title"]
    del broken["items"][0]["id"]
    broken["items"][1]["_vinhdanh"]["kind"] = "team"
    found = "\n".join(schema.problems(broken))
    assert "'title' is a required property" in found and "'id' is a required property" in found and "team" in found


def test_first_import_then_unchanged_is_skipped_by_hash(tmp_path, sample_feed):
    src = source(tmp_path)
    write(tmp_path / "feed.json", sample_feed)
    first = importer.import_one(tmp_path, src)
    assert first.status == "imported" and first.items == len(sample_feed["items"])
    second = importer.import_one(tmp_path, src)
    assert second.status == "unchanged"
    sector = read_sector(tmp_path, Department((src,)))
    assert {e.slug for e in sector.exemplars} == {i["_vinhdanh"]["slug"] for i in sample_feed["items"] if i["_vinhdanh"]["type"] == "exemplar"}
    assert all(e.key[0] == "bvdk-song-hau" for e in sector.exemplars)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda f: "{ not json", "không phải JSON hợp lệ (dòng 1"),
        (lambda f: {**f, "_vinhdanh": {**f["_vinhdanh"], "version": 2}}, "phiên bản `_vinhdanh` 2"),
        (lambda f: {**f, "version": "https://jsonfeed.org/version/1"}, "JSON Feed 1.1"),
        (lambda f: {**f, "_vinhdanh": {**f["_vinhdanh"], "unit": {"id": "bv-khac", "name": "Bệnh viện khác"}}}, "mã đơn vị `bv-khac`, không phải `bvdk-song-hau`"),
        (lambda f: {**f, "items": f["items"][:2]}, "vinhdanh import --accept bvdk-song-hau"),
    ],
)
def test_bad_or_suspicious_export_keeps_the_last_good_snapshot(tmp_path, sample_feed, mutate, expected):
    src = source(tmp_path)
    write(tmp_path / "feed.json", sample_feed)
    assert importer.import_one(tmp_path, src).status == "imported"
    before = importer.snapshot_file(tmp_path, src.id).read_bytes()
    write(tmp_path / "feed.json", mutate(sample_feed))
    outcome = importer.import_one(tmp_path, src)
    assert outcome.status == "kept" and expected in outcome.message, outcome.message
    assert "Bệnh viện Đa khoa Sông Hậu (`bvdk-song-hau`)" in outcome.text() and "giữ bản đã nhập" in outcome.text()
    assert importer.snapshot_file(tmp_path, src.id).read_bytes() == before  # nothing imported is lost


def test_accepting_a_large_withdrawal(tmp_path, sample_feed):
    src = source(tmp_path)
    write(tmp_path / "feed.json", sample_feed)
    importer.import_one(tmp_path, src)
    write(tmp_path / "feed.json", {**sample_feed, "items": sample_feed["items"][:2]})
    assert importer.import_one(tmp_path, src, accept_drop=True).status == "imported"
    assert len(read_sector(tmp_path, Department((src,))).snapshot(src.id).exemplars) <= 2


def test_unreachable_source_with_no_snapshot_says_it_is_missing(tmp_path):
    outcome = importer.import_one(tmp_path, Source("ttyt-x", "Trung tâm Y tế X", "http://127.0.0.1:9/feed.json"))
    assert outcome.status == "failed" and "chưa có bản nào nhập" in outcome.message and "Trung tâm Y tế X" in outcome.text()


def test_department_block_errors_name_file_line_and_field(tmp_path):
    from conftest import SITE, UNITS

    (tmp_path / "content").mkdir()
    (tmp_path / "content/units.yml").write_text(UNITS, encoding="utf-8")
    (tmp_path / "content/site.yml").write_text(
        SITE
        + (
            "department:\n"
            "  sources:\n"
            "    - {id: TTYT A, name: Trung tâm A, url: https://a.example.vn/feed.json}\n"
            "    - {id: ttyt-b, name: Trung tâm B, url: 'ftp://b.example.vn/feed.json'}\n"
            "    - {id: ttyt-c, name: Trung tâm C}\n"
            "    - {id: ttyt-c, name: Trung tâm C bis, path: c.json, adress: x}\n"
        ),
        encoding="utf-8",
    )
    result = load(tmp_path, TODAY)
    found = {(d.line, d.field, d.code) for d in result.errors}
    assert (6, "department.sources.id", "E810") in found  # not a slug
    assert (7, "department.sources.url", "E811") in found  # not http(s)
    assert (8, "department.sources.url", "E201") in found  # neither url nor path
    assert (9, "department.sources.id", "E810") in found  # a second ttyt-c
    assert (9, "department.sources.adress", "E202") in found
    assert all(d.path == "content/site.yml" for d in result.errors)
    assert all(d.message and d.hint for d in result.errors)


def test_follow_before_any_import_warns_and_a_bad_follow_is_an_error(tmp_path):
    from conftest import SITE, UNITS

    (tmp_path / "content").mkdir()
    (tmp_path / "content/units.yml").write_text(UNITS, encoding="utf-8")
    site = tmp_path / "content/site.yml"
    site.write_text(SITE + "follow: https://soyte.example.vn/guong-dien-hinh/feed.json\n", encoding="utf-8")
    result = load(tmp_path, TODAY)
    assert result.ok and [d.code for d in result.diagnostics] == ["W812"]
    assert "vinhdanh import" in result.diagnostics[0].hint
    site.write_text(SITE + "follow: ftp://soyte.example.vn/feed.json\n", encoding="utf-8")
    errors = load(tmp_path, TODAY).errors
    assert [(e.line, e.field, e.code) for e in errors] == [(4, "follow", "E811")]


def test_the_officers_base_url_and_import_timeout_are_read_and_checked(tmp_path):
    from conftest import SITE, UNITS

    (tmp_path / "content").mkdir()
    (tmp_path / "content/units.yml").write_text(UNITS, encoding="utf-8")
    site = tmp_path / "content/site.yml"
    good = (
        "department:\n"
        "  import_timeout: 90\n"
        "  sources:\n"
        "    - {id: ttyt-a, name: Trung tâm A, url: 'http://10.0.0.5/feed.json', base_url: https://a.example.vn}\n"
        "    - {id: ttyt-b, name: Trung tâm B, url: https://b.example.vn/feed.json}\n"
    )
    site.write_text(SITE + good, encoding="utf-8")
    result = load(tmp_path, TODAY)
    assert result.ok, result.errors
    department = result.content.site.department
    assert department.import_timeout == 90
    assert [s.base_url for s in department.sources] == ["https://a.example.vn/", ""]
    site.write_text(SITE + good.replace("90", "'một phút'").replace("https://a.example.vn", "javascript:alert(1)"), encoding="utf-8")
    errors = load(tmp_path, TODAY).errors
    assert {(e.line, e.field, e.code) for e in errors} == {(5, "department.import_timeout", "E812"), (7, "department.sources.base_url", "E811")}
    assert all(e.hint.startswith("Ví dụ") for e in errors)


def test_a_dropped_item_or_home_page_leaves_the_rest_of_a_local_export(tmp_path, sample_feed):
    feed = json.loads(json.dumps(sample_feed))
    feed["home_page_url"] = "javascript:alert(1)"
    first = feed["items"][0]["_vinhdanh"]
    first["page_url"] = "http://evil.invalid/bai/"
    write(tmp_path / "feed.json", feed)
    outcome = importer.import_one(tmp_path, source(tmp_path))
    assert outcome.status == "imported" and outcome.items == len(feed["items"]) - 1
    text = "\n".join(outcome.warnings)
    assert "(`bvdk-song-hau`)" in text and "`home_page_url`" in text and f"`{first['slug']}`" in text and "`page_url`" in text
    snap = read_sector(tmp_path, Department((source(tmp_path),))).snapshot("bvdk-song-hau")
    assert snap.unit_url == feed["_vinhdanh"]["base_url"]
