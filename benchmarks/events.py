"""How fast families register for an open day in a burst, and whether the seats stay right.

    .venv/bin/python benchmarks/events.py [--quick] [--profile]

In one process: `Dispatcher.feed_update` with the Bot on a LocalSession (the emulated Bot API,
no network), Update objects built beforehand, our real dispatcher on a temporary SQLite
database holding 100 000 families (a parent each, one child or two, the family's phone known).
One open day has fewer seats than the children coming; 2 000 parents (500 with --quick) of
those families register for it at once, each going through the whole conversation:

    /start ev_<code> (the poster's link: the card) → «✍️ Записаться» → a child ticked (and the
    second, in families of two) → «Дальше» → how many adults → «✅ Записаться» on the summary
    → when only one seat is left for two children: «the free ones now» or «all wait».

Everyone's step 1, then everyone's step 2, and so on, in a new random order each round, so the
final presses race for the last seats. A registration is the whole conversation; the committing
press (the summary's «✅ Записаться», or the choice after it) is also timed alone.

Beside it, in the same run, before and after ours: the bare aiogram echo of
benchmarks/bare_bot.py (`bare_throughput`). Floor: the conversation's updates per second ≥ 0.3
× the bare echo's (a registration counted as the updates it takes); registrations per second
and committing presses per second are printed beside the echo's rate as well.

Checks (a failed one exits non-zero): no seat sold twice (the seats taken ≤ the seats, one seat
row per child, every child ticked has one), every registration present once, the waitlist in
the order of the committing presses (queued_at, then id), one ticket queued per registration
holding a seat and none for one all on the waitlist, every parent's newest message «Записали!»,
no Bot API error. With --profile, or when the floor is missed, a smaller group registers for
another open day under cProfile and the top of the profile is printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import cProfile
import platform
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiogram
from aiogram.types import Update

from benchmarks.common import (
    BARE_ROUNDS,
    BARE_ROUNDS_QUICK,
    DB_USERS,
    Families,
    Harness,
    OurBot,
    Person,
    Sample,
    bare_throughput,
    insert_families,
    peak_rss_mb,
    population,
    profile_text,
    table,
    verdict,
)
from bot.ui.callbacks_event_booking import EbAdults, EbChild, EbGo, EbRegister
from storage.clock import to_db, utcnow
from storage.events import EventDraft, save

FLOOR = 0.3  # the conversation's updates per second ≥ this × the bare echo's
TWO_CHILDREN = 0.3  # families with two children
WAITING = 0.25  # of the children ticked, about this share finds no seat
PROFILE_LINES = 25
BARE_PEOPLE = 1000


@dataclass(frozen=True)
class Plan:
    people: int  # parents registering in the burst, timed
    warmup: int  # parents registering first for another open day, untimed
    bare_rounds: int
    profile: bool = False
    profiled: int = 200  # parents registering under cProfile


FULL = Plan(people=2000, warmup=100, bare_rounds=BARE_ROUNDS)
QUICK = Plan(people=500, warmup=50, bare_rounds=BARE_ROUNDS_QUICK)


@dataclass(frozen=True)
class Parent:
    person: Person
    children: tuple[int, ...]  # the family's children: all are ticked


@dataclass
class Result:
    bare: Sample = field(default_factory=Sample)
    steps: dict[str, Sample] = field(default_factory=dict)
    people: int = 0
    children: int = 0
    seats: int = 0
    taken: int = 0
    waiting: int = 0
    choosers: int = 0  # found one seat left for two children
    families: int = 0
    fill_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    profile: str = ""

    @property
    def conversation(self) -> Sample:
        total = Sample()
        for sample in self.steps.values():
            total += sample
        return total.as_chunk()

    @property
    def committing(self) -> Sample:
        total = Sample()
        for name in ("submit", "choose"):
            total += self.steps.get(name, Sample())
        return total.as_chunk()


# ---- the database -------------------------------------------------------------------------


async def seed(app: OurBot, rng: random.Random) -> list[Parent]:
    """100 000 families, each a parent (a quarter speak English) with one child or two aged
    8 to 15 and the family's phone; every family a possible registrant, in a random order."""
    now = utcnow()
    stamp, today = to_db(now), now.date()
    rows = Families()
    parents = []
    child_id = 0
    for index, person in enumerate(population(DB_USERS)):
        family = index + 1
        rows.users.append((person.id, person.language, "parent", person.first_name, stamp,
                           stamp))
        rows.families.append((family, f"evt{index:06d}", f"+7999{index:07d}", stamp))
        rows.members.append((family, person.id, "parent", None, stamp))
        kids = []
        for _ in range(2 if rng.random() < TWO_CHILDREN else 1):
            child_id += 1
            born = today - timedelta(days=rng.randint(8 * 365 + 30, 15 * 365))
            rows.children.append((child_id, family, f"Ребёнок {child_id}", born.isoformat(),
                                  "Школа № 1", 6, None, stamp))
            kids.append(child_id)
        parents.append(Parent(person, tuple(kids)))
    await insert_families(app.db, rows)
    rng.shuffle(parents)
    return parents


async def open_day(app: OurBot, code: str, seats: int) -> int:
    """An open day ten days ahead, 11:00–15:00, ages 7–17, an adult may come along."""
    zone = app.settings.zone
    day = (datetime.now(zone) + timedelta(days=10)).date()
    start = datetime(day.year, day.month, day.day, 11, tzinfo=zone).astimezone(UTC)
    draft = EventDraft(code=code, kind="open_day", title_ru="День открытых дверей",
                       title_en="Open day", starts_at=start, ends_at=start + timedelta(hours=4),
                       place="Кванториум, холл", seats=seats, age_min=7, age_max=17,
                       description_ru="Экскурсия и мастер-классы.",
                       description_en="A tour and master classes.", companions=1)
    async with app.db.transaction() as conn:
        event_id, _ = await save(conn, draft, None, utcnow())
    return event_id


# ---- the conversation ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    make: Callable[[Harness, Parent], Update | None]  # None: this parent has no such step


def pressed(data: Callable[[Parent], str | None]) -> Callable[[Harness, Parent], Update | None]:
    """A button pressed on the bot's newest message in the parent's chat."""
    def make(h: Harness, parent: Parent) -> Update | None:
        value = data(parent)
        uid = parent.person.id
        return None if value is None else h.press(uid, h.newest_bot_message(uid), value)
    return make


def conversation(code: str, event_id: int) -> list[Step]:
    return [
        Step("/start ev_ (card)", lambda h, p: h.message(p.person.id, f"/start ev_{code}")),
        Step("✍️ register", pressed(lambda p: EbRegister(event=event_id).pack())),
        Step("child ticked", pressed(lambda p: EbChild(child=p.children[0]).pack())),
        Step("second child ticked", pressed(
            lambda p: EbChild(child=p.children[1]).pack() if len(p.children) > 1 else None)),
        Step("next", pressed(lambda p: EbChild(child=-1).pack())),
        Step("adults", pressed(lambda p: EbAdults(n=p.person.id % 2).pack())),
        Step("submit", pressed(lambda p: EbGo(action="submit").pack())),
    ]


def choice(parent: Parent) -> str:
    return EbGo(action="split" if parent.person.id % 2 else "wait").pack()


async def registered(app: OurBot, event_id: int) -> set[int]:
    rows = await app.db.fetchall(
        "SELECT user_id FROM event_registrations WHERE event_id = ?", (event_id,))
    return {int(r[0]) for r in rows}


async def register(h: Harness, app: OurBot, event: tuple[int, str], parents: list[Parent],
                   rng: random.Random, steps: dict[str, Sample] | None = None) -> list[int]:
    """Everyone through the conversation, a step at a time in a new random order each; the
    ids of the parents in the order their registration was committed."""
    event_id, code = event
    committed: list[int] = []
    samples = steps if steps is not None else {}
    for step in conversation(code, event_id):
        order = parents[:]
        rng.shuffle(order)
        built = [(p, step.make(h, p)) for p in order]
        updates = [u for _, u in built if u is not None]
        samples.setdefault(step.name, Sample())
        samples[step.name] += await h.feed(updates)
        if step.name != "submit":
            continue
        done = await registered(app, event_id)
        committed = [p.person.id for p in order if p.person.id in done]
        # one seat left for two children: the choice, the free one now or both wait
        choosers = [p for p in order if p.person.id not in done]
        if choosers:
            make = pressed(choice)
            chosen = [make(h, p) for p in choosers]
            samples.setdefault("choose", Sample())
            samples["choose"] += await h.feed([u for u in chosen if u is not None])
            committed += [p.person.id for p in choosers]
    return committed


# ---- the checks ---------------------------------------------------------------------------


async def check(app: OurBot, h: Harness, event_id: int, parents: list[Parent],
                committed: list[int], result: Result) -> list[str]:
    """The seats, the registrations, the waitlist's order, the tickets, the last messages."""
    problems = []
    seat_rows = list(await app.db.fetchall(
        "SELECT s.id, s.child_id, s.status, s.registration_id, r.user_id FROM event_seats s"
        " JOIN event_registrations r ON r.id = s.registration_id WHERE s.event_id = ?"
        " ORDER BY s.queued_at, s.id", (event_id,)))
    result.taken = sum(r["status"] in ("seat", "offered") for r in seat_rows)
    result.waiting = sum(r["status"] == "waitlist" for r in seat_rows)
    if result.taken > result.seats:
        problems.append(f"{result.taken} seats taken of {result.seats}: sold twice")
    per_child = Counter(r["child_id"] for r in seat_rows)
    twice = [child for child, n in per_child.items() if n > 1]
    if twice:
        problems.append(f"{len(twice)} children hold more than one seat row")
    ticked = {child for p in parents for child in p.children}
    if set(per_child) != ticked:
        problems.append(f"{len(ticked - set(per_child))} children ticked have no seat row, "
                        f"{len(set(per_child) - ticked)} rows are of children not ticked")
    if result.taken + result.waiting != len(seat_rows):
        problems.append("seats neither taken nor waiting")

    regs = list(await app.db.fetchall(
        "SELECT user_id, count(*) AS n FROM event_registrations WHERE event_id = ?"
        " GROUP BY user_id", (event_id,)))
    ids = {p.person.id for p in parents}
    if {r["user_id"] for r in regs} != ids or any(r["n"] != 1 for r in regs):
        problems.append(f"{len(regs)} people registered, {len(ids)} expected once each")
    if sorted(committed) != sorted(ids):
        problems.append(f"{len(committed)} committing presses, {len(ids)} people")

    turn = {uid: n for n, uid in enumerate(committed)}
    waitlist = [r for r in seat_rows if r["status"] == "waitlist"]
    expected = sorted(waitlist, key=lambda r: (turn.get(r["user_id"], -1), r["id"]))
    if [r["id"] for r in waitlist] != [r["id"] for r in expected]:
        wrong = sum(a["id"] != b["id"] for a, b in zip(waitlist, expected, strict=True))
        problems.append(f"the waitlist's order differs from the presses' in {wrong} places")

    tickets = Counter(
        int(str(r[0]).split(":")[3]) for r in await app.db.fetchall(
            "SELECT dedupe_key FROM outbox WHERE kind = 'ticket' AND dedupe_key LIKE ?",
            (f"ev:{event_id}:ticket:%",)))
    seated = {r["registration_id"] for r in seat_rows if r["status"] == "seat"}
    everyone = {r["registration_id"] for r in seat_rows}
    if any(tickets[reg] != 1 for reg in seated):
        problems.append(f"{sum(tickets[reg] != 1 for reg in seated)} of {len(seated)} "
                        "seated registrations have not exactly one ticket queued")
    if any(tickets[reg] for reg in everyone - seated):
        problems.append("a ticket queued for a registration all on the waitlist")

    booked = {lang: app.texts.get(lang, "eb-booked") for lang in ("ru", "en")}
    unanswered = 0
    for parent in parents:
        uid = parent.person.id
        message = h.emulator.messages[(uid, h.newest_bot_message(uid))]
        unanswered += not str(message.get("html") or "").startswith(
            booked[parent.person.language])
    if unanswered:
        problems.append(f"{unanswered} parents' newest message is not «{booked['ru']}»")
    for name, sample in result.steps.items():
        problems += [f"{name}: {n} x {error}" for error, n in sample.errors.items()]
    return problems


# ---- the run ------------------------------------------------------------------------------


async def run(plan: Plan) -> Result:
    rng = random.Random(20_261_205)
    result = Result()
    with tempfile.TemporaryDirectory(prefix="bench-events-") as tmp:
        app = await OurBot.open(Path(tmp) / "bench.sqlite3")
        try:
            started = time.perf_counter()
            families = await seed(app, rng)
            result.fill_seconds = time.perf_counter() - started
            result.families = int(await app.db.fetchval("SELECT count(*) FROM families"))
            end = plan.warmup + plan.people
            warmup, parents = families[:plan.warmup], families[plan.warmup:end]
            profiled = families[end:end + plan.profiled]
            result.people = len(parents)
            result.children = sum(len(p.children) for p in parents)
            result.seats = round(result.children * (1 - WAITING))
            event_id = await open_day(app, "open-day", result.seats)
            warm_id = await open_day(app, "warm-up", 0)
            people = [p.person for p in families[:end + plan.profiled]]
            h = app.harness(people)
            echo, _ = await bare_throughput(plan.bare_rounds, people[:BARE_PEOPLE])
            result.bare += echo

            await register(h, app, (warm_id, "warm-up"), warmup, rng)  # untimed
            committed = await register(h, app, (event_id, "open-day"), parents, rng,
                                       result.steps)
            result.choosers = result.steps.get("choose", Sample()).updates
            result.problems += await check(app, h, event_id, parents, committed, result)
            if plan.profile or result.conversation.rate < FLOOR * result.bare.rate:
                seats = round(sum(len(p.children) for p in profiled) * (1 - WAITING))
                profiled_id = await open_day(app, "profiled", seats)
                profiler = cProfile.Profile()
                profiler.enable()
                await register(h, app, (profiled_id, "profiled"), profiled, rng)
                profiler.disable()
                result.profile = profile_text(profiler, PROFILE_LINES)
            await h.close()
        finally:
            await app.close()
    echo, _ = await bare_throughput(plan.bare_rounds, people[:BARE_PEOPLE])
    result.bare += echo
    return result


def report(result: Result, plan: Plan) -> bool:
    echo = result.bare.rate
    talk, commit = result.conversation, result.committing
    per_registration = talk.updates / result.people if result.people else 0.0
    registrations = result.people / talk.seconds if talk.seconds else 0.0
    commits = commit.updates / commit.seconds if commit.seconds else 0.0
    ratio = talk.rate / echo if echo else 0.0
    ok = ratio >= FLOOR and not result.problems
    print(f"open day registrations in a burst: aiogram {aiogram.__version__}, "
          f"Python {platform.python_version()}")
    print(f"  database: {result.families} families (filled in {result.fill_seconds:.1f} s); "
          f"{result.people} parents register {result.children} children for {result.seats} "
          f"seats, interleaved step by step ({per_registration:.2f} updates a registration)")
    print(table(
        ["", "per second", "updates/s", "× bare echo", "emulator share", "floor"],
        [
            ["bare aiogram echo", "", f"{echo:.0f}", "1.00",
             f"{result.bare.emulator_share:.0%}", ""],
            ["registrations (the whole conversation)", f"{registrations:.1f}",
             f"{talk.rate:.0f}", f"{ratio:.2f} (updates); "
             f"{registrations / echo if echo else 0:.3f} (registrations)",
             f"{talk.emulator_share:.0%}", f"≥ {FLOOR:.1f} {verdict(ratio >= FLOOR)}"],
            ["committing presses (✅ Записаться, the choice)", f"{commits:.0f}",
             f"{commit.rate:.0f}", f"{commit.rate / echo if echo else 0:.2f}",
             f"{commit.emulator_share:.0%}", ""],
        ],
    ))
    print("  the floor is on updates per second: the conversation's updates against the echo's "
          "messages")
    print(table(["step", "updates", "updates/s"],
                [[name, str(s.updates), f"{s.rate:.0f}"] for name, s in result.steps.items()]))
    print(f"  seats taken {result.taken} of {result.seats}; waitlist {result.waiting}; "
          f"{result.choosers} parents found one seat for two children and chose")
    print(f"  peak memory (RSS): {peak_rss_mb():.0f} MB")
    print("  checks: " + ("PASS (no seat sold twice, one seat row per child, every "
                          "registration once, the waitlist in the presses' order, one ticket "
                          "per seated registration)" if not result.problems else "FAIL"))
    for problem in result.problems:
        print(f"  PROBLEM: {problem}")
    if result.profile:
        print(f"cProfile: {plan.profiled} parents registering for another open day")
        print(result.profile)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller, shorter run")
    parser.add_argument("--profile", action="store_true", help="profile another burst")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.profile:
        plan = Plan(plan.people, plan.warmup, plan.bare_rounds, profile=True)
    result = asyncio.run(run(plan))
    return 0 if report(result, plan) else 1


if __name__ == "__main__":
    sys.exit(main())
