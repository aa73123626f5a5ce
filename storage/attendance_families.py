"""Who hears of a child's absence, in storage: the family's parents (or the child's own
account) with their quiet hours, less those who turned the notices off for the child; the
notices queued of a child and lesson; and a forgotten family's marks moved off its
children's ids. The rules are bot.services.attendance's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

import aiosqlite

from storage.db import fetch_all, fetch_one
from storage.enrolments import Recipient
from storage.reminders import Quiet


@dataclass(frozen=True, slots=True)
class Hearer:
    """Someone to tell of a child's absence, with their quiet hours."""

    person: Recipient
    quiet: Quiet


HEARER_SELECT = (
    "SELECT u.id, u.language, u.family_role, s.quiet AS quiet_on, s.quiet_from, s.quiet_until"
)


def hearer_of_row(r: aiosqlite.Row) -> Hearer:
    quiet = Quiet() if r["quiet_on"] is None else Quiet(
        bool(r["quiet_on"]), time.fromisoformat(r["quiet_from"]),
        time.fromisoformat(r["quiet_until"]))
    return Hearer(Recipient(r["id"], r["language"], r["family_role"]), quiet)


async def family_to_tell(conn: aiosqlite.Connection, child_id: int, family_id: int,
                         own_account: int | None) -> list[Hearer]:
    """The family's parents (not the child's own account) who have not turned the notices
    off for this child; with no parent account at all, the child's own account."""
    quiet = (", EXISTS (SELECT 1 FROM attendance_quiet q WHERE q.user_id = u.id"
             "   AND q.child_id = :child) AS off")
    settings = " LEFT JOIN reminder_settings s ON s.user_id = u.id"
    rows = await fetch_all(
        conn,
        HEARER_SELECT + quiet + " FROM family_members m JOIN users u ON u.id = m.user_id"
        + settings + " WHERE m.family_id = :family AND m.relation = 'parent' AND u.id != :own"
        " AND u.blocked = 0 ORDER BY u.id",
        {"child": child_id, "family": family_id, "own": own_account or 0},
    )
    if not rows and own_account is not None:
        rows = await fetch_all(
            conn, HEARER_SELECT + quiet + " FROM users u" + settings
            + " WHERE u.id = :own AND u.blocked = 0", {"child": child_id, "own": own_account},
        )
    return [hearer_of_row(r) for r in rows if not r["off"]]


async def may_hear_of(conn: aiosqlite.Connection, user_id: int, child_id: int) -> bool:
    """Is this child one of the person's family's (a parent, or the child's own account)?"""
    return await fetch_one(
        conn, "SELECT 1 FROM children c WHERE c.id = :child AND (c.user_id = :user OR EXISTS"
        " (SELECT 1 FROM family_members m WHERE m.user_id = :user"
        "  AND m.family_id = c.family_id))", {"child": child_id, "user": user_id},
    ) is not None


async def set_quiet(conn: aiosqlite.Connection, user_id: int, child_id: int, quiet: bool
                    ) -> None:
    if quiet:
        await conn.execute("INSERT INTO attendance_quiet (user_id, child_id) VALUES (?, ?)"
                           " ON CONFLICT DO NOTHING", (user_id, child_id))
    else:
        await conn.execute("DELETE FROM attendance_quiet WHERE user_id = ? AND child_id = ?",
                           (user_id, child_id))


async def notices_of(conn: aiosqlite.Connection, lesson_id: int, child_id: int
                     ) -> list[tuple[int, int, str]]:
    """The «не пришёл» notices of this child and lesson: (row id, chat, status)."""
    rows = await fetch_all(
        conn, "SELECT id, chat_id, status FROM outbox WHERE kind = 'attendance'"
        " AND lesson_id = ? AND dedupe_key LIKE ? ORDER BY id",
        (lesson_id, f"attendance:{lesson_id}:{child_id}:%"),
    )
    return [(int(r[0]), int(r[1]), r[2]) for r in rows]


async def cancel_notices(conn: aiosqlite.Connection, row_ids: Sequence[int]) -> None:
    """Notices still queued are cancelled and blanked: nobody is bothered."""
    for row_id in row_ids:
        await conn.execute(
            "UPDATE outbox SET status = 'cancelled', payload = '{}', last_error = 'corrected',"
            " lease_until = NULL WHERE id = ? AND status = 'pending'", (row_id,))


async def serial(conn: aiosqlite.Connection) -> int:
    """A number no earlier notice's key holds (the outbox's next id)."""
    row = await fetch_one(conn, "SELECT coalesce(max(id), 0) + 1 FROM outbox")
    return int(row[0]) if row else 1


async def hearers(conn: aiosqlite.Connection, user_ids: Sequence[int]) -> list[Hearer]:
    if not user_ids:
        return []
    rows = await fetch_all(
        conn, HEARER_SELECT + " FROM users u LEFT JOIN reminder_settings s ON s.user_id = u.id"
        f" WHERE u.id IN ({','.join('?' * len(user_ids))}) AND u.blocked = 0"  # noqa: S608
        " ORDER BY u.id", tuple(user_ids))
    return [hearer_of_row(r) for r in rows]


async def forget_children(conn: aiosqlite.Connection, child_ids: Sequence[int], now: str
                          ) -> None:
    """A forgotten family's children: each one's marks and corrections move to a number of
    their own, negative, that no child can have (the next child may get the same id), and an
    absence not told yet is settled."""
    for child in child_ids:
        cursor = await conn.execute("INSERT INTO forgotten_pupils DEFAULT VALUES")
        token = -int(cursor.lastrowid or 0)
        await conn.execute(
            "UPDATE attendance_changes SET pupil = :token WHERE lesson_id IN"
            " (SELECT lesson_id FROM attendance WHERE child_id = :child) AND child_id = :child",
            {"token": token, "child": child})
        await conn.execute(
            "UPDATE attendance SET pupil = :token, told_at = CASE WHEN mark = 'absent'"
            " THEN coalesce(told_at, :now) ELSE told_at END WHERE child_id = :child",
            {"token": token, "child": child, "now": now})


async def is_quiet(conn: aiosqlite.Connection, user_id: int, child_id: int) -> bool:
    """Has this person turned the child's «не пришёл» notices off?"""
    return await fetch_one(
        conn, "SELECT 1 FROM attendance_quiet WHERE user_id = ? AND child_id = ?",
        (user_id, child_id)) is not None


async def in_lesson_group(conn: aiosqlite.Connection, user_id: int, lesson_id: int) -> bool:
    """Has the person's family (or the person, a pupil's own account) a child confirmed in
    the lesson's group?"""
    return await fetch_one(
        conn, "SELECT 1 FROM lessons l JOIN enrolments e ON e.group_id = l.group_id"
        " AND e.status = 'confirmed' JOIN children c ON c.id = e.child_id"
        " WHERE l.id = :lesson AND (c.user_id = :user OR EXISTS (SELECT 1 FROM family_members m"
        "   WHERE m.user_id = :user AND m.family_id = c.family_id)) LIMIT 1",
        {"lesson": lesson_id, "user": user_id},
    ) is not None
