"""«📭 Кому не доставлено» on a changed lesson's screen: the families its change notices did
not reach (the report and its screen are handlers/staff/delivery.py's)."""

from __future__ import annotations

from aiogram.types import CallbackQuery

from bot.i18n import T
from bot.ui.callbacks import LessonOpen
from bot.ui.callbacks_closures import Undelivered
from bot.ui.keyboards import Buttons
from handlers.flow import Flow
from handlers.staff import delivery
from storage.lessons import Lesson


def button(builder: Buttons, t: T, lesson: Lesson) -> int:
    """The button under a lesson staff have changed (how many buttons were added)."""
    delivery.button(builder, t, "l", lesson.id)
    return 1


async def undelivered(query: CallbackQuery, callback_data: Undelivered, flow: Flow) -> None:
    await delivery.show_report(flow, callback_data, LessonOpen(id=callback_data.id))
