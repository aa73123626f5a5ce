"""«⚙️ Настройки → 🔔 Напоминания» as use cases: the children a person hears of, their
settings, the changes to them, and the next reminder they will get. Writing a setting is all
it takes: the database's triggers mark the person's groups, and the planner plans their
reminders again within seconds.

A lead time ticked or unticked (the press people make most here) is one trip to the
database's thread (`toggle_lead`): the person's children and settings read, the choice
written, and what the screen then shows read in the same transaction, so the screen is drawn
from what was just committed without reading it again. The person's lessons of the coming
two weeks, which the next reminder is worked out from, are kept from one press to the next
(`Ahead`) while the schedule data's change counter stands (every change to lessons,
enrolments, families, absences bumps it): a toggle changes none of them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.services.reminder_preview import Upcoming, chosen, earliest
from bot.services.roll_memory import Recent
from storage import reminder_trip as trip
from storage.absences import AbsenceRepo
from storage.attendance import AttendanceRepo
from storage.db import Database
from storage.family_lessons import FamilyLessons
from storage.lesson_rows import ChildLesson
from storage.reminders import (
    LEADS,
    Prefs,
    RemindedChild,
    ReminderRepo,
    hears_of,
    parse_leads,
    stored_leads,
    write_leads,
)

# how far ahead the next reminder is looked for
AHEAD = timedelta(days=14)
# the lessons read for a press are those of a day more, so the next presses that day reuse them
KEPT_AHEAD = AHEAD + timedelta(days=1)
PEOPLE_KEPT = 4096  # people whose lessons ahead are kept


async def choose_leads(db: Database, user_id: int, child_id: int, leads: Sequence[str]
                       ) -> bool:
    """The lead times for one of the person's children; False (nothing written) for a
    child not theirs or a lead time unknown."""
    if not set(leads) <= set(LEADS):
        return False
    async with db.transaction() as conn:
        if not await hears_of(conn, user_id, child_id):
            return False
        await write_leads(conn, user_id, child_id, leads)
    return True


@dataclass(frozen=True, slots=True)
class Standing:
    """What a settings screen shows of a person: the children they hear of, their settings
    and the children whose «не пришёл» notices they turned off; on the main screen
    (`child` None) with reminders on, the next reminder, or with none how many of the
    children's applications are still being decided. `child`: that child's own screen."""

    children: list[RemindedChild]
    prefs: Prefs
    quiet: set[int]
    child: RemindedChild | None = None
    upcoming: Upcoming | None = None
    awaiting: int = 0


@dataclass(frozen=True, slots=True)
class Toggled:
    """A lead time ticked or unticked: the children the person hears of, and the screen's
    standing after the change (the main screen's with one child, that child's with
    several); `after` None: nothing was written (a child not theirs, a lead time unknown)."""

    children: list[RemindedChild]
    after: Standing | None


@dataclass(frozen=True, slots=True)
class Ahead:
    """A person's lessons starting in [since, until), as read at the schedule's `version`."""

    version: int
    since: datetime
    until: datetime
    items: tuple[ChildLesson, ...]

    def covers(self, version: int, since: datetime, until: datetime) -> bool:
        """Does it hold every lesson in [since, until) as the schedule stands at `version`?"""
        return version == self.version and self.since <= since and until <= self.until

    def between(self, since: datetime, until: datetime) -> list[ChildLesson]:
        return [item for item in self.items if since <= item.lesson.starts_at < until]


@dataclass(frozen=True, slots=True)
class _Written:
    """What `toggle_lead`'s trip read and wrote, worked into a `Standing` off the thread."""

    children: list[RemindedChild]
    child: RemindedChild | None = None
    prefs: Prefs | None = None
    quiet: set[int] | None = None
    ahead: Ahead | None = None  # for the main screen only


class ReminderSettings:
    def __init__(self, reminders: ReminderRepo, lessons: FamilyLessons, absences: AbsenceRepo,
                 *, zone: ZoneInfo, evening_at: time) -> None:
        self.reminders = reminders
        self.lessons = lessons
        self.absences = absences
        self.attendance = AttendanceRepo(reminders.db)
        self.kept: Recent[int, Ahead] = Recent(PEOPLE_KEPT)  # by person
        self._kept_version = -1
        self.zone = zone
        self.evening_at = evening_at

    async def children(self, user_id: int) -> list[RemindedChild]:
        return await self.reminders.children(user_id)

    async def prefs(self, user_id: int) -> Prefs:
        return await self.reminders.prefs(user_id)

    async def standing(self, user_id: int, children: list[RemindedChild], *, now: datetime,
                       child: RemindedChild | None = None) -> Standing:
        """What the main screen (`child` None) or one child's screen shows now."""
        prefs = await self.reminders.prefs(user_id)
        main = child is None
        quiet = (await self.attendance.quiet(user_id)
                 if not main or len(children) == 1 else set())
        upcoming, awaiting = None, 0
        if main and prefs.enabled:
            upcoming = await self.next_reminder(user_id, prefs, children, now=now)
            if upcoming is None:
                awaiting = await self.awaiting(user_id, now)
        return Standing(children, prefs, quiet, child, upcoming, awaiting)

    async def switch(self, user_id: int, on: bool) -> None:
        """Reminders on or off altogether."""
        await self.reminders.set_enabled(user_id, on)

    async def toggle_quiet(self, user_id: int) -> bool:
        """Quiet hours on if they were off, else off; whether they are on now."""
        on = not (await self.reminders.prefs(user_id)).quiet.on
        await self.reminders.set_quiet(user_id, on)
        return on

    async def set_leads(self, user_id: int, child_id: int, leads: Sequence[str]) -> bool:
        """The lead times for one of the person's children; False (nothing written) for a
        child not theirs or a lead time unknown."""
        return await choose_leads(self.reminders.db, user_id, child_id, leads)

    async def toggle_lead(self, user_id: int, child_id: int, lead: str, *, now: datetime
                          ) -> Toggled:
        """Tick a lead time for one of the person's children if it was not chosen (the
        defaults count as chosen), else untick it; in one trip to the database's thread."""
        written = await self.reminders.db.in_one_trip(
            partial(self._toggle, user_id, child_id, lead, now, self.kept.get(user_id)))
        if written.prefs is None or written.quiet is None:
            return Toggled(written.children, None)
        upcoming, awaiting = None, 0
        if written.ahead is not None:
            self._keep(user_id, written.ahead)
            upcoming = self._earliest(written.ahead.between(now, now + AHEAD), user_id,
                                      written.prefs, written.children, now)
            if upcoming is None:
                awaiting = await self.awaiting(user_id, now)
        return Toggled(written.children, Standing(
            written.children, written.prefs, written.quiet, written.child, upcoming, awaiting))

    def _keep(self, user_id: int, ahead: Ahead) -> None:
        """Keep the person's lessons ahead; read at a newer version of the schedule, they
        replace everyone's (what the others' were read from has changed)."""
        if ahead.version != self._kept_version:
            self.kept = Recent(PEOPLE_KEPT)
            self._kept_version = ahead.version
        self.kept.put(user_id, ahead)

    def _toggle(self, user_id: int, child_id: int, lead: str, now: datetime,
                kept: Ahead | None, conn: sqlite3.Connection) -> _Written:
        """`toggle_lead` on the database's thread, inside its transaction; the lessons ahead
        `kept` are read again only if the schedule changed or they do not reach far enough."""
        children = trip.children(conn, user_id)
        child = next((c for c in children if c.id == child_id), None)
        if child is None or lead not in LEADS:
            return _Written(children)
        prefs = trip.prefs(conn, user_id)
        leads = stored_leads(set(chosen(prefs, child)) ^ {lead})
        trip.write_leads(conn, user_id, child.id, leads.split())
        prefs = replace(prefs, leads={**prefs.leads, child.id: parse_leads(leads)})
        main = len(children) == 1  # one child: the main screen follows; several: the child's
        ahead = None
        if main and prefs.enabled:
            version = trip.schedule_version(conn)
            ahead = kept
            if ahead is None or not ahead.covers(version, now, now + AHEAD):
                until = now + KEPT_AHEAD
                ahead = Ahead(version, now, until,
                              tuple(trip.lessons_ahead(conn, user_id, now, until)))
        return _Written(children, None if main else child, prefs, trip.quiet(conn, user_id),
                        ahead)

    async def awaiting(self, user_id: int, now: datetime) -> int:
        """How many of the person's children have an application still being decided:
        their reminders start once it is confirmed."""
        return await self.lessons.awaiting(user_id, now.astimezone(self.zone).date())

    async def next_reminder(self, user_id: int, prefs: Prefs,
                            children: Sequence[RemindedChild], *, now: datetime
                            ) -> Upcoming | None:
        """The next reminder this person will get, from their lessons of the coming two
        weeks."""
        if not prefs.enabled or not children:
            return None
        items = await self.lessons.for_user(user_id, now, now + AHEAD)
        return self._earliest(items, user_id, prefs, children, now)

    def _earliest(self, items: Sequence[ChildLesson], user_id: int, prefs: Prefs,
                  children: Sequence[RemindedChild], now: datetime) -> Upcoming | None:
        """The first reminder among these lessons (each read with whether the child was
        reported absent from it)."""
        absent = frozenset((item.lesson.id, item.child_id) for item in items if item.absent)
        return earliest(items, prefs, children, user_id=user_id, now=now, zone=self.zone,
                        evening_at=self.evening_at, absent=absent)
