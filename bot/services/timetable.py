"""The staff's timetable use cases: the week of every group's lessons (with its clashes), and
closures — the list, what a new one would put off, and adding one from the chat: in one
transaction, the closure's row, the lessons it puts off and the families' cached schedules
going stale together. (An import's closures go through `TimetableRepo.add_closures`.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.clashes import WeekClashes, week_clashes
from bot.services.dates import local_midnight, today, week_start
from storage.db import Database
from storage.lessons import Lesson, LessonRepo
from storage.timetable import Closure, TimetableRepo, closures_in, put_closures


@dataclass(frozen=True, slots=True)
class Week:
    offset: int  # weeks from this one
    monday: date
    lessons: list[Lesson]
    clashes: WeekClashes  # two groups in one room, one teacher with two groups
    this_year: int

    def days(self) -> list[date]:
        """The days that have lessons, in order."""
        return sorted({lesson.day for lesson in self.lessons})


@dataclass(frozen=True, slots=True)
class ClosurePreview:
    count: int  # the lessons it would put off now
    exists: bool  # the same dates and quanta are stored: adding it updates the reason


@dataclass(frozen=True, slots=True)
class ClosureAdded:
    count: int  # the lessons it put off
    updated: bool  # it was stored already: its reason was updated


def same_closure(stored: Closure, closure: dict[str, Any]) -> bool:
    """The same dates and quanta (what identifies a closure)."""
    return ((stored.starts_on, stored.ends_on, list(stored.quanta))
            == (closure["starts_on"], closure["ends_on"], closure["quanta"]))


class Timetable:
    def __init__(self, db: Database, lessons: LessonRepo, timetable: TimetableRepo) -> None:
        self.db = db
        self.lessons = lessons
        self.timetable = timetable
        # the clashes of the week last shown, for the same lessons (pressing through its days)
        self._clashes: tuple[tuple[Lesson, ...], WeekClashes] | None = None

    async def week(self, zone: ZoneInfo, offset: int) -> Week:
        """Every group's lessons in the week `offset` weeks from this one (Monday to Sunday in
        the technopark's zone), with their clashes."""
        now = today(zone)
        monday = week_start(now, offset)
        found = await self.lessons.between(
            local_midnight(monday, zone), local_midnight(monday + timedelta(days=7), zone)
        )
        return Week(offset, monday, found, self.clashes(found), now.year)

    def clashes(self, lessons: list[Lesson]) -> WeekClashes:
        """The lessons' clashes: worked out again only when any lesson differs."""
        key = tuple(lessons)
        if self._clashes is None or self._clashes[0] != key:
            self._clashes = (key, week_clashes(lessons))
        return self._clashes[1]

    async def closures(self, since: date) -> list[Closure]:
        """The closures not over before `since`."""
        return await self.timetable.closures(since)

    async def preview(self, closure: dict[str, Any], day: date) -> ClosurePreview:
        """What adding `closure` (starts_on, ends_on, reason, quanta) would do now."""
        count = await self.timetable.lessons_inside(closure["starts_on"], closure["ends_on"],
                                                    closure["quanta"])
        known = any(same_closure(c, closure) for c in await self.timetable.closures(day))
        return ClosurePreview(count, known)

    async def add(self, closure: dict[str, Any], by: int, day: date) -> ClosureAdded:
        """Add one closure from the chat (the same dates and quanta again: a new reason)."""
        async with self.db.transaction() as conn:
            known = any(same_closure(c, closure) for c in await closures_in(conn, day))
            count = await put_closures(conn, [closure], by)
        return ClosureAdded(count, known)
