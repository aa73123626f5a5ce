"""How fast parents sign a child up: complete sign-up forms through the real dispatcher.

    .venv/bin/python benchmarks/signup.py [--quick]

In one process: `Dispatcher.feed_update` with the Bot on a LocalSession (the emulated Bot API,
no network), on a real SQLite database seeded with 100 000 parents, their families and
children, and the enrolments of several school years in the groups of data/groups.sample.csv
(imported first, then extended by a CSV generated in a temporary directory, with more groups
and past years, and capacities raised). A benchmark group with 1 000 000 seats is added to an
open programme, so that every benchmark sign-up takes a seat.

N new parents (1 000; 200 with --quick), none of them in the database, each fill the whole
form: /start → "parent" → sign up for the quantum → programme → group → the child's name →
birth date → school → grade → phone → consent → submit. Every update a parent sends depends on
the bot's previous answer (a button is pressed on the bot's newest message), so the parents go
through the form in cohorts, one step at a time: each step's updates are built for the whole
cohort, then fed one after another, and only the feeding is timed. The bare-aiogram echo of
benchmarks/dispatch.py is measured in the same run, for scale.

Afterwards: exactly N new enrolments must exist (status applied), and every parent's newest
message must be the 🎉 confirmation. Only figures are printed; there is no floor.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import base64
import csv
import io
import platform
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import aiogram
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from benchmarks.dispatch import (
    DB_USERS,
    FIRST_USER_ID,
    ROOT,
    Harness,
    Person,
    Sample,
    bare_throughput,
    population,
    table,
)
from benchmarks.dispatch import FULL as DISPATCH_FULL
from benchmarks.dispatch import QUICK as DISPATCH_QUICK
from benchmarks.dispatch import Plan as DispatchPlan
from bot.app import open_database
from bot.dispatcher import assemble
from bot.i18n import Texts
from bot.services import consent_texts
from bot.services.catalogue import Catalogue, load_catalogue
from bot.services.dates import age_on
from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from bot.settings import DEFAULT_CATALOGUE, Settings
from bot.ui.callbacks import (
    RoleChoice,
    SignupConsent,
    SignupEdit,
    SignupGrade,
    SignupPick,
    SignupStart,
)
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.programmes import Group, ProgrammeRepo

SAMPLE_CSV = ROOT / "data" / "groups.sample.csv"
FIRST_NEW_PARENT = FIRST_USER_ID + DB_USERS  # the seeded parents end just below
STAFF_IDS = (9001, 9002, 9003)  # staff get a notice about every application

# The benchmark group: seats for everyone, in an open programme of the sample.
BENCH_PROGRAMME = "robo-intro"
BENCH_GROUP = "robo-bench"
BENCH_CAPACITY = 1_000_000

# The seeded groups: every sample group, in this school year and the past ones, in copies.
PAST_YEARS = 4
COPIES = 5  # groups per sample group per school year (the sample group itself is one)
CAPACITY = 500  # the most the CSV import allows
# Enrolments per group, as shares of its capacity: (status, share).
StatusPlan = tuple[tuple[str, float], ...]
PAST_PLAN: StatusPlan = (
    ("confirmed", 0.85), ("withdrawn", 0.05), ("cancelled", 0.06), ("rejected", 0.04),
)
FULL_PLAN: StatusPlan = (
    ("confirmed", 0.80), ("applied", 0.12), ("navigator", 0.06), ("offered", 0.02),
    ("waitlisted", 0.06), ("cancelled", 0.05), ("rejected", 0.01),
)
OPEN_PLAN: StatusPlan = (
    ("confirmed", 0.55), ("applied", 0.15), ("navigator", 0.06), ("cancelled", 0.04),
    ("rejected", 0.01),
)
FULL_EVERY = 3  # every third group of this year is full and has a waitlist

SEND, EDIT, ANSWER = "sendMessage", "editMessageText", "answerCallbackQuery"
DONE_MARK = "🎉"

GIRLS = ("Мария", "Анна", "Софья", "Алиса", "Виктория", "Полина", "Ева", "Дарья", "Варвара")
BOYS = ("Иван", "Михаил", "Артём", "Лев", "Матвей", "Тимофей", "Марк", "Егор", "Даниил")
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
            "Новиков", "Морозов", "Волков", "Зайцев", "Павлов", "Семёнов", "Голубев")


@dataclass(frozen=True)
class Plan:
    parents: int  # new parents who sign a child up, timed
    warmup: int  # parents who fill the form first, untimed, and cancel at the summary
    cohorts: int  # the timed parents go through the form in this many cohorts
    bare: DispatchPlan  # the bare echo's rounds


FULL = Plan(parents=1000, warmup=50, cohorts=5, bare=DISPATCH_FULL)
QUICK = Plan(parents=200, warmup=20, cohorts=5, bare=DISPATCH_QUICK)


# ---- the database -----------------------------------------------------------------------


def season_start(day: date) -> date:
    """1 September of the school year that is on (or, in summer, the one coming)."""
    return date(day.year if day.month >= 6 else day.year - 1, 9, 1)


def ru_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def child_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    if rng.random() < 0.5:
        return f"{surname}а {rng.choice(GIRLS)}"
    return f"{surname} {rng.choice(BOYS)}"


def generated_csv(sample: bytes, today: date) -> bytes:
    """The sample's rows for this school year, in copies, and for the past years; all with
    the capacity raised. Programme columns stay as in the sample."""
    reader = csv.DictReader(io.StringIO(sample.decode("utf-8-sig"), newline=""), delimiter=";")
    columns = list(reader.fieldnames or [])
    rows = list(reader)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=";", lineterminator="\n")
    writer.writeheader()
    this_year = season_start(today).year
    for years_ago in range(PAST_YEARS + 1):
        year = this_year - years_ago
        for row in rows:
            for copy in range(COPIES):
                code = row["group"] if copy == 0 else f"{row['group']}-{copy + 1}"
                name = row["group_name"] if copy == 0 else f"{row['group_name']} · {copy + 1}"
                if years_ago:
                    code, name = f"{code}-{year}", f"{name} ({year}/{(year + 1) % 100:02d})"
                writer.writerow({
                    **row, "group": code, "group_name": name, "capacity": str(CAPACITY),
                    "starts_on": ru_date(date(year, 9, 1)),
                    "ends_on": ru_date(date(year + 1, 5, 31)),
                })
    return out.getvalue().encode("utf-8")


async def import_groups(db: Database, catalogue: Catalogue, directory: Path, today: date) -> None:
    """The sample CSV as it is, then the generated one, then the benchmark group (its
    capacity is beyond what a CSV may hold, so it goes to import_programmes directly)."""
    quanta = {q.code for q in catalogue.quanta}
    sample = SAMPLE_CSV.read_bytes()
    generated = directory / "groups.generated.csv"
    generated.write_bytes(generated_csv(sample, today))
    for data in (sample, generated.read_bytes()):
        parsed = parse_groups_csv(data, quanta)
        if parsed.errors:
            raise RuntimeError("; ".join(parsed.errors[:5]))
        await import_programmes(db, parsed.programmes, parsed.groups)
    start = season_start(today)
    await import_programmes(db, [], [{
        "code": BENCH_GROUP, "programme_code": BENCH_PROGRAMME, "name": "Сб 10:00 (поток)",
        "capacity": BENCH_CAPACITY, "teacher": "Иванова Е. А.", "room": "Каб. 101",
        "age_min": None, "age_max": None, "starts_on": start.isoformat(),
        "ends_on": date(start.year + 1, 5, 31).isoformat(),
    }])


@dataclass
class Seeded:
    users: int = 0
    families: int = 0
    children: int = 0
    enrolments: Counter[str] = field(default_factory=Counter)
    groups: int = 0
    programmes: int = 0
    seconds: float = 0.0
    last_enrolment: int = 0


def group_slots(groups: Sequence[Group], today: date) -> list[tuple[Group, str]]:
    """(group, status) of every seeded enrolment, as the plans above lay them out."""
    slots: list[tuple[Group, str]] = []
    current = [g for g in groups if g.ends_on >= today]
    full = {g.id for g in current[::FULL_EVERY]}
    for group in groups:
        if group.code == BENCH_GROUP:
            continue
        if group.ends_on < today:
            plan = PAST_PLAN
        elif group.id in full:
            plan = FULL_PLAN
        else:
            plan = OPEN_PLAN
        for status, share in plan:
            slots.extend([(group, status)] * round(group.capacity * share))
    return slots


def born_for(group: Group, rng: random.Random) -> date:
    """A birth date that makes the child fit the group at its start."""
    age = rng.randint(group.age_min, group.age_max)
    start = group.starts_on
    return date(start.year - age - 1, start.month, start.day) + timedelta(
        days=rng.randint(1, 360)
    )


async def seed(db: Database, people: Sequence[Person], today: date) -> Seeded:
    """Parents, families, children, consents and enrolments, in one transaction."""
    rng = random.Random(20_260_901)
    now = utcnow()
    groups = sorted(await ProgrammeRepo(db).all_groups(), key=lambda g: (g.starts_on, g.code))
    slots = group_slots(groups, today)
    rng.shuffle(slots)

    users, families, members, children, consents, enrolments = [], [], [], [], [], []
    for index, person in enumerate(people):
        slot = slots[index] if index < len(slots) else None
        if slot is not None:  # joined in the July before the school year of the enrolment
            first_seen = min(
                datetime(slot[0].starts_on.year, 7, 1, tzinfo=UTC)
                + timedelta(seconds=rng.randrange(30 * 24 * 3600)),
                now - timedelta(days=2, seconds=index),
            )
        else:
            first_seen = now - timedelta(days=1 + index % 1800, seconds=index)
        users.append((
            person.id, person.language, "parent", person.first_name, to_db(first_seen),
            to_db(now - timedelta(minutes=index % 10_000)),
        ))
        family_id = child_id = index + 1
        invite = base64.urlsafe_b64encode(rng.randbytes(9)).decode()
        families.append((family_id, invite, f"+79{rng.randrange(10**9):09d}", to_db(first_seen)))
        members.append((family_id, person.id, "parent", to_db(first_seen)))
        if slot is not None:
            born = born_for(slot[0], rng)
        else:
            born = today - timedelta(days=rng.randint(7 * 365, 17 * 365))
        grade = min(11, max(1, age_on(born, today) - 6))
        children.append((
            child_id, family_id, child_name(rng), born.isoformat(),
            f"Школа № {rng.randint(1, 120)}", grade, to_db(first_seen),
        ))
        if slot is None:
            continue
        consents.append((family_id, child_id, person.id, consent_texts.version_for("parent"),
                         int(rng.random() < 0.8), to_db(first_seen)))
    # one enrolment per child; slots beyond the number of children go to second enrolments
    taken: set[tuple[int, int]] = set()
    for index, (group, status) in enumerate(slots):
        child = index % len(people)
        if (child, group.id) in taken:
            continue
        taken.add((child, group.id))
        applied_at = datetime(group.starts_on.year, 8, 1, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(28 * 24 * 3600)
        )
        if applied_at > now:
            applied_at = now - timedelta(seconds=rng.randrange(24 * 3600))
        stamp = to_db(applied_at)
        offer_until = to_db(now + timedelta(hours=12)) if status == "offered" else None
        reason = "группа набрана" if status == "rejected" else None
        enrolments.append((child + 1, group.id, status, stamp, offer_until, reason,
                           people[child].id, stamp, stamp))

    started = time.perf_counter()
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (id, language, family_role, first_name, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?)", users,
        )
        await conn.executemany(
            "INSERT INTO users (id, language, staff_role, first_name, first_seen, last_seen)"
            " VALUES (?, 'ru', 'staff', ?, ?, ?)",
            [(uid, f"Staff{uid}", to_db(now), to_db(now)) for uid in STAFF_IDS],
        )
        await conn.executemany(
            "INSERT INTO families (id, invite_code, phone, created_at) VALUES (?, ?, ?, ?)",
            families,
        )
        await conn.executemany(
            "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
            " VALUES (?, ?, ?, ?)", members,
        )
        await conn.executemany(
            "INSERT INTO children (id, family_id, name, birth_date, school, grade, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", children,
        )
        await conn.executemany(
            "INSERT INTO consents (family_id, child_id, given_by, text_version, photo,"
            " given_at) VALUES (?, ?, ?, ?, ?, ?)", consents,
        )
        await conn.executemany(
            "INSERT INTO enrolments (child_id, group_id, status, queued_at, offer_until,"
            " reason, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            enrolments,
        )
    result = Seeded(seconds=time.perf_counter() - started)
    result.users = int(await db.fetchval("SELECT count(*) FROM users"))
    result.families = int(await db.fetchval("SELECT count(*) FROM families"))
    result.children = int(await db.fetchval("SELECT count(*) FROM children"))
    result.groups = int(await db.fetchval("SELECT count(*) FROM groups"))
    result.programmes = int(await db.fetchval("SELECT count(*) FROM programmes"))
    for row in await db.fetchall("SELECT status, count(*) FROM enrolments GROUP BY status"):
        result.enrolments[str(row[0])] = int(row[1])
    result.last_enrolment = int(await db.fetchval("SELECT coalesce(max(id), 0) FROM enrolments"))
    return result


# ---- the form ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Parent:
    id: int
    language: str
    first_name: str
    child: str
    birth: str  # DD.MM.YYYY, as typed
    school: str
    grade: int
    phone: str


def new_parents(count: int, first_id: int, group: Group, today: date) -> list[Parent]:
    """Parents not in the database, each with a child whose age fits the group."""
    rng = random.Random(first_id)
    on = max(group.starts_on, today)
    age = (group.age_min + group.age_max) // 2
    parents = []
    for k in range(count):
        born = date(on.year - age - 1, on.month, min(on.day, 28)) + timedelta(days=1 + k % 300)
        assert group.age_min <= age_on(born, on) <= group.age_max
        parents.append(Parent(
            id=first_id + k, language="en" if k % 4 == 0 else "ru",
            first_name=f"Parent{first_id + k}", child=child_name(rng), birth=ru_date(born),
            school=f"Школа № {1 + k % 120}", grade=min(11, max(1, age_on(born, on) - 6)),
            phone=f"+7 9{k % 10**9:09d}",
        ))
    return parents


@dataclass(frozen=True)
class Form:
    quantum: str
    programme_id: int
    group: Group


@dataclass(frozen=True)
class Step:
    name: str
    make: Callable[[Harness, Parent], Update]
    calls: dict[str, int]  # the Bot API calls one update of this step makes


def typed(value: Callable[[Parent], str]) -> Callable[[Harness, Parent], Update]:
    def make(h: Harness, parent: Parent) -> Update:
        return h.message(parent.id, value(parent))
    return make


def pressed(value: Callable[[Parent], str]) -> Callable[[Harness, Parent], Update]:
    """A button pressed on the bot's newest message in the chat."""
    def make(h: Harness, parent: Parent) -> Update:
        return h.press(parent.id, h.newest_bot_message(parent.id), value(parent))
    return make


def form_steps(form: Form, *, last: str = "submit") -> list[Step]:
    press_edit = {ANSWER: 1, EDIT: 1}
    press_send = {ANSWER: 1, SEND: 1}
    return [
        Step("/start", typed(lambda p: "/start"), {SEND: 1}),
        Step("role: parent", pressed(lambda p: RoleChoice(role="parent").pack()), press_edit),
        Step(f"sign up: {form.quantum}",
             pressed(lambda p: SignupStart(code=form.quantum).pack()), press_send),
        Step("programme",
             pressed(lambda p: SignupPick(kind="p", id=form.programme_id).pack()), press_edit),
        Step("group", pressed(lambda p: SignupPick(kind="g", id=form.group.id).pack()),
             press_send),
        Step("name (typed)", typed(lambda p: p.child), {SEND: 1}),
        Step("birth date (typed)", typed(lambda p: p.birth), {SEND: 1}),
        Step("school (typed)", typed(lambda p: p.school), {SEND: 1}),
        Step("grade", pressed(lambda p: SignupGrade(grade=p.grade).pack()),
             {ANSWER: 1, SEND: 2}),
        Step("phone (typed)", typed(lambda p: p.phone), {SEND: 2}),
        Step("consent: photo", pressed(lambda p: SignupConsent(choice="photo").pack()),
             press_send),
        Step(last, pressed(lambda p: SignupEdit(field=last).pack()), press_edit),
    ]


def check_step(name: str, step: Step, sample: Sample) -> list[str]:
    problems = [f"{name}: {count} x {error}" for error, count in sample.errors.items()]
    expected = {method: count * sample.updates for method, count in step.calls.items()}
    if dict(sample.calls) != expected:
        problems.append(f"{name}: Bot API calls {dict(sample.calls)}, expected {expected}")
    return problems


async def go_through(
    h: Harness, steps: Sequence[Step], parents: Sequence[Parent],
    by_step: dict[str, Sample] | None, problems: list[str],
) -> tuple[Sample, float]:
    """Every parent through every step, a step at a time. The timed sample (feeding only, as
    one chunk) and the wall time including building the updates."""
    total = Sample()
    started = time.perf_counter()
    for step in steps:
        updates = [step.make(h, parent) for parent in parents]
        sample = await h.feed(updates)
        problems.extend(check_step(step.name, step, sample))
        if by_step is not None:
            by_step.setdefault(step.name, Sample())
            by_step[step.name] += sample
        total += sample
    return total.as_chunk(), time.perf_counter() - started


# ---- the run ----------------------------------------------------------------------------


@dataclass
class Result:
    plan: Plan
    seeded: Seeded
    form: Form
    programme_title: str
    steps: list[Step]
    by_step: dict[str, Sample]
    total: Sample
    wall_seconds: float
    bare_echo: Sample
    problems: list[str]
    enrolments: dict[str, int]
    outbox: int
    confirmed: int
    confirmation: str


async def signups(plan: Plan, directory: Path) -> Result:
    settings = Settings(
        _env_file=None, database_path=directory / "bench.sqlite3",
        catalogue_path=DEFAULT_CATALOGUE, admin_ids=frozenset(),
    )
    catalogue = load_catalogue(settings.catalogue_path)
    texts = Texts()
    today = datetime.now(settings.zone).date()
    db = await open_database(settings, catalogue)
    try:
        await import_groups(db, catalogue, directory, today)
        seeded = await seed(db, population(DB_USERS), today)

        group_id = int(await db.fetchval("SELECT id FROM groups WHERE code = ?", (BENCH_GROUP,)))
        group = await ProgrammeRepo(db).group(group_id)
        assert group is not None
        programme = await ProgrammeRepo(db).get(group.programme_id)
        assert programme is not None
        form = Form(quantum=programme.quantum_code, programme_id=programme.id, group=group)

        everyone = new_parents(plan.warmup + plan.parents, FIRST_NEW_PARENT, group, today)
        warmup, parents = everyone[: plan.warmup], everyone[plan.warmup :]

        # the bare bot first, as benchmarks/dispatch.py does, with the same users
        bare_echo, _ = await bare_throughput(
            plan.bare, [Person(p.id, p.language, p.first_name) for p in parents]
        )

        def our_dispatcher(bot: Bot) -> Dispatcher:
            return assemble(bot, db, settings, catalogue, texts)[0]

        h = Harness.create(our_dispatcher)
        for parent in everyone:
            h.emulator.add_user(parent.id, parent.first_name, parent.language)
        problems: list[str] = []
        outbox_before = int(await db.fetchval("SELECT count(*) FROM outbox"))

        # warm-up: the whole form, cancelled at the summary, so no enrolment is made
        warmup_problems: list[str] = []
        await go_through(h, form_steps(form, last="cancel"), warmup, None, warmup_problems)
        problems.extend(f"warm-up {p}" for p in warmup_problems)

        steps = form_steps(form)
        by_step: dict[str, Sample] = {}
        total = Sample()
        wall = 0.0
        for cohort in (parents[i :: plan.cohorts] for i in range(plan.cohorts)):
            sample, seconds = await go_through(h, steps, cohort, by_step, problems)
            total += sample
            wall += seconds

        new = await db.fetchall(
            "SELECT status, count(*), count(DISTINCT created_by), sum(group_id = ?),"
            " sum(created_by BETWEEN ? AND ?) FROM enrolments WHERE id > ? GROUP BY status",
            (group.id, parents[0].id, parents[-1].id, seeded.last_enrolment),
        )
        enrolments: dict[str, int] = {}
        for status, count, makers, in_group, by_parents in new:
            enrolments[str(status)] = int(count)
            if int(makers) != int(count) or int(in_group) != int(count) or (
                int(by_parents) != int(count)
            ):
                problems.append(
                    f"enrolments ({status}): {count}, by {makers} distinct parents, "
                    f"{in_group} in the benchmark group, {by_parents} by benchmark parents"
                )
        outbox = int(await db.fetchval("SELECT count(*) FROM outbox")) - outbox_before
        confirmed = 0
        confirmation = ""
        for parent in parents:
            text = str(h.emulator.messages[(parent.id, h.newest_bot_message(parent.id))]
                       .get("text") or "")
            if text.startswith(DONE_MARK):
                confirmed += 1
                confirmation = confirmation or text
            elif len(problems) < 50:
                problems.append(f"parent {parent.id}: last message {text[:80]!r}")
        await h.close()
    finally:
        await db.close()
    return Result(
        plan=plan, seeded=seeded, form=form, programme_title=programme.title_ru, steps=steps,
        by_step=by_step, total=total, wall_seconds=wall, bare_echo=bare_echo,
        problems=problems, enrolments=enrolments, outbox=outbox, confirmed=confirmed,
        confirmation=confirmation,
    )


# ---- report -----------------------------------------------------------------------------


def overall(sample: Sample) -> float:
    return sample.updates / sample.seconds if sample.seconds else 0.0


def calls_text(calls: dict[str, int]) -> str:
    short = {SEND: "send", EDIT: "edit", ANSWER: "answer"}
    return ", ".join(f"{short.get(m, m)} {n}" for m, n in sorted(calls.items()))


def report(result: Result) -> None:
    plan, seeded, form = result.plan, result.seeded, result.form
    per_signup = len(result.steps)
    total, echo = result.total, result.bare_echo
    cohort_rates = total.chunk_rates
    median_rate = total.rate
    whole_rate = overall(total)

    print("Sign-ups: complete sign-up forms through Dispatcher.feed_update in one process,")
    print("Bot on LocalSession (emulated Bot API, no network)")
    print()
    enrolled = sum(seeded.enrolments.values())
    statuses = [f"{s} {n:,}" for s, n in seeded.enrolments.most_common()]
    half = (len(statuses) + 1) // 2
    print(f"  database, seeded in one transaction ({seeded.seconds:.2f} s):")
    print(f"    users       {seeded.users:>9,}  {seeded.users - len(STAFF_IDS):,} parents, "
          f"{len(STAFF_IDS)} staff")
    print(f"    families    {seeded.families:>9,}  a parent and a child each "
          f"({seeded.children:,} children)")
    print(f"    enrolments  {enrolled:>9,}  {', '.join(statuses[:half])},")
    print(f"                {'':>9}  {', '.join(statuses[half:])}")
    print(f"    groups      {seeded.groups:>9,}  of {seeded.programmes} programmes: "
          f"data/groups.sample.csv, then a generated CSV")
    print(f"                {'':>9}  with {COPIES} groups per sample group in this school "
          f"year and {PAST_YEARS} past ones,")
    print(f"                {'':>9}  capacity {CAPACITY}; and the benchmark group")
    print(f"  form: {per_signup} updates per sign-up, into group {form.group.code!r} "
          f"«{form.group.name}» of «{result.programme_title}»")
    print(f"    (ages {form.group.age_min}-{form.group.age_max}, {form.group.capacity:,} "
          f"seats); {plan.parents:,} new parents in {plan.cohorts} cohorts of "
          f"{plan.parents // plan.cohorts:,},")
    print(f"    after a warm-up of {plan.warmup} parents who fill the form and cancel at the "
          "summary")
    print(f"  Python {platform.python_version()}, aiogram {aiogram.__version__}")
    print()

    rows = []
    for step in result.steps:
        sample = result.by_step[step.name]
        rate = sample.rate
        rows.append([
            step.name, f"{sample.updates:,}", f"{sample.seconds:.2f}", f"{rate:,.0f}",
            f"{1000 / rate:.2f}" if rate else "-", f"{sample.emulator_share:.0%}",
            calls_text(step.calls), f"{sum(sample.errors.values())}",
        ])
    rows.append([
        "whole form", f"{total.updates:,}", f"{total.seconds:.2f}", f"{median_rate:,.0f}",
        f"{1000 / median_rate:.2f}" if median_rate else "-", f"{total.emulator_share:.0%}",
        "", f"{sum(total.errors.values())}",
    ])
    print("Per step (updates/s: the median over the cohorts)")
    print()
    print(table(["step", "updates", "seconds", "updates/s", "ms/update", "emulator",
                 "Bot API calls per update", "errors"], rows))
    print()

    signups_median = median_rate / per_signup
    signups_whole = whole_rate / per_signup
    echo_median, echo_whole = echo.rate, overall(echo)

    def ms(rate: float) -> str:
        return f"{1000 / rate:.1f}" if rate else "-"

    def ratio(ours: float, bare: float) -> str:
        return f"{ours / bare:.3f}" if bare else "-"

    print("Result")
    print()
    print(table(["figure", "median of cohorts", "whole run"], [
        ["complete sign-ups", "", f"{plan.parents:,}"],
        ["sign-ups per second", f"{signups_median:,.1f}", f"{signups_whole:,.1f}"],
        ["time per complete sign-up (ms)", ms(signups_median), ms(signups_whole)],
        ["updates per second (ours)", f"{median_rate:,.0f}", f"{whole_rate:,.0f}"],
        ["bare aiogram echo, updates per second", f"{echo_median:,.0f}", f"{echo_whole:,.0f}"],
        ["ours / bare echo", ratio(median_rate, echo_median), ratio(whole_rate, echo_whole)],
    ]))
    print()
    spread = ", ".join(f"{r / per_signup:,.1f}" for r in cohort_rates)
    print(f"  sign-ups per second by cohort: {spread}")
    print(f"  timed: feeding the updates only ({total.seconds:.2f} s). Wall clock of the timed "
          f"cohorts: {result.wall_seconds:.2f} s,\n  with building the updates and a full "
          "gc.collect() before each step. emulator: share of the time\n  inside the fake Bot "
          "API (Telegram's side).")
    print(f"  bare echo: benchmarks/dispatch.py's bare bot, {echo.updates:,} messages from the "
          f"same {plan.parents:,} users\n  (median of {len(echo.chunk_rates)} rounds). Not in "
          "the figures: the bot's background jobs\n  (delivering the staff notices from the "
          "outbox, the periodic last_seen write).")
    print()

    applied = result.enrolments.get("applied", 0)
    new_total = sum(result.enrolments.values())
    ok_enrolments = new_total == plan.parents and applied == plan.parents
    ok_confirmed = result.confirmed == plan.parents
    print("Checks")
    made = ", ".join(f"{s} {n:,}" for s, n in result.enrolments.items()) or "none"
    print(f"  new enrolments: {new_total:,} ({made}); expected exactly {plan.parents:,} "
          f"applied: {'OK' if ok_enrolments else 'WRONG'}")
    print(f"  staff notices queued in the outbox: {result.outbox:,} "
          f"(expected {plan.parents * len(STAFF_IDS):,})")
    print(f"  {DONE_MARK} confirmation as the newest message: {result.confirmed:,} of "
          f"{plan.parents:,} parents: {'OK' if ok_confirmed else 'WRONG'}")
    if result.confirmation:
        print("  e.g.:")
        for line in result.confirmation.splitlines():
            print(f"    {line}")
    if result.problems:
        print(f"  PROBLEMS ({len(result.problems)}), the figures are not comparable:")
        for problem in result.problems[:30]:
            print(f"    {problem}")
    else:
        print("  every update made exactly the expected Bot API calls, none failed")


async def run(plan: Plan) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-signup-") as tmp:
        result = await signups(plan, Path(tmp))
    report(result)
    print()
    print(f"  total time: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK.parents} parents instead of {FULL.parents}")
    args = parser.parse_args(argv)
    asyncio.run(run(QUICK if args.quick else FULL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
