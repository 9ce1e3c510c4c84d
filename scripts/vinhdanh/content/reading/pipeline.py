"""A story's candidate pipeline keys: `cultivation`, `proposal`, `selected` (schema.py, pipeline.py)."""

from __future__ import annotations

import re

from ...derive import eligibility
from ..candidates import Note, Proposal, Selection
from ..fields import Fields, did_you_mean
from ..frontmatter import Node
from ..model import Award, Exemplar
from ..nameindex import by_name
from ..schema import Key, keys_of
from ..vocabulary import AwardTitle, Vocabulary
from .across import key_line
from .keys import read_plain
from .run import Run

MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def read_cultivation(f: Fields, k: Key) -> list[Note]:
    node = f.map.get(k.key)
    if node is None or node.kind == "null":
        return []
    example = "{date: 2026-03-10, note: Cử đi tập huấn}"
    if node.kind != "seq":
        f.report("E203", node, k.key, f"`{k.key}` phải là một danh sách, mỗi mục có `date` và `note`.", f"Ví dụ:\n    {k.key}:\n      - {example}")
        return []
    notes = []
    for item in node.value:
        sub = f.mapping_of(item, k.key, keys_of(k.parts), example)
        if sub is not None:
            date, note = (read_plain(sub, part) for part in k.parts)
            if date and note:
                notes.append(Note(date, note))
    return sorted(notes, key=lambda n: n.date)


def read_proposal(f: Fields, k: Key, vocabulary: Vocabulary, kind: str | None, awards: list[Award]) -> Proposal | None:
    sub = _group(f, k)
    if sub is None:
        return None
    parts = {p.key: p for p in k.parts}
    by, level = read_plain(sub, parts["by"]), read_plain(sub, parts["level"])
    month = _month(sub, parts["month"])
    award = _award(sub, vocabulary, kind)
    if not (by and level and month):
        return None
    proposal = Proposal(by, level, month[0], month[1], award)
    if award is not None:
        verdict = eligibility.check(vocabulary, award.id, awards, proposal.year)
        if not verdict.eligible:
            sub.report(
                "W330",
                sub.map["award"],
                "proposal.award",
                f"Đề nghị danh hiệu “{award.name}” nhưng thành tích trong `awards` chưa đủ điều kiện: {verdict.text(vocabulary)}.",
                "Kiểm tra lại `awards` (thiếu danh hiệu nào thì bổ sung), hoặc đề nghị danh hiệu khác.",
                severity="warning",
            )
    return proposal


def read_selected(f: Fields, k: Key, proposal: Proposal | None) -> Selection | None:
    sub = _group(f, k)
    if sub is None:
        return None
    level, date = (read_plain(sub, part) for part in k.parts)
    if "proposal" not in f.map:
        f.report_key(
            "E330",
            f.map[k.key],
            k.key,
            "Bài có `selected` (được chọn) nhưng chưa có `proposal` (đề xuất): chỉ chọn được gương đã được đề xuất.",
            "Thêm `proposal: {by: ..., level: nganh, month: 2026-11}` trước `selected`.",
        )
        return None
    return Selection(level, date) if level and date and proposal else None


def _group(f: Fields, k: Key) -> Fields | None:
    node = f.map.get(k.key)
    if node is None or node.kind == "null":
        return None
    return f.mapping_of(node, k.key, keys_of(k.parts), k.example)


def _month(sub: Fields, k: Key) -> tuple[int, int] | None:
    node = sub.get(k.key, True, k.example)
    if node is None:
        return None
    match = MONTH_RE.match(node.raw.strip()) if node.is_scalar else None
    if not match or not 1 <= int(match[2]) <= 12:
        sub.report("E205", node, k.key, f"`{k.key}` phải là tháng dạng `YYYY-MM`, nhưng đang là `{node.raw}`.", f"Ví dụ: `{k.key}: {k.example}` (năm-tháng).")
        return None
    return int(match[1]), int(match[2])


def _award(sub: Fields, vocabulary: Vocabulary, kind: str | None) -> AwardTitle | None:
    node = sub.get("award", False, "")
    return award_title(sub, node, "proposal.award", vocabulary.awards, kind) if node is not None else None


def award_title(f: Fields, node: Node, key: str, awards: dict[str, AwardTitle], kind: str | None) -> AwardTitle | None:
    """The award id on `node`, or None after saying what is wrong (unknown: E303; wrong kind: E304)."""
    value = f.text_of(node, key)
    title = awards.get(value or "")
    if title is None and value:
        named = by_name(awards, abbreviations=True).find(value)
        hint = f"Dùng mã `{named.id}` ({named.name})." if named else (did_you_mean(value, awards) or "Xem danh sách mã danh hiệu trong hướng dẫn soạn bài.")
        f.report("E303", node, key, f"Không có danh hiệu `{value}` trong bộ từ vựng.", hint)
        return None
    if title is not None and kind and not title.allows(kind):
        who = "tập thể" if title.for_ == "collective" else "cá nhân"
        f.report("E304", node, key, f"Danh hiệu “{title.name}” chỉ dành cho {who}, nhưng ở đây là `kind: {kind}`.", "Kiểm tra lại `kind`, hoặc chọn danh hiệu đúng đối tượng.")
        return None
    return title


def check_proposals(run: Run, exemplars: list[Exemplar]) -> None:
    """The plans ask one proposed exemplar per unit and month at each level: a second one is a warning."""
    seen: dict[tuple, Exemplar] = {}
    for e in sorted(exemplars, key=lambda e: e.rel_path):
        p = e.proposal
        if p is None or e.status == "withdrawn":
            continue
        first = seen.setdefault((e.unit.id, p.year, p.month, p.level), e)
        if first is not e:
            run.add(
                e.rel_path,
                key_line(e.source, "proposal"),
                1,
                "W331",
                f"{e.unit.name} đã đề xuất `{first.slug}` lên {p.level_name} trong tháng {p.month:02d}/{p.year}; kế hoạch chỉ yêu cầu 01 gương mỗi tháng.",
                f"Giữ một đề xuất cho tháng này; đề xuất kia chuyển sang tháng khác (`month` trong `proposal`) hoặc xem lại `{first.rel_path}`.",
                "proposal",
                "warning",
            )
