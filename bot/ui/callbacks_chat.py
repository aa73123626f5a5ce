"""The buttons of the chat (what a typed message gets) and of /unanswered, beside
callbacks.py (which is full)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class ChatAsk(CallbackData, prefix="ca"):
    """«❓ Спросить у сотрудников» under «Не понял»: the text typed, kept on the server by its
    id (never in the button)."""

    id: Int


class MissedPage(CallbackData, prefix="um"):
    """A page of /unanswered."""

    page: Int


class ChatMap(CallbackData, prefix="pin"):
    """«📍 На карте» under an answer: the technopark's pin (sendVenue)."""
