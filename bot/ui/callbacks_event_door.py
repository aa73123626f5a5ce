"""The buttons at an event's door and after it: «✅ Отметить приход» and «🎟 Следующий билет» on
the check-in screen (staff), the stars under «Как вам?» and «Пропустить» instead of a comment.
«🎟 Мой билет» is `TicketShow` in bot.ui.callbacks_events."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class CheckIn(CallbackData, prefix="ec"):
    """«✅ Отметить приход»: the registration has come (staff)."""

    registration: Int


class DoorNext(CallbackData, prefix="ecn"):
    """«🎟 Следующий билет»: the next ticket's code asked, as a bare /checkin does (staff)."""


class FeedbackStars(CallbackData, prefix="ecs"):
    """1–5 stars under «Как вам?» (pressed again: changed)."""

    registration: Int
    stars: Int


class FeedbackSkip(CallbackData, prefix="eck"):
    """«Пропустить»: no comment after the stars."""

    registration: Int
