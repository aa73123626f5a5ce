"""How fast typed messages outside a form are answered, and what the first one costs in memory.

    .venv/bin/python benchmarks/typed.py [--quick] [--profile]

1. Rate, in one process: `Dispatcher.feed_update` with the Bot on a LocalSession (the emulated
   Bot API, no network), Update objects built beforehand, our real dispatcher on a temporary
   SQLite database holding 100 000 families (a parent each, one or two children of 5 to 17;
   in every fourth family the first child has an account of their own, a pupil). A pool of
   parents and pupils, each after a /start, types one message a round, in their language:
   interests («хочу собирать роботов»), a quantum's name («нейроквантум»), a question every
   family asks («сколько стоит») and words that match nothing («ывапр», kept for staff's
   /unanswered), the four kinds mixed in every round. The very first typed message of the run
   builds the understanding index (the stemmers and the typo matcher are imported then): it
   is timed alone and left out of the rate. Beside it, in the same run, the bare aiogram echo
   of benchmarks/bare_bot.py on the same pool, before and after ours; and, for reference,
   /help from the same pool (the bot's cheapest answer to a message).
2. Memory, read with psutil from the bot's own process (`python -m bot` long-polling a
   LocalBotApi, as benchmarks/startup.py reads it): the RSS after a /start and a few seconds
   idle, before the first typed message; the RSS after it; and after more typed messages of
   every kind. Whether the stemmers and the typo matcher were loaded before the first typed
   message: in this process (sys.modules) and in the bot's (its mapped libraries).

Floors: typed messages ≥ 0.5 × the bare echo; the first typed message adds at most 8 MB.
With --profile, or when the rate misses its floor, one more round runs under cProfile and the
top of the profile is printed.
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
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import aiogram
import psutil
from aiogram.types import Update

from benchmarks.common import (
    BARE_ROUNDS,
    BARE_ROUNDS_QUICK,
    DB_USERS,
    FIRST_USER_ID,
    MB,
    OURS_ARGV,
    START_TOKEN,
    Families,
    Harness,
    OurBot,
    Person,
    Sample,
    bare_throughput,
    child_env,
    first_poll,
    insert_families,
    kill_leftovers,
    population,
    profile_text,
    remember_child,
    seed_recipients,
    stop_process,
    table,
    verdict,
)
from bot.local.api import LocalBotApi
from bot.services.understanding import Understanding
from storage.clock import to_db, utcnow

FLOOR = 0.5  # typed messages ≥ this × the bare echo
MEMORY_FLOOR_MB = 8.0  # the first typed message adds at most this to the bot's RSS
HEAVY = ("snowballstemmer", "Stemmer", "rapidfuzz")  # imported on the first typed message
HEAVY_LIBRARIES = ("Stemmer", "rapidfuzz")  # C extensions: seen in a process's mapped files
FIRST_PUPIL = 30_000_001  # pupils' own accounts
PROFILE_LINES = 25
HELP_ROUNDS = 2  # /help from everyone, for reference

KINDS = ("interests", "quantum", "faq", "nothing")
PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "interests": {
        "ru": ("хочу собирать роботов", "люблю запускать дроны",
               "нравится рисовать и придумывать вещи"),
        "en": ("I like coding games", "i like to launch drones", "my son likes lego"),
    },
    "quantum": {
        "ru": ("нейроквантум", "что такое геоквантум", "хочу на ит"),
        "en": ("neuro quantum", "what is the geo quantum", "vr quantum"),
    },
    "faq": {
        "ru": ("сколько стоит", "сколько стоит обучение", "где вы находитесь"),
        "en": ("how much does it cost", "is it free", "what to bring"),
    },
    "nothing": {
        "ru": ("ывапр", "ывапр олдж", "фывфыв"),
        "en": ("asdfgh", "zxcvb", "blah blah"),
    },
}
FIRST_TEXT = {"ru": "хочу собирать роботов", "en": "I like coding games"}


@dataclass(frozen=True)
class Plan:
    pool: int  # people typing, timed
    rounds: int  # typed messages per person, timed (after one untimed)
    bare_rounds: int  # the bare bot's messages (and presses) per person
    launches: int  # bot processes whose memory is read
    idle_seconds: float  # after the first getUpdates and a /start, before reading RSS
    more: int  # typed messages after the first, in the process, before the last RSS
    profile: bool = False  # profile one more round even when the rate meets its floor


FULL = Plan(pool=1000, rounds=8, bare_rounds=BARE_ROUNDS, launches=3, idle_seconds=3.0,
            more=48)
QUICK = Plan(pool=300, rounds=4, bare_rounds=BARE_ROUNDS_QUICK, launches=2, idle_seconds=2.0,
             more=24)


# ---- the rate ---------------------------------------------------------------------------


def born(rng: random.Random, today: date) -> date:
    """A birth date of someone 5 to 17 years old today."""
    return today - timedelta(days=rng.randint(5 * 365 + 2, 17 * 365 + 360))


async def seed_families(app: OurBot, rng: random.Random) -> list[Person]:
    """100 000 parents, each with a family of one or two children; every fourth family's
    first child with an account of their own (a pupil). Returns the parents and the pupils."""
    now = to_db(utcnow())
    today = utcnow().date()
    rows = Families()
    people: list[Person] = []
    child_id = 0
    for index, parent in enumerate(population(DB_USERS)):
        family_id = index + 1
        rows.users.append((parent.id, parent.language, "parent", parent.first_name, now, now))
        rows.families.append((family_id, f"typed{index:06d}", "+79990000000", now))
        rows.members.append((family_id, parent.id, "parent", None, now))
        people.append(parent)
        for number in range(1 if rng.random() < 0.7 else 2):
            child_id += 1
            pupil = FIRST_PUPIL + index if number == 0 and index % 4 == 2 else None
            rows.children.append((child_id, family_id, f"Ребёнок {child_id}",
                                  born(rng, today).isoformat(), "Школа № 1", 6, None, now))
            if pupil is not None:
                rows.users.append((pupil, parent.language, "pupil", f"Pupil{index}", now,
                                   now))
                rows.members.append((family_id, pupil, "child", child_id, now))
                people.append(Person(pupil, parent.language, f"Pupil{index}"))
    await insert_families(app.db, rows)
    return people


def phrase(kind: str, language: str, turn: int) -> str:
    texts = PHRASES[kind]["en" if language == "en" else "ru"]
    return texts[turn % len(texts)]


def typed_round(h: Harness, people: Sequence[Person], r: int) -> list[tuple[str, Update]]:
    """One message from everyone, the four kinds in turn across the pool."""
    return [
        (kind, h.message(p.id, phrase(kind, p.language, index // len(KINDS) + r)))
        for index, p in enumerate(people)
        for kind in [KINDS[(index + r) % len(KINDS)]]
    ]


@dataclass
class Rate:
    echo: Sample = field(default_factory=Sample)
    typed: Sample = field(default_factory=Sample)  # all kinds, a round a chunk
    help: Sample = field(default_factory=Sample)  # /help: the cheapest answer to a message
    kinds: dict[str, Sample] = field(default_factory=lambda: {k: Sample() for k in KINDS})
    first_seconds: float = 0.0  # the first typed message (the index built)
    first_kind: str = ""
    heavy_before: list[str] = field(default_factory=list)  # imported before the first
    heavy_after: list[str] = field(default_factory=list)
    fill_seconds: float = 0.0
    users: int = 0
    families: int = 0
    pupils_in_pool: int = 0
    kept: int = 0  # «nothing» texts kept for /unanswered during the timed rounds
    problems: list[str] = field(default_factory=list)
    profile: str = ""


async def feed_kinds(h: Harness, batch: Sequence[tuple[str, Update]], result: Rate) -> None:
    """Feed one round, timing each update; add it to the round's rate and to its kind's.
    (The caller collects garbage first, as `Harness.feed` does.)"""
    emulator = h.emulator
    spans: dict[str, float] = dict.fromkeys(KINDS, 0.0)
    for kind, update in batch:
        calls, errors = emulator.calls_by_method.copy(), emulator.errors.copy()
        in_emulator = emulator.seconds
        started = time.perf_counter()
        await h.dp.feed_update(h.bot, update)
        elapsed = time.perf_counter() - started
        spans[kind] += elapsed
        sample = Sample(updates=1, seconds=elapsed,
                        emulator_seconds=emulator.seconds - in_emulator,
                        calls=emulator.calls_by_method - calls, errors=emulator.errors - errors)
        result.kinds[kind] += sample
    round_sample = Sample(updates=len(batch), seconds=sum(spans.values()))
    result.typed += round_sample.as_chunk()


def check_phrases(understanding: Understanding) -> list[str]:
    """Every phrase of the workload is understood as its kind (else its rate is another's)."""
    return [
        f"{text!r} ({language}) is understood as {got}, not {kind}"
        for kind, by_language in PHRASES.items()
        for language, texts in by_language.items()
        for text in texts
        if (got := understanding.understand_now(text, language).kind) != kind
    ]


async def rate(plan: Plan) -> Rate:
    rng = random.Random(20_261_220)
    result = Rate()
    with tempfile.TemporaryDirectory(prefix="bench-typed-") as tmp:
        app = await OurBot.open(Path(tmp) / "bench.sqlite3")
        db = app.db
        try:
            started = time.perf_counter()
            everyone = await seed_families(app, rng)
            result.fill_seconds = time.perf_counter() - started
            result.users = int(await db.fetchval("SELECT count(*) FROM users"))
            result.families = int(await db.fetchval("SELECT count(*) FROM families"))
            people = rng.sample(everyone, plan.pool)
            result.pupils_in_pool = sum(p.id >= FIRST_PUPIL for p in people)
            result.echo, _ = await bare_throughput(plan.bare_rounds, people)

            h = app.harness(people)
            await h.feed([h.message(p.id, "/start") for p in people])  # each one's first update
            result.heavy_before = [m for m in HEAVY if m in sys.modules]
            first = people[0]
            result.first_kind = "interests"
            started = time.perf_counter()
            await h.dp.feed_update(h.bot, h.message(first.id, FIRST_TEXT[first.language]))
            result.first_seconds = time.perf_counter() - started
            result.heavy_after = [m for m in HEAVY if m in sys.modules]
            result.problems += check_phrases(app.built[0][1].understanding)

            warm = Rate()
            await feed_kinds(h, typed_round(h, people, 0), warm)  # warm-up, untimed
            kept = int(await db.fetchval("SELECT count(*) FROM unanswered"))
            for r in range(1, plan.rounds + 1):
                batch = typed_round(h, people, r)
                gc.collect()
                await feed_kinds(h, batch, result)
            result.kept = int(await db.fetchval("SELECT count(*) FROM unanswered")) - kept
            for _ in range(HELP_ROUNDS):
                result.help += await h.feed([h.message(p.id, "/help") for p in people])
            if plan.profile or result.typed.rate < FLOOR * result.echo.rate:
                profiler = cProfile.Profile()
                batch = typed_round(h, people, plan.rounds + 1)
                gc.collect()
                profiler.enable()
                await feed_kinds(h, batch, Rate())
                profiler.disable()
                result.profile = profile_text(profiler, PROFILE_LINES)
            await h.close()
        finally:
            await app.close()
    # the echo again after ours, so that load elsewhere on the machine meets both alike
    echo_after, _ = await bare_throughput(plan.bare_rounds, people)
    result.echo += echo_after
    result.problems += check_calls(result)
    return result


def check_calls(result: Rate) -> list[str]:
    """One message sent per typed message, none failed; every «nothing» text kept."""
    problems: list[str] = []
    for kind, sample in result.kinds.items():
        problems += [f"{kind}: {count} x {error}" for error, count in sample.errors.items()]
        sent = sum(sample.calls.values())
        if sent != sample.updates or set(sample.calls) - {"sendMessage", "sendPhoto"}:
            problems.append(f"{kind}: Bot API calls {dict(sample.calls)} for "
                            f"{sample.updates} messages, one message each expected")
    if dict(result.help.calls) != {"sendMessage": result.help.updates}:
        problems.append(f"/help: Bot API calls {dict(result.help.calls)}, one message each "
                        "expected")
    nothing = result.kinds["nothing"].updates
    if result.kept != nothing:
        problems.append(f"nothing: {result.kept} texts kept for /unanswered, {nothing} typed")
    return problems


# ---- memory -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    before_mb: float  # after a /start and idle, before the first typed message
    after_mb: float  # after the first typed message
    more_mb: float  # after more typed messages of every kind
    heavy_before: tuple[str, ...]  # of HEAVY_LIBRARIES, mapped before the first typed message
    heavy_after: tuple[str, ...]
    first_seconds: float  # the first typed message pushed → its answer arrived


def mapped(pid: int) -> tuple[str, ...]:
    """Which of HEAVY_LIBRARIES the process has loaded (its /proc/<pid>/maps)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ()
    return tuple(name for name in HEAVY_LIBRARIES if f"/{name}" in maps)


def rss_mb(pid: int) -> float:
    return float(psutil.Process(pid).memory_info().rss) / MB


async def answered(api: LocalBotApi, user_id: int, count: int) -> None:
    await api.wait_for(lambda e: len(e.sent(user_id)) >= count, timeout=60)


async def launch(plan: Plan) -> Launch:
    """`python -m bot` on its own LocalBotApi and database (a pupil in it): a /start, idle,
    the first typed message, then `plan.more` typed messages of every kind; RSS between."""
    api = LocalBotApi(START_TOKEN)
    url = await api.start()
    user = FIRST_USER_ID
    try:
        with tempfile.TemporaryDirectory(prefix="bench-typed-") as tmp:
            output, database = Path(tmp) / "output.log", Path(tmp) / "bot.sqlite3"
            for uid, name, language in await seed_recipients(database, 1):
                api.emulator.add_user(uid, first_name=name, language_code=language)
            with output.open("wb") as log:
                process = await asyncio.create_subprocess_exec(
                    *OURS_ARGV, cwd=tmp, env=child_env(url, database),
                    stdin=asyncio.subprocess.DEVNULL, stdout=log,
                    stderr=asyncio.subprocess.STDOUT,
                )
                remember_child(process)
                try:
                    await first_poll(api, process)
                    await api.push(api.emulator.message_update(user, "/start"))
                    await answered(api, user, 1)
                    await asyncio.sleep(plan.idle_seconds)
                    before, heavy_before = rss_mb(process.pid), mapped(process.pid)
                    started = time.monotonic()
                    await api.push(api.emulator.message_update(user, FIRST_TEXT["ru"]))
                    await answered(api, user, 2)
                    first_seconds = time.monotonic() - started
                    await asyncio.sleep(1.0)
                    after, heavy_after = rss_mb(process.pid), mapped(process.pid)
                    for n in range(plan.more):
                        kind = KINDS[n % len(KINDS)]
                        await api.push(api.emulator.message_update(
                            user, phrase(kind, "ru", n // len(KINDS))))
                        await answered(api, user, 3 + n)
                    await asyncio.sleep(1.0)
                    more = rss_mb(process.pid)
                except (RuntimeError, TimeoutError, psutil.Error) as exc:
                    await stop_process(process)
                    tail = output.read_text("utf-8", errors="replace")[-2000:]
                    raise RuntimeError(f"{' '.join(OURS_ARGV)}: {exc}\n{tail}") from None
                finally:
                    await stop_process(process)
    finally:
        await api.stop()
    return Launch(before, after, more, heavy_before, heavy_after, first_seconds)


# ---- report -----------------------------------------------------------------------------


def report_rate(result: Rate, plan: Plan) -> bool:
    echo = result.echo.rate
    typed = result.typed.rate
    ratio = typed / echo if echo else 0.0
    ok = ratio >= FLOOR and not result.problems
    print(f"Typed messages benchmark — aiogram {aiogram.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}")
    print()
    print(f"  {result.users:,} users in {result.families:,} families written in "
          f"{result.fill_seconds:.1f} s; pool of {plan.pool:,} people "
          f"({result.pupils_in_pool:,} of them pupils), {plan.rounds} typed messages each "
          "(after one untimed), ru and en")
    rows = [["bare echo", f"{result.echo.updates:,}", f"{echo:,.0f}", "1.00",
             f"{result.echo.emulator_share:.0%}", ""],
            ["typed, all kinds mixed", f"{result.typed.updates:,}", f"{typed:,.0f}",
             f"{ratio:.2f}", f"{emulator_share(result):.0%}", verdict(ratio >= FLOOR)]]
    for kind in KINDS:
        sample = result.kinds[kind]
        rows.append([f"  {kind}", f"{sample.updates:,}", f"{sample.rate:,.0f}",
                     f"{sample.rate / echo if echo else 0:.2f}",
                     f"{sample.emulator_share:.0%}", "(no floor)"])
    help_rate = result.help.rate
    rows.append(["/help (reference)", f"{result.help.updates:,}", f"{help_rate:,.0f}",
                 f"{help_rate / echo if echo else 0:.2f}", f"{result.help.emulator_share:.0%}",
                 "(no floor)"])
    print(table(["messages", "updates", "per second", "× echo", "Bot API", f"floor {FLOOR}"],
                rows))
    print("  (per second: the median of the rounds' rates for the echo (its rounds before and "
          "after ours),\n  the mix and /help, each kind's messages over their time; Bot API: "
          "the share of the time\n  spent in the emulated Telegram; /help: the bot's cheapest "
          "answer to a message, the\n  ceiling the middlewares and routers leave a typed "
          "message)")
    print(f"  the first typed message («{FIRST_TEXT['ru']}», the index built): "
          f"{result.first_seconds * 1000:.0f} ms, left out of the rate")
    print(f"  imported before it: {', '.join(result.heavy_before) or 'none of ' + '/'.join(HEAVY)}"
          f"; after it: {', '.join(result.heavy_after) or 'none'}")
    print(f"  texts kept for /unanswered during the timed rounds: {result.kept:,}")
    for problem in result.problems:
        print(f"  ! {problem}")
    print(f"  typed {typed:,.0f}/s vs bare echo {echo:,.0f}/s: {ratio:.2f}  "
          f"{verdict(ok)} (floor >= {FLOOR} x echo)")
    if result.profile:
        print()
        print(f"Profile of one more round ({plan.pool:,} typed messages), cProfile")
        print(result.profile)
    return ok


def emulator_share(result: Rate) -> float:
    seconds = sum(s.seconds for s in result.kinds.values())
    return sum(s.emulator_seconds for s in result.kinds.values()) / seconds if seconds else 0.0


def report_memory(launches: list[Launch], result: Rate, plan: Plan) -> bool:
    def runs(values: Sequence[float]) -> str:
        return " ".join(f"{v:.1f}" for v in values)

    before = statistics.median(x.before_mb for x in launches)
    after = statistics.median(x.after_mb for x in launches)
    more = statistics.median(x.more_mb for x in launches)
    first = statistics.median(x.first_seconds for x in launches)
    growth = after - before
    growth_ok = growth <= MEMORY_FLOOR_MB
    heavy_process = sorted({name for x in launches for name in x.heavy_before})
    loaded_after = sorted({name for x in launches for name in x.heavy_after})
    lazy_ok = not heavy_process and not result.heavy_before
    print()
    print(f"Memory: RSS of the bot's own process (python -m bot, psutil; 1 MB = 2^20 bytes), "
          f"median of {len(launches)};\n  before: {plan.idle_seconds:.0f} s after a /start; "
          f"after: 1 s after the answer to the first typed message")
    print()
    print(table(["RSS", "runs (MB)", "median (MB)", "vs before"], [
        ["before the first typed message", runs([x.before_mb for x in launches]),
         f"{before:.1f}", ""],
        ["after the first typed message", runs([x.after_mb for x in launches]),
         f"{after:.1f}", f"{growth:+.1f}"],
        [f"after {plan.more} more, every kind", runs([x.more_mb for x in launches]),
         f"{more:.1f}", f"{more - before:+.1f}"],
    ]))
    print()
    print(f"  the first typed message answered over HTTP in {first * 1000:.0f} ms (median)")
    print(f"  loaded before the first typed message: in the bot's process "
          f"{', '.join(heavy_process) or 'none of ' + '/'.join(HEAVY_LIBRARIES)} "
          f"(after it: {', '.join(loaded_after) or 'none'}); in the benchmark's "
          f"{', '.join(result.heavy_before) or 'none of ' + '/'.join(HEAVY)}  "
          f"{'PASS' if lazy_ok else 'MISS'}")
    print("  (snowballstemmer is pure Python, so only the in-process check sees it)")
    print(f"  after the first typed message - before: {growth:+.1f} MB  "
          f"{'PASS' if growth_ok else 'MISS'} (floor <= +{MEMORY_FLOOR_MB:.0f} MB)")
    return growth_ok and lazy_ok


async def run(plan: Plan) -> bool:
    started = time.perf_counter()
    measured = await rate(plan)
    rate_ok = report_rate(measured, plan)
    launches = [await launch(plan) for _ in range(plan.launches)]
    memory_ok = report_memory(launches, measured, plan)
    print()
    print(f"  total time: {time.perf_counter() - started:.0f} s")
    return rate_ok and memory_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help="a shorter run (a smaller pool, fewer rounds and launches)")
    parser.add_argument("--profile", action="store_true",
                        help="profile one more round even when the rate meets its floor")
    args = parser.parse_args(argv)
    plan = replace(QUICK if args.quick else FULL, profile=args.profile)
    try:
        asyncio.run(run(plan))
    finally:
        kill_leftovers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
