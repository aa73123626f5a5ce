"""How screens reach the chat: navigation edits in place, events are new messages; and the
family invite link."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link

from bot.ui.keyboards import Screen

log = logging.getLogger(__name__)

async def show(event: Message | CallbackQuery, screen: Screen) -> None:
    """Navigation edits the message the button was on; a typed message gets a new one."""
    text, markup = screen
    if isinstance(event, CallbackQuery):
        message = event.message
        if isinstance(message, Message) and message.text is not None:
            try:
                await message.edit_text(text, reply_markup=markup)
            except TelegramBadRequest as exc:
                if "message is not modified" in exc.message:
                    return
                log.info("cannot edit message %s, sending anew: %s", message.message_id, exc)
            else:
                return
        if event.bot is not None:
            await event.bot.send_message(event.from_user.id, text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)


async def send(event: Message | CallbackQuery, screen: Screen) -> None:
    """A new message, for what the person must notice."""
    text, markup = screen
    if isinstance(event, Message):
        await event.answer(text, reply_markup=markup)
    elif event.bot is not None:
        await event.bot.send_message(event.from_user.id, text, reply_markup=markup)


async def invite_link(bot: Bot, code: str) -> str:
    """The link that brings a second parent or the child's own account into a family."""
    return await create_start_link(bot, f"fam_{code}")
