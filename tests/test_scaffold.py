"""`vinhdanh new`: a commented template with every key, that validates as written."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import TODAY, UNITS, Project

from vinhdanh.cli import main
from vinhdanh.content.reader import CAMPAIGN_KEYS, EXEMPLAR_KEYS
from vinhdanh.content.schema import EVENT_KEYS

VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.I)


def new(project: Project, capsys, *args: str) -> tuple[int, str, str]:
    status = main(["--root", str(project.root), "new", *args, "--today", TODAY])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def front(path) -> tuple[dict, list[str]]:
    text = path.read_text(encoding="utf-8")
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return yaml.safe_load(head), head.split("\n")


def assert_every_key_commented(lines: list[str], keys: tuple[str, ...]) -> None:
    for key in keys:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        above = [line for line in lines[max(0, index - 2) : index] if line.startswith("#")]
        assert above and VIETNAMESE.search(" ".join(above)), f"`{key}` has no Vietnamese comment above it"


def test_new_exemplar_has_every_key_and_validates(project: Project, capsys) -> None:
    project.write("content/units.yml", UNITS.replace("- id: hstc", "- id: nhi0", 1))  # first id: nhi0
    project.edit("content/exemplars/2025/nguyen-thi-lan/index.md", "unit: hstc", "unit: nhi")
    status, out, err = new(project, capsys, "exemplar", "Trần Thị Mỹ Duyên")
    assert status == 0, err
    rel = "content/exemplars/2026/tran-thi-my-duyen/index.md"
    assert f"Đã tạo {rel}" in out and "Các bước tiếp theo" in out and "vinhdanh validate content/exemplars/2026/tran-thi-my-duyen" in out
    meta, lines = front(project.path(rel))
    assert list(meta) == list(EXEMPLAR_KEYS)  # every key of the contract, in the contract's order
    assert_every_key_commented(lines, EXEMPLAR_KEYS)
    assert meta["date"].isoformat() == TODAY and meta["status"] == "draft"
    assert meta["unit"] == "nhi0" and meta["kind"] == "individual" and meta["name"] == "Trần Thị Mỹ Duyên"
    body = project.path(rel).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "## Thành tích nổi bật" in body
    code, report = project.validate()
    assert code == 0 and report["errors"] == 0 and report["warnings"] == 0, report


def test_new_exemplar_then_publish_with_consent(project: Project, capsys) -> None:
    assert new(project, capsys, "exemplar", "trần văn truyền")[0] == 0
    rel = "content/exemplars/2026/tran-van-truyen/index.md"
    meta, _ = front(project.path(rel))
    assert meta["name"] == "Trần Văn Truyền"  # names typed in lower case are shown in title case
    project.edit(rel, "status: draft", "status: published")
    code, report = project.validate()
    assert code == 1 and [d["code"] for d in report["diagnostics"]] == ["E401"]
    project.edit(rel, "\nconsent:\n", "\nconsent: Phiếu đồng ý ngày 20/5/2026, lưu tại Phòng TCCB\n")
    assert project.validate()[0] == 0


def test_new_collective_guesses_kind(project: Project, capsys) -> None:
    assert new(project, capsys, "exemplar", "Khoa Cấp cứu")[0] == 0
    meta, _ = front(project.path("content/exemplars/2026/khoa-cap-cuu/index.md"))
    assert meta["kind"] == "collective"
    assert new(project, capsys, "exemplar", "Đoàn Văn Hải")[0] == 0  # Đoàn is also a family name
    meta, _ = front(project.path("content/exemplars/2026/doan-van-hai/index.md"))
    assert meta["kind"] == "individual"
    assert project.validate()[0] == 0


def test_new_campaign_has_every_key_and_validates(project: Project, capsys) -> None:
    status, out, err = new(project, capsys, "campaign", "Thầy thuốc như mẹ hiền 2027")
    assert status == 0, err
    rel = "content/campaigns/thay-thuoc-nhu-me-hien-2027.md"
    assert f"Đã tạo {rel}" in out
    meta, lines = front(project.path(rel))
    assert list(meta) == list(CAMPAIGN_KEYS)
    assert_every_key_commented(lines, CAMPAIGN_KEYS)
    assert (meta["start"].isoformat(), meta["end"].isoformat()) == ("2027-01-01", "2027-12-31")
    assert meta["date"].isoformat() == TODAY and meta["status"] == "draft"
    code, report = project.validate()
    assert code == 0 and report["errors"] == 0, report


def test_new_campaign_without_a_year_runs_to_the_end_of_this_year(project: Project, capsys) -> None:
    assert new(project, capsys, "campaign", 'Thi đua: mùa xuân "xanh"')[0] == 0
    meta, _ = front(project.path("content/campaigns/thi-dua-mua-xuan-xanh.md"))
    assert (meta["start"].isoformat(), meta["end"].isoformat()) == (TODAY, "2026-12-31")
    assert meta["title"] == 'Phong trào thi đua Thi đua: mùa xuân "xanh"'
    assert project.validate()[0] == 0
    assert new(project, capsys, "campaign", "Phong trào Chuyển đổi số 2027")[0] == 0
    meta, _ = front(project.path("content/campaigns/phong-trao-chuyen-doi-so-2027.md"))
    assert meta["title"] == "Phong trào Chuyển đổi số 2027"


def test_new_event_has_every_key_validates_and_publishes(project: Project, capsys) -> None:
    status, out, err = new(project, capsys, "event", "Tọa đàm Điều dưỡng giỏi 2027")
    assert status == 0, err
    rel = "content/events/toa-dam-dieu-duong-gioi-2027.md"
    assert f"Đã tạo {rel}" in out and f"vinhdanh validate {rel}" in out
    meta, lines = front(project.path(rel))
    assert list(meta) == list(EVENT_KEYS)
    assert_every_key_commented(lines, EVENT_KEYS)
    assert meta["kind"] == "toa-dam" and meta["status"] == "draft"  # the kind is read from the title's first words
    assert meta["date"].isoformat() == meta["start"].isoformat() == TODAY
    code, report = project.validate()
    assert code == 0 and report["errors"] == 0 and report["warnings"] == 0, report
    project.edit(rel, "status: draft", "status: published")
    assert project.validate()[0] == 0
    assert new(project, capsys, "event", "Gặp mặt cuối năm")[0] == 0
    assert front(project.path("content/events/gap-mat-cuoi-nam.md"))[0]["kind"] == "other"
    assert new(project, capsys, "event", "Tọa đàm Điều dưỡng giỏi 2027")[0] == 1  # never overwrites


def test_new_refuses_to_overwrite(project: Project, capsys) -> None:
    assert new(project, capsys, "exemplar", "Lê Thị Hồng")[0] == 0
    path = project.path("content/exemplars/2026/le-thi-hong/index.md")
    path.write_text(path.read_text(encoding="utf-8") + "\nĐã viết nhiều.\n", encoding="utf-8")
    before = path.read_bytes()
    status, out, err = new(project, capsys, "exemplar", "Lê Thị Hồng")
    assert status == 1 and out == ""
    assert "Không ghi đè" in err and "le-thi-hong" in err and "gợi ý" in err
    assert path.read_bytes() == before


def test_new_refuses_a_slug_used_in_another_folder(project: Project, capsys) -> None:
    status, _, err = new(project, capsys, "exemplar", "Nguyễn Thị Lan")  # the 2025 story in conftest
    assert status == 1 and "content/exemplars/2025/nguyen-thi-lan/index.md" in err
    assert not project.path("content/exemplars/2026/nguyen-thi-lan").exists()
    status, _, err = new(project, capsys, "campaign", "Thi đua 2025")
    assert status == 1 and "thi-dua-2025" in err


@pytest.mark.parametrize("name", ["", "   ", "!!!", "A" * 200])
def test_new_rejects_unusable_names(project: Project, capsys, name: str) -> None:
    status, _, err = new(project, capsys, "exemplar", name)
    assert status == 1 and "lỗi:" in err and "Traceback" not in err


def test_new_outside_a_project(tmp_path, capsys) -> None:
    status = main(["--root", str(tmp_path), "new", "exemplar", "Nguyễn Văn A"])
    assert status == 1 and "content/" in capsys.readouterr().err


def test_new_on_the_sample_content_validates(repo_root, tmp_path, capsys) -> None:
    import shutil

    shutil.copytree(repo_root / "content", tmp_path / "content")
    assert main(["--root", str(tmp_path), "new", "exemplar", "Phan Thị Thu Thảo", "--today", "2026-11-25"]) == 0
    assert main(["--root", str(tmp_path), "new", "campaign", "Chuyển đổi số 2028", "--today", "2026-11-25"]) == 0
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "validate", "--today", "2026-11-25", "--format", "json"]) == 0
    assert '"errors": 0' in capsys.readouterr().out
