"""«Что было на занятии» as queries: a lesson's note (its text and photos), the lessons a note
may be written for, the children of a group as the consent check reads them, and the notes the
schedule shows. Which lesson may have a note, who gets it and the transaction are
bot.services.lesson_notes'."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database, fetch_all, fetch_one, placeholders
from storage.lesson_rows import LESSON_SELECT, OFF_SQL, Lesson, lesson_of_row


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    lesson_id: int
    text: str
    photos: list[str]  # Telegram file ids
    author_id: int
    created_at: datetime
    edited_at: datetime | None
    removed_at: datetime | None


def _note(row: aiosqlite.Row) -> Note:
    return Note(
        id=row["id"], lesson_id=row["lesson_id"], text=row["text"],
        photos=list(json.loads(row["photos"])), author_id=row["author_id"],
        created_at=from_db(row["created_at"]),
        edited_at=from_db(row["edited_at"]) if row["edited_at"] else None,
        removed_at=from_db(row["removed_at"]) if row["removed_at"] else None,
    )


async def group_exists(db: Database, group_id: int) -> bool:
    return await db.fetchval("SELECT 1 FROM groups WHERE id = ?", (group_id,)) is not None


async def held_lessons(db: Database, group_id: int, since: datetime, now: datetime,
                       limit: int) -> list[Lesson]:
    """The group's lessons that are on and started in [since, now], newest first."""
    rows = await db.fetchall(
        LESSON_SELECT + f" WHERE l.group_id = ? AND l.starts_at >= ? AND l.starts_at <= ?"
        f" AND NOT {OFF_SQL} ORDER BY l.starts_at DESC LIMIT ?",
        (group_id, to_db(since), to_db(now), limit),
    )
    return [lesson_of_row(row) for row in rows]


async def live_of(db: Database, lesson_ids: Sequence[int]) -> dict[int, Note]:
    """The notes on the schedule of these lessons, by lesson."""
    if not lesson_ids:
        return {}
    rows = await db.fetchall(
        f"SELECT * FROM lesson_notes WHERE removed_at IS NULL"  # noqa: S608
        f" AND lesson_id IN ({placeholders(lesson_ids)})", tuple(lesson_ids),
    )
    return {row["lesson_id"]: _note(row) for row in rows}


async def note_by_id(conn: aiosqlite.Connection, note_id: int) -> Note | None:
    row = await fetch_one(conn, "SELECT * FROM lesson_notes WHERE id = ?", (note_id,))
    return None if row is None else _note(row)


async def add(conn: aiosqlite.Connection, *, lesson_id: int, text: str, photos: list[str],
              author_id: int, at: datetime) -> int | None:
    """The lesson's note, inside the caller's transaction; None if it has one already."""
    cursor = await conn.execute(
        "INSERT INTO lesson_notes (lesson_id, text, photos, author_id, created_at)"
        " VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (lesson_id) WHERE removed_at IS NULL DO NOTHING",
        (lesson_id, text, json.dumps(photos), author_id, to_db(at)),
    )
    return cursor.lastrowid if cursor.rowcount == 1 else None


async def set_text(conn: aiosqlite.Connection, note_id: int, text: str, by: int,
                   at: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE lesson_notes SET text = ?, edited_by = ?, edited_at = ?"
        " WHERE id = ? AND removed_at IS NULL", (text, by, to_db(at), note_id),
    )
    return cursor.rowcount == 1


async def remove(conn: aiosqlite.Connection, note_id: int, by: int, at: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE lesson_notes SET removed_by = ?, removed_at = ?"
        " WHERE id = ? AND removed_at IS NULL", (by, to_db(at), note_id),
    )
    return cursor.rowcount == 1


async def cancel_queued(conn: aiosqlite.Connection, note_id: int) -> int:
    """The note's messages not sent yet are cancelled (and blanked)."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'cancelled', payload = '{}', last_error = 'removed',"
        " lease_until = NULL WHERE topic = ? AND status = 'pending'", (f"note:{note_id}",),
    )
    return cursor.rowcount


async def queued_texts(conn: aiosqlite.Connection, note_id: int) -> list[aiosqlite.Row]:
    """The note's text messages not sent yet (waiting, or waiting to be retried): the row's id
    as `outbox_id`, and its recipient's language and family_role."""
    return await fetch_all(
        conn,
        "SELECT o.id AS outbox_id, u.language, u.family_role FROM outbox o"
        " JOIN users u ON u.id = o.chat_id WHERE o.topic = ? AND o.status = 'pending'"
        " AND o.payload != '{}' AND o.dedupe_key LIKE '%:text' ORDER BY o.id",
        (f"note:{note_id}",),
    )


async def set_queued(conn: aiosqlite.Connection, outbox_id: int, payload: dict[str, Any]
                     ) -> bool:
    """A message not sent yet gets a new payload (one sent, or being sent, keeps its own)."""
    cursor = await conn.execute(
        "UPDATE outbox SET payload = ? WHERE id = ? AND status = 'pending'",
        (json.dumps(payload, ensure_ascii=False), outbox_id),
    )
    return cursor.rowcount == 1


async def confirmed_children(db: Database, group_id: int) -> list[tuple[int, str]]:
    """The group's confirmed children: id and name, in the order they were added."""
    rows = await db.fetchall(
        "SELECT c.id, c.name FROM enrolments e JOIN children c ON c.id = e.child_id"
        " WHERE e.group_id = ? AND e.status = 'confirmed' ORDER BY c.id", (group_id,),
    )
    return [(row["id"], row["name"]) for row in rows]


async def lesson_in(conn: aiosqlite.Connection, lesson_id: int) -> Lesson | None:
    row = await fetch_one(conn, LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
    return None if row is None else lesson_of_row(row)


async def is_staff(conn: aiosqlite.Connection, user_id: int) -> bool:
    """Is the user staff at this moment (inside the caller's transaction)?"""
    row = await fetch_one(conn, "SELECT 1 FROM users WHERE id = ? AND staff_role IS NOT NULL",
                          (user_id,))
    return row is not None
