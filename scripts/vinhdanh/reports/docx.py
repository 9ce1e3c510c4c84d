"""Write a `Report` as an A4 Word document (python-docx), landscape for the wide lists."""

from __future__ import annotations

from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell

from ..content.text import xml_safe
from ..render.safeurl import safe_url
from .tables import Chart, Group, Report, Table, header_rows

FONT = "Times New Roman"
BODY_SIZE = Pt(13)
TABLE_SIZE = Pt(11)
PAGE_W, PAGE_H = Mm(297), Mm(210)
MARGINS = {"left": Mm(25), "right": Mm(15), "top": Mm(20), "bottom": Mm(20)}
CHART_WIDTH = Mm(110)  # as in HTML (charts.py): labels print at about 11.7 pt
CHART_MAX_HEIGHT = Mm(160)
MM_PER_CHAR = 2.1  # a spreadsheet character width, for tables narrower than the page
# XML 1.0 cannot hold these (lxml refuses them): a unit's text with one is shown without it.
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def write(report: Report, out: BinaryIO) -> None:
    doc = Document()
    _page(doc)
    _fonts(doc)
    usable = PAGE_W - MARGINS["left"] - MARGINS["right"]

    _letterhead(doc, report, usable)
    _paragraph(doc, report.letterhead.place_date, italic=True, align="right")
    _paragraph(doc, "")
    _paragraph(doc, report.title, bold=True, align="center", size=Pt(14), after=0)
    for text in report.subtitle:
        _paragraph(doc, text, bold=True, align="center", after=0)
    _paragraph(doc, "")
    for text in report.intro:
        _paragraph(doc, text, after=3)

    for index, table in enumerate(report.tables):
        if table.heading:
            _paragraph(doc, table.heading, bold=True, before=6, after=3)
        _table(doc, table, usable, fill=index == 0)
        if table.chart is not None:
            _chart(doc, table.chart)
        _paragraph(doc, "")  # also keeps two tables from running together
    for text in report.notes:
        _paragraph(doc, text, italic=True, size=Pt(12), after=2)
    if report.signature:
        _signature(doc, report, usable)

    props = doc.core_properties
    props.title = report.document_title
    props.author = "vinhdanh"
    doc.save(out)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]


def _fonts(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = BODY_SIZE
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    style.paragraph_format.space_after = Pt(0)


def _format(paragraph, text: str, bold=False, italic=False, underline=False, align="left", size=None, before=0, after=0):
    paragraph.alignment = _ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        run = paragraph.add_run(xml_safe(text))  # a run's text is text: Word has no formula in it
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = size
    return paragraph


def _paragraph(doc, text: str, **style):
    return _format(doc.add_paragraph(), text, **style)


def _cell_text(cell: _Cell, text: str, first: bool = True, **style):
    """Write into a cell: its first paragraph, or a new one after it."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    return _format(paragraph, text, **style)


# Elements that follow w:tblBorders inside w:tblPr (Word rejects them out of order).
_AFTER_TBL_BORDERS = tuple(qn(f"w:{t}") for t in ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"))


def _no_borders(table: DocxTable) -> None:
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    successor = next((child for child in props if child.tag in _AFTER_TBL_BORDERS), None)
    if successor is None:
        props.append(borders)
    else:
        successor.addprevious(borders)


def _widths(table: DocxTable, widths: list[int]) -> None:
    """Fixed layout: Word reads w:gridCol, LibreOffice and others each cell's w:tcW."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=False):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def _two_columns(doc, usable: int, left_share: float):
    """A borderless one-row table: the layout of the letterhead and the signature block."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [int(usable * left_share), usable - int(usable * left_share)])
    return table.rows[0].cells


def _letterhead(doc, report: Report, usable: int) -> None:
    head = report.letterhead
    left, right = _two_columns(doc, usable, 0.42)
    _cell_text(left, head.parent, align="center")
    _cell_text(left, head.organisation, first=False, bold=True, underline=True, align="center")
    _cell_text(right, head.country, bold=True, align="center")
    _cell_text(right, head.motto, first=False, bold=True, underline=True, align="center")


def _shade(cell: _Cell, colour: str = "E7EEF5") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _hyperlink(paragraph, url: str) -> None:
    part = paragraph.part
    rel = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, val in (("w:color", "0563C1"), ("w:sz", str(int(TABLE_SIZE.pt * 2))), ("w:u", "single")):  # schema order
        element = OxmlElement(tag)
        element.set(qn("w:val"), val)
        props.append(element)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def _table(doc, table: Table, usable: int, fill: bool) -> None:
    cols = table.columns
    total = sum(c.width for c in cols)
    if fill:
        widths = [int(usable * c.width / total) for c in cols]
    else:
        widths = [int(min(Mm(c.width * MM_PER_CHAR), usable / len(cols))) for c in cols]
    header = header_rows(cols)
    body_rows = len(table.rows) or 1
    grid = doc.add_table(rows=len(header) + body_rows, cols=len(cols))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, widths)

    occupied: set[int] = set()
    for depth, cells in enumerate(header):
        row = grid.rows[depth]
        _repeat_header(row)
        col = 0
        for text, colspan, rowspan in cells:
            while depth and col in occupied:
                col += 1
            cell = row.cells[col]
            if colspan > 1:
                cell = cell.merge(row.cells[col + colspan - 1])
            if rowspan > 1:
                cell = cell.merge(grid.rows[depth + rowspan - 1].cells[col])
                occupied.add(col)
            _cell_text(cell, text, bold=True, align="center", size=TABLE_SIZE)
            _shade(cell)  # before vAlign: w:shd precedes it in w:tcPr
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            col += colspan

    start = len(header)
    if not table.rows:
        cells = grid.rows[start].cells
        cell = cells[0].merge(cells[-1])
        _cell_text(cell, table.empty, italic=True, align="center", size=TABLE_SIZE)
    for offset, item in enumerate(table.rows):
        cells = grid.rows[start + offset].cells
        if isinstance(item, Group):
            cell = cells[0].merge(cells[-1])
            _cell_text(cell, item.label, bold=True, size=TABLE_SIZE)
            continue
        for cell, column, text in zip(cells, cols, item, strict=False):
            url = safe_url(text) if column.link else None  # a URL of another scheme stays text
            if url:
                paragraph = _cell_text(cell, "", size=TABLE_SIZE)
                _hyperlink(paragraph, url)
            else:
                _cell_text(cell, text, align=column.align, size=TABLE_SIZE)


def _chart(doc, chart: Chart) -> None:
    """The table's bar chart as a picture (charts.py draws it with the package's Noto Sans)."""
    import io

    from PIL import Image

    from .charts import png

    data = png(chart)
    with Image.open(io.BytesIO(data)) as image:
        ratio = image.height / image.width
    _paragraph(doc, "")
    # A long chart is made narrower so that it fits one landscape page.
    doc.add_picture(io.BytesIO(data), width=int(min(CHART_WIDTH, CHART_MAX_HEIGHT / ratio)))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _signature(doc, report: Report, usable: int) -> None:
    sign = report.signature
    if sign is None:
        return
    left, right = _two_columns(doc, usable, 0.5)
    for i, text in enumerate(sign.recipients):
        _cell_text(left, text, first=i == 0, bold=i == 0, italic=i == 0, size=Pt(12) if i == 0 else Pt(11))
    _cell_text(right, sign.title, bold=True, align="center")
    for _ in range(4):
        _cell_text(right, "", first=False)
    _cell_text(right, sign.name, first=False, bold=True, align="center")
