"""Turn selected exemplars into format-neutral `Report`s (tables.py).

Every text a reader of the report sees is decided here, once, for all three formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..content.model import Campaign, Content, Exemplar
from ..content.text import admin_date
from ..content.vocabulary import AwardTitle
from ..pages.urls import Urls
from . import registered, select
from .tables import Column, Group, Letterhead, Report, Row, Signature, Table

ROMAN = ("I", "II", "III", "IV", "V")
Item = TypeVar("Item")
GROUP_LABELS = {"collective": "TẬP THỂ", "individual": "CÁ NHÂN"}
DEFAULT_SIGNER_TITLE = "THỦ TRƯỞNG ĐƠN VỊ"

STT = Column("STT", 5, "center", number=True)
POSITION = Column("Chức vụ", 20)
UNIT = Column("Đơn vị", 22)
SUMMARY = Column("Tóm tắt thành tích", 60)
AWARDS = Column("Danh hiệu, hình thức khen thưởng", 24)
LINK = Column("Đường dẫn", 34, link=True)
GROUPED_COLUMNS = (STT, Column("Tập thể, cá nhân", 26), POSITION, UNIT, SUMMARY, AWARDS, LINK)


def month_label(year: int, month: int) -> str:
    """'tháng 02 năm 2026', 'tháng 11 năm 2026': months 1 and 2 padded, as in admin dates."""
    return f"tháng {month:02d} năm {year}" if month <= 2 else f"tháng {month} năm {year}"


def awards_text(exemplar: Exemplar) -> str:
    """'TTƯT (2025); BK BYT (2024)': newest year first, higher honour first within a year."""
    return "; ".join(f"{a.title.short} ({year})" for year, items in exemplar.awards_by_year() for a in items)


def year_awards_text(exemplar: Exemplar, year: int) -> str:
    """The seeds' registration cell: 'LĐTT – CSTĐCS – GK' for one year."""
    return " – ".join(a.title.short for y, items in exemplar.awards_by_year() if y == year for a in items)


def admin_day(day: dt.date) -> str:
    return admin_date(day.day, day.month, day.year)


def abbreviation_legend(exemplars: Iterable) -> tuple[str, ...]:
    """'Chữ viết tắt: …' for every abbreviated award of these Exemplars, or of a
    department's SectorExemplars (whose awards carry their own short and full names)."""
    names: dict[tuple[str, str], int] = {}
    for e in exemplars:
        for a in e.awards:
            rank, short, name = award_names(a)
            if short and short != name:
                names.setdefault((short, name), rank)
    if not names:
        return ()
    items = sorted(names.items(), key=lambda item: (item[1], item[0]))
    return ("Chữ viết tắt: " + "; ".join(f"{short} - {name}" for (short, name), _ in items) + ".",)


def award_names(award) -> tuple[int, str, str]:
    """(rank, abbreviation, full name) of an Award, or of a department's SectorAward."""
    title: AwardTitle | None = getattr(award, "title", None)
    if title is not None:
        return title.rank, title.abbreviation, title.name
    return award.rank, award.short, award.name


def letterhead(content: Content, today: dt.date) -> Letterhead:
    site = content.site
    place = f"{site.locality}, " if site.locality else ""
    return Letterhead(
        parent=site.parent.upper(),
        organisation=site.name.upper(),
        place_date=place + admin_day(today),
    )


def signature(content: Content) -> Signature:
    site = content.site
    recipients = ["Nơi nhận:"]
    if site.parent:
        recipients.append(f"- {site.parent} (báo cáo);")
    recipients.append("- Lưu: VT.")
    signer = site.signer
    return Signature(signer.title if signer else DEFAULT_SIGNER_TITLE, signer.name if signer else "", tuple(recipients))


def _listing_row(number: int, e: Exemplar, urls: Urls) -> Row:
    return (str(number), e.name, e.position, e.unit.name, e.summary, awards_text(e), urls.absolute(urls.exemplar(e.slug)))


def grouped_rows(groups: dict[str, list[Item]], row: Callable[[int, Item], Row]) -> tuple[Row | Group, ...]:
    """Group rows 'I. TẬP THỂ', 'II. CÁ NHÂN' (non-empty groups only), STT restarting in each."""
    rows: list = []
    present = [(kind, items) for kind, items in groups.items() if items]
    for numeral, (kind, items) in zip(ROMAN, present, strict=False):
        rows.append(Group(f"{numeral}. {GROUP_LABELS[kind]}"))
        rows += [row(i, e) for i, e in enumerate(items, 1)]
    return tuple(rows)


def _grouped_listing(content: Content, groups: dict[str, list[Exemplar]], **table) -> Table:
    """The yearly and campaign list: by kind, with summary, awards and link."""
    urls = Urls(content.site)
    return Table(GROUPED_COLUMNS, grouped_rows(groups, lambda i, e: _listing_row(i, e, urls)), **table)


def _members(groups: dict[str, list[Exemplar]]) -> list[Exemplar]:
    return [e for items in groups.values() for e in items]


def _count_note(groups: dict[str, list[Exemplar]]) -> str:
    return f"Tổng số: {len(groups['collective'])} tập thể, {len(groups['individual'])} cá nhân."


def report(
    content: Content,
    today: dt.date,
    title: str,
    subtitle: tuple[str, ...],
    tables: tuple[Table, ...],
    exemplars: list,  # whose awards the legend explains: Exemplars, and a department's SectorExemplars
    intro: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    sheet: str = "Danh sách",
) -> Report:
    """Letterhead, abbreviations and signature around `tables`: the frame of every report (unit's and department's)."""
    return Report(
        letterhead=letterhead(content, today),
        title=title,
        subtitle=subtitle,
        tables=tables,
        intro=intro,
        notes=notes + abbreviation_legend(exemplars),
        signature=signature(content),
        sheet_name=sheet,
        document_title=" ".join((title.capitalize(), *subtitle)),
    )


def monthly(content: Content, today: dt.date, year: int, month: int) -> Report:
    urls = Urls(content.site)
    chosen = select.monthly(content, year, month)
    columns = (STT, Column("Họ và tên / Tập thể", 26), POSITION, UNIT, SUMMARY, AWARDS, LINK)
    rows = tuple(_listing_row(i, e, urls) for i, e in enumerate(chosen, 1))
    notes: tuple[str, ...] = ()
    if chosen:
        first = chosen[0]
        notes = (f"Gương điển hình đề xuất giới thiệu trong tháng: {first.name} ({first.unit.name}).", f"Tổng số: {len(chosen)}.")
    label = month_label(year, month)
    table = Table(columns, rows, empty=f"Không có gương điển hình nào được đăng trong {label}.")
    return report(content, today, "DANH SÁCH", (f"Gương điển hình tiên tiến tiêu biểu {label}", "(kèm tóm tắt thành tích)"), (table,), chosen, notes=notes, sheet=f"Tháng {month:02d}-{year}")


def yearly(content: Content, today: dt.date, year: int) -> Report:
    groups = select.yearly(content, year)
    table = _grouped_listing(content, groups, empty=f"Không có gương điển hình nào trong năm {year}.")
    notes = (
        f"Danh sách gồm các tập thể, cá nhân có bài vinh danh đăng trong năm {year} hoặc được khen thưởng trong năm {year}.",
        _count_note(groups),
    )
    return report(content, today, "DANH SÁCH", (f"Tập thể, cá nhân điển hình tiên tiến năm {year}",), (table,), _members(groups), notes=notes, sheet=f"Năm {year}")


def registration(content: Content, today: dt.date, first: int, last: int, everything: Content | None = None) -> Report:
    """Awards won in the period's years, and (from `everything`'s registrations) what is registered for them."""
    registrations = everything.registrations if everything is not None else ()
    stories = [e for items in select.period(content, first, last).values() for e in items]
    groups = registered.entries(stories, registrations, first, last)
    years = range(first, last + 1)
    group = "Thành tích đạt được và đăng ký (ĐK) qua các năm" if registrations else "Thành tích đạt được qua các năm"
    columns = (
        STT,
        Column("Tập thể, cá nhân đăng ký", 28),
        POSITION,
        UNIT,
        *(Column(str(y), 16, "center", group=group) for y in years),
        Column("Ghi chú", 36 if registrations else 14),
    )
    notes_from = everything or content

    def row(i: int, e: registered.Entry) -> Row:
        return (str(i), e.name, e.position, e.unit, *(registered.year_cell(e, y) for y in years), registered.note_cell(e, notes_from))

    period_text = f"{first} - {last}"
    table = Table(columns, grouped_rows(groups, row), empty=f"Không có gương điển hình nào trong giai đoạn {period_text}.")
    notes = (
        f"Danh sách gồm các tập thể, cá nhân có bài vinh danh đăng hoặc được khen thưởng trong giai đoạn {period_text}"
        + (", và các bản đăng ký thi đua của giai đoạn (ĐK: danh hiệu đã đăng ký, chưa đạt)." if registrations else "."),
        f"Tổng số: {len(groups['collective'])} tập thể, {len(groups['individual'])} cá nhân.",
    )
    subtitle = (f"Đăng ký xây dựng, bồi dưỡng và nhân rộng gương điển hình tiên tiến giai đoạn {period_text}",)
    return report(content, today, "DANH SÁCH", subtitle, (table,), registered.legend_items(groups), notes=notes, sheet=f"Giai đoạn {first}-{last}")


def quota_row(label: str, quota: int | None, honoured: int) -> Row:
    if quota is None:
        return (label, "Không giao", str(honoured), "")
    if honoured > quota:
        verdict = f"Vượt {honoured - quota}"
    elif honoured == quota:
        verdict = "Đạt chỉ tiêu"
    else:
        verdict = f"Còn {quota - honoured}"
    return (label, str(quota), str(honoured), verdict)


def campaign(content: Content, today: dt.date, item: Campaign) -> Report:
    groups = select.campaign(content, item.slug)
    listing = _grouped_listing(
        content,
        groups,
        heading="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC VINH DANH",
        empty="Chưa có tập thể, cá nhân nào được vinh danh trong phong trào.",
    )
    counts = Table(
        (Column("Đối tượng", 20), Column("Chỉ tiêu", 12, "center", number=True), Column("Đã vinh danh", 14, "center", number=True), Column("Đánh giá", 16, "center")),
        tuple(quota_row(GROUP_LABELS[kind].capitalize(), item.quota.for_kind(kind) if item.quota else None, len(groups[kind])) for kind in select.KIND_ORDER),
        heading="SỐ LƯỢNG VINH DANH SO VỚI CHỈ TIÊU",
    )
    host = f"Cơ quan chủ trì: {item.host}" + (f"; bộ phận phụ trách: {item.owner}." if item.owner else ".")
    intro = [host, f"Thời gian thực hiện: từ {admin_day(item.start)} đến {admin_day(item.end)} ({item.state(today).label.lower()})."]
    if item.review:
        intro.append(f"Thời điểm xét khen thưởng: {admin_day(item.review)}.")
    return report(
        content,
        today,
        "BÁO CÁO",
        ("Kết quả vinh danh gương điển hình tiên tiến", item.title),
        (listing, counts),
        _members(groups),
        intro=tuple(intro),
        notes=(_count_note(groups),),
        sheet="Phong trào",
    )
