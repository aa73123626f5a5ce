"""What a staff feature's handlers share, in one object: the update, the conversation, the
translator, the technopark's zone, the clock and the press's answer — and the moves every
step makes (a toast, navigation in place, a new message, the question a form has open)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services import dates
from bot.ui.keyboards import Screen
from handlers.common import send, show
from storage.users import User


@dataclass(kw_only=True)
class Desk:
    event: Message | CallbackQuery
    state: FSMContext
    t: T
    user: User
    zone: ZoneInfo
    answer: CallbackAnswer | None
    now: datetime

    @property
    def today(self) -> date:
        return dates.today(self.zone)

    def toast(self, text: str) -> None:
        """A short note on the pressed button (nothing for a typed message)."""
        if self.answer is not None:
            self.answer.text = text

    async def show(self, screen: Screen) -> None:
        """In place of the message pressed (navigation)."""
        await show(self.event, screen)

    async def send(self, screen: Screen) -> None:
        """A new message: a question, a refusal, a result."""
        await send(self.event, screen)

    async def open_step(self, form: type[StatesGroup]) -> str | None:
        """The question of `form` open now, if the conversation is in that form."""
        current = await self.state.get_state()
        if current not in form.__state_names__:
            return None
        return str(current).split(":")[-1]
