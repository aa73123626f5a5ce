"""How fast families look up their schedule, and how long a year of lessons takes to make.

    .venv/bin/python benchmarks/schedule.py [--quick]

1. Generation: 1 000 groups (two lessons of 90 minutes a week, 1 September to 31 May, as
   technoparks run them) are imported the way `python -m bot import groups` does — the
   pattern of each group planned into dated lessons (bot/services/group_import.plan_lessons),
   then written with the programmes and groups in one transaction — and the sample closures
   (the New Year break and the public holidays) imported after. Both are timed.
2. Requests per second in one process: `Dispatcher.feed_update` with the Bot on a LocalSession
   (the emulated Bot API, no network), Update objects built beforehand, on that database
   holding 100 000 families (a parent each; one or two children, each confirmed in one or two
   of the groups) and a year of their lessons. A pool of parents press «My schedule»
   (this week, then next week) and «Next class» on their menu message, alternating so every
   edit changes the text. Beside it, in the same run, the bare aiogram echo of
   benchmarks/dispatch.py on the same pool.

Floor: each of «My schedule» and «Next class» ≥ 0.4 × the bare echo.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import platform
import random
import tempfile
import time as timer
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiogram

from benchmarks.common import (
    ANSWER,
    BARE_ROUNDS,
    BARE_ROUNDS_QUICK,
    EDIT,
    ROOT,
    Families,
    OurBot,
    Person,
    Sample,
    bare_throughput,
    insert_families,
    table,
    verdict,
)
from bot.services import dates
from bot.services.closure_import import parse_closures_csv
from bot.services.group_import import plan_lessons
from bot.services.programme_import import import_programmes
from bot.services.schedule import Slot, parse_slots
from bot.settings import Settings
from bot.ui.callbacks import ScheduleNext, ScheduleWeek
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.family_lessons import FamilyLessons
from storage.timetable import TimetableRepo

FLOOR = 0.4
GROUPS = 1000
FAMILIES = 100_000
FIRST_PARENT = 20_000_001
SAMPLE_CLOSURES = ROOT / "data" / "closures.sample.csv"
# two lessons a week of 90 minutes, in one of these patterns
PATTERNS = ("пн 15:00-16:30; ср 15:00-16:30", "вт 15:00-16:30; чт 15:00-16:30",
            "вт 17:00-18:30; пт 17:00-18:30", "ср 16:00-17:30; сб 11:00-12:30",
            "пн 17:00-18:30; чт 17:00-18:30", "сб 10:00-11:30; сб 12:00-13:30")


@dataclass(frozen=True)
class Plan:
    pool: int  # parents who press, timed
    rounds: int  # each parent's presses of each screen
    bare_rounds: int  # the bare bot's messages and presses per user


FULL = Plan(pool=1000, rounds=4, bare_rounds=BARE_ROUNDS)
QUICK = Plan(pool=300, rounds=2, bare_rounds=BARE_ROUNDS_QUICK)


def school_year(today: date) -> tuple[date, date]:
    first = date(today.year if today.month >= 6 else today.year - 1, 9, 1)
    return first, date(first.year + 1, 5, 31)


def programmes_and_groups(quanta: list[str], today: date
                          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    starts_on, ends_on = school_year(today)
    programmes = [{
        "code": f"p-{q}", "quantum_code": q, "level": "intro", "title_ru": f"Программа {q}",
        "title_en": f"Programme {q}", "age_min": 7, "age_max": 17, "admission": "open",
        "signup_from": None, "signup_until": None, "navigator_url": None,
    } for q in quanta]
    patterns: list[list[Slot]] = [parse_slots(p) for p in PATTERNS]
    groups = [{
        "code": f"g{i:04d}", "programme_code": f"p-{quanta[i % len(quanta)]}",
        "name": f"Группа {i}", "capacity": 500, "teacher": f"Педагог {i % 97}",
        "room": f"Каб. {100 + i % 300}", "age_min": None, "age_max": None,
        "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
        "slots": patterns[i % len(patterns)],
    } for i in range(GROUPS)]
    return programmes, groups


@dataclass
class Generation:
    lessons: int = 0
    plan_seconds: float = 0.0
    write_seconds: float = 0.0
    closures_seconds: float = 0.0
    off: int = 0


async def generate(db: Database, settings: Settings, quanta: list[str]) -> Generation:
    today = dates.today(settings.zone)
    programmes, groups = programmes_and_groups(quanta, today)
    result = Generation()
    started = timer.perf_counter()
    plan_lessons(groups, settings.zone)
    result.plan_seconds = timer.perf_counter() - started
    result.lessons = sum(len(g["lessons"]) for g in groups)
    started = timer.perf_counter()
    await import_programmes(db, programmes, groups, today)
    result.write_seconds = timer.perf_counter() - started
    closures, errors = parse_closures_csv(SAMPLE_CLOSURES.read_bytes(), set(quanta))
    assert not errors, errors
    started = timer.perf_counter()
    result.off = await TimetableRepo(db).add_closures(closures, by=None)
    result.closures_seconds = timer.perf_counter() - started
    return result


async def seed_families(db: Database, rng: random.Random) -> list[Person]:
    """100 000 parents, each with a family of one or two children enrolled (confirmed) in
    one or two groups."""
    now = to_db(utcnow())
    group_ids = [row[0] for row in await db.fetchall("SELECT id FROM groups")]
    rows = Families()
    child_id = 0
    for index in range(FAMILIES):
        user_id = FIRST_PARENT + index
        language = "en" if index % 5 == 0 else "ru"
        rows.users.append((user_id, language, "parent", f"Parent{index}", now, now))
        family_id = index + 1
        rows.families.append((family_id, f"bench{index:06d}", "+79990000000", now))
        rows.members.append((family_id, user_id, "parent", None, now))
        for _ in range(1 if rng.random() < 0.7 else 2):
            child_id += 1
            rows.children.append((child_id, family_id, f"Ребёнок {child_id}", "2014-05-12",
                                  "Школа № 1", 6, None, now))
            for group in rng.sample(group_ids, 1 if rng.random() < 0.8 else 2):
                rows.enrolments.append((child_id, group, "confirmed", now, None, None, None,
                                        now, now))
    await insert_families(db, rows)
    users = rows.users
    return [Person(u[0], u[1], u[3]) for u in users]


@dataclass
class Result:
    generation: Generation
    echo: Sample
    press: Sample
    week: Sample
    next: Sample
    fill_seconds: float
    lessons_shown: float  # lessons per «My schedule» screen, on average


async def run(plan: Plan) -> Result:
    rng = random.Random(20_261_127)
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as tmp:
        app = await OurBot.open(Path(tmp) / "bench.sqlite3", user_updates_per_minute=0)
        settings, db = app.settings, app.db
        try:
            generation = await generate(db, settings, [q.code for q in app.catalogue.quanta])
            started = timer.perf_counter()
            everyone = await seed_families(db, rng)
            fill_seconds = timer.perf_counter() - started
            people = rng.sample(everyone, plan.pool)
            echo, press = await bare_throughput(plan.bare_rounds, people)

            h = app.harness(people)
            ids = [p.id for p in people]
            await h.feed([h.message(u, "/start") for u in ids])
            targets = {u: h.newest_bot_message(u) for u in ids}

            def presses(data: str) -> list[Any]:
                return [h.press(u, targets[u], data) for u in ids]

            # warm-up, then the timed rounds
            await h.feed(presses(ScheduleWeek(week=0).pack()))
            await h.feed(presses(ScheduleNext().pack()))
            week, nearest = Sample(), Sample()
            for r in range(plan.rounds):
                week += await h.feed(presses(ScheduleWeek(week=r % 2).pack()))
                nearest += await h.feed(presses(ScheduleNext().pack()))
            shown = await lessons_per_screen(app.built[0][0].family_lessons, ids[:50],
                                             settings.zone)
            await h.close()
            problems = [f"{name}: {count} x {error}" for sample, name in
                        ((week, "my schedule"), (nearest, "next class"))
                        for error, count in sample.errors.items()]
            for name, sample in (("my schedule", week), ("next class", nearest)):
                calls = {ANSWER: sample.updates, EDIT: sample.updates}
                if dict(sample.calls) != calls:
                    problems.append(f"{name}: Bot API calls {dict(sample.calls)}, "
                                    f"expected {calls}")
            for problem in problems:
                print(f"  ! {problem}")
        finally:
            await app.close()
    return Result(generation, echo, press, week, nearest, fill_seconds, shown)


async def lessons_per_screen(lessons: FamilyLessons, ids: list[int], zone: ZoneInfo) -> float:
    """How many lessons a «My schedule» screen of these parents lists (two weeks)."""
    monday = dates.today(zone)
    monday -= timedelta(days=monday.weekday())
    since = datetime.combine(monday, time.min, tzinfo=zone)
    until = since + timedelta(days=14)
    counts = [len(await lessons.for_user(u, since, until)) for u in ids]
    return sum(counts) / len(counts)


def report(result: Result, plan: Plan) -> bool:
    g = result.generation
    print(f"Schedule benchmark — aiogram {aiogram.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}")
    print()
    print(f"  A year of lessons for {GROUPS:,} groups: {g.lessons:,} lessons")
    print(table(["step", "seconds"], [
        ["plan the lessons (pure)", f"{g.plan_seconds:.2f}"],
        ["write programmes, groups, slots, lessons", f"{g.write_seconds:.2f}"],
        [f"closures ({g.off:,} lessons put off)", f"{g.closures_seconds:.2f}"],
        ["total", f"{g.plan_seconds + g.write_seconds + g.closures_seconds:.2f}"],
    ]))
    print()
    print(f"  {FAMILIES:,} families seeded in {result.fill_seconds:.1f} s; pool of "
          f"{plan.pool:,} parents; «My schedule» lists {result.lessons_shown:.1f} lessons on "
          "average")
    echo, press = result.echo.rate, result.press.rate
    rows = [
        ["bare echo", f"{result.echo.updates:,}", f"{echo:,.0f}", "1.00", "", ""],
        ["bare press (edit)", f"{result.press.updates:,}", f"{press:,.0f}",
         f"{press / echo:.2f}", "1.00", ""],
    ]
    ok = True
    for name, sample in (("«My schedule»", result.week), ("«Next class»", result.next)):
        ratio = sample.rate / echo if echo else 0.0
        ok = ok and ratio >= FLOOR
        rows.append([name, f"{sample.updates:,}", f"{sample.rate:,.0f}", f"{ratio:.2f}",
                     f"{sample.rate / press:.2f}", verdict(ratio >= FLOOR)])
    print(table(["requests", "updates", "per second", "× echo", "× press", f"floor {FLOOR}"],
                rows))
    print("  (a press edits the message, as the schedule's buttons do; the floor is against "
          "the echo)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a shorter run (fewer presses)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    report(asyncio.run(run(plan)), plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
