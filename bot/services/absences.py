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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import aiosqlite

from bot.services.absence_notices import AbsenceTexts
from storage import absences as rows
from storage.absences import Report
from storage.clock import utcnow
from storage.db import Database
from storage.enrolments import Recipient
from storage.lesson_rows import lesson_by_id
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
ID_MAX = 2**63 - 1  # SQLite's integers: a forged id past it is no row of ours


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    report: Report | None = None
    told: int = 0  # notices queued to staff

    @property
    def absent(self) -> bool:
        """Is the child marked absent now (the button to show: take it back)?"""
        return self.outcome in ("recorded", "already")


class Absences:
    def __init__(self, db: Database, texts: AbsenceTexts) -> None:
        self.db = db
        self.texts = texts

    async def mark(self, user_id: int, lesson_id: int, child_id: int) -> Result:
        """«Не придём»: record the absence once and queue the staff's notice with it."""
        async with self.db.transaction() as conn:
            found = await self._check(conn, user_id, lesson_id, child_id)
            if isinstance(found, Result):
                return found
            if not await rows.add(conn, lesson_id, child_id, by=user_id, at=utcnow()):
                return Result("already", found)
            staff = await rows.staff_or_teacher(conn, found.lesson.teacher_id)
            told = await self._tell(conn, found, staff, back=False)
        return Result("recorded", found, told)

    async def undo(self, user_id: int, lesson_id: int, child_id: int) -> Result:
        """«Всё-таки придём» before the lesson starts: the absence goes; a notice still queued
        is cancelled, and whoever read one hears the child is coming after all."""
        async with self.db.transaction() as conn:
            found = await self._check(conn, user_id, lesson_id, child_id, enrolled=False)
            if isinstance(found, Result) and found.outcome != "off":
                return found
            cancelled = isinstance(found, Result)
            report = found.report if isinstance(found, Result) else found
            assert report is not None
            if not await rows.remove(conn, lesson_id, child_id):
                return Result("not-absent", report)
            read = await rows.notices_read(conn, lesson_id, child_id)
            await rows.cancel_queued(conn, lesson_id, child_id)
            told = 0
            if read and not cancelled:
                # a lesson cancelled meanwhile needs no «coming after all»
                told = await self._tell(conn, report, await rows.people(conn, read), back=True)
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
        child = await rows.child_for(conn, user_id, child_id)
        if child is None:
            return Result("not-yours")
        lesson = await lesson_by_id(conn, lesson_id)
        if lesson is None:
            return Result("gone")
        report = Report(lesson, child_id, child.name, child.family_id, child.pupil)
        if enrolled and not await rows.confirmed_in(conn, child_id, lesson.group_id):
            return Result("not-in-group", report)
        if lesson.starts_at <= utcnow():
            return Result("started", report)
        if lesson.off:
            return Result("off", report)
        return report

    async def _tell(self, conn: aiosqlite.Connection, report: Report,
                    people: Sequence[Recipient], *, back: bool) -> int:
        """Queue the staff notice of a report (or of its taking back) to each of `people`."""
        n = await rows.serial(conn)
        prefix = "absence-back" if back else "absence"
        lesson_id, child_id = report.lesson.id, report.child_id
        told = 0
        for person in people:
            told += await enqueue(
                conn, kind="absence", chat_id=person.user_id,
                payload=self.texts.absence(report, person, back=back),
                dedupe_key=f"{prefix}:{lesson_id}:{child_id}:{n}:{person.user_id}",
                expires_at=report.lesson.ends_at, family_id=report.family_id,
                staff_only=True, lesson_id=lesson_id,
            )
        return told
