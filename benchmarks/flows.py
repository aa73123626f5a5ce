"""Every flow of the bot beside a bare aiogram twin making the same Bot API calls.

    .venv/bin/python benchmarks/flows.py [--quick] [--profile FLOW] [--only FLOW,...]

Our real dispatcher (`OurBot`: `feed_update` in one process, the Bot on a LocalSession, the
emulated Bot API) on one temporary SQLite database holding 100 000 families, a year of lessons
for their groups, 10 000 posts and staff teachers whose lesson is on now
(benchmarks/flows_seed.py). Each flow (benchmarks/flows_steps.py) has a pool of people of its
own, each after the flow's setup (a /start, the screen it starts from) going through the
flow's steps round after round; only some steps are timed, each into a figure.

The twin (benchmarks/flows_twin.py) is a plain aiogram `Dispatcher()` on a fresh emulator of
the same kind, in the same process: for every update ours was fed, the same person's same
update, answered with the very calls ours made (the same methods in the same order, the same
texts and keyboards), recorded as ours made them and prepared before the twin's round. Ours
and the twin take turns, round by round, so both meet the same moments of load; a rate is the
median of the rounds' rates, the ratio the median of the rounds' ratios. The first round of
each flow is a warm-up, untimed.

The flows (`--only` names) and what is timed in each: start (/start); catalogue (a quantum
card, the catalogue page back and the other page); quiz (each answer, pressing the first
button of the question the bot sent; the last answer, which saves the result, apart); signup
(a form step by a button: the group picked, and typed: the child's name; the way to them and
/cancel untimed); schedule («Моё расписание» from the menu, then «Ближайшее»); news (the
feed's ▶️); reminders (a lead time ticked and unticked); lessons (/lessons, a group, its
lessons, a lesson: staff); typed (interests, a quantum's name, a question, mixed); rollcall
(a tap in the register of a lesson on now: teachers); events (the whole registration for an
open day, from the poster's link to «✅ Записаться», and that committing press alone).

Printed, one line per figure: its flow, read or write (write: ours commits a write to the
database while answering, the FSM state counted when it is written; measured, at least one
commit every other update), ours and the twin's updates per second, their ratio against the
floor (0.7 for a read, 0.5 for a write), and, for continuity with the other benchmarks, ours
against the bare echo of benchmarks/bare_bot.py (measured once). Checks: no Bot API error on
either side (a figure with errors is marked, not passed), the twin made the same calls by
method as ours, every update was answered, every button a step presses was offered.

With --profile FLOW, FLOW alone runs, then as many rounds again of ours under pyinstrument,
and the profile is printed; in a full run, a figure below its floor gets one more round of
its flow profiled and the top of that profile printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import os
import platform
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiogram

from benchmarks.common import (
    BARE_ROUNDS,
    BARE_ROUNDS_QUICK,
    OurBot,
    Sample,
    bare_throughput,
    table,
    verdict,
)
from benchmarks.flows_run import PROFILE_DEPTH, FlowRun, profiled, run_flow, settle, top_of
from benchmarks.flows_seed import Seeded, seed
from benchmarks.flows_steps import FLOWS, Flow


@dataclass(frozen=True)
class Plan:
    pool: int  # people in each flow
    rounds: int  # timed rounds, after one warm-up
    bare_rounds: int  # the bare echo's messages per person
    profile_below: bool  # profile a flow whose figure misses its floor


FULL = Plan(pool=300, rounds=7, bare_rounds=BARE_ROUNDS, profile_below=True)
QUICK = Plan(pool=60, rounds=5, bare_rounds=BARE_ROUNDS_QUICK, profile_below=False)


# ---- the run --------------------------------------------------------------------------------


async def run(plan: Plan, chosen: Sequence[Flow], profile: str | None) -> None:
    started, load = time.perf_counter(), os.getloadavg()[0]
    rng = random.Random(20_261_231)
    staff_flows = [f for f in FLOWS if f.staff]
    with tempfile.TemporaryDirectory(prefix="bench-flows-") as tmp:
        app = await OurBot.open(Path(tmp) / "bench.sqlite3", user_updates_per_minute=0)
        try:
            seeded = await seed(app, plan.pool * len(staff_flows), rng)
            settle()
            echo, _ = await bare_throughput(plan.bare_rounds, seeded.parents[:plan.pool])
            ours = app.harness()
            runs = []
            parents, teachers = iter(range(len(FLOWS))), iter(range(len(staff_flows)))
            try:
                for flow in FLOWS:
                    pool, slot = (seeded.teachers, next(teachers)) if flow.staff else (
                        seeded.parents, next(parents))
                    if flow not in chosen:
                        continue
                    people = pool[slot * plan.pool:(slot + 1) * plan.pool]
                    whole = flow.name == profile
                    flow_run = await run_flow(app, ours, flow, people, plan.rounds,
                                              plan.rounds if whole else 0)
                    if not whole and plan.profile_below and any(
                            f.ratio < f.floor for f in flow_run.figures.values()):
                        flow_run.profile = top_of(await profiled(
                            app, ours, flow, people, plan.rounds + 1, 1))
                    runs.append(flow_run)
            finally:
                await ours.close()
        finally:
            await app.close()
    report(plan, seeded, echo, runs, profile)
    print()
    print(f"  total time: {time.perf_counter() - started:.0f} s; the machine's load average "
          f"(1 min) {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
          f"{os.cpu_count()} cores")


def report(plan: Plan, seeded: Seeded, echo: Sample, runs: list[FlowRun], profile: str | None
           ) -> None:
    counts = seeded.counts
    print(f"Flows beside a bare aiogram twin making the same Bot API calls — aiogram "
          f"{aiogram.__version__}, Python {platform.python_version()}")
    print(f"  database: {counts['families']:,} families, {counts['children']:,} children, "
          f"{counts['enrolments']:,} enrolments in {counts['groups']:,} groups, "
          f"{counts['lessons']:,} lessons, {counts['posts']:,} posts; seeded in "
          f"{seeded.seconds:.1f} s (the families {seeded.families_seconds:.1f} s)")
    print(f"  each flow: {plan.pool} people of its own (teachers for staff flows), "
          f"{plan.rounds} timed rounds after a warm-up, ours and the twin in turn; bare echo "
          f"{echo.rate:,.0f} updates/s")
    rows = []
    for flow_run in runs:
        for figure in flow_run.figures.values():
            ours, twin = figure.ours, figure.twin
            ok = verdict(figure.ratio >= figure.floor)
            if flow_run.timed_problems or not ours.updates:
                ok = "ERRORS"
            rows.append([
                flow_run.flow.name, figure.name, figure.kind,
                f"{figure.commits / max(1, ours.updates):.1f}",
                f"{ours.updates:,}", f"{ours.rate:,.0f}", f"{twin.rate:,.0f}",
                f"{figure.ratio:.2f}", f"{figure.floor:.1f}", ok,
                f"{ours.rate / echo.rate:.2f}" if echo.rate else "-",
            ])
    print()
    print(table(["flow", "timed", "kind", "commits/update", "updates", "ours/s", "twin/s",
                 "ours/twin", "floor", "verdict", "ours/echo"], rows, left=(0, 1, 2, 9)))
    print()
    print("  updates/s: the median of the rounds' rates; ours/twin: the median of the rounds' "
          "ratios (each round\n  ours, then the twin on the same updates); commits/update: "
          "ours' write transactions per timed\n  update (write: at least one every other "
          "update); ours/echo: ours over the bare echo of bare_bot.py")
    problems = [(r.flow.name, p, n) for r in runs for p, n in r.problems.items()]
    if problems:
        print("  checks: PROBLEMS (a figure whose timed steps had one is marked ERRORS):")
        for flow, problem, rounds in problems:
            print(f"    {flow}: {problem} (in {rounds} batches)")
    else:
        print("  checks: no Bot API error on either side; the twin made the same calls by "
              "method as ours;\n  every update answered, every button pressed was offered")
    for flow_run in runs:
        if flow_run.profile:
            part = "" if flow_run.flow.name == profile else (
                f" (from where it first branches, {PROFILE_DEPTH} calls deeper, nodes of 2 % "
                "or more)")
            print()
            print(f"Profile of {flow_run.flow.name}: its timed steps, ours, pyinstrument{part}")
            print(flow_run.profile)


def main(argv: list[str] | None = None) -> int:
    names = [f.name for f in FLOWS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK.pool} people and {QUICK.rounds} rounds per flow")
    parser.add_argument("--profile", metavar="FLOW", choices=names,
                        help="run FLOW alone and profile as many rounds again")
    parser.add_argument("--only", metavar="FLOW,...",
                        help=f"run these flows only, of: {', '.join(names)}")
    args = parser.parse_args(argv)
    chosen = list(FLOWS)
    if args.only:
        wanted = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown flows: {', '.join(unknown)}; known: {', '.join(names)}")
        chosen = [f for f in FLOWS if f.name in wanted]
    elif args.profile:
        chosen = [f for f in FLOWS if f.name == args.profile]
    asyncio.run(run(QUICK if args.quick else FULL, chosen, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
