"""The month's attendance journal: the rules and the files.

- A lesson held in the month is one not cancelled and begun by the time of the export; its
  academic hours are its minutes // 45 (a 90–100-minute lesson is 2).
- A child's row counts lessons present (✅ and ⏰), missed (❌ and 🙅) and the hours of the
  lessons present; the sheet ends with the lessons held and the «человеко-часы» (the sum of the
  children's hours).
- A child whose family was forgotten keeps a row per pupil id, named «выбыл», with no name.

The workbook (written with XlsxWriter, bot/services/xlsx_writer.py: openpyxl took seconds
for a thousand groups) has a sheet per group; the CSV (`;`, UTF-8 with a BOM, as the other
exports) is the same in long form: a line per mark with the group, the child, the date, the
mark's code and the hours.

A thousand groups' month is over 100 000 marks: `journal_file` turns the rows into sheets and
the file in one go, meant for a thread (bot.services.journal runs it in one), so the bot
answers meanwhile."""

from __future__ import annotations

import csv
import gc
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from bot.i18n import Texts
from bot.services.enrolment_export import neutralise
from bot.services.xlsx_writer import Bold, Cell, SheetData, workbook
from storage.clock import from_db
from storage.journal import HeldLesson, MarkRow, RosterRow

ACADEMIC_MINUTES = 45
MARKS = ("present", "absent", "late", "excused")
PRESENT = frozenset({"present", "late"})  # a child's hours count for these
SHEET_TITLE_LIMIT = 31  # Excel's
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MONTH = re.compile(r"(\d{4})-(\d{2})")
Format = Literal["xlsx", "csv"]


@dataclass(frozen=True, slots=True)
class JournalFile:
    data: bytes
    groups: int  # sheets (groups with lessons held in the month)
    lessons: int
    person_hours: int
    children: int  # the children's rows in it («выбыл» ones too)


def parse_month(text: str) -> date | None:
    """`2026-11` → 1 November 2026; None for anything else (2026-13, «ноябрь», empty)."""
    found = MONTH.fullmatch(text.strip())
    if found is None:
        return None
    year, month = int(found[1]), int(found[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return date(year, month, 1)


def month_name(month: date, locale: str) -> str:
    """«ноябрь 2026» / «November 2026»."""
    from babel.dates import format_date

    return format_date(month, "LLLL y", locale=locale)


def month_last(first: date) -> date:
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def previous_month(first: date) -> date:
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def lesson_hours(lesson: HeldLesson) -> int:
    """Academic hours: whole 45 minutes of the lesson (90 and 100 minutes are both 2)."""
    minutes = (from_db(lesson.ends_at) - from_db(lesson.starts_at)).total_seconds() // 60
    return max(0, int(minutes) // ACADEMIC_MINUTES)


@dataclass(slots=True)
class ChildRow:
    pupil: int
    name: str | None  # None: «выбыл»
    marks: dict[int, str] = field(default_factory=dict)  # by lesson id
    present: int = 0
    missed: int = 0
    hours: int = 0


@dataclass(slots=True)
class Sheet:
    group_id: int
    name: str
    lessons: list[HeldLesson]
    hours: dict[int, int]  # a lesson's academic hours, by id
    rows: list[ChildRow]

    @property
    def person_hours(self) -> int:
        return sum(row.hours for row in self.rows)


def build_sheets(
    lessons: Sequence[HeldLesson], marks: Sequence[MarkRow], roster: Sequence[RosterRow],
    locale: str = "ru",
) -> list[Sheet]:
    """A sheet per group with held lessons, in the lessons' order, named in `locale`: the
    confirmed children and everyone marked, named ones by name, then the «выбыл» ones by
    pupil id."""
    sheets: dict[int, Sheet] = {}
    sheet_of: dict[int, Sheet] = {}  # by lesson id
    for lesson in lessons:
        sheet = sheets.get(lesson.group_id)
        if sheet is None:
            sheet = sheets[lesson.group_id] = Sheet(lesson.group_id, lesson.group_title(locale),
                                                    [], {}, [])
        sheet.lessons.append(lesson)
        sheet.hours[lesson.id] = lesson_hours(lesson)
        sheet_of[lesson.id] = sheet
    rows: dict[tuple[int, int], ChildRow] = {}
    for child in roster:
        if child.group_id in sheets:
            rows[(child.group_id, child.child_id)] = ChildRow(child.child_id, child.name)
    for lesson_id, pupil, child_id, mark, name in marks:
        sheet = sheet_of.get(lesson_id)
        if sheet is None:
            continue
        row = rows.get((sheet.group_id, pupil))
        if row is None:
            row = rows[(sheet.group_id, pupil)] = ChildRow(
                pupil, None if child_id is None else name)
        row.marks[lesson_id] = mark
        if mark in PRESENT:
            row.present += 1
            row.hours += sheet.hours[lesson_id]
        else:
            row.missed += 1
    for (group, _), row in rows.items():
        sheets[group].rows.append(row)
    for sheet in sheets.values():
        sheet.rows.sort(key=lambda r: (r.name is None, (r.name or "").casefold(), r.pupil))
    return list(sheets.values())


def sheet_titles(names: Sequence[str], fallback: str) -> list[str]:
    """Excel's sheet names: no []:*?/\\, not starting or ending with ', at most 31
    characters, unique (case-insensitively, as Excel compares them)."""
    titles: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = SHEET_FORBIDDEN.sub(" ", name).strip().strip("'").strip() or fallback
        title, n = base[:SHEET_TITLE_LIMIT], 1
        while title.casefold() in taken:
            n += 1
            suffix = f" ({n})"
            title = base[: SHEET_TITLE_LIMIT - len(suffix)].rstrip() + suffix
        taken.add(title.casefold())
        titles.append(title)
    return titles


def journal_xlsx(sheets: Sequence[Sheet], texts: Texts, locale: str, month: date) -> bytes:
    """The workbook: a sheet per group (or one saying no lesson was held)."""

    def tr(key: str, **kwargs: object) -> str:
        return texts.get(locale, key, **kwargs)

    letters = {mark: tr(f"journal-letter-{mark}") for mark in MARKS}
    left = tr("journal-left")
    heading = tr("journal-month", month=month_name(month, locale))
    child, totals = tr("journal-col-child"), [
        tr(f"journal-col-{key}") for key in ("present", "missed", "hours")]
    held, person_hours = tr("journal-lessons-held"), tr("journal-person-hours")
    legend = tr("journal-legend", **{f"m_{mark}": letters[mark] for mark in MARKS})

    def rows(sheet: Sheet) -> Iterator[list[Cell]]:
        yield [Bold(sheet.name), heading]
        yield [Bold(child), *(datetime.fromisoformat(lesson.day).strftime("%d.%m")
                              for lesson in sheet.lessons), *totals]
        for row in sheet.rows:
            yield [row.name if row.name is not None else left,
                   *(letters.get(row.marks.get(lesson.id, ""), "") for lesson in sheet.lessons),
                   row.present, row.missed, row.hours]
        yield []
        yield [held, len(sheet.lessons)]
        yield [person_hours, sheet.person_hours]
        yield [legend]

    if not sheets:
        return workbook([SheetData(f"{month:%Y-%m}",
                                   [[tr("journal-none", month=month_name(month, locale))]])])
    titles = sheet_titles([s.name for s in sheets], tr("journal-sheet-fallback"))
    return workbook([SheetData(title, rows(sheet), widths={1: 30}, frozen_rows=2,
                               frozen_columns=1)
                     for sheet, title in zip(sheets, titles, strict=True)])


def journal_csv(sheets: Sequence[Sheet], texts: Texts, locale: str) -> bytes:
    """The long form: a header, then a line per mark (group, child, date, mark, hours), as
    Excel's CSV (`;`, CRLF, UTF-8 with a BOM; a cell that could start a formula gets a `'`).
    One pass: a lesson's date and hours are written out once, not once per mark."""
    left = texts.get(locale, "journal-left")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(texts.get(locale, f"journal-csv-{key}"))
                     for key in ("group", "child", "date", "mark", "hours")])
    for sheet in sheets:
        group = neutralise(sheet.name)
        lessons = [(lesson.id, datetime.fromisoformat(lesson.day).strftime("%d.%m.%Y"),
                    str(sheet.hours[lesson.id])) for lesson in sheet.lessons]
        gone = 0
        for row in sheet.rows:
            if row.name is None:
                gone += 1  # «выбыл 1», «выбыл 2»: told apart, still with no name
            name = neutralise(row.name if row.name is not None else f"{left} {gone}")
            marks = row.marks
            writer.writerows(
                (group, name, day, mark, hours if mark in PRESENT else "0")
                for lesson_id, day, hours in lessons
                if (mark := marks.get(lesson_id)) is not None)
    return buffer.getvalue().encode("utf-8-sig")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block (if it was on): nothing is lost, it runs again
    after it."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def journal_file(
    lessons: Sequence[HeldLesson], marks: Sequence[MarkRow], roster: Sequence[RosterRow],
    kind: Format, texts: Texts, locale: str, month: date,
) -> JournalFile:
    """The month's journal from its rows, as a workbook or a CSV in `locale` (seconds for a
    big technopark: run it in a thread).

    Python's cycle collector waits meanwhile: the workbook's hundreds of thousands of cells
    would set off full collections, each holding every thread (the bot's event loop too) for
    a third of a second with a thousand groups; once back, it sweeps the workbook's cells in
    one pass of about a tenth."""
    with collector_paused():
        sheets = build_sheets(lessons, marks, roster, locale)
        data = (journal_csv(sheets, texts, locale) if kind == "csv"
                else journal_xlsx(sheets, texts, locale, month))
        found = JournalFile(data, len(sheets), sum(len(s.lessons) for s in sheets),
                            sum(s.person_hours for s in sheets),
                            sum(len(s.rows) for s in sheets))
        del sheets
    return found
