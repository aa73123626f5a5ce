"""The closure form's states, and the data it keeps in the FSM storage between them: `from`
and `until` (ISO dates), `reason`, `quanta` (codes; none: the whole technopark) and `page` (of
the quanta shown)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.fsm.state import State, StatesGroup


class ClosureForm(StatesGroup):
    dates = State()
    reason = State()
    quanta = State()
    confirm = State()


def dates_of(data: dict[str, Any]) -> tuple[date, date]:
    return date.fromisoformat(data["from"]), date.fromisoformat(data["until"])


def closure_of(data: dict[str, Any]) -> dict[str, Any]:
    """The closure the form describes, as the timetable service takes it."""
    starts_on, ends_on = dates_of(data)
    return {"starts_on": starts_on, "ends_on": ends_on, "reason": data["reason"],
            "quanta": sorted(data.get("quanta", []))}
