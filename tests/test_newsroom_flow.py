"""A story through the newsroom: sent by a contributor, written up and sent for review by
an author, returned once with a comment, approved by the reviewer and live on the site.
Each save one git commit under its user; a stale save refused; every step audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from newsroomkit import GOOD_DEED, log_of, running_newsroom, signed_in
from serverproject import git, tree_hash

TITLE = "Chị Võ Thị Mai cứu bé khó thở lúc nửa đêm"


@pytest.fixture
def newsroom(tmp_path: Path):
    with running_newsroom(tmp_path) as server:
        yield server


def written_up(server) -> tuple[str, dict]:
    """Tâm sends a good deed; Lan writes it up as a story (an award, a title) and sends it for review."""
    tam = signed_in(server, "tam")
    rel = tam.post("/api/item", {"path": None, "kind": "gooddeed", "values": GOOD_DEED, "action": "save"}).body["path"]
    lan = signed_in(server, "lan")
    item = lan.get(f"/api/item?path={rel}").body
    assert item["kind"] == "exemplar" and item["status"] == "candidate" and item["actions"] == ["save", "submit"]
    values = {**item["values"], "title": TITLE, "awards": [{"year": "2026", "title": "bang-khen-bo-y-te"}]}
    answer = lan.post("/api/item", {"path": rel, "kind": "exemplar", "values": values, "version": item["version"], "action": "submit"})
    assert answer.status == 200 and answer.body["status"] == "review", answer.body
    return rel, answer.body


def test_each_save_is_one_commit_under_its_user(newsroom) -> None:
    root = newsroom.desk.root
    rel, _ = written_up(newsroom)
    minh = signed_in(newsroom, "minh")
    item = minh.get(f"/api/item?path={rel}").body
    answer = minh.post("/api/item", {"path": rel, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": "return", "comment": "Thêm ngày, giờ và lời kể của mẹ bé."})
    assert answer.status == 200 and answer.body["status"] == "draft"
    assert log_of(root, rel) == [
        {"name": "Trần Văn Tâm", "email": "tam@newsroom", "subject": "Lưu: Võ Thị Mai"},
        {"name": "Nguyễn Thị Lan", "email": "lan@newsroom", "subject": f"Gửi duyệt: {TITLE}"},
        {"name": "Phạm Văn Minh", "email": "minh@newsroom", "subject": f"Trả lại: {TITLE} — Thêm ngày, giờ và lời kể của mẹ bé."},
    ]
    assert "status: draft" in (root / rel).read_text(encoding="utf-8")
    assert git(root, "status", "--porcelain").strip() == ""  # nothing left uncommitted
    # The comment is stored (outside content/) and shown to the author with the story.
    lan = signed_in(newsroom, "lan")
    shown = lan.get(f"/api/item?path={rel}").body
    assert [(c["by"], c["text"]) for c in shown["comments"]] == [("Phạm Văn Minh", "Thêm ngày, giờ và lời kể của mẹ bé.")]
    assert "Thêm ngày" not in (root / rel).read_text(encoding="utf-8")
    listed = {i["path"]: i for i in lan.get("/api/items?status=draft").body}
    assert listed[rel]["title"] == TITLE and listed[rel]["updated_by"] == "Phạm Văn Minh" and listed[rel]["status_label"] == "Nháp"


def test_a_stale_save_is_refused_naming_who_and_when_and_nothing_is_written(newsroom) -> None:
    root = newsroom.desk.root
    rel, _ = written_up(newsroom)
    lan, hoa = signed_in(newsroom, "lan"), signed_in(newsroom, "hoa")
    opened_by_hoa = hoa.get(f"/api/item?path={rel}").body
    opened_by_lan = lan.get(f"/api/item?path={rel}").body
    first = lan.post("/api/item", {"path": rel, "kind": "exemplar", "values": {**opened_by_lan["values"], "position": "Điều dưỡng"}, "version": opened_by_lan["version"], "action": "save"})
    assert first.status == 200
    before, commits = (root / rel).read_bytes(), git(root, "rev-list", "--count", "HEAD")
    stale = hoa.post("/api/item", {"path": rel, "kind": "exemplar", "values": {**opened_by_hoa["values"], "position": "Hộ lý"}, "version": opened_by_hoa["version"], "action": "save"})
    assert stale.status == 409 and stale.closed
    assert stale.body["by"] == "Nguyễn Thị Lan" and stale.body["at"][:2] == "20"
    assert stale.body["message"].startswith("Bài đã được Nguyễn Thị Lan sửa lúc ") and "vẫn còn trên màn hình" in stale.body["message"]
    assert (root / rel).read_bytes() == before and git(root, "rev-list", "--count", "HEAD") == commits
    audit = [e for e in newsroom.desk.audit.entries() if e["who"] == "hoa" and e["what"] == "save"]
    assert audit and audit[-1]["result"].startswith("409")


def test_approve_builds_and_swaps_the_live_site_and_answers_the_page(newsroom) -> None:
    root, live = newsroom.desk.root, newsroom.desk.site_dir
    rel, _ = written_up(newsroom)
    minh = signed_in(newsroom, "minh")
    item = minh.get(f"/api/item?path={rel}").body
    answer = minh.post("/api/item", {"path": rel, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": "approve"})
    assert answer.status == 200 and answer.body["status"] == "published", answer.body
    assert answer.body["page_url"] == "https://bv.example.vn/guong-dien-hinh/vo-thi-mai/"
    page = live / "guong-dien-hinh" / "vo-thi-mai" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert TITLE in html and "Bằng khen của Bộ trưởng Bộ Y tế" in html
    assert log_of(root, rel)[-1] == {"name": "Phạm Văn Minh", "email": "minh@newsroom", "subject": f"Duyệt đăng: {TITLE}"}
    assert minh.get(f"/api/item?path={rel}").body["page_url"] == answer.body["page_url"]
    # Withdrawing takes it off the live site at once.
    item = minh.get(f"/api/item?path={rel}").body
    assert item["actions"] == ["save", "withdraw"]
    gone = minh.post("/api/item", {"path": rel, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": "withdraw"})
    assert gone.status == 200 and gone.body["status"] == "withdrawn" and "page_url" not in gone.body
    assert not page.exists()
    # The audit log lists each step: who, what, which story, the result.
    steps = [(e["who"], e["what"], e["path"], e["result"]) for e in newsroom.desk.audit.entries() if e["what"] != "login"]
    assert steps == [("tam", "save", rel, "ok"), ("lan", "submit", rel, "ok"), ("minh", "approve", rel, "ok"), ("minh", "withdraw", rel, "ok")]
    assert {e["who"] for e in newsroom.desk.audit.entries() if e["what"] == "login" and e["result"] == "ok"} == {"tam", "lan", "minh"}


def test_a_failed_build_leaves_the_live_site_untouched(newsroom) -> None:
    root, live = newsroom.desk.root, newsroom.desk.site_dir
    rel, _ = written_up(newsroom)
    minh = signed_in(newsroom, "minh")
    assert minh.post("/api/item", {"path": rel, "kind": "exemplar", "values": {}, "version": minh.get(f"/api/item?path={rel}").body["version"], "action": "approve"}).status == 200
    before = tree_hash(live)
    # The content is fine; the site's configuration is not: the build fails after the save's checks.
    (root / "mkdocs.yml").write_text("site_name: [hỏng\n", encoding="utf-8")
    git(root, "commit", "-qam", "Cấu hình hỏng")
    tam = signed_in(newsroom, "tam")
    other = tam.post("/api/item", {"path": None, "kind": "gooddeed", "values": {**GOOD_DEED, "name": "Đỗ Văn Bình"}, "action": "save"}).body["path"]
    lan = signed_in(newsroom, "lan")
    item = lan.get(f"/api/item?path={other}").body
    assert lan.post("/api/item", {"path": other, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": "submit"}).status == 200
    item = minh.get(f"/api/item?path={other}").body
    answer = minh.post("/api/item", {"path": other, "kind": "exemplar", "values": item["values"], "version": item["version"], "action": "approve"})
    assert answer.status == 502 and "trang web đang chạy giữ nguyên" in answer.body["message"] and answer.closed
    assert tree_hash(live) == before
    assert not (live / "guong-dien-hinh" / "do-van-binh").exists()
    assert [e["result"][:3] for e in newsroom.desk.audit.entries() if e["path"] == other and e["what"] == "approve"] == ["502"]


def test_the_preview_shows_the_story_as_the_site_will_with_names_not_codes(newsroom) -> None:
    rel, _ = written_up(newsroom)
    minh = signed_in(newsroom, "minh")
    answer = minh.get(f"/preview?path={rel}")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/html")
    html = answer.body.decode("utf-8")
    assert TITLE in html and "Khoa Nhi" in html and "Bằng khen của Bộ trưởng Bộ Y tế" in html
    assert "bang-khen-bo-y-te" not in html.replace('href="/guong-dien-hinh/danh-hieu/bang-khen-bo-y-te/"', "")
    assert 'class="vd-story"' in html and "Chờ duyệt" in html
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert signed_in(newsroom, "tam").get(f"/preview?path={rel}").status == 200  # Tâm's own deed
    assert signed_in(newsroom, "tam").get("/preview?path=content/site.yml").status == 404


def test_mine_lists_what_one_has_worked_on(newsroom) -> None:
    """An author's «Của tôi» holds the deeds they wrote up (the contributor created them):
    after «Gửi duyệt» the page lands on that list, which must not be empty."""
    rel, _ = written_up(newsroom)
    mine = {user: [i["path"] for i in signed_in(newsroom, user).get("/api/items?status=mine").body] for user in ("tam", "lan", "hoa")}
    assert mine == {"tam": [rel], "lan": [rel], "hoa": []}


def test_a_refused_key_inside_a_group_is_named_under_its_group(newsroom) -> None:
    """The save path names a group's part by its place in the file, as forms.errors does with the text."""
    rel, _ = written_up(newsroom)
    lan = signed_in(newsroom, "lan")
    item = lan.get(f"/api/item?path={rel}").body
    values = {**item["values"], "proposal": {"by": "Khoa Nhi", "level": "nganh"}}  # no month
    answer = lan.post("/api/item", {"path": rel, "kind": "exemplar", "values": values, "version": item["version"], "action": "save"})
    assert answer.status == 422
    assert [(e["field"], e["label"]) for e in answer.body["errors"]] == [("proposal", "Đề xuất › Tháng đề xuất")], answer.body
    assert "month" not in answer.body["errors"][0]["message"], answer.body  # the form's words, not the YAML key
