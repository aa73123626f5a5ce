"""One drain of the outbox: the claimer, the workers and the flusher of `Sender.drain()`.

The claimer (`claim_until_done`) keeps a local queue of claimed, unsent rows topped up to about
a second's worth (`Sender.queue_size`): it claims again once a quarter of it has gone (or at
once when it is empty), looking when a worker takes a row, when a commit frees chats for their
next rows, and every `CLAIM_SECONDS` (newly due rows). The queue is a heap by priority, so a
reminder claimed now goes before the broadcast rows claimed earlier; a row whose chat had a
message less than 1/per-chat-rate ago waits aside until then.

Workers (up to `Sender.workers` of them, started as rows come) take the best ready row and
`Sender.deliver` it: pace, the check that the row is still this claim's and worth sending, the
staff re-check, the request, the answer's classification. A request that hangs until its
timeout holds its worker only.

The flusher commits the outcomes gathered every `FLUSH_SECONDS` in one transaction and then
passes them to the batch hook, in a task of its own so a hook waiting for a sending slot never
delays a commit. A chat's row leaves `sending` only with that commit, and only then can the
chat's next row be claimed.

The drain ends when nothing is held and a claim made after the last commit finds nothing.
Cancelled from outside (the process "dies"), it commits nothing more: the rows it held stay
`sending`, and recovery sends them again. `wind_down()` (a stop) gives back the claimed rows
not yet sent and lets the requests on their way finish and be recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import time
from typing import TYPE_CHECKING

from storage.outbox import OutboxRow, Outcome

if TYPE_CHECKING:
    from bot.services.sender import Sender

log = logging.getLogger(__name__)

FLUSH_SECONDS = 0.1  # outcomes are committed this often
CLAIM_SECONDS = 0.2  # the claimer looks for newly due rows at least this often


def released(row: OutboxRow) -> Outcome:
    """A claimed row given back unsent (at a stop)."""
    return Outcome(row.id, row.chat_id, "released")


class Drain:
    """One drain's moving parts: the claimer, the workers, the flusher, the hook runner."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self.outbox = sender.outbox
        self.min_claim = max(1, sender.queue_size // 4)
        self.ready: list[tuple[int, int, OutboxRow]] = []  # (priority, claim order, row)
        self.later: list[tuple[float, int, OutboxRow]] = []  # (chat's next turn, order, row)
        self.order = itertools.count()
        self.held: dict[int, int] = {}  # chat → its row, from the claim to the commit
        self.claims: dict[int, OutboxRow] = {}  # a held row's claim (claimed again: the new)
        self.holding: dict[asyncio.Task[None], OutboxRow] = {}  # worker → its row
        self.wire: set[int] = set()  # rows whose request is on its way
        self.outcomes: list[tuple[OutboxRow, Outcome]] = []  # not yet committed
        self.committing = 0  # outcomes in the commit under way
        self.hooked: list[tuple[OutboxRow, Outcome]] = []  # committed, not yet hooked
        self.hook_task: asyncio.Task[None] | None = None
        self.workers: list[asyncio.Task[None]] = []
        self.flush_lock = asyncio.Lock()
        self.rows_added = asyncio.Event()
        self.wake_claimer = asyncio.Event()
        self.finished = asyncio.Event()
        self.exhausted = False  # the last claim found fewer rows than it asked for
        self.over = False  # no more rows will be handed out
        self.winding_down = False
        self.handled = 0

    async def run(self) -> int:
        flusher = asyncio.create_task(self.flush_every(), name="outbox-flush")
        claimer = asyncio.create_task(self.claim_until_done(), name="outbox-claim")
        try:
            # asyncio.wait, not await: a cancelled drain stops at once, not after a claim
            await asyncio.wait([claimer])
            if not claimer.cancelled() and claimer.exception() is not None:
                log.error("outbox: claiming failed; this drain stops",
                          exc_info=claimer.exception())
                self.wind_down()
            self.over = True
            self.rows_added.set()
            if self.workers:
                await asyncio.wait(self.workers)
            async with self.flush_lock:  # never cancel a commit half-way
                flusher.cancel()
            await self.flush()
            await self.hooks_done()
            return self.handled
        finally:
            # normally all done; if this drain itself was cancelled (the process "dies"),
            # every task stops now and nothing more is committed, as after a SIGKILL
            for task in (*self.workers, flusher, claimer, self.hook_task):
                if task is not None:
                    task.cancel()
            self.finished.set()

    # ---- claiming ----------------------------------------------------------------------

    def unsent(self) -> int:
        return len(self.ready) + len(self.later) + len(self.holding) - len(self.wire)

    def idle(self) -> bool:
        return not (self.ready or self.later or self.holding)

    async def claim_until_done(self) -> None:
        while not self.winding_down:
            rows = await self.claim()
            if not rows and self.idle():
                # nothing held, nothing claimable: commit what is left (freeing those chats
                # for their next rows; the hook may queue a report), then look once more
                await self.flush()
                await self.hooks_done()
                if not await self.claim() and self.idle():
                    return
                continue
            self.wake_claimer.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake_claimer.wait(), CLAIM_SECONDS)

    async def claim(self) -> list[OutboxRow]:
        room = self.sender.queue_size - self.unsent()
        if self.winding_down or room < (self.min_claim if self.unsent() else 1):
            return []
        rows = await self.outbox.claim(room, self.sender.lease)
        self.exhausted = len(rows) < room
        if self.winding_down:  # stopped while claiming: give them straight back
            self.outcomes.extend((row, released(row)) for row in rows)
            return []
        now = time.monotonic()
        for row in rows:
            if row.chat_id in self.held:
                # the lease of the row held for this chat ran out and it was recovered: the
                # row held settles it (under its new claim); another one waits for its turn
                if self.held[row.chat_id] != row.id:
                    self.outcomes.append((row, released(row)))
                else:
                    self.claims[row.id] = row
                continue
            self.held[row.chat_id] = row.id
            self.claims[row.id] = row
            turn = self.sender.not_before(row.chat_id)
            if turn > now:
                heapq.heappush(self.later, (turn, next(self.order), row))
            else:
                heapq.heappush(self.ready, (row.priority, next(self.order), row))
        if rows:
            self.rows_added.set()
            self.start_workers()
        return rows

    def claim_of(self, row: OutboxRow) -> OutboxRow:
        """The row as this drain last claimed it (its claim decides whether it may be sent)."""
        return self.claims.get(row.id, row)

    def held_claims(self) -> list[OutboxRow]:
        """The claims this drain holds: claimed, their outcomes not yet committed."""
        return list(self.claims.values())

    def start_workers(self) -> None:
        """Enough workers for the rows waiting, up to the sender's number."""
        idle = len(self.workers) - len(self.holding)
        waiting = len(self.ready) + len(self.later)
        for _ in range(min(waiting - idle, self.sender.workers - len(self.workers))):
            self.workers.append(asyncio.create_task(self.work(), name="outbox-worker"))

    # ---- sending -----------------------------------------------------------------------

    async def next_row(self) -> OutboxRow | None:
        """The best row whose chat may receive now; None once the drain is over."""
        while not (self.over or self.winding_down):
            now = time.monotonic()
            while self.later and self.later[0][0] <= now:
                _, order, row = heapq.heappop(self.later)
                heapq.heappush(self.ready, (row.priority, order, row))
            if self.ready:
                return heapq.heappop(self.ready)[2]
            self.rows_added.clear()
            timeout = self.later[0][0] - now if self.later else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.rows_added.wait(), timeout)
        return None

    async def work(self) -> None:
        worker = asyncio.current_task()
        assert worker is not None
        sender = self.sender
        while (row := await self.next_row()) is not None:
            self.holding[worker] = row
            if not self.exhausted and sender.queue_size - self.unsent() >= self.min_claim:
                self.wake_claimer.set()
            try:
                outcome = await sender.deliver(row, self)
            except asyncio.CancelledError:
                if row.id not in self.wire:  # stopped before it was sent: give it back
                    self.outcomes.append((row, released(row)))
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. the staff re-check's read failed
                log.exception("outbox: row %s", row.id)
                outcome = sender.retry_or_expire(row, f"{type(exc).__name__}: {exc}")
            finally:
                del self.holding[worker]
            self.wire.discard(row.id)
            self.outcomes.append((row, outcome))
            if self.idle():
                self.wake_claimer.set()

    # ---- recording ---------------------------------------------------------------------

    async def flush_every(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            try:
                await self.flush()
            except Exception:  # noqa: BLE001 - kept, and tried again at the next flush
                log.exception("outbox: could not record %d outcomes", len(self.outcomes))

    async def flush(self) -> None:
        """Commit the outcomes gathered so far in one transaction (a group commit)."""
        async with self.flush_lock:
            if not self.outcomes:
                return
            batch, self.outcomes = self.outcomes, []
            self.committing = len(batch)
            try:
                await self.outbox.finish([outcome for _, outcome in batch])
            except BaseException:
                self.outcomes[:0] = batch
                raise
            finally:
                self.committing = 0
            for row, outcome in batch:
                if self.held.get(row.chat_id) == row.id:
                    del self.held[row.chat_id]
                    self.claims.pop(row.id, None)
                if outcome.status not in ("released", "gone"):
                    self.handled += 1
                    if self.sender.on_batch is not None:
                        self.hooked.append((row, outcome))
            self.wake_claimer.set()  # those chats may have their next rows
        if self.hooked and self.sender.on_batch is not None and (
            self.hook_task is None or self.hook_task.done()
        ):
            self.hook_task = asyncio.create_task(self.run_hooks(), name="outbox-hook")

    async def run_hooks(self) -> None:
        hook = self.sender.on_batch
        while self.hooked and hook is not None:
            batch, self.hooked = self.hooked, []
            try:
                await hook([row for row, _ in batch], [outcome for _, outcome in batch])
            except Exception:  # noqa: BLE001 - progress is a nicety; sending goes on
                log.exception("outbox: batch hook failed")

    async def hooks_done(self) -> None:
        if self.hook_task is not None:
            await self.hook_task

    # ---- stopping ----------------------------------------------------------------------

    def wind_down(self) -> None:
        """Stop claiming; give back the rows not yet sent; cancel workers waiting for a
        slot. Requests on their way finish and are recorded."""
        if self.winding_down:
            return
        self.winding_down = True
        for queue in (self.ready, self.later):
            self.outcomes.extend((entry[2], released(entry[2])) for entry in queue)
            queue.clear()
        for worker, row in self.holding.items():
            if row.id not in self.wire:
                worker.cancel()
        self.rows_added.set()
        self.wake_claimer.set()

    def abandon(self) -> None:
        """The stop's time is up: cancel the requests still on their way (their rows stay
        `sending` and go out again after the restart)."""
        self.wind_down()
        for worker in self.holding:
            worker.cancel()
