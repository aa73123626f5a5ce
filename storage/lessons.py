"""Dated lessons as families and staff read them, staff's changes to one, and the notices a
change causes (the pattern and closures are storage.timetable's). A lesson is off when staff
cancelled it, or when it falls inside a closure unless staff restored it by hand.

A change notice is superseded, not stacked: a change cancels the lesson's notices still queued
and tells each recipient the difference from what they were last told (a notice sent or being
sent), or nothing — a lesson cancelled and restored before the notices went out sends nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, Protocol

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import Recipient
from storage.outbox import enqueue
from storage.timetable import schedule_changed

# an application still being decided shows its group's lessons, marked as such
PENDING = ("awaiting_consent", "applied", "navigator", "offered")
PENDING_SQL = ",".join(f"'{s}'" for s in PENDING)
Action = Literal["cancel", "move", "restore"]

LESSON_SELECT = """
    SELECT l.*, g.code AS group_code, g.name AS group_name, g.teacher, g.teacher_id, g.note,
        g.room AS group_room, p.quantum_code, p.title_ru, p.title_en, c.reason AS closure_reason
    FROM lessons l JOIN groups g ON g.id = l.group_id
    JOIN programmes p ON p.id = g.programme_id
    LEFT JOIN closures c ON c.id = l.closure_id
"""
# what "off" means in SQL, for the lessons table as `l`
OFF_SQL = "(l.status = 'cancelled' OR (l.closure_id IS NOT NULL AND l.manual = 0))"


@dataclass(frozen=True, slots=True)
class State:
    """What a family is told of a lesson: when, where, and whether it takes place."""

    starts_at: datetime
    ends_at: datetime
    room: str
    off: bool

    def dump(self) -> dict[str, Any]:
        return {"start": to_db(self.starts_at), "end": to_db(self.ends_at), "room": self.room,
                "off": self.off}

    @classmethod
    def load(cls, data: dict[str, Any]) -> State:
        return cls(from_db(data["start"]), from_db(data["end"]), str(data["room"]),
                   bool(data["off"]))


@dataclass(frozen=True, slots=True)
class Lesson:
    id: int
    group_id: int
    group_code: str
    group_name: str
    quantum_code: str
    title_ru: str
    title_en: str
    teacher: str
    day: date  # the local date it now falls on
    starts_at: datetime  # UTC
    ends_at: datetime
    room: str  # where it is now (the group's room unless the lesson has its own)
    status: str  # planned | cancelled | moved, as it stands, closures counted
    reason: str | None  # why cancelled or moved (a closure's reason)
    closure: bool  # off because of a closure
    in_closure: bool  # its planned day is in a closure (even if staff restored it)
    planned_start: datetime
    planned_end: datetime
    planned_room: str
    manual: bool
    version: int
    note: str = ""  # what to bring, the group's
    teacher_id: int | None = None  # the teacher's own Telegram account

    @property
    def off(self) -> bool:
        return self.status == "cancelled"

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_ru

    def state(self) -> State:
        return State(self.starts_at, self.ends_at, self.room, self.off)

    def planned_state(self) -> State:
        """What the pattern gave it: what families know without being told otherwise."""
        return State(self.planned_start, self.planned_end, self.planned_room, self.in_closure)


@dataclass(frozen=True, slots=True)
class ChildLesson:
    """A lesson of one child: `enrolment` is "confirmed" or "pending" (being decided)."""

    lesson: Lesson
    child_id: int
    child_name: str
    enrolment: str


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


class LessonNotices(Protocol):
    """Renders a change notice in the recipient's language. Pure: called in transactions."""

    def lesson_changed(
        self, lesson: Lesson, before: State, person: Recipient
    ) -> dict[str, Any]: ...


def lesson_of_row(row: aiosqlite.Row) -> Lesson:
    manual = bool(row["manual"])
    status, reason = row["status"], row["reason"]
    in_closure = row["closure_id"] is not None
    closure = status != "cancelled" and in_closure and not manual
    if closure:
        status, reason = "cancelled", row["closure_reason"]
    return Lesson(
        id=row["id"], group_id=row["group_id"], group_code=row["group_code"],
        group_name=row["group_name"], quantum_code=row["quantum_code"],
        title_ru=row["title_ru"], title_en=row["title_en"], teacher=row["teacher"],
        day=date.fromisoformat(row["day"]), starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]), room=row["room"] or row["group_room"],
        status=status, reason=reason, closure=closure, in_closure=in_closure,
        planned_start=from_db(row["planned_start"]), planned_end=from_db(row["planned_end"]),
        planned_room=row["planned_room"] or row["group_room"], manual=manual,
        version=row["version"], note=row["note"], teacher_id=row["teacher_id"],
    )


# The lessons of the children a user sees (a parent: all of the family's, a pupil: their own)
# in the groups they are enrolled in or applying to. CROSS JOIN keeps SQLite's join order:
# from the user's few children to their groups' lessons, never from all lessons in a range.
CHILD_LESSONS = f"""
    SELECT l.*, g.code AS group_code, g.name AS group_name, g.teacher, g.teacher_id, g.note,
        g.room AS group_room, p.quantum_code, p.title_ru, p.title_en, cl.reason AS closure_reason,
        c.id AS child_id, c.name AS child_name,
        CASE WHEN e.status = 'confirmed' THEN 'confirmed' ELSE 'pending' END AS enrolment
    FROM family_members m
    CROSS JOIN children c ON c.family_id = m.family_id
    CROSS JOIN enrolments e ON e.child_id = c.id
    CROSS JOIN lessons l ON l.group_id = e.group_id
    JOIN groups g ON g.id = e.group_id JOIN programmes p ON p.id = g.programme_id
    LEFT JOIN closures cl ON cl.id = l.closure_id
    WHERE m.user_id = :user
        AND (m.relation = 'parent' OR c.id = m.child_id OR c.user_id = :user)
        AND e.status IN ('confirmed', {PENDING_SQL})
"""  # noqa: S608 - constants only
# who is told of a change: every parent of a family with a confirmed child in the group, and
# the confirmed children's own accounts (a sibling's account is not)
RECIPIENTS = """
    WITH kids AS (
        SELECT c.id, c.family_id, c.user_id FROM enrolments e
        JOIN children c ON c.id = e.child_id
        WHERE e.group_id = :group AND e.status = 'confirmed'
    ), people AS (
        SELECT m.user_id AS uid, m.family_id FROM family_members m
        WHERE m.family_id IN (SELECT family_id FROM kids)
            AND (m.relation = 'parent' OR m.child_id IN (SELECT id FROM kids)
                 OR m.user_id IN (SELECT user_id FROM kids WHERE user_id IS NOT NULL))
        UNION SELECT user_id, family_id FROM kids WHERE user_id IS NOT NULL
    )
    SELECT u.id, u.language, u.family_role, min(people.family_id) AS family_id
    FROM people JOIN users u ON u.id = people.uid
    WHERE u.blocked = 0 GROUP BY u.id ORDER BY u.id
"""


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

    async def for_user(self, user_id: int, since: datetime, until: datetime
                       ) -> list[ChildLesson]:
        """The lessons of the children a user sees (a parent: the family's; a pupil: their
        own) starting in [since, until), in order."""
        rows = await self.db.fetchall(
            CHILD_LESSONS + " AND l.starts_at >= :since AND l.starts_at < :until"
            " ORDER BY l.starts_at, c.id",
            {"user": user_id, "since": to_db(since), "until": to_db(until)},
        )
        return [_child_lesson(row) for row in rows]

    async def next_for_user(self, user_id: int, now: datetime) -> list[ChildLesson]:
        """Each child's nearest lesson that is on and not over yet, soonest first."""
        rows = await self.db.fetchall(
            f"""
            SELECT * FROM ({CHILD_LESSONS} AND l.id = (
                SELECT l2.id FROM lessons l2 WHERE l2.group_id = e.group_id
                    AND l2.starts_at > :since AND l2.ends_at > :now
                    AND NOT {OFF_SQL.replace('l.', 'l2.')}
                ORDER BY l2.starts_at LIMIT 1))
            ORDER BY starts_at, child_id
            """,  # noqa: S608 - constants only
            # no lesson is longer than a day: the index finds the few that may be on now
            {"user": user_id, "now": to_db(now), "since": to_db(now - timedelta(days=1))},
        )
        nearest: dict[int, ChildLesson] = {}
        for row in rows:
            nearest.setdefault(row["child_id"], _child_lesson(row))
        return sorted(nearest.values(), key=lambda c: (c.lesson.starts_at, c.child_id))

    async def for_calendar(self, user_id: int, since: date, child_id: int | None = None
                           ) -> list[ChildLesson]:
        """Lessons of the user's children from `since` on (one child's, if given)."""
        sql = CHILD_LESSONS + " AND l.day >= :since"
        if child_id is not None:
            sql += " AND c.id = :child"
        rows = await self.db.fetchall(
            sql + " ORDER BY l.starts_at, c.id",
            {"user": user_id, "since": since.isoformat(), "child": child_id},
        )
        return [_child_lesson(row) for row in rows]

    async def would_tell(self, lesson: Lesson, after: State) -> int:
        """How many people a change making the lesson `after` would tell: those whose last
        word of it differs (the preview's count; change() reports the count it queued)."""
        last_told = await self._last_told(None, lesson.id)
        people = await self.db.fetchall(RECIPIENTS, {"group": lesson.group_id})
        now = utcnow()
        return sum(
            1 for person in people
            if (before := last_told.get(person["id"], lesson.planned_state())) != after
            and max(after.starts_at, before.starts_at) > now
        )

    async def _last_told(self, conn: aiosqlite.Connection | None, lesson_id: int
                         ) -> dict[int, State]:
        """What each person was last told of the lesson (a notice sent or being sent)."""
        sql = ("SELECT chat_id, payload FROM outbox WHERE lesson_id = ? AND kind = 'lesson'"
               " AND status IN ('sent', 'sending') ORDER BY id")
        rows = (await fetch_all(conn, sql, (lesson_id,)) if conn is not None
                else await self.db.fetchall(sql, (lesson_id,)))
        last_told: dict[int, State] = {}
        for row in rows:
            state = json.loads(row["payload"]).get("state")
            if state:
                last_told[row["chat_id"]] = State.load(state)
        return last_told

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
        now = to_db(moment)
        if action == "move" and starts_at is not None and ends_at is not None:
            if ends_at <= starts_at:
                raise ValueError("a lesson ends after it starts")
            if starts_at <= moment:
                raise LessonOver("a lesson cannot be moved into the past")
        async with self.db.transaction() as conn:
            row = await fetch_one(conn, LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
            if row is None:
                raise LessonGone(lesson_id)
            current = lesson_of_row(row)
            if current.version != version:
                raise LessonStale(current)
            if current.ends_at <= moment:
                raise LessonOver(f"lesson {lesson_id} has ended")
            if action == "cancel":
                await conn.execute(
                    "UPDATE lessons SET status = 'cancelled', reason = ?, manual = 1 WHERE id = ?",
                    (reason, lesson_id),
                )
            elif action == "move":
                if starts_at is None or ends_at is None or day is None:
                    raise ValueError("a move needs the new start, end and day")
                await conn.execute(
                    "UPDATE lessons SET status = 'moved', reason = ?, manual = 1, starts_at = ?,"
                    " ends_at = ?, day = ?, room = ? WHERE id = ?",
                    (reason, to_db(starts_at), to_db(ends_at), day.isoformat(),
                     row["room"] if room is None else room, lesson_id),
                )
            else:
                # back to what the pattern gives; inside a closure it then takes place anyway
                await conn.execute(
                    "UPDATE lessons SET status = 'planned', reason = ?, starts_at ="
                    " planned_start, ends_at = planned_end, room = planned_room, day ="
                    " substr(origin, 1, 10), manual = (closure_id IS NOT NULL) WHERE id = ?",
                    (reason, lesson_id),
                )
            await conn.execute(
                "UPDATE lessons SET version = version + 1, changed_by = ?, updated_at = ?"
                " WHERE id = ?", (by, now, lesson_id),
            )
            await schedule_changed(conn)
            row = await fetch_one(conn, LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
            assert row is not None
            lesson = lesson_of_row(row)
            told = await self._tell(conn, lesson)
        return Changed(lesson, told)

    async def _tell(self, conn: aiosqlite.Connection, lesson: Lesson) -> int:
        """Supersede the lesson's queued notices and queue one for each person whose last
        word of it differs from what now stands."""
        await conn.execute(
            "UPDATE outbox SET status = 'cancelled', last_error = 'superseded',"
            " lease_until = NULL WHERE lesson_id = ? AND kind = 'lesson' AND status = 'pending'",
            (lesson.id,),
        )
        last_told = await self._last_told(conn, lesson.id)
        now_state = lesson.state()
        now = utcnow()
        told = 0
        for person in await fetch_all(conn, RECIPIENTS, {"group": lesson.group_id}):
            before = last_told.get(person["id"], lesson.planned_state())
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


def _child_lesson(row: aiosqlite.Row) -> ChildLesson:
    return ChildLesson(lesson_of_row(row), row["child_id"], row["child_name"], row["enrolment"])
