"""The candidate pipeline in the reports: each unit's proposal of the month, the department's picks.

These reports are internal documents sent upward (to the Sở Y tế, to the province):
they may name a candidate whose story is not published yet, as a proposal must. A
link is given only to a story that is public; a private one says so instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..content.candidates import LEVEL_NAMES
from ..content.model import Content, Exemplar
from ..derive import eligibility
from ..pages.urls import Urls
from . import compose, select
from .tables import Column, Report, Row, Table

NOT_PUBLIC = "(chưa đăng trên trang)"
PICKS = (2, 5)  # "lựa chọn từ 02 đến 05 mô hình, gương điển hình tiêu biểu"


def _link(public: Content, e: Exemplar) -> str:
    if public.exemplar(e.slug) is None:
        return NOT_PUBLIC
    urls = Urls(public.site)
    return urls.absolute(urls.exemplar(e.slug))


def verdict_text(content: Content, e: Exemplar) -> str:
    """'CSTĐ cấp tỉnh: chưa đủ điều kiện (…)', or '' when no title is proposed."""
    p = e.proposal
    if p is None or p.award is None:
        return ""
    return eligibility.check(content.vocabulary, p.award.id, e.awards, p.year).text(content.vocabulary)


def with_proposals(report: Report, public: Content, everything: Content, year: int, month: int) -> Report:
    """The monthly report plus the month's proposals, one per unit (khoa, phòng) as the plans ask."""
    proposals = select.proposed(everything, year, month)
    columns = (
        compose.STT,
        Column("Khoa, phòng", 22),
        Column("Họ và tên / Tập thể", 24),
        compose.POSITION,
        compose.SUMMARY,
        compose.AWARDS,
        Column("Đề xuất", 22),
        Column("Danh hiệu đề nghị, điều kiện", 30),
        compose.LINK,
    )

    def row(i: int, e: Exemplar) -> Row:
        p = e.proposal
        assert p is not None
        return (str(i), e.unit.name, e.name, e.position, e.summary, compose.awards_text(e), f"{p.by}, lên {p.level_name}", verdict_text(everything, e), _link(public, e))

    label = compose.month_label(year, month)
    table = Table(columns, tuple(row(i, e) for i, e in enumerate(proposals, 1)), heading=f"GƯƠNG ĐIỂN HÌNH ĐƯỢC ĐỀ XUẤT TRONG {label.upper()}", empty=f"Chưa có khoa, phòng nào đề xuất trong {label}.")
    notes = report.notes
    if proposals:
        units = sorted({e.unit.name for e in proposals})
        notes = (f"Đề xuất trong tháng: {len(proposals)} gương của {len(units)} khoa, phòng ({', '.join(units)}).", *notes)
    return dataclasses.replace(report, tables=(*report.tables, table), notes=notes)


def selection(public: Content, everything: Content, today: dt.date, year: int, level: str = "tinh") -> Report:
    """The department's picks for the province: stories `selected` at `level` in `year`."""
    groups = select.selected(everything, year, level)
    members = [e for items in groups.values() for e in items]
    level_name = LEVEL_NAMES[level]

    def row(i: int, e: Exemplar) -> Row:
        p, s = e.proposal, e.selected
        assert p is not None and s is not None
        return (str(i), e.name, e.position, e.unit.name, e.summary, compose.awards_text(e), f"{p.by} ({p.month:02d}/{p.year}); chọn ngày {s.date:%d/%m/%Y}", _link(public, e))

    columns = (compose.STT, Column("Tập thể, cá nhân", 26), compose.POSITION, compose.UNIT, compose.SUMMARY, compose.AWARDS, Column("Đề xuất, lựa chọn", 26), compose.LINK)
    table = Table(columns, compose.grouped_rows(groups, row), empty=f"Chưa chọn mô hình, gương điển hình nào đề nghị {level_name} năm {year}.")
    low, high = PICKS
    count = len(members)
    notes = [f"Tổng số: {count} (kế hoạch: từ {low:02d} đến {high:02d} mô hình, gương điển hình tiêu biểu)."]
    if level == "tinh" and not low <= count <= high:
        notes.append(f"Lưu ý: số lượng đã chọn ({count}) {'ít hơn' if count < low else 'nhiều hơn'} kế hoạch.")
    subtitle = (f"Mô hình, gương điển hình tiêu biểu lựa chọn đề nghị {level_name} năm {year}",)
    return compose.report(public, today, "DANH SÁCH", subtitle, (table,), members, notes=tuple(notes), sheet=f"Lựa chọn {year}")
