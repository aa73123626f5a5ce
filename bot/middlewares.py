"""Outer middlewares: who is writing (user row, language, voice), and in-flight tracking."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser

from bot.i18n import Texts, locale_for, voice
from bot.settings import Settings
from storage.users import Role, UserRepo

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """Counts updates being handled, so shutdown can wait for them before closing the
    database."""

    def __init__(self) -> None:
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        self.running += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self.running -= 1
            if self.running == 0:
                self._idle.set()

    async def wait_idle(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class UserContext(BaseMiddleware):
    """Finds or creates the user's row and gives handlers `user` and `t` (their translator)."""

    def __init__(self, users: UserRepo, texts: Texts, settings: Settings) -> None:
        self.users = users
        self.texts = texts
        self.settings = settings

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None or tg_user.is_bot:
            return await handler(event, data)
        user = await self.users.get(tg_user.id)
        if user is None:
            user = await self.users.create(
                tg_user.id,
                language=locale_for(
                    tg_user.language_code,
                    self.settings.russian_language_codes,
                    self.settings.default_locale,
                ),
                first_name=tg_user.first_name,
                username=tg_user.username,
                role="admin" if tg_user.id in self.settings.admin_ids else None,
            )
        elif (tg_user.id in self.settings.admin_ids) != (user.role == "admin"):
            # ADMIN_IDS is the truth for admins; someone taken off it chooses their role again.
            role: Role | None = "admin" if tg_user.id in self.settings.admin_ids else None
            user = await self.users.set_role(user.id, role) or user
        self.users.seen(user)
        data["user"] = user
        data["t"] = self.texts.bind(user.language, you=voice(user.role))
        return await handler(event, data)
