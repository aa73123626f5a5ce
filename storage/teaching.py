"""Teachers and their groups: which groups a member of staff teaches (a group's `teacher_id`
naming someone who is staff now), a group's teacher, the few lessons around today that the
group screens show, how many children a group has confirmed, and an admin's choice of teacher;
what a group's screen (or a teacher's «Мои группы») shows, read in one trip to the reader's
thread (storage.reading). Also the attendance marks a family's schedule shows beside past
lessons. Queries only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import aiosqlite

from storage import reading
from storage.db import Database
from storage.lesson_rows import LESSON_SELECT, Lesson, lesson_of_row
from storage.programmes import GROUP_SELECT, Group, Programme, _group, _programme
from storage.users import User, _user

AROUND = 3  # lessons of each group read from today on: today's, and the next that is on
TEACHER = ("SELECT u.* FROM groups g JOIN users u ON u.id = g.teacher_id"
           " WHERE g.id = ? AND u.staff_role IS NOT NULL")
CONFIRMED = "SELECT count(*) FROM enrolments WHERE group_id = ? AND status = 'confirmed'"
TEACHERS_GROUPS = (
    GROUP_SELECT + " WHERE g.teacher_id = ? AND EXISTS (SELECT 1 FROM users u"
    " WHERE u.id = g.teacher_id AND u.staff_role IS NOT NULL)"
    " ORDER BY g.ends_on < ?, g.code"
)


@dataclass(frozen=True, slots=True)
class GroupFacts:
    """A group with what its screen says of it: its programme, its teacher (a member of
    staff), how many children it has confirmed, and its first few lessons from a day on."""

    group: Group
    programme: Programme | None
    teacher: User | None
    confirmed: int
    lessons: list[Lesson]


def facts_here(conn: sqlite3.Connection, groups: list[Group], day: date) -> list[GroupFacts]:
    """On the reader's thread: the facts of each group, its lessons from `day` (a local
    date) on, in order."""
    programmes: dict[int, Programme | None] = {}
    facts = []
    for group in groups:
        if group.programme_id not in programmes:
            found = reading.row(conn, "SELECT * FROM programmes WHERE id = ?",
                                (group.programme_id,))
            programmes[group.programme_id] = None if found is None else _programme(found)
        teacher = reading.row(conn, TEACHER, (group.id,))
        lessons = reading.rows(
            conn, LESSON_SELECT + " WHERE l.group_id = ? AND l.day >= ?"
            " ORDER BY l.starts_at, l.id LIMIT ?", (group.id, day.isoformat(), AROUND))
        facts.append(GroupFacts(
            group, programmes[group.programme_id], None if teacher is None else _user(teacher),
            int(reading.value(conn, CONFIRMED, (group.id,))),
            [lesson_of_row(row) for row in lessons]))
    return facts


def group_facts_here(conn: sqlite3.Connection, group_id: int, day: date) -> GroupFacts | None:
    found = reading.row(conn, GROUP_SELECT + " WHERE g.id = ?", (group_id,))
    return None if found is None else facts_here(conn, [_group(found)], day)[0]


def teachers_facts_here(conn: sqlite3.Connection, user_id: int, day: date
                        ) -> list[GroupFacts]:
    groups = [_group(row) for row in reading.rows(conn, TEACHERS_GROUPS,
                                                  (user_id, day.isoformat()))]
    return facts_here(conn, groups, day)


async def teacher_of(db: Database, group_id: int) -> User | None:
    """The group's teacher: the member of staff its `teacher_id` names, if still staff."""
    row = await db.fetchone(TEACHER, (group_id,))
    return None if row is None else _user(row)


async def teacher_in(conn: aiosqlite.Connection, group_id: int) -> tuple[bool, int | None]:
    """Inside a transaction: is there such a group, and the id of its teacher (the member of
    staff its `teacher_id` names, if still staff)."""
    async with conn.execute(
        "SELECT u.id FROM groups g LEFT JOIN users u ON u.id = g.teacher_id"
        " AND u.staff_role IS NOT NULL WHERE g.id = ?", (group_id,),
    ) as cursor:
        row = await cursor.fetchone()
    return (False, None) if row is None else (True, row[0])


async def group(db: Database, group_id: int) -> Group | None:
    row = await db.fetchone(GROUP_SELECT + " WHERE g.id = ?", (group_id,))
    return None if row is None else _group(row)


async def confirmed(db: Database, group_id: int) -> int:
    """How many children the group has confirmed."""
    return int(await db.fetchval(CONFIRMED, (group_id,)))


async def staff(db: Database) -> list[User]:
    """Everyone who is staff now (admins too), by name."""
    rows = await db.fetchall(
        "SELECT * FROM users WHERE staff_role IS NOT NULL AND blocked = 0"
        " ORDER BY lower(first_name), id"
    )
    return [_user(row) for row in rows]


async def set_teacher(conn: aiosqlite.Connection, group_id: int, user_id: int | None,
                      at: str) -> bool:
    """Inside a transaction: the group's teacher account (None: no teacher); False if there
    is no such group."""
    cursor = await conn.execute(
        "UPDATE groups SET teacher_id = ?, updated_at = ? WHERE id = ?",
        (user_id, at, group_id),
    )
    return cursor.rowcount > 0


async def marks(db: Database, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The attendance mark of each (lesson, child) that has one."""
    wanted = set(pairs)
    lessons = sorted({lesson for lesson, _ in wanted})
    if not lessons:
        return {}
    rows = await db.fetchall(
        "SELECT lesson_id, child_id, mark FROM attendance"  # noqa: S608 - marks only
        f" WHERE lesson_id IN ({','.join('?' * len(lessons))}) AND child_id IS NOT NULL",
        lessons,
    )
    found = {(row["lesson_id"], row["child_id"]): str(row["mark"]) for row in rows}
    return {pair: mark for pair, mark in found.items() if pair in wanted}
