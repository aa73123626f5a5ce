"""`python -m bot restore FILE`: a checked copy of a backup in place of the database, the
current one kept aside (with how to undo), refused while a bot runs on the database. The copy
is written beside the database readable by its owner only (0600), checked (integrity, schema
version) and only then renamed into place."""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.lock import AlreadyRunning, ProcessLock
from bot.ops.backups import fail, format_size, own_file, reason, restoring_path
from bot.settings import Settings
from storage.clock import utcnow
from storage.db import latest_version
from storage.db_files import (
    checkpoint_file,
    file_user_version,
    fsync_file,
    fsync_folder,
    has_sqlite_header,
    integrity_problems,
    side_files,
)

log = logging.getLogger("bot.ops.restore")


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


def check_backup(copy: Path, source: Path) -> str | None:
    """Why the copy of `source` cannot become the database, or None when it can."""
    try:
        problems = integrity_problems(copy)
        version = file_user_version(copy)
    except sqlite3.DatabaseError as exc:
        return f"{source} is damaged: {exc}."
    if problems:
        # a problem of SQLite's may run over several lines: the message stays on one
        found = "; ".join(" ".join(problem.split()) for problem in problems[:3])
        return f"{source} is damaged (integrity check: {found})."
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
