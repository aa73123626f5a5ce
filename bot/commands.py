"""The commands menu (setMyCommands) in each language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeDefault

from bot.i18n import Texts

log = logging.getLogger(__name__)

PUBLIC_COMMANDS = ("start", "menu", "quanta", "quiz", "language", "help", "cancel")


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
