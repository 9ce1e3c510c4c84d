"""`vinhdanh report period --from --to`: the statistics of a half-year, a sơ kết or a tổng kết.

Counts by khoa/phòng, field, award, kind and year; which departments have no exemplar
in the period; how far each campaign's quota is met. Counts that people compare at a
glance also get a bar chart (Table.chart). The exemplars are those of `select.between`,
over the public view only, as every report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..content.model import Campaign, Content, Exemplar
from ..derive.coverage import award_in, departments, without_exemplar
from . import compose, select
from .tables import Bar, Chart, Column, Report, Row, Table

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
STT = compose.STT


def _count(title: str, width: float = 11) -> Column:
    return Column(title, width, "center", number=True)


COUNTS = (_count("Tập thể"), _count("Cá nhân"), _count("Tổng"))
NO_FIELD = "Chưa ghi lĩnh vực"
NOTE = (
    "Số liệu gồm các tập thể, cá nhân có bài vinh danh đăng trong kỳ hoặc được khen thưởng trong kỳ "
    "(theo ngày của quyết định; quyết định không ghi ngày tính theo năm). Một gương điển hình có thể thuộc nhiều lĩnh vực."
)


def sheet_name(first: dt.date, last: dt.date) -> str:
    return f"{first:%d-%m-%Y} đến {last:%d-%m-%Y}"


def day_text(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def kinds(items: Iterable) -> tuple[str, str, str]:
    """(collectives, individuals, total) of exemplars, or of (exemplar, award) pairs;
    a department's SectorExemplars count the same way."""
    kinds = Counter((i[0] if isinstance(i, tuple) else i).kind for i in items)
    return str(kinds["collective"]), str(kinds["individual"]), str(kinds["collective"] + kinds["individual"])


def counted(label: str, groups: Sequence[tuple[str, list]], chart_title: str, empty: str, **headings) -> Table:
    """One row per (name, items), with kinds and total; the totals also as a bar chart."""
    rows = tuple((str(i), name, *kinds(items)) for i, (name, items) in enumerate(groups, 1))
    chart = Chart(chart_title, tuple(Bar(name, len(items)) for name, items in groups)) if len(groups) > 1 else None  # one bar compares nothing
    return Table((STT, Column(label, 40), *COUNTS), rows, empty=empty, chart=chart, **headings)


def _by_unit(content: Content, chosen: list[Exemplar], heading: str) -> Table:
    """Every khoa/phòng of units.yml (a zero shows the gap), then any other unit with exemplars."""
    listed = departments(content)
    listed += [u for u in content.units.values() if u not in listed and any(e.unit.id == u.id for e in chosen)]
    groups = [(u.name, [e for e in chosen if e.unit.id == u.id]) for u in listed]
    return counted("Khoa, phòng", groups, "Số gương điển hình theo khoa, phòng", "units.yml chưa có khoa, phòng nào.", heading=heading)


def _field_names(e: Exemplar) -> list[str]:
    return [f.name for f in e.fields or ()]


def by_field(content: Content, chosen: list, heading: str, names_of: Callable[[Any], list[str]] = _field_names) -> Table:
    """Most frequent field first, ties in vocabulary order; `names_of` reads an item's field names."""
    groups: dict[str, list] = {}
    for e in chosen:
        found = names_of(e)
        for name in found:
            groups.setdefault(name, []).append(e)
        if not found:
            groups.setdefault(NO_FIELD, []).append(e)
    names = {f.name: i for i, f in enumerate(content.vocabulary.fields.values())}
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), names.get(item[0], len(names))))
    return counted("Lĩnh vực", ranked, "Số gương điển hình theo lĩnh vực", "Không có gương điển hình nào trong kỳ.", heading=heading)


def awards_between(chosen: list, first: dt.date, last: dt.date) -> list[tuple]:
    """(exemplar, award) of every award in the range; an Exemplar's or a SectorExemplar's."""
    return [(e, a) for e in chosen for a in e.awards if award_in(a, first, last)]


def by_award(pairs: list[tuple], heading: str) -> Table:
    """Highest honour first; a unit's award (no AwardTitle) is known by its rank and full name."""
    titles = sorted({compose.award_names(a)[::2] for _, a in pairs})
    groups = [(name, [(e, a) for e, a in pairs if compose.award_names(a)[::2] == (rank, name)]) for rank, name in titles]
    return counted("Danh hiệu, hình thức khen thưởng", groups, "Lượt khen thưởng theo danh hiệu", "Không có khen thưởng nào trong kỳ.", heading=heading)


def by_year(between: Callable[[dt.date, dt.date], list], first: dt.date, last: dt.date, heading: str) -> Table:
    """Each calendar year of the period, clipped to it: an exemplar may count in two years.
    `between(start, end)` lists the exemplars of a range (a unit's, or a whole sector's)."""
    rows: list[Row] = []
    bars = []
    for year in range(first.year, last.year + 1):
        start, end = max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))
        chosen = between(start, end)
        awards = awards_between(chosen, start, end)
        rows.append((str(year), *kinds(chosen), str(len(awards))))
        bars.append(Bar(f"Năm {year}", len(chosen)))
    chart = Chart("Số gương điển hình theo năm", tuple(bars)) if len(bars) > 1 else None
    columns = (Column("Năm", 10, "center", number=True), *COUNTS, _count("Lượt khen thưởng", 14))
    return Table(columns, tuple(rows), heading=heading, chart=chart)


def _honoured(content: Content) -> Callable[[Campaign], Callable[[str], int]]:
    """A unit's count of a campaign: its own stories naming it, by kind."""

    def count(c: Campaign) -> Callable[[str], int]:
        groups = select.campaign(content, c.slug)
        return lambda kind: len(groups[kind])

    return count


def campaigns(content: Content, first: dt.date, last: dt.date, heading: str, honoured: Callable[[Campaign], Callable[[str], int]] | None = None) -> Table:
    """Campaigns running during the period: their quota against the exemplars honoured so far.
    `honoured(campaign)(kind)` counts them (a department counts its units' too: department/tally.py)."""
    count_of = honoured or _honoured(content)
    rows: list[Row] = []
    for c in sorted((c for c in content.campaigns if c.start <= last and c.end >= first), key=lambda c: (c.start, c.slug)):
        count = count_of(c)
        quota = [(compose.GROUP_LABELS[k].capitalize(), c.quota.for_kind(k) if c.quota else None, count(k)) for k in select.KIND_ORDER]
        asked = "; ".join(f"{label}: {q}" for label, q, _ in quota if q is not None) or "Không giao"
        done = "; ".join(f"{label}: {n}" for label, _, n in quota)
        verdict = "; ".join(f"{label}: {compose.quota_row(label, q, n)[3].lower()}" for label, q, n in quota if q is not None)
        rows.append((c.title, f"{day_text(c.start)} – {day_text(c.end)}", asked, done, verdict))
    columns = (Column("Phong trào", 40), Column("Thời gian", 16, "center"), Column("Chỉ tiêu", 14), Column("Đã vinh danh", 14), Column("Đánh giá", 18))
    return Table(columns, tuple(rows), heading=heading, empty="Không có phong trào nào diễn ra trong kỳ.")


def _silent(content: Content, chosen: list[Exemplar], heading: str) -> Table:
    rows = tuple((str(i), u.name) for i, u in enumerate(without_exemplar(content, chosen), 1))
    return Table((STT, Column("Khoa, phòng chưa có gương điển hình trong kỳ", 60)), rows, heading=heading, empty="Mọi khoa, phòng đều có gương điển hình trong kỳ.")


def period(content: Content, today: dt.date, first: dt.date, last: dt.date) -> Report:
    chosen = select.between(content, first, last)
    pairs = awards_between(chosen, first, last)
    silent = without_exemplar(content, chosen)
    total = len(departments(content))
    covered = total - len(silent)
    sections: list[Callable[[str], Table]] = [
        lambda h: _by_unit(content, chosen, h),
        lambda h: by_field(content, chosen, h),
        lambda h: by_award(pairs, h),
        lambda h: by_year(lambda start, end: select.between(content, start, end), first, last, h),
        lambda h: campaigns(content, first, last, h),
        lambda h: _silent(content, chosen, h),
    ]
    headings = ("THEO KHOA, PHÒNG", "THEO LĨNH VỰC", "THEO DANH HIỆU, HÌNH THỨC KHEN THƯỞNG", "THEO NĂM", "PHONG TRÀO THI ĐUA: CHỈ TIÊU KHEN THƯỞNG", "KHOA, PHÒNG CHƯA CÓ GƯƠNG ĐIỂN HÌNH")
    tables = tuple(make(f"{numeral}. {heading}") for numeral, make, heading in zip(ROMAN, sections, headings, strict=False))
    collectives, individuals, all_ = kinds(chosen)
    share = f" ({100 * covered / total:.0f}%)" if total else ""
    intro = (
        f"Tổng số: {all_} gương điển hình ({collectives} tập thể, {individuals} cá nhân); {len(pairs)} lượt khen thưởng.",
        f"Khoa, phòng có gương điển hình: {covered}/{total}{share}.",
    )
    notes = (NOTE,)
    subtitle = ("Thống kê gương điển hình tiên tiến", f"từ ngày {day_text(first)} đến ngày {day_text(last)}")
    # The legend explains the awards this report counts, not a story's older ones that no table shows.
    counted = [dataclasses.replace(e, awards=tuple(a for a in e.awards if award_in(a, first, last))) for e in chosen]
    return compose.report(content, today, "BÁO CÁO", subtitle, tables, counted, intro=intro, notes=notes, sheet=sheet_name(first, last))
