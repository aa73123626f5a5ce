"""The roll call: a lesson's register marked by staff, and what families do with its notices.

`screens` holds what is shown, `steps` the staff's handlers, `family` the families' buttons;
the use cases are bot.services.attendance's. This router stands outside the staff router's
filter: a parent or a pupil pressing a marking button (forged, or forwarded) is told politely
that only staff mark, and nothing changes. What is routed where:"""

from __future__ import annotations

from aiogram import F, Router

from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_rollcall import (
    RollAll,
    RollAsk,
    RollDone,
    RollLeave,
    RollOpen,
    RollQuiet,
    RollRetry,
    RollTap,
)
from handlers.staff.rollcall import family, steps


def router() -> Router:
    r = Router(name="rollcall")
    # staff: open a register (a lesson's card, a reminder, a group's screen), mark, finish,
    # leave it for the lesson's card or home
    r.callback_query.register(steps.open_roll, RollOpen.filter())
    r.callback_query.register(steps.open_group, GroupAct.filter(F.action == "mark"))
    r.callback_query.register(steps.tap, RollTap.filter())
    r.callback_query.register(steps.all_present, RollAll.filter())
    r.callback_query.register(steps.retry, RollRetry.filter())
    r.callback_query.register(steps.done, RollDone.filter())
    r.callback_query.register(steps.leave, RollLeave.filter())
    # families: a reply to the teacher, the notices per child on or off
    r.callback_query.register(family.ask_teacher, RollAsk.filter())
    r.callback_query.register(family.toggle_quiet, RollQuiet.filter())
    return r
