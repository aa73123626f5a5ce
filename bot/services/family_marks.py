"""Whether what is known of a family may have changed since it was read: its members, its
children, their applications and the groups and programmes of those (what the chat narrows
quanta by, whose news a person hears of).

Any process's change to those tables moves the 'schedule' counter (triggers, migration 006:
`python -m bot import groups` and `retention` count too); this process's own writes are its
commits. A `mark` is the two together; a person's data read under one mark stands while the
mark stays. The counter is read again after this process commits a write, and at most `poll`
seconds apart otherwise — one read for everyone's data, not one per person."""

from __future__ import annotations

import time

from storage.db import Database
from storage.family_lessons import FamilyLessons

Mark = tuple[int, int]  # this process's commits, the 'schedule' counter


class FamilyMarks:
    def __init__(self, db: Database, *, poll: float = 1.0) -> None:
        self.db = db
        self.poll = poll
        self._lessons = FamilyLessons(db)
        self._mark: Mark = (-1, -1)
        self._checked_at = float("-inf")

    async def mark(self) -> Mark:
        """The mark now (taken before a read: a change committed meanwhile moves it)."""
        commits, now = self.db.commits, time.monotonic()
        if commits != self._mark[0] or now - self._checked_at >= self.poll:
            version = await self._lessons.version()
            self._mark, self._checked_at = (commits, version), now
        return self._mark
