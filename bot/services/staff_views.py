"""What staff's lesson screens read — every group, a group's screen, a teacher's groups, a page
of a group's lessons, a lesson's card — kept in memory until what they show changes.

Staff open the same few groups and lessons again and again (a teacher before each lesson, an
administrator going down the list), and each screen reads several tables. Every change to what
these screens show bumps one of two counters in the database, by triggers or by the
statements that write lessons, so an import run from another process counts too: 'schedule'
(lessons, closures, groups, programmes, applications, children, families' members, absences)
and 'staff' (staff's capacities and names, who blocked the bot, a lesson's reminders delivered
and its change notices: migration 028). The counters are read again after this process
commits a write, and at most `poll` seconds apart otherwise; while they stand, what was read
stands. A lesson that ends moves a group's list on: what counts the lessons not over yet is
kept only until the first of them ends.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from storage import reading
from storage.db import Database
from storage.lesson_rows import Lesson
from storage.programmes import GroupPage, group_page_here
from storage.staff_lessons import CardFacts, GroupLessons, card_here, group_lessons_here
from storage.teaching import GroupFacts, group_facts_here, teachers_facts_here

VERSIONS = ("SELECT group_concat(name || '=' || n, ' ') FROM versions"
            " WHERE name IN ('schedule', 'staff')")

Key = tuple[Any, ...]
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Entry:
    """What was read, for the moments from `since` until `until` (None: any)."""

    value: Any
    since: datetime | None = None
    until: datetime | None = None

    def holds_at(self, now: datetime | None) -> bool:
        if now is None:
            return True
        return (self.since is None or self.since <= now) and (
            self.until is None or now < self.until)


class StaffViews:
    def __init__(self, db: Database, *, poll: float = 1.0, size: int = 2048) -> None:
        self.db = db
        self.poll = poll
        self.size = size
        self._version: str | None = None
        self._commits = -1
        self._checked_at = float("-inf")
        self._generation = 0  # moves on each time everything read so far is dropped
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self.hits = 0
        self.misses = 0

    async def _fresh(self) -> int:
        """Drop everything if what the screens show changed since it was read; the
        generation of what is kept now (a read begun in an older one is not kept)."""
        now = time.monotonic()
        if self.db.commits != self._commits or now - self._checked_at >= self.poll:
            self._commits = self.db.commits
            self._checked_at = now
            version = await self.db.fetchval(VERSIONS)
            if version != self._version:
                self._entries.clear()
                self._version = version
                self._generation += 1
        return self._generation

    async def _read(self, key: Key, now: datetime | None,
                    work: Callable[[Any], R], until: Callable[[R], datetime | None]) -> R:
        """What `work` reads (on the reader's thread), remembered under `key`; a reading that
        depends on the moment (`now`) holds until `until` of it."""
        generation = await self._fresh()
        entry = self._entries.get(key)
        if entry is not None and entry.holds_at(now):
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.value  # type: ignore[no-any-return]
        self.misses += 1
        value = await reading.read_in_one_trip(self.db, work)
        if value is not None and generation == self._generation:
            self._entries[key] = Entry(value, now, None if now is None else until(value))
            self._entries.move_to_end(key)
            if len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    async def groups_page(self, today: date, size: int, page: int) -> GroupPage:
        """A page of every group, those still running on `today` first, each part by code."""
        return await self._read(("groups", today, size, page), None,
                                lambda conn: group_page_here(conn, today, size, page),
                                lambda _: None)

    async def group(self, group_id: int, today: date) -> GroupFacts | None:
        """A group and what its screen says of it (its lessons from `today` on)."""
        return await self._read(("group", group_id, today), None,
                                lambda conn: group_facts_here(conn, group_id, today),
                                lambda _: None)

    async def teachers(self, user_id: int, today: date) -> list[GroupFacts]:
        """The groups this member of staff teaches, as their screens show them."""
        return await self._read(("teacher", user_id, today), None,
                                lambda conn: teachers_facts_here(conn, user_id, today),
                                lambda _: None)

    async def group_lessons(self, group_id: int, now: datetime, size: int, page: int
                            ) -> GroupLessons | None:
        """A page of the group's lessons not over by `now`, with the group."""
        return await self._read(
            ("lessons", group_id, size, page), now,
            lambda conn: group_lessons_here(conn, group_id, now, size, page),
            lambda found: None if found is None else found.until)

    async def card(self, lesson_id: int, now: datetime) -> tuple[Lesson, CardFacts] | None:
        """A lesson and what its card says of it at `now`."""
        return await self._read(
            ("card", lesson_id), now, lambda conn: card_here(conn, lesson_id, now),
            lambda found: None if found is None else found[1].until)
