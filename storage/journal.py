"""The attendance journal's queries: a month's held lessons, their marks and the groups'
children, the marks of recent weeks for the chart, and a family's marks for /mydata. Rows in,
rows out; the journal's rules (hours, totals, «выбыл») are bot.services.journal's."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, NamedTuple

import aiosqlite

from storage.db import Database, placeholders

# a lesson that took place: not cancelled, and begun by `now`
HELD = "l.status != 'cancelled' AND l.starts_at <= :now AND l.day BETWEEN :first AND :last"


@dataclass(frozen=True, slots=True)
class HeldLesson:
    id: int
    group_id: int
    group_name: str
    group_code: str
    day: str  # YYYY-MM-DD, the technopark's date
    starts_at: str  # UTC
    ends_at: str


class MarkRow(NamedTuple):
    """A tuple, not a dataclass: a month of a big technopark has over 100 000 of them."""

    lesson_id: int
    pupil: int  # the child's id when marked
    child_id: int | None  # None: the family was forgotten («выбыл»)
    mark: str


@dataclass(frozen=True, slots=True)
class RosterRow:
    group_id: int
    child_id: int
    name: str


@dataclass(frozen=True, slots=True)
class RecentMark:
    group_id: int
    day: str
    pupil: int
    name: str | None
    mark: str


def _where_group(group_id: int | None) -> str:
    return "" if group_id is None else " AND l.group_id = :group"


async def held_lessons(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[HeldLesson]:
    """The lessons held between two days (inclusive), by group name and time."""
    rows = await db.fetchall(
        "SELECT l.id, l.group_id, g.name, g.code, l.day, l.starts_at, l.ends_at"
        " FROM lessons l JOIN groups g ON g.id = l.group_id"
        f" WHERE {HELD}{_where_group(group_id)}"
        " ORDER BY g.name, g.code, l.group_id, l.starts_at",
        {"first": first, "last": last, "now": now, "group": group_id},
    )
    return [HeldLesson(*row) for row in rows]


async def marks_of(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[MarkRow]:
    """Every mark of those lessons (the children's names: confirmed_children, child_names)."""
    rows = await db.fetch_tuples(
        "SELECT a.lesson_id, a.pupil, a.child_id, a.mark FROM attendance a"
        f" JOIN lessons l ON l.id = a.lesson_id WHERE {HELD}{_where_group(group_id)}",
        {"first": first, "last": last, "now": now, "group": group_id},
    )
    return list(map(MarkRow._make, rows))


async def confirmed_children(db: Database, group_ids: Collection[int]) -> list[RosterRow]:
    """The children confirmed in these groups (a row in the journal even before a mark)."""
    if not group_ids:
        return []
    ids = list(group_ids)
    rows = await db.fetchall(
        "SELECT e.group_id, c.id, c.name FROM enrolments e JOIN children c ON c.id = e.child_id"
        f" WHERE e.status = 'confirmed' AND e.group_id IN ({placeholders(ids)})", ids,
    )
    return [RosterRow(*row) for row in rows]


async def child_names(db: Database, child_ids: Collection[int]) -> dict[int, str]:
    if not child_ids:
        return {}
    ids = list(child_ids)
    rows = await db.fetchall(
        f"SELECT id, name FROM children WHERE id IN ({placeholders(ids)})", ids)  # noqa: S608
    return {int(row[0]): str(row[1]) for row in rows}


async def recent_marks(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[RecentMark]:
    """The marks of held lessons between two days, oldest first (the chart's weeks and who
    missed the last lessons)."""
    rows = await db.fetchall(
        "SELECT l.group_id, l.day, a.pupil, c.name, a.mark FROM attendance a"
        " JOIN lessons l ON l.id = a.lesson_id LEFT JOIN children c ON c.id = a.child_id"
        f" WHERE {HELD}{_where_group(group_id)} ORDER BY l.starts_at, a.pupil",
        {"first": first, "last": last, "now": now, "group": group_id},
    )
    return [RecentMark(*row) for row in rows]


async def group_names(db: Database, group_ids: Collection[int]) -> dict[int, str]:
    if not group_ids:
        return {}
    ids = list(group_ids)
    rows = await db.fetchall(
        f"SELECT id, name FROM groups WHERE id IN ({placeholders(ids)})", ids)  # noqa: S608
    return {int(row[0]): str(row[1]) for row in rows}


async def group_exists(db: Database, group_id: int) -> bool:
    return await db.fetchone("SELECT 1 FROM groups WHERE id = ?", (group_id,)) is not None


# ---- a family's marks for /mydata, and a member leaving -----------------------------------


async def of_family(db: Database, family_id: int) -> dict[str, Any]:
    """The family's children's marks, the corrections of them, and the «не пришёл» notices
    its members turned off (times in UTC, the day the technopark's)."""
    marks = await db.fetchall(
        "SELECT a.child_id, c.name AS child, l.day, g.name AS \"group\", a.mark, a.marked_at"
        " FROM attendance a JOIN children c ON c.id = a.child_id"
        " JOIN lessons l ON l.id = a.lesson_id JOIN groups g ON g.id = l.group_id"
        " WHERE c.family_id = ? ORDER BY l.starts_at, c.id", (family_id,),
    )
    changes = await db.fetchall(
        "SELECT a.child_id, c.name AS child, l.day, g.name AS \"group\", a.mark_was, a.mark,"
        " a.changed_at FROM attendance_changes a JOIN children c ON c.id = a.child_id"
        " JOIN lessons l ON l.id = a.lesson_id JOIN groups g ON g.id = l.group_id"
        " WHERE c.family_id = ? ORDER BY a.changed_at, a.id", (family_id,),
    )
    quiet = await db.fetchall(
        "SELECT q.user_id, q.child_id, c.name AS child FROM attendance_quiet q"
        " JOIN children c ON c.id = q.child_id WHERE c.family_id = ?"
        " ORDER BY q.user_id, q.child_id", (family_id,),
    )
    return {"attendance": [dict(r) for r in marks],
            "attendance_changes": [dict(r) for r in changes],
            "attendance_quiet": [dict(r) for r in quiet]}


async def forget_quiet(conn: aiosqlite.Connection, user_ids: Collection[int]) -> None:
    """Inside a transaction: these people's «не пришёл» settings go (a member leaving)."""
    ids = list(user_ids)
    if ids:
        await conn.execute(
            f"DELETE FROM attendance_quiet WHERE user_id IN ({placeholders(ids)})", ids)
