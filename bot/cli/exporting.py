"""`python -m bot export enrolments FILE`: every application, any status, as an Excel workbook
(FILE.xlsx) or a CSV for scripts (FILE.csv), by the file's extension (see
bot/services/enrolment_export.py). The file is replaced atomically: a reader never
sees half of it, and a failed export leaves an older file as it was."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.services.enrolment_export import enrolments_csv, enrolments_xlsx
from bot.settings import Settings
from storage.db import Database
from storage.exports import enrolment_rows

FORMATS = (".xlsx", ".csv")
MONTH_EXAMPLE = "YYYY-MM, e.g. 2026-11"


def file_kind(path: Path) -> str | None:
    """The file's kind by its name (".xlsx" or ".csv"); None, said on stderr, for another."""
    kind = path.suffix.lower()
    if kind in FORMATS:
        return kind
    print(f"error: {path} must end in .xlsx (a workbook) or .csv (for scripts)",
          file=sys.stderr)
    return None


async def export_file(settings: Settings, path: Path, catalogue: Catalogue) -> int:
    """The `export enrolments` command: 0 when written, 1 (and `error: ...` on stderr) when
    the file cannot be, 2 when its name ends in neither .xlsx nor .csv."""
    kind = file_kind(path)
    if kind is None:
        return 2
    db = await Database.open(settings.database_path)
    try:
        rows = await enrolment_rows(db)
    finally:
        await db.close()
    texts, locale = Texts(), settings.default_locale
    if kind == ".csv":
        data = enrolments_csv(rows, texts, locale, settings.zone)
    else:
        names = {q.code: q.text(locale).name for q in catalogue.quanta}
        data = enrolments_xlsx(rows, texts, locale, settings.zone, names)
    try:
        write_atomically(path, data)
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    noun = "enrolment" if len(rows) == 1 else "enrolments"
    print(f"Exported {len(rows)} {noun} to {path}.")
    return 0


async def export_attendance(settings: Settings, path: Path, month_text: str | None) -> int:
    """The `export attendance --month YYYY-MM` command: the month's journal (see
    bot/services/journal_files.py); 2 for a wrong month or file name, 1 when the file cannot
    be written."""
    from bot.services.journal import Journal
    from bot.services.journal_files import parse_month

    if month_text is None:
        print(f"error: give the month: --month {MONTH_EXAMPLE}", file=sys.stderr)
        return 2
    month = parse_month(month_text)
    if month is None:
        print(f"error: {month_text[:40]!r} is not a month: write it as {MONTH_EXAMPLE}",
              file=sys.stderr)
        return 2
    kind = file_kind(path)
    if kind is None:
        return 2
    db = await Database.open(settings.database_path)
    try:
        # the server's operator, not a member of staff: nothing for /audit to record
        found = await Journal(db, Texts(), settings.zone).journal(
            None, month, "csv" if kind == ".csv" else "xlsx", settings.default_locale)
    finally:
        await db.close()
    try:
        write_atomically(path, found.data)
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Exported the attendance journal of {month:%Y-%m} to {path}: {found.groups} "
          f"groups, {found.lessons} lessons held, {found.person_hours} pupil-hours.")
    return 0


def write_atomically(path: Path, data: bytes) -> None:
    """Write a temporary file beside `path`, flush it to disk, then rename it over `path`.
    The file is readable by its owner only (children's personal data); share it on purpose."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    # the rename itself survives a power cut only once the folder is on disk too
    with contextlib.suppress(OSError):
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
