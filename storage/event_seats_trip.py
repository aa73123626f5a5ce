"""A registration's queries for a write made in one trip to the database's thread
(`Database.in_one_trip`): the same queries as storage.event_seats' (and the event's row as
storage.events reads it), on the plain sqlite3 connection, inside the caller's transaction.
Registering a family reads the event and the seats, writes the registration, its seats, the
ticket and the reminders, and spends the form, without a trip per statement."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from storage import event_seats as rows
from storage.clock import to_db
from storage.event_seats import Holder, Registration, Seat, registration_from, seat_from
from storage.events import EVENT_BY_ID, Event, event_of


def event(conn: sqlite3.Connection, event_id: int) -> Event | None:
    row = conn.execute(EVENT_BY_ID, (event_id,)).fetchone()
    return event_of(row) if row else None


def registration_of(conn: sqlite3.Connection, event_id: int, user_id: int
                    ) -> Registration | None:
    row = conn.execute(rows.REGISTRATION_OF, (event_id, user_id)).fetchone()
    return registration_from(row) if row else None


def registration_in(conn: sqlite3.Connection, registration_id: int) -> Registration | None:
    row = conn.execute(rows.REGISTRATION_IN, (registration_id,)).fetchone()
    return registration_from(row) if row else None


def code_used(conn: sqlite3.Connection, event_id: int, code: str) -> bool:
    return conn.execute(rows.CODE_USED, (event_id, code)).fetchone() is not None


def add_registration(conn: sqlite3.Connection, *, event_id: int, user_id: int,
                     family_id: int | None, companions: int, phone: str | None, token: str,
                     code: str, now: datetime) -> int:
    cursor = conn.execute(rows.ADD_REGISTRATION, (
        event_id, user_id, family_id, companions, phone, token, code, to_db(now)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_companions(conn: sqlite3.Connection, registration_id: int, companions: int,
                   phone: str | None) -> None:
    conn.execute(rows.SET_COMPANIONS, (companions, phone, registration_id))


def add_seat(conn: sqlite3.Connection, *, registration_id: int, event_id: int,
             child_id: int | None, name: str, birth_date: date, status: str,
             now: datetime) -> None:
    conn.execute(rows.ADD_SEAT, rows.seat_values(registration_id, event_id, child_id, name,
                                                 birth_date, status, now))


def seats_of(conn: sqlite3.Connection, registration_id: int) -> list[Seat]:
    return [seat_from(row) for row in conn.execute(rows.SEATS_OF, (registration_id,))]


def seats_born(conn: sqlite3.Connection, event_id: int, births: Sequence[date]) -> list[Seat]:
    if not births:
        return []
    return [seat_from(row) for row in conn.execute(*rows.seats_born_query(event_id, births))]


def position(conn: sqlite3.Connection, seat: Seat) -> int:
    row = conn.execute(rows.POSITION, rows.position_values(seat)).fetchone()
    return int(row[0]) if row else 1


def holder(conn: sqlite3.Connection, user_id: int) -> Holder:
    return rows.holder_of(user_id, conn.execute(rows.HOLDER, (user_id,)).fetchone(),
                          conn.execute(rows.HOLDER_SETTINGS, (user_id,)).fetchone(),
                          conn.execute(rows.HOLDER_LEADS, (user_id,)).fetchall())


def outbox_count(conn: sqlite3.Connection, prefix: str) -> int:
    row = conn.execute(rows.OUTBOX_COUNT, rows.key_range(prefix)).fetchone()
    return int(row[0]) if row else 0


def drop_pending(conn: sqlite3.Connection, prefix: str) -> int:
    return conn.execute(rows.DROP_PENDING, rows.key_range(prefix)).rowcount


def membership(conn: sqlite3.Connection, user_id: int) -> tuple[int, str] | None:
    """(family id, relation) of the user's membership, as storage.families.membership."""
    row = conn.execute("SELECT family_id, relation FROM family_members WHERE user_id = ?",
                       (user_id,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def parent_ids(conn: sqlite3.Connection, family_id: int) -> set[int]:
    """As storage.families.parent_ids."""
    return {int(r[0]) for r in conn.execute(
        "SELECT user_id FROM family_members WHERE family_id = ? AND relation = 'parent'",
        (family_id,))}


def spend_form(conn: sqlite3.Connection, key: str) -> None:
    conn.execute(rows.SPEND_FORM, (key,))
