"""Staff change one lesson: cancel it, move it (day, time, room) or restore it as the timetable
has it, and the families whose last word of it differs are told through the outbox in the same
transaction, each of which of their children it concerns. What staff look at on the way — the
groups, a group's lessons, a lesson with how many families it reaches, the reminders sent and
the children reported absent, the preview's audience and the clashes a move would run into —
is read here too, so the handlers reach the lessons through this one service (what they browse
through the staff views' memory: bot/services/staff_views.py).

A change notice is superseded, not stacked: a change cancels the lesson's notices still queued
and tells each person the difference from what they were last told (a notice sent or being
sent), or nothing — a lesson cancelled and restored before the notices went out sends nothing.
Notices are outbox rows of kind "lesson", keyed `lesson:{lesson}:{person}:{version}`, and worth
reading until the later of the old and the new time has come."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import aiosqlite

from bot.services.clashes import MoveClashes, move_clashes
from bot.services.staff_views import StaffViews
from storage.absences import AbsenceRepo
from storage.clock import utcnow
from storage.enrolments import Recipient
from storage.lesson_changes import (
    children_of,
    last_told,
    recipients,
    supersede_queued,
    write_change,
)
from storage.lesson_rows import lesson_by_id
from storage.lessons import Action, Lesson, LessonRepo, State
from storage.outbox import enqueue
from storage.programmes import GroupPage, ProgrammeRepo
from storage.reading import read_in_one_trip
from storage.reminders import ReminderRepo
from storage.staff_lessons import CardFacts, GroupLessons, facts_here
from storage.timetable import TimetableRepo


class LessonNotices(Protocol):
    """Renders a change notice in the recipient's language. Pure: called in transactions."""

    def lesson_changed(
        self, lesson: Lesson, before: State, person: Recipient, children: Sequence[str] = ()
    ) -> dict[str, Any]: ...


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


def to_tell(lesson: Lesson, after: State, told: dict[int, State],
            people: Iterable[aiosqlite.Row], now: datetime
            ) -> Iterator[tuple[aiosqlite.Row, State, datetime]]:
    """The people a change making the lesson `after` tells — those whose last word of it
    (`told`, else what the pattern gave) differs — each with that last word and until when
    the notice is worth reading (the later of the old and the new time)."""
    for person in people:
        before = told.get(person["id"], lesson.planned_state())
        expires = max(after.starts_at, before.starts_at)
        if before != after and expires > now:
            yield person, before, expires


@dataclass(frozen=True, slots=True)
class Reach:
    """Who a lesson's card speaks of: the people a change tells, the reminders already sent,
    the children reported absent (by name), and whether staff changed it (its change
    notices: a closure counts its version but sends none of them); and how many of the
    group's lessons not over yet come before it in the group's list."""

    audience: int
    reminded: int
    absent: tuple[str, ...]
    changed: bool = False
    before: int = 0

    @classmethod
    def of(cls, facts: CardFacts) -> Reach:
        return cls(facts.audience, facts.reminded, facts.absent, facts.changed, facts.before)


class LessonChanges:
    def __init__(self, lessons: LessonRepo, programmes: ProgrammeRepo, reminders: ReminderRepo,
                 absences: AbsenceRepo, timetable: TimetableRepo, notices: LessonNotices
                 ) -> None:
        self.db = lessons.db
        self.lessons = lessons
        self.notices = notices
        self.programmes = programmes
        self.reminders = reminders
        self.absences = absences
        self.timetable = timetable
        self.screens = StaffViews(lessons.db)  # what staff's screens read, remembered

    # ---- the groups and their lessons ------------------------------------------------------

    async def groups_page(self, today: date, size: int, page: int) -> GroupPage:
        """A page of every group, those still running first, each part by code."""
        return await self.screens.groups_page(today, size, page)

    async def group_lessons(self, group_id: int, since: datetime, size: int, page: int
                            ) -> GroupLessons | None:
        """A page of the group's lessons that end after `since`, with the group; None if
        there is no such group."""
        return await self.screens.group_lessons(group_id, since, size, page)

    async def count_of_group(self, group_id: int, since: datetime) -> int:
        return await self.lessons.count_of_group(group_id, since)

    async def get(self, lesson_id: int) -> Lesson | None:
        return await self.lessons.get(lesson_id)

    async def reach(self, lesson: Lesson, now: datetime) -> Reach:
        """Who the lesson's card speaks of, and its place in the list of the group's lessons
        not over by `now`, in one read."""
        return Reach.of(await read_in_one_trip(self.db, lambda conn: facts_here(conn, lesson,
                                                                                now)))

    async def card(self, lesson_id: int, now: datetime) -> tuple[Lesson, Reach] | None:
        """The lesson and what its card says of it (`reach`); None if there is no such
        lesson."""
        found = await self.screens.card(lesson_id, now)
        return None if found is None else (found[0], Reach.of(found[1]))

    # ---- a change --------------------------------------------------------------------------

    async def would_tell(self, lesson: Lesson, after: State) -> int:
        """How many people the change making the lesson `after` would tell (the preview;
        change() reports the count it queued)."""
        told = await self.lessons.last_told(lesson.id)
        people = await self.lessons.recipients(lesson.group_id)
        return sum(1 for _ in to_tell(lesson, after, told, people, utcnow()))

    async def clashes(self, lesson: Lesson, after: State, day: date) -> MoveClashes:
        """What putting the lesson at `after` on the local `day` would run into."""
        return await move_clashes(self.lessons, self.timetable, lesson, after, day)

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
        now_state = lesson.state()
        people = to_tell(lesson, now_state, await last_told(conn, lesson.id),
                         await recipients(conn, lesson.group_id), utcnow())
        told = 0
        for person, before, expires in people:
            recipient = Recipient(person["id"], person["language"], person["family_role"])
            payload = self.notices.lesson_changed(lesson, before, recipient,
                                                  children_of(person))
            payload["state"] = now_state.dump()
            told += await enqueue(
                conn, kind="lesson", chat_id=person["id"], payload=payload,
                dedupe_key=f"lesson:{lesson.id}:{person['id']}:{lesson.version}",
                expires_at=expires, family_id=person["family_id"], lesson_id=lesson.id,
            )
        return told
