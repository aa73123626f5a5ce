"""How fast a roll call answers its taps, beside a bare aiogram handler making the same calls.

    .venv/bin/python benchmarks/rollcall.py [--quick] [--profile]

In one process: `Dispatcher.feed_update` with the Bot on a LocalSession (the emulated Bot API,
no network), Update objects built beforehand, our real dispatcher on a temporary SQLite
database holding 100 000 families (a parent each, one or two children). A pool of teachers
(staff), each the teacher of a group of 30 confirmed children with a lesson that began ten
minutes ago, opens the lesson's register; then, round after round, every teacher taps one
child (the next in the list), each tap setting the next mark of the cycle (✅ → ❌ → ⏰ → ✅).
A tap is one write committed before its answer, an answer to the press and an edit of the
register with its 32 buttons.

Beside it, in the same run, before and after ours: the bare aiogram twin of
benchmarks/bare_bot.py answering a press and editing the message with the same keyboard our
register carries (`bare_throughput`).

Floor: a tap ≥ 0.5 × the bare press. With --profile, or when the floor is missed, one more
round runs under cProfile and the top of the profile is printed.
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
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiogram
from aiogram.types import InlineKeyboardMarkup

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
    population,
    profile_text,
    table,
    verdict,
)
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from bot.ui.callbacks_rollcall import RollOpen, RollTap
from storage.clock import to_db, utcnow
from storage.db import placeholders

FLOOR = 0.5  # a tap ≥ this × the bare press
CLASS = 30  # children in each register
FIRST_TEACHER = 40_000_001
CYCLE = ("p", "a", "l")  # the marks taps set in turn: present, absent, late
PROFILE_LINES = 25
COLUMNS = ("programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;"
           "group_name;capacity;teacher;room;starts_on;ends_on;schedule")


@dataclass(frozen=True)
class Plan:
    teachers: int  # registers marked at once, one teacher each
    rounds: int  # taps per teacher, timed (after one untimed)
    bare_rounds: int
    profile: bool = False


FULL = Plan(teachers=200, rounds=12, bare_rounds=BARE_ROUNDS)
QUICK = Plan(teachers=60, rounds=6, bare_rounds=BARE_ROUNDS_QUICK)


@dataclass
class Result:
    bare: Sample = field(default_factory=Sample)
    taps: Sample = field(default_factory=Sample)
    families: int = 0
    marks: int = 0  # marks in the register after the taps
    expected_marks: int = 0
    changes: int = 0  # corrections recorded
    fill_seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    profile: str = ""


def groups_csv(count: int, first_day: str, last_day: str, prefix: str = "g") -> str:
    """A programme and `count` groups of it (codes `prefix`0000, `prefix`0001, …), each with
    a weekly lesson."""
    programme = "robo-intro;robo;вводный;Робототехника;Robotics;7;17;open"
    lines = [COLUMNS] + [
        f'{programme};{prefix}{n:04d};Группа {n};{CLASS + 5};Педагог {n};Каб. {100 + n % 50};'
        f'{first_day};{last_day};"пн 15:00-16:30"'
        for n in range(count)
    ]
    return "\n".join(lines) + "\n"


async def seed(app: OurBot, plan: Plan, rng: random.Random) -> list[Person]:
    """100 000 families; `plan.teachers` groups of CLASS confirmed children from them, each
    group's first lesson moved to have begun ten minutes ago; the teachers (staff)."""
    now = utcnow()
    stamp = to_db(now)
    today = now.date()
    rows = Families()
    child_id = 0
    for index, parent in enumerate(population(DB_USERS)):
        family = index + 1
        rows.users.append((parent.id, parent.language, "parent", parent.first_name, stamp,
                           stamp))
        rows.families.append((family, f"roll{index:06d}", "+79990000000", stamp))
        rows.members.append((family, parent.id, "parent", None, stamp))
        for _ in range(1 if rng.random() < 0.7 else 2):
            child_id += 1
            born = today - timedelta(days=rng.randint(8 * 365, 15 * 365))
            rows.children.append((child_id, family, f"Ребёнок {child_id}", born.isoformat(),
                                  "Школа № 1", 6, None, stamp))
    teachers = teachers_of(plan.teachers)
    rows.staff = [(t.id, t.language, "staff", t.first_name, stamp, stamp) for t in teachers]
    await insert_families(app.db, rows)
    await add_registers(app, teachers, range(1, child_id + 1), rng)
    return teachers


def teachers_of(count: int) -> list[Person]:
    """The teachers (staff, to be written as users by the caller), a quarter speaking
    English."""
    return [Person(FIRST_TEACHER + n, "ru" if n % 4 else "en", f"Teacher{n}")
            for n in range(count)]


async def add_registers(app: OurBot, teachers: Sequence[Person], children: Sequence[int],
                        rng: random.Random, prefix: str = "g") -> None:
    """A group (codes `prefix`0000…) of CLASS confirmed children for each teacher, drawn from
    `children` (ids in the database), its first lesson moved to have begun ten minutes ago."""
    now = utcnow()
    stamp = to_db(now)
    today = now.date()
    # the parsed groups get their ids when imported: enrolments follow them
    first_day, last_day = (today - timedelta(days=30)), (today + timedelta(days=90))
    parsed = parse_groups_csv(groups_csv(len(teachers), first_day.strftime("%d.%m.%Y"),
                                         last_day.strftime("%d.%m.%Y"), prefix).encode(),
                              {"robo"})
    assert not parsed.errors, parsed.errors
    plan_lessons(parsed.groups, app.settings.zone)
    await import_programmes(app.db, parsed.programmes, parsed.groups, today)
    codes = sorted(g["code"] for g in parsed.groups)
    group_ids = [int(r[0]) for r in await app.db.fetchall(
        f"SELECT id FROM groups WHERE code IN ({placeholders(codes)}) ORDER BY code", codes)]
    pupils = rng.sample(children, len(teachers) * CLASS)
    starts, ends = now - timedelta(minutes=10), now + timedelta(minutes=80)
    day = starts.astimezone(app.settings.zone).date().isoformat()
    async with app.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO enrolments (child_id, group_id, status, queued_at, offer_until,"
            " reason, created_by, created_at, updated_at)"
            " VALUES (?, ?, 'confirmed', ?, NULL, NULL, NULL, ?, ?)",
            [(pupils[g * CLASS + n], group, stamp, stamp, stamp)
             for g, group in enumerate(group_ids) for n in range(CLASS)],
        )
        for teacher, group in zip(teachers, group_ids, strict=True):
            await conn.execute("UPDATE groups SET teacher_id = ? WHERE id = ?",
                               (teacher.id, group))
            await conn.execute(
                "UPDATE lessons SET starts_at = ?, ends_at = ?, planned_start = ?,"
                " planned_end = ?, day = ? WHERE id ="
                " (SELECT min(id) FROM lessons WHERE group_id = ?)",
                (to_db(starts), to_db(ends), to_db(starts), to_db(ends), day, group),
            )


async def registers(app: OurBot, teachers: list[Person]) -> dict[int, tuple[int, list[int]]]:
    """Each teacher's lesson and its children, in the register's order (by name)."""
    out: dict[int, tuple[int, list[int]]] = {}
    for teacher in teachers:
        lesson = int(await app.db.fetchval(
            "SELECT min(l.id) FROM lessons l JOIN groups g ON g.id = l.group_id"
            " WHERE g.teacher_id = ?", (teacher.id,)))
        children = [int(r[0]) for r in await app.db.fetchall(
            "SELECT c.id FROM enrolments e JOIN children c ON c.id = e.child_id"
            " JOIN lessons l ON l.group_id = e.group_id WHERE l.id = ?"
            " AND e.status = 'confirmed' ORDER BY c.name", (lesson,))]
        out[teacher.id] = (lesson, children)
    return out


def tap_round(h: Harness, targets: dict[int, int], rolls: dict[int, tuple[int, list[int]]],
              turn: int) -> list[Any]:
    """Every teacher taps one child: the `turn`-th, with the `turn`-th mark of the cycle."""
    batch = []
    for teacher, (lesson, children) in rolls.items():
        child = children[turn % len(children)]
        mark = CYCLE[(turn // len(children)) % len(CYCLE)]
        data = RollTap(lesson=lesson, child=child, to=mark).pack()
        batch.append(h.press(teacher, targets[teacher], data))
    return batch


def markup_of(h: Harness, user_id: int, message_id: int) -> InlineKeyboardMarkup:
    raw = h.emulator.messages[(user_id, message_id)]["reply_markup"]
    return InlineKeyboardMarkup.model_validate(raw)


async def run(plan: Plan) -> Result:
    rng = random.Random(20_261_207)
    result = Result()
    with tempfile.TemporaryDirectory(prefix="bench-rollcall-") as tmp:
        app = await OurBot.open(Path(tmp) / "bench.sqlite3")
        try:
            started = time.perf_counter()
            teachers = await seed(app, plan, rng)
            result.fill_seconds = time.perf_counter() - started
            result.families = int(await app.db.fetchval("SELECT count(*) FROM families"))
            rolls = await registers(app, teachers)
            h = app.harness(teachers)
            await h.feed([h.message(t.id, "/start") for t in teachers])
            await h.feed([h.message(t.id, "/lessons") for t in teachers])
            opened = await h.feed([
                h.press(t.id, h.newest_bot_message(t.id),
                        RollOpen(lesson=rolls[t.id][0]).pack()) for t in teachers])
            result.problems += [f"opening: {n} x {e}" for e, n in opened.errors.items()]
            targets = {t.id: h.newest_bot_message(t.id) for t in teachers}
            markup = markup_of(h, teachers[0].id, targets[teachers[0].id])
            buttons = sum(len(row) for row in markup.inline_keyboard)
            if buttons < CLASS:
                result.problems.append(f"the register has {buttons} buttons, not ≥ {CLASS}")
            _, result.bare = await bare_throughput(plan.bare_rounds, teachers, markup)

            await h.feed(tap_round(h, targets, rolls, 0))  # warm-up, untimed
            for turn in range(1, plan.rounds + 1):
                gc.collect()
                result.taps += await h.feed(tap_round(h, targets, rolls, turn))
            if plan.profile or result.taps.rate < FLOOR * result.bare.rate:
                profiler = cProfile.Profile()
                batch = tap_round(h, targets, rolls, plan.rounds + 1)
                gc.collect()
                profiler.enable()
                await h.feed(batch)
                profiler.disable()
                result.profile = profile_text(profiler, PROFILE_LINES)
            result.marks = int(await app.db.fetchval("SELECT count(*) FROM attendance"))
            tapped = min(plan.rounds + 1 + bool(result.profile), CLASS)
            result.expected_marks = plan.teachers * tapped
            result.changes = int(await app.db.fetchval(
                "SELECT count(*) FROM attendance_changes"))
            await h.close()
        finally:
            await app.close()
    _, bare_after = await bare_throughput(plan.bare_rounds, teachers, markup)
    result.bare += bare_after
    result.problems += check(result)
    return result


def check(result: Result) -> list[str]:
    """Each tap answered its press and edited the register, none failed; every tap saved."""
    problems = [f"tap: {count} x {error}" for error, count in result.taps.errors.items()]
    taps = result.taps.updates
    expected = {"answerCallbackQuery": taps, "editMessageText": taps}
    if dict(result.taps.calls) != expected:
        problems.append(f"Bot API calls {dict(result.taps.calls)} for {taps} taps, "
                        f"{expected} expected")
    if result.marks != result.expected_marks:
        problems.append(f"{result.marks} marks saved, {result.expected_marks} expected")
    return problems


def report(result: Result, plan: Plan) -> bool:
    ratio = result.taps.rate / result.bare.rate if result.bare.rate else 0.0
    ok = ratio >= FLOOR and not result.problems
    print(f"roll call taps: aiogram {aiogram.__version__}, Python {platform.python_version()}")
    print(f"  database: {result.families} families (filled in {result.fill_seconds:.1f} s); "
          f"{plan.teachers} registers of {CLASS} children marked at once, {plan.rounds} "
          f"timed taps each")
    print(table(
        ["", "updates/s", "× bare", "emulator share", "floor"],
        [
            ["bare aiogram: answer + edit", f"{result.bare.rate:.0f}", "1.00",
             f"{result.bare.emulator_share:.0%}", ""],
            ["roll call tap (write + answer + edit)", f"{result.taps.rate:.0f}",
             f"{ratio:.2f}", f"{result.taps.emulator_share:.0%}",
             f"≥ {FLOOR:.1f} {verdict(ratio >= FLOOR)}"],
        ],
    ))
    print(f"  marks saved: {result.marks}; corrections recorded: {result.changes}")
    for problem in result.problems:
        print(f"  PROBLEM: {problem}")
    if result.profile:
        print(result.profile)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller, shorter run")
    parser.add_argument("--profile", action="store_true", help="profile one more round")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.profile:
        plan = Plan(plan.teachers, plan.rounds, plan.bare_rounds, profile=True)
    result = asyncio.run(run(plan))
    return 0 if report(result, plan) else 1


if __name__ == "__main__":
    sys.exit(main())
