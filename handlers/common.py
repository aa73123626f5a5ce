"""Screens (a text and its buttons) and how they reach the chat."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import T
from handlers.callbacks import Nav

log = logging.getLogger(__name__)

Screen = tuple[str, InlineKeyboardMarkup | None]


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


def home_button(builder: InlineKeyboardBuilder, t: T) -> None:
    builder.button(text=t("btn-home"), callback_data=Nav(to="home"))
