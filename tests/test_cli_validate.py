"""`vinhdanh validate`: output formats, path filter, exit status; never a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CAMPAIGN_PATH, STORY, STORY_PATH, TODAY, Project

from vinhdanh.cli import main

OTHER = "content/exemplars/2024/le-van-binh.md"
VALID = "content/exemplars/2026/tran-van-an.md"


def broken_twice(project: Project) -> None:
    """One error in the conftest story, two in another story, one warning in the campaign."""
    project.edit(STORY_PATH, "status: published", "status: publish")
    other = STORY.replace("name: Nguyễn Thị Lan", "name: Lê Văn Bình").replace("unit: hstc", "unit: hstcc").replace("date: 2025-06-12", "date: 2025-02-30")
    project.write(OTHER, other)
    project.edit(CAMPAIGN_PATH, "individual: 5", "individual: 0")
    project.write(VALID, STORY.replace("name: Nguyễn Thị Lan", "name: Trần Văn An"))  # over the quota of 0


def test_sample_content_exits_zero(repo_root: Path, capsys) -> None:
    assert main(["--root", str(repo_root), "validate"]) == 0
    out = capsys.readouterr().out
    assert "0 lỗi" in out and "Nội dung hợp lệ." in out and "Traceback" not in out


def test_json_format(project: Project, capsys) -> None:
    broken_twice(project)
    status = main(["--root", str(project.root), "validate", "--format", "json", "--today", TODAY])
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert (report["files"], report["errors"], report["warnings"]) == (6, 3, 1)
    assert [(d["path"], d["line"], d["code"], d["severity"]) for d in report["diagnostics"]] == [
        (CAMPAIGN_PATH, 15, "W601", "warning"),
        (OTHER, 6, "E301", "error"),
        (OTHER, 7, "E205", "error"),
        (STORY_PATH, 16, "E204", "error"),
    ]
    first = report["diagnostics"][1]
    assert set(first) == {"path", "line", "column", "code", "message", "hint", "field", "severity"}
    assert first["field"] == "unit" and first["column"] == 7 and "hstc" in first["hint"]


def test_json_format_when_clean(project: Project, capsys) -> None:
    assert main(["--root", str(project.root), "validate", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"files": 4, "errors": 0, "warnings": 0, "diagnostics": []}


def test_github_format(project: Project, capsys) -> None:
    broken_twice(project)
    project.write("content/exemplars/2023/rong.md", "")  # E107: a whole-file error, no line
    status = main(["--root", str(project.root), "validate", "--format", "github", "--today", TODAY])
    lines = capsys.readouterr().out.strip().split("\n")
    assert status == 1 and len(lines) == 5
    located = [line for line in lines if ",line=" in line]
    assert len(located) == 4
    for line in located:
        assert re.match(r"^::(error|warning) file=content/[^,]+,line=\d+,col=\d+,title=[EW]\d{3}::\S", line), line
    assert f"::error file={OTHER},line=6,col=7,title=E301::" in "\n".join(lines)
    assert f"::warning file={CAMPAIGN_PATH},line=15," in "\n".join(lines)
    assert "::error file=content/exemplars/2023/rong.md,title=E107::" in "\n".join(lines)
    assert all("\n" not in line and "gợi ý" in line for line in lines)


def test_path_argument_restricts_output(project: Project, capsys) -> None:
    broken_twice(project)
    status = main(["--root", str(project.root), "validate", str(project.path(OTHER)), "--format", "json", "--today", TODAY])
    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert {d["path"] for d in report["diagnostics"]} == {OTHER}
    # A folder works too, and a clean folder exits 0 although other files are broken.
    project.edit(STORY_PATH, "status: publish", "status: published")
    status = main(["--root", str(project.root), "validate", str(project.path("content/exemplars/2025")), "--today", TODAY])
    out = capsys.readouterr().out
    assert status == 0 and OTHER not in out and CAMPAIGN_PATH not in out
    status = main(["--root", str(project.root), "validate", str(project.path("content/exemplars")), "--today", TODAY])
    out = capsys.readouterr().out
    assert status == 1 and f"{OTHER}:6:7: E301" in out and CAMPAIGN_PATH not in out


def test_path_argument_keeps_registry_errors(project: Project, capsys) -> None:
    """A broken units.yml breaks every story: it is reported whatever path was asked for."""
    project.write("content/units.yml", "hstc: Khoa Hồi sức\n")
    status = main(["--root", str(project.root), "validate", str(project.path(STORY_PATH))])
    out = capsys.readouterr().out
    assert status == 1 and "content/units.yml:1:1: E802" in out


def test_today_is_the_reference_date(project: Project, capsys) -> None:
    # An award may be dated up to next year (decisions for the coming year), judged by --today.
    project.edit(STORY_PATH, "year: 2024", "year: 2028")
    assert main(["--root", str(project.root), "validate", "--today", "2026-06-01"]) == 1
    assert f"{STORY_PATH}:12:11: E308" in capsys.readouterr().out
    assert main(["--root", str(project.root), "validate", "--today", "2027-01-01"]) == 0


def test_bad_today_is_a_usage_error_in_vietnamese(project: Project, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(project.root), "validate", "--today", "2026-02-30"])
    assert exc.value.code == 2
    assert "ngày không hợp lệ" in capsys.readouterr().err


def test_missing_content_folder(tmp_path: Path, capsys) -> None:
    assert main(["--root", str(tmp_path), "validate"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("content: E801") and "gợi ý" in out


def _bad_project(project: Project) -> None:
    broken_twice(project)
    project.write("content/exemplars/2025/rong.md", b"")
    project.write("content/exemplars/2025/cp1258.md", "---\ntitle: Đ\n---\n".encode("cp1258"))
    project.write("content/exemplars/2025/nul.md", b"---\ntitle: \x00\n---\n")
    project.write("content/exemplars/2025/anh/index.md", STORY.replace("tags:", "photo: ../../../../../etc/passwd\nphoto_alt: x\ntags:"))
    project.write("content/campaigns/vo.md", "---\n- [\n---\n")


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_subprocess_on_a_bad_project_prints_no_traceback(project: Project, fmt: str) -> None:
    _bad_project(project)
    executable = Path(sys.executable).with_name("vinhdanh")
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "vinhdanh.cli"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [*command, "--root", str(project.root), "validate", "--format", fmt, "--today", TODAY],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr and done.stderr == ""
    for code in ("E107", "E101", "E104", "E501", "E301", "E205", "E204"):
        assert code in done.stdout, (code, done.stdout)
    if fmt == "json":
        assert json.loads(done.stdout)["errors"] >= 7


def test_module_entry_point(project: Project) -> None:
    done = subprocess.run([sys.executable, "-m", "vinhdanh.cli", "--root", str(project.root), "validate"], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0 and "Nội dung hợp lệ." in done.stdout


def test_validate_and_build_do_not_load_what_only_other_commands_need(repo_root: Path) -> None:
    """Every command's parser lists the newsroom's commands and a department's settings:
    `validate` (run on every save in CI) must not pay for Argon2 or an HTTP client."""
    code = "import sys\nfrom vinhdanh.cli import main\nmain(['--root', sys.argv[1], 'validate'])\nprint(sorted(m for m in ('argon2', 'http.client', 'ssl') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code, str(repo_root)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout[-500:] + done.stderr[-2000:]
