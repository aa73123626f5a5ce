"""A family's lessons as the schedule screens read them, kept in memory until the schedule
data changes (the two weeks of «Моё расписание» with the marks of the lessons begun, which
are read afresh); and a quantum's groups with the times they meet.

Parents look at the schedule in bursts (an evening, a change notice), and a screen is read
far more often than lessons or enrolments change. Every change to those tables bumps one
counter in the database (triggers, so an import run from another process counts too). The
counter is read again after this process commits a write, and at most `poll` seconds apart
otherwise; while it stands, what was read stands. A lesson that ends moves "next class" on:
an entry for it is kept only until its first lesson ends.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.services import dates
from storage import teaching
from storage.db import Database
from storage.family_lessons import FamilyLessons, group_notes
from storage.lesson_rows import ChildLesson
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.timetable import SlotRow, TimetableRepo

Key = tuple[Any, ...]
T = TypeVar("T")
Marks = dict[tuple[int, int], str]  # (lesson, child) → present | absent | late | excused

# the window «◀️ ▶️» moves over: its first week from four weeks back to eight ahead
FIRST_WEEK, LAST_WEEK = -4, 8


@dataclass(frozen=True, slots=True)
class MarkedLesson(ChildLesson):
    """A child's past lesson with its attendance mark (present, absent, late, excused)."""

    mark: str = ""


@dataclass(frozen=True, slots=True)
class Week:
    """Two weeks of «Моё расписание»: the first one's number (0: this week; a number outside
    the window is this week's), the lessons (those begun with a mark: a MarkedLesson), and
    those marks."""

    number: int
    items: list[ChildLesson]
    marks: Marks


def marked(items: Sequence[ChildLesson], marks: Marks) -> list[ChildLesson]:
    """The lessons, those with a mark carrying it."""
    return [MarkedLesson(**{f.name: getattr(item, f.name) for f in fields(item)}, mark=mark)
            if (mark := marks.get((item.lesson.id, item.child_id))) else item
            for item in items]


class ScheduleViews:
    def __init__(self, db: Database, lessons: FamilyLessons, *, poll: float = 1.0,
                 size: int = 4096) -> None:
        self.db = db
        self.lessons = lessons
        self.poll = poll
        self.size = size
        self._version = -1
        self._checked_at = float("-inf")
        self._commits = -1
        self._entries: OrderedDict[Key, tuple[datetime | None, Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    async def _fresh(self) -> None:
        """Drop everything if the schedule data changed since it was read."""
        now = time.monotonic()
        if self.db.commits == self._commits and now - self._checked_at < self.poll:
            return
        self._commits = self.db.commits
        self._checked_at = now
        version = await self.lessons.version()
        if version != self._version:
            self._entries.clear()
            self._version = version

    def _get(self, key: Key, now: datetime | None = None) -> Any:
        entry = self._entries.get(key)
        if entry is None or (entry[0] is not None and now is not None and entry[0] <= now):
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def _put(self, key: Key, items: Any, until: datetime | None = None) -> None:
        self._entries[key] = (until, items)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

    async def for_user(self, user_id: int, since: datetime, until: datetime,
                       language: str | None = None) -> list[ChildLesson]:
        """FamilyLessons.for_user, remembered (in each language: closures' reasons)."""
        await self._fresh()
        key = ("week", user_id, since, until, language)
        items: list[ChildLesson] | None = self._get(key)
        if items is None:
            items = await self.lessons.for_user(user_id, since, until, language)
            self._put(key, items)
        return items

    async def week(self, user_id: int, week: int, now: datetime, zone: ZoneInfo,
                   language: str | None = None) -> Week:
        """Weeks `week` and `week + 1` from Monday's midnight, read once; the lessons that
        have begun by `now` carry their attendance marks, read afresh each time (a register
        is taken after the schedule was last read, and marks bump no schedule version)."""
        if not FIRST_WEEK <= week <= LAST_WEEK:
            week = 0
        monday = dates.week_start(now.astimezone(zone).date(), week)
        items = await self.for_user(
            user_id, dates.local_midnight(monday, zone),
            dates.local_midnight(monday + timedelta(weeks=2), zone), language)
        marks = await teaching.marks(
            self.db, ((item.lesson.id, item.child_id) for item in items
                      if item.lesson.starts_at <= now))
        return Week(week, marked(items, marks), marks)

    async def next_for_user(self, user_id: int, now: datetime) -> list[ChildLesson]:
        """FamilyLessons.next_for_user, remembered until the first of its lessons ends."""
        await self._fresh()
        key = ("next", user_id)
        items: list[ChildLesson] | None = self._get(key, now)
        if items is None:
            items = await self.lessons.next_for_user(user_id, now)
            ends = min((item.lesson.ends_at for item in items), default=None)
            self._put(key, items, ends)
        return items

    async def has_any(self, user_id: int, since: date) -> bool:
        """Has the user any lesson (of a child's, enrolled or applying) from `since` on?"""
        await self._fresh()
        key = ("any", user_id, since)
        found: bool | None = self._get(key)
        if found is None:
            found = await self.lessons.any_since(user_id, since)
            self._put(key, found)
        return found

    async def for_calendar(self, user_id: int, child_id: int | None = None
                           ) -> list[ChildLesson]:
        """FamilyLessons.for_calendar (a file is made seldom: not remembered)."""
        return await self.lessons.for_calendar(user_id, child_id)

    async def ended_ahead(self, user_id: int, now: datetime) -> bool:
        """FamilyLessons.ended_ahead (asked only when nothing is scheduled: not remembered)."""
        return await self.lessons.ended_ahead(user_id, now)

    async def in_family(self, user_id: int) -> bool:
        return await self.lessons.in_family(user_id)

    async def screen(self, key: Key, make: Callable[[], Awaitable[T]]) -> T:
        """A screen made of the schedule data (its key says for whom, in what language, for
        which day), made again only when that data changes."""
        await self._fresh()
        found: T | None = self._get(("screen", *key))
        if found is None:
            found = await make()
            self._put(("screen", *key), found)
        return found


@dataclass(frozen=True, slots=True)
class GroupTimes:
    programme: Programme
    group: Group
    slots: list[SlotRow]
    note: str = ""  # what to bring
    note_en: str = ""  # in English ('': the Russian note for everyone)

    def bring(self, locale: str) -> str:
        return self.note_en if locale == "en" and self.note_en else self.note


class QuantumTimetable:
    """A quantum's card's «🗓 Расписание групп»: every running group of its programmes."""

    def __init__(self, programmes: ProgrammeRepo, timetable: TimetableRepo) -> None:
        self.programmes = programmes
        self.timetable = timetable

    async def groups(self, quantum_code: str, today: date) -> list[GroupTimes]:
        found = [
            (programme, group)
            for programme in await self.programmes.for_quantum(quantum_code)
            for group in await self.programmes.groups(programme.id, running_on=today)
        ]
        slots = await self.timetable.slots(group.id for _, group in found)
        notes = await group_notes(self.programmes.db, [group.id for _, group in found])
        return [GroupTimes(p, g, slots[g.id], *notes.get(g.id, ("", ""))) for p, g in found]
