"""«Не придём»: a child will miss one lesson, reported from a reminder by a parent of the
child's family or by the child's own account, and taken back while the lesson has not started.

A report and the notice to the teacher are written in one transaction: the notice goes to the
group's teacher (`groups.teacher_id`) when that account is staff, else to every member of
staff. Taking it back cancels the notice if it is still queued (nobody is bothered) and tells
those who already read it that the child is coming after all. The reminder planner sees the
absence through triggers: a child reported absent gets no further reminders for the lesson,
and gets them again once it is taken back.

Notices are outbox rows of kind "absence" (staff only, with the family and the lesson), keyed
`absence:{lesson}:{child}:{n}:{chat}` and `absence-back:{lesson}:{child}:{n}:{chat}`, where n
is unique to one report or one taking back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import aiosqlite

from storage.clock import to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import Recipient
from storage.lessons import LESSON_SELECT, Lesson, lesson_of_row
from storage.outbox import enqueue

Outcome = Literal[
    "recorded",  # the absence is written and staff will hear of it
    "already",  # it was written before: nothing new
    "taken-back",  # the absence is gone; staff told if they had heard of it
    "not-absent",  # nothing to take back
    "not-yours",  # the child is not one the person may report (a sibling, a stranger's)
    "not-in-group",  # the child has no confirmed place in the lesson's group
    "gone",  # no such lesson
    "off",  # the lesson is cancelled
    "started",  # the lesson has started (or is over): too late to change anything
]

# a child the person may report: their family's when they are a parent, else only themself
CHILD_OF = """
    SELECT c.id, c.name, c.family_id,
        (c.user_id = :user OR EXISTS (SELECT 1 FROM family_members m
            WHERE m.user_id = :user AND m.child_id = c.id)) AS pupil
    FROM children c
    WHERE c.id = :child AND (c.user_id = :user OR EXISTS (
        SELECT 1 FROM family_members m WHERE m.user_id = :user
            AND m.family_id = c.family_id AND (m.relation = 'parent' OR m.child_id = c.id)))
"""
ID_MAX = 2**63 - 1  # SQLite's integers: a forged id past it is no row of ours
STAFF = ("SELECT id, language, family_role FROM users WHERE staff_role IS NOT NULL"
         " AND blocked = 0 ORDER BY id")


@dataclass(frozen=True, slots=True)
class Report:
    """Who will miss which lesson, and who said so (`pupil`: the child's own account)."""

    lesson: Lesson
    child_id: int
    child_name: str
    family_id: int
    pupil: bool


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    report: Report | None = None
    told: int = 0  # notices queued to staff

    @property
    def absent(self) -> bool:
        """Is the child marked absent now (the button to show: take it back)?"""
        return self.outcome in ("recorded", "already")


class AbsenceNotices(Protocol):
    """Renders the notice to staff in the recipient's language (`back`: the child is coming
    after all). Pure: called inside transactions."""

    def absence(self, report: Report, person: Recipient, *, back: bool) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Absentee:
    child_id: int
    name: str


class AbsenceRepo:
    def __init__(self, db: Database, notices: AbsenceNotices) -> None:
        self.db = db
        self.notices = notices

    async def absentees(self, lesson_id: int) -> list[Absentee]:
        """The children reported absent from a lesson, by name (the staff's lesson card)."""
        rows = await self.db.fetchall(
            "SELECT c.id, c.name FROM absences a JOIN children c ON c.id = a.child_id"
            " WHERE a.lesson_id = ? ORDER BY c.name, c.id", (lesson_id,),
        )
        return [Absentee(row["id"], row["name"]) for row in rows]

    async def among(self, lesson_ids: list[int]) -> frozenset[tuple[int, int]]:
        """(lesson, child) of the absences reported for these lessons."""
        if not lesson_ids:
            return frozenset()
        rows = await self.db.fetchall(
            f"SELECT lesson_id, child_id FROM absences WHERE lesson_id IN"  # noqa: S608
            f" ({','.join('?' * len(lesson_ids))})", tuple(lesson_ids),
        )
        return frozenset((int(r["lesson_id"]), int(r["child_id"])) for r in rows)

    async def report(self, user_id: int, lesson_id: int, child_id: int) -> Result:
        """«Не придём»: record the absence once and queue the staff's notice with it."""
        async with self.db.transaction() as conn:
            found = await self._check(conn, user_id, lesson_id, child_id)
            if isinstance(found, Result):
                return found
            now = utcnow()
            cursor = await conn.execute(
                "INSERT INTO absences (lesson_id, child_id, reported_by, reported_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (lesson_id, child_id) DO NOTHING",
                (lesson_id, child_id, user_id, to_db(now)),
            )
            if cursor.rowcount == 0:
                return Result("already", found)
            told = 0
            n = await _serial(conn)
            for person in await self._staff_for(conn, found.lesson):
                told += await enqueue(
                    conn, kind="absence", chat_id=person.user_id,
                    payload=self.notices.absence(found, person, back=False),
                    dedupe_key=f"absence:{lesson_id}:{child_id}:{n}:{person.user_id}",
                    expires_at=found.lesson.ends_at, family_id=found.family_id,
                    staff_only=True, lesson_id=lesson_id,
                )
        return Result("recorded", found, told)

    async def take_back(self, user_id: int, lesson_id: int, child_id: int) -> Result:
        """«Всё-таки придём» before the lesson starts: the absence goes; a notice still queued
        is cancelled, and whoever read one hears the child is coming after all."""
        async with self.db.transaction() as conn:
            found = await self._check(conn, user_id, lesson_id, child_id, enrolled=False)
            if isinstance(found, Result) and found.outcome != "off":
                return found
            cancelled = isinstance(found, Result)
            report = found.report if isinstance(found, Result) else found
            assert report is not None
            cursor = await conn.execute(
                "DELETE FROM absences WHERE lesson_id = ? AND child_id = ?",
                (lesson_id, child_id),
            )
            if cursor.rowcount == 0:
                return Result("not-absent", report)
            read = await _notices_read(conn, lesson_id, child_id)
            await conn.execute(
                "UPDATE outbox SET status = 'cancelled', payload = '{}',"
                " last_error = 'taken back', lease_until = NULL"
                " WHERE kind = 'absence' AND lesson_id = ? AND dedupe_key LIKE ?"
                " AND status = 'pending'",
                (lesson_id, f"absence:{lesson_id}:{child_id}:%"),
            )
            told = 0
            if read and not cancelled:
                # a lesson cancelled meanwhile needs no «coming after all»
                n = await _serial(conn)
                marks = ",".join("?" * len(read))
                people = await fetch_all(
                    conn, f"SELECT id, language, family_role FROM users WHERE id IN ({marks})"  # noqa: S608
                    " AND blocked = 0 ORDER BY id", tuple(read),
                )
                for row in people:
                    person = Recipient(row["id"], row["language"], row["family_role"])
                    told += await enqueue(
                        conn, kind="absence", chat_id=person.user_id,
                        payload=self.notices.absence(report, person, back=True),
                        dedupe_key=f"absence-back:{lesson_id}:{child_id}:{n}:{person.user_id}",
                        expires_at=report.lesson.ends_at, family_id=report.family_id,
                        staff_only=True, lesson_id=lesson_id,
                    )
        return Result("taken-back", report, told)

    async def _check(
        self, conn: aiosqlite.Connection, user_id: int, lesson_id: int, child_id: int, *,
        enrolled: bool = True,
    ) -> Report | Result:
        """The report a press stands for, or why it cannot be made (a Result): callback data
        is untrusted, so every id is checked against the person and the lesson as they are."""
        if not 0 < child_id <= ID_MAX:
            return Result("not-yours")
        if not 0 < lesson_id <= ID_MAX:
            return Result("gone")
        child = await fetch_one(conn, CHILD_OF, {"user": user_id, "child": child_id})
        if child is None:
            return Result("not-yours")
        row = await fetch_one(conn, LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
        if row is None:
            return Result("gone")
        lesson = lesson_of_row(row)
        report = Report(lesson, child_id, child["name"], child["family_id"], bool(child["pupil"]))
        if enrolled and await fetch_one(
            conn, "SELECT 1 FROM enrolments WHERE child_id = ? AND group_id = ?"
            " AND status = 'confirmed'", (child_id, lesson.group_id),
        ) is None:
            return Result("not-in-group", report)
        if lesson.starts_at <= utcnow():
            return Result("started", report)
        if lesson.off:
            return Result("off", report)
        return report

    @staticmethod
    async def _staff_for(conn: aiosqlite.Connection, lesson: Lesson) -> list[Recipient]:
        """The group's teacher if their account is staff now, else every member of staff."""
        rows = []
        if lesson.teacher_id is not None:
            rows = await fetch_all(
                conn, "SELECT id, language, family_role FROM users WHERE id = ?"
                " AND staff_role IS NOT NULL AND blocked = 0", (lesson.teacher_id,),
            )
        if not rows:
            rows = await fetch_all(conn, STAFF)
        return [Recipient(row["id"], row["language"], row["family_role"]) for row in rows]


async def _serial(conn: aiosqlite.Connection) -> int:
    """A number no earlier notice's key holds (the outbox's next id: rows are never deleted,
    and the caller holds the writer)."""
    row = await fetch_one(conn, "SELECT coalesce(max(id), 0) + 1 FROM outbox")
    return int(row[0]) if row else 1


async def _notices_read(conn: aiosqlite.Connection, lesson_id: int, child_id: int) -> list[int]:
    """Who has read (or is being sent) the notice of the latest report: every earlier report
    was taken back, its notices cancelled or followed by a «coming after all»."""
    rows = await fetch_all(
        conn,
        "SELECT DISTINCT chat_id FROM outbox WHERE kind = 'absence' AND lesson_id = :lesson"
        " AND dedupe_key LIKE :report AND status IN ('sent', 'sending')"
        " AND id > coalesce((SELECT max(id) FROM outbox WHERE kind = 'absence'"
        "   AND lesson_id = :lesson AND dedupe_key LIKE :back), 0)"
        " ORDER BY chat_id",
        {"lesson": lesson_id, "report": f"absence:{lesson_id}:{child_id}:%",
         "back": f"absence-back:{lesson_id}:{child_id}:%"},
    )
    return [int(row[0]) for row in rows]
