"""Marks in the attendance register, written straight into the test database (the roll call
that writes them in the bot is tested on its own): a mark, a correction, a notice turned off,
and the held lessons of a group to mark."""

from __future__ import annotations

from datetime import datetime

from storage.clock import to_db, utcnow
from tests.helpers.harness import App


async def held(app: App, group_id: int, before: datetime | None = None) -> list[int]:
    """The group's lessons begun before `before` (now), not cancelled, oldest first."""
    rows = await app.db.fetchall(
        "SELECT id FROM lessons WHERE group_id = ? AND status != 'cancelled'"
        " AND starts_at <= ? ORDER BY starts_at", (group_id, to_db(before or utcnow())))
    return [int(row[0]) for row in rows]


async def mark(app: App, lesson_id: int, child_id: int, value: str, by: int = 1) -> None:
    """A child's mark at a lesson (replacing an earlier one)."""
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT OR REPLACE INTO attendance (lesson_id, pupil, child_id, mark, marked_by,"
            " marked_at) VALUES (?, ?, ?, ?, ?, ?)",
            (lesson_id, child_id, child_id, value, by, to_db(utcnow())))


async def correct(app: App, lesson_id: int, child_id: int, was: str, value: str,
                  by: int = 1) -> None:
    """A correction of a mark, kept with who made it."""
    await mark(app, lesson_id, child_id, value, by)
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO attendance_changes (lesson_id, pupil, child_id, mark_was, mark,"
            " changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (lesson_id, child_id, child_id, was, value, by, to_db(utcnow())))


async def quiet(app: App, user_id: int, child_id: int) -> None:
    """A parent (or the pupil's own account) turned «не пришёл» notices off for a child."""
    async with app.db.transaction() as conn:
        await conn.execute("INSERT OR IGNORE INTO attendance_quiet (user_id, child_id)"
                           " VALUES (?, ?)", (user_id, child_id))
