"""Consolidated reports of a department: every unit's exemplars from the snapshots, in the
same format-neutral `Report` (reports/tables.py) a unit's own reports use.

Rows are grouped by unit, in the order of `department.sources`; the department's own
stories (if any for the period) come first. A unit with nothing for the period gets a
row saying so, and one never imported says that: the list shows who has not reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..content.model import Campaign, Content, Exemplar
from ..content.text import collation_key, name_order_key
from ..pages.urls import Urls
from ..reports import compose, select
from ..reports.tables import Column, Group, Report, Row, Table
from .snapshot import Sector, SectorExemplar
from .tally import campaign_tally

UNIT = Column("Khoa, phòng", 20)
LISTING = (compose.STT, Column("Họ và tên / Tập thể", 26), compose.POSITION, UNIT, compose.SUMMARY, compose.AWARDS, compose.LINK)
NO_AWARD_RANK = 10_000


def _awards_text(e: SectorExemplar) -> str:
    items = sorted(e.awards, key=lambda a: (-a.year, a.rank))
    return "; ".join(f"{a.short} ({a.year})" for a in items)


def _own_row(i: int, e: Exemplar, urls: Urls) -> Row:
    return (str(i), e.name, e.position, e.unit.name, e.summary, compose.awards_text(e), urls.absolute(urls.exemplar(e.slug)))


def _unit_row(i: int, e: SectorExemplar) -> Row:
    return (str(i), e.name, e.position, e.unit_name, e.summary, _awards_text(e), e.page_url)


def _note_row(columns: tuple[Column, ...], text: str) -> Row:
    return ("", text, *("" for _ in columns[2:]))


def _name_key(e) -> tuple:
    key = name_order_key(e.name) if e.kind == "individual" else collation_key(e.name)
    return (0 if e.kind == "collective" else 1, key, e.slug)


def _monthly_priority(e) -> tuple:
    top = e.highest_award
    rank = (top.rank if isinstance(e, SectorExemplar) else top.title.rank) if top else NO_AWARD_RANK
    return (not e.featured, rank, -e.date.toordinal(), _name_key(e))


def _grouped(
    content: Content, sector: Sector, own: list[Exemplar], pick: Callable[[SectorExemplar], bool], order: Callable, columns: tuple[Column, ...], own_row, unit_row, nothing: str
) -> tuple[tuple, list[str], list[SectorExemplar]]:
    """Rows by unit; (rows, names of units with nothing, the units' exemplars listed)."""
    rows: list = []
    silent: list[str] = []
    shown: list[SectorExemplar] = []
    number = 0
    if own:
        number += 1
        rows.append(Group(f"{number}. {content.site.name} (cơ quan)"))
        rows += [own_row(i, e) for i, e in enumerate(sorted(own, key=order), 1)]
    for source in sector.sources:
        number += 1
        snap = sector.snapshot(source.id)
        if snap is None:
            rows.append(Group(f"{number}. {source.name}"))
            rows.append(_note_row(columns, "(Chưa nhập được dữ liệu của đơn vị: chạy `vinhdanh import`.)"))
            silent.append(source.name)
            continue
        chosen = sorted((e for e in snap.exemplars if pick(e)), key=order)
        when = snap.imported_at[:10]
        stamp = f" (dữ liệu ngày {dt.date.fromisoformat(when):%d/%m/%Y})" if when else ""
        rows.append(Group(f"{number}. {source.name}{stamp}"))
        if chosen:
            rows += [unit_row(i, e) for i, e in enumerate(chosen, 1)]
            shown += chosen
        else:
            rows.append(_note_row(columns, nothing))
            silent.append(source.name)
    return tuple(rows), silent, shown


def _silent_note(silent: list[str], sector: Sector) -> tuple[str, ...]:
    if not silent:
        return (f"Cả {len(sector.sources)} đơn vị đều có gương điển hình.",)
    return (f"Đơn vị chưa có gương điển hình ({len(silent)}/{len(sector.sources)}): " + "; ".join(silent) + ".",)


def monthly(content: Content, sector: Sector, today: dt.date, year: int, month: int) -> Report:
    urls = Urls(content.site)
    own = select.monthly(content, year, month)
    label = compose.month_label(year, month)
    rows, silent, shown = _grouped(
        content,
        sector,
        own,
        lambda e: (e.date.year, e.date.month) == (year, month),
        _monthly_priority,
        LISTING,
        lambda i, e: _own_row(i, e, urls),
        _unit_row,
        f"(Đơn vị không gửi gương điển hình nào trong {label}.)",
    )
    table = Table(LISTING, rows, empty="Chưa có đơn vị trực thuộc nào.")
    notes = (f"Tổng số: {len(own) + len(shown)} gương điển hình của các đơn vị trong {label}.", *_silent_note(silent, sector))
    return compose.report(
        content,
        today,
        "DANH SÁCH",
        (f"Gương điển hình tiên tiến của các đơn vị trực thuộc {label}", "(kèm tóm tắt thành tích, theo đơn vị)"),
        (table,),
        [*own, *shown],
        notes=notes,
        sheet=f"Tháng {month:02d}-{year}",
    )


def _in_years(e, first: int, last: int) -> bool:
    return first <= e.date.year <= last or any(first <= a.year <= last for a in e.awards)


def yearly(content: Content, sector: Sector, today: dt.date, year: int) -> Report:
    urls = Urls(content.site)
    own = [e for e in content.exemplars if select.in_years(e, year, year)]
    rows, silent, shown = _grouped(
        content, sector, own, lambda e: _in_years(e, year, year), _name_key, LISTING, lambda i, e: _own_row(i, e, urls), _unit_row, f"(Đơn vị không có gương điển hình nào trong năm {year}.)"
    )
    notes = (f"Danh sách gồm các tập thể, cá nhân có bài vinh danh đăng hoặc được khen thưởng trong năm {year}.", f"Tổng số: {len(own) + len(shown)}.", *_silent_note(silent, sector))
    return compose.report(content, today, "DANH SÁCH", (f"Tập thể, cá nhân điển hình tiên tiến toàn ngành năm {year}",), (Table(LISTING, rows),), [*own, *shown], notes=notes, sheet=f"Năm {year}")


def registration(content: Content, sector: Sector, today: dt.date, first: int, last: int) -> Report:
    years = range(first, last + 1)
    group = "Thành tích đạt được qua các năm"
    columns = (compose.STT, Column("Tập thể, cá nhân đăng ký", 28), compose.POSITION, UNIT, *(Column(str(y), 16, "center", group=group) for y in years), Column("Ghi chú", 14))

    def own_row(i: int, e: Exemplar) -> Row:
        return (str(i), e.name, e.position, e.unit.name, *(compose.year_awards_text(e, y) for y in years), "")

    def unit_row(i: int, e: SectorExemplar) -> Row:
        cells = [" – ".join(a.short for a in sorted(e.awards, key=lambda a: a.rank) if a.year == y) for y in years]
        return (str(i), e.name, e.position, e.unit_name, *cells, "")

    own = [e for e in content.exemplars if select.in_years(e, first, last)]
    period = f"{first} - {last}"
    rows, silent, shown = _grouped(content, sector, own, lambda e: _in_years(e, first, last), _name_key, columns, own_row, unit_row, f"(Đơn vị chưa có tập thể, cá nhân đăng ký giai đoạn {period}.)")
    notes = (f"Tổng số: {len(own) + len(shown)}.", *_silent_note(silent, sector))
    return compose.report(
        content,
        today,
        "DANH SÁCH",
        (f"Đăng ký xây dựng, bồi dưỡng và nhân rộng gương điển hình tiên tiến toàn ngành giai đoạn {period}",),
        (Table(columns, rows),),
        [*own, *shown],
        notes=notes,
        sheet=f"Giai đoạn {first}-{last}",
    )


def campaign(content: Content, sector: Sector, today: dt.date, item: Campaign) -> Report:
    """A department campaign: who was honoured in it, in the department and in every unit, against its quota."""
    urls = Urls(content.site)
    tally = campaign_tally(content, sector, item)  # what the campaign's page counts too
    own = list(tally.own)
    keys = {e.key for e in tally.units}
    rows, silent, shown = _grouped(
        content, sector, own, lambda e: e.key in keys, _name_key, LISTING, lambda i, e: _own_row(i, e, urls), _unit_row, "(Đơn vị chưa có ai được vinh danh trong phong trào.)"
    )
    listing = Table(LISTING, rows, heading="DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC VINH DANH TRONG TOÀN NGÀNH")
    counts = Table(
        (Column("Đối tượng", 20), Column("Chỉ tiêu", 12, "center", number=True), Column("Đã vinh danh", 14, "center", number=True), Column("Đánh giá", 16, "center")),
        tuple(compose.quota_row(compose.GROUP_LABELS[kind].capitalize(), item.quota.for_kind(kind) if item.quota else None, tally.count(kind)) for kind in select.KIND_ORDER),
        heading="SỐ LƯỢNG VINH DANH SO VỚI CHỈ TIÊU (TOÀN NGÀNH)",
    )
    intro = (f"Cơ quan chủ trì: {item.host}.", f"Thời gian thực hiện: từ {compose.admin_day(item.start)} đến {compose.admin_day(item.end)} ({item.state(today).label.lower()}).")
    notes = (f"Tổng số: {len(own) + len(shown)}.", *_silent_note(silent, sector))
    return compose.report(
        content, today, "BÁO CÁO", ("Kết quả vinh danh gương điển hình tiên tiến toàn ngành", item.title), (listing, counts), [*own, *shown], intro=intro, notes=notes, sheet="Phong trào"
    )


def sector_builder(args) -> Callable:
    """`vinhdanh report ... --sector`: the same arguments, over the department's snapshots."""
    from ..reports.args import UsageError, check_range, not_public, parse_month, parse_period, parse_year
    from .snapshot import read_sector

    def with_sector(make: Callable) -> Callable:
        def build(public: Content, everything: Content, today: dt.date) -> Report:
            if public.site.department is None:
                raise UsageError("`--sector` (báo cáo toàn ngành) chỉ dùng cho trang của Sở Y tế: thêm `department:` với `sources:` vào `content/site.yml`.")
            return make(public, read_sector(public.root, public.site.department).public(today), today, everything)

        return build

    kind = args.report_kind
    if kind == "monthly":
        year, month = parse_month(args.month)
        return with_sector(lambda c, s, today, _: monthly(c, s, today, year, month))
    if kind == "yearly":
        year = parse_year(args.year)
        return with_sector(lambda c, s, today, _: yearly(c, s, today, year))
    if kind == "registration":
        first, last = parse_period(args.period)
        return with_sector(lambda c, s, today, _: registration(c, s, today, first, last))
    if kind == "period":
        from .period import period

        start, end = check_range(args.first, args.last)
        return with_sector(lambda c, s, today, _: period(c, s, today, start, end))

    def one_campaign(c: Content, s: Sector, today: dt.date, everything: Content) -> Report:
        found = c.campaign(args.slug)
        if found is None:
            raise not_public("phong trào", args.slug, [x.slug for x in c.campaigns], everything.campaign(args.slug), "lập báo cáo được")
        return campaign(c, s, today, found)

    return with_sector(one_campaign)
