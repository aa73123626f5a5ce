"""The one sender: delivers outbox rows through a rate limiter and records every outcome.

APScheduler calls `tick()` every second; a tick starts a drain unless one is running. A drain
claims due rows (one per chat), sends them no faster than the configured rates, and records the
batch's outcomes before claiming the next, so a row that was sent is recorded before the next
message to the same chat leaves.

Network trouble and Telegram's 5xx are retried with capped backoff for as long as the row is
worth sending (its use-by time: a seat offer's deadline, say), not for a fixed number of tries:
an outage of an hour must not cost a family the seat it was offered.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from storage.clock import utcnow
from storage.outbox import OutboxRepo, OutboxRow, Outcome

log = logging.getLogger(__name__)

MAX_FLOOD_WAITS = 10
MAX_BACKOFF_SECONDS = 300.0
BatchHook = Callable[[list[OutboxRow], list[Outcome]], Awaitable[None]]


class SlidingWindow:
    """At most `rate` acquisitions in any window of one second (a little more, for margin).

    A leaky bucket (aiolimiter) either lets a full bucket through and then refills it — up to
    twice the rate in one second — or, with a bucket of one, waits for a timer per message and
    loses the timer's lateness every time (about 60% of the rate at 1000 msg/s). A window over
    the last sends keeps the promise exactly and loses nothing to late timers.
    """

    MARGIN = 1.005

    def __init__(self, rate: float) -> None:
        self.capacity = max(1, int(rate))
        self.window = self.capacity / rate * self.MARGIN
        self._sent: deque[float] = deque()

    async def acquire(self) -> None:
        while True:
            now = time.monotonic()
            while self._sent and self._sent[0] <= now - self.window:
                self._sent.popleft()
            if len(self._sent) < self.capacity:
                self._sent.append(now)
                return
            await asyncio.sleep(self._sent[0] + self.window - now)


def markup(buttons: list[list[dict[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton.model_validate(button) for button in row] for row in buttons
    ])


class Sender:
    def __init__(
        self,
        bot: Bot,
        outbox: OutboxRepo,
        *,
        rate: float = 25.0,
        per_chat_rate: float = 1.0,
        lease: timedelta = timedelta(minutes=2),
        backoff: float = 2.0,
        max_backoff: float = MAX_BACKOFF_SECONDS,
        request_timeout: int = 20,
        on_batch: BatchHook | None = None,
    ) -> None:
        self.bot = bot
        self.outbox = outbox
        self.rate = rate
        self.per_chat_interval = 1.0 / per_chat_rate
        self.lease = lease
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.request_timeout = request_timeout
        self.on_batch = on_batch
        self._limiter = SlidingWindow(rate)
        self._last_to_chat: dict[int, float] = {}
        self._paused_until = 0.0
        self._task: asyncio.Task[int] | None = None
        self._stopping = False
        self.batch_size = max(1, int(rate))
        self.sent_total = 0
        self.retry_afters = 0

    # ---- driving ---------------------------------------------------------------------

    async def tick(self) -> None:
        """Start a drain in the background unless one is running (the scheduler's job)."""
        if self._stopping or (self._task is not None and not self._task.done()):
            return
        self._task = asyncio.create_task(self.drain(), name="outbox-drain")

    async def stop(self, timeout: float = 10.0) -> None:
        """Finish the batch in flight (recording it), then stop."""
        self._stopping = True
        task = self._task
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout)
            except TimeoutError:
                task.cancel()
                log.warning("outbox: batch still in flight at shutdown; it will be resent")

    async def drain(self) -> int:
        """Send everything due now; returns how many rows were handled."""
        handled = 0
        while not self._stopping:
            rows = await self.outbox.claim(self.batch_size, self.lease)
            if not rows:
                break
            outcomes = list(await asyncio.gather(*(self._deliver(row) for row in rows)))
            await self.outbox.finish(outcomes)
            handled += len(rows)
            if self.on_batch is not None:
                try:
                    await self.on_batch(rows, outcomes)
                except Exception:
                    log.exception("outbox: batch hook failed")
        return handled

    # ---- pacing ------------------------------------------------------------------------

    async def pace(self, chat_id: int | None = None) -> None:
        """Wait for a sending slot: the global rate, any Telegram-ordered pause, and the
        chat's own rate. Also used for the bot's other calls that count against the limits
        (editing a broadcast's progress)."""
        while True:
            pause = self._paused_until - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            if chat_id is not None:
                wait = self._last_to_chat.get(chat_id, 0.0) + self.per_chat_interval
                wait -= time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            await self._limiter.acquire()
            if self._paused_until <= time.monotonic():
                break
        if chat_id is not None:
            self._last_to_chat[chat_id] = time.monotonic()
            if len(self._last_to_chat) > 50_000:
                horizon = time.monotonic() - self.per_chat_interval
                self._last_to_chat = {
                    c: t for c, t in self._last_to_chat.items() if t > horizon
                }

    def pause_all(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    # ---- one row -----------------------------------------------------------------------

    async def _deliver(self, row: OutboxRow) -> Outcome:
        for _ in range(MAX_FLOOD_WAITS):
            await self.pace(row.chat_id)
            if row.staff_only and not await self.outbox.still_staff(row.chat_id):
                # revoked while it waited its turn: a child's name is not for them any more
                return Outcome(row.id, row.chat_id, "dropped", error="not staff")
            try:
                message = await self._send(row)
            except TelegramRetryAfter as exc:
                # Telegram asks everyone to wait: pause all sending, then retry this row
                self.retry_afters += 1
                log.warning("outbox: flood control, pausing %s s", exc.retry_after)
                self.pause_all(float(exc.retry_after))
                continue
            except TelegramForbiddenError as exc:
                return Outcome(row.id, row.chat_id, "blocked", error=exc.message)
            except TelegramBadRequest as exc:
                return Outcome(row.id, row.chat_id, "failed", error=exc.message[:500])
            except (TelegramNetworkError, TelegramServerError, TimeoutError, OSError) as exc:
                return self._retry_or_expire(row, f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # noqa: BLE001 - any other failure must not stop the queue
                log.exception("outbox: row %s failed", row.id)
                return Outcome(row.id, row.chat_id, "failed", error=f"{type(exc).__name__}")
            self.sent_total += 1
            return Outcome(row.id, row.chat_id, "sent", message_id=message.message_id)
        # still refused after many waits: leave it for a later drain, untouched by attempts
        return Outcome(row.id, row.chat_id, "retry", error="flood control",
                       retry_at=utcnow() + timedelta(seconds=max(1.0, self._pause_left())))

    def _pause_left(self) -> float:
        return self._paused_until - time.monotonic()

    def _retry_or_expire(self, row: OutboxRow, error: str) -> Outcome:
        """A transient failure: try again after a capped backoff, the last time no later than
        the row's use-by time; past it the row is expired."""
        now = utcnow()
        use_by = row.use_by
        if now >= use_by:
            return Outcome(row.id, row.chat_id, "expired", error=error[:500])
        # the exponent is bounded too: a float power overflows long before a day of tries
        delay = min(self.backoff ** min(row.attempts, 64), self.max_backoff)
        return Outcome(
            row.id, row.chat_id, "retry", error=error[:500],
            retry_at=min(now + timedelta(seconds=delay), use_by),
        )

    async def _send(self, row: OutboxRow) -> Message:
        return await send_payload(self.bot, row.chat_id, row.payload, self.request_timeout)


async def send_payload(
    bot: Bot, chat_id: int, payload: dict[str, Any], request_timeout: int | None = None
) -> Message:
    """Send a stored message: text, or a photo with the text as its caption."""
    reply_markup = markup(payload.get("buttons"))
    if payload.get("photo"):
        return await bot.send_photo(
            chat_id, payload["photo"], caption=payload.get("text") or None,
            reply_markup=reply_markup, request_timeout=request_timeout,
        )
    return await bot.send_message(
        chat_id, payload["text"], reply_markup=reply_markup, request_timeout=request_timeout,
    )
