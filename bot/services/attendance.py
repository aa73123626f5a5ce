"""The roll call, the use cases: staff mark a lesson's children (a tap, «Все пришли», saving
again after a failed write, «Готово»), families hear when a child did not arrive, and a
forgotten register is reminded of once.

Who and when: any member of staff, from WINDOW_BEFORE before the lesson starts until
WINDOW_AFTER after it ends, on a lesson not cancelled, for a confirmed child of its group.
Every mark is written at once; a mark changed after it was first set is kept in
`attendance_changes` with who and when, and who had set it before and when, in the same
transaction. Two staff marking at once: the last write wins per child; each screen is drawn
from the database after its write, and the other registers open on the lesson are redrawn
(`memory`, which also keeps the marks a failed write left to save again).

«Не пришёл»: a child marked absent without «Не придём» is told of to the family's parents (or,
with no parent account, to the child's own), as outbox rows of kind "attendance" keyed
`attendance:{lesson}:{child}:{n}:{chat}`, at «Готово» or NOTICE_AFTER after the last tap on the
child, never before the lesson starts; `told_at` records it (or that nobody will be told: a
«Не придём», a lesson off, a forgotten child). Marked present or late again, a notice still
queued is cancelled and one read is followed by a correction; a lesson long over waits for
the recipient's quiet hours (bot.services.attendance_telling). The forgotten register:
FORGOTTEN_AFTER after the lesson ends with no mark at all, one reminder
(`rollcall-remind:{lesson}:{chat}`) to the group's teacher, or to the admins when the group
has none; `roll_calls.reminded_at` makes it once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Literal

import aiosqlite

from bot.services.attendance_notices import AttendanceTexts
from bot.services.attendance_telling import Telling
from bot.services.roll_memory import RollMemory
from storage import attendance as rows
from storage import attendance_families as families
from storage import attendance_trip as trip
from storage.attendance import AttendanceRepo, Pupil
from storage.clock import utcnow
from storage.db import Database
from storage.lesson_rows import Lesson, lesson_by_id

WINDOW_BEFORE = timedelta(minutes=15)
WINDOW_AFTER = timedelta(days=7)
NOTICE_AFTER = timedelta(minutes=2)
FORGOTTEN_AFTER = timedelta(minutes=30)
FORGOTTEN_SPAN = timedelta(days=1)  # older registers were forgotten before this job ran
LONGEST_LESSON = timedelta(days=1)  # no lesson lasts longer: the forgotten are read by start
ID_MAX = 2**63 - 1
MARKS = {"p": "present", "a": "absent", "l": "late", "e": "excused"}
# a tap's next mark: not marked or excused → present → absent → late → present; a child whose
# family said «Не придём» goes from late back to excused, so a mistaken tap can be undone
NEXT = {None: "p", "excused": "p", "present": "a", "absent": "l", "late": "p"}

Outcome = Literal[
    "ok",
    "not-staff",  # a parent or a pupil pressing a staff button
    "gone",  # no such lesson
    "off",  # the lesson is cancelled
    "early",  # more than WINDOW_BEFORE before it starts
    "closed",  # more than WINDOW_AFTER after it ended
    "not-in-group",  # a child with no confirmed place in the lesson's group
]


def window_open(lesson: Lesson, now: datetime) -> bool:
    """Is the lesson's register open for marking now?"""
    return lesson.starts_at - WINDOW_BEFORE <= now <= lesson.ends_at + WINDOW_AFTER


def next_mark(pupil: Pupil, mark: str | None) -> str:
    """The letter of the mark a tap on this child's button sets, the button showing `mark`."""
    return "e" if pupil.warned and mark == "late" else NEXT[mark]


def shown_mark(pupil: Pupil) -> str | None:
    """The mark a child's button shows: a «Не придём» stands as excused until marked."""
    return pupil.mark or ("excused" if pupil.warned else None)


@dataclass(frozen=True, slots=True)
class RollCall:
    """A lesson's register as it stands (or why it cannot be marked)."""

    outcome: Outcome
    lesson: Lesson | None = None
    pupils: list[Pupil] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GroupEntry:
    """What «📋 Отметить» on a group's screen opens: a lesson, or the next one."""

    lesson: Lesson | None
    next_lesson: Lesson | None = None


class Attendance:
    def __init__(self, db: Database, texts: AttendanceTexts) -> None:
        self.db = db
        self.texts = texts
        self.rows = AttendanceRepo(db)
        self.telling = Telling(texts)
        self.memory = RollMemory()  # this dispatcher's: unsaved marks, open registers

    # ---- reading ---------------------------------------------------------------------------

    async def open(self, staff: bool, lesson_id: int, now: datetime) -> RollCall:
        """The register to show, if this person may mark it now."""
        if not staff:
            return RollCall("not-staff")
        lesson = await self.rows.lesson(lesson_id) if 0 < lesson_id <= ID_MAX else None
        refusal = self._refusal(lesson, now)
        if refusal is not None or lesson is None:
            return RollCall(refusal or "gone", lesson)
        return RollCall("ok", lesson, await self.rows.roster(lesson))

    async def for_group(self, group_id: int, now: datetime) -> GroupEntry:
        """Today's lesson of the group (once its register is open), else the last one held and
        not marked yet within the window; else the next lesson, to say when."""
        if not 0 < group_id <= ID_MAX:
            return GroupEntry(None)
        found = await self.rows.markable(group_id, now + WINDOW_BEFORE, now - WINDOW_AFTER)
        today = now.astimezone(self.texts.zone).date()
        for lesson, _ in found:
            if lesson.day == today:
                return GroupEntry(lesson)
        for lesson, marked in found:
            if not marked:
                return GroupEntry(lesson)
        return GroupEntry(None, await self.rows.next_lesson(group_id, now))

    async def counts(self, lesson_id: int) -> dict[str, int]:
        return await self.rows.counts(lesson_id)

    async def quiet(self, user_id: int) -> set[int]:
        return await self.rows.quiet(user_id)

    async def ask_target(self, user_id: int, lesson_id: int) -> tuple[bool, int | None]:
        """«💬 Ответить педагогу»: whether the person's family has a child confirmed in the
        lesson's group (else the question is an ordinary one, to all staff), and the lesson's
        teacher if that account is staff now."""
        if not 0 < lesson_id <= ID_MAX:
            return False, None
        if not await families.in_lesson_group(self.db.reader, user_id, lesson_id):
            return False, None
        lesson = await self.rows.lesson(lesson_id)
        if lesson is None or lesson.teacher_id is None:
            return True, None
        return True, lesson.teacher_id if await self.rows.is_staff(lesson.teacher_id) else None

    # ---- marking ---------------------------------------------------------------------------

    async def save(self, staff: bool, user_id: int, lesson_id: int,
                   marks: Mapping[int, str], *, every: bool = False, now: datetime
                   ) -> RollCall:
        """These marks (and, with `every`, «Все пришли») in one transaction: all or none."""
        if not staff:
            return RollCall("not-staff")
        if not 0 < lesson_id <= ID_MAX:
            return RollCall("gone")
        if len(marks) == 1 and not every:  # a tap: one trip to the database (`_tap`)
            [(child, mark)] = marks.items()
            tapped = await self.db.in_one_trip(partial(self._tap, lesson_id, child, mark,
                                                       user_id, now))
            if tapped is not None:
                return tapped
        async with self.db.transaction() as conn:
            lesson = await lesson_by_id(conn, lesson_id)
            refusal = self._refusal(lesson, now)
            if refusal is not None or lesson is None:
                return RollCall(refusal or "gone", lesson)
            pupils = {p.child_id: p for p in await rows.roster_in(conn, lesson)}
            if any(child not in pupils for child in marks):
                return RollCall("not-in-group", lesson, list(pupils.values()))
            for child, mark in marks.items():
                await self._write(conn, lesson, pupils[child], mark, user_id, now)
            if every:
                for pupil in pupils.values():
                    if pupil.child_id not in marks and pupil.mark is None:
                        mark = "excused" if pupil.warned else "present"
                        await rows.set_mark(conn, lesson.id, pupil.child_id, mark,
                                            by=user_id, at=now)
            after = await rows.roster_in(conn, lesson)
        return RollCall("ok", lesson, after)

    async def done(self, staff: bool, user_id: int, lesson_id: int, now: datetime
                   ) -> tuple[RollCall, int]:
        """«✔️ Готово»: the register finished, a «Не придём» not yet marked written as excused,
        and the families of the absent told (once the lesson has begun). Returns the register
        and how many notices were queued."""
        if not staff:
            return RollCall("not-staff"), 0
        if not 0 < lesson_id <= ID_MAX:
            return RollCall("gone"), 0
        async with self.db.transaction() as conn:
            lesson = await lesson_by_id(conn, lesson_id)
            refusal = self._refusal(lesson, now)
            if refusal is not None or lesson is None:
                return RollCall(refusal or "gone", lesson), 0
            for pupil in await rows.roster_in(conn, lesson):
                if pupil.mark is None and pupil.warned:
                    await rows.set_mark(conn, lesson.id, pupil.child_id, "excused",
                                        by=user_id, at=now)
            await rows.finish(conn, lesson.id, by=user_id, at=now)
            told = 0
            if lesson.starts_at <= now:  # else the timer tells them once it has begun
                told = await self.telling.tell(conn, await rows.untold_at(conn, lesson.id), now)
            after = await rows.roster_in(conn, lesson)
        return RollCall("ok", lesson, after), told

    async def tick(self, now: datetime | None = None) -> tuple[int, int]:
        """The periodic job: the «не пришёл» notices NOTICE_AFTER after the last tap, and the
        forgotten registers' reminders. Returns (notices, reminders) queued. Read first, by
        indexes; the writer is taken only when there is something to write."""
        now = now or utcnow()
        spans = {"ended_before": now - FORGOTTEN_AFTER, "ended_after": now - FORGOTTEN_SPAN,
                 "started_after": now - FORGOTTEN_SPAN - LONGEST_LESSON}
        reader = self.db.reader
        if not (await rows.untold(reader, marked_before=now - NOTICE_AFTER, started_by=now)
                or await rows.forgotten(reader, **spans)):
            return 0, 0
        async with self.db.transaction() as conn:
            told = await self.telling.tell(conn, await rows.untold(
                conn, marked_before=now - NOTICE_AFTER, started_by=now), now)
            reminded = 0
            for lesson in await rows.forgotten(conn, **spans):
                reminded += await self.telling.remind(conn, lesson, now,
                                                      until=lesson.ends_at + WINDOW_AFTER)
        return told, reminded

    async def toggle_quiet(self, user_id: int, child_id: int) -> bool | None:
        """Turn the «не пришёл» notices of one child off, or on again: True when now off;
        None for a child not the person's family's."""
        if not 0 < child_id <= ID_MAX:
            return None
        async with self.db.transaction() as conn:
            if not await families.may_hear_of(conn, user_id, child_id):
                return None
            quiet = not await families.is_quiet(conn, user_id, child_id)
            await families.set_quiet(conn, user_id, child_id, quiet)
        return quiet

    # ---- inside a transaction ----------------------------------------------------------------

    @staticmethod
    def _refusal(lesson: Lesson | None, now: datetime) -> Outcome | None:
        if lesson is None:
            return "gone"
        if lesson.off:
            return "off"
        if now < lesson.starts_at - WINDOW_BEFORE:
            return "early"
        if now > lesson.ends_at + WINDOW_AFTER:
            return "closed"
        return None

    def _tap(self, lesson_id: int, child_id: int, mark: str, by: int, now: datetime,
             conn: sqlite3.Connection) -> RollCall | None:
        """`save` of one mark, on the database's thread (None: `save`'s longer way, below)."""
        lesson = trip.lesson(conn, lesson_id)
        if (refusal := self._refusal(lesson, now)) is not None or lesson is None:
            return RollCall(refusal or "gone", lesson)
        pupils = trip.roster(conn, lesson)
        pupil = next((p for p in pupils if p.child_id == child_id), None)
        if pupil is None:
            return RollCall("not-in-group", lesson, pupils)
        if (was := pupil.mark) != mark:
            if was == "absent" and mark in ("present", "late") and trip.told(conn, lesson_id,
                                                                             child_id):
                return None  # it corrects an absence the family was told of: `_correct`
            if was is not None:
                trip.add_change(conn, lesson_id, child_id, mark, by=by, at=now)
            trip.set_mark(conn, lesson_id, child_id, mark, by=by, at=now)
            pupils = [replace(p, mark=mark) if p is pupil else p for p in pupils]
        return RollCall("ok", lesson, pupils)

    async def _write(self, conn: aiosqlite.Connection, lesson: Lesson, pupil: Pupil,
                     mark: str, by: int, now: datetime) -> None:
        was = pupil.mark
        if was == mark:
            return
        if was is not None:
            await rows.add_change(conn, lesson.id, pupil.child_id, mark, by=by, at=now)
        await rows.set_mark(conn, lesson.id, pupil.child_id, mark, by=by, at=now)
        if was == "absent" and mark in ("present", "late"):
            await self.telling.correct(conn, lesson, pupil, now)
