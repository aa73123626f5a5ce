"""What a message typed outside a form gets (in a form, the form takes it): the text
understood and answered, or «Не понял» with «❓ Спросить у сотрудников». Just before the
fallback: every other router has had its chance.

screens: what is shown; steps: the handlers."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import Message

from bot.ui.callbacks_chat import ChatAsk, ChatMap
from handlers.chat import steps


# The filters are coroutines: aiogram runs a plain function or an F rule in a thread of its
# own, a hop that cost more than understanding the text and answering it.
async def typed_text(message: Message) -> bool:
    """Text that is not a command."""
    return bool(message.text) and not (message.text or "").startswith("/")


async def no_text(message: Message) -> bool:
    """A sticker, a photo, a voice message, a file."""
    return not message.text


def router() -> Router:
    r = Router(name="chat")
    outside_forms = StateFilter(None)
    r.message.register(steps.typed, outside_forms, typed_text)
    r.message.register(steps.not_text, outside_forms, no_text)
    r.callback_query.register(steps.ask_pressed, ChatAsk.filter())
    r.callback_query.register(steps.map_pressed, ChatMap.filter())
    return r
