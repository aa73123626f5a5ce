"""Texts typed outside a form that the bot understood as nothing: rows in and rows out. Each
is tied to the person who typed it (so that /forget deletes it), never shown with them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database


@dataclass(frozen=True, slots=True)
class Unanswered:
    id: int
    user_id: int
    text: str
    message_id: int | None
    created_at: datetime
    asked_at: datetime | None


@dataclass(frozen=True, slots=True)
class Missed:
    """One text as /unanswered lists it: the newest wording of it, on how many rows it came
    (the same text, case, spaces and punctuation folded; a person's repeats the same day are
    one row), and when it last came."""

    text: str
    times: int
    last: datetime


def _row(row: aiosqlite.Row) -> Unanswered:
    return Unanswered(
        id=row["id"], user_id=row["user_id"], text=row["text"], message_id=row["message_id"],
        created_at=from_db(row["created_at"]),
        asked_at=from_db(row["asked_at"]) if row["asked_at"] else None,
    )


@dataclass(frozen=True, slots=True)
class Kept:
    """The row a text was kept in, and whether it had gone to staff already (the same text
    typed again the same day after «❓ Спросить у сотрудников»)."""

    id: int
    asked: bool


async def keep(
    conn: aiosqlite.Connection, user_id: int, text: str, folded: str, *,
    message_id: int | None, at: datetime, day: date, most: int,
) -> Kept:
    """Inside the caller's transaction: the text kept, once a day per person (the same folded
    text again that day moves the kept row to `at`, this message and wording; asked or not
    stays); then only the person's `most` newest rows stay, the one just kept always among
    them (even when the clock stepped back and older rows look newer)."""
    async with conn.execute(
        "INSERT INTO unanswered (user_id, text, folded, message_id, created_at, day)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, folded, day) DO UPDATE SET"
        " text = excluded.text, message_id = excluded.message_id,"
        " created_at = excluded.created_at RETURNING id, asked_at",
        (user_id, text, folded, message_id, to_db(at), day.isoformat()),
    ) as cursor:
        row = await cursor.fetchone()
    assert row is not None  # an upsert with RETURNING always gives its row
    kept = int(row[0])
    await conn.execute(
        "DELETE FROM unanswered WHERE user_id = ? AND id != ? AND id NOT IN (SELECT id FROM"
        " unanswered WHERE user_id = ? AND id != ? ORDER BY created_at DESC, id DESC LIMIT ?)",
        (user_id, kept, user_id, kept, most - 1),
    )
    return Kept(kept, row[1] is not None)


async def get(db: Database, row_id: int) -> Unanswered | None:
    row = await db.fetchone("SELECT * FROM unanswered WHERE id = ?", (row_id,))
    return None if row is None else _row(row)


async def get_in(conn: aiosqlite.Connection, row_id: int) -> Unanswered | None:
    async with conn.execute("SELECT * FROM unanswered WHERE id = ?", (row_id,)) as cursor:
        row = await cursor.fetchone()
    return None if row is None else _row(row)


async def mark_asked(conn: aiosqlite.Connection, row_id: int, at: datetime) -> bool:
    """The text went to staff; False if it had gone already."""
    cursor = await conn.execute(
        "UPDATE unanswered SET asked_at = ? WHERE id = ? AND asked_at IS NULL",
        (to_db(at), row_id),
    )
    return cursor.rowcount > 0


async def missed_count(db: Database, longest: int) -> int:
    """How many different texts (folded) of at most `longest` characters there are."""
    return int(await db.fetchval(
        "SELECT count(DISTINCT folded) FROM unanswered WHERE length(text) <= ?", (longest,)))


async def missed_page(db: Database, longest: int, limit: int, offset: int) -> list[Missed]:
    """Texts of at most `longest` characters, newest first, one line per folded text: the
    wording of its newest row, how many rows (people-days) and the latest time."""
    rows = await db.fetchall(
        "SELECT u.text, g.last, g.times FROM (SELECT max(id) AS newest,"
        " max(created_at) AS last, count(*) AS times FROM unanswered WHERE length(text) <= ?"
        " GROUP BY folded) AS g JOIN unanswered AS u ON u.id = g.newest"
        " ORDER BY g.last DESC, g.newest DESC LIMIT ? OFFSET ?", (longest, limit, offset),
    )
    return [Missed(text=r["text"], times=int(r["times"]), last=from_db(r["last"]))
            for r in rows]


async def forget(conn: aiosqlite.Connection, user_ids: Sequence[int]) -> None:
    """Inside the caller's transaction: everything these people typed."""
    await conn.executemany("DELETE FROM unanswered WHERE user_id = ?",
                           [(uid,) for uid in user_ids])


async def delete_older(conn: aiosqlite.Connection, before: datetime) -> int:
    """Inside the caller's transaction: the texts older than `before`."""
    cursor = await conn.execute("DELETE FROM unanswered WHERE created_at < ?",
                                (to_db(before),))
    return cursor.rowcount


async def of_user(db: Database, user_id: int) -> list[Unanswered]:
    rows = await db.fetchall(
        "SELECT * FROM unanswered WHERE user_id = ? ORDER BY id", (user_id,))
    return [_row(row) for row in rows]


async def export(db: Database, user_ids: Sequence[int]) -> list[dict[str, object]]:
    """These people's texts, for /mydata."""
    found: list[dict[str, object]] = []
    for uid in user_ids:
        found += [{"user_id": r.user_id, "text": r.text, "created_at": to_db(r.created_at),
                   "asked_at": to_db(r.asked_at) if r.asked_at else None}
                  for r in await of_user(db, uid)]
    return found
