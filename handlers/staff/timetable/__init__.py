"""Staff: every group's lessons a week at a time (rooms, clashes, changes) — `week`; and
closures, the holidays and breaks inside which lessons are off — `closures`, with the typed
days read by `period`."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import ClosureStep, StaffWeek, StaffWeekDay
from handlers.staff.timetable import closures, week
from handlers.staff.timetable.closures import ClosureForm

__all__ = ["ClosureForm", "router"]


def router() -> Router:
    r = Router(name="staff-timetable")
    r.message.register(week.week_command, Command("week"))
    r.callback_query.register(week.week_pressed, StaffWeek.filter())
    r.callback_query.register(week.day_pressed, StaffWeekDay.filter())

    r.message.register(closures.closures_command, Command("closures"))
    step = ClosureStep.filter
    r.callback_query.register(closures.open_list, step(F.action == "list"))
    r.callback_query.register(closures.add, step(F.action == "add"))
    r.callback_query.register(closures.cancel, step(F.action == "cancel"))
    r.callback_query.register(closures.reason_chosen, step(F.action.startswith("r-")),
                              StateFilter(ClosureForm.reason))
    choosing = StateFilter(ClosureForm.quanta)
    r.callback_query.register(closures.whole, step(F.action == "all"), choosing)
    r.callback_query.register(closures.toggle, step(F.action.startswith("q-")), choosing)
    r.callback_query.register(closures.page, step(F.action.startswith("p-")), choosing)
    r.callback_query.register(closures.to_preview, step(F.action == "preview"), choosing)
    confirming = StateFilter(ClosureForm.confirm)
    r.callback_query.register(closures.back_to_quanta, step(F.action == "quanta"), confirming)
    r.callback_query.register(closures.confirm, step(F.action == "confirm"), confirming)
    r.callback_query.register(closures.outdated, step())

    typed = ~F.text.startswith("/")
    r.message.register(closures.dates_typed, StateFilter(ClosureForm.dates), typed)
    r.message.register(closures.reason_typed, StateFilter(ClosureForm.reason), typed)
    r.message.register(closures.buttons_expected,
                       StateFilter(ClosureForm.quanta, ClosureForm.confirm), typed)
    return r
