"""Backups of the database: `python -m bot backup FILE` and the nightly copy into BACKUP_DIR
(`python -m bot restore FILE` is in `bot.ops.restore`).

A backup is SQLite's online copy (storage.db_files.backup_file): taken beside a running bot,
written under a temporary name and renamed only once it is on disk and has passed the integrity
check. It holds children's personal data: files are readable by their owner only (0600), the
nightly folder is created 0700.

The nightly job names its copies `kvantorium-YYYY-MM-DD.sqlite3` (the technopark's date) and
keeps the last BACKUP_KEEP of them; it deletes no other file. A failure is logged every time and
told to the admins once, until a backup succeeds again (which they are told too): the state
lives in the `kv` table, changed in the same transaction that queues their messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import re
import sqlite3
import sys
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from bot.lock import ProcessLock
from bot.services import dates
from bot.settings import Settings
from storage import kv
from storage.clock import from_db, to_db, utcnow
from storage.db import Database
from storage.db_files import backup_file, side_files
from storage.outbox import enqueue

if TYPE_CHECKING:
    from bot.dispatcher import Repos
    from storage.users import User

log = logging.getLogger("bot.ops.backups")

NAME_RE = re.compile(r"^kvantorium-(\d{4}-\d{2}-\d{2})\.sqlite3$")
# what a nightly backup interrupted by a crash leaves behind
LEFTOVER_RE = re.compile(r"^kvantorium-\d{4}-\d{2}-\d{2}\.sqlite3\.partial(-journal|-wal|-shm)?$")
FAILING_SINCE = "backup_failing_since"  # kv: when the nightly backup first failed (UTC)
OPS_KIND = "ops"
OPS_PRIORITY = 0  # the admins hear of it before any queued broadcast
EXIT_FAILED = 1


def backup_name(day: date) -> str:
    return f"kvantorium-{day.isoformat()}.sqlite3"


def format_size(size: int) -> str:
    """«12.3 MB», «512.0 kB»."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{value:.0f} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def reason(exc: BaseException) -> str:
    """One line for an error, without a traceback: «No space left on device: /path»."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return str(exc) or type(exc).__name__


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_FAILED


def same_file(a: Path, b: Path) -> bool:
    """The same file, however named (relative, «..», a symlink, dangling or not, a hard
    link)."""
    with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a symlink loop
        if a.resolve() == b.resolve():
            return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def own_files(database: Path) -> list[Path]:
    """The files the bot itself uses: the database, what SQLite keeps beside it, the process
    lock and a restore's copy in progress; beside the database as named and as resolved
    (SQLite keeps its WAL beside the file a symlinked database points to)."""
    files: list[Path] = []
    for base in dict.fromkeys((database, database.resolve())):
        files += [base, *side_files(base), ProcessLock(base).path, restoring_path(base)]
    return files


def restoring_path(database: Path) -> Path:
    return database.with_name(database.name + ".restoring")


def own_file(path: Path, database: Path) -> str | None:
    """What `path` is when it is one of the bot's own files, for an error; None otherwise."""
    for own in own_files(database):
        if same_file(path, own):
            return ("the database itself" if same_file(own, database)
                    else f"{own}, a file the bot itself uses")
    return None


# ---- python -m bot backup FILE --------------------------------------------------------


def backup_command(settings: Settings, target: Path) -> int:
    """0 and «Backup written: ...» when a checked copy is at `target`; 1 and one line on stderr
    otherwise. Needs no lock: it works beside a running bot."""
    database = settings.database_path
    if not database.is_file():
        return fail(f"there is no database at {database} (DATABASE_PATH) to back up.")
    if target.is_dir():
        example = target / backup_name(dates.today(settings.zone))
        return fail(f"{target} is a directory; name a file in it, e.g. {example}")
    if (own := own_file(target, database)) is not None:
        return fail(f"{target} is {own}; name another file.")
    try:
        size = backup_file(database, target)
    except (OSError, sqlite3.Error) as exc:
        return fail(f"the backup to {target} failed: {reason(exc)}.")
    print(f"Backup written: {target} ({format_size(size)}), integrity ok.")
    return 0


# ---- the nightly backup ---------------------------------------------------------------


def prepare_folder(folder: Path) -> None:
    """The backups folder, created 0700 if missing; what a crashed backup left is removed."""
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        os.chmod(folder, 0o700)
    for path in folder.iterdir():
        if LEFTOVER_RE.match(path.name):
            path.unlink(missing_ok=True)
            log.info("Removed %s, left by an interrupted backup", path.name)


def prune(folder: Path, keep: int) -> list[str]:
    """Delete all but the `keep` latest nightly backups (by the date in their name); nothing
    else in the folder is touched. Returns the names deleted."""
    named = sorted(path.name for path in folder.iterdir()
                   if NAME_RE.match(path.name) and path.is_file())
    old = named[:-keep] if keep > 0 else named
    for name in old:
        (folder / name).unlink(missing_ok=True)
    return old


async def nightly_backup(settings: Settings, db: Database, repos: Repos) -> None:
    """Write BACKUP_DIR/kvantorium-<local date>.sqlite3, keep the last BACKUP_KEEP; a failure
    is logged and told to the admins once, and so is the next success after it. Never raises:
    it runs as a scheduled job."""
    folder = settings.backup_dir
    if folder is None:
        return
    target = folder / backup_name(dates.today(settings.zone))
    try:
        await asyncio.to_thread(prepare_folder, folder)
        size = await db.backup(target)
    except Exception as exc:  # noqa: BLE001 - whatever it is, the admins must hear of it
        expected = isinstance(exc, OSError | sqlite3.Error)
        log.error("Backup to %s failed: %s", target, reason(exc), exc_info=not expected)
        await _told(settings, db, repos, failed=reason(exc), name=target.name, size=0)
        return
    log.info("Backup written: %s (%s), integrity ok", target.name, format_size(size))
    try:
        removed = await asyncio.to_thread(prune, folder, settings.backup_keep)
    except OSError as exc:
        log.error("Old backups in %s could not be removed: %s", folder, reason(exc))
    else:
        if removed:
            log.info("Old backups removed: %s", ", ".join(removed))
    await _told(settings, db, repos, failed=None, name=target.name, size=size)


async def _told(
    settings: Settings, db: Database, repos: Repos, *, failed: str | None, name: str, size: int
) -> None:
    """Record the outcome in `kv` and, when it changes (the first failure, the first success
    after failures), queue a message to every admin in the same transaction."""
    try:
        since = await kv.KvRepo(db).get(FAILING_SINCE)
        if (since is None) == (failed is None):
            return  # nothing new: all is well, or the admins were told already
        admins = [user for user in await repos.users.staff()
                  if user.is_admin and not user.blocked]
        async with db.transaction() as conn:
            if (await kv.read_in(conn, FAILING_SINCE) is None) != (since is None):
                return  # changed meanwhile (another run): that one told them
            stamp = since or to_db(utcnow())
            await kv.write_in(conn, FAILING_SINCE, stamp if failed is not None else None)
            event = "failed" if failed is not None else "recovered"
            for admin in admins:
                text = _text(settings, repos, admin, failed=failed, name=name, size=size,
                             since=stamp)
                await enqueue(
                    conn, kind=OPS_KIND, chat_id=admin.id, payload={"text": text},
                    dedupe_key=f"backup-{event}:{stamp}:{admin.id}", priority=OPS_PRIORITY,
                    staff_only=True,
                )
    except Exception:  # the disk may be full for the database too: the log has it
        log.exception("The backup's outcome could not be recorded for the admins")
        return
    if failed is not None:
        log.info("Backup failure told to %d admins", len(admins))
    else:
        log.info("Backups work again; told %d admins", len(admins))


def _text(
    settings: Settings, repos: Repos, admin: User, *, failed: str | None, name: str, size: int,
    since: str,
) -> str:
    texts = repos.notices.texts
    day = from_db(since).astimezone(settings.zone).date()
    when = dates.short_date(day, admin.language if admin.language in texts.locales
                            else texts.locales[0])
    if failed is not None:
        folder = str(settings.backup_dir)
        return texts.get(admin.language, "backup-failed", folder=escape(folder, quote=False),
                         error=escape(failed, quote=False),
                         time=settings.backup_at.strftime("%H:%M"))
    return texts.get(admin.language, "backup-recovered", file=escape(name, quote=False),
                     mb=max(round(size / 1_000_000, 1), 0.1), since=when)
