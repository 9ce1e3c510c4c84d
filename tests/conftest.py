"""Shared fixtures: a minimal valid project written into tmp_path, ready to be broken."""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from pathlib import Path

import pytest

TODAY = "2026-06-01"

# One day for the whole run: a build's "today" (Vietnam) and its sitemap dates (UTC) come from
# the clock, and a test comparing two builds failed in CI when midnight fell between them.
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))

SITE = """\
name: Bệnh viện Đa khoa Thử nghiệm
short_name: BVĐK Thử nghiệm
base_url: https://benhvien.example.vn/
"""

UNITS = """\
- id: hstc
  name: Khoa Hồi sức tích cực - Chống độc
  kind: khoa
- id: nhi
  name: Khoa Nhi
  kind: khoa
"""

# Line numbers matter: the catalogue asserts them.
STORY_PATH = "content/exemplars/2025/nguyen-thi-lan/index.md"
STORY = """\
---
title: Điều dưỡng Nguyễn Thị Lan giữ ấm những ca trực đêm
kind: individual
name: Nguyễn Thị Lan
position: Điều dưỡng trưởng khoa
unit: hstc
date: 2025-06-12
summary: Mười lăm năm gắn bó với khoa hồi sức, chị Lan xây dựng bảng kiểm bàn giao người bệnh nặng.
fields: [kham-chua-benh, y-duc]
campaigns: [thi-dua-2025]
awards:
  - year: 2024
    title: chien-si-thi-dua-co-so
    decision: Quyết định số 35/QĐ-BVSH ngày 16/01/2025
consent: Phiếu đồng ý ngày 02/6/2025, lưu tại Phòng TCCB
status: published
tags: [điều dưỡng, hồi sức]
---

Hai giờ sáng, hành lang khoa chỉ còn tiếng máy thở đều đều.
"""

CAMPAIGN_PATH = "content/campaigns/thi-dua-2025.md"
CAMPAIGN = """\
---
title: Phong trào thi đua "Thầy thuốc như mẹ hiền" năm 2025
date: 2025-01-15
summary: Nâng cao tinh thần phục vụ người bệnh trong toàn bệnh viện.
host: Sở Y tế
start: 2025-02-01
end: 2025-12-31
phases:
  - name: Đợt 1
    start: 2025-02-01
    end: 2025-06-30
  - name: Đợt 2
    start: 2025-07-01
    end: 2025-12-31
quota:
  collective: 2
  individual: 5
status: published
---

Mỗi khoa chọn hai việc cụ thể, đo được.
"""


class Project:
    """A throw-away project root; `validate()` runs the real CLI on it."""

    def __init__(self, root: Path):
        self.root = root
        self.write("content/site.yml", SITE)
        self.write("content/units.yml", UNITS)
        self.write(STORY_PATH, STORY)
        self.write(CAMPAIGN_PATH, CAMPAIGN)

    def __str__(self) -> str:
        return str(self.root)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, data: str | bytes) -> Path:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8", newline="")
        return target

    def edit(self, rel: str, old: str, new: str) -> None:
        """Replace exactly one occurrence of `old` in a file."""
        text = self.path(rel).read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
        self.write(rel, text.replace(old, new))

    def run(self, *args: str) -> tuple[int, str]:
        """(exit status, stdout) of `vinhdanh --root ROOT validate ARGS --today TODAY`."""
        from vinhdanh.cli import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = main(["--root", str(self.root), "validate", *args, "--today", TODAY])
        return status, out.getvalue()

    def validate(self, *args: str) -> tuple[int, dict]:
        status, out = self.run("--format", "json", *args)
        return status, json.loads(out)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (never a downloaded browser)."""
    from browser import launch

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = launch(pw)
        try:
            yield b
        finally:
            b.close()
