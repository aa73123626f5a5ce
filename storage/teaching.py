"""Teachers and their groups: which groups a member of staff teaches (a group's `teacher_id`
naming someone who is staff now), a group's teacher, the few lessons around today that the
group screens show, how many children a group has confirmed, and an admin's choice of teacher.
Also the attendance marks a family's schedule shows beside past lessons. Queries only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import aiosqlite

from storage.db import Database
from storage.lesson_rows import LESSON_SELECT, Lesson, lesson_of_row
from storage.programmes import GROUP_SELECT, Group, _group
from storage.users import User, _user

AROUND = 3  # lessons of each group read from today on: today's, and the next that is on


async def groups_of_teacher(db: Database, user_id: int, today: date) -> list[Group]:
    """The groups whose teacher is this member of staff (none once they are not staff), the
    ones still running first, each part by code."""
    rows = await db.fetchall(
        GROUP_SELECT + " WHERE g.teacher_id = ? AND EXISTS (SELECT 1 FROM users u"
        " WHERE u.id = g.teacher_id AND u.staff_role IS NOT NULL)"
        " ORDER BY g.ends_on < ?, g.code",
        (user_id, today.isoformat()),
    )
    return [_group(row) for row in rows]


async def teacher_of(db: Database, group_id: int) -> User | None:
    """The group's teacher: the member of staff its `teacher_id` names, if still staff."""
    row = await db.fetchone(
        "SELECT u.* FROM groups g JOIN users u ON u.id = g.teacher_id"
        " WHERE g.id = ? AND u.staff_role IS NOT NULL", (group_id,),
    )
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
    return int(await db.fetchval(
        "SELECT count(*) FROM enrolments WHERE group_id = ? AND status = 'confirmed'",
        (group_id,),
    ))


async def lessons_from(db: Database, group_ids: Sequence[int], day: date) -> list[Lesson]:
    """The first few lessons of each group from `day` (a local date) on, in order."""
    if not group_ids:
        return []
    marks = ",".join("?" * len(group_ids))
    rows = await db.fetchall(
        "SELECT * FROM (" + LESSON_SELECT.replace(  # noqa: S608 - constants and marks only
            "SELECT l.*", "SELECT row_number() OVER (PARTITION BY l.group_id"
            " ORDER BY l.starts_at, l.id) AS nth, l.*", 1)
        + f" WHERE l.group_id IN ({marks}) AND l.day >= ?) WHERE nth <= ?"
        " ORDER BY starts_at, id",
        (*group_ids, day.isoformat(), AROUND),
    )
    return [lesson_of_row(row) for row in rows]


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
