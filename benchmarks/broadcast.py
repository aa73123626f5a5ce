"""How fast a broadcast leaves, against an API that enforces Telegram's flood limit.

    .venv/bin/python benchmarks/broadcast.py [--quick] [--profile]

Each scenario runs on a fresh temporary SQLite database: N pupils and one staff author are
inserted, all of them are known to the in-process Bot API emulator, a broadcast is created for
`Audience()` (everyone not blocked, so the author too) and `Sender.drain()` is run until nothing
is pending. The emulator answers 429 "retry after 1" whenever a sendMessage would put more than
the limit into any sliding 1-second window, as Telegram does.

1. 25 msg/s with the API limit at 30 msg/s;
2. 1000 msg/s ("paid broadcasts") with the API limit at exactly 1000 msg/s.

Reported per scenario: recipients, configured and achieved rate (successful sends - 1 over the
time from the first to the last), their ratio, 429s provoked, whether every recipient got the
message exactly once (the outbox and the emulator's own messages), and this process's peak RSS
so far (for information only: it holds the emulator and this script too; the scenarios run one
after another, the larger one last). If the 1000 msg/s sender falls below its floor (or with
--profile), it is then profiled with cProfile on a 2 000-recipient run.

Then, as benchmarks/crash.py prints it: our bot as its own process, SIGKILLed half-way through
a broadcast to as many users as the 1000 msg/s scenario, restarted and left to finish (who got
it twice, who got none). Last, as benchmarks/startup.py prints it: the memory of our bot and
of the bare aiogram bot, idle and (ours) during such a broadcast. Floors: ours idle <= bare
idle + 30 MB, ours peak during the broadcast <= bare idle + 60 MB.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import cProfile
import gc
import logging
import platform
import statistics
import tempfile
import time
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import aiogram
from aiogram import Bot

from benchmarks.common import (
    BROADCAST_AUTHOR,
    BROADCAST_TEXT,
    FIRST_USER_ID,
    insert_pupils,
    kill_leftovers,
    peak_rss_mb,
    profile_text,
    table,
    verdict,
)
from benchmarks.crash import crash_and_resume, report_crash
from benchmarks.startup import report_memory, startup
from bot.app import bot_defaults
from bot.dispatcher import Repos, Services
from bot.i18n import Texts
from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.broadcast_compose import new_broadcast
from bot.services.sender import BatchHook
from bot.settings import Settings
from storage.audience import Audience
from storage.db import Database
from storage.outbox import OutboxRepo, OutboxRow, Outcome

STAMP = "2026-11-26T10:00:00+00:00"
WINDOW = 1.0  # seconds: the flood limit counts messages in any window this long
RETRY_AFTER = 1  # seconds, in the 429 answer
PROFILE_RECIPIENTS = 2000
PROFILE_LINES = 15

RATE_FLOOR = 0.95  # achieved / configured rate at least this
# sends spread evenly: at Telegram's own pace (up to 30 msg/s) the 10th percentile of the
# interval between sends is at least this share of 1/rate (a burst would put it near 0)
SPREAD_FLOOR = 0.5
SPREAD_UP_TO = 30.0
RETRY_FLOOR = 0  # 429s provoked at most this
MEMORY_LAUNCHES = 2  # runs of each bot for the memory check
IDLE_SECONDS = 3.0  # after the first getUpdates, before the idle RSS is read


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    rate: float  # the sender's configured rate, msg/s
    limit: int  # the API's flood limit, msg/s
    recipients: int  # pupils; the author is one more recipient
    per_chat_rate: float = 1.0


def scenarios(quick: bool) -> list[Scenario]:
    return [
        Scenario("default", "25 msg/s, API limit 30 msg/s", rate=25, limit=30,
                 recipients=250 if quick else 1000),
        Scenario("paid", "1000 msg/s (paid broadcasts), API limit 1000 msg/s", rate=1000,
                 limit=1000, recipients=2000 if quick else 10_000),
    ]


# ---- Telegram's side ----------------------------------------------------------------------


class FloodLimit:
    """An emulator failure hook: a sendMessage that would put more than `limit` messages into
    any sliding window of WINDOW seconds is refused with 429, like Telegram's flood control.
    It also counts, per chat, the broadcast messages it let through, and when."""

    def __init__(self, limit: int, text: str) -> None:
        self.limit = limit
        self.text = text
        self.window: deque[float] = deque()
        self.rejected = 0
        self.passed: Counter[int] = Counter()  # broadcast messages let through, per chat
        self.times: list[float] = []  # when each broadcast message was let through

    def __call__(self, method: str, params: dict[str, Any]) -> ApiError | None:
        if method != "sendMessage":
            return None
        now = time.monotonic()
        window = self.window
        while window and window[0] <= now - WINDOW:
            window.popleft()
        if len(window) >= self.limit:
            self.rejected += 1
            return ApiError(
                429, f"Too Many Requests: retry after {RETRY_AFTER}",
                {"retry_after": RETRY_AFTER},
            )
        window.append(now)
        if params.get("text") == self.text:
            self.passed[int(params["chat_id"])] += 1
            self.times.append(now)
        return None


# ---- where the drain spends its time ----------------------------------------------------


@dataclass
class Phases:
    claim: float = 0.0
    finish: float = 0.0
    on_batch: float = 0.0
    claims: int = 0
    commits: int = 0


class TimedOutbox(OutboxRepo):
    """The outbox, timing the sender's two database steps: claims and group commits."""

    def __init__(self, db: Database, phases: Phases) -> None:
        super().__init__(db)
        self.phases = phases

    async def claim(self, limit: int, lease: timedelta) -> list[OutboxRow]:
        started = time.monotonic()
        try:
            return await super().claim(limit, lease)
        finally:
            self.phases.claim += time.monotonic() - started
            self.phases.claims += 1

    async def finish(self, outcomes: list[Outcome]) -> None:
        started = time.monotonic()
        try:
            await super().finish(outcomes)
        finally:
            self.phases.finish += time.monotonic() - started
            self.phases.commits += 1


def timed_hook(hook: BatchHook, phases: Phases) -> BatchHook:
    async def timed(rows: list[OutboxRow], outcomes: list[Outcome]) -> None:
        started = time.monotonic()
        try:
            await hook(rows, outcomes)
        finally:
            phases.on_batch += time.monotonic() - started

    return timed


# ---- one scenario -------------------------------------------------------------------------


@dataclass
class Result:
    key: str
    title: str
    pupils: int
    recipients: int
    rate: float
    limit: int
    sent: int  # broadcast messages accepted by the API
    first_to_last: float  # seconds from the first to the last of them
    wall: float  # seconds of draining, broadcast and report
    retry_afters: int  # 429s answered by the API
    sender_retry_afters: int  # 429s the sender saw
    outbox_sent: int  # broadcast rows in status 'sent'
    outbox_statuses: dict[str, int]
    received_once: int  # recipients holding exactly one copy in the emulator
    duplicated: int  # recipients holding more than one
    missing: int  # recipients holding none
    strangers: int  # copies in chats that are not recipients
    hook_matches: bool  # the hook's own per-chat count agrees with the emulator's messages
    broadcast_status: str
    report_sent: bool
    median_gap_ms: float
    longest_gap_ms: float
    p10_gap_ms: float
    p90_gap_ms: float
    phases: dict[str, float]
    peak_rss_mb: float
    rss_before_mb: float  # the peak before this scenario started
    insert_seconds: float
    profile: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def achieved(self) -> float:
        return (self.sent - 1) / self.first_to_last if self.first_to_last > 0 else 0.0

    @property
    def ratio(self) -> float:
        return self.achieved / self.rate

    @property
    def exactly_once(self) -> bool:
        return (
            self.outbox_sent == self.recipients
            and self.received_once == self.recipients
            and self.duplicated == 0 and self.missing == 0 and self.strangers == 0
            and self.hook_matches
        )


def time_budget(scenario: Scenario) -> float:
    """Give up after this long: several times the ideal duration, for retries and pauses."""
    return 3.0 * (scenario.recipients + 1) / scenario.rate + 60.0


async def run_scenario(scenario: Scenario, profiler: cProfile.Profile | None) -> Result:
    with tempfile.TemporaryDirectory(prefix="broadcast-bench-") as tmp:
        settings = Settings(
            _env_file=None, database_path=Path(tmp) / "bench.sqlite3",
            send_rate=scenario.rate, send_rate_per_chat=scenario.per_chat_rate,
        )
        db = await Database.open(settings.database_path)
        emulator = Emulator()
        # the call log would hold every request; the hook keeps the counts needed here
        emulator.record = False
        bot = Bot(DEMO_TOKEN, session=LocalSession(emulator), default=bot_defaults())
        try:
            return await drive(scenario, db, emulator, bot, settings, profiler)
        finally:
            await bot.session.close()
            await db.close()


async def drive(
    scenario: Scenario, db: Database, emulator: Emulator, bot: Bot, settings: Settings,
    profiler: cProfile.Profile | None,
) -> Result:
    pupils = list(range(FIRST_USER_ID, FIRST_USER_ID + scenario.recipients))
    recipients = {*pupils, BROADCAST_AUTHOR}
    rss_before = peak_rss_mb()
    started = time.monotonic()
    people = await insert_pupils(db, pupils, STAMP)
    insert_seconds = time.monotonic() - started
    for uid, first_name, language in people:
        emulator.add_user(uid, first_name=first_name, language_code=language)
    flood = FloodLimit(scenario.limit, BROADCAST_TEXT)
    emulator.failures.append(flood)

    phases = Phases()
    repos = replace(Repos.create(db), outbox=TimedOutbox(db, phases))
    services = Services.create(bot, repos, Texts(), settings)
    sender = services.sender
    assert sender.on_batch is not None
    sender.on_batch = timed_hook(sender.on_batch, phases)

    broadcast = await new_broadcast(db, BROADCAST_AUTHOR, BROADCAST_TEXT, None, Audience())
    notes: list[str] = []
    if broadcast.total != len(recipients):
        notes.append(f"broadcast.total is {broadcast.total}, expected {len(recipients)}")

    gc.collect()
    deadline = time.monotonic() + time_budget(scenario)
    started = time.monotonic()
    if profiler is not None:
        profiler.enable()
    try:
        while True:
            try:
                handled = await asyncio.wait_for(sender.drain(), deadline - time.monotonic())
            except TimeoutError:
                notes.append("gave up: the drain outlasted its time budget")
                break
            if await repos.outbox.pending_count() == 0:
                break
            if not handled:
                await asyncio.sleep(0.05)  # rows waiting for their retry time
    finally:
        if profiler is not None:
            profiler.disable()
    wall = time.monotonic() - started

    rows = await db.fetchall(
        "SELECT status, count(*) AS n FROM outbox WHERE broadcast_id = ? GROUP BY status",
        (broadcast.id,),
    )
    statuses = {str(row["status"]): int(row["n"]) for row in rows}
    report_rows = int(await db.fetchval(
        "SELECT count(*) FROM outbox WHERE kind = 'report' AND chat_id = ? AND status = 'sent'",
        (BROADCAST_AUTHOR,),
    ))
    finished = await repos.broadcasts.get(broadcast.id)

    # what Telegram's side holds: the emulator's stored messages, counted per chat
    held: Counter[int] = Counter(
        chat for (chat, _), message in emulator.messages.items()
        if message.get("html") == BROADCAST_TEXT
    )
    received_once = sum(1 for uid in recipients if held[uid] == 1)
    duplicated = sum(1 for uid in recipients if held[uid] > 1)
    missing = sum(1 for uid in recipients if held[uid] == 0)
    strangers = sum(n for chat, n in held.items() if chat not in recipients)

    times = flood.times
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    return Result(
        key=scenario.key, title=scenario.title, pupils=scenario.recipients,
        recipients=len(recipients), rate=scenario.rate, limit=scenario.limit,
        sent=len(times), first_to_last=times[-1] - times[0] if len(times) > 1 else 0.0,
        wall=wall, retry_afters=flood.rejected, sender_retry_afters=sender.retry_afters,
        outbox_sent=statuses.get("sent", 0), outbox_statuses=statuses,
        received_once=received_once, duplicated=duplicated, missing=missing,
        strangers=strangers, hook_matches=flood.passed == held,
        broadcast_status=finished.status if finished else "missing",
        report_sent=report_rows == 1,
        median_gap_ms=statistics.median(gaps) * 1000 if gaps else 0.0,
        longest_gap_ms=max(gaps) * 1000 if gaps else 0.0,
        p10_gap_ms=percentile(gaps, 0.10) * 1000, p90_gap_ms=percentile(gaps, 0.90) * 1000,
        phases={"claim": phases.claim, "finish": phases.finish, "on_batch": phases.on_batch,
                "claims": float(phases.claims), "commits": float(phases.commits)},
        peak_rss_mb=peak_rss_mb(), rss_before_mb=rss_before, insert_seconds=insert_seconds,
        notes=notes,
    )


def run(scenario: Scenario, *, profile: bool = False) -> Result:
    gc.collect()
    profiler = cProfile.Profile() if profile else None
    result = asyncio.run(run_scenario(scenario, profiler))
    if profiler is not None:
        result.profile = profile_text(profiler, PROFILE_LINES)
    return result


# ---- the report ---------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of them lie (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(result: Result) -> bool:
    rate_ok = result.ratio >= RATE_FLOOR
    retry_ok = result.retry_afters <= RETRY_FLOOR
    once_ok = result.exactly_once
    spread_checked = result.rate <= SPREAD_UP_TO
    spread_ok = result.p10_gap_ms >= SPREAD_FLOOR * 1000 / result.rate
    rows = [
        ["recipients", f"{result.recipients:,}", "", f"{result.pupils:,} pupils + the author"],
        ["configured rate", f"{result.rate:,.1f} msg/s", "",
         f"API limit {result.limit:,} msg/s"],
        ["achieved rate", f"{result.achieved:,.1f} msg/s", "",
         f"{result.sent:,} sends, {result.first_to_last:.2f} s first to last"],
        ["achieved / configured", f"{result.ratio:.3f}", f">= {RATE_FLOOR}",
         verdict(rate_ok)],
        ["429s provoked", f"{result.retry_afters:,}", f"<= {RETRY_FLOOR}",
         verdict(retry_ok)],
        ["sent exactly once", f"{result.received_once:,} of {result.recipients:,}", "all",
         verdict(once_ok)],
        ["send interval, 10th pct", f"{result.p10_gap_ms:.1f} ms",
         f">= {SPREAD_FLOOR * 1000 / result.rate:.1f} ms" if spread_checked else "-",
         verdict(spread_ok) if spread_checked else "information"],
        ["peak RSS, this process", f"{result.peak_rss_mb:.1f} MB", "-",
         f"information ({result.rss_before_mb:.1f} MB before this scenario)"],
    ]
    print(result.title)
    print()
    print(table(["metric", "value", "floor", "verdict"], rows, left=(0, 3)))
    print()
    phases = result.phases
    print(f"  outbox rows: {result.outbox_statuses}; broadcast {result.broadcast_status}; "
          f"author's report {'sent' if result.report_sent else 'NOT sent'}")
    print(f"  emulator: {result.duplicated} recipients with duplicates, {result.missing} "
          f"without the message, {result.strangers} copies elsewhere;\n"
          f"    the flood hook's own per-chat count "
          f"{'agrees' if result.hook_matches else 'DISAGREES'}")
    print(f"  the sender saw {result.sender_retry_afters} x 429; drain wall time "
          f"{result.wall:.2f} s (users inserted in {result.insert_seconds:.2f} s)")
    print(f"  interval between sends: 10th percentile {result.p10_gap_ms:.2f} ms, median "
          f"{result.median_gap_ms:.2f} ms, 90th {result.p90_gap_ms:.2f} ms, longest "
          f"{result.longest_gap_ms:.1f} ms (configured {1000 / result.rate:.2f} ms)")
    print(f"  beside the sending (awaited, not blocking it): {int(phases['claims'])} claims "
          f"{phases['claim']:.2f} s, {int(phases['commits'])} group commits "
          f"{phases['finish']:.2f} s,\n    progress hook {phases['on_batch']:.2f} s")
    for note in result.notes:
        print(f"  note: {note}")
    return rate_ok and retry_ok and once_ok and (spread_ok or not spread_checked)


def print_profile(scenario: Scenario) -> None:
    print()
    print(f"Profile: {scenario.title}, {scenario.recipients:,} pupils + the author, cProfile "
          "around the drain loop")
    result = run(scenario, profile=True)
    print(f"  under the profiler: {result.achieved:,.1f} msg/s, {result.retry_afters} x 429, "
          f"median interval {result.median_gap_ms:.2f} ms, "
          f"{result.sent / result.wall if result.wall else 0:,.0f} msg/s over the whole drain")
    print()
    print(result.profile.rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="fewer recipients (250 and 2 000)")
    parser.add_argument("--profile", action="store_true",
                        help="profile the 1000 msg/s sender even if it meets its floor")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")

    started = time.monotonic()
    print("Broadcast throughput: Sender.drain() on SQLite, Bot on LocalSession (emulated Bot "
          "API);\nthe API enforces its limit over any sliding 1-second window and answers 429, "
          f"retry after {RETRY_AFTER} s")
    print(f"  Python {platform.python_version()}, aiogram {aiogram.__version__}, "
          f"send_rate_per_chat=1; peak RSS after imports {peak_rss_mb():.1f} MB")
    all_ok = True
    paid_ok = True
    plan = scenarios(args.quick)
    for scenario in plan:
        print()
        result = run(scenario)
        all_ok = report(result) and all_ok
        if scenario.key == "paid":
            paid_ok = result.ratio >= RATE_FLOOR

    paid = next(s for s in plan if s.key == "paid")
    if args.profile or not paid_ok:
        print_profile(replace(paid, recipients=PROFILE_RECIPIENTS))

    crash = asyncio.run(crash_and_resume(paid.recipients))
    all_ok = report_crash(crash) and all_ok

    try:
        launches = asyncio.run(startup(MEMORY_LAUNCHES, IDLE_SECONDS, paid.recipients))
    finally:
        kill_leftovers()
    idle_ok, peak_ok = report_memory(launches, IDLE_SECONDS)
    all_ok = all_ok and idle_ok and peak_ok

    print()
    print(f"  overall: {'every floor met' if all_ok else 'SOME FIGURES BELOW THEIR FLOOR'}; "
          f"total time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
