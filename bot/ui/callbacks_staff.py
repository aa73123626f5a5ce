"""The buttons of staff's reading of children's data: applications by status, a group's
roster, the record of who looked (/audit). Ids and codes only, as in bot/ui/callbacks.py."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class AppStatus(CallbackData, prefix="xs"):
    """Applications of one status, a page at a time; status "" is the choice of status."""

    status: str
    page: Int = 0


class GroupRoster(CallbackData, prefix="xr"):
    """Who is in a group and who waits; `page` is the page of its lessons to go back to."""

    group: Int
    page: Int = 0


class AuditPage(CallbackData, prefix="xu"):
    """The record of staff looking at children's data, newest first."""

    page: Int


class FoundOpen(CallbackData, prefix="xf"):
    """An application opened from /find's results: its card leads back to them."""

    id: Int
