"""The candidate pipeline: candidate → cultivated → proposed → selected, private until published."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
from conftest import STORY_PATH, TODAY, Project
from sitebuild import project_copy

from vinhdanh.cli import main
from vinhdanh.content.reader import load
from vinhdanh.site.build import build_command

DAY = dt.date.fromisoformat(TODAY)

CANDIDATE_PATH = "content/exemplars/2026/tran-van-binh/index.md"
CANDIDATE = """\
---
title: Bác sĩ Trần Văn Bình và kỹ thuật lọc máu liên tục
kind: individual
name: Trần Văn Bình
position: Bác sĩ điều trị
unit: hstc
date: 2026-05-20
summary: Bác sĩ trẻ làm chủ kỹ thuật lọc máu liên tục, cứu sống nhiều ca sốc nhiễm khuẩn nặng.
awards:
  - {year: 2024, title: chien-si-thi-dua-co-so}
  - {year: 2025, title: chien-si-thi-dua-co-so}
status: candidate
cultivation:
  - date: 2026-04-15
    note: Giao chủ trì đề tài cơ sở về lọc máu liên tục
  - date: 2026-03-10
    note: Cử đi tập huấn kỹ thuật lọc máu tại Bệnh viện Chợ Rẫy
proposal:
  by: Khoa Hồi sức tích cực - Chống độc
  level: nganh
  month: 2026-05
  award: chien-si-thi-dua-co-so
---

Nhân tố mới của khoa, đang được bồi dưỡng.
"""


def test_a_candidate_validates_without_consent_and_is_read_with_its_stage(project: Project) -> None:
    project.write(CANDIDATE_PATH, CANDIDATE)
    status, report = project.validate()
    assert status == 0, report
    content = load(project.root, DAY).content
    e = content.exemplar("tran-van-binh")
    assert e is not None and e.status == "candidate" and not e.is_public(DAY)
    assert [n.date.isoformat() for n in e.cultivation] == ["2026-03-10", "2026-04-15"]  # in date order
    assert e.proposal is not None and (e.proposal.by, e.proposal.level, e.proposal.year, e.proposal.month) == ("Khoa Hồi sức tích cực - Chống độc", "nganh", 2026, 5)
    assert e.proposal.award is not None and e.proposal.award.id == "chien-si-thi-dua-co-so"


def test_public_view_drops_candidates_and_strips_pipeline_records(project: Project) -> None:
    project.write(CANDIDATE_PATH, CANDIDATE)
    project.edit(STORY_PATH, "status: published\n", "status: published\ncultivation:\n  - {date: 2025-05-01, note: Ghi chép nội bộ}\nproposal: {by: Phòng TCCB, level: nganh, month: 2025-06}\n")
    everything = load(project.root, DAY).content
    public = everything.public(DAY)
    assert [e.slug for e in public.exemplars] == ["nguyen-thi-lan"]
    lan = public.exemplar("nguyen-thi-lan")
    assert lan is not None and lan.cultivation == () and lan.proposal is None and lan.selected is None
    assert everything.exemplar("nguyen-thi-lan").proposal is not None  # kept for the internal reports


def _report(project: Project, *args: str) -> tuple[int, str]:
    out = project.root / "bao-cao.html"
    status = main(["--root", str(project.root), "report", *args, "--output", str(out), "--today", TODAY])
    return status, out.read_text(encoding="utf-8") if out.is_file() else ""


def test_monthly_report_shows_each_units_proposal_with_eligibility(project: Project) -> None:
    project.write(CANDIDATE_PATH, CANDIDATE)
    status, html = _report(project, "monthly", "--month", "2026-05")
    assert status == 0
    assert "GƯƠNG ĐIỂN HÌNH ĐƯỢC ĐỀ XUẤT TRONG THÁNG 5 NĂM 2026" in html
    assert "Trần Văn Bình" in html and "Khoa Hồi sức tích cực - Chống độc, lên cấp ngành (Sở Y tế)" in html
    assert "(chưa đăng trên trang)" in html and "/tran-van-binh/" not in html  # no link to a page that does not exist
    assert "CSTĐCS: chưa đủ điều kiện" in html and "Lao động tiên tiến" in html
    assert "Đề xuất trong tháng: 1 gương của 1 khoa, phòng" in html
    # Another month has no proposal: the table says so.
    status, html = _report(project, "monthly", "--month", "2026-04")
    assert status == 0 and "Chưa có khoa, phòng nào đề xuất trong tháng 4 năm 2026." in html and "Trần Văn Bình" not in html


def test_a_second_proposal_of_a_unit_in_a_month_is_a_warning(project: Project) -> None:
    project.write(CANDIDATE_PATH, CANDIDATE)
    project.write("content/exemplars/2026/le-van-an.md", CANDIDATE.replace("Trần Văn Bình", "Lê Văn An"))
    status, report = project.validate()
    assert status == 0
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"] if d["code"] == "W331"]
    assert found == [("W331", "content/exemplars/2026/tran-van-binh/index.md", 18)], report
    assert "le-van-an" in next(d["message"] for d in report["diagnostics"] if d["code"] == "W331")


def test_selected_needs_a_proposal_and_the_selection_report_lists_the_picks(project: Project) -> None:
    project.write(CANDIDATE_PATH, CANDIDATE.replace("status: candidate", "status: candidate\nselected: {level: tinh, date: 2026-05-28}"))
    status, report = project.validate()
    assert status == 0, report
    status, html = _report(project, "selection", "--year", "2026")
    assert status == 0
    assert "Mô hình, gương điển hình tiêu biểu lựa chọn đề nghị cấp tỉnh năm 2026" in html and "Trần Văn Bình" in html
    assert "Tổng số: 1 (kế hoạch: từ 02 đến 05" in html and "ít hơn kế hoạch" in html
    status, html = _report(project, "selection", "--year", "2025")
    assert status == 0 and "Trần Văn Bình" not in html and "Chưa chọn" in html


# -- privacy: a whole site built with candidates in it ---------------------------------------

SECRET_NOTE = "Ghi chép bồi dưỡng tuyệt mật Zq7"
SECRET_BY = "Người đề xuất kín Xk9"
SECRET_PACT = "Giao ước nội bộ Wp4"


def _add_pipeline(root: Path) -> list[str]:
    """A candidate with a photo, and a published story carrying internal records; the needles to look for."""
    bundle = root / "content/exemplars/2026/tran-van-binh"
    bundle.mkdir(parents=True)
    shutil.copy(root / "content/exemplars/2026/tran-minh-khoa/chan-dung-bs-khoa.jpg", bundle / "binh-ca-truc.jpg")
    text = CANDIDATE.replace("status: candidate", "status: candidate\nphoto: binh-ca-truc.jpg\nphoto_alt: Bác sĩ Bình bên máy lọc máu")
    (bundle / "index.md").write_text(text, encoding="utf-8")
    story = root / "content/exemplars/2025/nguyen-thi-lan/index.md"
    published = story.read_text(encoding="utf-8")
    assert "\nstatus: published\n" in published
    records = f"\nstatus: published\ncultivation:\n  - {{date: 2025-05-01, note: {SECRET_NOTE}}}\nproposal: {{by: {SECRET_BY}, level: tinh, month: 2025-06}}\n"
    story.write_text(published.replace("\nstatus: published\n", records, 1), encoding="utf-8")
    registration = root / "content/registrations/2026-2030/tran-van-binh.yml"
    registration.parent.mkdir(parents=True)
    registration.write_text(f"kind: individual\nname: Trần Văn Bình\nunit: hstc\nperiod: 2026-2030\naims: [{{year: 2027, title: chien-si-thi-dua-co-so}}]\npact: {SECRET_PACT}\n", encoding="utf-8")
    return ["tran-van-binh", "Trần Văn Bình", "Tran Van Binh", "lọc máu liên tục", "binh-ca-truc", SECRET_NOTE, SECRET_BY, SECRET_PACT]


def _texts(site: Path):
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz, the search index's chunks
                with contextlib.suppress(OSError):
                    data = gzip.decompress(data)
            yield path, data.decode("utf-8", "ignore")


def test_candidates_and_pipeline_records_reach_no_output_file(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "p")
    needles = _add_pipeline(root)
    result = load(root, dt.date(2026, 11, 25))
    assert result.ok, [d.text() for d in result.errors]
    assert len(result.content.registrations) == 1 and result.content.exemplar("tran-van-binh").proposal is not None
    site = tmp_path / "site"
    assert build_command(root, Path("mkdocs.yml"), site, dt.date(2026, 11, 25)) == 0
    files = list(_texts(site))
    assert len(files) > 50 and any(p.name == "feed.json" for p, _ in files) and any("pagefind" in p.as_posix() for p, _ in files)
    assert (site / "guong-dien-hinh/nguyen-thi-lan/index.html").is_file()  # the published story is still built
    for path, text in files:
        for needle in needles:
            assert needle not in text, f"{needle!r} leaked into {path.relative_to(site)}"
        assert "tran-van-binh" not in path.as_posix()


def test_a_candidate_survives_a_save_in_the_editor(project: Project) -> None:
    """The Decap form (schema.py) carries the pipeline keys: a candidate saved unchanged means the same."""
    import dataclasses
    import shutil

    from editing import REPO
    from test_roundtrip import decap_rewrite

    from vinhdanh.editor.config import editor_config

    if shutil.which("node") is None or not (REPO / "node_modules/yaml").is_dir():
        pytest.skip("needs node and npm ci")
    path = project.write(CANDIDATE_PATH, CANDIDATE.replace("status: candidate", "status: candidate\nselected: {level: tinh, date: 2026-05-28}"))
    before = load(project.root, DAY)
    fields = editor_config(before.content, proxy_url="http://127.0.0.1:1/api/v1")["collections"][0]["fields"]
    (raw,) = decap_rewrite([(path.read_text(encoding="utf-8"), [f["name"] for f in fields])])
    assert raw != CANDIDATE
    path.write_text(raw, encoding="utf-8")
    after = load(project.root, DAY)
    assert after.ok, [d.text() for d in after.diagnostics]
    same = [dataclasses.replace(r.content.exemplar("tran-van-binh"), body_line=0) for r in (before, after)]
    assert same[0] == same[1] and same[1].selected is not None and len(same[1].cultivation) == 2
