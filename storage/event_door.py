"""Events at the door in storage: a registration found by its ticket (the QR link's token or
the code typed), its children's seats, the check-in, the feedback rows, who came to an event
that has ended (to ask «Как вам?»), and the ages of the children they brought."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database, fetch_all, fetch_one
from storage.events import COLUMNS, Event, event_of
from storage.reminders import Quiet


@dataclass(frozen=True, slots=True)
class Seat:
    """A child coming: name, birth date and the seat's status (seat, offered, waitlist,
    consent)."""

    name: str
    birth_date: date
    status: str


@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    event_id: int
    user_id: int
    family_id: int | None
    companions: int
    token: str
    code: str
    checked_in_at: datetime | None
    checked_in_by: int | None
    seats: tuple[Seat, ...] = ()


@dataclass(frozen=True, slots=True)
class Guest:
    """Someone checked in at an event that has ended: whom to ask, in their language, and
    when their quiet hours allow."""

    registration_id: int
    user_id: int
    family_id: int | None
    language: str
    family_role: str | None
    quiet: Quiet
    born: tuple[date, ...]  # the children they brought


@dataclass(frozen=True, slots=True)
class Feedback:
    registration_id: int
    stars: int
    comment: str | None
    created_at: datetime


REG_COLUMNS = ("r.id, r.event_id, r.user_id, r.family_id, r.companions, r.token, r.code,"
               " r.checked_in_at, r.checked_in_by")


def _registration(row: aiosqlite.Row, seats: tuple[Seat, ...]) -> Registration:
    return Registration(
        id=row["id"], event_id=row["event_id"], user_id=row["user_id"],
        family_id=row["family_id"], companions=row["companions"], token=row["token"],
        code=row["code"],
        checked_in_at=from_db(row["checked_in_at"]) if row["checked_in_at"] else None,
        checked_in_by=row["checked_in_by"], seats=seats,
    )


async def seats_of(conn: aiosqlite.Connection, registration_id: int) -> tuple[Seat, ...]:
    rows = await fetch_all(
        conn, "SELECT name, birth_date, status FROM event_seats WHERE registration_id = ?"
        " ORDER BY id", (registration_id,))
    return tuple(Seat(r["name"], date.fromisoformat(r["birth_date"]), r["status"])
                 for r in rows)


async def _one(conn: aiosqlite.Connection, where: str, value: object) -> Registration | None:
    row = await fetch_one(
        conn, f"SELECT {REG_COLUMNS} FROM event_registrations r WHERE {where}", (value,))
    return _registration(row, await seats_of(conn, row["id"])) if row else None


async def by_id(conn: aiosqlite.Connection, registration_id: int) -> Registration | None:
    return await _one(conn, "r.id = ?", registration_id)


async def by_token(conn: aiosqlite.Connection, token: str) -> Registration | None:
    return await _one(conn, "r.token = ?", token)


async def by_code(conn: aiosqlite.Connection, code: str) -> list[Registration]:
    """The registrations with this door code (one per event at most), their events' order."""
    rows = await fetch_all(
        conn, f"SELECT {REG_COLUMNS} FROM event_registrations r JOIN events e"
        " ON e.id = r.event_id WHERE r.code = ? ORDER BY e.starts_at, r.id", (code,))
    return [_registration(r, await seats_of(conn, r["id"])) for r in rows]


async def last_queued(conn: aiosqlite.Connection, prefix: str) -> datetime | None:
    """When the newest outbox row whose key starts so was queued (a ticket's last sending)."""
    row = await fetch_one(
        conn, "SELECT max(created_at) AS at FROM outbox WHERE dedupe_key LIKE ?",
        (prefix + "%",))
    return from_db(row["at"]) if row and row["at"] else None


async def check_in(conn: aiosqlite.Connection, registration_id: int, by: int,
                   now: datetime) -> bool:
    """Mark the registration as come; False when it was already (the first mark stays)."""
    cursor = await conn.execute(
        "UPDATE event_registrations SET checked_in_at = ?, checked_in_by = ?"
        " WHERE id = ? AND checked_in_at IS NULL", (to_db(now), by, registration_id))
    return cursor.rowcount == 1


async def asked_at(conn: aiosqlite.Connection, event_id: int) -> datetime | None:
    """When the event's guests were asked «Как вам?»; None while they were not."""
    row = await fetch_one(conn, "SELECT feedback_asked_at FROM events WHERE id = ?",
                          (event_id,))
    return from_db(row["feedback_asked_at"]) if row and row["feedback_asked_at"] else None


async def to_ask(conn: aiosqlite.Connection, now: datetime, since: datetime) -> list[Event]:
    """Open events that ended between `since` and `now` whose guests were not asked yet."""
    rows = await fetch_all(
        conn, f"SELECT {COLUMNS} FROM events e WHERE status = 'open'"
        " AND feedback_asked_at IS NULL AND ends_at <= ? AND ends_at > ? ORDER BY ends_at",
        (to_db(now), to_db(since)))
    return [event_of(r) for r in rows]


async def guests(conn: aiosqlite.Connection, event_id: int) -> list[Guest]:
    """The event's checked-in registrations: the person, their quiet hours, their children."""
    rows = await fetch_all(
        conn, "SELECT r.id, r.user_id, r.family_id, u.language, u.family_role,"
        " s.quiet AS quiet_on, s.quiet_from, s.quiet_until,"
        " (SELECT group_concat(birth_date, ' ') FROM event_seats x"
        "   WHERE x.registration_id = r.id) AS born"
        " FROM event_registrations r JOIN users u ON u.id = r.user_id"
        " LEFT JOIN reminder_settings s ON s.user_id = r.user_id"
        " WHERE r.event_id = ? AND r.checked_in_at IS NOT NULL ORDER BY r.id", (event_id,))
    found = []
    for r in rows:
        quiet = Quiet() if r["quiet_on"] is None else Quiet(
            bool(r["quiet_on"]), time.fromisoformat(r["quiet_from"]),
            time.fromisoformat(r["quiet_until"]))
        born = tuple(date.fromisoformat(d) for d in (r["born"] or "").split())
        found.append(Guest(r["id"], r["user_id"], r["family_id"], r["language"],
                           r["family_role"], quiet, born))
    return found


async def mark_asked(conn: aiosqlite.Connection, event_id: int, now: datetime, *,
                     followup: bool) -> None:
    await conn.execute(
        "UPDATE events SET feedback_asked_at = ?,"
        " followup_sent_at = CASE WHEN ? THEN ? ELSE followup_sent_at END WHERE id = ?",
        (to_db(now), int(followup), to_db(now), event_id))


async def rate(conn: aiosqlite.Connection, registration_id: int, event_id: int, stars: int,
               now: datetime) -> None:
    """The stars given (again: changed; a comment already written stays)."""
    await conn.execute(
        "INSERT INTO event_feedback (registration_id, event_id, stars, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (registration_id) DO UPDATE SET"
        " stars = excluded.stars", (registration_id, event_id, stars, to_db(now)))


async def comment(conn: aiosqlite.Connection, registration_id: int, text: str) -> bool:
    """The comment on stars already given; False when there are none."""
    cursor = await conn.execute(
        "UPDATE event_feedback SET comment = ? WHERE registration_id = ?",
        (text, registration_id))
    return cursor.rowcount == 1


class DoorRepo:
    """The reads outside a transaction: an event's feedback for staff (their event screen)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def feedback_counts(self, event_id: int) -> tuple[float | None, int]:
        row = await self.db.fetchone(
            "SELECT avg(stars) AS average, count(*) AS n FROM event_feedback"
            " WHERE event_id = ?", (event_id,))
        if row is None or not row["n"]:
            return None, 0
        return float(row["average"]), int(row["n"])

    async def comments(self, event_id: int, limit: int) -> list[Feedback]:
        rows = await self.db.fetchall(
            "SELECT registration_id, stars, comment, created_at FROM event_feedback"
            " WHERE event_id = ? AND comment IS NOT NULL AND comment != ''"
            " ORDER BY created_at DESC, registration_id DESC LIMIT ?", (event_id, limit))
        return [Feedback(r["registration_id"], r["stars"], r["comment"],
                         from_db(r["created_at"])) for r in rows]
