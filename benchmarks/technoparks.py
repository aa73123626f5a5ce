"""Several technoparks on one server: 1, 5 and 10 bot processes (one per technopark, as
`deploy/kvantorium-bot@.service` runs them), each with its own token, local Bot API and
database, started at once.

    .venv/bin/python benchmarks/technoparks.py [--quick]

For each count it prints the time from starting them all to the last one's first getUpdates,
and, after IDLE seconds, the memory of the bots together: RSS (which counts the shared pages of
the interpreter and libraries in every process) and PSS (which shares them out: what the
machine really spends). From the 10-bot PSS it works out how many technoparks fit in the
memory of a 2-core, 4 GB server, leaving room for the system and a broadcast's peak.
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
from dataclasses import dataclass

import psutil

from benchmarks.common import (
    MB,
    OURS_ARGV,
    child_env,
    first_poll,
    kill_leftovers,
    remember_child,
    stop_process,
    table,
)
from bot.local.api import LocalBotApi

IDLE = 3.0  # seconds after the last first getUpdates before memory is read
SERVER_MB = 4096
SYSTEM_MB = 700  # the system, sshd, journald, a reverse proxy
BROADCAST_MB = 40  # a bot's peak over its idle during a broadcast (benchmarks/startup.py)


@dataclass
class Fleet:
    bots: int
    start_seconds: float  # from starting them all to the last first getUpdates
    rss_mb: float  # all bots together
    pss_mb: float

    @property
    def pss_each(self) -> float:
        return self.pss_mb / self.bots


def token(n: int) -> str:
    return f"{700000 + n}:TESTtokenOfTechnopark{n:02d}"


async def fleet(bots: int) -> Fleet:
    apis = [LocalBotApi(token(n)) for n in range(bots)]
    urls = [await api.start() for api in apis]
    processes: list[asyncio.subprocess.Process] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-parks-") as tmp:
            started = time.monotonic()
            for n, url in enumerate(urls):
                folder = Path(tmp) / f"park{n}"
                folder.mkdir()
                env = child_env(url, folder / "kvantorium.sqlite3")
                env["BOT_TOKEN"] = token(n)
                process = await asyncio.create_subprocess_exec(
                    *OURS_ARGV, cwd=folder, env=env, stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
                remember_child(process)
                processes.append(process)
            for api, process in zip(apis, processes, strict=True):
                await first_poll(api, process)
            ready = time.monotonic() - started
            await asyncio.sleep(IDLE)
            rss = pss = 0.0
            for process in processes:
                info = psutil.Process(process.pid).memory_full_info()
                rss += info.rss / MB
                pss += info.pss / MB
            for process in processes:
                await stop_process(process)
    finally:
        for process in processes:
            await stop_process(process)
        for api in apis:
            await api.stop()
    return Fleet(bots, ready, rss, pss)


async def run(counts: tuple[int, ...]) -> None:
    print(f"Several technoparks on one server: {psutil.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / MB / 1024:.1f} GB of memory here")
    fleets = []
    for count in counts:
        fleets.append(await fleet(count))
    rows = [(f"{f.bots}", f"{f.start_seconds:.1f}", f"{f.rss_mb:.0f}", f"{f.pss_mb:.0f}",
             f"{f.pss_each:.0f}") for f in fleets]
    print(table(("bots", "all polling after (s)", "RSS together (MB)", "PSS together (MB)",
                 "PSS a bot (MB)"), rows))
    each = fleets[-1].pss_each + BROADCAST_MB
    fit = int((SERVER_MB - SYSTEM_MB) // each)
    print(f"  a 2-core, {SERVER_MB // 1024} GB server: {SERVER_MB - SYSTEM_MB} MB left beside "
          f"the system ({SYSTEM_MB} MB); a bot needs {fleets[-1].pss_each:.0f} MB idle (PSS at "
          f"{fleets[-1].bots} bots) + {BROADCAST_MB} MB for a broadcast's peak = {each:.0f} MB, "
          f"so about {fit} technoparks fit in memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 and 5 bots only")
    args = parser.parse_args()
    counts = (1, 5) if args.quick else (1, 5, 10)
    try:
        asyncio.run(run(counts))
    finally:
        kill_leftovers()


if __name__ == "__main__":
    main()
