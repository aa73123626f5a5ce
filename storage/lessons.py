"""Dated lessons as staff read them, and staff's changes to one with the notices they cause
(the pattern and closures are storage.timetable's; a family's lessons, storage.family_lessons).
A lesson is off when staff cancelled it, or when it falls inside a closure unless staff
restored it by hand. The rows and types are storage.lesson_rows', the change's queries
storage.lesson_changes'; both are importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

from storage.clock import to_db, utcnow
from storage.db import Database
from storage.enrolments import Recipient
from storage.lesson_changes import (
    LAST_TOLD,
    RECIPIENTS,
    Action,
    LessonNotices,
    last_told,
    last_told_of,
    recipients,
    supersede_queued,
    write_change,
)
from storage.lesson_rows import (
    LESSON_SELECT,
    OFF_SQL,
    PENDING,
    PENDING_SQL,
    ChildLesson,
    Lesson,
    State,
    lesson_by_id,
    lesson_of_row,
)
from storage.outbox import enqueue

__all__ = [
    "LESSON_SELECT", "OFF_SQL", "PENDING", "PENDING_SQL", "RECIPIENTS", "Action", "Changed",
    "ChildLesson", "Lesson", "LessonGone", "LessonNotices", "LessonOver", "LessonRepo",
    "LessonStale", "State", "lesson_of_row",
]


@dataclass(frozen=True, slots=True)
class Changed:
    lesson: Lesson
    told: int  # notices queued


class LessonGone(LookupError):
    """No such lesson (a forged or very old button)."""


class LessonOver(Exception):
    """The lesson has ended (or a move would put it in the past): history is not changed."""


class LessonStale(Exception):
    """The lesson was changed since the person looked at it; nothing was written."""

    def __init__(self, current: Lesson) -> None:
        super().__init__(f"lesson {current.id} is at version {current.version}")
        self.current = current


class LessonRepo:
    def __init__(self, db: Database, notices: LessonNotices) -> None:
        self.db = db
        self.notices = notices

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

    async def would_tell(self, lesson: Lesson, after: State) -> int:
        """How many people a change making the lesson `after` would tell: those whose last
        word of it differs (the preview's count; change() reports the count it queued)."""
        told = last_told_of(await self.db.fetchall(LAST_TOLD, (lesson.id,)))
        people = await self.db.fetchall(RECIPIENTS, {"group": lesson.group_id})
        now = utcnow()
        return sum(
            1 for person in people
            if (before := told.get(person["id"], lesson.planned_state())) != after
            and max(after.starts_at, before.starts_at) > now
        )

    async def audience(self, group_id: int) -> int:
        """How many people a change to this group's lesson is told to."""
        rows = await self.db.fetchall(RECIPIENTS, {"group": group_id})
        return len(list(rows))

    # ---- staff changes -----------------------------------------------------------------

    async def change(
        self, lesson_id: int, version: int, action: Action, *, by: int,
        reason: str | None = None, starts_at: datetime | None = None,
        ends_at: datetime | None = None, day: date | None = None, room: str | None = None,
    ) -> Changed:
        """Cancel, move (to starts_at..ends_at on local `day`, in `room`; '' keeps the
        group's room) or restore a lesson as staff saw it at `version`; the families are told
        in the same transaction. Raises LessonGone, LessonStale if it changed meanwhile,
        LessonOver if it has ended or a move would start it in the past, ValueError for a
        move that ends before it starts."""
        moment = utcnow()
        if action == "move" and starts_at is not None and ends_at is not None:
            if ends_at <= starts_at:
                raise ValueError("a lesson ends after it starts")
            if starts_at <= moment:
                raise LessonOver("a lesson cannot be moved into the past")
        async with self.db.transaction() as conn:
            current = await lesson_by_id(conn, lesson_id)
            if current is None:
                raise LessonGone(lesson_id)
            if current.version != version:
                raise LessonStale(current)
            if current.ends_at <= moment:
                raise LessonOver(f"lesson {lesson_id} has ended")
            await write_change(conn, lesson_id, action, by=by, at=moment, reason=reason,
                               starts_at=starts_at, ends_at=ends_at, day=day, room=room)
            lesson = await lesson_by_id(conn, lesson_id)
            assert lesson is not None
            told = await self._tell(conn, lesson)
        return Changed(lesson, told)

    async def _tell(self, conn: aiosqlite.Connection, lesson: Lesson) -> int:
        """Supersede the lesson's queued notices and queue one for each person whose last
        word of it differs from what now stands."""
        await supersede_queued(conn, lesson.id)
        told_before = await last_told(conn, lesson.id)
        now_state = lesson.state()
        now = utcnow()
        told = 0
        for person in await recipients(conn, lesson.group_id):
            before = told_before.get(person["id"], lesson.planned_state())
            # worth reading until the later of the old and the new time has come
            expires = max(lesson.starts_at, before.starts_at)
            if before == now_state or expires <= now:
                continue
            recipient = Recipient(person["id"], person["language"], person["family_role"])
            payload = self.notices.lesson_changed(lesson, before, recipient)
            payload["state"] = now_state.dump()
            told += await enqueue(
                conn, kind="lesson", chat_id=person["id"], payload=payload,
                dedupe_key=f"lesson:{lesson.id}:{person['id']}:{lesson.version}",
                expires_at=expires, family_id=person["family_id"], lesson_id=lesson.id,
            )
        return told
