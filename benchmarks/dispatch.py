"""How fast the bot handles updates, how fast it starts and how much memory it holds, each
next to a bare aiogram bot.

    .venv/bin/python benchmarks/dispatch.py [--quick]

1. Updates per second in one process: `Dispatcher.feed_update` with the Bot on a LocalSession
   (the emulated Bot API, no network), Update objects built beforehand.
   (a) the bare bot of benchmarks/bare_bot.py: echo a message; answer a press and edit it with
       the very inline keyboard of our catalogue's first page (ten buttons, built once), so
       the press is compared with browsing on equal terms;
   (b) our dispatcher on a real SQLite database holding 100 000 users: /start, catalogue
       browsing (page → card → page) and the quiz (/quiz and its six answers);
   (c) the same /start over HTTP, long polling against the webhook (benchmarks/transport.py):
       our dispatcher and Bot, a LocalBotApi and the bot's webhook server in this process,
       every update and every reply through a real socket.
2. Start-up: from process start to the first getUpdates of `python -m bot` and of bare_bot.py,
   each long-polling its own LocalBotApi on 127.0.0.1.
3. Memory, read with psutil from each bot's own process: the idle RSS of both, a few seconds
   after the first getUpdates; then, in our bot, a broadcast to every user of its database
   (written there by this script while the bot runs) at SEND_RATE, its RSS sampled until the
   last message has arrived. benchmarks/broadcast.py prints the same check. (2 and 3 are
   benchmarks/startup.py.)

Only figures are printed; nothing is asserted.
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
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiogram
from aiogram.types import InlineKeyboardMarkup, Update

from benchmarks.common import (
    BARE_ROUNDS,
    BARE_ROUNDS_QUICK,
    DB_USERS,
    Harness,
    OurBot,
    Person,
    Sample,
    bare_throughput,
    fill_users,
    kill_leftovers,
    population,
    table,
    verdict,
)
from benchmarks.startup import report_memory, report_startup, startup
from benchmarks.transport import report as report_transport
from benchmarks.transport import transport
from bot.i18n import Texts, voice
from bot.services import quiz as quiz_logic
from bot.services.catalogue import Catalogue, load_catalogue
from bot.settings import DEFAULT_CATALOGUE
from bot.ui.callbacks import CataloguePage, QuantumCard, QuizAnswer
from handlers.quanta import PAGE_SIZE, catalogue_screen, pages
from storage.db import Database

GROUPS = 3  # one-off workloads (first /start, quiz) are timed in this many groups of users
BROWSE_FLOOR = 0.5  # browsing ≥ this × the bare bot's press rate (same keyboard)


@dataclass(frozen=True)
class Plan:
    pool: int  # distinct users sending updates
    bare_rounds: int  # messages (and presses) per pool user, bare bot
    start_rounds: int  # warm /start per pool user
    browse_rounds: int  # page → card → page per pool user
    quiz_rounds: int  # full quizzes per pool user
    launches: int  # start-up runs of each bot
    idle_seconds: float  # wait after the first getUpdates before reading RSS
    recipients: int  # pupils in our bot's broadcast (the author is one more recipient)


FULL = Plan(pool=1000, bare_rounds=BARE_ROUNDS, start_rounds=5, browse_rounds=3,
            quiz_rounds=1, launches=3, idle_seconds=3.0, recipients=10_000)
QUICK = Plan(pool=300, bare_rounds=BARE_ROUNDS_QUICK, start_rounds=3, browse_rounds=2,
             quiz_rounds=1, launches=2, idle_seconds=3.0, recipients=2000)


# ---- throughput -------------------------------------------------------------------------


@dataclass
class Throughput:
    bare_echo: Sample = field(default_factory=Sample)
    bare_press: Sample = field(default_factory=Sample)
    cold_start: Sample = field(default_factory=Sample)
    start: Sample = field(default_factory=Sample)
    browse: Sample = field(default_factory=Sample)
    quiz: Sample = field(default_factory=Sample)
    fill_seconds: float = 0.0
    quiz_saved: int = 0
    quiz_expected: int = 0
    keyboard: str = ""  # the bare press's keyboard


def catalogue_keyboard(catalogue: Catalogue, texts: Texts) -> InlineKeyboardMarkup:
    """The inline keyboard of our catalogue's first page, exactly as our bot sends it."""
    _, markup = catalogue_screen(texts.bind("ru", you=voice("pupil")), catalogue, 0)
    assert markup is not None
    return markup


def keyboard_shape(markup: InlineKeyboardMarkup) -> str:
    sizes = [len(row) for row in markup.inline_keyboard]
    return f"{sum(sizes)} buttons in rows of {'+'.join(map(str, sizes))}"


def browse_updates(
    h: Harness, catalogue: Catalogue, ids: Sequence[int], targets: dict[int, int],
    rounds: range,
) -> list[Update]:
    """Each round: open a catalogue page, a quantum card on it, back to the page.
    Pages alternate from round to round, so every press changes the message."""
    total = pages(catalogue)
    updates: list[Update] = []
    for r in rounds:
        page = r % total
        chunk = catalogue.quanta[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        page_data = CataloguePage(page=page).pack()
        for step in range(3):
            for index, user_id in enumerate(ids):
                if step == 1:
                    code = chunk[(index + r) % len(chunk)].code
                    data = QuantumCard(code=code, back=f"c{page}").pack()
                else:
                    data = page_data
                updates.append(h.press(user_id, targets[user_id], data))
    return updates


def quiz_choice(index: int, step: int) -> int:
    if step < len(quiz_logic.QUESTIONS):
        return (index + step) % len(quiz_logic.QUESTIONS[step].answers)
    # the age question: a band, or skipped (-1)
    return index % (len(quiz_logic.AGE_BANDS) + 1) - 1


def groups(ids: Sequence[int], count: int) -> list[Sequence[int]]:
    return [ids[i::count] for i in range(count) if ids[i::count]]


async def clear_quiz_results(db: Database) -> None:
    """Without a stored result /quiz starts the questions (with one it offers the result)."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM quiz_results")


async def quiz_round(h: Harness, ids: Sequence[int]) -> Sample:
    """/quiz, then the six answers, for every user."""
    sample = await h.feed([h.message(u, "/quiz") for u in ids])
    targets = {u: h.newest_bot_message(u) for u in ids}
    # each button carries the answers before its question and its own
    chosen = {u: [quiz_choice(i, step) for step in range(quiz_logic.TOTAL_STEPS)]
              for i, u in enumerate(ids)}
    answers = [
        h.press(u, targets[u],
                QuizAnswer(answers=quiz_logic.encode(chosen[u][: step + 1])).pack())
        for step in range(quiz_logic.TOTAL_STEPS)
        for u in ids
    ]
    sample += await h.feed(answers)
    return sample.as_chunk()


async def our_throughput(
    plan: Plan, everyone: Sequence[Person], people: Sequence[Person], directory: Path,
    result: Throughput,
) -> None:
    app = await OurBot.open(directory / "bench.sqlite3")
    settings, catalogue, db = app.settings, app.catalogue, app.db
    try:
        started = time.perf_counter()
        await fill_users(db, everyone)
        result.fill_seconds = time.perf_counter() - started

        per_user = 2 + plan.start_rounds + 3 * (1 + plan.browse_rounds) + 7 * (
            1 + plan.quiz_rounds
        )
        limit = settings.user_updates_per_minute
        if 0 < limit < per_user:
            print(f"  note: {per_user} updates per user exceed the flood limit of {limit}; "
                  "some will be throttled")

        h = app.harness(people)
        ids = [p.id for p in people]

        # Each user's first update reads their row (and their empty FSM state) from SQLite.
        for group in groups(ids, GROUPS):
            result.cold_start += await h.feed([h.message(u, "/start") for u in group])
        await h.feed([h.message(u, "/start") for u in ids])  # warm-up
        for _ in range(plan.start_rounds):
            result.start += await h.feed([h.message(u, "/start") for u in ids])

        # Browsing edits the menu message of the last /start.
        targets = {u: h.newest_bot_message(u) for u in ids}
        await h.feed(browse_updates(h, catalogue, ids, targets, range(1)))  # warm-up
        for r in range(1, 1 + plan.browse_rounds):
            result.browse += await h.feed(
                browse_updates(h, catalogue, ids, targets, range(r, r + 1))
            )

        await quiz_round(h, ids[: max(1, len(ids) // 10)])  # warm-up
        for _ in range(plan.quiz_rounds):
            await clear_quiz_results(db)
            for group in groups(ids, GROUPS):
                result.quiz += await quiz_round(h, group)
        result.quiz_saved = int(await db.fetchval("SELECT count(*) FROM quiz_results"))
        result.quiz_expected = len(ids)
        await h.close()
    finally:
        await app.close()


async def throughput(plan: Plan) -> Throughput:
    everyone = population(DB_USERS)
    people = random.Random(20_240_901).sample(everyone, plan.pool)
    result = Throughput()
    markup = catalogue_keyboard(load_catalogue(DEFAULT_CATALOGUE), Texts())
    result.keyboard = keyboard_shape(markup)
    result.bare_echo, result.bare_press = await bare_throughput(plan.bare_rounds, people,
                                                                 markup)
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as tmp:
        await our_throughput(plan, everyone, people, Path(tmp), result)
    return result


# ---- report -----------------------------------------------------------------------------


def check_calls(result: Throughput) -> list[str]:
    """Each workload's Bot API calls against what its path makes: a throttled, stale or
    failing update takes a cheaper (or dearer) path and would skew its rate."""
    def per_update(sample: Sample, *methods: str) -> dict[str, int]:
        return dict.fromkeys(methods, sample.updates)

    quizzes = result.quiz.updates // (quiz_logic.TOTAL_STEPS + 1)
    answers = quizzes * quiz_logic.TOTAL_STEPS
    expected: list[tuple[str, Sample, dict[str, int]]] = [
        ("bare echo", result.bare_echo, per_update(result.bare_echo, "sendMessage")),
        ("bare press", result.bare_press,
         per_update(result.bare_press, "answerCallbackQuery", "editMessageText")),
        ("/start (first)", result.cold_start, per_update(result.cold_start, "sendMessage")),
        ("/start", result.start, per_update(result.start, "sendMessage")),
        ("browsing", result.browse,
         per_update(result.browse, "answerCallbackQuery", "editMessageText")),
        ("quiz", result.quiz, {"sendMessage": quizzes, "answerCallbackQuery": answers,
                               "editMessageText": answers}),
    ]
    problems: list[str] = []
    for name, sample, calls in expected:
        for error, count in sample.errors.items():
            problems.append(f"{name}: {count} x {error}")
        if dict(sample.calls) != calls:
            problems.append(f"{name}: Bot API calls {dict(sample.calls)}, expected {calls}")
    return problems


def report_throughput(result: Throughput, plan: Plan) -> bool:
    echo, press = result.bare_echo, result.bare_press
    rows: list[list[str]] = []

    def add(name: str, sample: Sample, *, vs_press: bool = False, note: str = "") -> None:
        rows.append([
            name, f"{sample.updates:,}", f"{sample.seconds:.2f}", f"{sample.rate:,.0f}",
            f"{sample.rate / echo.rate:.2f}" if echo.rate else "-",
            f"{sample.rate / press.rate:.2f}" if vs_press and press.rate else "",
            f"{sample.emulator_share:.0%}", f"{sum(sample.errors.values())}", note,
        ])

    browse_ratio = result.browse.rate / press.rate if press.rate else 0.0
    browse_ok = browse_ratio >= BROWSE_FLOOR
    add("(a) bare: echo a message", echo)
    add("(a) bare: press -> answer + edit, our keyboard", press, vs_press=True)
    add("(b) ours: /start, each user's first update", result.cold_start)
    add("(b) ours: /start", result.start)
    add("(b) ours: browsing (page -> card -> page)", result.browse, vs_press=True,
        note=f"{verdict(browse_ok)} (floor >= {BROWSE_FLOOR} x bare press)")
    add("(b) ours: quiz (/quiz + 6 answers)", result.quiz)

    print("Throughput: Dispatcher.feed_update in one process, Bot on LocalSession "
          "(emulated Bot API, no network)")
    print(f"  pool: {plan.pool:,} users drawn from {DB_USERS:,} in SQLite "
          f"(inserted in {result.fill_seconds:.2f} s); Python {platform.python_version()}, "
          f"aiogram {aiogram.__version__}")
    print()
    print(table(
        ["workload", "updates", "seconds", "updates/s", "vs echo", "vs press", "emulator",
         "errors", "floor"],
        rows,
    ))
    print()
    print("  updates/s: the median of the workload's chunks (rounds over the pool, or three "
          "groups of\n  users for the one-off first /start and quiz). vs echo / vs press: that "
          "rate over (a)'s\n  echo / press rate. emulator: share of the time spent inside the "
          "fake Bot API (Telegram's\n  side). errors: Bot API calls that failed.")
    print(f"  the bare press edits with our catalogue's first-page keyboard ({result.keyboard})")
    print(f"  browsing {result.browse.rate:,.0f}/s vs bare press {press.rate:,.0f}/s: "
          f"{browse_ratio:.2f}  {verdict(browse_ok)} (floor >= {BROWSE_FLOOR})")
    print(f"  quiz {result.quiz.rate:,.0f}/s vs bare echo {echo.rate:,.0f}/s: "
          f"{result.quiz.rate / echo.rate if echo.rate else 0:.2f}")

    problems = check_calls(result)
    if result.quiz_saved != result.quiz_expected:
        problems.append(
            f"quiz: {result.quiz_saved} results saved, {result.quiz_expected} expected"
        )
    if problems:
        print("  checks: SOME UPDATES WENT OFF THE MEASURED PATH, the figures are not comparable:")
        for problem in problems:
            print(f"    {problem}")
    else:
        print("  checks: every update made exactly the expected Bot API calls, none failed; "
              f"{result.quiz_saved:,}/{result.quiz_expected:,} quizzes saved")
    return browse_ok


async def run(plan: Plan) -> None:
    started = time.perf_counter()
    measured = await throughput(plan)
    report_throughput(measured, plan)
    report_transport(await transport(plan.pool, plan.start_rounds),
                     in_process=measured.start.rate)
    launches = await startup(plan.launches, plan.idle_seconds, plan.recipients)
    report_startup(launches)
    report_memory(launches, plan.idle_seconds)
    print()
    print(f"  total time: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a shorter run (fewer updates, "
                        "two start-ups each, a broadcast of 2 000)")
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(QUICK if args.quick else FULL))
    finally:
        kill_leftovers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
