"""The attendance journal's queries: a month's held lessons, their marks and the groups'
children; the weekly counts, the children absent twice in a row and a cheap version of the
marks of recent weeks for the chart; a family's marks for /mydata. Rows in, rows out; the
journal's rules (hours, totals, «выбыл») are bot.services.journal's.

The chart's queries add up in SQL (a group's week is one row), so a thousand groups' eight
weeks come to the bot as a few thousand rows, not a quarter of a million marks."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

import aiosqlite

from storage.db import Database, placeholders
from storage.lesson_rows import OFF_SQL

# a lesson that took place: not off (cancelled, or closed by a closure as the roll call
# counts it: storage.lesson_rows), and begun by `now`
HELD = f"NOT {OFF_SQL} AND l.starts_at <= :now AND l.day BETWEEN :first AND :last"
# the week of a lesson's day, 0 for the week of `:first` (a Monday)
WEEK = "CAST(julianday(l.day) - julianday(:first) AS INTEGER) / 7"


@dataclass(frozen=True, slots=True)
class HeldLesson:
    id: int
    group_id: int
    group_name: str
    group_code: str
    day: str  # YYYY-MM-DD, the technopark's date
    starts_at: str  # UTC
    ends_at: str
    group_name_en: str = ""

    def group_title(self, locale: str) -> str:
        return self.group_name_en if locale == "en" and self.group_name_en else self.group_name


# A mark as a plain tuple (a month of a big technopark has over 100 000 of them): the lesson,
# the pupil (the child's id when marked), the child (None: the family was forgotten, «выбыл»),
# the mark, and the child's name (None with the child).
MarkRow = tuple[int, int, int | None, str, str | None]


@dataclass(frozen=True, slots=True)
class RosterRow:
    group_id: int
    child_id: int
    name: str


@dataclass(frozen=True, slots=True)
class WeekCount:
    """A group's marks in a week of the chart."""

    group_id: int
    group_name: str
    week: int  # 0: the first week asked for
    present: int  # ✅ and ⏰
    marked: int  # every mark
    group_name_en: str = ""

    def group_title(self, locale: str) -> str:
        return self.group_name_en if locale == "en" and self.group_name_en else self.group_name


@dataclass(frozen=True, slots=True)
class AbsentTwice:
    """A child whose last two marks in a group (🙅 left out) are both ❌."""

    name: str
    group_name: str
    group_name_en: str = ""

    def group_title(self, locale: str) -> str:
        return self.group_name_en if locale == "en" and self.group_name_en else self.group_name


def _where_group(group_id: int | None) -> str:
    return "" if group_id is None else " AND l.group_id = :group"


def _window(first: str, last: str, now: str, group_id: int | None) -> dict[str, Any]:
    return {"first": first, "last": last, "now": now, "group": group_id}


async def held_lessons(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[HeldLesson]:
    """The lessons held between two days (inclusive), by group name and time."""
    rows = await db.fetch_tuples(
        "SELECT l.id, l.group_id, g.name, g.code, l.day, l.starts_at, l.ends_at, g.name_en"
        " FROM lessons l JOIN groups g ON g.id = l.group_id"
        f" WHERE {HELD}{_where_group(group_id)}"
        " ORDER BY g.name, g.code, l.group_id, l.starts_at",
        _window(first, last, now, group_id),
    )
    return [HeldLesson(*row) for row in rows]


async def marks_of(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[MarkRow]:
    """Every mark of those lessons, with the child's name."""
    rows = await db.fetch_tuples(
        "SELECT a.lesson_id, a.pupil, a.child_id, a.mark, c.name FROM attendance a"
        " JOIN lessons l ON l.id = a.lesson_id LEFT JOIN children c ON c.id = a.child_id"
        f" WHERE {HELD}{_where_group(group_id)}",
        _window(first, last, now, group_id),
    )
    return cast("list[MarkRow]", rows)


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


async def marks_version(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> tuple[int, int, str]:
    """What changes when the marks of those lessons do: how many there are, how many still
    name a child (a family forgotten lowers it), and the newest mark's time."""
    row = await db.fetchone(
        "SELECT count(*), count(a.child_id), coalesce(max(a.marked_at), '') FROM attendance a"
        f" JOIN lessons l ON l.id = a.lesson_id WHERE {HELD}{_where_group(group_id)}",
        _window(first, last, now, group_id),
    )
    return (0, 0, "") if row is None else (int(row[0]), int(row[1]), str(row[2]))


async def week_counts(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[WeekCount]:
    """Each group's marks per week between two days, `first` a Monday."""
    rows = await db.fetch_tuples(
        f"SELECT l.group_id, g.name, {WEEK} AS week,"
        " sum(a.mark IN ('present', 'late')), count(*), g.name_en"
        " FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
        f" JOIN groups g ON g.id = l.group_id WHERE {HELD}{_where_group(group_id)}"
        " GROUP BY l.group_id, week",
        _window(first, last, now, group_id),
    )
    return [WeekCount(*row) for row in rows]


async def pupils_marked(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> dict[int, int]:
    """How many children each group has marked between two days."""
    rows = await db.fetch_tuples(
        "SELECT l.group_id, count(DISTINCT a.pupil) FROM attendance a"
        f" JOIN lessons l ON l.id = a.lesson_id WHERE {HELD}{_where_group(group_id)}"
        " GROUP BY l.group_id",
        _window(first, last, now, group_id),
    )
    return {int(group): int(count) for group, count in rows}


async def absent_twice(
    db: Database, first: str, last: str, now: str, group_id: int | None = None
) -> list[AbsentTwice]:
    """The children whose last two marks in a group between two days, 🙅 left out, are both
    ❌; a forgotten child has no name and is not among them."""
    rows = await db.fetch_tuples(
        "SELECT c.name, g.name, g.name_en FROM ("
        "  SELECT r.group_id, max(CASE WHEN r.n = 1 THEN r.child_id END) AS child_id FROM ("
        "    SELECT l.group_id, a.pupil, a.child_id, a.mark, row_number() OVER ("
        "      PARTITION BY l.group_id, a.pupil ORDER BY l.starts_at DESC, l.id DESC) AS n"
        "    FROM attendance a JOIN lessons l ON l.id = a.lesson_id"
        f"    WHERE {HELD}{_where_group(group_id)} AND a.mark != 'excused'"
        "  ) r WHERE r.n <= 2 GROUP BY r.group_id, r.pupil"
        "  HAVING count(*) = 2 AND sum(r.mark = 'absent') = 2"
        ") t JOIN groups g ON g.id = t.group_id JOIN children c ON c.id = t.child_id",
        _window(first, last, now, group_id),
    )
    return [AbsentTwice(*row) for row in rows]


async def group_names(db: Database, group_id: int) -> tuple[str, str] | None:
    """A group's name and its English one ('' when it has none)."""
    row = await db.fetchone("SELECT name, name_en FROM groups WHERE id = ?", (group_id,))
    return None if row is None else (str(row[0]), str(row[1]))


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
