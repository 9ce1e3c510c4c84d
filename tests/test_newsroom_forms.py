"""The newsroom's forms (newsroom/forms.py, formfile.py, yamllines.py): derived from schema.py, and files written as authors write them.

Every story of the sample read into the form and written back is byte-for-byte the
same file; a changed key rewrites only its own lines (comments, unknown keys and
the author's list style stay); what the form writes passes the real reader; text
typed into a field can never become another key; the 422 answer names the form's labels.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from vinhdanh.content.diagnostics import Diagnostic
from vinhdanh.content.reader import load
from vinhdanh.content.schema import CAMPAIGN, EXEMPLAR
from vinhdanh.newsroom import formfile, forms
from vinhdanh.scaffold import exemplar_template

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 25)
LAN = "content/exemplars/2025/nguyen-thi-lan/index.md"


@pytest.fixture(scope="module")
def content():
    result = load(ROOT, TODAY)
    assert result.content is not None
    return result.content


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def errors_of(root: Path, rel: str) -> list[Diagnostic]:
    return [d for d in load(root, TODAY).diagnostics if d.is_error and d.path == rel]


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


def stories() -> list[Path]:
    return sorted(p for folder in ("exemplars", "campaigns") for p in (ROOT / "content" / folder).rglob("*.md") if not p.name.startswith(("_", ".")))


# -- the form description ----------------------------------------------------------------


def test_contributor_gets_the_good_deed_form_only(content) -> None:
    described = forms.describe("contributor", content)
    assert list(described) == ["gooddeed"]
    fields = described["gooddeed"]["fields"]
    assert [f["name"] for f in fields] == ["name", "kind", "unit", "body", "photo", "photo_alt", "consent", "submitted_by"]
    by_name = {f["name"]: f for f in fields}
    assert by_name["name"]["label"] == "Ai đã làm việc tốt" and by_name["name"]["required"]
    assert by_name["body"]["label"] == "Việc tốt đã làm" and by_name["body"]["required"]
    assert by_name["submitted_by"]["label"] == "Họ tên của bạn" and by_name["submitted_by"]["required"]
    # Departments by name, never by code alone.
    assert ["hstc", "Khoa Hồi sức tích cực - Chống độc"] in by_name["unit"]["choices"]
    assert forms.describe("stranger", content) == {}


def test_author_forms_follow_the_schema_with_names_for_codes(content) -> None:
    described = forms.describe("author", content)
    assert list(described) == ["gooddeed", "exemplar", "campaign"]
    exemplar = [f["name"] for f in described["exemplar"]["fields"]]
    assert exemplar == [k.key for k in EXEMPLAR if k.key != "status"] + ["body"]  # status: set by the actions
    assert [f["name"] for f in described["campaign"]["fields"]] == [k.key for k in CAMPAIGN if k.key != "status"] + ["body"]
    fields = {f["name"]: f for f in described["exemplar"]["fields"]}
    award_title = {p["name"]: p for p in fields["awards"]["parts"]}["title"]
    assert ["chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở (CSTĐCS)"] in award_title["choices"]
    assert ["individual", "Cá nhân"] in fields["kind"]["choices"]
    assert any(value == "chung-tay-phong-chong-sot-xuat-huyet-2025" and "sốt xuất huyết" in label.lower() for value, label in fields["campaigns"]["choices"])
    assert ["kham-chua-benh", "Khám, chữa bệnh"] in fields["fields"]["choices"]
    # The help speaks of the form, not of YAML keys or files.
    for field in described["exemplar"]["fields"] + described["campaign"]["fields"]:
        for text in [field["help"]] + [p["help"] for p in field["parts"]]:
            assert "`" not in text and "content/" not in text and ": true" not in text, (field["name"], text)


# -- never break a story -----------------------------------------------------------------


@pytest.mark.parametrize("path", stories(), ids=lambda p: p.relative_to(ROOT / "content").as_posix())
def test_every_sample_file_round_trips_unchanged(path: Path) -> None:
    kind = "campaign" if "campaigns" in path.parts else "exemplar"
    text = path.read_text(encoding="utf-8")
    assert formfile.to_file(kind, formfile.from_file(kind, text), text) == text


def test_one_changed_key_rewrites_only_its_own_lines(project: Path) -> None:
    path = project / LAN
    before = path.read_text(encoding="utf-8")
    # An author's comment and a key the schema does not know (another tool's), as people write them.
    before = before.replace("kind: individual\n", "kind: individual\n# phòng TCCB đã xác minh\nreviewer_note: giữ nguyên\n")
    values = formfile.from_file("exemplar", before)
    assert values["reviewer_note"] == "giữ nguyên" and values["date"] == "2025-06-12" and values["photo_focus"] == "0.5, 0.3"
    values["position"] = "Điều dưỡng trưởng: khoa #1"  # a colon and a hash: must be quoted
    values["tags"] = ["điều dưỡng", "hồi sức, chống độc"]
    values["video"] = "https://www.youtube.com/watch?v=abc123XYZ"  # new key: lands in schema order
    after = formfile.to_file("exemplar", values, before)
    assert changed_lines(before, after) == [
        "- position: Điều dưỡng trưởng khoa",
        '+ position: "Điều dưỡng trưởng: khoa #1"',
        "+ video: https://www.youtube.com/watch?v=abc123XYZ",
        "- tags: [điều dưỡng, hồi sức, trực đêm, sốt xuất huyết]",
        '+ tags: [điều dưỡng, "hồi sức, chống độc"]',
    ]
    assert after.index("photo_focus:") < after.index("video:") < after.index("consent:")
    path.write_text(after, encoding="utf-8")
    assert [(d.code, d.field) for d in errors_of(project, LAN)] == [("E202", "reviewer_note")]  # the file's own, as before
    again = formfile.from_file("exemplar", after)
    assert again["position"] == "Điều dưỡng trưởng: khoa #1" and again["tags"] == ["điều dưỡng", "hồi sức, chống độc"]


def test_a_template_from_vinhdanh_new_keeps_its_comments(project: Path) -> None:
    rel = "content/exemplars/2026/mai-thi-hoa/index.md"
    path = project / rel
    path.parent.mkdir(parents=True)
    template = exemplar_template("Mai Thị Hoa", "nhi", TODAY)
    values = formfile.from_file("exemplar", template)
    values.update(title="Chị Hoa và những ca trực đêm", summary="Chị Hoa lập nhóm trực đêm hỗ trợ người bệnh nhi.", fields=["y-duc"], body="## Ca trực\n\nMột đêm mưa...")
    values["awards"] = [{"year": 2025, "title": "chien-si-thi-dua-co-so", "decision": "Quyết định số 12/QĐ-BVSH"}]
    after = formfile.to_file("exemplar", values, template)

    def comments(text: str) -> list[str]:
        return [line for line in text.split("\n---\n")[0].splitlines() if line.startswith("#")]

    assert comments(after) == comments(template) and len(comments(template)) > 30
    path.write_text(after, encoding="utf-8")
    assert errors_of(project, rel) == []
    read = formfile.from_file("exemplar", after)
    assert read["awards"] == [{"year": 2025, "title": "chien-si-thi-dua-co-so", "decision": "Quyết định số 12/QĐ-BVSH"}]
    assert read["body"].startswith("## Ca trực")


def test_a_field_cleared_in_the_form_stays_as_an_empty_key(project: Path) -> None:
    before = (project / LAN).read_text(encoding="utf-8")
    values = formfile.from_file("exemplar", before)
    values["photo_credit"] = ""
    values["tags"] = []
    after = formfile.to_file("exemplar", values, before)
    assert "\nphoto_credit:\n" in after and "\ntags:\n" in after
    (project / LAN).write_text(after, encoding="utf-8")
    assert errors_of(project, LAN) == []


# -- hostile text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Tấm gương\nstatus: published",
        "Tấm gương\n---\nstatus: published",
        'x" \nstatus: published\n"',
        "[published]",
        "true",
        "2026-01-01",
        "- status: published",
        "&a Tấm gương",
        "Tấm gương # ghi chú",
    ],
)
def test_typed_text_never_becomes_another_key(typed: str) -> None:
    values = {"title": typed, "kind": "individual", "name": "Mai Thị Hoa", "unit": "nhi", "date": "2026-05-20", "summary": "Tóm tắt.", "status": "draft", "body": "Nội dung."}
    text = formfile.to_file("exemplar", values)
    read = formfile.from_file("exemplar", text)
    assert read["status"] == "draft"
    assert read["title"] == typed.strip()
    assert set(read) == set(values)


def test_body_cannot_close_the_front_matter_early() -> None:
    values = {"title": "T", "kind": "individual", "name": "A", "unit": "nhi", "date": "2026-05-20", "summary": "S", "status": "draft", "body": "---\nstatus: published\n---\nchữ"}
    read = formfile.from_file("exemplar", formfile.to_file("exemplar", values))
    assert read["status"] == "draft" and "status: published" in read["body"]


# -- the good deed -------------------------------------------------------------------------


def test_a_good_deed_is_a_candidate_story_the_reader_accepts(project: Path) -> None:
    values = {
        "name": "Lê Văn Tâm",
        "kind": "individual",
        "unit": "Khoa Nhi",  # by name, as the form's list shows it
        "body": "Anh Tâm trả lại ví cho người nhà bệnh nhân, trong ví có 12 triệu đồng. " * 10,
        "consent": False,
        "submitted_by": "Trần Thị Bích, Khoa Nội",
        "status": "published",  # a contributor's request for more: ignored
        "featured": True,
    }
    text = formfile.to_file("gooddeed", values, today=TODAY)
    read = formfile.from_file("gooddeed", text)
    assert read["status"] == "candidate" and "featured" not in read
    assert read["title"] == "Việc tốt của Lê Văn Tâm" and read["date"] == "2026-11-25"
    assert len(read["summary"]) <= 400 and read["summary"].endswith("…")
    assert read["submitted_by"] == "Trần Thị Bích, Khoa Nội"
    rel = "content/exemplars/2026/le-van-tam/index.md"
    (project / rel).parent.mkdir(parents=True)
    (project / rel).write_text(text, encoding="utf-8")
    assert errors_of(project, rel) == []
    # The contributor edits it again: title and summary an author may have rewritten stay.
    edited = text.replace("title: Việc tốt của Lê Văn Tâm", "title: Chiếc ví 12 triệu")
    again = formfile.to_file("gooddeed", {**values, "body": "Anh Tâm trả lại ví."}, edited, today=TODAY)
    assert "title: Chiếc ví 12 triệu" in again and formfile.from_file("gooddeed", again)["body"] == "Anh Tâm trả lại ví.\n"


# -- the 422 answer -----------------------------------------------------------------------


def test_reader_errors_are_named_by_form_labels(project: Path) -> None:
    before = (project / LAN).read_text(encoding="utf-8")
    values = formfile.from_file("exemplar", before)
    values["consent"] = ""
    values["updated"] = "2025-01-01"
    values["awards"][1]["title"] = "khong-co-danh-hieu-nay"
    (project / LAN).write_text(formfile.to_file("exemplar", values, before), encoding="utf-8")
    answer = forms.errors("exemplar", errors_of(project, LAN))
    by_field = {(e["field"], e["label"]): e["message"] for e in answer}
    assert set(by_field) == {("consent", "Sự đồng ý của người trong bài"), ("updated", "Ngày cập nhật"), ("awards", "Thành tích, danh hiệu › Danh hiệu")}
    consent = by_field[("consent", "Sự đồng ý của người trong bài")]
    assert "«Trạng thái»: đăng" in consent and "`" not in consent and "status:" not in consent
    assert "«Ngày cập nhật»" in by_field[("updated", "Ngày cập nhật")]
    assert forms.field_label("gooddeed", "summary") == ("body", "Việc tốt đã làm")
    assert forms.field_label("exemplar", "") == ("", "")


def test_a_key_inside_a_group_is_named_under_its_group(project: Path) -> None:
    """The reader names `proposal: {by: …}`'s missing `month` as `month`: the form says «Đề xuất › Tháng đề xuất»."""
    before = (project / LAN).read_text(encoding="utf-8")
    values = formfile.from_file("exemplar", before)
    values["proposal"] = {"by": "Khoa Nhi", "level": "nganh"}
    values["selected"] = {"level": "tinh"}
    text = formfile.to_file("exemplar", values, before)
    (project / LAN).write_text(text, encoding="utf-8")
    answer = forms.errors("exemplar", errors_of(project, LAN), text)
    labels = {e["label"]: e["message"] for e in answer}
    assert set(labels) == {"Đề xuất › Tháng đề xuất", "Được chọn › Ngày chọn"}, answer
    assert labels["Được chọn › Ngày chọn"].startswith("Chưa điền «Ngày chọn».") and "Điền «Ngày chọn», ví dụ:" in labels["Được chọn › Ngày chọn"]
    # Without the text the reader's bare name would point at the story's own date.
    assert {e["label"] for e in forms.errors("exemplar", errors_of(project, LAN))} == {"Ngày đăng", "month"}


def test_a_windows_file_keeps_its_line_ends_and_its_bom_is_dropped(project: Path) -> None:
    """A story saved by Notepad (BOM, CRLF): written back with CRLF, readable, one line changed."""
    original = (project / LAN).read_text(encoding="utf-8")
    windows = "\ufeff" + original.replace("\n", "\r\n")
    assert formfile.to_file("exemplar", formfile.from_file("exemplar", windows), windows) == windows.lstrip("\ufeff")
    values = formfile.from_file("exemplar", windows)
    values["position"] = "Điều dưỡng"
    after = formfile.to_file("exemplar", values, windows)
    assert "\r\nposition: Điều dưỡng\r\n" in after and "\n" not in after.replace("\r\n", "")
    assert changed_lines(original, after.replace("\r\n", "\n")) == ["- position: Điều dưỡng trưởng khoa", "+ position: Điều dưỡng"]
    (project / LAN).write_bytes(after.encode("utf-8"))
    assert errors_of(project, LAN) == []
