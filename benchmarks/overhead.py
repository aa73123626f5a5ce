"""Our stack's fixed cost per update: our dispatcher beside a bare aiogram one, same handler.

    .venv/bin/python benchmarks/overhead.py [--quick] [--profile]

In one process: `Dispatcher.feed_update` with the Bot on a LocalSession (the emulated Bot API,
no network), Update objects built beforehand and fed again and again. One trivial handler for
a message and one for a press (they make no Bot API call: the press's flag turns off the
answer our CallbackAnswerMiddleware would send) sit in a router that each dispatcher offers
first:
- ours: the dispatcher `assemble` builds (outer middlewares, event isolation, the SQLite
  conversation state, the inner CallbackAnswerMiddleware and FlowMiddleware, the press and
  message routing, the other feature routers behind it) over a real database where every
  sender has a user row, so the user context, the throttle and the consent question at a visit
  do their real work. The throttle's limit is raised so that it never drops an update;
- bare: `aiogram.Dispatcher()` with only that router.

Each repetition, for messages and then for presses, feeds a batch of updates (each person's,
twice over) to ours, two to the bare one, one more to ours, so that a change in the load on the
machine over the four moves both sides alike and neither always goes first. The figure is the
CPU time of a batch over its updates (every cost, garbage collections included; the time the
process waits while other work on the machine runs is not counted), the mean of each side's two
batches; beside it the typical update, a batch's median wall time (the few updates preempted or
collecting garbage aside). Each is the median over the repetitions, and our overhead the median
of the repetitions' differences. What setting up built is frozen out of the garbage collector's
way (gc.freeze), as it is the same on both sides. Ceiling: 60 µs an update, message and press.

With --profile, pyinstrument samples our side over a few thousand more updates of each kind and
prints its call tree (to a fixed depth, aiogram's frames between ours folded) and the functions
with the most time of their own. The sampling slows everything down several times: its shares
tell where the time goes, not its absolute figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import gc
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiogram
from aiogram import Bot, Dispatcher, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message, Update

from benchmarks.common import Harness, OurBot, add_people, fill_users, population, table

CEILING_US = 60.0  # our overhead per update, µs
NO_LIMIT = 1_000_000_000  # USER_UPDATES_PER_MINUTE: the throttle counts, and never drops
PROFILE_DEPTH = 26  # levels of the call tree printed
PROFILE_UPDATES = 3000  # updates of each kind profiled
PROFILE_FLAT = 30  # functions by their own time
PROFILE_INTERVAL = 0.0001  # seconds between pyinstrument's samples


class Poke(CallbackData, prefix="ovh"):
    n: int


async def typed(message: Message) -> None:
    """Takes a message and does nothing."""


async def pressed(query: CallbackQuery, callback_data: Poke) -> None:
    """Takes a press and does nothing (no answer: see the flag where it is registered)."""


def trivial_router() -> Router:
    r = Router(name="overhead")
    r.message.register(typed)
    r.callback_query.register(pressed, Poke.filter(),
                              flags={"callback_answer": {"disabled": True}})
    return r


@dataclass(frozen=True)
class Plan:
    people: int  # senders, each with a user row; a batch holds each one's update `passes` times
    passes: int
    repetitions: int
    profile: bool = False

    @property
    def batch(self) -> int:
        return self.people * self.passes


FULL = Plan(people=200, passes=2, repetitions=41)
QUICK = Plan(people=100, passes=2, repetitions=15)
KINDS = ("message", "press")
SIDES = ("ours", "bare")
# the figures: a batch's CPU time over its updates (every cost, garbage collections included;
# time the process waits while other work on the machine runs is not counted), and the median
# wall time of one update in it (a typical one: the few preempted or collecting garbage aside)
MEASURES = ("cpu", "median")


async def timed(h: Harness, updates: Sequence[Update]) -> tuple[float, float]:
    """Feed the updates one after another: the CPU time they took over their number, and the
    median wall time of one, µs."""
    dp, bot, clock = h.dp, h.bot, time.perf_counter_ns
    each = []
    gc.collect()
    cpu = time.process_time_ns()
    for update in updates:
        started = clock()
        await dp.feed_update(bot, update)
        each.append(clock() - started)
    cpu = time.process_time_ns() - cpu
    return cpu / len(updates) / 1000, statistics.median(each) / 1000


@dataclass
class Runs:
    """µs per update, batch by batch: [measure][kind][side]."""

    times: dict[str, dict[str, dict[str, list[float]]]] = field(default_factory=lambda: {
        measure: {kind: {side: [] for side in SIDES} for kind in KINDS}
        for measure in MEASURES})

    async def repetition(self, harnesses: dict[str, Harness], kind: str,
                         updates: dict[str, Sequence[Update]]) -> None:
        """A batch to ours, two to the bare one, one more to ours, timing each update: each
        side's figure is the mean of its two batches' (the load on the machine changing
        steadily over the four moves both alike, and neither is always first)."""
        found: dict[str, dict[str, list[float]]] = {
            measure: {side: [] for side in SIDES} for measure in MEASURES}
        for side in ("ours", "bare", "bare", "ours"):
            cpu, median = await timed(harnesses[side], updates[side])
            found["cpu"][side].append(cpu)
            found["median"][side].append(median)
        for measure in MEASURES:
            for side in SIDES:
                self.times[measure][kind][side].append(statistics.fmean(found[measure][side]))

    def figures(self, measure: str, kind: str) -> tuple[float, float, float]:
        """Our median over the repetitions, the bare one's, and the median of the
        repetitions' differences (ours less the bare one's)."""
        ours, bare = self.times[measure][kind]["ours"], self.times[measure][kind]["bare"]
        return (statistics.median(ours), statistics.median(bare),
                statistics.median(o - b for o, b in zip(ours, bare, strict=True)))


@dataclass
class Result:
    plan: Plan
    runs: Runs = field(default_factory=Runs)
    handled: dict[str, int] = field(default_factory=dict)  # side → updates its handler took
    profile: str = ""


class Counting:
    """Counts the updates that reached the handlers, to check both sides did the work."""

    def __init__(self) -> None:
        self.taken = 0

    async def __call__(self, handler: object, event: object, data: dict[str, object]) -> object:
        self.taken += 1
        return await handler(event, data)  # type: ignore[operator]


async def updates_for(h: Harness, ids: Sequence[int]) -> tuple[list[Update], list[Update]]:
    """A message from each person, and a press on a message the bot sent them."""
    messages = [h.message(uid, "ping") for uid in ids]
    presses = []
    for uid in ids:
        await h.bot.send_message(uid, "Кнопка")
        presses.append(h.press(uid, h.newest_bot_message(uid), Poke(n=1).pack()))
    return messages, presses


def counted(counter: Counting) -> Router:
    router = trivial_router()
    router.message.middleware(counter)
    router.callback_query.middleware(counter)
    return router


async def run(plan: Plan) -> Result:
    from bot.dispatcher import assemble
    from handlers import get_routers

    result = Result(plan)
    people = population(plan.people)
    ids = [p.id for p in people]
    counters = {"ours": Counting(), "bare": Counting()}
    with tempfile.TemporaryDirectory() as tmp:
        ours_bot = await OurBot.open(Path(tmp) / "bot.db", user_updates_per_minute=NO_LIMIT)
        await fill_users(ours_bot.db, people)

        def ours_dispatcher(bot: Bot) -> Dispatcher:
            dp, _, _ = assemble(bot, ours_bot.db, ours_bot.settings, ours_bot.catalogue,
                                ours_bot.texts, routers=[counted(counters["ours"]),
                                                         *get_routers()])
            return dp

        def bare_dispatcher(bot: Bot) -> Dispatcher:
            dp = Dispatcher()
            dp.include_router(counted(counters["bare"]))
            return dp

        harnesses = {"ours": Harness.create(ours_dispatcher),
                     "bare": Harness.create(bare_dispatcher)}
        try:
            feeds = {}
            for name, h in harnesses.items():
                add_people(h, people)
                messages, presses = await updates_for(h, ids)
                feeds[name] = {"message": messages * plan.passes, "press": presses * plan.passes}
                # warm-up: users read and cached, routers indexed, the code paths run once
                await feed_all(h, messages + presses, 1)
            for counter in counters.values():
                counter.taken = 0
            # what is built stays: collections before each batch skip it (each takes a moment
            # rather than a fifth of a second)
            gc.collect()
            gc.freeze()
            for _ in range(plan.repetitions):
                for kind in KINDS:
                    await result.runs.repetition(
                        harnesses, kind, {side: feeds[side][kind] for side in SIDES})
            result.handled = {name: c.taken for name, c in counters.items()}
            if plan.profile:
                result.profile = await profile(harnesses["ours"], feeds["ours"])
        finally:
            gc.unfreeze()
            for h in harnesses.values():
                await h.close()
            await ours_bot.close()
    return result


async def feed_all(h: Harness, updates: Sequence[Update], times: int) -> None:
    for _ in range(times):
        for update in updates:
            await h.dp.feed_update(h.bot, update)


async def profile(h: Harness, feeds: dict[str, list[Update]]) -> str:
    """pyinstrument over our side: messages, then presses."""
    from pyinstrument import Profiler

    parts = []
    for kind in KINDS:
        times = max(1, PROFILE_UPDATES // len(feeds[kind]))
        profiler = Profiler(interval=PROFILE_INTERVAL, async_mode="disabled")
        profiler.start()
        await feed_all(h, feeds[kind], times)
        profiler.stop()
        count = times * len(feeds[kind])
        # library frames (aiogram's, between ours) folded into one line each
        tree = profiler.output_text(time="percent_of_total",
                                    processor_options={"filter_threshold": 0.01})
        parts.append(f"our side, {kind} ({count} updates): the call tree to depth "
                     f"{PROFILE_DEPTH}, frames of 1 % or more, library frames folded\n"
                     f"{to_depth(tree, PROFILE_DEPTH)}\n")
        flat = profiler.output_text(flat=True, show_all=True, time="percent_of_total")
        parts.append(f"our side, {kind}: the {PROFILE_FLAT} functions with the most time of "
                     f"their own\n{first_lines(flat, PROFILE_FLAT)}\n")
    return "\n".join(parts)


def to_depth(text: str, depth: int) -> str:
    """pyinstrument's text tree without the frames below `depth` (3 characters a level)."""
    return "\n".join(
        line for line in text.splitlines()
        if line.strip() and (len(line) - len(line.lstrip(" |`-"))) // 3 <= depth)


def first_lines(text: str, count: int) -> str:
    """The first `count` functions of a flat profile (not its «[self]» rows, which lump the
    time of all a file's functions together)."""
    lines = [line for line in text.splitlines()
             if re.match(r"^\s*\d", line) and "[self]" not in line]
    return "\n".join(lines[:count])


def report(result: Result) -> bool:
    plan, runs = result.plan, result.runs
    print(f"Python {platform.python_version()}, aiogram {aiogram.__version__}; "
          f"{plan.people} people with a user row; {plan.repetitions} repetitions of two batches "
          f"of {plan.batch} updates for each side, for each kind")
    print()
    rows = []
    ok = True
    for kind in KINDS:
        ours, bare, extra = runs.figures("cpu", kind)
        typical_ours, typical_bare, typical_extra = runs.figures("median", kind)
        ok = ok and extra < CEILING_US
        rows.append([kind, f"{ours:.1f}", f"{bare:.1f}", f"{extra:.1f}",
                     "within" if extra < CEILING_US else "OVER",
                     f"{typical_ours:.1f}", f"{typical_bare:.1f}", f"{typical_extra:.1f}"])
    print(table(["update", "ours µs", "bare µs", "overhead µs", f"< {CEILING_US:g} µs",
                 "typical: ours", "bare", "overhead"], rows))
    print("  CPU time an update (all costs: garbage collections too), median over the")
    print("  repetitions; typical: the median update's wall time, median over the repetitions")
    expected = len(KINDS) * plan.batch * plan.repetitions * 2
    print(f"  updates that reached the handler: ours {result.handled['ours']}, "
          f"bare {result.handled['bare']} (of {expected} each)")
    checks = all(taken == expected for taken in result.handled.values())
    if not checks:
        print("  CHECK FAILED: an update did not reach its handler")
    if result.profile:
        print()
        print(result.profile)
    return ok and checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a smaller, shorter run")
    parser.add_argument("--profile", action="store_true",
                        help="profile our side with pyinstrument and print where the time goes")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.profile:
        plan = Plan(plan.people, plan.passes, plan.repetitions, profile=True)
    result = asyncio.run(run(plan))
    return 0 if report(result) else 1


if __name__ == "__main__":
    sys.exit(main())
