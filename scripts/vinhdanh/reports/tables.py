"""A format-neutral report: letterhead, title, tables, notes and signature.

The writers (xlsx.py, docx.py, html.py) render exactly this and decide nothing about
content; compose.py fills it from the model.
"""

from __future__ import annotations

from ..records import record

MOTTO_COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_LINE = "Độc lập - Tự do - Hạnh phúc"


@record
class Letterhead:
    """The national heading block (Decree 30/2020/NĐ-CP, Appendix I)."""

    parent: str  # governing body, upper case: "SỞ Y TẾ THÀNH PHỐ CẦN THƠ"
    organisation: str  # issuing unit, upper case, bold and underlined
    place_date: str  # "Cần Thơ, ngày 25 tháng 11 năm 2026" (italic, right)
    country: str = MOTTO_COUNTRY
    motto: str = MOTTO_LINE


@record
class Column:
    title: str
    width: float  # in characters, as a spreadsheet column width
    align: str = "left"  # left | center
    group: str = ""  # a shared header above adjacent columns (e.g. "Thành tích qua các năm")
    link: bool = False  # cells hold URLs
    number: bool = False  # cells hold whole numbers (stored as numbers in a spreadsheet)


@record
class Group:
    """A row spanning the table that opens a section: "I. TẬP THỂ"."""

    label: str


Row = tuple[str, ...]


@record
class Bar:
    label: str
    value: int


@record
class Chart:
    """A bar chart of a table's counts, drawn below it (charts.py): SVG in HTML, an image in Word."""

    title: str
    bars: tuple[Bar, ...]


@record
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row | Group, ...] = ()
    heading: str = ""  # section heading above the table
    empty: str = "Không có."  # the one row shown when there are no rows
    chart: Chart | None = None  # the same counts for the eye (spreadsheets keep the numbers only)

    @property
    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if not isinstance(r, Group)]


@record
class Signature:
    title: str  # "GIÁM ĐỐC"
    name: str
    recipients: tuple[str, ...] = ()  # "Nơi nhận" lines


@record
class Report:
    letterhead: Letterhead
    title: str  # "DANH SÁCH"
    subtitle: tuple[str, ...]  # bold lines under the title
    tables: tuple[Table, ...]
    intro: tuple[str, ...] = ()  # paragraphs between title and tables
    notes: tuple[str, ...] = ()  # paragraphs after the tables
    signature: Signature | None = None
    sheet_name: str = "Danh sách"
    document_title: str = ""  # file metadata / HTML <title>

    @property
    def main_table(self) -> Table:
        """The list itself, always first: its columns set the spreadsheet grid."""
        return self.tables[0]


def header_rows(columns: tuple[Column, ...]) -> list[list[tuple[str, int, int]]]:
    """Header cells as (text, colspan, rowspan) per header row; 1 or 2 rows.

    Columns without `group` span both rows; adjacent columns sharing a group get one
    merged cell above their own titles.
    """
    if not any(c.group for c in columns):
        return [[(c.title, 1, 1) for c in columns]]
    top: list[tuple[str, int, int]] = []
    bottom: list[tuple[str, int, int]] = []
    i = 0
    while i < len(columns):
        col = columns[i]
        if not col.group:
            top.append((col.title, 1, 2))
            i += 1
            continue
        j = i
        while j < len(columns) and columns[j].group == col.group:
            bottom.append((columns[j].title, 1, 1))
            j += 1
        top.append((col.group, j - i, 1))
        i = j
    return [top, bottom]


def spans(count: int, grid: int) -> list[tuple[int, int]]:
    """Spread `count` columns over `grid` grid columns: (first, last) 0-based, inclusive."""
    if count >= grid:
        return [(i, i) for i in range(count)]
    base, extra = divmod(grid, count)
    out, start = [], 0
    for i in range(count):
        width = base + (1 if i < extra else 0)
        out.append((start, start + width - 1))
        start += width
    return out
