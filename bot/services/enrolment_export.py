"""The enrolment export as a CSV file that opens correctly in Excel: UTF-8 with a BOM (without
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

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Texts
from storage.db import Database
from storage.exports import EnrolmentRow, enrolment_rows

COLUMNS = ("id", "child", "birth-date", "school", "grade", "phone", "quantum", "programme",
           "group-code", "group", "status", "reason", "created", "updated")
# what a spreadsheet may take for the start of a formula (OWASP's list, plus the full-width
# forms some Excel locales convert to the ASCII ones)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
KNOWN_STATUSES = ("awaiting_consent", "applied", "navigator", "confirmed", "rejected",
                  "waitlisted", "offered", "cancelled", "withdrawn")
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


def cells(row: EnrolmentRow, texts: Texts, locale: str, zone: ZoneInfo) -> list[str]:
    status = (texts.get(locale, "export-status", status=row.status)
              if row.status in KNOWN_STATUSES else row.status)
    reason = (texts.get(locale, "export-reason-offer-expired")
              if row.reason == OFFER_EXPIRED else row.reason or "")
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


@dataclass(frozen=True, slots=True)
class EnrolmentFile:
    data: bytes
    count: int  # applications in it


class EnrolmentExport:
    """/export's use case: every application, any status, as the file above."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def file(self, texts: Texts, locale: str, zone: ZoneInfo) -> EnrolmentFile | None:
        """The file in `locale`; None when there is no application yet."""
        rows = await enrolment_rows(self.db)
        if not rows:
            return None
        return EnrolmentFile(enrolments_csv(rows, texts, locale, zone), len(rows))
