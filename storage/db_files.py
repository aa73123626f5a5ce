"""Database files on disk, with no bot holding them: checked (a SQLite header, integrity, the
schema version), folded (the WAL checkpointed) and synced. What backups and restores need."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def has_sqlite_header(path: Path) -> bool:
    """Does the file begin as every SQLite database does? (An empty file would open as an
    empty database.) Raises OSError when it cannot be read."""
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def integrity_problems(path: Path, limit: int = 10) -> list[str]:
    """`PRAGMA integrity_check` of a database file no one else is writing (a backup, a copy):
    [] when it is sound, else the first problems found. The file is opened read-only and
    nothing is created beside it. Raises sqlite3.DatabaseError for a file that is no database
    or too damaged to read."""
    conn = sqlite3.connect(uri(path, mode="ro", immutable=1), uri=True)
    try:
        rows = conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
    finally:
        conn.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def file_user_version(path: Path) -> int:
    """The schema version (`PRAGMA user_version`) of a database file no one else is writing."""
    conn = sqlite3.connect(uri(path, mode="ro", immutable=1), uri=True)
    try:
        row = conn.execute("PRAGMA user_version").fetchone()
    finally:
        conn.close()
    return int(row[0]) if row else 0


def checkpoint_file(path: Path) -> bool:
    """Fold the WAL of a database no process has open back into the file and remove it, so
    the file alone holds everything. False if it could not be done (a damaged file)."""
    try:
        conn = sqlite3.connect(uri(path, mode="rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == 0


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """A rename survives a power cut only once its folder is on disk too (best effort: some
    file systems refuse to sync a folder)."""
    with contextlib.suppress(OSError):
        fsync_file(folder)


def uri(path: Path, **params: object) -> str:
    return f"{path.resolve().as_uri()}?{urlencode(params)}"


# called after each step of a backup with (status, pages remaining, pages in all)
Progress = Callable[[int, int, int], object]

PARTIAL_SUFFIX = ".partial"
# what SQLite may keep beside a database file
SIDE_SUFFIXES = ("-journal", "-wal", "-shm")


class DamagedDatabase(sqlite3.DatabaseError):
    """A database file failed SQLite's integrity check."""


def partial_path(target: Path) -> Path:
    """Where a backup to `target` is written until it is whole and checked."""
    return target.with_name(target.name + PARTIAL_SUFFIX)


def side_files(path: Path) -> list[Path]:
    """The journal, WAL and shared-memory files SQLite may keep beside `path`."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]


def remove_partial(target: Path) -> None:
    """Remove what an interrupted backup to `target` left behind (`target.partial`)."""
    partial = partial_path(target)
    for path in (partial, *side_files(partial)):
        path.unlink(missing_ok=True)


def backup_file(
    source: Path, target: Path, *, pages: int = -1, progress: Progress | None = None
) -> int:
    """Copy the database at `source` to `target` with SQLite's online backup API, while other
    connections (a running bot) go on writing. Returns the copy's size in bytes.

    All pages are copied in one step by default: one read snapshot, so the copy holds exactly
    the transactions committed before it began, and writes meanwhile never restart it. The copy
    goes to `target.partial`, is flushed to disk and must pass `PRAGMA integrity_check` before
    it is renamed onto `target`: a file at `target` is always a whole, checked copy, and a
    failed or interrupted backup leaves an older one there as it was. The copy is readable by
    its owner only (it holds children's personal data). Raises OSError or sqlite3.Error."""
    if not source.is_file():
        raise FileNotFoundError(2, "there is no database file", str(source))
    remove_partial(target)
    partial = partial_path(target)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        src = sqlite3.connect(uri(source, mode="rw"), uri=True,
                              timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest = sqlite3.connect(partial, isolation_level=None)
            try:
                # written once and checked before it counts: no journal, one sync at the end
                dest.execute("PRAGMA journal_mode = OFF")
                dest.execute("PRAGMA synchronous = OFF")
                src.backup(dest, pages=pages, progress=progress)
                # one self-contained file (the source's WAL mode would want a -wal beside it)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            src.close()
        fsync_file(partial)
        problems = integrity_problems(partial)
        if problems:
            raise DamagedDatabase(f"the copy failed its integrity check: {'; '.join(problems)}")
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            remove_partial(target)
        raise
    fsync_folder(target.parent)
    return target.stat().st_size
