"""What the roll call queues for people to read, inside the use case's transaction: the
«не пришёл» notices to families, their corrections, and a forgotten register's reminder to
staff.

A notice for a lesson that ended more than LATE_AFTER ago waits for the end of the
recipient's quiet hours (the reminder settings'); the text names the lesson's day when the
notice arrives on another day. A correction follows a notice read less than
CORRECTION_WITHIN ago; one not sent yet is cancelled instead."""

from __future__ import annotations

from datetime import datetime, timedelta

import aiosqlite

from bot.services.attendance_notices import AttendanceTexts
from bot.services.reminders import after_quiet
from storage import attendance as rows
from storage import attendance_families as families
from storage.attendance import Pupil, Untold
from storage.attendance_families import Hearer
from storage.lesson_rows import Lesson, lesson_by_id
from storage.outbox import enqueue

CORRECTION_WITHIN = timedelta(hours=1)
LATE_AFTER = timedelta(hours=3)
NOTICE_EXPIRY = timedelta(hours=12)  # after it is due
PRIORITY = 25  # as «Не придём»'s notices


class Telling:
    def __init__(self, texts: AttendanceTexts) -> None:
        self.texts = texts

    async def correct(self, conn: aiosqlite.Connection, lesson: Lesson, pupil: Pupil,
                       now: datetime) -> None:
        """Marked present after all: a notice still queued is cancelled; one read less than
        CORRECTION_WITHIN ago is followed by a correction."""
        told = await rows.told_at(conn, lesson.id, pupil.child_id)
        if told is None:
            return
        notices = await families.notices_of(conn, lesson.id, pupil.child_id)
        await families.cancel_notices(conn, [n[0] for n in notices if n[2] == "pending"])
        read = sorted({n[1] for n in notices if n[2] in ("sent", "sending")})
        await rows.set_told(conn, lesson.id, pupil.child_id, None)
        if not read or now - told > CORRECTION_WITHIN:
            return
        n = await families.serial(conn)
        for hearer in await families.hearers(conn, read):
            await self.notice(
                conn, lesson, hearer, pupil.name, pupil.family_id, now,
                f"attendance-fix:{lesson.id}:{pupil.child_id}:{n}:{hearer.person.user_id}")

    async def tell(self, conn: aiosqlite.Connection, found: list[Untold], now: datetime
                    ) -> int:
        """Tell the families of these absences; those nobody will be told of are settled."""
        told = 0
        n = await families.serial(conn)
        lessons: dict[int, Lesson | None] = {}
        for child in found:
            if child.lesson_id not in lessons:
                lessons[child.lesson_id] = await lesson_by_id(conn, child.lesson_id)
            lesson = lessons[child.lesson_id]
            if lesson is not None and not child.never:
                for hearer in await families.family_to_tell(conn, child.pupil, child.family_id,
                                                            child.user_id):
                    told += await self.notice(
                        conn, lesson, hearer, child.name, child.family_id, now,
                        f"attendance:{lesson.id}:{child.pupil}:{n}:{hearer.person.user_id}")
            await rows.set_told(conn, child.lesson_id, child.pupil, now)
        return told

    async def notice(self, conn: aiosqlite.Connection, lesson: Lesson, hearer: Hearer,
                      name: str, family_id: int, now: datetime, key: str) -> bool:
        """One «не пришёл» notice (or its correction, with an `attendance-fix` key); for a
        lesson long over, once the recipient's quiet hours end."""
        due = now
        if now - lesson.ends_at > LATE_AFTER:
            due = after_quiet(now, hearer.quiet, self.texts.zone)
        return await enqueue(
            conn, kind="attendance", chat_id=hearer.person.user_id,
            payload=self.texts.absent(lesson, name, hearer.person, due,
                                      corrected=key.startswith("attendance-fix:")),
            dedupe_key=key, due_at=due if due > now else None, expires_at=due + NOTICE_EXPIRY,
            family_id=family_id, lesson_id=lesson.id, priority=PRIORITY,
        )

    async def remind(self, conn: aiosqlite.Connection, lesson: Lesson, now: datetime, *,
                     until: datetime) -> int:
        """A forgotten register: one reminder to the teacher (or the admins), until `until`."""
        people = await rows.staff_member(conn, lesson.teacher_id) or await rows.admins(conn)
        sent = 0
        for person in people:
            sent += await enqueue(
                conn, kind="attendance", chat_id=person.user_id,
                payload=self.texts.forgotten(lesson, person),
                dedupe_key=f"rollcall-remind:{lesson.id}:{person.user_id}",
                expires_at=until, staff_only=True,
                lesson_id=lesson.id, priority=PRIORITY,
            )
        await rows.set_reminded(conn, lesson.id, now)
        return sent

