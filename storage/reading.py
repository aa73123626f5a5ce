"""Several reads in one trip to the reader's thread.

Every `await db.fetchall(...)` is a trip to the thread aiosqlite runs the reader connection
on: about 0.05 ms on an idle machine, several times that when the machine is busy, and more
than most of a screen's queries cost. A screen that needs several reads (a lesson's card: the
lesson, who a change would reach, the reminders sent, the absences, its place in the list)
makes them in one trip: `work` runs on that thread with the plain sqlite3 connection and
returns what the screen needs. As with `Database.fetchall`, each statement sees what was
committed when it runs (no transaction is held across them), and `work` must not block on
anything but SQLite.

aiosqlite has no public way to run a function on its thread: this uses the queue its own
calls go through (`Connection._execute`, aiosqlite 0.22), as `Database.in_one_trip` does for
a write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, TypeVar, cast

from storage.db import Database, Params

R = TypeVar("R")


async def read_in_one_trip(db: Database, work: Callable[[sqlite3.Connection], R]) -> R:
    """What `work` reads on the reader connection, in one trip to its thread."""
    conn = db.reader
    run = cast(Callable[[Callable[[], R]], Awaitable[R]], conn._execute)
    return await run(partial(work, conn._conn))


def rows(conn: sqlite3.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    """Every row of a query, on the reader's thread."""
    return conn.execute(sql, params).fetchall()


def row(conn: sqlite3.Connection, sql: str, params: Params = ()) -> sqlite3.Row | None:
    """The first row of a query (None if it has none), on the reader's thread."""
    return cast("sqlite3.Row | None", conn.execute(sql, params).fetchone())


def value(conn: sqlite3.Connection, sql: str, params: Params = ()) -> Any:
    """The first column of the first row (None if there is none), on the reader's thread."""
    found = conn.execute(sql, params).fetchone()
    return None if found is None else found[0]
