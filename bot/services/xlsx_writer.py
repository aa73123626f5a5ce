"""A plain Excel workbook written directly: sheets of text and numbers, a bold font for some
cells, column widths and frozen panes — nothing else. For big files of simple tables (the
month's journal of a thousand groups), where openpyxl spends seconds on a cell object, a
style and an XML element per value and a temporary file per sheet.

The parts are the least a workbook needs (the package's content types and relationships,
the workbook, the styles with the two fills Excel insists on, and the sheets), in the order the
format's schema (ECMA-376) gives their elements. Text is written in the cells (inline strings,
as openpyxl's write-only sheets do): a text that starts with «=» stays text, never a formula;
characters XML cannot hold are left out."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0
BOLD_STYLE = 1  # the index of the bold cell format in STYLES

STYLES = (
    f'{XML}<styleSheet xmlns="{MAIN}">'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


@dataclass(frozen=True, slots=True)
class Bold:
    """A text cell in bold."""

    text: str


Cell = str | int | float | Bold | None  # None and "": an empty cell


@dataclass(slots=True)
class SheetData:
    title: str  # a valid sheet name (see journal_files.sheet_titles), unique in the book
    rows: Iterable[Sequence[Cell]]  # from the first row; an empty row is an empty sequence
    widths: dict[int, float] = field(default_factory=dict)  # by column number, 1 is A
    frozen_rows: int = 0  # the rows on top that stay when scrolling
    frozen_columns: int = 0


def column_letter(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    value = escape(ILLEGAL.sub("", value))
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f' t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _view(sheet: SheetData) -> str:
    rows, columns = sheet.frozen_rows, sheet.frozen_columns
    if not rows and not columns:
        return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    corner = f"{column_letter(columns + 1)}{rows + 1}"
    pane = "bottomRight" if rows and columns else "bottomLeft" if rows else "topRight"
    split = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
    return (f'<sheetViews><sheetView workbookViewId="0"><pane{split} topLeftCell="{corner}"'
            f' activePane="{pane}" state="frozen"/><selection pane="{pane}"'
            f' activeCell="{corner}" sqref="{corner}"/></sheetView></sheetViews>')


def sheet_xml(sheet: SheetData) -> str:
    """A worksheet's XML: the view, the column widths, then the rows' cells."""
    parts = [f'{XML}<worksheet xmlns="{MAIN}">', _view(sheet)]
    if sheet.widths:
        parts.append("<cols>")
        parts += [f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
                  for n, width in sorted(sheet.widths.items())]
        parts.append("</cols>")
    parts.append("<sheetData>")
    letters: list[str] = [""]
    texts: dict[str, str] = {}  # a text's cell content, made once (marks repeat a lot)
    for number, row in enumerate(sheet.rows, 1):
        if len(row) >= len(letters):
            letters += [column_letter(n) for n in range(len(letters), len(row) + 1)]
        cells = [f'<row r="{number}">']
        for column, value in enumerate(row, 1):
            if value is None or value == "":
                continue
            where = f'<c r="{letters[column]}{number}"'
            if isinstance(value, str):
                content = texts.get(value)
                if content is None:
                    content = texts[value] = _text(value)
                cells.append(where + content)
            elif isinstance(value, Bold):
                cells.append(f'{where} s="{BOLD_STYLE}"{_text(value.text)}')
            elif isinstance(value, bool):
                cells.append(f'{where} t="b"><v>{int(value)}</v></c>')
            else:
                cells.append(f'{where}><v>{value!r}</v></c>')
        cells.append("</row>")
        parts.append("".join(cells))
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def workbook(sheets: Sequence[SheetData]) -> bytes:
    """The .xlsx file of these sheets, in this order (at least one)."""
    if not sheets:
        raise ValueError("a workbook needs a sheet")
    numbers = range(1, len(sheets) + 1)
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml"'
        f' ContentType="{OFFICE}.worksheet+xml"/>' for n in numbers)
    listed = "".join(f'<sheet name={quoteattr(ILLEGAL.sub("", s.title))} sheetId="{n}"'
                     f' r:id="rId{n}"/>' for n, s in zip(numbers, sheets, strict=True))
    links = "".join(f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet"'
                    f' Target="worksheets/sheet{n}.xml"/>' for n in numbers)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", (
            f'{XML}<Types xmlns="{TYPES}">'
            '<Default Extension="rels"'
            ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/>'
            f"{types}</Types>"))
        book.writestr("_rels/.rels", (
            f'{XML}<Relationships xmlns="{RELS}"><Relationship Id="rId1"'
            f' Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        book.writestr("xl/workbook.xml", (
            f'{XML}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
            f"<sheets>{listed}</sheets></workbook>"))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'{XML}<Relationships xmlns="{RELS}">{links}<Relationship'
            f' Id="rId{len(sheets) + 1}" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>"))
        book.writestr("xl/styles.xml", STYLES)
        for n, sheet in zip(numbers, sheets, strict=True):
            book.writestr(f"xl/worksheets/sheet{n}.xml", sheet_xml(sheet).encode())
    return buffer.getvalue()
