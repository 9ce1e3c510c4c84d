"""Write a `Report` as an A4-landscape Excel workbook (openpyxl)."""

from __future__ import annotations

import math
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..content.text import xml_safe
from ..render.safeurl import safe_url
from .tables import Group, Report, Table, header_rows, spans

FONT = "Times New Roman"
SIZE = 12
LINE_HEIGHT = 16  # points per text line at SIZE
_THIN = Side(style="thin", color="000000")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7EEF5")
_INVALID_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
# What a spreadsheet reads as the start of a formula when a reader types it in.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _font(bold: bool = False, italic: bool = False, underline: bool = False, size: int = SIZE, link: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, underline="single" if underline or link else None, color="0563C1" if link else None)


def set_text(cell: Cell, text: str) -> None:
    """`text` as a string cell, whatever it starts with. openpyxl makes a formula of any
    str starting with "=" (`=HYPERLINK(...)` in a unit's summary would be live in the
    department's workbook): the type is set back to string. Text starting like a formula
    also gets Excel's quote prefix (not shown, not printed), so that a reader who edits
    the cell and presses Enter does not turn it into one either. Characters XML cannot
    hold (text.xml_safe) are dropped, not an error."""
    cell.value = xml_safe(text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _lines(text: str, width_chars: float) -> int:
    """How many lines `text` wraps to in a cell `width_chars` wide (a generous guess)."""
    usable = max(width_chars * 1.05 - 1, 1)
    return max(1, sum(math.ceil(max(len(part), 1) / usable) for part in text.split("\n")))


class _Sheet:
    def __init__(self, ws: Worksheet, widths: list[float]):
        self.ws = ws
        self.widths = widths
        self.row = 1
        self.grid = len(widths)

    def width(self, first: int, last: int) -> float:
        return sum(self.widths[first : last + 1])

    def put(
        self, first: int, last: int, text: str, font: Font, align: str = "left", wrap: bool = True, border: bool = False, fill: PatternFill | None = None, rows: int = 1, value: int | None = None
    ) -> None:
        """Write `text` (or a number `value`) into columns first..last (0-based) of the current row, merged."""
        ws, r = self.ws, self.row
        cell = ws.cell(row=r, column=first + 1, value=value)
        if value is None and text:
            set_text(cell, text)
        cell.font = font
        cell.alignment = Alignment(horizontal=align, vertical="center" if align == "center" else "top", wrap_text=wrap)
        if last > first or rows > 1:
            ws.merge_cells(start_row=r, start_column=first + 1, end_row=r + rows - 1, end_column=last + 1)
        for rr in range(r, r + rows):
            for c in range(first, last + 1):
                target = ws.cell(row=rr, column=c + 1)
                if border:
                    target.border = BOX
                if fill is not None:
                    target.fill = fill

    def line(self, text: str, font: Font, align: str = "left") -> None:
        """A full-width paragraph row."""
        self.put(0, self.grid - 1, text, font, align)
        self.fit(_lines(text, self.width(0, self.grid - 1)))
        self.row += 1

    def fit(self, lines: int) -> None:
        current = self.ws.row_dimensions[self.row].height or LINE_HEIGHT
        self.ws.row_dimensions[self.row].height = max(current, lines * LINE_HEIGHT)

    def skip(self, count: int = 1) -> None:
        self.row += count


def write(report: Report, out: BinaryIO) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = report.sheet_name.translate(_INVALID_SHEET_CHARS)[:31]
    main = report.main_table
    widths = [c.width for c in main.columns]
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    sheet = _Sheet(ws, widths)
    grid = sheet.grid
    left_last = max(1, grid // 2 - 1)

    # National heading block: governing body and unit on the left, motto on the right.
    head = report.letterhead
    sheet.put(0, left_last, head.parent, _font(), "center")
    sheet.put(left_last + 1, grid - 1, head.country, _font(bold=True), "center")
    sheet.skip()
    sheet.put(0, left_last, head.organisation, _font(bold=True, underline=True), "center")
    sheet.put(left_last + 1, grid - 1, head.motto, _font(bold=True, underline=True), "center")
    sheet.skip(2)
    sheet.put(left_last + 1, grid - 1, head.place_date, _font(italic=True), "center")
    sheet.skip(2)

    sheet.line(report.title, _font(bold=True, size=14), "center")
    for text in report.subtitle:
        sheet.line(text, _font(bold=True, size=13), "center")
    sheet.skip()
    for text in report.intro:
        sheet.line(text, _font())

    for index, table in enumerate(report.tables):
        if table.heading:
            sheet.line(table.heading, _font(bold=True))
        first_header, last_header = _table(sheet, table)
        if index == 0:
            ws.freeze_panes = ws.cell(row=last_header + 1, column=1)
            ws.print_title_rows = f"{first_header}:{last_header}"
        sheet.skip()

    for text in report.notes:
        sheet.line(text, _font(italic=True))

    if report.signature:
        sheet.skip()
        _signature(sheet, report, left_last)

    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.sheet_view.showGridLines = False
    wb.properties.title = report.document_title
    wb.properties.creator = "vinhdanh"
    wb.save(out)


def _table(sheet: _Sheet, table: Table) -> tuple[int, int]:
    """Header, rows and borders; returns the first and last header row numbers."""
    cols = table.columns
    placement = spans(len(cols), sheet.grid)
    first_header = sheet.row
    header = header_rows(cols)
    occupied: set[int] = set()  # columns whose header spans both rows
    for depth, cells in enumerate(header):
        col_index, lines = 0, 1
        for text, colspan, rowspan in cells:
            while depth and col_index in occupied:
                col_index += 1
            first, last = placement[col_index][0], placement[col_index + colspan - 1][1]
            sheet.put(first, last, text, _font(bold=True), "center", border=True, fill=HEADER_FILL, rows=rowspan)
            if rowspan > 1:
                occupied.add(col_index)
            else:
                lines = max(lines, _lines(text, sheet.width(first, last)))
            col_index += colspan
        sheet.fit(lines)
        sheet.skip()
    last_header = sheet.row - 1

    if not table.rows:
        sheet.put(0, placement[-1][1], table.empty, _font(italic=True), "center", border=True)
        sheet.skip()
    for row in table.rows:
        if isinstance(row, Group):
            sheet.put(0, placement[-1][1], row.label, _font(bold=True), border=True)
            sheet.skip()
            continue
        lines = 1
        for (first, last), col, text in zip(placement, cols, row, strict=False):
            number = int(text) if col.number and text.isdigit() else None
            url = safe_url(text) if col.link else None  # a URL of another scheme stays text
            sheet.put(first, last, text, _font(link=bool(url)), col.align, border=True, value=number)
            if url:
                sheet.ws.cell(row=sheet.row, column=first + 1).hyperlink = url
            lines = max(lines, _lines(text, sheet.width(first, last)))
        sheet.fit(lines)
        sheet.skip()
    return first_header, last_header


def _signature(sheet: _Sheet, report: Report, left_last: int) -> None:
    sign = report.signature
    if sign is None:
        return
    grid = sheet.grid
    left = list(sign.recipients)
    right = [(sign.title, _font(bold=True)), ("", _font()), ("", _font()), ("", _font()), (sign.name, _font(bold=True))]
    for i in range(max(len(left), len(right))):
        if i < len(left):
            text = left[i]
            sheet.put(0, left_last, text, _font(bold=i == 0, italic=i == 0, size=11 if i else SIZE), wrap=False)
        if i < len(right):
            text, font = right[i]
            sheet.put(left_last + 1, grid - 1, text, font, "center")
        sheet.skip()
