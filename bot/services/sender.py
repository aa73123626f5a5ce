"""The one sender: delivers outbox rows continuously, paced, recording each outcome as it
arrives.

APScheduler calls `tick()` every second; a tick starts a drain unless one is running. A drain
(bot.services.drain) claims a small queue of due rows (about a second's worth, by priority,
one row per chat), and `workers` tasks send them side by side: each takes the best ready row,
waits for a slot from the pacer (bot.services.pacing: slots about 1/rate apart, never more
than `rate` in any second, none during a flood-control pause), checks that the row is still
its claim's to send (a /forget may have cancelled and blanked it meanwhile: then it is not
sent) and still worth sending, re-checks a staff-only row's recipient, sends and classifies
the answer. A request hanging until its timeout holds one worker, not the others. Outcomes
are written only to rows still `sending`. A flusher commits the outcomes every 100 ms (a
group commit), and a chat's next row is claimed only after its previous outcome is committed,
so its messages keep their order and a crash repeats at most the requests in flight and the
last ~100 ms of outcomes, not a batch.

`stop()` stops claiming, gives back the claimed rows not yet sent, lets the requests in
flight finish within the timeout, and commits their outcomes.

A 429 pauses all sending for as long as Telegram says; while the pause lasts, the leases of
the rows claimed are renewed (bot.services.leases), so a pause longer than the lease does not
let the recovery hand them to another drain while this one still means to send them.

Network trouble and Telegram's 5xx are retried with capped backoff for as long as the row is
worth sending (its use-by time: a seat offer's deadline, say), not for a fixed number of tries:
an outage of an hour must not cost a family the seat it was offered.

A reminder's time («через 2 часа», «завтра в 15:00») is worded again just before its request
(bot.services.reminder_wording), so a late one says how far off its lesson really is; one whose
lesson or event has begun is expired, not sent.

What it does is told to `counters` (bot.ops.metrics.Metrics): messages sent by kind, 429s and the
seconds of pause they caused, recipients who blocked the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import Message

from bot.i18n import Texts
from bot.services.drain import Drain
from bot.services.leases import LeaseKeeper
from bot.services.pacing import Pacer, Slot
from bot.services.payloads import send_payload
from bot.services.recheck import Recheck
from bot.services.reminder_wording import Wording, starts
from bot.services.send_counters import NoCounters, SendCounters
from storage.clock import utcnow
from storage.outbox import OutboxRepo, OutboxRow, Outcome

log = logging.getLogger(__name__)

# the sending slot granted to the task delivering a row, until its request leaves
_granted: ContextVar[Slot | None] = ContextVar("granted_slot", default=None)

MAX_FLOOD_WAITS = 10
MAX_BACKOFF_SECONDS = 300.0
WORKER_SECONDS = 0.25  # workers: the rate times this, within the bounds below
MIN_WORKERS, MAX_WORKERS = 16, 256
STOP_FLUSH_SECONDS = 5.0  # after the stop timeout, this long to commit what came back
BatchHook = Callable[[list[OutboxRow], list[Outcome]], Awaitable[None]]


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
        counters: SendCounters | None = None,
        texts: Texts | None = None,
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
        self.counters: SendCounters = counters if counters is not None else NoCounters()
        self.wording = Wording(texts)  # reminders' time parts, worded as they leave
        # claimed and not yet sent: about a second's worth
        self.queue_size = max(1, int(rate))
        self.workers = max(MIN_WORKERS, min(MAX_WORKERS, math.ceil(rate * WORKER_SECONDS)))
        self._pacer = Pacer(rate)
        self.recheck = Recheck(outbox)
        self._last_to_chat: dict[int, float] = {}
        self._priority: dict[int, int] = {}  # chat → priority of the row a worker holds for it
        self._task: asyncio.Task[int] | None = None
        self._drains: set[Drain] = set()
        self._stopping = False
        self.leases = LeaseKeeper(outbox, lease, self._pacer.paused_for, self._held_claims)
        self.sent_total = 0
        self.retry_afters = 0

    # ---- driving ---------------------------------------------------------------------

    async def tick(self) -> None:
        """Start a drain in the background unless one is running (the scheduler's job)."""
        if self._stopping or (self._task is not None and not self._task.done()):
            return
        self._task = asyncio.create_task(self.drain(), name="outbox-drain")

    async def stop(self, timeout: float = 10.0) -> None:
        """Stop claiming, give back what was claimed but not sent, let the requests in flight
        finish (within `timeout`) and commit every outcome; then stop."""
        self._stopping = True
        self.leases.stop()
        drains = list(self._drains)
        if not drains:
            return
        for drain in drains:
            drain.wind_down()
        if await _wait_all(drains, timeout):
            return
        in_flight = sum(len(drain.wire) for drain in drains)
        log.warning("outbox: %d requests still in flight at shutdown; they will be resent",
                    in_flight)
        for drain in drains:
            drain.abandon()
        if not await _wait_all(drains, STOP_FLUSH_SECONDS) and self._task is not None:
            self._task.cancel()

    async def drain(self) -> int:
        """Send everything due now, recording every outcome; returns how many rows were
        handled. Returns when nothing more is due (or on `stop()`)."""
        if self._stopping:
            return 0
        drain = Drain(self)
        self._drains.add(drain)
        try:
            return await drain.run()
        finally:
            self._drains.discard(drain)

    @property
    def unrecorded(self) -> int:
        """Requests on their way plus outcomes not yet committed: what a crash now could
        send twice."""
        return sum(len(d.wire) + len(d.outcomes) + d.committing for d in self._drains)

    # ---- pacing ------------------------------------------------------------------------

    async def pace(self, chat_id: int | None = None) -> None:
        """Wait for a sending slot: the chat's own rate, then the global pace and any
        Telegram-ordered pause. Also used for the bot's other calls that count against the
        limits (editing a broadcast's progress), which go first and at once. A row's slot
        (`chat_id` given) is counted from when its request leaves: `_leaving()`."""
        if chat_id is not None:
            wait = self._last_to_chat.get(chat_id, -math.inf) + self.per_chat_interval
            wait -= time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        priority = self._priority.get(chat_id, 0) if chat_id is not None else 0
        while True:
            slot = await self._pacer.acquire(priority)
            if self._pacer.paused_for() <= 0:  # a 429 may have come back in the meantime
                break
            slot.leave()
        if chat_id is None:
            slot.leave()
        else:
            _granted.set(slot)  # this task's: the row's request leaves after its last check
            self._last_to_chat[chat_id] = time.monotonic()
            if len(self._last_to_chat) > 50_000:
                horizon = time.monotonic() - self.per_chat_interval
                self._last_to_chat = {
                    c: t for c, t in self._last_to_chat.items() if t > horizon
                }

    @staticmethod
    def _leaving() -> None:
        """The row's request goes now (or its slot is given up): the window counts it from
        this moment, so a wait between the slot and the request cannot bunch requests up."""
        slot = _granted.get()
        if slot is not None:
            slot.leave()
            _granted.set(None)

    def not_before(self, chat_id: int) -> float:
        """When (monotonic) this chat may receive its next message."""
        return self._last_to_chat.get(chat_id, -math.inf) + self.per_chat_interval

    def pause_all(self, seconds: float) -> float:
        """Pause all sending for `seconds`; returns how much longer the pause now lasts
        (pauses asked for side by side overlap, they do not add up)."""
        before = max(self._pacer.paused_until, time.monotonic())
        self._pacer.pause(seconds)
        return max(0.0, self._pacer.paused_until - before)

    # ---- one row -----------------------------------------------------------------------

    async def deliver(self, row: OutboxRow, drain: Drain) -> Outcome:
        """Send one row of this drain and classify the answer. While its request is on its
        way the row's id is in `drain.wire` (and stays there if cancelled then: it may have
        been delivered)."""
        self._priority[row.chat_id] = row.priority
        try:
            return await self._deliver(row, drain)
        finally:
            self._priority.pop(row.chat_id, None)

    async def _deliver(self, row: OutboxRow, drain: Drain) -> Outcome:
        wire = drain.wire
        for _ in range(MAX_FLOOD_WAITS):
            await self.pace(row.chat_id)
            try:
                refused = await self.refusal(drain.claim_of(row))
            finally:
                self._leaving()
            if refused is not None:
                return refused
            wire.add(row.id)
            try:
                message = await self._send(row)
            except TelegramRetryAfter as exc:
                # Telegram asks everyone to wait: pause all sending, then retry this row
                wire.discard(row.id)
                self.retry_afters += 1
                log.warning("outbox: flood control, pausing %s s", exc.retry_after)
                self.counters.count_flood_wait(self.pause_all(float(exc.retry_after)))
                self.leases.watch()
                continue
            except TelegramForbiddenError as exc:
                self.counters.count_blocked(row.kind)
                return Outcome(row.id, row.chat_id, "blocked", error=exc.message)
            except TelegramBadRequest as exc:
                return Outcome(row.id, row.chat_id, "failed", error=exc.message[:500])
            except (TelegramNetworkError, TelegramServerError, TimeoutError, OSError) as exc:
                return self.retry_or_expire(row, f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # noqa: BLE001 - any other failure must not stop the queue
                log.exception("outbox: row %s failed", row.id)
                return Outcome(row.id, row.chat_id, "failed", error=f"{type(exc).__name__}")
            self.sent_total += 1
            self.counters.count_sent(row.kind)
            return Outcome(row.id, row.chat_id, "sent", message_id=message.message_id)
        # still refused after many waits: leave it for a later drain, untouched by attempts
        return Outcome(row.id, row.chat_id, "retry", error="flood control",
                       retry_at=utcnow() + timedelta(seconds=max(1.0, self._pause_left())))

    async def refusal(self, row: OutboxRow) -> Outcome | None:
        """Just before the request (after the wait for a slot, which may be long): why the row
        must not be sent now, or None to send it. Cancelled meanwhile (a /forget, a revocation)
        or claimed again elsewhere: not sent, nothing recorded; past its own expiry (a lesson's
        start, an offer's deadline; as `claim` judges it): expired; a staff notice whose
        recipient is no longer staff: dropped."""
        verdict = await self.recheck.verdict(row)
        if verdict == "gone":
            log.info("outbox: row %s was cancelled or taken over while it waited; not sent",
                     row.id)
            return Outcome(row.id, row.chat_id, "gone")
        if verdict == "blank":
            return Outcome(row.id, row.chat_id, "dropped", error="blanked")
        now, begins = utcnow(), starts(row.payload)
        if (row.expires_at is not None and now >= row.expires_at) or (
                begins is not None and now >= begins):  # a reminder whose lesson has begun
            return Outcome(row.id, row.chat_id, "expired", error="expired")
        if row.staff_only and not await self.outbox.still_staff(row.chat_id):
            # revoked while it waited its turn: a child's name is not for them any more
            return Outcome(row.id, row.chat_id, "dropped", error="not staff")
        return None

    def _held_claims(self) -> list[OutboxRow]:
        return [claim for drain in self._drains for claim in drain.held_claims()]

    def _pause_left(self) -> float:
        return self._pacer.paused_for()

    def retry_or_expire(self, row: OutboxRow, error: str) -> Outcome:
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
        payload = self.wording.reword(row.payload, utcnow())
        return await send_payload(self.bot, row.chat_id, payload, self.request_timeout)


async def _wait_all(drains: list[Drain], timeout: float) -> bool:
    """Wait until every drain has finished; False if the timeout came first."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(drain.finished.wait() for drain in drains)), timeout
        )
        return True
    return False
