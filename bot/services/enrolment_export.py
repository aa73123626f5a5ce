"""The enrolment export: a workbook for staff (.xlsx) and a CSV for scripts.

The workbook types every cell as text or as a date, so nothing in it is a formula (a name
typed as `=HYPERLINK(...)` stays those characters) and a phone reads as it was typed; its
header is frozen and filtered, and it names the quantum and the parents. openpyxl is imported
only while one is written.

The CSV is a file that opens correctly in Excel: UTF-8 with a BOM (without
it Excel reads Cyrillic as mojibake), `;` between cells (what Excel expects in a Russian
locale), a header row in the reader's language, dates as DD.MM.YYYY, times in the
technopark's zone, statuses in words.

Cells are neutralised against formula injection: a family types the child's name and school,
and a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula — `=HYPERLINK(...)` would be a live link in the staff's
spreadsheet. Such a cell gets a leading `'`, which makes it text. This catches the parent's
phone too (`+79123456789` starts with `+`): the cell reads `'+79123456789`, quote visible,
which is fine and intended — without it Excel would turn the phone into the number
79123456789 anyway.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Texts
from storage import audit
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.exports import EnrolmentRow, enrolment_rows

COLUMNS = ("id", "child", "birth-date", "school", "grade", "phone", "quantum", "programme",
           "group-code", "group", "status", "reason", "created", "updated")
# what a spreadsheet may take for the start of a formula (OWASP's list, plus the full-width
# forms some Excel locales convert to the ASCII ones)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
KNOWN_STATUSES = ("awaiting_consent", "applied", "navigator", "confirmed", "rejected",
                  "waitlisted", "offered", "cancelled", "withdrawn")
# the workbook's columns: the quantum by name, the parents beside their phone
SHEET_COLUMNS = ("id", "child", "birth-date", "school", "grade", "parent", "phone", "quantum",
                 "programme", "group-code", "group", "status", "reason", "created", "updated")
SHEET_WIDTHS = (10, 28, 14, 28, 7, 22, 17, 20, 32, 12, 20, 22, 30, 17, 17)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFER_EXPIRED = "offer expired"  # the reason storage records when an offer ran out


def neutralise(cell: str) -> str:
    """The cell as text a spreadsheet will not run: a leading `'` before anything that could
    start a formula. A phone such as `+79123456789` becomes `'+79123456789` — intended."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _stamp(value: datetime, zone: ZoneInfo) -> str:
    """A stored UTC time as the technopark's wall clock, DD.MM.YYYY HH:MM."""
    return value.astimezone(zone).strftime("%d.%m.%Y %H:%M")


def header(texts: Texts, locale: str) -> list[str]:
    return [texts.get(locale, f"export-col-{column}") for column in COLUMNS]


def _status(row: EnrolmentRow, texts: Texts, locale: str) -> tuple[str, str]:
    status = (texts.get(locale, "export-status", status=row.status)
              if row.status in KNOWN_STATUSES else row.status)
    reason = (texts.get(locale, "export-reason-offer-expired")
              if row.reason == OFFER_EXPIRED else row.reason or "")
    return status, reason


def cells(row: EnrolmentRow, texts: Texts, locale: str, zone: ZoneInfo) -> list[str]:
    status, reason = _status(row, texts, locale)
    return [
        str(row.id), row.child_name, row.birth_date.strftime("%d.%m.%Y"), row.school,
        str(row.grade), row.phone or "", row.quantum_code, row.programme_title(locale),
        row.group_code, row.group_name, status, reason, _stamp(row.created_at, zone),
        _stamp(row.updated_at, zone),
    ]


def write_rows(rows: Iterable[Sequence[str]]) -> bytes:
    """Rows as Excel's CSV: `;`, CRLF, quoted where needed, UTF-8 with BOM; every cell
    neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def enrolments_csv(
    rows: Sequence[EnrolmentRow], texts: Texts, locale: str, zone: ZoneInfo
) -> bytes:
    """The export file: a header in `locale`, then one line per application, in the order
    given."""
    return write_rows([header(texts, locale), *(cells(row, texts, locale, zone)
                                                for row in rows)])


def enrolments_xlsx(
    rows: Sequence[EnrolmentRow], texts: Texts, locale: str, zone: ZoneInfo,
    quantum_names: Mapping[str, str],
) -> bytes:
    """The workbook: one sheet, a header in `locale` frozen and filtered, one line per
    application; text cells are text whatever they start with, dates are dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # write-only: rows streamed out as they are made, several times faster than a sheet
    # kept whole in memory
    book = Workbook(write_only=True)
    sheet = book.create_sheet(texts.get(locale, "export-sheet"))
    day, stamp = "DD.MM.YYYY", "DD.MM.YYYY HH:MM"
    bold = Font(bold=True)

    def cell(value: object, fmt: str = "@", font: Font | None = None) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet)
        if isinstance(value, str):
            # control characters a workbook cannot hold go; a line break is one kind
            text = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
            made.value = text or None  # an empty cell, rather than an empty string
            if text:
                made.data_type = "s"  # never "f": a leading = is a character, not a formula
        else:
            made.value = value
        made.number_format = fmt
        if font is not None:
            made.font = font
        return made

    for column in range(1, len(SHEET_COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = SHEET_WIDTHS[column - 1]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(SHEET_COLUMNS))}{len(rows) + 1}"
    sheet.append([cell(texts.get(locale, f"export-col-{key}"), font=bold)
                  for key in SHEET_COLUMNS])
    for row in rows:
        status, reason = _status(row, texts, locale)
        values: list[object] = [
            str(row.id), row.child_name, row.birth_date, row.school, str(row.grade),
            row.parents, row.phone or "", quantum_names.get(row.quantum_code, row.quantum_code),
            row.programme_title(locale), row.group_code, row.group_name, status, reason,
            row.created_at.astimezone(zone).replace(tzinfo=None),
            row.updated_at.astimezone(zone).replace(tzinfo=None),
        ]
        sheet.append([cell(value, day if column == 3 else
                           stamp if isinstance(value, datetime) else "@")
                      for column, value in enumerate(values, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class EnrolmentFile:
    data: bytes
    count: int  # applications in it


class EnrolmentExport:
    """/export's use case: every application, any status, as the workbook above; the
    export is recorded (who, when, how many) in the record of staff access."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def file(
        self, staff_id: int, texts: Texts, locale: str, zone: ZoneInfo,
        quantum_names: Mapping[str, str],
    ) -> EnrolmentFile | None:
        """The workbook in `locale`; None when there is no application yet."""
        rows = await enrolment_rows(self.db)
        if not rows:
            return None
        # seconds of work for a big technopark: in a thread, so the bot answers meanwhile
        data = await asyncio.to_thread(enrolments_xlsx, rows, texts, locale, zone,
                                       quantum_names)
        async with self.db.transaction() as conn:
            await audit.record(conn, staff_id, "export", to_db(utcnow()), found=len(rows))
        return EnrolmentFile(data, len(rows))
