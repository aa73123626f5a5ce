"""The attendance register in storage: a lesson's children with their marks, a mark written
(and its correction kept), the register finished, the «не пришёл» notices still to decide,
and the registers forgotten. Who hears of an absence is storage.attendance_families'. The
rules (who may mark, when, what a notice says) are bot.services.attendance's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import Recipient
from storage.lesson_rows import LESSON_SELECT, OFF_SQL, Lesson, lesson_of_row

Mark = str  # present | absent | late | excused


@dataclass(frozen=True, slots=True)
class Pupil:
    """A confirmed child of the lesson's group: their mark (None: not marked yet) and whether
    the family said «Не придём»."""

    child_id: int
    name: str
    family_id: int
    mark: Mark | None
    warned: bool


@dataclass(frozen=True, slots=True)
class Untold:
    """A child marked absent whose family has not been told yet. `never`: nobody will be
    (the family is forgotten, said «Не придём», or the lesson is off); the name, the family
    and the account are then of no use (a forgotten child has none)."""

    lesson_id: int
    pupil: int
    name: str
    family_id: int
    user_id: int | None  # the child's own account
    never: bool


ROSTER = """
    SELECT c.id, c.name, c.family_id, a.mark,
        EXISTS (SELECT 1 FROM absences b WHERE b.lesson_id = :lesson AND b.child_id = c.id)
            AS warned
    FROM enrolments e JOIN children c ON c.id = e.child_id
    LEFT JOIN attendance a ON a.lesson_id = :lesson AND a.pupil = c.id
    WHERE e.group_id = :group AND e.status = 'confirmed'
      -- a child whose application came after the lesson was not in it (unless marked)
      AND (a.mark IS NOT NULL
           OR e.created_at <= (SELECT l.ends_at FROM lessons l WHERE l.id = :lesson))
    ORDER BY c.name COLLATE NOCASE, c.id
"""

SET_MARK = (
    "INSERT INTO attendance (lesson_id, pupil, child_id, mark, marked_by, marked_at)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (lesson_id, pupil) DO UPDATE SET"
    " child_id = excluded.child_id, mark = excluded.mark, marked_by = excluded.marked_by,"
    " marked_at = excluded.marked_at"
)
# a change kept before the mark is written: the mark it replaces, who set that and when
ADD_CHANGE = (
    "INSERT INTO attendance_changes (lesson_id, pupil, child_id, mark_was, mark, changed_by,"
    " changed_at, by_was, at_was) SELECT lesson_id, pupil, :child, mark, :mark, :by, :at,"
    " marked_by, marked_at FROM attendance WHERE lesson_id = :lesson AND pupil = :child"
)
TOLD_AT = "SELECT told_at FROM attendance WHERE lesson_id = ? AND pupil = ?"
# the children whose «не пришёл» notices a person turned off
QUIET = "SELECT child_id FROM attendance_quiet WHERE user_id = ?"


def pupil_of_row(row: aiosqlite.Row) -> Pupil:
    return Pupil(int(row["id"]), row["name"], int(row["family_id"]), row["mark"],
                 bool(row["warned"]))


class AttendanceRepo:
    """Reads outside a transaction (what the screens show)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def lesson(self, lesson_id: int) -> Lesson | None:
        row = await self.db.fetchone(LESSON_SELECT + " WHERE l.id = ?", (lesson_id,))
        return None if row is None else lesson_of_row(row)

    async def roster(self, lesson: Lesson) -> list[Pupil]:
        rows = await self.db.fetchall(ROSTER, {"lesson": lesson.id, "group": lesson.group_id})
        return [pupil_of_row(row) for row in rows]

    async def markable(self, group_id: int, opens: datetime, closes: datetime
                       ) -> list[tuple[Lesson, bool]]:
        """The group's lessons, not cancelled, that began before `opens` (now + the lead) and
        ended after `closes` (now − the window), newest first, each with whether it has any
        mark."""
        rows = await self.db.fetchall(
            LESSON_SELECT + " WHERE l.group_id = ? AND l.starts_at <= ?"
            f" AND l.ends_at >= ? AND NOT {OFF_SQL} ORDER BY l.starts_at DESC LIMIT 20",
            (group_id, to_db(opens), to_db(closes)),
        )
        lessons = [lesson_of_row(row) for row in rows]
        marked = await self.marked_among([lesson.id for lesson in lessons])
        return [(lesson, lesson.id in marked) for lesson in lessons]

    async def marked_among(self, lesson_ids: Sequence[int]) -> set[int]:
        if not lesson_ids:
            return set()
        rows = await self.db.fetchall(
            "SELECT DISTINCT lesson_id FROM attendance WHERE lesson_id IN"  # noqa: S608
            f" ({','.join('?' * len(lesson_ids))})", tuple(lesson_ids),
        )
        return {int(row[0]) for row in rows}

    async def next_lesson(self, group_id: int, after: datetime) -> Lesson | None:
        row = await self.db.fetchone(
            LESSON_SELECT + f" WHERE l.group_id = ? AND l.starts_at > ? AND NOT {OFF_SQL}"
            " ORDER BY l.starts_at LIMIT 1", (group_id, to_db(after)),
        )
        return None if row is None else lesson_of_row(row)

    async def counts(self, lesson_id: int) -> dict[str, int]:
        """How many children have each mark (the lesson's card)."""
        rows = await self.db.fetchall(
            "SELECT mark, count(*) FROM attendance WHERE lesson_id = ? GROUP BY mark",
            (lesson_id,),
        )
        return {row[0]: int(row[1]) for row in rows}

    async def quiet(self, user_id: int) -> set[int]:
        """The children whose «не пришёл» notices this person turned off."""
        return {int(row[0]) for row in await self.db.fetchall(QUIET, (user_id,))}

    async def is_staff(self, user_id: int) -> bool:
        return bool(await self.db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = ? AND staff_role IS NOT NULL)",
            (user_id,)))


# ---- inside the use case's transaction ---------------------------------------------------


async def roster_in(conn: aiosqlite.Connection, lesson: Lesson) -> list[Pupil]:
    rows = await fetch_all(conn, ROSTER, {"lesson": lesson.id, "group": lesson.group_id})
    return [pupil_of_row(row) for row in rows]


async def set_mark(conn: aiosqlite.Connection, lesson_id: int, child_id: int, mark: Mark, *,
                   by: int, at: datetime) -> None:
    await conn.execute(SET_MARK, (lesson_id, child_id, child_id, mark, by, to_db(at)))


async def add_change(conn: aiosqlite.Connection, lesson_id: int, child_id: int, mark: Mark,
                     *, by: int, at: datetime) -> None:
    """Keep the mark about to be replaced by `mark` (call before `set_mark`)."""
    await conn.execute(ADD_CHANGE, change_params(lesson_id, child_id, mark, by, at))


def change_params(lesson_id: int, child_id: int, mark: Mark, by: int, at: datetime
                  ) -> dict[str, object]:
    return {"lesson": lesson_id, "child": child_id, "mark": mark, "by": by, "at": to_db(at)}


async def told_at(conn: aiosqlite.Connection, lesson_id: int, child_id: int
                  ) -> datetime | None:
    row = await fetch_one(conn, TOLD_AT, (lesson_id, child_id))
    return None if row is None or row[0] is None else from_db(row[0])


async def set_told(conn: aiosqlite.Connection, lesson_id: int, child_id: int,
                   at: datetime | None) -> None:
    await conn.execute("UPDATE attendance SET told_at = ? WHERE lesson_id = ? AND pupil = ?",
                       (to_db(at) if at else None, lesson_id, child_id))


async def finish(conn: aiosqlite.Connection, lesson_id: int, *, by: int, at: datetime) -> None:
    """«✔️ Готово»: the register is finished (again)."""
    await conn.execute(
        "INSERT INTO roll_calls (lesson_id, done_at, done_by) VALUES (?, ?, ?)"
        " ON CONFLICT (lesson_id) DO UPDATE SET done_at = excluded.done_at,"
        " done_by = excluded.done_by", (lesson_id, to_db(at), by),
    )


UNTOLD = (
    "SELECT a.lesson_id, a.pupil, c.name, c.family_id, c.user_id,"
    f" (c.id IS NULL OR {OFF_SQL} OR EXISTS (SELECT 1 FROM absences b"
    "   WHERE b.lesson_id = a.lesson_id AND b.child_id = a.child_id)) AS never"
    " FROM attendance a {index} LEFT JOIN children c ON c.id = a.child_id"
    " JOIN lessons l ON l.id = a.lesson_id"
    " WHERE a.mark = 'absent' AND a.told_at IS NULL"
)


def untold_of_row(r: aiosqlite.Row) -> Untold:
    return Untold(int(r[0]), int(r[1]), r[2] or "", int(r[3] or 0), r[4], bool(r[5]))


async def untold(conn: aiosqlite.Connection, *, marked_before: datetime, started_by: datetime
                 ) -> list[Untold]:
    """Children marked absent before `marked_before`, not told yet, at lessons begun by
    `started_by`: read through the index of the notices still to decide, never the whole
    register."""
    rows = await fetch_all(
        conn, UNTOLD.format(index="INDEXED BY attendance_untold")
        + " AND a.marked_at <= :before AND l.starts_at <= :started"
        " ORDER BY a.marked_at LIMIT 500",
        {"before": to_db(marked_before), "started": to_db(started_by)},
    )
    return [untold_of_row(r) for r in rows]


async def untold_at(conn: aiosqlite.Connection, lesson_id: int) -> list[Untold]:
    """One lesson's children marked absent and not told yet («Готово»)."""
    rows = await fetch_all(conn, UNTOLD.format(index="") + " AND a.lesson_id = :lesson"
                           " ORDER BY a.pupil", {"lesson": lesson_id})
    return [untold_of_row(r) for r in rows]


async def forgotten(conn: aiosqlite.Connection, *, ended_before: datetime,
                    ended_after: datetime, started_after: datetime) -> list[Lesson]:
    """Lessons that ended in the span, not cancelled, with confirmed children, no mark at all
    and no reminder yet; read by their start (`started_after`: no lesson of the span began
    earlier), which the index of lessons by start serves."""
    rows = await fetch_all(
        conn,
        LESSON_SELECT + " WHERE l.starts_at > :started AND l.starts_at <= :before"
        " AND l.ends_at <= :before AND l.ends_at > :after"
        f" AND NOT {OFF_SQL}"
        " AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = l.id)"
        " AND NOT EXISTS (SELECT 1 FROM roll_calls r WHERE r.lesson_id = l.id"
        "   AND r.reminded_at IS NOT NULL)"
        " AND EXISTS (SELECT 1 FROM enrolments e WHERE e.group_id = l.group_id"
        "   AND e.status = 'confirmed') ORDER BY l.ends_at LIMIT 200",
        {"before": to_db(ended_before), "after": to_db(ended_after),
         "started": to_db(started_after)},
    )
    return [lesson_of_row(row) for row in rows]


async def set_reminded(conn: aiosqlite.Connection, lesson_id: int, at: datetime) -> None:
    await conn.execute(
        "INSERT INTO roll_calls (lesson_id, reminded_at) VALUES (?, ?)"
        " ON CONFLICT (lesson_id) DO UPDATE SET reminded_at = excluded.reminded_at",
        (lesson_id, to_db(at)),
    )


async def staff_member(conn: aiosqlite.Connection, user_id: int | None) -> list[Recipient]:
    """This person if they are staff now (and have not blocked the bot)."""
    if user_id is None:
        return []
    rows = await fetch_all(
        conn, "SELECT id, language, family_role FROM users WHERE id = ?"
        " AND staff_role IS NOT NULL AND blocked = 0", (user_id,))
    return [Recipient(r["id"], r["language"], r["family_role"]) for r in rows]


async def admins(conn: aiosqlite.Connection) -> list[Recipient]:
    rows = await fetch_all(
        conn, "SELECT id, language, family_role FROM users WHERE staff_role = 'admin'"
        " AND blocked = 0 ORDER BY id")
    return [Recipient(r["id"], r["language"], r["family_role"]) for r in rows]
