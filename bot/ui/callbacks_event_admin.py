"""The buttons of the staff's side of events: the «➕ Новое событие» form (and the same form
changing an event), and an event's screen for staff."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class EaKind(CallbackData, prefix="eak"):
    """The event's kind chosen in the form."""

    kind: str


class EaForm(CallbackData, prefix="eaf"):
    """A move in the form: same (the English title as the Russian), any (no age limit), skip
    (an optional question), done (the quanta ticked), create, cancel, or `f-<field>` (change
    that answer from the preview)."""

    action: str


class EaQuantum(CallbackData, prefix="eaq"):
    """A quantum ticked or unticked in the form."""

    code: str


class EaCount(CallbackData, prefix="ean"):
    """How many adults may come with a child."""

    n: Int


class EaAct(CallbackData, prefix="eaa"):
    """On an event's staff screen: write (to the registered), edit, cancel, cancel-yes,
    list (the CSV)."""

    event: Int
    action: str


class EaPeople(CallbackData, prefix="eap"):
    """A page of the names on an event's staff screen."""

    event: Int
    page: Int = 0


class EaPast(CallbackData, prefix="eaw"):
    """The staff's page of events under way and those ended in the last days."""

    page: Int = 0
