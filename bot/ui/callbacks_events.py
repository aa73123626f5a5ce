"""The buttons every part of events shares: the list, one event's card, the staff screen of an
event, a new event and a ticket. Each part keeps the buttons only it routes in its own module
(prefixes start with "e" and must stay unique: tests/test_callbacks_unique.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class EventList(CallbackData, prefix="el"):
    """«🎪 События»: the coming events, a page of them."""

    page: Int = 0


class EventOpen(CallbackData, prefix="eo"):
    """One event's card, as a family sees it (with «🛠 Управление» for staff)."""

    event: Int


class EventManage(CallbackData, prefix="em"):
    """An event's screen for staff: counts, the names, what staff can do with it."""

    event: Int


class EventNew(CallbackData, prefix="en"):
    """«➕ Новое событие» (staff)."""


class TicketShow(CallbackData, prefix="et"):
    """«🎟 Мой билет»: the registration's ticket sent again."""

    registration: Int
