"""Staff: every group's lessons a week at a time (rooms, clashes, changes), and closures, the
holidays and breaks inside which lessons are off, added through a form: the days → the reason
→ the whole technopark or some quanta → a preview → ✅.

week: the week's screens and handlers; states: the closure form's states and data;
closure_screens: what the closures feature shows; period: what staff type into the form (the
days, the reason); closures: the handlers, one per step and kind of button; closure_edit:
one closure's screen, ✏️ and 🗑. «📭 Кому не доставлено» of a closure or a broadcast is
routed here too (handlers/staff/delivery.py). The use cases
(the week's lessons, the closures, adding one) are in `bot.services.timetable`."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import ClosureStep, StaffWeek, StaffWeekDay
from bot.ui.callbacks_closures import ClosureAct, ClosureOpen, ClosurePage, Undelivered
from handlers.staff import delivery
from handlers.staff.timetable import closure_edit, closures, week
from handlers.staff.timetable.closure_screens import REASON_ACTIONS
from handlers.staff.timetable.states import ClosureForm

__all__ = ["ClosureForm", "router"]


def router() -> Router:
    r = Router(name="staff-timetable")
    r.message.register(week.week_command, Command("week"))
    cb = r.callback_query.register
    cb(week.week_pressed, StaffWeek.filter())
    cb(week.day_pressed, StaffWeekDay.filter())

    r.message.register(closures.closures_command, Command("closures"))
    # one closure: its screen, ✏️ (the form, filled), 🗑 (asked first); who was not reached
    cb(closure_edit.open_closure, ClosureOpen.filter())
    cb(closure_edit.closures_page, ClosurePage.filter())
    cb(closure_edit.edit, ClosureAct.filter(F.action == "edit"))
    cb(closure_edit.ask_remove, ClosureAct.filter(F.action == "remove"))
    cb(closure_edit.remove, ClosureAct.filter(F.action == "remove-yes"))
    cb(delivery.undelivered, Undelivered.filter(F.kind.in_({"c", "b"})))
    step = ClosureStep.filter
    cb(closures.open_list, step(F.action == "list"))
    cb(closures.add, step(F.action == "add"))
    cb(closures.cancel, step(F.action == "cancel"))
    cb(closures.reason_chosen, step(F.action.in_(REASON_ACTIONS)),
       StateFilter(ClosureForm.reason))
    choosing = StateFilter(ClosureForm.quanta)
    cb(closures.whole, step(F.action == "all"), choosing)
    cb(closures.toggle, step(F.action.startswith("q-")), choosing)
    cb(closures.page, step(F.action.startswith("p-")), choosing)
    cb(closures.to_preview, step(F.action == "preview"), choosing)
    confirming = StateFilter(ClosureForm.confirm)
    cb(closures.back_to_quanta, step(F.action == "quanta"), confirming)
    cb(closures.confirm, step(F.action == "confirm"), confirming)
    cb(closure_edit.ask_days, step(F.action == "dates"), confirming)
    cb(closure_edit.ask_why, step(F.action == "reason"), confirming)
    cb(closure_edit.ask_english, step(F.action == "en"), confirming)
    cb(closure_edit.no_english, step(F.action == "no-en"), StateFilter(ClosureForm.reason_en))
    cb(closure_edit.unchanged, step(F.action == "same"),
       StateFilter(ClosureForm.dates, ClosureForm.reason, ClosureForm.reason_en))
    # a form button from an old message, pressed at another step, or forged
    cb(closures.outdated, step())

    typed = r.message.register
    not_command = ~F.text.startswith("/")
    typed(closures.dates_typed, StateFilter(ClosureForm.dates), not_command)
    typed(closures.reason_typed, StateFilter(ClosureForm.reason), not_command)
    typed(closure_edit.english_typed, StateFilter(ClosureForm.reason_en), not_command)
    typed(closures.buttons_expected, StateFilter(ClosureForm.quanta, ClosureForm.confirm),
          not_command)
    return r
