"""Outer middlewares: who is writing (user row, language, voice), and in-flight tracking."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, TelegramObject, Update
from aiogram.types import User as TgUser
from aiolimiter import AsyncLimiter

from bot.fsm_storage import SQLiteStorage
from bot.i18n import Texts, locale_for, voice
from bot.ops import logs
from bot.services.staff_roles import StaffRoles
from bot.settings import Settings
from bot.ui.callbacks import Nav
from storage.users import UserRepo

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """Counts updates being handled, so shutdown can wait for them before closing the
    database; and sets the update and user the log lines belong to."""

    def __init__(self) -> None:
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        self.running += 1
        self._idle.clear()
        # every log line written while handling it names the update and the user
        logs.update_id.set(getattr(event, "update_id", None))
        user = data.get("event_from_user")
        logs.user_id.set(user.id if user is not None else None)
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


class Guard(BaseMiddleware):
    """No update ends in silence. A write that fails (disk full, read-only, locked) is
    answered with «не получилось сохранить, попробуйте ещё раз» in the person's language, and
    the conversation stays as it was (CollectState, inside this one, drops its changes), so
    the same answer or press works once the fault is gone. A press gets a button that presses
    it again. Any other failure gets a short apology and is raised on, to be logged."""

    def __init__(self, texts: Texts, settings: Settings) -> None:
        self.texts = texts
        self.settings = settings

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        try:
            return await handler(event, data)
        except sqlite3.Error:
            log.exception("a write failed; the person was asked to try again")
            await self._tell(event, data, "save-failed")
            return None
        except Exception:
            await self._tell(event, data, "error-generic")
            raise

    async def _tell(self, event: TelegramObject, data: dict[str, Any], key: str) -> None:
        tg_user: TgUser | None = data.get("event_from_user")
        bot = data.get("bot")
        if tg_user is None or bot is None or not isinstance(event, Update):
            return
        t = data.get("t") or self.texts.bind(locale_for(
            tg_user.language_code, self.settings.russian_language_codes,
            self.settings.default_locale,
        ), you=voice(None))
        row = [InlineKeyboardButton(text=t("btn-home"), callback_data=Nav(to="home").pack())]
        query = event.callback_query
        if query is not None and query.data:
            row.insert(0, InlineKeyboardButton(text=t("btn-try-again"), callback_data=query.data))
        markup = InlineKeyboardMarkup(inline_keyboard=[row])
        try:
            await bot.send_message(tg_user.id, t(key), reply_markup=markup)
        except TelegramAPIError:
            log.warning("could not tell user %s that their update failed", tg_user.id)


class CollectState(BaseMiddleware):
    """One write of the conversation state per update, however many steps the handler took."""

    def __init__(self, storage: SQLiteStorage) -> None:
        self.storage = storage

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        storage = self.storage
        collection = storage.collect()
        try:
            result = await handler(event, data)
        except BaseException:
            storage.discard(collection)
            raise
        await storage.commit(collection)
        return result


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

    def __init__(self, users: UserRepo, texts: Texts, settings: Settings,
                 staff_roles: StaffRoles) -> None:
        self.users = users
        self.texts = texts
        self.settings = settings
        self.staff_roles = staff_roles

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
                staff_role="admin" if tg_user.id in self.settings.admin_ids else None,
            )
        elif (tg_user.id in self.settings.admin_ids) != user.is_admin:
            # ADMIN_IDS is the truth for admins; the family capacity stays as it was
            user = await self.staff_roles.follow_admin_list(
                user, tg_user.id in self.settings.admin_ids)
        if user.blocked:
            # they are back: deliveries may reach them again
            user = await self.users.set_blocked(user.id, False) or user
        if (tg_user.username, tg_user.first_name[:256]) != (user.username, user.first_name):
            user = await self.users.set_profile(
                user.id, tg_user.first_name, tg_user.username
            ) or user
        self.users.seen(user)
        data["user"] = user
        data["t"] = self.texts.bind(user.language, you=voice(user.family_role))
        return await handler(event, data)
