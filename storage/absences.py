"""«Не придём» in storage: the absences families report (one row per lesson and child), who
may report for a child, and the staff notices of them in the outbox (kind "absence", keyed
`absence:{lesson}:{child}:{n}:{chat}` and `absence-back:{lesson}:{child}:{n}:{chat}`). The use
case, its rules and its notices are bot.services.absences'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.clock import to_db
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import Recipient
from storage.lesson_rows import Lesson

# a child the person may report: their family's when they are a parent, else only themself
CHILD_OF = """
    SELECT c.id, c.name, c.family_id,
        (c.user_id = :user OR EXISTS (SELECT 1 FROM family_members m
            WHERE m.user_id = :user AND m.child_id = c.id)) AS pupil
    FROM children c
    WHERE c.id = :child AND (c.user_id = :user OR EXISTS (
        SELECT 1 FROM family_members m WHERE m.user_id = :user
            AND m.family_id = c.family_id AND (m.relation = 'parent' OR m.child_id = c.id)))
"""
STAFF = ("SELECT id, language, family_role FROM users WHERE staff_role IS NOT NULL"
         " AND blocked = 0 ORDER BY id")


@dataclass(frozen=True, slots=True)
class Report:
    """Who will miss which lesson, and who said so (`pupil`: the child's own account)."""

    lesson: Lesson
    child_id: int
    child_name: str
    family_id: int
    pupil: bool


@dataclass(frozen=True, slots=True)
class Reporter:
    """A child as the person reporting sees it (`pupil`: the person is the child)."""

    child_id: int
    name: str
    family_id: int
    pupil: bool


@dataclass(frozen=True, slots=True)
class Absentee:
    child_id: int
    name: str


class AbsenceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def absentees(self, lesson_id: int) -> list[Absentee]:
        """The children reported absent from a lesson, by name (the staff's lesson card)."""
        rows = await self.db.fetchall(
            "SELECT c.id, c.name FROM absences a JOIN children c ON c.id = a.child_id"
            " WHERE a.lesson_id = ? ORDER BY c.name, c.id", (lesson_id,),
        )
        return [Absentee(row["id"], row["name"]) for row in rows]

    async def among(self, lesson_ids: list[int]) -> frozenset[tuple[int, int]]:
        """(lesson, child) of the absences reported for these lessons."""
        if not lesson_ids:
            return frozenset()
        rows = await self.db.fetchall(
            f"SELECT lesson_id, child_id FROM absences WHERE lesson_id IN"  # noqa: S608
            f" ({','.join('?' * len(lesson_ids))})", tuple(lesson_ids),
        )
        return frozenset((int(r["lesson_id"]), int(r["child_id"])) for r in rows)


# ---- inside the use case's transaction ---------------------------------------------------


async def child_for(conn: aiosqlite.Connection, user_id: int, child_id: int
                    ) -> Reporter | None:
    """The child, if the person may report for them (a parent of the family, or the child's
    own account)."""
    row = await fetch_one(conn, CHILD_OF, {"user": user_id, "child": child_id})
    if row is None:
        return None
    return Reporter(int(row["id"]), row["name"], int(row["family_id"]), bool(row["pupil"]))


async def confirmed_in(conn: aiosqlite.Connection, child_id: int, group_id: int) -> bool:
    return await fetch_one(
        conn, "SELECT 1 FROM enrolments WHERE child_id = ? AND group_id = ?"
        " AND status = 'confirmed'", (child_id, group_id),
    ) is not None


async def add(conn: aiosqlite.Connection, lesson_id: int, child_id: int, *, by: int,
              at: datetime) -> bool:
    """Record the absence; False if it was recorded before."""
    cursor = await conn.execute(
        "INSERT INTO absences (lesson_id, child_id, reported_by, reported_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (lesson_id, child_id) DO NOTHING",
        (lesson_id, child_id, by, to_db(at)),
    )
    return cursor.rowcount > 0


async def remove(conn: aiosqlite.Connection, lesson_id: int, child_id: int) -> bool:
    """Delete the absence; False if there was none."""
    cursor = await conn.execute(
        "DELETE FROM absences WHERE lesson_id = ? AND child_id = ?", (lesson_id, child_id),
    )
    return cursor.rowcount > 0


async def serial(conn: aiosqlite.Connection) -> int:
    """A number no earlier notice's key holds (the outbox's next id: rows are never deleted,
    and the caller holds the writer)."""
    row = await fetch_one(conn, "SELECT coalesce(max(id), 0) + 1 FROM outbox")
    return int(row[0]) if row else 1


async def notices_read(conn: aiosqlite.Connection, lesson_id: int, child_id: int
                       ) -> list[int]:
    """Who has read (or is being sent) the notice of the latest report: every earlier report
    was taken back, its notices cancelled or followed by a «coming after all»."""
    rows = await fetch_all(
        conn,
        "SELECT DISTINCT chat_id FROM outbox WHERE kind = 'absence' AND lesson_id = :lesson"
        " AND dedupe_key LIKE :report AND status IN ('sent', 'sending')"
        " AND id > coalesce((SELECT max(id) FROM outbox WHERE kind = 'absence'"
        "   AND lesson_id = :lesson AND dedupe_key LIKE :back), 0)"
        " ORDER BY chat_id",
        {"lesson": lesson_id, "report": f"absence:{lesson_id}:{child_id}:%",
         "back": f"absence-back:{lesson_id}:{child_id}:%"},
    )
    return [int(row[0]) for row in rows]


async def cancel_queued(conn: aiosqlite.Connection, lesson_id: int, child_id: int) -> None:
    """The reports' notices still queued are cancelled and blanked (nobody is bothered)."""
    await conn.execute(
        "UPDATE outbox SET status = 'cancelled', payload = '{}',"
        " last_error = 'taken back', lease_until = NULL"
        " WHERE kind = 'absence' AND lesson_id = ? AND dedupe_key LIKE ?"
        " AND status = 'pending'",
        (lesson_id, f"absence:{lesson_id}:{child_id}:%"),
    )


async def staff_or_teacher(conn: aiosqlite.Connection, teacher_id: int | None
                           ) -> list[Recipient]:
    """The teacher if their account is staff now, else every member of staff."""
    rows = []
    if teacher_id is not None:
        rows = await fetch_all(
            conn, "SELECT id, language, family_role FROM users WHERE id = ?"
            " AND staff_role IS NOT NULL AND blocked = 0", (teacher_id,),
        )
    if not rows:
        rows = await fetch_all(conn, STAFF)
    return [Recipient(row["id"], row["language"], row["family_role"]) for row in rows]


async def people(conn: aiosqlite.Connection, user_ids: list[int]) -> list[Recipient]:
    """These people, unless they blocked the bot, in id order."""
    marks = ",".join("?" * len(user_ids))
    rows = await fetch_all(
        conn, f"SELECT id, language, family_role FROM users WHERE id IN ({marks})"  # noqa: S608
        " AND blocked = 0 ORDER BY id", tuple(user_ids),
    )
    return [Recipient(row["id"], row["language"], row["family_role"]) for row in rows]
