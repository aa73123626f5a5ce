"""The staff's timetable use cases: the week of every group's lessons (with its clashes), and
closures — the list, one closure, what adding or changing one would do, and adding (from the
chat or an import), changing and removing one: in one transaction, the closure's row, the
lessons it puts off or gives back, the families' cached schedules going stale and the
families told (bot.services.closure_notices) together."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot.services import closure_notices
from bot.services.clashes import WeekClashes, week_clashes
from bot.services.closure_notices import ClosureNotices
from bot.services.dates import local_midnight, today, week_start
from storage.clock import utcnow
from storage.closure_notices import english_readers, snapshot
from storage.db import Database
from storage.lessons import Lesson, LessonRepo
from storage.timetable import (
    Closure,
    TimetableRepo,
    change_closure,
    closure_in,
    closures_in,
    put_closures,
    remove_closure,
)


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
    back: int = 0  # a change: the lessons it keeps off now that would take place again
    english: int = 0  # without an English reason: people told of its lessons who read English
    kept: int = 0  # a change of the reason: the lessons it keeps off, told the new reason


@dataclass(frozen=True, slots=True)
class ClosureAdded:
    count: int  # the lessons it put off
    updated: bool  # it was stored already: its reason was updated
    told: int = 0  # messages queued to families


@dataclass(frozen=True, slots=True)
class ClosureChanged:
    off: int  # lessons it put off
    back: int  # lessons on again
    told: int  # messages queued to families


class ClosureGone(LookupError):
    """No such closure (removed meanwhile, or a forged button)."""


class ClosureTaken(ValueError):
    """Another closure has these dates and quanta."""


def same_closure(stored: Closure, closure: dict[str, Any]) -> bool:
    """The same dates and quanta (what identifies a closure)."""
    return ((stored.starts_on, stored.ends_on, list(stored.quanta))
            == (closure["starts_on"], closure["ends_on"], closure["quanta"]))


class Timetable:
    def __init__(self, db: Database, lessons: LessonRepo, timetable: TimetableRepo,
                 notices: ClosureNotices) -> None:
        self.db = db
        self.lessons = lessons
        self.timetable = timetable
        self.notices = notices
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

    async def closure(self, closure_id: int) -> Closure | None:
        return await self.timetable.closure(closure_id)

    async def off_by(self, closure_id: int) -> int:
        """How many lessons the closure keeps off now."""
        return len(await self.timetable.lessons_off_by(closure_id))

    async def preview(self, closure: dict[str, Any], day: date, editing: int | None = None
                      ) -> ClosurePreview:
        """What adding `closure` (starts_on, ends_on, reason, quanta), or making closure
        `editing` so, would do now."""
        inside = await self.timetable.ids_inside(closure["starts_on"], closure["ends_on"],
                                                 closure["quanta"], own=editing)
        known = any(same_closure(c, closure) and c.id != editing
                    for c in await self.timetable.closures(day))
        english = 0 if closure.get("reason_en") else await english_readers(self.db, inside)
        if editing is None:
            return ClosurePreview(len(inside), known, english=english)
        now_off = await self.timetable.lessons_off_by(editing)
        stored = await self.timetable.closure(editing)
        reworded = stored is not None and (stored.reason, stored.reason_en) != (
            closure["reason"], closure.get("reason_en") or "")
        return ClosurePreview(len(inside - now_off), known, len(now_off - inside), english,
                              len(inside & now_off) if reworded else 0)

    async def add(self, closure: dict[str, Any], by: int, day: date) -> ClosureAdded:
        """Add one closure from the chat (the same dates and quanta again: a new reason)."""
        async with self.db.transaction() as conn:
            known = any(same_closure(c, closure) for c in await closures_in(conn, day))
            count, told = await self._put(conn, [closure], by)
        return ClosureAdded(count, known, told)

    async def add_many(self, closures: Sequence[dict[str, Any]]) -> tuple[int, int]:
        """An import's closures, in one transaction: the lessons they put off, and the
        messages queued to families."""
        if not closures:
            return 0, 0
        async with self.db.transaction() as conn:
            return await self._put(conn, closures, None)

    async def _put(self, conn: aiosqlite.Connection, closures: Sequence[dict[str, Any]],
                   by: int | None) -> tuple[int, int]:
        first = min(c["starts_on"] for c in closures)
        last = max(c["ends_on"] for c in closures)
        moment = utcnow()
        # a closure given again (the same dates and quanta) may bring a new reason
        again = {c.id: (c.reason, c.reason_en) for c in await closures_in(conn, first)
                 if any(same_closure(c, new) for new in closures)}
        before = await snapshot(conn, first, last, moment)
        count = await put_closures(conn, closures, by)
        after = await snapshot(conn, first, last, moment)
        return count, await closure_notices.tell(conn, self.notices, before, after, moment,
                                                 reworded=again)

    async def change(self, closure_id: int, closure: dict[str, Any]) -> ClosureChanged:
        """Closure `closure_id` gets the dates, reasons and quanta of `closure`; families are
        told of the lessons it puts off and gives back. Raises ClosureGone, ClosureTaken."""
        moment = utcnow()
        async with self.db.transaction() as conn:
            old = await closure_in(conn, closure_id)
            if old is None:
                raise ClosureGone(closure_id)
            first = min(old.starts_on, closure["starts_on"])
            last = max(old.ends_on, closure["ends_on"])
            before = await snapshot(conn, first, last, moment)
            try:
                if not await change_closure(conn, closure_id, closure):
                    raise ClosureGone(closure_id)
            except sqlite3.IntegrityError:
                raise ClosureTaken(closure_id) from None
            after = await snapshot(conn, first, last, moment)
            told = await closure_notices.tell(conn, self.notices, before, after, moment,
                                              reworded={closure_id: (old.reason, old.reason_en)})
        moved = closure_notices.changes(before, after)
        off = sum(len(o) for c, (o, _) in moved.items() if c == closure_id)
        back = sum(len(b) for c, (_, b) in moved.items() if c == closure_id)
        return ClosureChanged(off, back, told)

    async def remove(self, closure_id: int) -> ClosureChanged:
        """The closure goes: its lessons take place again (unless another closure keeps them
        off), and families are told. Raises ClosureGone."""
        moment = utcnow()
        async with self.db.transaction() as conn:
            old = await closure_in(conn, closure_id)
            if old is None:
                raise ClosureGone(closure_id)
            before = await snapshot(conn, old.starts_on, old.ends_on, moment)
            await remove_closure(conn, closure_id)
            after = await snapshot(conn, old.starts_on, old.ends_on, moment)
            told = await closure_notices.tell(conn, self.notices, before, after, moment,
                                              gone={closure_id: (old.reason, old.reason_en)})
        back = sum(len(b) for _, b in closure_notices.changes(before, after).values())
        return ClosureChanged(0, back, told)
