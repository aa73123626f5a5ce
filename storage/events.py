"""Events in storage: the event rows and the reads every part of the feature shares (one event
by id or code, the coming ones). Registrations, seats, check-ins and feedback have their own
modules (storage/event_*.py); the rules are bot.services.event*'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage.clock import from_db, to_db
from storage.db import Database, fetch_one

Kind = Literal["open_day", "master_class", "trial", "competition"]
KINDS: tuple[Kind, ...] = ("open_day", "master_class", "trial", "competition")
# a seat's statuses; SEATED are those that take one of the event's seats
SEATED = ("seat", "offered")

COLUMNS = (
    "id, code, kind, title_ru, title_en, description_ru, description_en, starts_at, ends_at,"
    " place, seats, age_min, age_max, quanta, registration_until, companions, status,"
    " created_by, created_at, updated_at, feedback_asked_at, followup_sent_at"
)
# the seats taken and waiting, beside each event row
COUNTS = (
    ", (SELECT count(*) FROM event_seats s WHERE s.event_id = e.id"
    "   AND s.status IN ('seat', 'offered')) AS taken"
    ", (SELECT count(*) FROM event_seats s WHERE s.event_id = e.id"
    "   AND s.status = 'waitlist') AS waiting"
)


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    code: str
    kind: Kind
    title_ru: str
    title_en: str
    description_ru: str
    description_en: str
    starts_at: datetime  # UTC
    ends_at: datetime
    place: str
    seats: int  # 0: no limit
    age_min: int | None
    age_max: int | None
    quanta: tuple[str, ...]
    registration_until: datetime | None
    companions: int  # adults who may come with each registration
    status: Literal["open", "cancelled"]
    created_by: int | None
    taken: int = 0  # seats held (seat or offered)
    waiting: int = 0  # on the waitlist

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_ru

    def description(self, language: str) -> str:
        return (self.description_en if language == "en" and self.description_en
                else self.description_ru)

    @property
    def free(self) -> int | None:
        """Seats left; None when the event has no limit."""
        return None if self.seats == 0 else max(self.seats - self.taken, 0)


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event as staff give it (the chat's form or one line of an import), times in UTC."""

    code: str
    kind: Kind
    title_ru: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    place: str
    seats: int = 0
    age_min: int | None = None
    age_max: int | None = None
    quanta: tuple[str, ...] = ()
    description_ru: str = ""
    description_en: str = ""
    registration_until: datetime | None = None
    companions: int = 1


def event_of(row: aiosqlite.Row) -> Event:
    keys = row.keys()
    return Event(
        id=row["id"], code=row["code"], kind=row["kind"], title_ru=row["title_ru"],
        title_en=row["title_en"], description_ru=row["description_ru"],
        description_en=row["description_en"], starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]), place=row["place"], seats=row["seats"],
        age_min=row["age_min"], age_max=row["age_max"],
        quanta=tuple(row["quanta"].split()),
        registration_until=(from_db(row["registration_until"])
                            if row["registration_until"] else None),
        companions=row["companions"], status=row["status"], created_by=row["created_by"],
        taken=row["taken"] if "taken" in keys else 0,
        waiting=row["waiting"] if "waiting" in keys else 0,
    )


EVENT_BY_ID = f"SELECT {COLUMNS}{COUNTS} FROM events e WHERE id = ?"  # noqa: S608 - constants
# without its counts (`taken` and `waiting` read 0): what the registration form needs of it,
# the event's seats not counted on every step
UNCOUNTED_BY_ID = f"SELECT {COLUMNS} FROM events e WHERE id = ?"  # noqa: S608 - constants


async def event_in(conn: aiosqlite.Connection, event_id: int) -> Event | None:
    """One event with its counts, inside the caller's transaction."""
    row = await fetch_one(conn, EVENT_BY_ID, (event_id,))
    return event_of(row) if row else None


async def save(conn: aiosqlite.Connection, draft: EventDraft, by: int | None,
               now: datetime) -> tuple[int, bool]:
    """Insert the event, or update the one with its code (its status and counts stay); the
    id and whether it was new."""
    values = (
        draft.kind, draft.title_ru, draft.title_en, draft.description_ru, draft.description_en,
        to_db(draft.starts_at), to_db(draft.ends_at), draft.place, draft.seats, draft.age_min,
        draft.age_max, " ".join(draft.quanta),
        to_db(draft.registration_until) if draft.registration_until else None,
        draft.companions,
    )
    row = await fetch_one(conn, "SELECT id FROM events WHERE code = ?", (draft.code,))
    if row is not None:
        await conn.execute(
            "UPDATE events SET kind = ?, title_ru = ?, title_en = ?, description_ru = ?,"
            " description_en = ?, starts_at = ?, ends_at = ?, place = ?, seats = ?,"
            " age_min = ?, age_max = ?, quanta = ?, registration_until = ?, companions = ?,"
            " updated_at = ? WHERE id = ?", (*values, to_db(now), row["id"]))
        return int(row["id"]), False
    cursor = await conn.execute(
        "INSERT INTO events (code, kind, title_ru, title_en, description_ru, description_en,"
        " starts_at, ends_at, place, seats, age_min, age_max, quanta, registration_until,"
        " companions, created_by, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (draft.code, *values, by, to_db(now), to_db(now)))
    assert cursor.lastrowid is not None
    return cursor.lastrowid, True


class EventRepo:
    """The reads outside a transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, event_id: int) -> Event | None:
        row = await self.db.fetchone(EVENT_BY_ID, (event_id,))
        return event_of(row) if row else None

    async def uncounted(self, event_id: int) -> Event | None:
        """The event without its counts: `taken` and `waiting` read 0, `free` all seats."""
        row = await self.db.fetchone(UNCOUNTED_BY_ID, (event_id,))
        return event_of(row) if row else None

    async def by_code(self, code: str) -> Event | None:
        row = await self.db.fetchone(
            f"SELECT {COLUMNS}{COUNTS} FROM events e WHERE code = ?", (code,))
        return event_of(row) if row else None

    async def coming(self, now: datetime, *, limit: int = 50, offset: int = 0,
                     include_cancelled: bool = False) -> list[Event]:
        """Events not yet over, soonest first (open ones only unless asked)."""
        status = "" if include_cancelled else " AND status = 'open'"
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS}{COUNTS} FROM events e WHERE ends_at > ?{status}"
            " ORDER BY starts_at, id LIMIT ? OFFSET ?", (to_db(now), limit, offset))
        return [event_of(row) for row in rows]

    async def started(self, now: datetime, since: datetime, *, limit: int = 10,
                      offset: int = 0) -> tuple[list[Event], int]:
        """Events under way and those ended after `since` (any status), the latest start first,
        with how many there are."""
        where = "WHERE starts_at <= :now AND ends_at > :since"
        params = {"now": to_db(now), "since": to_db(since), "limit": limit, "offset": offset}
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS}{COUNTS} FROM events e {where}"
            " ORDER BY starts_at DESC, id DESC LIMIT :limit OFFSET :offset", params)
        total = await self.db.fetchval(f"SELECT count(*) FROM events {where}", params)
        return [event_of(row) for row in rows], int(total or 0)

    async def for_quantum(self, code: str, now: datetime, limit: int = 3) -> list[Event]:
        """The quantum's coming open events, soonest first."""
        rows = await self.db.fetchall(
            f"SELECT {COLUMNS}{COUNTS} FROM events e WHERE status = 'open' AND starts_at > ?"
            " AND (' ' || quanta || ' ') LIKE ? ORDER BY starts_at, id LIMIT ?",
            (to_db(now), f"% {code} %", limit))
        return [event_of(row) for row in rows]

