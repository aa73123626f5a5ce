"""A plain Excel workbook of big simple tables, written with XlsxWriter: sheets of text and
numbers, a bold font for some cells, column widths and frozen panes. For the month's journal
of a thousand groups, where openpyxl spends seconds on a cell object and a temporary file per
sheet; XlsxWriter is imported only when a workbook is written.

A text is always written as text (never read as a formula, a number or a link): «=1+1» in a
name stays «=1+1». Characters an XML file cannot hold are left out."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0


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


def workbook(sheets: Sequence[SheetData]) -> bytes:
    """The .xlsx file of these sheets, in this order (at least one)."""
    import xlsxwriter

    if not sheets:
        raise ValueError("a workbook needs a sheet")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    bold = book.add_format({"bold": True})
    clean: dict[str, str] = {}  # a text as written, made once (marks repeat a lot)
    for sheet in sheets:
        page = book.add_worksheet(ILLEGAL.sub("", sheet.title))
        for number, width in sorted(sheet.widths.items()):
            page.set_column(number - 1, number - 1, width)
        if sheet.frozen_rows or sheet.frozen_columns:
            page.freeze_panes(sheet.frozen_rows, sheet.frozen_columns)
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    text = clean.get(value)
                    if text is None:
                        text = clean[value] = ILLEGAL.sub("", value)
                    page.write_string(r, c, text)
                elif isinstance(value, Bold):
                    page.write_string(r, c, ILLEGAL.sub("", value.text), bold)
                elif isinstance(value, bool):
                    page.write_boolean(r, c, value)
                else:
                    page.write_number(r, c, value)
    book.close()
    return buffer.getvalue()
