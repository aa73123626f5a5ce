"""A stored message as it goes to Telegram: its text or photo, its buttons, the message it
quotes. The sender sends outbox rows with it; staff previews send drafts the same way."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters


def markup(buttons: list[list[dict[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton.model_validate(button) for button in row] for row in buttons
    ])


def reply_parameters(payload: dict[str, Any]) -> ReplyParameters | None:
    """A stored message that quotes one in the recipient's chat (`reply_to`: its id), e.g. an
    answer quoting the question; sent anyway if that message is gone."""
    message_id = payload.get("reply_to")
    if not message_id:
        return None
    return ReplyParameters(message_id=int(message_id), allow_sending_without_reply=True)


async def send_payload(
    bot: Bot, chat_id: int, payload: dict[str, Any], request_timeout: int | None = None
) -> Message:
    """Send a stored message: text, or a photo with the text as its caption; quoting a
    message of the chat if `reply_to` names one."""
    reply_markup = markup(payload.get("buttons"))
    reply = reply_parameters(payload)
    if payload.get("photo"):
        return await bot.send_photo(
            chat_id, payload["photo"], caption=payload.get("text") or None,
            reply_markup=reply_markup, reply_parameters=reply, request_timeout=request_timeout,
        )
    return await bot.send_message(
        chat_id, payload["text"], reply_markup=reply_markup, reply_parameters=reply,
        request_timeout=request_timeout,
    )
