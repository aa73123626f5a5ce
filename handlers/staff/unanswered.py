"""/unanswered (staff): the last texts the bot understood as nothing, newest first, the same
text (case, spaces and punctuation folded) on one line with how many times it came — never
who typed it. Staff read them to add a keyword to a quantum or an entry to the FAQ file."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.ui.callbacks_chat import MissedPage
from handlers.chat.screens import MISSED_PAGE, missed_screen
from handlers.flow import Flow


async def show_page(flow: Flow, page: int) -> None:
    missed, total, page = await flow.services.chat.missed(page, MISSED_PAGE)
    await flow.show(missed_screen(flow.t, missed, total, page, flow.now))


async def list_typed(message: Message, flow: Flow) -> None:
    await show_page(flow, 0)


async def page_pressed(query: CallbackQuery, callback_data: MissedPage, flow: Flow) -> None:
    await show_page(flow, callback_data.page)


def router() -> Router:
    r = Router(name="staff-unanswered")
    r.message.register(list_typed, Command("unanswered"))
    r.callback_query.register(page_pressed, MissedPage.filter())
    return r
