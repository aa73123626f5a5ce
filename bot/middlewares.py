"""What the bot does around every update, in one outer middleware (`Pipeline`): in-flight
tracking and the log context, the answer when handling fails, the update metrics, the one
write of the conversation state, who is writing (user row, language, voice), flood control,
and what is put to a person after their visit's own answer.

One middleware rather than one for each: aiogram wraps every outer middleware anew for each
update and passes the update through a frame of each, which cost more than most of them do
(benchmarks/overhead.py)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, TelegramObject, Update
from aiogram.types import User as TgUser
from aiolimiter import AsyncLimiter

from bot.fsm_storage import SQLiteStorage
from bot.i18n import Texts, locale_for, voice
from bot.ops import logs
from bot.ops.metrics import Metrics
from bot.services.staff_roles import StaffRoles
from bot.settings import Settings
from bot.ui.callbacks import Nav
from storage.users import User, UserRepo

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class InFlight(BaseMiddleware):
    """Counts updates being handled, so shutdown can wait for them before closing the
    database; and sets the update and user the log lines belong to (`enter`, `leave`: the
    Pipeline's first and last steps; as a middleware of its own, the same around the
    handler)."""

    def __init__(self) -> None:
        self.running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def enter(self, event: TelegramObject, tg_user: TgUser | None) -> None:
        self.running += 1
        if self.running == 1:
            self._idle.clear()
        # every log line written while handling it names the update and the user
        logs.update_id.set(getattr(event, "update_id", None))
        logs.user_id.set(tg_user.id if tg_user is not None else None)

    def leave(self) -> None:
        self.running -= 1
        if self.running == 0:
            self._idle.set()

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        self.enter(event, data.get("event_from_user"))
        try:
            return await handler(event, data)
        finally:
            self.leave()

    async def wait_idle(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True


class Apology:
    """No update ends in silence: «не получилось сохранить, попробуйте ещё раз» for a write
    that failed, a short apology for anything else, in the person's language. A press gets a
    button that presses it again."""

    def __init__(self, texts: Texts, settings: Settings) -> None:
        self.texts = texts
        self.settings = settings

    async def tell(self, event: TelegramObject, data: dict[str, Any], key: str) -> None:
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


class Visitors:
    """Finds or creates the row of the person writing; keeps it in step with Telegram (their
    name, ADMIN_IDS, back after blocking the bot) and notes their visit."""

    def __init__(self, users: UserRepo, settings: Settings, staff_roles: StaffRoles) -> None:
        self.users = users
        self.settings = settings
        self.staff_roles = staff_roles

    async def row(self, tg_user: TgUser) -> tuple[User, bool]:
        """Their row, and whether this is their first contact."""
        users, settings = self.users, self.settings
        user = users.cached(tg_user.id) or await users.get(tg_user.id)
        first_contact = user is None
        if user is None:
            user = await users.create(
                tg_user.id,
                language=locale_for(tg_user.language_code, settings.russian_language_codes,
                                    settings.default_locale),
                first_name=tg_user.first_name,
                username=tg_user.username,
                staff_role="admin" if tg_user.id in settings.admin_ids else None,
            )
        elif (tg_user.id in settings.admin_ids) != user.is_admin:
            # ADMIN_IDS is the truth for admins; the family capacity stays as it was
            user = await self.staff_roles.follow_admin_list(
                user, tg_user.id in settings.admin_ids)
        if user.blocked:
            # they are back: deliveries may reach them again
            user = await users.set_blocked(user.id, False) or user
        if tg_user.username != user.username or tg_user.first_name[:256] != user.first_name:
            user = await users.set_profile(user.id, tg_user.first_name, tg_user.username) or user
        users.seen(user)
        return user, first_contact


class Throttle:
    """Per-user flood control: past `per_minute` updates (as a burst, refilled steadily: a
    leaky bucket, aiolimiter's) a user's updates are dropped with one polite note a minute, so
    one flooding user cannot slow everyone else. The note is in the user's language."""

    NOTE_EVERY = 60.0

    def __init__(self, per_minute: int, cache_size: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.cache_size = cache_size
        self.clock = clock  # for the note's minute
        self._limiters: OrderedDict[int, AsyncLimiter] = OrderedDict()
        self._noted: dict[int, float] = {}

    async def allows(self, user_id: int) -> bool:
        """Counts the update in; False when the user's bucket is full."""
        limiter = self._limiters.get(user_id)
        if limiter is None:
            limiter = self._limiters[user_id] = AsyncLimiter(self.per_minute, 60)
            if len(self._limiters) > self.cache_size:
                self._limiters.popitem(last=False)
        else:
            self._limiters.move_to_end(user_id)
        if not limiter.has_capacity():
            return False
        await limiter.acquire()  # has capacity: takes it at once
        return True

    async def slow_down(self, event: TelegramObject, data: dict[str, Any], user_id: int) -> None:
        t = data["t"]
        update = event if isinstance(event, Update) else None
        query = update.callback_query if update else None
        if query is not None:
            await query.answer(t("too-fast"))
            return
        now = self.clock()
        if now - self._noted.get(user_id, -self.NOTE_EVERY) < self.NOTE_EVERY:
            return
        self._noted[user_id] = now
        bot = data.get("bot")
        if bot is not None:
            await bot.send_message(user_id, t("too-fast"))


class AfterVisit(Protocol):
    """Something put to a person once their update has been answered (a consent renewal)."""

    def due(self, user_id: int, event: TelegramObject) -> bool:
        """Cheap: might there be something for this person after this update?"""

    async def __call__(self, user: User, data: dict[str, Any]) -> None:
        """Put it; a failure here is its own to log, never the visit's."""


class Pipeline(BaseMiddleware):
    """Every update's way through the bot, outermost first:
    1. in flight (`InFlight`): counted for shutdown, the log context set;
    2. guarded (`Apology`): a failed write (disk full, read-only, locked) is answered «не
       получилось сохранить, попробуйте ещё раз» and the conversation stays as it was (step 4
       drops its changes), so the same answer or press works once the fault is gone; any other
       failure gets a short apology and is raised on, to be logged;
    3. measured (`Metrics`): counted and timed by type, a failure counted (the time covers all
       the handling, before the apology);
    4. the conversation state's changes collected and written once, when the update is done
       (one write however many steps the handler took), or dropped if it failed;
    5. the person (`Visitors`): `user`, `first_contact` and `t` (their translator) in the data;
    6. flood control (`Throttle`, if any): past the limit, the update is dropped with a note;
    7. the handlers; then (`after`) what is to be put to the person at this visit."""

    def __init__(
        self, *, texts: Texts, metrics: Metrics, storage: SQLiteStorage, visitors: Visitors,
        apology: Apology, throttle: Throttle | None = None, after: AfterVisit | None = None,
        inflight: InFlight | None = None,
    ) -> None:
        self.texts = texts
        self.metrics = metrics
        self.storage = storage
        self.visitors = visitors
        self.apology = apology
        self.throttle = throttle
        self.after = after
        self.inflight = inflight or InFlight()

    async def __call__(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        inflight = self.inflight
        inflight.enter(event, tg_user)
        try:
            counters = self.metrics.for_update(event)
            started = time.perf_counter()
            try:
                storage = self.storage
                collection = storage.collect()
                try:
                    if tg_user is None or tg_user.is_bot:
                        result = await handler(event, data)
                    else:
                        result = await self._visit(handler, event, data, tg_user)
                except BaseException:
                    storage.discard(collection)
                    raise
                await storage.commit(collection)
                return result
            except Exception:
                counters.failed()
                raise
            finally:
                counters.done(time.perf_counter() - started)
        except sqlite3.Error:
            log.exception("a write failed; the person was asked to try again")
            await self.apology.tell(event, data, "save-failed")
            return None
        except Exception:
            await self.apology.tell(event, data, "error-generic")
            raise
        finally:
            inflight.leave()

    async def _visit(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any], tg_user: TgUser
    ) -> Any:
        user, data["first_contact"] = await self.visitors.row(tg_user)
        data["user"] = user
        data["t"] = self.texts.bind(user.language, you=voice(user.family_role))
        throttle = self.throttle
        if throttle is not None and not await throttle.allows(user.id):
            await throttle.slow_down(event, data, user.id)
            return None
        result = await handler(event, data)
        after = self.after
        if after is not None and after.due(user.id, event):
            await after(user, data)
        return result
