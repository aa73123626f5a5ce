"""Outer middlewares: who is writing (user row, language, voice), and in-flight tracking."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TgUser
from aiolimiter import AsyncLimiter

from bot.fsm_storage import SQLiteStorage
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


class CollectState(BaseMiddleware):
    """One write of the conversation state per update, however many steps the handler took."""

    def __init__(self, storage: SQLiteStorage) -> None:
        self.storage = storage

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        async with self.storage.collecting():
            return await handler(event, data)


class Throttle(BaseMiddleware):
    """Per-user flood control: past `per_minute` updates (as a burst, refilled steadily) a
    user's updates are dropped with one polite note a minute, so one flooding user cannot slow
    everyone else. Runs after UserContext, so the note is in the user's language."""

    NOTE_EVERY = 60.0

    def __init__(self, per_minute: int, cache_size: int = 10_000) -> None:
        self.per_minute = per_minute
        self.cache_size = cache_size
        self._limiters: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._noted: dict[int, float] = {}

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        user = data.get("user")
        if self.per_minute <= 0 or user is None:
            return await handler(event, data)
        limiter = self._limiters.get(user.id)
        if limiter is None:
            limiter = self._limiters[user.id] = AsyncLimiter(self.per_minute, 60)
            if len(self._limiters) > self.cache_size:
                self._limiters.popitem(last=False)
        else:
            self._limiters.move_to_end(user.id)
        if limiter.has_capacity():
            await limiter.acquire()
            return await handler(event, data)
        await self._slow_down(event, data, user.id)
        return None

    async def _slow_down(self, event: TelegramObject, data: dict[str, Any], user_id: int) -> None:
        t = data["t"]
        update = event if isinstance(event, Update) else None
        query = update.callback_query if update else None
        if query is not None:
            await query.answer(t("too-fast"))
            return
        now = time.monotonic()
        if now - self._noted.get(user_id, -self.NOTE_EVERY) < self.NOTE_EVERY:
            return
        self._noted[user_id] = now
        bot = data.get("bot")
        if bot is not None:
            await bot.send_message(user_id, t("too-fast"))


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
        data["first_contact"] = user is None
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
        if user.blocked:
            # they are back: deliveries may reach them again
            user = await self.users.set_blocked(user.id, False) or user
        if (tg_user.username, tg_user.first_name[:256]) != (user.username, user.first_name):
            user = await self.users.set_profile(
                user.id, tg_user.first_name, tg_user.username
            ) or user
        self.users.seen(user)
        data["user"] = user
        data["t"] = self.texts.bind(user.language, you=voice(user.role))
        return await handler(event, data)
