"""What staff read and change about one event: the people registered (names with their
birth dates, statuses, companions, phones, check-ins), the counts on the event's screen, who is
to be told of a move or a cancellation, and the cancellation itself.
Queries only; the rules are bot.services.event_admin's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database, fetch_all


@dataclass(frozen=True, slots=True)
class Person:
    """One child registered for the event, with the registration they came by."""

    registration_id: int
    name: str
    birth_date: date
    status: str  # seat | offered | waitlist | consent
    companions: int
    phone: str | None
    checked_in_at: datetime | None
    parent: str  # the first name of the person who registered


@dataclass(frozen=True, slots=True)
class Counts:
    registrations: int  # people registered (any child's status)
    seated: int  # children holding a seat: those expected at the door
    came: int  # of those, the ones whose registration is checked in
    companions: int  # adults expected with the registrations holding a seat


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    language: str
    family_id: int | None


# seats first, then offers, the waitlist in its order, those waiting for a parent's consent
STATUS_ORDER = ("CASE s.status WHEN 'seat' THEN 0 WHEN 'offered' THEN 1 WHEN 'waitlist' THEN 2"
                " ELSE 3 END")


class EventAdminRepo:
    """The reads of the staff's screen, outside a transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def people(self, event_id: int) -> list[Person]:
        rows = await self.db.fetchall(
            "SELECT r.id, s.name, s.birth_date, s.status, r.companions, r.phone,"
            " r.checked_in_at, coalesce(u.first_name, '') FROM event_seats s"
            " JOIN event_registrations r ON r.id = s.registration_id"
            " LEFT JOIN users u ON u.id = r.user_id WHERE s.event_id = ?"
            f" ORDER BY {STATUS_ORDER}, s.queued_at, s.id", (event_id,))
        return [Person(row[0], row[1], date.fromisoformat(row[2]), row[3], row[4], row[5],
                       from_db(row[6]) if row[6] else None, row[7]) for row in rows]

    async def counts(self, event_id: int) -> Counts:
        row = await self.db.fetchone(
            "SELECT (SELECT count(*) FROM event_registrations WHERE event_id = :e),"
            " (SELECT count(*) FROM event_seats WHERE event_id = :e AND status = 'seat'),"
            " (SELECT count(*) FROM event_seats s JOIN event_registrations r"
            "   ON r.id = s.registration_id WHERE s.event_id = :e AND s.status = 'seat'"
            "   AND r.checked_in_at IS NOT NULL),"
            " (SELECT coalesce(sum(r.companions), 0) FROM event_registrations r"
            "   WHERE r.event_id = :e AND EXISTS (SELECT 1 FROM event_seats s"
            "   WHERE s.registration_id = r.id AND s.status IN ('seat', 'offered')))",
            {"e": event_id})
        assert row is not None
        return Counts(row[0], row[1], row[2], row[3])


async def recipients(conn: aiosqlite.Connection, event_id: int) -> list[Recipient]:
    """Everyone registered for the event (any child's status), once each."""
    rows = await fetch_all(
        conn, "SELECT r.user_id, u.language, r.family_id FROM event_registrations r"
        " JOIN users u ON u.id = r.user_id WHERE r.event_id = ? ORDER BY r.id", (event_id,))
    return [Recipient(row[0], row[1], row[2]) for row in rows]


async def set_cancelled(conn: aiosqlite.Connection, event_id: int, now: datetime) -> bool:
    """The event cancelled; False when it already was."""
    cursor = await conn.execute(
        "UPDATE events SET status = 'cancelled', updated_at = ? WHERE id = ?"
        " AND status = 'open'", (to_db(now), event_id))
    return cursor.rowcount == 1


async def end_holds(conn: aiosqlite.Connection, event_id: int) -> int:
    """The event's seats offered from the waitlist no longer held: nothing lapses, nothing goes
    to the next in line."""
    cursor = await conn.execute(
        "UPDATE event_seats SET hold_until = NULL WHERE event_id = ? AND status = 'offered'",
        (event_id,))
    return cursor.rowcount


async def event_id_by_code(conn: aiosqlite.Connection, code: str) -> int | None:
    rows = await fetch_all(conn, "SELECT id FROM events WHERE code = ?", (code,))
    return int(rows[0][0]) if rows else None
