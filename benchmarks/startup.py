"""Start-up and memory, each next to a bare aiogram bot (benchmarks/bare_bot.py).

    .venv/bin/python benchmarks/startup.py [--quick]

Both bots run as their own processes, each long-polling its own LocalBotApi on 127.0.0.1.
Start-up: from process start to the first getUpdates. Memory, read with psutil from each
bot's own process: the idle RSS of both, a few seconds after the first getUpdates; then, in
our bot, a broadcast to every user of its database (written there while the bot runs) at
SEND_RATE, its RSS sampled until the last message has arrived. benchmarks/dispatch.py and
benchmarks/broadcast.py print the same figures after their own.

Only figures are printed; nothing is asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

import psutil

from benchmarks.common import (
    BARE_ARGV,
    BROADCAST_RATE,
    BROADCAST_TEXT,
    MB,
    OURS_ARGV,
    START_TOKEN,
    Delivered,
    child_env,
    create_broadcast,
    first_poll,
    kill_leftovers,
    remember_child,
    seed_recipients,
    stop_process,
    table,
    verdict,
)
from bot.local.api import LocalBotApi

START_FLOOR = 1.3  # our start-up ≤ this × the bare bot's
IDLE_FLOOR_MB = 30.0  # our idle RSS ≤ the bare bot's idle RSS + this
PEAK_FLOOR_MB = 60.0  # our peak RSS during a broadcast ≤ the bare bot's idle RSS + this
RSS_SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Launch:
    seconds: float  # process start → first getUpdates
    rss_mb: float  # idle, a few seconds after that
    peak_mb: float = 0.0  # the highest RSS sampled during the broadcast that followed, if any
    hwm_mb: float = 0.0  # the kernel's high-water mark of RSS (VmHWM) at the broadcast's end
    broadcast_seconds: float = 0.0  # from creating the broadcast to its last message
    delivered: int = 0  # broadcast messages that reached the API


def high_water_mb(pid: int) -> float:
    """VmHWM of a Linux process: its highest RSS so far (0 where /proc has none)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    return 0.0


async def broadcast_peak(
    process: asyncio.subprocess.Process, api: LocalBotApi, database: Path
) -> tuple[float, float, float, int]:
    """Create the broadcast and sample the bot's RSS until its last message has arrived:
    (peak MB, VmHWM MB, seconds, messages delivered)."""
    delivered = Delivered(BROADCAST_TEXT)
    api.emulator.failures.append(delivered)
    watched = psutil.Process(process.pid)
    started = time.monotonic()
    total = await create_broadcast(database)
    deadline = started + 3.0 * total / BROADCAST_RATE + 60.0
    peak = 0.0
    while True:
        peak = max(peak, float(watched.memory_info().rss) / MB)
        if delivered.count >= total:
            break
        if process.returncode is not None:
            raise RuntimeError(f"exited with code {process.returncode} during the broadcast")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{delivered.count} of {total} broadcast messages arrived in time")
        await asyncio.sleep(RSS_SAMPLE_SECONDS)
    return peak, high_water_mb(process.pid), time.monotonic() - started, delivered.count


async def launch(argv: Sequence[str], idle_seconds: float, recipients: int = 0) -> Launch:
    """Start a bot on its own LocalBotApi and database; time its first getUpdates, read its
    idle RSS, then (with `recipients`) broadcast to that many pupils and the author."""
    api = LocalBotApi(START_TOKEN)
    api.emulator.record = False  # only the broadcast's count is wanted from it
    url = await api.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
            output = Path(tmp) / "output.log"
            database = Path(tmp) / "bot.sqlite3"
            if recipients:
                for uid, name, language in await seed_recipients(database, recipients):
                    api.emulator.add_user(uid, first_name=name, language_code=language)
            with output.open("wb") as log:
                env = child_env(url, database)
                started = time.time()
                process = await asyncio.create_subprocess_exec(
                    *argv, cwd=tmp, env=env, stdin=asyncio.subprocess.DEVNULL,
                    stdout=log, stderr=asyncio.subprocess.STDOUT,
                )
                remember_child(process)
                peak = hwm = seconds = 0.0
                delivered = 0
                try:
                    polled = await first_poll(api, process)
                    await asyncio.sleep(idle_seconds)
                    rss = float(psutil.Process(process.pid).memory_info().rss) / MB
                    if recipients:
                        peak, hwm, seconds, delivered = await broadcast_peak(
                            process, api, database
                        )
                except (RuntimeError, TimeoutError, psutil.Error) as exc:
                    await stop_process(process)
                    tail = output.read_text("utf-8", errors="replace")[-2000:]
                    raise RuntimeError(f"{' '.join(argv)}: {exc}\n{tail}") from None
                finally:
                    await stop_process(process)
    finally:
        await api.stop()
    return Launch(seconds=polled - started, rss_mb=rss, peak_mb=peak, hwm_mb=hwm,
                  broadcast_seconds=seconds, delivered=delivered)


@dataclass
class Startup:
    ours: list[Launch]
    bare: list[Launch]
    recipients: int = 0  # pupils in each of our broadcasts


async def startup(launches: int, idle_seconds: float, recipients: int) -> Startup:
    """Our bot (idle, then broadcasting to `recipients` pupils and the author) and the bare
    one (idle), `launches` times each."""
    result = Startup(ours=[], bare=[], recipients=recipients)
    for _ in range(launches):  # alternate, so drift on the machine hits both alike
        result.ours.append(await launch(OURS_ARGV, idle_seconds, recipients))
        result.bare.append(await launch(BARE_ARGV, idle_seconds))
    return result


def report_startup(result: Startup) -> bool:
    ours_s = statistics.median(x.seconds for x in result.ours)
    bare_s = statistics.median(x.seconds for x in result.bare)
    ratio = ours_s / bare_s
    start_ok = ratio <= START_FLOOR

    print()
    print(f"Start-up: process start -> first getUpdates (median of {len(result.ours)})")
    print()
    print(table(
        ["bot", "runs (s)", "median (s)"],
        [
            ["ours: python -m bot", " ".join(f"{x.seconds:.2f}" for x in result.ours),
             f"{ours_s:.2f}"],
            ["bare: benchmarks/bare_bot.py", " ".join(f"{x.seconds:.2f}" for x in result.bare),
             f"{bare_s:.2f}"],
        ],
    ))
    print()
    print(f"  start-up ours/bare: {ratio:.2f}  {verdict(start_ok)} (floor <= {START_FLOOR})")
    return start_ok


def memory_verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report_memory(result: Startup, idle_seconds: float) -> tuple[bool, bool]:
    """Both bots' idle RSS and our peak during a broadcast, against the bare bot's idle RSS."""
    def runs(values: Sequence[float]) -> str:
        return " ".join(f"{v:.1f}" for v in values)

    bare = [x.rss_mb for x in result.bare]
    ours = [x.rss_mb for x in result.ours]
    peaks = [x.peak_mb for x in result.ours]
    hwms = [x.hwm_mb for x in result.ours]
    bare_mb, ours_mb = statistics.median(bare), statistics.median(ours)
    peak_mb = statistics.median(peaks)
    idle_diff, peak_diff = ours_mb - bare_mb, peak_mb - bare_mb
    idle_ok, peak_ok = idle_diff <= IDLE_FLOOR_MB, peak_diff <= PEAK_FLOOR_MB
    recipients = result.recipients + 1
    seconds = statistics.median(x.broadcast_seconds for x in result.ours)

    print()
    print(f"Memory: RSS of each bot's own process (psutil; 1 MB = 2^20 bytes), median of "
          f"{len(result.ours)}; idle = {idle_seconds:.0f} s\n  after its first getUpdates; "
          f"then our bot broadcasts to {recipients:,} users at {BROADCAST_RATE:,.0f} msg/s, "
          f"its RSS\n  sampled every {RSS_SAMPLE_SECONDS * 1000:.0f} ms until the last message "
          f"has arrived ({seconds:.1f} s)")
    print()
    rows = [
        ["bare: idle", runs(bare), f"{bare_mb:.1f}", ""],
        ["ours: idle", runs(ours), f"{ours_mb:.1f}", f"{idle_diff:+.1f}"],
        ["ours: peak during the broadcast", runs(peaks), f"{peak_mb:.1f}", f"{peak_diff:+.1f}"],
    ]
    if any(hwms):
        hwm_mb = statistics.median(hwms)
        rows.append(["ours: VmHWM (lifetime peak) at its end", runs(hwms), f"{hwm_mb:.1f}",
                     f"{hwm_mb - bare_mb:+.1f}"])
    print(table(["RSS", "runs (MB)", "median (MB)", "vs bare idle"], rows))
    print()
    print(f"  ours idle - bare idle: {idle_diff:+.1f} MB  {memory_verdict(idle_ok)} "
          f"(floor <= +{IDLE_FLOOR_MB:.0f} MB)")
    print(f"  ours peak during a broadcast - bare idle: {peak_diff:+.1f} MB  "
          f"{memory_verdict(peak_ok)} (floor <= +{PEAK_FLOOR_MB:.0f} MB)")
    undelivered = [x.delivered for x in result.ours if x.delivered != recipients]
    if undelivered:
        print(f"  note: broadcasts delivered {undelivered} messages, {recipients} expected")
    return idle_ok, peak_ok


async def run(launches: int, idle_seconds: float, recipients: int) -> None:
    measured = await startup(launches, idle_seconds, recipients)
    report_startup(measured)
    report_memory(measured, idle_seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="two start-ups each, a broadcast of 2 000")
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(2 if args.quick else 3, 3.0, 2000 if args.quick else 10_000))
    finally:
        kill_leftovers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
