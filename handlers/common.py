"""Screens (a text and its buttons) and how they reach the chat."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.deep_linking import create_start_link

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


class Buttons:
    """An inline keyboard built row by row, with aiogram's builder API (`button`, `adjust`,
    `as_markup`) but without its deep copy of every button on each addition, which made
    building a ten-button screen the slowest part of answering."""

    def __init__(self) -> None:
        self._buttons: list[InlineKeyboardButton] = []
        self._sizes: tuple[int, ...] = (1,)

    def button(
        self, *, text: str, callback_data: CallbackData | str | None = None,
        url: str | None = None,
    ) -> None:
        data = callback_data.pack() if isinstance(callback_data, CallbackData) else callback_data
        self._buttons.append(InlineKeyboardButton(text=text, callback_data=data, url=url))

    def adjust(self, *sizes: int) -> None:
        """Row sizes in order; the last one repeats for the remaining buttons."""
        self._sizes = tuple(size for size in sizes if size > 0) or (1,)

    def as_markup(self) -> InlineKeyboardMarkup:
        rows: list[list[InlineKeyboardButton]] = []
        start = 0
        for index in range(len(self._buttons)):
            if start >= len(self._buttons):
                break
            size = self._sizes[min(index, len(self._sizes) - 1)]
            rows.append(self._buttons[start : start + size])
            start += size
        return InlineKeyboardMarkup(inline_keyboard=rows)


def pager(
    builder: Buttons, t: T, page: int, total: int, to_page: Callable[[int], CallbackData]
) -> int:
    """◀️/▶️ buttons to the neighbouring pages; returns how many were added (a row's size)."""
    added = 0
    if page > 0:
        builder.button(text=t("btn-prev"), callback_data=to_page(page - 1))
        added += 1
    if page < total - 1:
        builder.button(text=t("btn-next"), callback_data=to_page(page + 1))
        added += 1
    return added


def home_button(builder: Buttons, t: T) -> None:
    builder.button(text=t("btn-home"), callback_data=Nav(to="home"))


async def invite_link(bot: Bot, code: str) -> str:
    """The link that brings a second parent or the child's own account into a family."""
    return await create_start_link(bot, f"fam_{code}")
