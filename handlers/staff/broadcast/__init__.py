"""Staff broadcasts: `compose` holds the handlers (compose, audience, preview, confirm, stop,
the list), `screens` what they show."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import (
    BcAudience,
    BcEnrolled,
    BcEnrolQuantum,
    BcEnrolToggle,
    BcQuanta,
    BcStep,
    BcStop,
    BcToggle,
    Nav,
)
from handlers.staff.broadcast.compose import (
    BroadcastStates,
    broadcast_command,
    broadcast_from_menu,
    got_text,
    list_command,
    list_from_menu,
    open_enrolled,
    open_enrolled_quantum,
    open_quanta,
    set_audience,
    step,
    stop,
    toggle_enrolled,
    toggle_quantum,
)

__all__ = ["BroadcastStates", "router"]


def router() -> Router:
    r = Router(name="staff-broadcast")
    r.message.register(broadcast_command, Command("broadcast"))
    r.message.register(list_command, Command("broadcasts"))
    r.callback_query.register(broadcast_from_menu, Nav.filter(F.to == "broadcast"))
    r.callback_query.register(list_from_menu, Nav.filter(F.to == "broadcasts"))
    r.callback_query.register(stop, BcStop.filter())
    composing = StateFilter(BroadcastStates.audience)
    r.callback_query.register(set_audience, BcAudience.filter(), composing)
    r.callback_query.register(open_quanta, BcQuanta.filter(), composing)
    r.callback_query.register(toggle_quantum, BcToggle.filter(), composing)
    r.callback_query.register(open_enrolled, BcEnrolled.filter(), composing)
    r.callback_query.register(open_enrolled_quantum, BcEnrolQuantum.filter(), composing)
    r.callback_query.register(toggle_enrolled, BcEnrolToggle.filter(), composing)
    r.callback_query.register(step, BcStep.filter(), composing)
    r.message.register(
        got_text, StateFilter(BroadcastStates.text), ~F.text.startswith("/"),
    )
    return r
