"""Reads only the offline demo makes: the first names people already have (a new person of
the demo gets a name no one the bot knows has), the first reminder of a person's that is
not due yet (the demo says when it brings one forward), and the people the bot knows (`:as`
lists them)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from storage.clock import from_db, to_db
from storage.db import Database


async def names_taken(db: Database, names: Collection[str]) -> set[str]:
    """Which of these first names someone the bot knows has (letter case as typed)."""
    if not names:
        return set()
    marks = ",".join("?" * len(names))
    rows = await db.fetchall(
        f"SELECT DISTINCT first_name FROM users WHERE first_name IN ({marks})",  # noqa: S608
        tuple(names),
    )
    return {str(row[0]) for row in rows}


async def first_reminder_after(db: Database, user_id: int, now: datetime
                               ) -> tuple[datetime, int | None] | None:
    """The person's first pending reminder due after `now`: when, and for which lesson (None:
    an event's reminder)."""
    row = await db.fetchone(
        "SELECT due_at, lesson_id FROM outbox WHERE chat_id = ? AND kind = 'reminder'"
        " AND status = 'pending' AND due_at > ? ORDER BY due_at LIMIT 1",
        (user_id, to_db(now)),
    )
    if row is None:
        return None
    lesson_id = row["lesson_id"]
    return from_db(row["due_at"]), None if lesson_id is None else int(lesson_id)


async def drop_pending(db: Database) -> int:
    """Cancel every message still queued (the sample's own notices: a fresh demo database
    starts with nothing to deliver); how many."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET status = 'cancelled' WHERE status = 'pending'")
        return cursor.rowcount


async def backdate_enrolments(db: Database, group_id: int, at: datetime) -> None:
    """The group's applications made at `at` (a sample class there since the term began)."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE enrolments SET created_at = ? WHERE group_id = ?",
                           (to_db(at), group_id))


@dataclass(frozen=True, slots=True)
class Known:
    """Someone the bot knows, as `:as` lists them: role is their staff role if any, else their
    family role (None: neither yet)."""

    id: int
    first_name: str
    role: str | None


async def known_people(db: Database, limit: int) -> tuple[list[Known], int]:
    """The people the bot knows, the newest first (by when it first met them), at most
    `limit` of them; and how many it knows in all."""
    rows = await db.fetchall(
        "SELECT id, first_name, coalesce(staff_role, family_role) AS role FROM users"
        " ORDER BY first_seen DESC, id DESC LIMIT ?", (limit,))
    total = await db.fetchone("SELECT count(*) FROM users")
    people = [Known(int(r["id"]), str(r["first_name"]), r["role"]) for r in rows]
    return people, int(total[0]) if total is not None else len(people)
