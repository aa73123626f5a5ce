"""«⚙️ Настройки → 🔔 Напоминания» as use cases: the children a person hears of, their
settings, the changes to them, and the next reminder they will get. Writing a setting is all
it takes: the database's triggers mark the person's groups, and the planner plans their
reminders again within seconds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.reminder_preview import Upcoming, earliest
from storage.absences import AbsenceRepo
from storage.db import Database
from storage.family_lessons import FamilyLessons
from storage.reminders import LEADS, Prefs, RemindedChild, ReminderRepo, hears_of, write_leads

# how far ahead the next reminder is looked for
AHEAD = timedelta(days=14)


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


class ReminderSettings:
    def __init__(self, reminders: ReminderRepo, lessons: FamilyLessons, absences: AbsenceRepo,
                 *, zone: ZoneInfo, evening_at: time) -> None:
        self.reminders = reminders
        self.lessons = lessons
        self.absences = absences
        self.zone = zone
        self.evening_at = evening_at

    async def children(self, user_id: int) -> list[RemindedChild]:
        return await self.reminders.children(user_id)

    async def prefs(self, user_id: int) -> Prefs:
        return await self.reminders.prefs(user_id)

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
        absent = await self.absences.among(sorted({item.lesson.id for item in items}))
        return earliest(items, prefs, children, user_id=user_id, now=now, zone=self.zone,
                        evening_at=self.evening_at, absent=absent)
