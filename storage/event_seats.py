"""Registrations for events and their seats as rows: a person's registration (companions,
phone, ticket token and code), one seat per child (seat, offered, waitlist or consent), the
queue in order, the holds that lapsed, and the event's outbox rows of one registration, inside
a transaction (storage.event_seats_trip: the same queries for a write made in one trip;
storage.event_seat_reads: the screens' reads). The rules (who gets a seat, how long a hold
lasts) are bot.services.event_booking's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import fetch_all, fetch_one, placeholders
from storage.reminders import Prefs, parse_leads, prefs_of


@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    event_id: int
    user_id: int
    family_id: int | None
    companions: int
    phone: str | None
    token: str
    code: str
    checked_in: bool = False


@dataclass(frozen=True, slots=True)
class Seat:
    id: int
    registration_id: int
    event_id: int
    child_id: int | None
    name: str
    birth_date: date
    status: str  # seat | offered | waitlist | consent
    queued_at: datetime
    hold_until: datetime | None


@dataclass(frozen=True, slots=True)
class Holder:
    """Who a registration's messages go to: the person, their language and voice, their
    reminder settings."""

    user_id: int
    language: str
    family_role: str | None
    prefs: Prefs


def registration_from(row: aiosqlite.Row) -> Registration:
    return Registration(
        id=row["id"], event_id=row["event_id"], user_id=row["user_id"],
        family_id=row["family_id"], companions=row["companions"], phone=row["phone"],
        token=row["token"], code=row["code"], checked_in=row["checked_in_at"] is not None)


def seat_from(row: aiosqlite.Row) -> Seat:
    return Seat(
        id=row["id"], registration_id=row["registration_id"], event_id=row["event_id"],
        child_id=row["child_id"], name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]), status=row["status"],
        queued_at=from_db(row["queued_at"]),
        hold_until=from_db(row["hold_until"]) if row["hold_until"] else None)


# ---- inside a transaction ----------------------------------------------------------------
# the SQL is shared with storage.event_seats_trip (the same queries in one trip)

REGISTRATION_OF = "SELECT * FROM event_registrations WHERE event_id = ? AND user_id = ?"
REGISTRATION_IN = "SELECT * FROM event_registrations WHERE id = ?"
CODE_USED = "SELECT 1 FROM event_registrations WHERE event_id = ? AND code = ?"
ADD_REGISTRATION = (
    "INSERT INTO event_registrations (event_id, user_id, family_id, companions, phone,"
    " token, code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
SET_COMPANIONS = ("UPDATE event_registrations SET companions = ?, phone = coalesce(?, phone)"
                  " WHERE id = ?")
ADD_SEAT = (
    "INSERT INTO event_seats (registration_id, event_id, child_id, name, birth_date,"
    " status, queued_at, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
SEATS_OF = "SELECT * FROM event_seats WHERE registration_id = ? ORDER BY id"
POSITION = (
    "SELECT count(*) FROM event_seats WHERE event_id = ? AND status = 'waitlist'"
    " AND (queued_at < ? OR (queued_at = ? AND id <= ?))")
HOLDER = "SELECT language, family_role FROM users WHERE id = ?"
HOLDER_SETTINGS = "SELECT * FROM reminder_settings WHERE user_id = ?"
HOLDER_LEADS = "SELECT child_id, leads FROM reminder_leads WHERE user_id = ?"


def seats_born_query(event_id: int, births: Sequence[date]) -> tuple[str, tuple[object, ...]]:
    """The event's seats of children born on these days (never none: callers check)."""
    values = sorted({born.isoformat() for born in births})
    return (f"SELECT * FROM event_seats WHERE event_id = ?"  # noqa: S608 - placeholders only
            f" AND birth_date IN ({placeholders(values)})", (event_id, *values))


def seat_values(registration_id: int, event_id: int, child_id: int | None, name: str,
                birth_date: date, status: str, now: datetime,
                hold_until: datetime | None = None) -> tuple[object, ...]:
    return (registration_id, event_id, child_id, name, birth_date.isoformat(), status,
            to_db(now), to_db(hold_until) if hold_until else None)


def position_values(seat: Seat) -> tuple[object, ...]:
    return (seat.event_id, to_db(seat.queued_at), to_db(seat.queued_at), seat.id)


def holder_of(user_id: int, row: aiosqlite.Row | None, settings: aiosqlite.Row | None,
              leads: Iterable[aiosqlite.Row]) -> Holder:
    return Holder(user_id=user_id, language=row["language"] if row else "ru",
                  family_role=row["family_role"] if row else None,
                  prefs=prefs_of(settings, {r["child_id"]: parse_leads(r["leads"])
                                            for r in leads}))


async def registration_of(conn: aiosqlite.Connection, event_id: int, user_id: int
                          ) -> Registration | None:
    row = await fetch_one(conn, REGISTRATION_OF, (event_id, user_id))
    return registration_from(row) if row else None


async def registration_in(conn: aiosqlite.Connection, registration_id: int
                          ) -> Registration | None:
    row = await fetch_one(conn, REGISTRATION_IN, (registration_id,))
    return registration_from(row) if row else None


async def code_used(conn: aiosqlite.Connection, event_id: int, code: str) -> bool:
    return await fetch_one(conn, CODE_USED, (event_id, code)) is not None


async def add_registration(
    conn: aiosqlite.Connection, *, event_id: int, user_id: int, family_id: int | None,
    companions: int, phone: str | None, token: str, code: str, now: datetime,
) -> int:
    cursor = await conn.execute(ADD_REGISTRATION, (
        event_id, user_id, family_id, companions, phone, token, code, to_db(now)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def set_companions(conn: aiosqlite.Connection, registration_id: int, companions: int,
                         phone: str | None) -> None:
    await conn.execute(SET_COMPANIONS, (companions, phone, registration_id))


async def add_seat(
    conn: aiosqlite.Connection, *, registration_id: int, event_id: int, child_id: int | None,
    name: str, birth_date: date, status: str, now: datetime,
    hold_until: datetime | None = None,
) -> int:
    cursor = await conn.execute(ADD_SEAT, seat_values(
        registration_id, event_id, child_id, name, birth_date, status, now, hold_until))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def seats_of(conn: aiosqlite.Connection, registration_id: int) -> list[Seat]:
    return [seat_from(row) for row in await fetch_all(conn, SEATS_OF, (registration_id,))]


async def seat_in(conn: aiosqlite.Connection, seat_id: int) -> Seat | None:
    row = await fetch_one(conn, "SELECT * FROM event_seats WHERE id = ?", (seat_id,))
    return seat_from(row) if row else None


async def seats_born(conn: aiosqlite.Connection, event_id: int, births: Sequence[date]
                     ) -> list[Seat]:
    """The event's seats of children born on these days (to find a child taken twice)."""
    if not births:
        return []
    return [seat_from(row) for row in await fetch_all(conn, *seats_born_query(event_id, births))]


async def set_status(conn: aiosqlite.Connection, seat_id: int, status: str,
                     hold_until: datetime | None = None) -> None:
    await conn.execute(
        "UPDATE event_seats SET status = ?, hold_until = ? WHERE id = ?",
        (status, to_db(hold_until) if hold_until else None, seat_id))


async def delete_seats(conn: aiosqlite.Connection, seat_ids: Sequence[int]) -> None:
    if seat_ids:
        await conn.execute(
            f"DELETE FROM event_seats WHERE id IN ({placeholders(seat_ids)})", tuple(seat_ids))


async def delete_registration(conn: aiosqlite.Connection, registration_id: int) -> None:
    await conn.execute("DELETE FROM event_registrations WHERE id = ?", (registration_id,))


async def first_waiting(conn: aiosqlite.Connection, event_id: int) -> Seat | None:
    row = await fetch_one(
        conn, "SELECT * FROM event_seats WHERE event_id = ? AND status = 'waitlist'"
        " ORDER BY queued_at, id LIMIT 1", (event_id,))
    return seat_from(row) if row else None


async def position(conn: aiosqlite.Connection, seat: Seat) -> int:
    """The place of a waiting seat in its event's queue, from 1."""
    row = await fetch_one(conn, POSITION, position_values(seat))
    return int(row[0]) if row else 1


async def lapsed(conn: aiosqlite.Connection, now: datetime, limit: int = 100) -> list[Seat]:
    """Held seats whose hold ran out, of events still open."""
    rows = await fetch_all(
        conn, "SELECT s.* FROM event_seats s JOIN events e ON e.id = s.event_id"
        " WHERE s.status = 'offered' AND s.hold_until <= ? AND e.status = 'open'"
        " ORDER BY s.hold_until, s.id LIMIT ?", (to_db(now), limit))
    return [seat_from(row) for row in rows]


async def offered(conn: aiosqlite.Connection, event_id: int) -> list[Seat]:
    """The event's seats held from the waitlist, waiting for «Приду»."""
    rows = await fetch_all(
        conn, "SELECT * FROM event_seats WHERE event_id = ? AND status = 'offered'"
        " ORDER BY hold_until, id", (event_id,))
    return [seat_from(row) for row in rows]


async def requeue(conn: aiosqlite.Connection, seat_id: int, now: datetime) -> None:
    """The seat joins the end of the waitlist now."""
    await conn.execute(
        "UPDATE event_seats SET status = 'waitlist', hold_until = NULL, queued_at = ?"
        " WHERE id = ?", (to_db(now), seat_id))


async def record_consent(conn: aiosqlite.Connection, registration_id: int, *, version: str,
                         given_by: int, now: datetime) -> None:
    """The consent given for the registration's children new to the technopark."""
    await conn.execute(
        "UPDATE event_registrations SET consent_version = ?, consent_at = ?, consent_by = ?"
        " WHERE id = ?", (version, to_db(now), given_by, registration_id))


async def seated_registrations(conn: aiosqlite.Connection, event_id: int) -> list[int]:
    rows = await fetch_all(
        conn, "SELECT DISTINCT registration_id FROM event_seats WHERE event_id = ?"
        " AND status = 'seat' ORDER BY registration_id", (event_id,))
    return [int(row[0]) for row in rows]


async def holder(conn: aiosqlite.Connection, user_id: int) -> Holder:
    return holder_of(user_id, await fetch_one(conn, HOLDER, (user_id,)),
                     await fetch_one(conn, HOLDER_SETTINGS, (user_id,)),
                     await fetch_all(conn, HOLDER_LEADS, (user_id,)))


def key_range(prefix: str) -> tuple[str, str]:
    """The outbox keys that start with `prefix`, as a range its unique index on `dedupe_key`
    serves: from `prefix` up to (not including) `prefix` with its last character's successor.
    (A LIKE cannot use that index, its text compared case-sensitively, and reads the whole
    outbox.) Keys and prefixes are ASCII in small letters."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# `+status`: the status is checked on the rows the key's range finds; as a plain term the
# planner would prefer the status index, and read every pending row of the outbox
OUTBOX_COUNT = "SELECT count(*) FROM outbox WHERE dedupe_key >= ? AND dedupe_key < ?"
CANCEL_OUTBOX = (
    "UPDATE outbox SET status = 'cancelled', payload = '{}', lease_until = NULL"
    " WHERE dedupe_key >= ? AND dedupe_key < ? AND +status IN ('pending', 'sending')")
DROP_PENDING = ("DELETE FROM outbox WHERE dedupe_key >= ? AND dedupe_key < ?"
                " AND +status = 'pending'")


async def outbox_count(conn: aiosqlite.Connection, prefix: str) -> int:
    row = await fetch_one(conn, OUTBOX_COUNT, key_range(prefix))
    return int(row[0]) if row else 0


async def cancel_outbox(conn: aiosqlite.Connection, prefix: str) -> int:
    """Cancel and blank the rows not yet sent whose key starts with `prefix`."""
    cursor = await conn.execute(CANCEL_OUTBOX, key_range(prefix))
    return cursor.rowcount


async def drop_pending(conn: aiosqlite.Connection, prefix: str) -> int:
    """Remove the rows still waiting whose key starts with `prefix` (planned again)."""
    cursor = await conn.execute(DROP_PENDING, key_range(prefix))
    return cursor.rowcount


# the conversation state a registration was made from (the form's row of the FSM storage, by
# its key), deleted in the registration's transaction: one commit for both
SPEND_FORM = "DELETE FROM fsm_states WHERE key = ?"


async def spend_form(conn: aiosqlite.Connection, key: str) -> None:
    await conn.execute(SPEND_FORM, (key,))
