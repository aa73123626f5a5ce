"""What a message typed outside a form gets (in a form, the form takes it): the text
understood and answered, or «Не понял» with «❓ Спросить у сотрудников». Just before the
fallback: every other router has had its chance.

screens: what is shown; steps: the handlers."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.ui.callbacks_chat import ChatAsk, ChatMap
from handlers.chat import steps


def router() -> Router:
    r = Router(name="chat")
    outside_forms = StateFilter(None)
    r.message.register(steps.typed, outside_forms, F.text, ~F.text.startswith("/"))
    r.message.register(steps.not_text, outside_forms, ~F.text)
    r.callback_query.register(steps.ask_pressed, ChatAsk.filter())
    r.callback_query.register(steps.map_pressed, ChatMap.filter())
    return r
