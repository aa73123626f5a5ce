"""Last in line: unknown commands, messages the bot cannot place, stale or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from handlers.common import send
from handlers.flow import Flow
from handlers.menu import home_screen
from storage.users import User


async def unknown_command(message: Message, flow: Flow) -> None:
    await flow.send(home_screen(flow.t, flow.user, note=flow.t("unknown-command")))


async def not_understood(message: Message, flow: Flow) -> None:
    """Anything no other handler took: the menu (an album of photos once, not once a
    photo)."""
    if not flow.services.chat.albums.first(flow.user.id, message.media_group_id):
        return
    await flow.send(home_screen(flow.t, flow.user, note=flow.t("not-understood")))


async def stale_button(query: CallbackQuery, t: T, user: User) -> None:
    """A button from an old message, or data we never produced: say so, show the menu (the
    message says it: no toast repeating it)."""
    await send(query, home_screen(t, user, note=t("stale-button")))


async def stale(flow: Flow) -> None:
    """As `stale_button`, for a handler that found its press's data stale."""
    await flow.send(home_screen(flow.t, flow.user, note=flow.t("stale-button")))


def router() -> Router:
    r = Router(name="fallback")
    r.message.register(unknown_command, F.text.startswith("/"))
    r.message.register(not_understood)
    r.callback_query.register(stale_button)
    return r
