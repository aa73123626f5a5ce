"""A crash in the middle of a broadcast: what arrives twice, and that nothing is lost.

    .venv/bin/python benchmarks/crash.py [--quick]

Our bot (`python -m bot`, SEND_RATE=1000) runs as its own process against a LocalBotApi (the
emulator behind a real HTTP server); a broadcast to 10 000 users (2 000 with --quick) is
written into its database, and once half of it has arrived the process is killed with SIGKILL,
restarted on the same database and left to finish. Reported: what had arrived and what the
outbox had recorded at the kill, and afterwards how many recipients got the message twice
(duplicates: at most the requests in flight and the outcomes not yet committed at the kill)
and how many got none (must be 0). benchmarks/broadcast.py prints it after its scenarios.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from benchmarks.common import (
    BROADCAST_TEXT,
    FIRST_POLL_TIMEOUT,
    OURS_ARGV,
    START_TOKEN,
    Delivered,
    child_env,
    create_broadcast,
    first_poll,
    kill_leftovers,
    seed_recipients,
    stop_process,
    table,
    verdict,
)
from bot.local.api import LocalBotApi
from storage.db import Database


@dataclass
class Crash:
    recipients: int
    at_kill: int  # broadcast messages that had reached the API when the process was killed
    recorded_at_kill: int  # of them, rows the outbox held as sent
    sending_at_kill: int  # rows left in `sending` (claimed, unsent or unrecorded)
    kill_seconds: float  # from the broadcast's creation to the kill
    finish_seconds: float  # from the restart to the last message
    duplicates: int  # recipients holding the message twice or more
    extra_copies: int  # copies beyond the first, all recipients together
    missing: int  # recipients holding none
    outbox: dict[str, int]

    @property
    def unrecorded(self) -> int:
        """Arrived but not recorded at the kill: what the restart could send again."""
        return self.at_kill - self.recorded_at_kill


async def start_bot(
    tmp: Path, url: str, database: Path, output: Path
) -> asyncio.subprocess.Process:
    with output.open("ab") as log:
        return await asyncio.create_subprocess_exec(
            *OURS_ARGV, cwd=tmp, env=child_env(url, database), stdin=asyncio.subprocess.DEVNULL,
            stdout=log, stderr=asyncio.subprocess.STDOUT,
        )


async def outbox_statuses(database: Path) -> dict[str, int]:
    db = await Database.open(database)
    try:
        rows = await db.fetchall(
            "SELECT status, count(*) AS n FROM outbox WHERE kind = 'broadcast' GROUP BY status"
        )
    finally:
        await db.close()
    return {str(row["status"]): int(row["n"]) for row in rows}


async def wait_until(predicate: Any, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.005)


async def crash_and_resume(pupils: int) -> Crash:
    """SIGKILL our bot half-way through a broadcast at 1000 msg/s, restart it, let it finish."""
    api = LocalBotApi(START_TOKEN)
    api.emulator.record = False
    url = await api.start()
    processes: list[asyncio.subprocess.Process] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-crash-") as name:
            tmp = Path(name)
            database, output = tmp / "bot.sqlite3", tmp / "output.log"
            for uid, first_name, language in await seed_recipients(database, pupils):
                api.emulator.add_user(uid, first_name=first_name, language_code=language)
            delivered = Delivered(BROADCAST_TEXT)
            api.emulator.failures.append(delivered)
            try:
                processes.append(await start_bot(tmp, url, database, output))
                await first_poll(api, processes[-1])
                started = time.monotonic()
                total = await create_broadcast(database)

                async def half() -> bool:
                    return delivered.count >= total // 2

                await wait_until(half, "half the broadcast", 3.0 * total / 1000 + 60)
                processes[-1].kill()  # SIGKILL: nothing more is sent or recorded
                at_kill = delivered.count
                await processes[-1].wait()
                kill_seconds = time.monotonic() - started
                at_kill = max(at_kill, delivered.count)  # answered while the kill landed
                before = await outbox_statuses(database)

                api.first_get_updates = None
                restarted = time.monotonic()
                processes.append(await start_bot(tmp, url, database, output))
                await first_poll(api, processes[-1])

                async def finished() -> bool:
                    statuses = await outbox_statuses(database)
                    return not (statuses.get("pending") or statuses.get("sending"))

                await wait_until(finished, "the rest of the broadcast",
                                 3.0 * total / 1000 + FIRST_POLL_TIMEOUT)
                finish_seconds = time.monotonic() - restarted
                after = await outbox_statuses(database)
            except (RuntimeError, TimeoutError) as exc:
                tail = output.read_text("utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"crash benchmark: {exc}\n{tail}") from None
            finally:
                for process in processes:
                    await stop_process(process)
    finally:
        await api.stop()
    held: Counter[int] = Counter(
        chat for (chat, _), message in api.emulator.messages.items()
        if message.get("html") == BROADCAST_TEXT
    )
    return Crash(
        recipients=total, at_kill=at_kill, recorded_at_kill=before.get("sent", 0),
        sending_at_kill=before.get("sending", 0), kill_seconds=kill_seconds,
        finish_seconds=finish_seconds,
        duplicates=sum(1 for n in held.values() if n > 1),
        extra_copies=sum(n - 1 for n in held.values() if n > 1),
        missing=total - len(held), outbox=after,
    )


def report_crash(crash: Crash) -> bool:
    ok = crash.missing == 0 and crash.outbox.get("sent") == crash.recipients
    print()
    print(f"A crash: python -m bot at {1000:,} msg/s against a LocalBotApi (HTTP), SIGKILLed "
          f"half-way through\n  a broadcast to {crash.recipients:,} users, restarted on the "
          "same database, left to finish")
    print()
    print(table(["metric", "value", "floor", "verdict"], left=(0, 3), rows=[
        ["arrived at the kill", f"{crash.at_kill:,}", "",
         f"{crash.kill_seconds:.2f} s after the broadcast was created"],
        ["recorded sent at the kill", f"{crash.recorded_at_kill:,}", "",
         f"{crash.unrecorded:,} arrived but not yet recorded"],
        ["left 'sending' at the kill", f"{crash.sending_at_kill:,}", "",
         "claimed: unsent, in flight or not yet recorded"],
        ["recipients with duplicates", f"{crash.duplicates:,}", "-",
         f"{crash.extra_copies:,} extra copies; information"],
        ["recipients without it", f"{crash.missing:,}", "0", verdict(crash.missing == 0)],
    ]))
    print()
    print(f"  after the restart: outbox {crash.outbox}; the rest went out in "
          f"{crash.finish_seconds:.1f} s (start-up included)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a broadcast to 2 000")
    args = parser.parse_args(argv)
    try:
        crash = asyncio.run(crash_and_resume(2000 if args.quick else 10_000))
    finally:
        kill_leftovers()
    report_crash(crash)
    return 0


if __name__ == "__main__":
    sys.exit(main())
