"""The sender's claims kept through a flood-control pause.

The sender claims outbox rows with a lease (two minutes): past it, the periodic recovery gives
a row back to pending, for a sender that died holding it. Telegram's 429 may order a pause
longer than that (retry_after runs to minutes), and during it the claimed rows wait, unsent,
in the living sender's queue and workers. Were their leases to lapse, the recovery would give
them back, and another drain (or a second process, against the lock's intent) would send
them while this one still means to: a message twice.

So while a pause lasts, the leases of the rows the sender holds are renewed, every half lease,
each one whose lease would end before the pause does (with half a lease to spare). Giving the
rows back instead (pending, due when the pause ends) was the other way; it is not taken,
because a row being retried after a 429 must stay the one retried first, the queue keeps its
order by priority, and a give-back costs a write for every 429 while a renewal is only written
for a pause that outlasts the leases. A renewal holds the same claim: the check before each
request (`OutboxRepo.still_ours`) takes a lease renewed since as that claim's.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from storage.clock import from_db, utcnow
from storage.outbox import OutboxRepo, OutboxRow

log = logging.getLogger(__name__)


class LeaseKeeper:
    """Renews the held claims' leases while the sender is paused (one task at a time)."""

    def __init__(self, outbox: OutboxRepo, lease: timedelta, paused_for: Callable[[], float],
                 claims: Callable[[], list[OutboxRow]]) -> None:
        self.outbox = outbox
        self.lease = lease
        self._paused_for = paused_for  # seconds the pause still lasts
        self._claims = claims  # the claims the sender holds now
        self._until: dict[int, datetime] = {}  # a row's lease as renewed during this pause
        self._task: asyncio.Task[None] | None = None
        self.renewals = 0  # writes made

    def watch(self) -> None:
        """A pause began or grew: keep the claims until it is over."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._keep(), name="outbox-leases")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _keep(self) -> None:
        step = self.lease.total_seconds() / 2
        try:
            while (left := self._paused_for()) > 0:
                await self._renew(utcnow() + timedelta(seconds=left + step))
                # the leases now reach past the next look by half a lease at least
                await asyncio.sleep(min(left, step))
        finally:
            self._until.clear()

    async def _renew(self, horizon: datetime) -> None:
        """Renew every held claim whose lease ends before `horizon`."""
        due = [claim for claim in self._claims() if claim.lease_until is not None
               and self._until.get(claim.id, from_db(claim.lease_until)) < horizon]
        if not due:
            return
        try:
            until = await self.outbox.renew(due, self.lease)
        except Exception:  # noqa: BLE001 - tried again at the next look
            log.exception("outbox: could not renew %d leases", len(due))
            return
        self.renewals += 1
        for claim in due:
            self._until[claim.id] = until
