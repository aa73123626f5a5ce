"""Running one flow of benchmarks/flows.py: its setup, a warm-up round and the timed rounds,
ours and the twin in turn, round by round; the checks after every batch; more rounds of ours
under pyinstrument when asked, and the top of that profile."""

from __future__ import annotations

import gc
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pyinstrument import Profiler

from benchmarks.common import Harness, OurBot, Person, Sample, add_people
from benchmarks.flows_steps import Flow, Step, Turn
from benchmarks.flows_twin import Fed, Ids, Twin, feed, replay

FLOORS = {"read": 0.7, "write": 0.5}
# the top of a profile: from where it first branches, this many calls deeper, these many lines
PROFILE_DEPTH, PROFILE_LINES = 20, 60


@dataclass
class Figure:
    name: str
    flow: str
    ours: Sample = field(default_factory=Sample)
    twin: Sample = field(default_factory=Sample)
    commits: int = 0  # ours, during the timed updates

    @property
    def kind(self) -> str:
        return "write" if 2 * self.commits >= self.ours.updates > 0 else "read"

    @property
    def ratio(self) -> float:
        """The median of the rounds' ratios: each round ours, then the twin on the same
        updates, so a moment of load elsewhere on the machine meets both sides of a ratio."""
        pairs = zip(self.ours.chunk_rates, self.twin.chunk_rates, strict=True)
        ratios = [ours / twin for ours, twin in pairs if twin]
        return statistics.median(ratios) if ratios else 0.0

    @property
    def floor(self) -> float:
        return FLOORS[self.kind]


@dataclass
class FlowRun:
    flow: Flow
    people: int
    figures: dict[str, Figure] = field(default_factory=dict)
    problems: Counter[str] = field(default_factory=Counter)
    timed_problems: bool = False  # a problem in a timed step: its figures are not passed
    profile: str = ""


# ---- one flow -------------------------------------------------------------------------------


def settle() -> None:
    """Collect, then leave everything alive now out of later collections: the seeded rows
    and earlier flows' chats would otherwise make every collection (before each timed batch,
    and those Python starts on its own while a batch runs) scan them again."""
    gc.collect()
    gc.freeze()


async def ours_step(app: OurBot, h: Harness, step: Step, turns: Sequence[Turn],
                    run: FlowRun, profiler: Profiler | None = None) -> Fed:
    built = [step.make(h, turn) for turn in turns]
    updates = [u for u in built if u is not None]
    missing = len(built) - len(updates)
    if missing and not step.optional:
        run.problems[f"{step.name}: {missing} people were offered no button to press"] += 1
    return await feed(h, updates, app.db, profiler)


def check(run: FlowRun, step: Step, ours: Fed, twin: Fed) -> None:
    """Errors on either side, calls that differ by method, updates left unanswered."""
    found: list[str] = []
    for side, fed in (("ours", ours), ("twin", twin)):
        found += [f"{side}: {error}" for error in fed.sample.errors]
    if ours.sample.calls != twin.sample.calls:
        found.append(f"calls differ: ours {dict(ours.sample.calls)}, "
                     f"twin {dict(twin.sample.calls)}")
    differ = sum(
        (a.method, a.params.get("text"), a.params.get("reply_markup"))
        != (b.method, b.params.get("text"), b.params.get("reply_markup"))
        for mine, theirs in zip(ours.calls, twin.calls, strict=True)
        for a, b in zip(mine, theirs, strict=False))
    if differ:
        found.append(f"{differ} of the twin's calls differ from ours in method, text or "
                     "keyboard")
    silent = sum(not calls for calls in ours.calls)
    if silent:
        found.append(f"{silent} updates got no answer from ours")
    for problem in found:
        run.problems[f"{step.name}: {problem}"] += 1
    run.timed_problems = run.timed_problems or bool(found and step.lines)


async def run_flow(app: OurBot, ours: Harness, flow: Flow, people: list[Person], rounds: int,
                   profile_rounds: int = 0) -> FlowRun:
    """The flow's setup, a warm-up round and the timed rounds, ours and the twin in turn;
    then `profile_rounds` more of ours under pyinstrument."""
    settle()
    add_people(ours, people)
    twin = Twin()
    th = Harness.create(twin.dispatcher)
    add_people(th, people)
    ids: Ids = {}
    run = FlowRun(flow, len(people))
    seats = 2 * len(people) + 10  # an open day's, for everyone's children

    def turns(round_: int, code: str = "") -> list[Turn]:
        return [Turn(p, i, round_, code) for i, p in enumerate(people)]

    try:
        for step in flow.setup:
            fed = await ours_step(app, ours, step, turns(0), run)
            check(run, step, fed, await replay(th, twin, fed, ids))
        for round_ in range(rounds + 1):
            code = await flow.prepare(app, round_, seats) if flow.prepare else ""
            done = [(step, await ours_step(app, ours, step, turns(round_, code), run))
                    for step in flow.round]
            round_ours: dict[str, Sample] = {}
            round_twin: dict[str, Sample] = {}
            for step, fed in done:
                mirrored = await replay(th, twin, fed, ids)
                check(run, step, fed, mirrored)
                for name in step.lines:
                    round_ours.setdefault(name, Sample())
                    round_twin.setdefault(name, Sample())
                    round_ours[name] += fed.sample
                    round_twin[name] += mirrored.sample
                    if round_:
                        figure = run.figures.setdefault(name, Figure(name, flow.name))
                        figure.commits += fed.commits
            if round_:  # the first is the warm-up
                for name, sample in round_ours.items():
                    run.figures[name].ours += sample.as_chunk()
                    run.figures[name].twin += round_twin[name].as_chunk()
        if profile_rounds:
            profiler = await profiled(app, ours, flow, people, rounds + 1, profile_rounds)
            run.profile = profiler.output_text(unicode=True, color=False)
    finally:
        await th.close()
    return run


async def profiled(app: OurBot, ours: Harness, flow: Flow, people: list[Person], first: int,
                   rounds: int) -> Profiler:
    """More rounds of ours alone (from round `first`), its timed steps under pyinstrument."""
    profiler = Profiler(interval=0.0005)
    scratch = FlowRun(flow, len(people))
    for round_ in range(first, first + rounds):
        code = await flow.prepare(app, round_, 2 * len(people) + 10) if flow.prepare else ""
        for step in flow.round:
            turns = [Turn(p, i, round_, code) for i, p in enumerate(people)]
            await ours_step(app, ours, step, turns, scratch, profiler if step.lines else None)
    return profiler


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" │├└─"))


def top_of(profiler: Profiler, depth: int = PROFILE_DEPTH, lines: int = PROFILE_LINES) -> str:
    """The profile from where it first branches (under the middlewares every update goes
    through), `depth` calls deeper at most, nodes under 2 % left out; at most `lines` lines,
    moved left to where it begins."""
    rows = profiler.output_text(unicode=True, color=False,
                                processor_options={"filter_threshold": 0.02}).splitlines()
    tree = [n for n, row in enumerate(rows) if "─ " in row]
    branch = next((n for n in tree if "├─" in rows[n]), tree[0] if tree else 0)
    start = max(branch - 1, 0)
    top = indent(rows[start])
    left, deepest = max(top - 3, 0), top + 3 * depth
    kept = [rows[start][left:]]
    for row in rows[start + 1:]:
        if row.strip() and indent(row) <= top:
            break  # the end of its subtree
        if row.strip() and indent(row) <= deepest:
            kept.append(row[left:])
    duration = [row[row.index("Duration:"):].strip() for row in rows if "Duration:" in row]
    return "\n".join([*duration[:1], *kept[:lines]])
