"""Dated lessons as staff read them (the pattern and closures are storage.timetable's; a
family's lessons, storage.family_lessons). A lesson is off when staff cancelled it, or when it
falls inside a closure unless staff restored it by hand. The rows and types are
storage.lesson_rows', a change's queries storage.lesson_changes'; both are importable from
here. Staff's changes to a lesson, with the notices they cause, are
bot.services.lesson_changes'.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from storage.clock import to_db
from storage.db import Database
from storage.lesson_changes import LAST_TOLD, RECIPIENTS, Action, last_told_of
from storage.lesson_rows import (
    LESSON_SELECT,
    OFF_SQL,
    PENDING,
    PENDING_SQL,
    ChildLesson,
    Lesson,
    State,
    lesson_of_row,
)

__all__ = [
    "LESSON_SELECT", "OFF_SQL", "PENDING", "PENDING_SQL", "RECIPIENTS", "Action", "ChildLesson",
    "Lesson", "LessonRepo", "State", "lesson_of_row",
]


class LessonRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ---- reading -----------------------------------------------------------------------

    async def get(self, lesson_id: int) -> Lesson | None:
        row = await self.db.fetchone(LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
        return None if row is None else lesson_of_row(row)

    async def of_group(self, group_id: int, since: datetime, limit: int, offset: int = 0
                       ) -> list[Lesson]:
        """A group's lessons that end after `since`, in order (staff's list)."""
        rows = await self.db.fetchall(
            LESSON_SELECT + " WHERE l.group_id = ? AND l.ends_at > ?"
            " ORDER BY l.starts_at, l.id LIMIT ? OFFSET ?",
            (group_id, to_db(since), limit, offset),
        )
        return [lesson_of_row(row) for row in rows]

    async def count_of_group(self, group_id: int, since: datetime) -> int:
        row = await self.db.fetchone(
            "SELECT count(*) FROM lessons WHERE group_id = ? AND ends_at > ?",
            (group_id, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def between(self, since: datetime, until: datetime) -> list[Lesson]:
        """Every group's lessons starting in [since, until): the staff's week."""
        rows = await self.db.fetchall(
            LESSON_SELECT + " WHERE l.starts_at >= ? AND l.starts_at < ?"
            " ORDER BY l.starts_at, g.code",
            (to_db(since), to_db(until)),
        )
        return [lesson_of_row(row) for row in rows]

    async def overlapping(self, since: datetime, until: datetime) -> list[Lesson]:
        """Every group's lessons that overlap [since, until), off ones too, in order."""
        rows = await self.db.fetchall(
            # no lesson is longer than a day: the index finds the few that may overlap
            LESSON_SELECT + " WHERE l.starts_at >= ? AND l.starts_at < ? AND l.ends_at > ?"
            " ORDER BY l.starts_at, g.code",
            (to_db(since - timedelta(days=1)), to_db(until), to_db(since)),
        )
        return [lesson_of_row(row) for row in rows]

    async def last_told(self, lesson_id: int) -> dict[int, State]:
        """What each person was last told of the lesson (a notice sent or being sent)."""
        return last_told_of(await self.db.fetchall(LAST_TOLD, (lesson_id,)))

    async def recipients(self, group_id: int) -> list[aiosqlite.Row]:
        """Who a change to the group's lesson is told to: id, language, family_role,
        family_id."""
        return list(await self.db.fetchall(RECIPIENTS, {"group": group_id, "joined_by": None}))
