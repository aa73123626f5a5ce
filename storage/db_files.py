"""Database files on disk, with no bot holding them: checked (a SQLite header, integrity, the
schema version), folded (the WAL checkpointed) and synced. What backups and restores need."""

from __future__ import annotations

import contextlib
import os
import sqlite3
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
