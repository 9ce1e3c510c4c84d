"""Eligibility rules: declared as vocabulary data, checked from the award history, shown on a proposal."""

from __future__ import annotations

import datetime as dt

from conftest import STORY_PATH, TODAY, Project

from vinhdanh.content.model import Award
from vinhdanh.content.reader import load
from vinhdanh.content.vocabulary import Vocabulary
from vinhdanh.derive import eligibility

VOCAB = Vocabulary.builtin()


def history(*pairs: tuple[int, str]) -> list[Award]:
    return [Award(year, VOCAB.awards[title]) for year, title in pairs]


def test_three_consecutive_years_of_cstdcs_pass_and_a_gap_fails() -> None:
    """Chiến sĩ thi đua cấp tỉnh needs 03 consecutive years of Chiến sĩ thi đua cơ sở (awards.md)."""
    passing = eligibility.check(VOCAB, "chien-si-thi-dua-cap-tinh", history((2023, "chien-si-thi-dua-co-so"), (2024, "chien-si-thi-dua-co-so"), (2025, "chien-si-thi-dua-co-so")), 2026)
    assert passing.eligible and passing.rule is not None
    assert passing.text(VOCAB) == "CSTĐ cấp tỉnh: đủ điều kiện (03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở)"
    gap = eligibility.check(VOCAB, "chien-si-thi-dua-cap-tinh", history((2021, "chien-si-thi-dua-co-so"), (2022, "chien-si-thi-dua-co-so"), (2024, "chien-si-thi-dua-co-so")), 2026)
    assert not gap.eligible
    assert gap.missing == ("03 năm liên tục Chiến sĩ thi đua cơ sở, mới có 2 (2021, 2022, 2024)",)
    # Awards after the year judged do not count.
    late = eligibility.check(VOCAB, "chien-si-thi-dua-cap-tinh", history((2024, "chien-si-thi-dua-co-so"), (2025, "chien-si-thi-dua-co-so"), (2026, "chien-si-thi-dua-co-so")), 2025)
    assert not late.eligible


def test_a_title_without_rules_is_not_judged() -> None:
    verdict = eligibility.check(VOCAB, "giay-khen", [], 2026)
    assert verdict.eligible and not verdict.checked and "không có điều kiện" in verdict.text(VOCAB)


def test_same_year_rule_for_cstdcs() -> None:
    ok = eligibility.check(VOCAB, "chien-si-thi-dua-co-so", history((2026, "lao-dong-tien-tien"), (2026, "sang-kien-co-so")), 2026)
    assert ok.eligible
    old_initiative = eligibility.check(VOCAB, "chien-si-thi-dua-co-so", history((2026, "lao-dong-tien-tien"), (2024, "sang-kien-co-so")), 2026)
    assert not old_initiative.eligible and "trong năm 2026" in old_initiative.missing[0]


# The provincial plan's threshold (seeds/002): "ít nhất 02 lần được tặng Bằng khen của Chủ tịch
# UBND tỉnh và 01 lần Bằng khen của Bộ … hoặc ít nhất 02 lần Bằng khen Bộ", as a site's rules.
PLAN_RULES = """\
awards:
  - id: guong-dien-hinh-cap-tinh
    name: Gương điển hình tiên tiến tiêu biểu cấp tỉnh
    for: both
    rank: 54
rules:
  - title: guong-dien-hinh-cap-tinh
    text: ít nhất 02 lần Bằng khen của Chủ tịch UBND tỉnh và 01 lần Bằng khen của Bộ
    needs:
      - {awards: [bang-khen-ubnd-tinh], count: 2}
      - {awards: [bang-khen-bo-y-te], count: 1}
  - title: guong-dien-hinh-cap-tinh
    text: ít nhất 02 lần Bằng khen của Bộ
    needs:
      - {awards: [bang-khen-bo-y-te], count: 2}
"""

PROPOSAL = "proposal:\n  by: Khoa Hồi sức tích cực - Chống độc\n  level: tinh\n  month: 2026-05\n  award: guong-dien-hinh-cap-tinh\n"


def _awards(project: Project, lines: str) -> None:
    old = "awards:\n  - year: 2024\n    title: chien-si-thi-dua-co-so\n    decision: Quyết định số 35/QĐ-BVSH ngày 16/01/2025\n"
    project.edit(STORY_PATH, old, "awards:\n" + lines)
    project.edit(STORY_PATH, "status: published\n", "status: published\n" + PROPOSAL)


def test_a_proposal_meeting_the_plans_threshold_is_quiet(project: Project) -> None:
    project.write("content/vocabulary.yml", PLAN_RULES)
    _awards(project, "  - {year: 2022, title: bang-khen-ubnd-tinh}\n  - {year: 2024, title: bang-khen-ubnd-tinh}\n  - {year: 2025, title: bang-khen-bo-y-te}\n")
    status, report = project.validate()
    assert status == 0 and report["diagnostics"] == [], report


def test_a_proposal_missing_the_threshold_is_warned_with_the_rule_and_the_gap(project: Project) -> None:
    project.write("content/vocabulary.yml", PLAN_RULES)
    _awards(project, "  - {year: 2024, title: bang-khen-ubnd-tinh}\n  - {year: 2025, title: bang-khen-bo-y-te}\n")
    status, report = project.validate()
    assert status == 0  # a warning: the proposal is the office's call, the check informs it
    [warning] = report["diagnostics"]
    assert (warning["code"], warning["line"], warning["field"], warning["severity"]) == ("W330", 20, "proposal.award", "warning")
    assert "ít nhất 02 lần Bằng khen của Chủ tịch UBND tỉnh" in warning["message"]
    assert "02 lần Bằng khen của Chủ tịch UBND tỉnh, mới có 1 (2024)" in warning["message"]


def test_site_rules_replace_the_builtin_ones_for_that_title(project: Project) -> None:
    project.write(
        "content/vocabulary.yml",
        "rules:\n  - title: chien-si-thi-dua-cap-tinh\n    text: 02 năm liên tục Chiến sĩ thi đua cơ sở\n    needs:\n      - {awards: [chien-si-thi-dua-co-so], count: 2, consecutive: true}\n",
    )
    vocabulary = load(project.root, dt.date.fromisoformat(TODAY)).content.vocabulary
    assert [r.text for r in vocabulary.rules["chien-si-thi-dua-cap-tinh"]] == ["02 năm liên tục Chiến sĩ thi đua cơ sở"]
    assert eligibility.check(vocabulary, "chien-si-thi-dua-cap-tinh", history((2024, "chien-si-thi-dua-co-so"), (2025, "chien-si-thi-dua-co-so")), 2026).eligible
    assert "chien-si-thi-dua-toan-quoc" in vocabulary.rules  # the others stay


def test_the_guide_lists_the_builtin_rules(repo_root) -> None:
    import re

    from vinhdanh.content.vocabulary import BUILTIN_RULES

    guide = (repo_root / "docs/huong-dan-soan-bai.md").read_text(encoding="utf-8")
    section = guide[guide.index("## 19. Điều kiện của danh hiệu") :]
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+?) \| ([^|]+?) \|$", section, re.M)
    assert rows == [(r.title, VOCAB.awards[r.title].name, r.text) for r in BUILTIN_RULES]
