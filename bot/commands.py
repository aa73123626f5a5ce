"""The commands menu (setMyCommands) in each language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import Texts
from storage.users import User

log = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("start", "menu", "quanta", "quiz", "schedule", "news", "events", "ask",
                   "children", "language", "help", "cancel", "mydata", "forget")


def public_commands(texts: Texts, locale: str) -> list[BotCommand]:
    return [
        BotCommand(command=name, description=texts.get(locale, f"cmd-{name}"))
        for name in PUBLIC_COMMANDS
    ]


async def set_public_commands(bot: Bot, texts: Texts, default_locale: str) -> None:
    scope = BotCommandScopeDefault()
    await bot.set_my_commands(public_commands(texts, default_locale), scope=scope)
    for locale in texts.locales:
        await bot.set_my_commands(
            public_commands(texts, locale), scope=scope, language_code=locale
        )


STAFF_COMMANDS = ("mygroups", "attendance", "checkin", "pastevents", "applications", "questions",
                  "lessons", "week", "closures", "export", "post", "broadcast", "broadcasts",
                  "find", "unanswered")
ADMIN_COMMANDS = ("staff", "audit")


def staff_commands(texts: Texts, locale: str, *, admin: bool) -> list[BotCommand]:
    names = (*PUBLIC_COMMANDS, *STAFF_COMMANDS, *(ADMIN_COMMANDS if admin else ()))
    return [BotCommand(command=n, description=texts.get(locale, f"cmd-{n}")) for n in names]


async def set_staff_commands(bot: Bot, texts: Texts, user: User) -> None:
    """A staff member's own menu (chat scope), in their language. Never raises."""
    scope = BotCommandScopeChat(chat_id=user.id)
    commands = staff_commands(texts, user.language, admin=user.is_admin)
    try:
        await bot.set_my_commands(commands, scope=scope)
    except Exception as exc:  # noqa: BLE001 - the menu is a nicety
        log.warning("Could not set staff commands for %s: %s", user.id, exc)


async def clear_staff_commands(bot: Bot, user_id: int) -> None:
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=user_id))
    except Exception as exc:  # noqa: BLE001
        log.warning("Could not clear staff commands for %s: %s", user_id, exc)
