"""Write a `Report` as one printable, self-contained HTML page (no outside requests)."""

from __future__ import annotations

from html import escape
from typing import BinaryIO

from ..render.safeurl import safe_url
from . import charts
from .tables import Group, Report, Table, header_rows

CSS = """
@page { size: A4 landscape; margin: 15mm 15mm 15mm 20mm; }
* { box-sizing: border-box; }
body { font-family: "Times New Roman", Times, "Noto Serif", "Liberation Serif", serif; font-size: 13pt;
  color: #000; background: #fff; margin: 0 auto; max-width: 297mm; padding: 12mm; line-height: 1.35; }
.letterhead { width: 100%; border-collapse: collapse; margin-bottom: 4pt; }
.letterhead td { border: 0; text-align: center; vertical-align: top; padding: 0; }
.letterhead .left { width: 42%; }
.letterhead p, .signature p { margin: 0; }
.org, .motto { font-weight: bold; text-decoration: underline; text-underline-offset: 3pt; }
.country { font-weight: bold; }
.place-date { text-align: right; font-style: italic; margin: 6pt 0 14pt; }
h1 { font-size: 14pt; text-align: center; margin: 0; }
.subtitle { font-weight: bold; text-align: center; margin: 0; }
.intro { margin: 4pt 0; }
h2 { font-size: 13pt; margin: 12pt 0 4pt; }
table.data { width: 100%; border-collapse: collapse; margin: 10pt 0; font-size: 11pt; }
table.data.narrow { width: auto; min-width: 50%; }
table.data th, table.data td { border: 1px solid #000; padding: 3pt 4pt; vertical-align: top; text-align: left; }
table.data th { background: #e7eef5; text-align: center; vertical-align: middle; }
table.data td.center { text-align: center; }
table.data tr.group td { font-weight: bold; }
table.data td.empty { text-align: center; font-style: italic; }
table.data td a { word-break: break-all; color: #0563c1; }
.notes p { margin: 2pt 0; font-style: italic; font-size: 12pt; }
.signature { width: 100%; margin-top: 14pt; border-collapse: collapse; }
.signature td { width: 50%; vertical-align: top; padding: 0; border: 0; }
.signature .recipients p { font-size: 11pt; }
.signature .recipients p:first-child { font-weight: bold; font-style: italic; font-size: 12pt; }
.signature .signer { text-align: center; }
.signature .signer .name { margin-top: 60pt; font-weight: bold; }
figure.chart { margin: 6pt 0 14pt; max-width: 110mm; break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; }
@media (max-width: 640px) {
  body { padding: 4mm; font-size: 12pt; }
  table.data { font-size: 10pt; }
  table.data.narrow { width: 100%; }
  .letterhead td { display: block; width: 100%; }
  .letterhead .right { margin-top: 6pt; }
}
@media print {
  body { padding: 0; max-width: none; }
  thead { display: table-header-group; }
  tr, td, th { break-inside: avoid; }
  table.data td a { color: #000; text-decoration: none; }
}
""".strip()


def _e(text: str) -> str:
    return escape(text, quote=True)


def render(report: Report) -> str:
    head = report.letterhead
    out = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.document_title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<table class="letterhead" role="presentation"><tr>',
        f'<td class="left"><p class="parent">{_e(head.parent)}</p><p class="org">{_e(head.organisation)}</p></td>',
        f'<td class="right"><p class="country">{_e(head.country)}</p><p class="motto">{_e(head.motto)}</p></td>',
        "</tr></table>",
        f'<p class="place-date">{_e(head.place_date)}</p>',
        f"<h1>{_e(report.title)}</h1>",
        *(f'<p class="subtitle">{_e(t)}</p>' for t in report.subtitle),
        *(f'<p class="intro">{_e(t)}</p>' for t in report.intro),
    ]
    for index, table in enumerate(report.tables):
        if table.heading:
            out.append(f"<h2>{_e(table.heading)}</h2>")
        out.append(_table(table, narrow=index > 0))
        if table.chart is not None:
            out.append(f'<figure class="chart">\n{charts.svg(table.chart)}\n</figure>')
    if report.notes:
        out.append('<div class="notes">' + "".join(f"<p>{_e(t)}</p>" for t in report.notes) + "</div>")
    if report.signature:
        sign = report.signature
        recipients = "".join(f"<p>{_e(t)}</p>" for t in sign.recipients)
        out.append(
            '<table class="signature" role="presentation"><tr>'
            f'<td class="recipients">{recipients}</td>'
            f'<td class="signer"><p><strong>{_e(sign.title)}</strong></p><p class="name">{_e(sign.name)}</p></td>'
            "</tr></table>"
        )
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _table(table: Table, narrow: bool) -> str:
    cols = table.columns
    total = sum(c.width for c in cols)
    lines = [f'<table class="data{" narrow" if narrow else ""}">', "<colgroup>"]
    lines += [f'<col style="width:{100 * c.width / total:.1f}%">' for c in cols]
    lines += ["</colgroup>", "<thead>"]
    for cells in header_rows(cols):
        row = "".join('<th scope="col"' + (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "") + f">{_e(text)}</th>" for text, cs, rs in cells)
        lines.append(f"<tr>{row}</tr>")
    lines += ["</thead>", "<tbody>"]
    if not table.rows:
        lines.append(f'<tr><td class="empty" colspan="{len(cols)}">{_e(table.empty)}</td></tr>')
    for item in table.rows:
        if isinstance(item, Group):
            lines.append(f'<tr class="group"><td colspan="{len(cols)}">{_e(item.label)}</td></tr>')
            continue
        tds = []
        for col, text in zip(cols, item, strict=False):
            klass = ' class="center"' if col.align == "center" else ""
            url = safe_url(text) if col.link else None  # a URL of another scheme stays text
            value = f'<a href="{_e(url)}">{_e(text)}</a>' if url else _e(text)
            tds.append(f"<td{klass}>{value}</td>")
        lines.append("<tr>" + "".join(tds) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def write(report: Report, out: BinaryIO) -> None:
    out.write(render(report).encode("utf-8"))
