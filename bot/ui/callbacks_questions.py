"""The buttons of questions to staff: «❓ Задать вопрос» and its steps, and staff's answers."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class Ask(CallbackData, prefix="qa"):
    """«❓ Задать вопрос» and its steps: start | cancel | ..."""

    action: str


class QuestionAct(CallbackData, prefix="qx"):
    """Staff and questions: list | open | answer ...; `id` the question."""

    action: str
    id: Int = 0
    page: Int = 0
