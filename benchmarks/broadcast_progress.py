"""What a running broadcast's progress check costs, and what its bookkeeping adds to sending.

    .venv/bin/python benchmarks/broadcast_progress.py [--recipients N]

On a temporary SQLite database: N pupils (default 100 000) and the author, one broadcast to
everyone (as /broadcast queues it), then its deliveries part-way: 40 % sent, 1 % blocked, 1 %
failed, the rest pending. Measured, each as the median of many runs (200, 200 and 100):

1. `BroadcastRepo.stats()`: the figures the progress message and the report show;
2. `Broadcasting.tick()`: the scheduler's progress job for that one running broadcast (no
   progress message to edit, so no request to Telegram);
3. `OutboxRepo.finish()` of 100 outcomes (a group commit of the sender) on the broadcast's
   rows, claimed just before: what counting the outcomes costs the sender (its wall time
   is mostly the commit's fsync; the CPU time, of every thread, is the work).

The figures printed by a run of an earlier commit are the «before» of a change.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from benchmarks.common import BROADCAST_AUTHOR, BROADCAST_TEXT, FIRST_USER_ID, insert_pupils
from bot.i18n import Texts
from bot.local.emulator import Emulator
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.broadcast_compose import new_broadcast
from bot.services.broadcasting import Broadcasting
from bot.services.sender import Sender
from storage.audience import Audience
from storage.broadcasts import BroadcastRepo
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.outbox import OutboxRepo, Outcome
from storage.users import UserRepo


async def median_ms(action: Callable[[], Awaitable[object]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def part_way(db: Database, broadcast_id: int, total: int) -> None:
    """40 % sent, 1 % blocked, 1 % failed, the rest still pending, as the sender leaves them."""
    ids = [int(row[0]) for row in await db.fetchall(
        "SELECT id FROM outbox WHERE broadcast_id = ? ORDER BY id", (broadcast_id,))]
    sent, blocked, failed = int(total * 0.40), int(total * 0.01), int(total * 0.01)
    now = to_db(utcnow())
    async with db.transaction() as conn:
        await conn.executemany(
            "UPDATE outbox SET status = 'sent', sent_at = ?, message_id = 1 WHERE id = ?",
            [(now, row_id) for row_id in ids[:sent]])
        await conn.executemany(
            "UPDATE outbox SET status = 'failed', last_error = 'blocked' WHERE id = ?",
            [(row_id,) for row_id in ids[sent:sent + blocked]])
        await conn.executemany(
            "UPDATE outbox SET status = 'failed', last_error = 'chat not found' WHERE id = ?",
            [(row_id,) for row_id in ids[sent + blocked:sent + blocked + failed]])


async def run(recipients: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = await Database.open(Path(tmp) / "bench.sqlite3")
        try:
            await insert_pupils(db, range(FIRST_USER_ID, FIRST_USER_ID + recipients),
                                to_db(utcnow()))
            broadcast = await new_broadcast(db, BROADCAST_AUTHOR, BROADCAST_TEXT, None,
                                            Audience())
            await part_way(db, broadcast.id, broadcast.total)
            repo, outbox = BroadcastRepo(db), OutboxRepo(db)
            emulator = Emulator()
            from aiogram import Bot

            bot = Bot(DEMO_TOKEN, session=LocalSession(emulator))
            sender = Sender(bot, outbox, rate=1000)
            broadcasting = Broadcasting(bot, repo, UserRepo(db), Texts(), sender)

            stats = await repo.stats(broadcast)
            stats_ms = await median_ms(lambda: repo.stats(broadcast), 200)
            tick_ms = await median_ms(broadcasting.tick, 200)

            commits, cpu = [], 0.0
            for _ in range(100):
                claimed = await outbox.claim(100, timedelta(minutes=2))
                outcomes = [Outcome(row.id, row.chat_id, "sent", message_id=1)
                            for row in claimed]
                started, used = time.perf_counter(), time.process_time()
                await outbox.finish(outcomes)
                commits.append((time.perf_counter() - started) * 1000)
                cpu += time.process_time() - used
            await bot.session.close()
        finally:
            await db.close()
    print(f"broadcast of {broadcast.total} recipients: sent {stats.sent}, blocked "
          f"{stats.blocked}, failed {stats.failed}, left {stats.left}")
    print(f"BroadcastRepo.stats()            {stats_ms:8.3f} ms  (median of 200)")
    print(f"Broadcasting.tick()              {tick_ms:8.3f} ms  (median of 200)")
    print(f"OutboxRepo.finish(100 outcomes)  {statistics.median(commits):8.3f} ms  "
          f"(median of 100; CPU {cpu * 10:.3f} ms each on average)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    args = parser.parse_args()
    asyncio.run(run(args.recipients))


if __name__ == "__main__":
    main()
