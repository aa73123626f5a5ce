"""What the class-reminder planner costs as the technopark grows.

    .venv/bin/python benchmarks/reminders.py [--quick]

On a temporary SQLite database: 1 000 groups with two 90-minute lessons a week over the
school year (imported as `python -m bot import groups` does: the patterns of
benchmarks/schedule.py planned into dated lessons, written by import_programmes), then
N families written with bulk SQL, each with one parent account and one child confirmed in one
group (spread evenly), a fifth of the children with an account of their own. Everyone has the
default settings: a parent is reminded the evening before and 2 hours before, a pupil 2 hours
before, quiet hours 22:00–08:00. The data is written as if it was there before the planner
existed (the replan list emptied after), so the first tick starts from nothing.

The clock is moved with time_machine (the planner's clock and the storage's own `utcnow()`
alike), from a Monday 07:00 in Moscow:

1. the first tick: every lesson of the next 36 hours, planned from empty, as the bot does at
   start (`ReminderPlanner.start()`: the catch-up finds nothing, then a tick that also sends
   at once the latest lead already over, here the evening lead of Monday's lessons);
2. a steady tick: the clock moved on by whole hours until the next lessons enter the
   horizon (one hour's worth), the tick plans only those (the rows due by then are marked
   sent first, as the sender would have sent them; so again before step 4);
3. idle ticks: the next 50 ticks, nothing to do (one read each) — floor: each under 50 ms;
4. a re-plan tick: one family signs up for a group with a lesson in the horizon and staff
   confirm it (Enrolments.submit, Enrolments.decide: the triggers mark that one group);
   the tick plans that group's lessons in the horizon again.

Each at 10 000 and 100 000 families (`--quick`: 10 000 only). Reported: seconds per tick,
lessons planned, reminder rows written, the longest the tick held the writer (one
transaction: other writes wait that long), the RSS this process reached during the first
tick, and the process's peak RSS (it holds the build of the data too).
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import platform
import statistics
import tempfile
import threading
import time as timer
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiogram
import aiosqlite
import psutil
import time_machine

from benchmarks.common import MB, Families, insert_families, peak_rss_mb, table
from benchmarks.schedule import GROUPS, programmes_and_groups
from bot.dispatcher import Repos
from bot.i18n import Texts
from bot.services.catalogue import load_catalogue
from bot.services.group_import import plan_lessons
from bot.services.programme_import import import_programmes
from bot.services.reminders import HORIZON, ReminderPlanner, ReminderTexts, Tick
from bot.settings import DEFAULT_CATALOGUE
from storage.applications import Application
from storage.clock import from_db, to_db, utcnow
from storage.db import Database
from storage.quanta import QuantaRepo
from storage.reminder_plans import PlanRepo

MOSCOW = ZoneInfo("Europe/Moscow")
# a Monday morning of the school year: Monday's and Tuesday's lessons are in the horizon
START = datetime(2026, 11, 30, 7, 0, tzinfo=MOSCOW)
EVENING_AT = time(19, 0)
SCALES = (10_000, 100_000)
PUPIL_SHARE = 5  # every fifth child has an account of their own
IDLE_TICKS = 50
IDLE_FLOOR_MS = 50.0
FIRST_PARENT = 30_000_001
FIRST_PUPIL = 40_000_001
NEWCOMER = 50_000_001
RSS_SAMPLE_SECONDS = 0.005


class TimedDatabase(Database):
    """The database, timing how long each write transaction holds the writer."""

    holds: list[float]

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.holds = []

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with super().transaction() as conn:
            started = timer.perf_counter()
            try:
                yield conn
            finally:
                self.holds.append(timer.perf_counter() - started)


class RssPeak:
    """The highest RSS of this process seen while the block runs (sampled in a thread)."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.before = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self) -> float:
        return float(self.process.memory_info().rss) / MB

    def _sample(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_SECONDS):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


@dataclass
class Timed:
    seconds: float
    tick: Tick
    rows: int  # reminder rows in the outbox after it, all statuses
    longest_hold: float  # the longest write transaction of the tick, seconds
    transactions: int


@dataclass
class Scale:
    families: int
    people: int = 0
    lessons: int = 0
    enrolments: int = 0
    import_seconds: float = 0.0
    seed_seconds: float = 0.0
    first: Timed | None = None
    first_rss: RssPeak | None = None
    steady: Timed | None = None
    steady_hours: int = 0
    idle_ms: list[float] = field(default_factory=list)
    idle_busy: int = 0  # idle ticks that found work after all (must be 0)
    replan: Timed | None = None
    peak_rss_mb: float = 0.0

    @property
    def idle_ok(self) -> bool:
        return bool(self.idle_ms) and max(self.idle_ms) < IDLE_FLOOR_MS and not self.idle_busy


# ---- the data ----------------------------------------------------------------------------


async def import_groups(db: Database, quanta: list[str], today: date) -> int:
    """The 1 000 groups of benchmarks/schedule.py with a year of lessons; how many lessons."""
    programmes, groups = programmes_and_groups(quanta, today)
    plan_lessons(groups, MOSCOW)
    await import_programmes(db, programmes, groups, today)
    return sum(len(g["lessons"]) for g in groups)


async def seed_families(db: Database, families: int) -> tuple[int, int]:
    """`families` families in bulk: a parent account and one child confirmed in a group (the
    groups in turn), every PUPIL_SHARE-th child with an account of their own. The replan list
    the triggers filled is emptied: the data stands as if it was there before the planner.
    Returns (accounts, enrolments)."""
    now = to_db(utcnow())
    group_ids = [row[0] for row in await db.fetchall("SELECT id FROM groups ORDER BY id")]
    rows = Families()
    for index in range(families):
        family_id = child_id = index + 1
        parent = FIRST_PARENT + index
        language = "en" if index % 10 == 0 else "ru"
        rows.users.append((parent, language, "parent", f"Parent{index}", now, now))
        rows.families.append((family_id, f"bench{index:06d}", "+79990000000", now))
        rows.members.append((family_id, parent, "parent", None, now))
        pupil = FIRST_PUPIL + index if index % PUPIL_SHARE == 0 else None
        if pupil is not None:
            rows.users.append((pupil, language, "pupil", f"Pupil{index}", now, now))
            rows.members.append((family_id, pupil, "child", child_id, now))
        rows.children.append((child_id, family_id, f"Ребёнок {child_id}", "2014-05-12",
                              "Школа № 1", 6, pupil, now))
        rows.enrolments.append((child_id, group_ids[index % len(group_ids)], "confirmed", now,
                                None, None, None, now, now))
    await insert_families(db, rows)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM replan")
    users, enrolments = rows.users, rows.enrolments
    return len(users), len(enrolments)


async def sign_up(repos: Repos, group_id: int, today: date) -> None:
    """A new family signs up for the group and staff confirm it, through the repositories."""
    await repos.users.create(NEWCOMER, language="ru", first_name="Newcomer", username=None,
                             family_role="parent")
    done = await repos.enrolment.submit(Application(
        user_id=NEWCOMER, relation="parent", child_name="Новенький Петя",
        birth_date=date(2015, 3, 1), school="Школа № 2", grade=5, phone="+79990000001",
        group_id=group_id, consent=True, photo_consent=True, today=today,
    ))
    assert done.status == "applied", done
    assert await repos.enrolment.decide(done.enrolment_id, "confirmed") is not None


# ---- the ticks ---------------------------------------------------------------------------


async def deliver_due(db: Database) -> int:
    """What the sender would have sent by now: the reminder rows due, marked sent."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE outbox SET status = 'sent', sent_at = due_at WHERE kind = 'reminder'"
            " AND status = 'pending' AND due_at <= ?", (to_db(utcnow()),))
    return cursor.rowcount


async def reminder_rows(db: Database) -> int:
    return int(await db.fetchval("SELECT count(*) FROM outbox WHERE kind = 'reminder'"))


async def timed_tick(planner: ReminderPlanner, db: TimedDatabase, *, start: bool = False
                     ) -> Timed:
    """One tick (or, with `start`, the pass the bot makes at start: catch-up, then a tick
    that sends the latest lead already over for the lessons entering), timed."""
    db.holds.clear()
    started = timer.perf_counter()
    tick = await (planner.start() if start else planner.tick())
    seconds = timer.perf_counter() - started
    holds = list(db.holds)
    return Timed(seconds, tick, await reminder_rows(db), max(holds, default=0.0), len(holds))


async def next_start_after(db: Database, moment: datetime) -> datetime:
    value = await db.fetchval("SELECT min(starts_at) FROM lessons WHERE starts_at > ?",
                              (to_db(moment),))
    return from_db(value)


async def group_ahead(db: Database, since: datetime, until: datetime) -> int:
    """A group whose next lesson is inside the horizon with its leads still ahead."""
    value = await db.fetchval(
        "SELECT group_id FROM lessons WHERE starts_at > ? AND starts_at <= ?"
        " ORDER BY starts_at, group_id LIMIT 1", (to_db(since), to_db(until)))
    return int(value)


async def measure(families: int, traveller: time_machine.Traveller) -> Scale:
    scale = Scale(families)
    catalogue = load_catalogue(DEFAULT_CATALOGUE)
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as tmp:
        db = await TimedDatabase.open(Path(tmp) / "bench.sqlite3")
        assert isinstance(db, TimedDatabase)
        try:
            await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
            traveller.move_to(START)
            started = timer.perf_counter()
            scale.lessons = await import_groups(db, [q.code for q in catalogue.quanta],
                                                START.date())
            scale.import_seconds = timer.perf_counter() - started
            started = timer.perf_counter()
            scale.people, scale.enrolments = await seed_families(db, families)
            scale.seed_seconds = timer.perf_counter() - started

            texts = Texts()
            planner = ReminderPlanner(db, PlanRepo(db), ReminderTexts(texts, MOSCOW),
                                      zone=MOSCOW, evening_at=EVENING_AT, clock=utcnow)
            traveller.move_to(START)
            with RssPeak() as rss:
                scale.first = await timed_tick(planner, db, start=True)
            scale.first_rss = rss

            # on by whole hours until the next lessons enter the horizon
            entering = await next_start_after(db, START + HORIZON)
            hours = 1
            while START + timedelta(hours=hours) + HORIZON < entering:
                hours += 1
            now = START + timedelta(hours=hours)
            traveller.move_to(now)
            await deliver_due(db)
            scale.steady_hours = hours
            scale.steady = await timed_tick(planner, db)

            for _ in range(IDLE_TICKS):
                started = timer.perf_counter()
                tick = await planner.tick()
                scale.idle_ms.append((timer.perf_counter() - started) * 1000)
                scale.idle_busy += not tick.idle

            await deliver_due(db)
            group = await group_ahead(db, utcnow() + timedelta(hours=3), utcnow() + HORIZON)
            await sign_up(Repos.create(db, texts=texts), group, now.astimezone(MOSCOW).date())
            scale.replan = await timed_tick(planner, db)
            scale.peak_rss_mb = peak_rss_mb()
        finally:
            await db.close()
    return scale


async def run(scales: Sequence[int]) -> list[Scale]:
    results = []
    with time_machine.travel(START, tick=True) as traveller:
        for families in scales:
            results.append(await measure(families, traveller))
    return results


# ---- the report --------------------------------------------------------------------------


def tick_cells(timed: Timed | None) -> tuple[str, str, str]:
    """The tick's time (and per row written), what it planned, its longest writer hold."""
    if timed is None:
        return "", "", ""
    t = timed.tick
    writes = f"+{t.added:,}" + (f" ~{t.updated:,}" if t.updated else "") + (
        f" -{t.cancelled:,}" if t.cancelled else "")
    seconds = (f"{timed.seconds * 1000:,.0f} ms" if timed.seconds < 10 else
               f"{timed.seconds:,.1f} s")
    rows = t.added + t.updated + t.cancelled
    if rows >= 100:
        seconds += f" ({timed.seconds / rows * 1e6:,.0f} µs a row)"
    return seconds, f"{t.lessons:,} lessons, {writes} rows", (
        f"{timed.longest_hold * 1000:,.0f} ms in {timed.transactions}")


def report(results: list[Scale]) -> bool:
    print(f"Reminder planner — aiogram {aiogram.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}")
    print(f"  {GROUPS:,} groups, two lessons a week; a parent per family, one child confirmed, "
          f"every {PUPIL_SHARE}th child with an account;\n  horizon "
          f"{HORIZON.total_seconds() / 3600:.0f} h, clock from "
          f"{START:%a %d %b %Y %H:%M} Moscow (time_machine)")
    headers = ["", *(f"{s.families:,} families" for s in results)]
    rows: list[list[str]] = [
        ["accounts / enrolments", *(f"{s.people:,} / {s.enrolments:,}" for s in results)],
        ["lessons imported (a year)", *(f"{s.lessons:,} in {s.import_seconds:.1f} s"
                                        for s in results)],
        ["families written (bulk SQL)", *(f"{s.seed_seconds:.1f} s" for s in results)],
    ]
    for title, pick in (
        ("first tick at start (36 h, empty)", "first"),
        ("steady tick (next hour entering)", "steady"),
        ("re-plan tick (one group marked)", "replan"),
    ):
        cells = [tick_cells(getattr(s, pick)) for s in results]
        rows.append([title, *(c[0] for c in cells)])
        rows.append(["  planned", *(c[1] for c in cells)])
        rows.append(["  longest writer hold", *(c[2] for c in cells)])
        if title.startswith("steady"):
            rows.append(["  the clock moved on", *(f"{s.steady_hours} h" for s in results)])
    rows.append(["reminder rows in the outbox", *(
        f"{s.replan.rows:,}" if s.replan else "" for s in results)])
    rows.append([f"idle tick, median / max of {IDLE_TICKS}", *(
        f"{statistics.median(s.idle_ms):.2f} / {max(s.idle_ms):.2f} ms" for s in results)])
    rows.append([f"  floor: every idle tick < {IDLE_FLOOR_MS:.0f} ms", *(
        "PASS" if s.idle_ok else "FAIL" for s in results)])
    rows.append(["RSS during the first tick", *(
        f"{s.first_rss.before:,.0f} → {s.first_rss.peak:,.0f} MB" if s.first_rss else ""
        for s in results)])
    rows.append(["peak RSS of the process so far", *(f"{s.peak_rss_mb:,.0f} MB"
                                                     for s in results)])
    print()
    print(table(headers, rows))
    print("  (rows: +added ~updated -cancelled; a writer hold is one transaction of the tick:"
          " the sender's\n  claims and group commits and every other write wait for it)")
    for s in results:
        if s.idle_busy:
            print(f"  ! {s.families:,}: {s.idle_busy} of the idle ticks found work")
    return all(s.idle_ok for s in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10 000 families only")
    args = parser.parse_args(argv)
    started = timer.monotonic()
    results = asyncio.run(run(SCALES[:1] if args.quick else SCALES))
    ok = report(results)
    print(f"\n  overall: {'every floor met' if ok else 'SOME FIGURES BELOW THEIR FLOOR'}; "
          f"total time {timer.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

