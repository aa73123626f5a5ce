"""`python -m bot` runs the bot; `python -m bot demo` chats with it offline.

Settings, the database's path among them, the catalogue and the FAQ file are checked before
aiogram is imported, so a wrong setting or file is reported at once.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.services.catalogue import Catalogue
    from bot.settings import Settings

EXIT_SETTINGS = 2
EXIT_RUNNING = 1
# what opening or first writing the database raises when the path or its permissions are wrong
# ("unable to open database file", "attempt to write a readonly database", ...), should it
# change between the check at start and the open
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, PermissionError)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot",
        description="Telegram bot for Kvantorium technoparks. Without a command it runs the "
        "bot with long polling (needs BOT_TOKEN).",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser(
        "demo", help="chat with the bot offline in the terminal (no token, no network)",
        description="Type a message or a /command; type a button's number or its exact label "
        "to press it; end of input (Ctrl-D) quits. Works from a pipe too.",
    )
    demo.add_argument("--lang", choices=("ru", "en"), default=None,
                      help="the demo user's Telegram language (default: DEFAULT_LOCALE)")
    demo.add_argument("--user-id", type=int, default=1001, help="the demo user's Telegram id")
    demo.add_argument("--admin", action="store_true",
                      help="start as the administrator (the first of ADMIN_IDS, or the demo's)")
    demo.add_argument("--database", type=Path, default=None,
                      help="keep the demo's data in this SQLite file (default: a fresh one)")
    imp = sub.add_parser(
        "import", help="import groups (with their schedules), closures, partners or events "
        "from a CSV file",
        description="Create or update programmes and groups, closures (holidays, breaks) or "
        "the partners of project news (columns name;description, updated by name) or events "
        "(updated by code) from a CSV "
        "(UTF-8, ; or ,). Every row is checked first; one bad row and nothing is written.",
    )
    imp.add_argument("what", choices=("groups", "closures", "partners", "events"),
                     help="what the file holds")
    imp.add_argument("file", type=Path, help="the CSV file")
    exp = sub.add_parser(
        "export", help="export every application, or a month's attendance journal, as an "
        "Excel workbook (.xlsx) or a CSV",
        description="Write every application (any status), or with `attendance --month "
        "YYYY-MM` that month's attendance journal (a sheet per group), to FILE: an Excel "
        "workbook if it ends in .xlsx, a CSV (UTF-8 with BOM, ';') for scripts if it ends in "
        ".csv. Header in DEFAULT_LOCALE, times in TIMEZONE. An existing file is replaced "
        "atomically.",
    )
    exp.add_argument("what", choices=("enrolments", "attendance"), help="what to export")
    exp.add_argument("file", type=Path, help="the .xlsx or .csv file to write")
    exp.add_argument("--month", default=None,
                     help="attendance: the month as YYYY-MM, e.g. 2026-11")
    bak = sub.add_parser(
        "backup", help="write a checked copy of the database to a file (works while the bot "
        "runs)",
        description="Copy the database with SQLite's online backup while the bot may be "
        "running, check the copy (integrity_check) and only then rename it onto FILE (mode "
        "0600: it holds children's personal data). An existing FILE is replaced.",
    )
    bak.add_argument("file", type=Path, help="the backup file to write")
    res = sub.add_parser(
        "restore", help="replace the database with a backup (the bot must be stopped)",
        description="Check the backup (a SQLite database, integrity ok, a schema this version "
        "knows), keep the current database aside as <database>.before-restore-<UTC time>, "
        "then put a copy of the backup in its place. Refused while a bot runs on the database.",
    )
    res.add_argument("file", type=Path, help="the backup file to restore")
    ret = sub.add_parser(
        "retention", help="delete the data kept longer than RETENTION_MONTHS now (the bot "
        "does it every night)",
        description="Delete applications declined, cancelled or withdrawn, waitlist entries "
        "never offered and applications never consented to, families with nothing in "
        "progress, and the traces of people who left a family, once nothing of them changed "
        "for RETENTION_MONTHS. Consents stay, without the person.",
    )
    ret.add_argument("--dry-run", action="store_true",
                     help="only count what would be deleted; change nothing")
    return p


def fail(message: str, code: int = EXIT_SETTINGS) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def database_failed(path: Path | None, exc: BaseException) -> int:
    where = "the demo's database" if path is None else f"the database {path}"
    return fail(f"{where} cannot be opened or written: {exc}.")


def database_command(
    args: argparse.Namespace, settings: Settings, catalogue: Catalogue,
    errors: tuple[type[Exception], ...],
) -> int | None:
    """import, export and retention: one run on the database, a failure to open or write it
    said in one line; None for another command."""
    job: Coroutine[Any, Any, int]
    if args.command == "import":
        from bot.cli.importing import import_file

        job = import_file(settings, catalogue, args.file, args.what)
    elif args.command == "export" and args.what == "attendance":
        from bot.cli.exporting import export_attendance

        job = export_attendance(settings, args.file, args.month)
    elif args.command == "export":
        from bot.cli.exporting import export_file

        job = export_file(settings, args.file, catalogue)
    elif args.command == "retention":
        from bot.cli.retention import retention_command

        job = retention_command(settings, catalogue, dry_run=args.dry_run)
    else:
        return None
    try:
        return asyncio.run(job)
    except errors as exc:
        return database_failed(settings.database_path, exc)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from bot.services.catalogue import CatalogueError, load_catalogue
    from bot.services.faq import FaqError, load_faq
    from bot.settings import SettingsError, check_database, load_settings
    from storage.db import SchemaTooNew

    database_errors: tuple[type[Exception], ...] = (*DATABASE_ERRORS, SchemaTooNew)

    try:
        settings = load_settings(require_token=args.command is None)
        catalogue = load_catalogue(settings.catalogue_path)
        load_faq(settings.faq_path, catalogue)  # its buttons name quanta of the catalogue
        if args.command == "demo":
            if args.database is not None:
                check_database(args.database, "--database")
        elif args.command != "restore":  # restoring is what mends a database that fails it
            check_database(settings.database_path)
    except (SettingsError, CatalogueError, FaqError) as exc:
        return fail(str(exc))

    done = database_command(args, settings, catalogue, database_errors)
    if done is not None:
        return done

    if args.command in ("backup", "restore"):
        from bot.ops.backups import backup_command
        from bot.ops.restore import restore_command

        command = backup_command if args.command == "backup" else restore_command
        return command(settings, args.file)

    if args.command == "demo":
        from bot.local.demo import run_demo

        try:
            return asyncio.run(run_demo(settings, catalogue, args))
        except database_errors as exc:
            return database_failed(args.database, exc)

    from bot.lock import AlreadyRunning, ProcessLock

    lock = ProcessLock(settings.database_path)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        pid = f" (pid {exc})" if str(exc) else ""
        return fail(
            f"another bot process{pid} is already running on {settings.database_path}; "
            "stop it first (one polling process per token and database).",
            EXIT_RUNNING,
        )
    from bot.ops.logs import setup_logging

    setup_logging(settings.token(), settings.log_format)
    try:
        from bot.app import TokenRejected, run

        asyncio.run(run(settings, catalogue))
    except TokenRejected:
        return fail("Telegram rejected BOT_TOKEN (401 Unauthorized). Check the token with "
                    "@BotFather or issue a new one.")
    except database_errors as exc:
        return database_failed(settings.database_path, exc)
    except KeyboardInterrupt:
        pass
    finally:
        lock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
