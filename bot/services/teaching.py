"""Teachers and their groups, the use cases of «🧑‍🏫 Мои группы» and a group's screen: the
groups a member of staff teaches with today's and the next lesson, one group as its screen
shows it, an admin setting a group's teacher, and who may write to a group's families (the
rule the message's own transaction checks again).

A group's teacher is the member of staff whose id is the group's `teacher_id`: someone whose
staff capacity was revoked is nobody's teacher here, whatever the column still says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

import aiosqlite

from bot.services.staff_views import StaffViews
from storage import teaching as rows
from storage import users
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.lesson_rows import Lesson
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.users import User

Assigned = Literal["set", "cleared", "not-staff", "no-group", "not-admin"]


@dataclass(frozen=True, slots=True)
class GroupView:
    """A group as its screen and «Мои группы» show it."""

    group: Group
    programme: Programme | None
    teacher: User | None
    confirmed: int
    today: Lesson | None  # the group's lesson today, if it has one (off ones too)
    next: Lesson | None  # the next lesson after today that takes place

    def programme_title(self, locale: str) -> str:
        return self.programme.title(locale) if self.programme else ""


def may_write(person: User | None, group_found: bool, teacher_id: int | None) -> bool:
    """The rule of a message to a group: its teacher or an admin writes to its families."""
    if person is None or not group_found:
        return False
    return person.is_admin or (person.is_staff and person.id == teacher_id)


async def may_write_in(conn: aiosqlite.Connection, user_id: int, group_id: int) -> bool:
    """Inside a transaction (the one that writes the message): may this person write to the
    group now, as the users and groups tables stand."""
    found, teacher = await rows.teacher_in(conn, group_id)
    return may_write(await users.get_in(conn, user_id), found, teacher)


def around(lessons: Iterable[Lesson], today: date) -> tuple[Lesson | None, Lesson | None]:
    """Of one group's lessons from today on (in order): today's, and the next one on."""
    listed = list(lessons)
    first = next((lesson for lesson in listed if lesson.day == today), None)
    after = next((lesson for lesson in listed if lesson.day > today and not lesson.off), None)
    return first, after


class Teaching:
    def __init__(self, db: Database, programmes: ProgrammeRepo) -> None:
        self.db = db
        self.programmes = programmes
        self.views = StaffViews(db)

    @staticmethod
    def _view(facts: rows.GroupFacts, today: date) -> GroupView:
        first, after = around(facts.lessons, today)
        return GroupView(facts.group, facts.programme, facts.teacher, facts.confirmed, first,
                         after)

    async def mine(self, user: User, today: date) -> list[GroupView]:
        """The groups this member of staff teaches (none for anyone else)."""
        if not user.is_staff:
            return []
        return [self._view(facts, today)
                for facts in await self.views.teachers(user.id, today)]

    async def view(self, group_id: int, today: date) -> GroupView | None:
        facts = await self.views.group(group_id, today)
        return None if facts is None else self._view(facts, today)

    async def staff(self) -> list[User]:
        """Who may be made a group's teacher: everyone on staff now."""
        return await rows.staff(self.db)

    async def may_write(self, user: User, group_id: int) -> bool:
        """May this person write to the group's families: its teacher, or an admin (asked
        when the message is begun; the send asks again in its own transaction)."""
        if not user.is_staff:
            return False
        teacher = await rows.teacher_of(self.db, group_id)
        found = teacher is not None or await rows.group(self.db, group_id) is not None
        return may_write(user, found, teacher.id if teacher else None)

    async def set_teacher(self, admin: User, group_id: int, staff_id: int | None) -> Assigned:
        """An admin names the group's teacher (a member of staff), or leaves it without one.
        The admin's capacity and the person's are checked in the write's own transaction."""
        async with self.db.transaction() as conn:
            now = await users.get_in(conn, admin.id)
            if now is None or not now.is_admin:
                return "not-admin"
            person = None if staff_id is None else await users.get_in(conn, staff_id)
            if staff_id is not None and (person is None or not person.is_staff):
                return "not-staff"
            if not await rows.set_teacher(conn, group_id, staff_id, to_db(utcnow())):
                return "no-group"
        return "cleared" if staff_id is None else "set"
