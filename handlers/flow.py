"""The one context every handler works with: the update, the conversation's state, the
person and their translator, the settings, the catalogue, the use-case services and the
press's answer — and the moves every step makes (a toast, navigation in place, a new message,
the question a form has open).

`FlowMiddleware`, registered once on the dispatcher, builds it for each message and press
that a handler takes, so a handler's parameters are the event, its callback data and `flow`.
A feature that needs more (a form's questions, a desk's cards) wraps a `Flow` in a class of
its own rather than building another context."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from bot.ui.keyboards import Screen
from handlers.common import send, show
from storage.clock import utcnow
from storage.users import User

if TYPE_CHECKING:
    from bot.dispatcher import Services


@dataclass(kw_only=True)
class Flow:
    event: Message | CallbackQuery
    state: FSMContext
    t: T
    user: User
    bot: Bot
    settings: Settings
    texts: Texts
    catalogue: Catalogue
    services: Services
    answer: CallbackAnswer | None = None
    now: datetime = field(default_factory=utcnow)

    @property
    def zone(self) -> ZoneInfo:
        return self.settings.zone

    @property
    def today(self) -> date:
        """Today in the technopark's zone: ages and «сегодня» count from it."""
        return dates.today(self.settings.zone)

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

    def speak_as(self, user: User) -> None:
        """The person's capacity or language just changed: speak accordingly from now on."""
        self.user = user
        self.t = self.texts.bind(user.language, you=voice(user.family_role))


class FlowMiddleware(BaseMiddleware):
    """Builds the `flow` for a message or a press a handler takes (an inner middleware: it
    runs once the filters chose the handler, after the press's answer is set up)."""

    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject, data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message | CallbackQuery) and "user" in data:
            data["flow"] = Flow(
                event=event, state=data["state"], t=data["t"], user=data["user"],
                bot=data["bot"], settings=data["settings"], texts=data["texts"],
                catalogue=data["catalogue"], services=data["services"],
                answer=data.get("callback_answer"),
            )
        return await handler(event, data)
