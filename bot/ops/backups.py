"""Backups of the database: `python -m bot backup FILE`, `python -m bot restore FILE`, and the
nightly copy into BACKUP_DIR.

A backup is SQLite's online copy (storage.db.backup_file): taken beside a running bot, written
under a temporary name and renamed only once it is on disk and has passed the integrity check.
It holds children's personal data: files are readable by their owner only (0600), the nightly
folder is created 0700.

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
import shlex
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from bot.lock import AlreadyRunning, ProcessLock
from bot.services import dates
from bot.settings import Settings
from storage import kv
from storage.clock import from_db, to_db, utcnow
from storage.db import Database, backup_file, latest_version, side_files
from storage.db_files import (
    checkpoint_file,
    file_user_version,
    fsync_file,
    fsync_folder,
    has_sqlite_header,
    integrity_problems,
)
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


# ---- python -m bot restore FILE -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetAside:
    """Where the database replaced by a restore went: the file and what was moved with it
    (its WAL, should it not fold back in: a restore of the file reads it too)."""

    path: Path
    moved: list[tuple[Path, Path]]
    whole: bool


def restore_command(settings: Settings, source: Path) -> int:
    """Put a checked copy of the backup `source` in place of the database, the current one
    kept aside. Refused while a bot runs on the database (its process lock is held for the
    whole restore, so none starts meanwhile)."""
    database = settings.database_path
    lock = ProcessLock(database)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        pid = f" (pid {exc})" if str(exc) else ""
        return fail(f"a bot process{pid} is running on {database}; stop it first, then "
                    "restore. Nothing was changed.")
    except OSError as exc:
        return fail(f"cannot use the folder of {database}: {reason(exc)}.")
    try:
        return _restore(database, source)
    finally:
        lock.release()


def _restore(database: Path, source: Path) -> int:
    unchanged = "Nothing was changed."
    if (own := own_file(source, database)) is not None:
        return fail(f"{source} is {own}. {unchanged}")
    if not source.exists():
        return fail(f"{source} does not exist. {unchanged}")
    if source.is_dir():
        return fail(f"{source} is a directory, not a backup file. {unchanged}")
    try:
        if not has_sqlite_header(source):
            return fail(f"{source} is not a SQLite database. {unchanged}")
    except OSError as exc:
        return fail(f"cannot read {source}: {reason(exc)}. {unchanged}")
    temp = restoring_path(database)
    discard(temp)
    try:
        copy_private(source, temp)
        wal = source.with_name(source.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            # a database set aside with its WAL (or copied with it): folded in on the copy
            copy_private(wal, temp.with_name(temp.name + "-wal"))
            if not checkpoint_file(temp):
                discard(temp)
                return fail(f"{wal} beside {source} cannot be read. {unchanged}")
    except OSError as exc:
        discard(temp)
        return fail(f"cannot copy {source} beside the database: {reason(exc)}. {unchanged}")
    problem = check_backup(temp, source)
    if problem is not None:
        discard(temp)
        return fail(f"{problem} {unchanged}")
    version = file_user_version(temp)
    size = temp.stat().st_size
    try:
        if os.geteuid() == 0 and database.exists():  # a restore run as root: the bot's user
            owner = database.stat()  # must still be able to open its database
            os.chown(temp, owner.st_uid, owner.st_gid)
        aside = set_aside(database)
    except OSError as exc:
        discard(temp)
        return fail(f"cannot move the current database aside: {reason(exc)}. {unchanged}")
    try:
        os.replace(temp, database)
    except OSError as exc:
        discard(temp)
        for moved_from, moved_to in aside.moved if aside is not None else []:
            with contextlib.suppress(OSError):
                os.replace(moved_to, moved_from)
        return fail(f"cannot put the backup in place: {reason(exc)}. {unchanged}")
    fsync_folder(database.parent)
    latest = latest_version()
    schema = f"schema {version}" if version == latest else \
        f"schema {version}, brought up to {latest} at the next start"
    print(f"Restored {source} to {database} ({format_size(size)}, {schema}; integrity ok).")
    print(undo_hint(database, aside))
    return 0


def restoring_path(database: Path) -> Path:
    return database.with_name(database.name + ".restoring")


def check_backup(copy: Path, source: Path) -> str | None:
    """Why the copy of `source` cannot become the database, or None when it can."""
    try:
        problems = integrity_problems(copy)
        version = file_user_version(copy)
    except sqlite3.DatabaseError as exc:
        return f"{source} is damaged: {exc}."
    if problems:
        return f"{source} is damaged (integrity check: {'; '.join(problems[:3])})."
    if version > latest_version():
        return (f"{source} was written by a newer version of the bot (schema {version}, this "
                f"one knows {latest_version()}); update the bot first.")
    if version == 0:
        return f"{source} holds no data of this bot (schema version 0)."
    return None


def set_aside(database: Path) -> SetAside | None:
    """Move the current database (and whatever SQLite keeps beside it) to
    `<db>.before-restore-<UTC time>`; None when there is none. Its WAL is folded into it first,
    so the file alone holds everything (unless it is too damaged for that)."""
    present = [path for path in (database, *side_files(database)) if path.exists()]
    if not present:
        return None
    whole = database.exists() and checkpoint_file(database)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}.before-restore-{stamp}")
    moved: list[tuple[Path, Path]] = []
    for path in (database, *side_files(database)):
        if path.exists():
            target = aside.with_name(aside.name + path.name.removeprefix(database.name))
            os.replace(path, target)
            moved.append((path, target))
            with contextlib.suppress(OSError):  # children's data: the owner's eyes only
                os.chmod(target, 0o600)
    return SetAside(aside, moved, whole and len(moved) == 1)


def undo_hint(database: Path, aside: SetAside | None) -> str:
    if aside is None:
        return f"There was no database at {database} before. Start the bot when ready."
    kept = f"The previous database is kept as {aside.path}"
    if not aside.whole:
        kept += (" (its WAL could not be folded in, damaged?), with "
                 + ", ".join(str(to) for back, to in aside.moved if back != database)
                 + " beside it")
    return (f"{kept}.\nTo undo: python -m bot restore {shlex.quote(str(aside.path))}\n"
            "Start the bot when ready.")


def copy_private(source: Path, target: Path) -> None:
    """Copy a file readable by its owner only, flushed to disk."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        os.fchmod(out.fileno(), 0o600)
        while chunk := src.read(1 << 20):
            out.write(chunk)
    fsync_file(target)


def discard(path: Path) -> None:
    for leftover in (path, *side_files(path)):
        try:
            leftover.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Could not remove %s: %s", leftover, reason(exc))


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
