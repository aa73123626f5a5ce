"""The check of a claimed row just before its request: is it still this claim's to send (not
cancelled by a /forget or a revocation, not settled, not claimed again), and not blanked?

Many workers come out of their wait for a slot at about the same time; their questions are
answered together, one read by primary key for all that asked while the previous read was
under way (as the group commit gathers outcomes). A question is asked after the worker's wait
is over, so its answer is never older than that wait.
"""

from __future__ import annotations

import asyncio

from storage.outbox import OutboxRepo, OutboxRow, Verdict


class Recheck:
    def __init__(self, outbox: OutboxRepo) -> None:
        self.outbox = outbox
        self._asked: list[tuple[OutboxRow, asyncio.Future[Verdict]]] = []
        self._task: asyncio.Task[None] | None = None
        self.reads = 0  # reads made: fewer than the questions when they come together

    async def verdict(self, row: OutboxRow) -> Verdict:
        """The row's verdict, read after this call began."""
        answer: asyncio.Future[Verdict] = asyncio.get_running_loop().create_future()
        self._asked.append((row, answer))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._answer(), name="outbox-recheck")
        return await answer

    async def _answer(self) -> None:
        while self._asked:
            batch, self._asked = self._asked, []
            self.reads += 1
            try:
                verdicts = await self.outbox.still_ours([row for row, _ in batch])
            except Exception as exc:  # noqa: BLE001 - each asker decides what a failed read means
                for _, answer in batch:
                    if not answer.done():
                        answer.set_exception(exc)
                continue
            for row, answer in batch:
                if not answer.done():  # its worker may have been cancelled meanwhile
                    answer.set_result(verdicts[row.id])
