"""Enrolments: a child's applications to groups, the waitlist and seat offers, as rows.

The rules (who takes a seat, who is offered one, who hears of it) are bot/services/enrolment.py's:
here are the queries it composes, each inside the transaction the caller holds, and the reads
the screens need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.programmes import SEAT_SQL

ACTIVE = ("awaiting_consent", "applied", "navigator", "confirmed", "waitlisted", "offered")
ACTIVE_SQL = ",".join(f"'{s}'" for s in ACTIVE)


@dataclass(frozen=True, slots=True)
class EnrolmentView:
    """An application with what every screen about it needs."""

    id: int
    status: str
    child_id: int
    child_name: str
    birth_date: date
    school: str
    grade: int
    family_id: int
    phone: str | None
    group_id: int
    group_name: str
    programme_title_ru: str
    programme_title_en: str
    quantum_code: str
    offer_until: datetime | None
    reason: str | None
    created_at: datetime
    position: int | None = None  # on the waitlist
    group_name_en: str = ""  # empty: the Russian name shows
    navigator_url: str | None = None  # the programme in Навигатор, if the technopark gave it

    def programme_title(self, locale: str) -> str:
        return self.programme_title_en if locale == "en" else self.programme_title_ru

    def group_title(self, locale: str) -> str:
        return self.group_name_en if locale == "en" and self.group_name_en else self.group_name


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    language: str
    family_role: str | None  # the voice: a pupil is «ты»


VIEW_SELECT = """
    SELECT e.id, e.status, e.child_id, c.name AS child_name, c.birth_date, c.school, c.grade,
        c.family_id, f.phone, e.group_id, g.name AS group_name, g.name_en AS group_name_en,
        p.title_ru, p.title_en, p.navigator_url,
        p.quantum_code, e.offer_until, e.reason, e.created_at,
        CASE WHEN e.status = 'waitlisted' THEN (
            SELECT count(*) FROM enrolments w WHERE w.group_id = e.group_id
            AND w.status = 'waitlisted' AND (w.queued_at < e.queued_at
                OR (w.queued_at = e.queued_at AND w.id <= e.id))) END AS position
    FROM enrolments e
    JOIN children c ON c.id = e.child_id
    JOIN families f ON f.id = c.family_id
    JOIN groups g ON g.id = e.group_id
    JOIN programmes p ON p.id = g.programme_id
"""  # noqa: S608 - constants only


def _view(row: aiosqlite.Row) -> EnrolmentView:
    return EnrolmentView(
        id=row["id"], status=row["status"], child_id=row["child_id"],
        child_name=row["child_name"], birth_date=date.fromisoformat(row["birth_date"]),
        school=row["school"], grade=row["grade"], family_id=row["family_id"],
        phone=row["phone"], group_id=row["group_id"], group_name=row["group_name"],
        programme_title_ru=row["title_ru"], programme_title_en=row["title_en"],
        quantum_code=row["quantum_code"],
        offer_until=from_db(row["offer_until"]) if row["offer_until"] else None,
        reason=row["reason"], created_at=from_db(row["created_at"]), position=row["position"],
        group_name_en=row["group_name_en"], navigator_url=row["navigator_url"],
    )


class EnrolmentRepo:
    """The reads of applications outside a transaction: a family's, staff's queue."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def view(self, enrolment_id: int) -> EnrolmentView | None:
        row = await self.db.fetchone(VIEW_SELECT + " WHERE e.id = ?", (enrolment_id,))
        return None if row is None else _view(row)

    async def family_enrolments(self, family_id: int) -> list[EnrolmentView]:
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE c.family_id = ? ORDER BY c.id, e.id", (family_id,)
        )
        return [_view(row) for row in rows]

    async def pending(
        self, *, quantum: str | None = None, group_id: int | None = None, limit: int = 50
    ) -> list[EnrolmentView]:
        """Applications staff have to decide on, oldest first."""
        clauses: list[str] = ["e.status IN ('applied', 'navigator')"]
        params: list[Any] = []
        if quantum:
            clauses.append("p.quantum_code = ?")
            params.append(quantum)
        if group_id:
            clauses.append("e.group_id = ?")
            params.append(group_id)
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE " + " AND ".join(clauses) + " ORDER BY e.created_at, e.id"
            " LIMIT ?",
            (*params, limit),
        )
        return [_view(row) for row in rows]

    async def waiting_for_consent(self, family_id: int) -> list[EnrolmentView]:
        rows = await self.db.fetchall(
            VIEW_SELECT + " WHERE c.family_id = ? AND e.status = 'awaiting_consent'"
            " ORDER BY e.id", (family_id,),
        )
        return [_view(row) for row in rows]


# ---- inside the caller's transaction --------------------------------------------------


async def view_in(conn: aiosqlite.Connection, enrolment_id: int) -> EnrolmentView:
    row = await fetch_one(conn, VIEW_SELECT + " WHERE e.id = ?", (enrolment_id,))
    assert row is not None
    return _view(row)


async def insert(
    conn: aiosqlite.Connection, child_id: int, group_id: int, user_id: int, status: str,
    stamp: str,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO enrolments (child_id, group_id, status, queued_at, created_by,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (child_id, group_id, status, stamp, user_id, stamp, stamp),
    )
    return int(cursor.lastrowid or 0)


async def set_decision(
    conn: aiosqlite.Connection, enrolment_id: int,
    status: Literal["confirmed", "rejected", "navigator"], reason: str | None,
) -> bool:
    """Staff's decision on an application still waiting for one; False if it was not."""
    cursor = await conn.execute(
        "UPDATE enrolments SET status = ?, reason = ?, updated_at = ?"
        " WHERE id = ? AND status IN ('applied', 'navigator') AND status != ?",
        (status, reason, to_db(utcnow()), enrolment_id, status),
    )
    return cursor.rowcount > 0


async def family_status(
    conn: aiosqlite.Connection, enrolment_id: int, family_id: int, statuses: list[str]
) -> str | None:
    """The application's status if it is the family's and in one of `statuses`."""
    row = await fetch_one(
        conn, "SELECT e.status FROM enrolments e JOIN children c ON c.id = e.child_id"
        " WHERE e.id = ? AND c.family_id = ? AND e.status IN"  # noqa: S608
        f" ({','.join('?' * len(statuses)) or 'NULL'})",
        (enrolment_id, family_id, *statuses),
    )
    return None if row is None else str(row["status"])


async def set_status(
    conn: aiosqlite.Connection, enrolment_id: int, status: str, stamp: str, *,
    reason: str | None = None, queued_at: str | None = None, clear_offer: bool = False,
) -> None:
    """A new status (a reason, a new place in the queue, the offer's time cleared, if given)."""
    await conn.execute(
        "UPDATE enrolments SET status = ?, updated_at = ?, reason = coalesce(?, reason),"
        " queued_at = coalesce(?, queued_at),"
        " offer_until = CASE WHEN ? THEN NULL ELSE offer_until END WHERE id = ?",
        (status, stamp, reason, queued_at, int(clear_offer), enrolment_id),
    )


async def standing_offer(
    conn: aiosqlite.Connection, enrolment_id: int, family_id: int, now: str
) -> bool:
    """Is this the family's seat offer, and does it still stand?"""
    row = await fetch_one(
        conn, "SELECT e.id FROM enrolments e JOIN children c ON c.id = e.child_id"
        " WHERE e.id = ? AND c.family_id = ? AND e.status = 'offered'"
        " AND e.offer_until > ?",
        (enrolment_id, family_id, now),
    )
    return row is not None


async def expired_offers(conn: aiosqlite.Connection, now: str) -> list[tuple[int, int]]:
    """(application, group) of the offers whose time ran out, the oldest first."""
    rows = await fetch_all(
        conn, "SELECT id, group_id FROM enrolments WHERE status = 'offered'"
        " AND offer_until <= ? ORDER BY offer_until", (now,),
    )
    return [(int(row["id"]), int(row["group_id"])) for row in rows]


async def awaiting_consent(conn: aiosqlite.Connection, child_id: int) -> list[tuple[int, int]]:
    """(application, group) of the child's applications waiting for consent, in order."""
    rows = await fetch_all(
        conn, "SELECT id, group_id FROM enrolments WHERE child_id = ?"
        " AND status = 'awaiting_consent' ORDER BY id", (child_id,),
    )
    return [(int(row["id"]), int(row["group_id"])) for row in rows]


async def free(conn: aiosqlite.Connection, group_id: int) -> int:
    """The group's seats no application holds."""
    row = await fetch_one(
        conn,
        f"SELECT g.capacity - (SELECT count(*) FROM enrolments e WHERE e.group_id = g.id"  # noqa: S608
        f" AND e.status IN ({SEAT_SQL})) FROM groups g WHERE g.id = ?",
        (group_id,),
    )
    return 0 if row is None else int(row[0])


async def waitlisted(conn: aiosqlite.Connection, group_id: int) -> int:
    row = await fetch_one(
        conn, "SELECT count(*) FROM enrolments WHERE group_id = ? AND status = 'waitlisted'",
        (group_id,),
    )
    return int(row[0]) if row else 0


async def first_waiting(conn: aiosqlite.Connection, group_id: int, limit: int) -> list[int]:
    """The first `limit` applications on the group's waitlist, in the queue's order."""
    rows = await fetch_all(
        conn, "SELECT id FROM enrolments WHERE group_id = ? AND status = 'waitlisted'"
        " ORDER BY queued_at, id LIMIT ?", (group_id, limit),
    )
    return [int(row["id"]) for row in rows]


async def offer(conn: aiosqlite.Connection, enrolment_id: int, until: datetime) -> None:
    await conn.execute(
        "UPDATE enrolments SET status = 'offered', offer_until = ?, updated_at = ?"
        " WHERE id = ?", (to_db(until), to_db(utcnow()), enrolment_id),
    )


async def recipients(conn: aiosqlite.Connection, sql: str, params: Any) -> list[Recipient]:
    rows = await fetch_all(conn, sql, params)
    return [Recipient(row["id"], row["language"], row["family_role"]) for row in rows]


async def staff(conn: aiosqlite.Connection) -> list[Recipient]:
    """The staff who hear of applications (not those who blocked the bot)."""
    return await recipients(
        conn, "SELECT id, language, family_role FROM users WHERE staff_role IS NOT NULL"
        " AND blocked = 0", (),
    )


async def family_of_child(
    conn: aiosqlite.Connection, family_id: int, child_id: int
) -> list[Recipient]:
    """The parents and the child's own account: not a sibling's account."""
    return await recipients(
        conn, "SELECT u.id, u.language, u.family_role FROM family_members m"
        " JOIN users u ON u.id = m.user_id WHERE m.family_id = ? AND u.blocked = 0"
        " AND (m.relation = 'parent' OR m.child_id = ? OR u.id = (SELECT user_id"
        " FROM children WHERE id = ?))",
        (family_id, child_id, child_id),
    )


async def everyone(conn: aiosqlite.Connection, family_id: int) -> list[Recipient]:
    """Every member of the family, blocked or not."""
    return await recipients(
        conn, "SELECT u.id, u.language, u.family_role FROM family_members m"
        " JOIN users u ON u.id = m.user_id WHERE m.family_id = ?", (family_id,),
    )
