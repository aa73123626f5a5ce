"""The SQLite database: one serialized writer, one reader, numbered migrations.

Writes go through `Database.transaction()`, which holds a lock for the whole transaction and
opens it with `BEGIN IMMEDIATE`, so concurrent tasks never mix their statements in one
transaction. Reads go through a second connection and see only committed data (WAL).

Backups (`storage.db_files.backup_file`) are taken with SQLite's online backup API on a
connection of their own, so they work beside a running bot, and are checked before they count.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from storage.db_files import BUSY_TIMEOUT_MS, backup_file

MIGRATION_RE = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

Params = Sequence[Any] | dict[str, Any]
R = TypeVar("R")


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the bot: this one must not touch it."""


@cache
def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every bundled migration, in order (read once, on first
    use rather than at import)."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = MIGRATION_RE.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration {name} is out of sequence (expected {expected:03d})")
    return found


def latest_version() -> int:
    return len(migrations())


async def _configure(conn: aiosqlite.Connection) -> None:
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA journal_mode = WAL")
    await conn.execute("PRAGMA synchronous = FULL")
    await conn.execute("PRAGMA foreign_keys = ON")
    # deleted rows are overwritten, not left in free space: /forget must leave no byte behind
    await conn.execute("PRAGMA secure_delete = ON")
    conn.row_factory = aiosqlite.Row


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self.commits = 0  # write transactions committed by this process: caches watch it

    @classmethod
    async def open(cls, path: Path, *, migrate_to: int | None = None) -> Database:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = cls(path)
        try:
            db._writer = await aiosqlite.connect(path, isolation_level=None)
            await _configure(db._writer)
            await db.migrate(migrate_to)
            db._reader = await aiosqlite.connect(path, isolation_level=None)
            await _configure(db._reader)
        except BaseException:
            await db.close()
            raise
        return db

    async def close(self) -> None:
        async with self._lock:
            for conn in (self._reader, self._writer):
                if conn is not None:
                    await conn.close()
            self._reader = self._writer = None

    @property
    def writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("database is closed")
        return self._writer

    @property
    def reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise RuntimeError("database is closed")
        return self._reader

    async def user_version(self) -> int:
        async with self.writer.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, target: int | None = None) -> None:
        """Apply every migration above the stored version, each in its own transaction."""
        latest = latest_version()
        target = latest if target is None else target
        current = await self.user_version()
        if current > latest:
            raise SchemaTooNew(
                f"{self.path} was written by a newer version of the bot "
                f"(schema {current}, this one knows {latest})"
            )
        for version, _name, sql in migrations():
            if current < version <= target:
                async with self.transaction() as conn:
                    for statement in _statements(sql):
                        await conn.execute(statement)
                    await conn.execute(f"PRAGMA user_version = {version}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: serialized, `BEGIN IMMEDIATE`, committed or rolled back whole."""
        async with self._lock:
            conn = self.writer
            try:
                # inside the try: a task cancelled while it waits for BEGIN stops waiting, but
                # the database's thread still begins; the rollback queued after it ends that
                # transaction instead of leaving it open for the next writer
                await conn.execute("BEGIN IMMEDIATE")
                yield conn
            except BaseException:
                await conn.rollback()
                raise
            else:
                try:
                    await conn.commit()
                except BaseException:
                    # a commit that failed (a full disk, a busy lock) may leave the transaction
                    # open: end it, so the next writer begins afresh and nothing half-done stays
                    with contextlib.suppress(sqlite3.Error):
                        await conn.rollback()
                    raise
                self.commits += 1

    async def in_one_trip(
        self, work: Callable[[sqlite3.Connection], R], *, conversation_only: bool = False
    ) -> R:
        """A write transaction in one trip to the writer's thread: `work` runs there on the
        plain sqlite3 connection between `BEGIN IMMEDIATE` and `COMMIT` (a `ROLLBACK` if it
        or the commit raises), serialized with `transaction()`. For a short, hot write (a tap)
        whose awaits would each cost a trip; `work` must not block on anything but SQLite.

        `conversation_only`: `work` writes nothing but conversation state (a half-filled
        form: never a sign-up, a consent or any other row of the domain), so its commit runs
        with `synchronous=NORMAL` (see `_conversation_here`) and back to FULL after it.

        aiosqlite has no public way to run a function on its thread: this uses the queue its
        own calls go through (`Connection._execute`, aiosqlite 0.22)."""
        here = _conversation_here if conversation_only else _transaction_here
        async with self._lock:
            conn = self.writer
            run = cast(Callable[[Callable[[], R]], Awaitable[R]], conn._execute)
            result = await run(partial(here, conn._conn, work))
            self.commits += 1
            return result

    # One trip to the database's thread per read (execute_fetchall), not three (execute,
    # fetch, close): each trip costs about 0.1 ms on small machines, more than most queries.

    async def fetchone(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """The first row (a query that finds one, or a few: all are read)."""
        rows = await self.reader.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, params: Params = ()) -> Iterable[aiosqlite.Row]:
        return await self.reader.execute_fetchall(sql, params)

    async def fetch_tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Plain tuples, for a query of very many rows: a sqlite3.Row costs more to make and
        to read (a month's marks: ~0.3 s of 100 000 rows)."""
        async with self.reader.execute(sql, params) as cursor:
            cursor.row_factory = None
            return cast("list[tuple[Any, ...]]", list(await cursor.fetchall()))

    async def fetchval(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def checkpoint(self, attempts: int = 5) -> bool:
        """Copy the WAL into the database and truncate it, so rows just deleted leave no copy
        in the WAL. A reader in the middle of a query can hold it back for a moment: tried a
        few times; False if it never completed."""
        for attempt in range(attempts):
            async with self._lock, self.writer.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cur:
                row = await cur.fetchone()
            if row is not None and row[0] == 0:
                return True
            await asyncio.sleep(0.05 * (attempt + 1))
        return False

    async def backup(self, target: Path) -> int:
        """A checked copy of the whole database at `target` (see `backup_file`), taken on a
        connection of its own in a worker thread: writes and reads go on meanwhile. Returns
        the copy's size in bytes."""
        return await asyncio.to_thread(backup_file, self.path, target)


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: Params = ()
) -> aiosqlite.Row | None:
    """The first row, read inside the caller's transaction (in one trip, as Database's)."""
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)


async def fetch_all(
    conn: aiosqlite.Connection, sql: str, params: Params = ()
) -> list[aiosqlite.Row]:
    """All rows, read inside the caller's transaction."""
    return list(await conn.execute_fetchall(sql, params))


def _transaction_here(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], R]) -> R:
    """`Database.in_one_trip`'s transaction, on the writer's thread."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.commit()
    except BaseException:
        # as in `Database.transaction`: a commit that failed may leave the transaction open
        with contextlib.suppress(sqlite3.Error):
            conn.rollback()
        raise
    return result


def _conversation_here(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], R]
                       ) -> R:
    """A transaction that writes conversation state only, committed with
    `synchronous=NORMAL`: in WAL mode its commit is still atomic and survives a crash of the
    bot's process (the WAL is written before the commit returns); only a power loss or a
    kernel crash right after it may lose it — the last step of a form, which the person types
    again — and the next FULL commit (any other write) makes it durable too, as it syncs the
    WAL up to itself. It saves an fsync (about a quarter of a millisecond) on every step of a
    form. The setting is the writer connection's: set before `BEGIN` and back to FULL after
    the commit or rollback, under the writer's lock, so no other transaction runs with it."""
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        return _transaction_here(conn, work)
    finally:
        conn.execute("PRAGMA synchronous = FULL")


def placeholders(values: Collection[object]) -> str:
    """The `?, ?, …` of an `IN (…)` for `values` (never empty: callers check first)."""
    return ",".join("?" * len(values))


def _statements(sql: str) -> list[str]:
    """Split a migration file into complete statements."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise RuntimeError(f"incomplete SQL statement in migration: {buffer.strip()[:60]}")
    return statements
