"""The one database benchmarks/flows.py runs every flow on, seeded with the other benchmarks'
own functions: a year of lessons for 1 000 groups and 100 000 families (a parent each, one or
two children confirmed in one or two of those groups: benchmarks/schedule.py), 10 000
published posts (benchmarks/news.py), staff teachers each with a group of children whose
lesson began ten minutes ago (benchmarks/rollcall.py); an open day with seats is added before
each round of the events flow (benchmarks/events.py)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from benchmarks import news, rollcall, schedule
from benchmarks.common import Families, OurBot, Person, insert_families
from storage.clock import to_db, utcnow

ROLL_PREFIX = "rc"  # the codes of the teachers' groups (the schedule's are g0000…)


@dataclass
class Seeded:
    parents: list[Person]
    teachers: list[Person]
    seconds: float = 0.0  # the whole seeding
    families_seconds: float = 0.0  # of which the 100 000 families
    counts: dict[str, int] = field(default_factory=dict)


async def seed(app: OurBot, teachers: int, rng: random.Random) -> Seeded:
    """Everything above; the parents in a random order, the teachers as made."""
    db = app.db
    quanta = [q.code for q in app.catalogue.quanta]
    started = time.perf_counter()
    await schedule.generate(db, app.settings, quanta)
    families_started = time.perf_counter()
    parents = await schedule.seed_families(db, rng)
    families_seconds = time.perf_counter() - families_started
    await news.seed_news(db, quanta, rng)
    staff = rollcall.teachers_of(teachers)
    stamp = to_db(utcnow())
    await insert_families(db, Families(
        staff=[(t.id, t.language, "staff", t.first_name, stamp, stamp) for t in staff]))
    children = int(await db.fetchval("SELECT max(id) FROM children"))
    await rollcall.add_registers(app, staff, range(1, children + 1), rng, prefix=ROLL_PREFIX)
    seeded = Seeded(parents, staff, time.perf_counter() - started, families_seconds)
    for table in ("families", "children", "enrolments", "groups", "lessons", "posts"):
        seeded.counts[table] = int(await db.fetchval(f"SELECT count(*) FROM {table}"))  # noqa: S608
    rng.shuffle(seeded.parents)
    return seeded
