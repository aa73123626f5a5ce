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

A crash, then: our bot (`python -m bot`, SEND_RATE=1000) runs as its own process against a
LocalBotApi (the emulator behind a real HTTP server); a broadcast to as many users as the
1000 msg/s scenario is written into its database, and once half of it has arrived the process
is killed with SIGKILL, restarted on the same database and left to finish. Reported: what had
arrived and what the outbox had recorded at the kill, and afterwards how many recipients got
the message twice (duplicates: at most the requests in flight and the outcomes not yet
committed at the kill) and how many got none (must be 0).

Memory, last, as benchmarks/dispatch.py checks it: the bare aiogram bot (benchmarks/bare_bot.py)
and ours (`python -m bot`) each run as their own process against a LocalBotApi; both idle RSS
are read a few seconds after the first getUpdates, then our bot broadcasts to as many users as
the 1000 msg/s scenario and its RSS is sampled until the last message has arrived. Floors: ours
idle <= bare idle + 30 MB, ours peak during the broadcast <= bare idle + 60 MB.
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
import io
import logging
import platform
import pstats
import resource
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

from benchmarks.dispatch import (
    BARE_ARGV,
    BROADCAST_TEXT,
    FIRST_POLL_TIMEOUT,
    OURS_ARGV,
    START_TOKEN,
    Delivered,
    Startup,
    child_env,
    create_broadcast,
    first_poll,
    kill_leftovers,
    launch,
    report_memory,
    seed_recipients,
    stop_process,
)
from bot.app import bot_defaults
from bot.dispatcher import Repos, Services
from bot.i18n import Texts
from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.broadcast_compose import new_broadcast
from bot.services.sender import BatchHook
from bot.settings import Settings
from storage.audience import Audience
from storage.db import Database
from storage.outbox import OutboxRepo, OutboxRow, Outcome

AUTHOR_ID = 9001
FIRST_RECIPIENT = 10_000_001
STAMP = "2026-11-26T10:00:00+00:00"
TEXT = "Дни открытых дверей в <b>Кванториуме</b>: суббота, 10:00–16:00. Приходите!"
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
MB = 1024 * 1024
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


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # kilobytes on Linux, bytes on macOS
    return peak / MB if sys.platform == "darwin" else peak * 1024 / MB


async def insert_users(db: Database, pupils: Sequence[int]) -> None:
    rows: list[tuple[object, ...]] = [
        (uid, "en" if index % 4 == 0 else "ru", "pupil", None, f"Pupil {index}", STAMP, STAMP)
        for index, uid in enumerate(pupils)
    ]
    rows.append((AUTHOR_ID, "ru", None, "staff", "Author", STAMP, STAMP))
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (id, language, family_role, staff_role, first_name, first_seen,"
            " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
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
    pupils = list(range(FIRST_RECIPIENT, FIRST_RECIPIENT + scenario.recipients))
    recipients = {*pupils, AUTHOR_ID}
    rss_before = peak_rss_mb()
    started = time.monotonic()
    await insert_users(db, pupils)
    insert_seconds = time.monotonic() - started
    for index, uid in enumerate(pupils):
        emulator.add_user(uid, first_name=f"Pupil {index}",
                          language_code="en" if index % 4 == 0 else "ru")
    emulator.add_user(AUTHOR_ID, first_name="Author")
    flood = FloodLimit(scenario.limit, TEXT)
    emulator.failures.append(flood)

    phases = Phases()
    repos = replace(Repos.create(db), outbox=TimedOutbox(db, phases))
    services = Services.create(bot, repos, Texts(), settings)
    sender = services.sender
    assert sender.on_batch is not None
    sender.on_batch = timed_hook(sender.on_batch, phases)

    broadcast = await new_broadcast(db, AUTHOR_ID, TEXT, None, Audience())
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
        (AUTHOR_ID,),
    ))
    finished = await repos.broadcasts.get(broadcast.id)

    # what Telegram's side holds: the emulator's stored messages, counted per chat
    held: Counter[int] = Counter(
        chat for (chat, _), message in emulator.messages.items()
        if message.get("html") == TEXT
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


def idle_share(profile: pstats.Stats) -> tuple[float, float]:
    """Seconds the event loop sat in epoll/select waiting, and the profiled total."""
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = getattr(profile, "stats", {})
    idle = sum(
        value[2] for (_, _, name), value in entries.items()
        if name.startswith(("<method 'poll' of 'select.", "<method 'select' of 'select."))
        or name == "<built-in method select.select>"
    )
    return idle, float(getattr(profile, "total_tt", 0.0))


def profile_text(profiler: cProfile.Profile) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    idle, total = idle_share(stats)
    if total:
        out.write(f"  the event loop waited in the selector (idle) {idle:.2f} s of the "
                  f"{total:.2f} s profiled ({idle / total:.0%})\n\n")
    out.write(f"top {PROFILE_LINES} by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(PROFILE_LINES)
    out.write(f"top {PROFILE_LINES} by own time\n")
    stats.sort_stats("tottime").print_stats(PROFILE_LINES)
    return out.getvalue()


def run(scenario: Scenario, *, profile: bool = False) -> Result:
    gc.collect()
    profiler = cProfile.Profile() if profile else None
    result = asyncio.run(run_scenario(scenario, profiler))
    if profiler is not None:
        result.profile = profile_text(profiler)
    return result


# ---- the report ---------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "BELOW"


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of them lie (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows,
                                                                          strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.ljust(widths[i]) if i in (0, 3) else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  " + "  ".join(parts).rstrip()

    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


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
    print(table(["metric", "value", "floor", "verdict"], rows))
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


async def memory_launches(recipients: int) -> Startup:
    """Our bot (idle, then broadcasting to `recipients` pupils and the author) and the bare
    one (idle), alternately."""
    result = Startup(ours=[], bare=[], recipients=recipients)
    for _ in range(MEMORY_LAUNCHES):
        result.ours.append(await launch(OURS_ARGV, IDLE_SECONDS, recipients))
        result.bare.append(await launch(BARE_ARGV, IDLE_SECONDS))
    return result


# ---- a crash in the middle of a broadcast -----------------------------------------------


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
    print(table(["metric", "value", "floor", "verdict"], [
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
        launches = asyncio.run(memory_launches(paid.recipients))
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
