"""Staff broadcasts: compose the text, choose the audience, preview, send; stop a running one;
the recent ones. `compose` holds the handlers, `screens` what they show, and the use cases are
the broadcast compose service's (bot/services/broadcast_compose.py). What is routed where:"""

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
from handlers.staff.broadcast import compose as steps
from handlers.staff.broadcast.compose import BroadcastStates

__all__ = ["BroadcastStates", "router"]


def router() -> Router:
    r = Router(name="staff-broadcast")
    # a new broadcast, the recent ones, stopping one that runs
    r.message.register(steps.begin, Command("broadcast"))
    r.callback_query.register(steps.begin, Nav.filter(F.to == "broadcast"))
    r.message.register(steps.recent, Command("broadcasts"))
    r.callback_query.register(steps.recent, Nav.filter(F.to == "broadcasts"))
    r.callback_query.register(steps.stop, BcStop.filter())
    # the text
    r.message.register(
        steps.got_text, StateFilter(BroadcastStates.text), ~F.text.startswith("/"),
    )
    # the audience and its pickers
    composing = StateFilter(BroadcastStates.audience)
    r.callback_query.register(steps.set_audience, BcAudience.filter(), composing)
    r.callback_query.register(steps.open_quanta, BcQuanta.filter(), composing)
    r.callback_query.register(steps.toggle_quantum, BcToggle.filter(), composing)
    r.callback_query.register(steps.open_enrolled, BcEnrolled.filter(), composing)
    r.callback_query.register(steps.open_enrolled_quantum, BcEnrolQuantum.filter(), composing)
    r.callback_query.register(steps.toggle_enrolled, BcEnrolToggle.filter(), composing)
    r.callback_query.register(steps.clear_quanta, BcStep.filter(F.action == "clear"), composing)
    r.callback_query.register(
        steps.clear_enrolled, BcStep.filter(F.action == "unenrol"), composing)
    # the preview and what is under it
    r.callback_query.register(
        steps.show_audience, BcStep.filter(F.action == "audience"), composing)
    r.callback_query.register(steps.preview, BcStep.filter(F.action == "preview"), composing)
    r.callback_query.register(steps.edit_text, BcStep.filter(F.action == "edit"), composing)
    r.callback_query.register(steps.cancel, BcStep.filter(F.action == "cancel"),
                              StateFilter(BroadcastStates.text, BroadcastStates.audience))
    r.callback_query.register(steps.confirm, BcStep.filter(F.action == "send"), composing)
    return r
