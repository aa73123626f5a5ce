"""A stored message as it goes to Telegram: its text or photo, its buttons, the message it
quotes. The sender sends outbox rows with it; staff previews send drafts the same way."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    ReplyParameters,
)

from bot.services.event_tickets import qr_png, ticket_link


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
    """Send a stored message: text, or a photo with the text as its caption, or an album
    (`media`: photos' file ids, the text as the first one's caption); quoting a message of
    the chat if `reply_to` names one."""
    reply_markup = markup(payload.get("buttons"))
    reply = reply_parameters(payload)
    if payload.get("media"):
        return await send_album(bot, chat_id, payload, request_timeout)
    if payload.get("qr_token"):
        return await send_ticket(bot, chat_id, payload, request_timeout)
    if payload.get("photo"):
        return await bot.send_photo(
            chat_id, payload["photo"], caption=payload.get("text") or None,
            reply_markup=reply_markup, reply_parameters=reply, request_timeout=request_timeout,
        )
    return await bot.send_message(
        chat_id, payload["text"], reply_markup=reply_markup, reply_parameters=reply,
        request_timeout=request_timeout,
    )


async def send_ticket(
    bot: Bot, chat_id: int, payload: dict[str, Any], request_timeout: int | None = None
) -> Message:
    """An event's ticket: its QR code (the bot's link with the ticket's token, drawn now in
    memory, no network) as a photo, the text as its caption, the buttons kept. Should
    Telegram still refuse the caption as too long, the photo goes alone and the text follows
    it as a message with the buttons: the QR code is never lost to its caption."""
    me = await bot.me()
    link = ticket_link(me.username or "", str(payload["qr_token"]))
    png = qr_png(link, str(payload.get("qr_code") or "") or None)
    try:
        return await bot.send_photo(
            chat_id, BufferedInputFile(png, filename="ticket.png"),
            caption=payload.get("text") or None, reply_markup=markup(payload.get("buttons")),
            reply_parameters=reply_parameters(payload), request_timeout=request_timeout,
        )
    except TelegramBadRequest as error:
        if "caption" not in error.message.lower():
            raise
    sent = await bot.send_photo(
        chat_id, BufferedInputFile(png, filename="ticket.png"),
        reply_parameters=reply_parameters(payload), request_timeout=request_timeout)
    await bot.send_message(chat_id, str(payload.get("text") or ""),
                           reply_markup=markup(payload.get("buttons")),
                           request_timeout=request_timeout)
    return sent


async def send_album(
    bot: Bot, chat_id: int, payload: dict[str, Any], request_timeout: int | None = None
) -> Message:
    """An album of photos (an album carries no buttons) as one request: Telegram sends it
    whole or not at all; its first message stands for it. One photo goes as a photo (an
    album has two at least)."""
    photos = [str(file_id) for file_id in payload["media"]]
    caption = payload.get("text") or None
    if len(photos) == 1:
        return await bot.send_photo(chat_id, photos[0], caption=caption,
                                    request_timeout=request_timeout)
    media: list[Any] = [InputMediaPhoto(media=file_id, caption=caption if n == 0 else None)
             for n, file_id in enumerate(photos)]
    sent = await bot.send_media_group(chat_id, media, request_timeout=request_timeout)
    return sent[0]
