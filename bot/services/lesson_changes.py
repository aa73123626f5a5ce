"""Staff change one lesson: cancel it, move it (day, time, room) or restore it as the timetable
has it, and the families whose last word of it differs are told through the outbox in the same
transaction. What staff look at on the way — the groups, a group's lessons, a lesson with how
many families it reaches, the reminders sent and the children reported absent, the preview's
audience and the clashes a move would run into — is read here too, so the handlers reach the
lessons through this one service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.services.clashes import MoveClashes, move_clashes
from storage.absences import AbsenceRepo
from storage.lessons import Action, Changed, Lesson, LessonRepo, State
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.reminders import ReminderRepo
from storage.timetable import TimetableRepo


@dataclass(frozen=True, slots=True)
class Reach:
    """Who a lesson's card speaks of: the people a change tells, the reminders already sent,
    the children reported absent (by name)."""

    audience: int
    reminded: int
    absent: list[str]


class LessonChanges:
    def __init__(self, lessons: LessonRepo, programmes: ProgrammeRepo, reminders: ReminderRepo,
                 absences: AbsenceRepo, timetable: TimetableRepo) -> None:
        self.lessons = lessons
        self.programmes = programmes
        self.reminders = reminders
        self.absences = absences
        self.timetable = timetable

    # ---- the groups and their lessons ------------------------------------------------------

    async def running_first(self, today: date) -> list[Group]:
        """Every group, those still running first, each part by code."""
        groups = await self.programmes.all_groups()
        return sorted(groups, key=lambda g: (g.ends_on < today, g.code))

    async def programmes_all(self) -> list[Programme]:
        return await self.programmes.all()

    async def group(self, group_id: int) -> Group | None:
        return await self.programmes.group(group_id)

    async def programme(self, programme_id: int) -> Programme | None:
        return await self.programmes.get(programme_id)

    async def of_group(self, group_id: int, since: datetime, limit: int, offset: int = 0
                       ) -> list[Lesson]:
        return await self.lessons.of_group(group_id, since, limit, offset)

    async def count_of_group(self, group_id: int, since: datetime) -> int:
        return await self.lessons.count_of_group(group_id, since)

    async def get(self, lesson_id: int) -> Lesson | None:
        return await self.lessons.get(lesson_id)

    async def reach(self, lesson: Lesson) -> Reach:
        return Reach(
            await self.lessons.audience(lesson.group_id),
            await self.reminders.sent_count(lesson.id),
            [a.name for a in await self.absences.absentees(lesson.id)],
        )

    # ---- a change --------------------------------------------------------------------------

    async def would_tell(self, lesson: Lesson, after: State) -> int:
        """How many people the change making the lesson `after` would tell (the preview)."""
        return await self.lessons.would_tell(lesson, after)

    async def clashes(self, lesson: Lesson, after: State, day: date) -> MoveClashes:
        """What putting the lesson at `after` on the local `day` would run into."""
        return await move_clashes(self.lessons, self.timetable, lesson, after, day)

    async def change(
        self, lesson_id: int, version: int, action: Action, *, by: int,
        reason: str | None = None, starts_at: datetime | None = None,
        ends_at: datetime | None = None, day: date | None = None, room: str | None = None,
    ) -> Changed:
        """Cancel, move or restore the lesson as staff saw it at `version`, the families told
        in the same transaction. Raises LessonGone, LessonStale (changed meanwhile) or
        LessonOver (ended, or a move into the past)."""
        return await self.lessons.change(
            lesson_id, version, action, by=by, reason=reason, starts_at=starts_at,
            ends_at=ends_at, day=day, room=room,
        )
