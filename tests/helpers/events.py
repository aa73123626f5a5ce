"""Events for a family's tests: an event in storage, a family with children (rows made
directly, as the sign-up would leave them), and the outbox rows of an event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.services.event_booking import EventBooking
from bot.services.event_booking_rules import ChildIn
from storage.clock import to_db
from storage.events import EventDraft, save
from tests.helpers.harness import App
from tests.helpers.schedule import MOSCOW, NOW

__all__ = ["MOSCOW", "NOW", "Queued", "add_event", "add_family", "add_pupil", "booking", "born",
           "kids", "queued", "seats"]


def born(years: int, on: date | None = None) -> date:
    """A birth date that makes a child `years` old on `on` (NOW's day by default)."""
    day = on or NOW.date()
    return day.replace(year=day.year - years) - timedelta(days=30)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MOSCOW).astimezone(UTC)


async def add_event(
    app: App, code: str = "robo-mk", *, start: datetime | None = None, hours: float = 1.5,
    seats: int = 10, ages: tuple[int | None, int | None] = (7, 14), companions: int = 1,
    until: datetime | None = None, quanta: tuple[str, ...] = ("robo",),
    kind: str = "master_class",
) -> int:
    """A master class (by default Saturday 5 December 2026, 11:00 in Moscow)."""
    start = start or local(date(2026, 12, 5), 11)
    draft = EventDraft(
        code=code, kind=kind, title_ru="Мастер-класс: роботы",  # type: ignore[arg-type]
        title_en="Master class: robots", starts_at=start,
        ends_at=start + timedelta(hours=hours), place="Каб. 101", seats=seats,
        age_min=ages[0], age_max=ages[1], quanta=quanta, description_ru="Соберём робота.",
        description_en="We build a robot.", registration_until=until, companions=companions)
    async with app.db.transaction() as conn:
        event_id, _ = await save(conn, draft, None, NOW.astimezone(UTC))
    return event_id


async def add_family(app: App, user_id: int, children: list[tuple[str, int]],
                     lang: str = "ru", role: str = "parent") -> tuple[int, list[int]]:
    """A person (a parent by default) with a family and these children (name, age)."""
    await app.repos.users.create(user_id, language=lang, first_name="Аня", username=None,
                                 family_role=role)  # type: ignore[arg-type]
    stamp = to_db(NOW)
    async with app.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO families (invite_code, created_at) VALUES (?, ?)",
            (f"inv{user_id}", stamp))
        family_id = cursor.lastrowid
        assert family_id is not None
        await conn.execute(
            "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
            " VALUES (?, ?, ?, ?)",
            (family_id, user_id, "parent" if role == "parent" else "child", stamp))
        ids = []
        for name, age in children:
            cursor = await conn.execute(
                "INSERT INTO children (family_id, name, birth_date, school, grade, created_at)"
                " VALUES (?, ?, ?, 'Школа № 5', 4, ?)",
                (family_id, name, born(age).isoformat(), stamp))
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)
    return family_id, ids


@dataclass(frozen=True)
class Queued:
    kind: str
    chat_id: int
    key: str
    status: str
    due_at: datetime
    payload: dict[str, Any]

    @property
    def text(self) -> str:
        return str(self.payload.get("text", ""))


async def queued(app: App, event_id: int, part: str = "") -> list[Queued]:
    """The event's outbox rows (keys `ev:{event}:{part}…`), oldest first."""
    rows = await app.db.fetchall(
        "SELECT kind, chat_id, dedupe_key, status, due_at, payload FROM outbox"
        " WHERE dedupe_key LIKE ? ORDER BY id", (f"ev:{event_id}:{part}%",))
    return [Queued(r["kind"], r["chat_id"], r["dedupe_key"], r["status"],
                   datetime.fromisoformat(r["due_at"]), json.loads(r["payload"]))
            for r in rows]


def kids(*pairs: tuple[str, int]) -> tuple[ChildIn, ...]:
    """Children new to the technopark, by name and age."""
    return tuple(ChildIn(name, born(age)) for name, age in pairs)


def booking(app: App) -> EventBooking:
    """The families' booking service of the app."""
    return app.services.event_booking


async def seats(app: App, event_id: int) -> list[tuple[str, str]]:
    """The event's seats as (name, status), in the order they were taken."""
    rows = await app.db.fetchall(
        "SELECT name, status FROM event_seats WHERE event_id = ? ORDER BY id", (event_id,))
    return [(r["name"], r["status"]) for r in rows]


async def add_pupil(app: App, family_id: int, user_id: int, name: str) -> None:
    """A pupil's own account (Russian) in the family, as joining by its invite leaves it."""
    await app.repos.users.create(user_id, language="ru", first_name=name, username=None,
                                 family_role="pupil")
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
            " VALUES (?, ?, 'child', '2026-11-01')", (family_id, user_id))
