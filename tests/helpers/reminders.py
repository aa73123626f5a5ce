"""Reminders for the tests: a family in a group with a timetable, the reminder rows the
planner wrote, and delivering what is due at a moment of a travelling clock."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as clock_time
from typing import Any

import time_machine

from bot.local.chat import LocalChat
from bot.services.schedule import at
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.schedule import MOSCOW, NOW, enrol, load_timetable

__all__ = ["MOSCOW", "NOW", "Row", "deliver_at", "family", "local", "reminder_labels",
           "reminder_rows", "reminders_to"]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock moment in Moscow, as UTC."""
    return at(day, clock_time(hour, minute), MOSCOW).astimezone(UTC)


async def family(app: App, lang: str = "ru", user_id: int = 1001, name: str = "Иванова Мария",
                 years: int = 10, group: str = "robo-a1") -> tuple[LocalChat, dict[str, int]]:
    """A parent whose child is confirmed in robo-a1 (Tue and Thu, 15:00–16:30, Каб. 101)."""
    ids = await load_timetable(app)
    chat = app.chat(user_id=user_id, language_code=lang)
    await start_as(chat, "parent", lang)
    await enrol(app, chat.user_id, ids[group], name, years)
    return chat, ids


@dataclass(frozen=True)
class Row:
    key: str
    chat_id: int
    status: str
    due_at: datetime
    lead: str
    lesson_id: int
    payload: dict[str, Any]

    @property
    def local_due(self) -> datetime:
        return self.due_at.astimezone(MOSCOW)


async def reminder_rows(app: App, status: str | None = "pending") -> list[Row]:
    """The reminder rows in the outbox (of one status, or all), by due time."""
    sql = "SELECT * FROM outbox WHERE kind = 'reminder'"
    params: tuple[Any, ...] = ()
    if status is not None:
        sql += " AND status = ?"
        params = (status,)
    rows = await app.db.fetchall(sql + " ORDER BY due_at, chat_id, id", params)
    return [
        Row(r["dedupe_key"], r["chat_id"], r["status"],
            datetime.fromisoformat(r["due_at"]).astimezone(UTC), r["dedupe_key"].split(":")[3],
            r["lesson_id"], json.loads(r["payload"]))
        for r in rows
    ]


def reminders_to(app: App, user_id: int) -> list[str]:
    """The reminder texts the person has received."""
    return [str(m.get("text")) for m in app.emulator.sent(user_id)
            if str(m.get("text", "")).startswith("🔔")]


def reminder_labels(app: App, user_id: int) -> list[str]:
    """The buttons under the newest reminder the person has received."""
    sent = [m for m in app.emulator.sent(user_id) if str(m.get("text", "")).startswith("🔔")]
    assert sent, "no reminder received"
    rows = (sent[-1].get("reply_markup") or {}).get("inline_keyboard") or []
    return [str(b["text"]) for row in rows for b in row]


async def deliver_at(app: App, clock: time_machine.Traveller, moment: datetime) -> None:
    """Move the clock, plan, and let the sender deliver what is due."""
    clock.move_to(moment)
    await app.services.planner.tick()
    await app.deliver()
