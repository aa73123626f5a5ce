"""The buttons of one closure and of the «кому не доставлено» report (callbacks.py is full)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class ClosureOpen(CallbackData, prefix="co"):
    """A closure's screen, from the list (`page`: the list's page of buttons)."""

    id: Int
    page: Int = 0


class ClosureAct(CallbackData, prefix="ct"):
    """On a closure's screen: edit | remove | remove-yes."""

    id: Int
    action: str


class ClosurePage(CallbackData, prefix="cp"):
    """A page of the closures' buttons in the list."""

    page: Int


class Undelivered(CallbackData, prefix="ud"):
    """«Кому не доставлено»: kind l (a lesson's change), c (a closure), b (a broadcast)."""

    kind: str
    id: Int
    page: Int = 0
