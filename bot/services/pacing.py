"""When the next request to Telegram may leave: sends spread about 1/rate apart, never more
than `rate` in any second, best priority first, and nothing at all during a flood-control pause.

One `Pacer` serves the sender's workers and the bot's other calls that count against the same
limits (a broadcast's progress edits). Waiters queue with a priority; a single granting task
releases one of them per slot. Telegram's flood control reacts to bursts, so slots are spaced
evenly rather than handed out at the start of each second; when the event loop wakes late, the
slots it missed are caught up at once, but only a little (`CATCH_UP_SECONDS`), and never past
the sliding window's hard limit.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque

CATCH_UP_SECONDS = 0.01  # at most this much lateness (at least one slot) is caught up at once


class Slot:
    """One send granted. Until it leaves it holds its place in the window; once it leaves,
    it counts from then. What Telegram counts is when requests arrive, and between the grant
    and the request there may be a wait (the row's last check, a busy event loop): counted
    from the grant, sends granted a second apart could arrive less than a second apart."""

    __slots__ = ("at", "pending")

    def __init__(self, at: float) -> None:
        self.at = at
        self.pending = True

    def leave(self) -> None:
        """The request is going now (or was given up): count the slot from this moment.
        Only the first call counts."""
        if self.pending:
            self.pending = False
            self.at = max(self.at, time.monotonic())


class SlidingWindow:
    """At most `rate` sends in any window of one second (a little more, for margin).

    A leaky bucket (aiolimiter) either lets a full bucket through and then refills it — up to
    twice the rate in one second — or, with a bucket of one, loses each timer's lateness. The
    pacer spaces the sends; this window is the promise it never breaks while catching up."""

    MARGIN = 1.02  # 20 ms a second: what an OS pause between a send and its arrival may take

    def __init__(self, rate: float) -> None:
        self.capacity = max(1, int(rate))
        self.window = self.capacity / rate * self.MARGIN
        self._sent: deque[Slot] = deque()

    def delay(self, now: float) -> float:
        """Seconds until one more send fits (0: now)."""
        sent = self._sent
        while sent and not sent[0].pending and sent[0].at <= now - self.window:
            sent.popleft()
        if len(sent) < self.capacity:
            return 0.0
        first = sent[0]
        if first.pending:  # granted but not gone yet: look again a slot later
            return self.window / self.capacity
        return first.at + self.window - now

    def take(self, now: float) -> Slot:
        slot = Slot(now)
        self._sent.append(slot)
        return slot


class Pacer:
    """Grants slots one at a time: spaced `interval` apart, within the sliding window, after
    any pause, to the waiter with the lowest priority number (then the earliest)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.interval = SlidingWindow.MARGIN / rate
        self.catch_up = max(self.interval, CATCH_UP_SECONDS)
        self.window = SlidingWindow(rate)
        self.paused_until = 0.0
        self.granted = 0
        self._next = 0.0  # when the next slot is due
        self._waiters: list[tuple[int, int, asyncio.Future[Slot]]] = []
        self._order = itertools.count()
        self._task: asyncio.Task[None] | None = None

    async def acquire(self, priority: int = 0) -> Slot:
        """Wait for a slot; a lower `priority` number goes first. The caller calls the slot's
        `leave()` as its request goes (or when it gives the slot up)."""
        future: asyncio.Future[Slot] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._grant(), name="pacer")
        # cancelled while waiting: the future is cancelled too and the granting task skips it
        return await future

    def pause(self, seconds: float) -> None:
        """Telegram asked to wait: no slot is granted before then."""
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    def paused_for(self) -> float:
        return self.paused_until - time.monotonic()

    async def _grant(self) -> None:
        # a pacer that was idle owes nothing: the schedule starts again now
        self._next = max(self._next, time.monotonic())
        while self._waiters:
            if self._waiters[0][2].done():  # its waiter was cancelled
                heapq.heappop(self._waiters)
                continue
            now = time.monotonic()
            due = max(self._next, self.paused_until)
            wait = max(due - now, self.window.delay(now))
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            _, _, future = heapq.heappop(self._waiters)
            future.set_result(self.window.take(now))
            self.granted += 1
            resumed = self.paused_until >= self._next
            # late by up to `catch_up`: the next slot keeps the schedule (so it comes sooner);
            # later than that, the lost time is forgotten rather than sent in a burst
            self._next = (now if resumed else max(due, now - self.catch_up)) + self.interval
