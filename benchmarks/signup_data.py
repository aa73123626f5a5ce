"""The database benchmarks/signup.py signs parents up against: the groups of
data/groups.sample.csv, extended by a generated CSV with copies and past school years
(capacities raised), a benchmark group with seats for everyone, and 100 000 parents with their
families, children, consents and the enrolments of several school years, laid out by the
status plans below."""

from __future__ import annotations

import base64
import csv
import io
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.common import ROOT, Families, Person, insert_families
from bot.services import consent_texts
from bot.services.catalogue import Catalogue
from bot.services.dates import age_on
from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.programmes import Group, ProgrammeRepo

SAMPLE_CSV = ROOT / "data" / "groups.sample.csv"
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
GIRLS = ("Мария", "Анна", "Софья", "Алиса", "Виктория", "Полина", "Ева", "Дарья", "Варвара")
BOYS = ("Иван", "Михаил", "Артём", "Лев", "Матвей", "Тимофей", "Марк", "Егор", "Даниил")
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
            "Новиков", "Морозов", "Волков", "Зайцев", "Павлов", "Семёнов", "Голубев")


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

    rows = Families()
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
        rows.users.append((
            person.id, person.language, "parent", person.first_name, to_db(first_seen),
            to_db(now - timedelta(minutes=index % 10_000)),
        ))
        family_id = child_id = index + 1
        invite = base64.urlsafe_b64encode(rng.randbytes(9)).decode()
        rows.families.append((family_id, invite, f"+79{rng.randrange(10**9):09d}",
                              to_db(first_seen)))
        rows.members.append((family_id, person.id, "parent", None, to_db(first_seen)))
        if slot is not None:
            born = born_for(slot[0], rng)
        else:
            born = today - timedelta(days=rng.randint(7 * 365, 17 * 365))
        grade = min(11, max(1, age_on(born, today) - 6))
        rows.children.append((
            child_id, family_id, child_name(rng), born.isoformat(),
            f"Школа № {rng.randint(1, 120)}", grade, None, to_db(first_seen),
        ))
        if slot is None:
            continue
        rows.consents.append((family_id, child_id, person.id, consent_texts.version_for("parent"),
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
        rows.enrolments.append((child + 1, group.id, status, stamp, offer_until, reason,
                           people[child].id, stamp, stamp))

    rows.staff = [(uid, "ru", "staff", f"Staff{uid}", to_db(now), to_db(now))
                  for uid in STAFF_IDS]
    started = time.perf_counter()
    await insert_families(db, rows)
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
