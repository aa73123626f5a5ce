"""The closure form's states, and the data it keeps in the FSM storage between them: `from`
and `until` (ISO dates), `reason`, `quanta` (codes; none: the whole technopark) and `page` (of
the quanta shown), `reason_en` (may be ''), and `editing` (the id of the closure being
changed; none: a new one)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.fsm.state import State, StatesGroup

from storage.timetable import Closure


class ClosureForm(StatesGroup):
    dates = State()
    reason = State()
    reason_en = State()
    quanta = State()
    confirm = State()


def dates_of(data: dict[str, Any]) -> tuple[date, date]:
    return date.fromisoformat(data["from"]), date.fromisoformat(data["until"])


def closure_of(data: dict[str, Any]) -> dict[str, Any]:
    """The closure the form describes, as the timetable service takes it."""
    starts_on, ends_on = dates_of(data)
    return {"starts_on": starts_on, "ends_on": ends_on, "reason": data["reason"],
            "reason_en": data.get("reason_en", ""), "quanta": sorted(data.get("quanta", []))}


def data_of(closure: Closure) -> dict[str, Any]:
    """The form's data for changing a stored closure."""
    return {"from": closure.starts_on.isoformat(), "until": closure.ends_on.isoformat(),
            "reason": closure.reason, "reason_en": closure.reason_en,
            "quanta": list(closure.quanta), "page": 0, "editing": closure.id}
