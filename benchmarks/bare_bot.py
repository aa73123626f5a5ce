"""A minimal aiogram bot: the baseline that benchmarks/dispatch.py compares the real bot with.

It echoes text messages and, on a button press, answers the query and edits the message (with
the inline keyboard given to `router()`, if any: dispatch.py passes the one our catalogue page
sends, so both edits carry the same buttons). Run as a script it long-polls the Bot API at
TELEGRAM_API_URL with BOT_TOKEN, both from the environment; dispatch.py also uses its
`router()` in-process.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message


async def echo(message: Message) -> None:
    await message.answer(message.text or "…")


def router(markup: InlineKeyboardMarkup | None = None) -> Router:
    """`markup`, built once, goes with every edit."""

    async def press(query: CallbackQuery) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            # the query id makes every edit differ from the message's current text
            await query.message.edit_text(f"pressed {query.data} ({query.id})",
                                          reply_markup=markup)

    r = Router(name="bare")
    r.message.register(echo)
    r.callback_query.register(press)
    return r


async def main() -> None:
    token = os.environ["BOT_TOKEN"]
    url = os.environ["TELEGRAM_API_URL"].rstrip("/")
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
    dp = Dispatcher()
    dp.include_router(router())
    await dp.start_polling(bot)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
