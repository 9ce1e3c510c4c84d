"""`vinhdanh report period --from --to --sector`: a department's period statistics over
its units' snapshots, with the same tables and charts as a unit's (reports/period.py).

The department's own stories count as one more row, "(cơ quan)". Every configured unit is
listed, a zero included; one never imported, or whose export has no exemplar at all, is
marked so, since a department reads this table to see who has not reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..content.model import Campaign, Content, Exemplar
from ..derive.coverage import award_in
from ..reports import compose, select
from ..reports import period as unit_period
from ..reports.tables import Column, Report, Row, Table
from .snapshot import Sector, SectorExemplar
from .tally import campaign_tally

NOT_IMPORTED = "chưa nhập được dữ liệu"
NOTHING_SENT = "chưa gửi gương điển hình nào"
NONE_IN_PERIOD = "không có gương điển hình trong kỳ"
HEADINGS = ("THEO ĐƠN VỊ", "THEO LĨNH VỰC", "THEO DANH HIỆU, HÌNH THỨC KHEN THƯỞNG", "THEO NĂM", "PHONG TRÀO THI ĐUA CỦA SỞ: CHỈ TIÊU KHEN THƯỞNG", "ĐƠN VỊ CHƯA CÓ GƯƠNG ĐIỂN HÌNH")


def units_between(sector: Sector, first: dt.date, last: dt.date) -> list[SectorExemplar]:
    """The units' exemplars of the range, by the rule of `select.in_range`: published in it, or honoured in it."""
    return [e for e in sector.exemplars if first <= e.date <= last or any(award_in(a, first, last) for a in e.awards)]


def _field_names(e: Exemplar | SectorExemplar) -> list[str]:
    if isinstance(e, SectorExemplar):
        return [name for _, name in e.fields]
    return [f.name for f in e.fields or ()]


def _absence(sector: Sector, source_id: str) -> str:
    """Why a unit has nothing at all: '' when it sent exemplars (maybe none in the period)."""
    snap = sector.snapshot(source_id)
    if snap is None:
        return NOT_IMPORTED
    return "" if snap.exemplars else NOTHING_SENT


def _by_unit(content: Content, sector: Sector, own: list[Exemplar], units: list[SectorExemplar], heading: str) -> Table:
    groups: list[tuple[str, list]] = [(f"{content.site.name} (cơ quan)", list(own))] if own else []
    for source in sector.sources:
        why = _absence(sector, source.id)
        groups.append((f"{source.name} ({why})" if why else source.name, [e for e in units if e.source.id == source.id]))
    return unit_period.counted("Đơn vị", groups, "Số gương điển hình theo đơn vị", "Chưa có đơn vị trực thuộc nào.", heading=heading)


def _silent(sector: Sector, units: list[SectorExemplar], heading: str) -> Table:
    covered = {e.source.id for e in units}
    rows: tuple[Row, ...] = tuple((str(i), s.name, (_absence(sector, s.id) or NONE_IN_PERIOD).capitalize()) for i, s in enumerate((s for s in sector.sources if s.id not in covered), 1))
    columns = (unit_period.STT, Column("Đơn vị chưa có gương điển hình trong kỳ", 44), Column("Ghi chú", 26))
    return Table(columns, rows, heading=heading, empty="Mọi đơn vị đều có gương điển hình trong kỳ.")


def _honoured(content: Content, sector: Sector) -> Callable[[Campaign], Callable[[str], int]]:
    """A department campaign's count across the units (the same tally as its page and `report campaign --sector`)."""
    return lambda c: campaign_tally(content, sector, c).count


def period(content: Content, sector: Sector, today: dt.date, first: dt.date, last: dt.date) -> Report:
    own = select.between(content, first, last)
    units = units_between(sector, first, last)
    everyone: list = [*own, *units]
    pairs = unit_period.awards_between(everyone, first, last)
    sections: list[Callable[[str], Table]] = [
        lambda h: _by_unit(content, sector, own, units, h),
        lambda h: unit_period.by_field(content, everyone, h, _field_names),
        lambda h: unit_period.by_award(pairs, h),
        lambda h: unit_period.by_year(lambda start, end: [*select.between(content, start, end), *units_between(sector, start, end)], first, last, h),
        lambda h: unit_period.campaigns(content, first, last, h, _honoured(content, sector)),
        lambda h: _silent(sector, units, h),
    ]
    tables = tuple(make(f"{numeral}. {heading}") for numeral, make, heading in zip(unit_period.ROMAN, sections, HEADINGS, strict=False))
    collectives, individuals, all_ = unit_period.kinds(everyone)
    total = len(sector.sources)
    covered = len({e.source.id for e in units})
    share = f" ({100 * covered / total:.0f}%)" if total else ""
    intro = (
        f"Tổng số: {all_} gương điển hình ({collectives} tập thể, {individuals} cá nhân); {len(pairs)} lượt khen thưởng.",
        f"Đơn vị trực thuộc có gương điển hình: {covered}/{total}{share}.",
    )
    notes = (unit_period.NOTE, "Số liệu của các đơn vị theo lần nhập gần nhất (lệnh vinhdanh import), chỉ gồm bài đã công khai.")
    subtitle = ("Thống kê gương điển hình tiên tiến toàn ngành", f"từ ngày {unit_period.day_text(first)} đến ngày {unit_period.day_text(last)}")
    return compose.report(content, today, "BÁO CÁO", subtitle, tables, everyone, intro=intro, notes=notes, sheet=unit_period.sheet_name(first, last))
