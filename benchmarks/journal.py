"""The attendance journal and chart at a technopark's size.

    .venv/bin/python benchmarks/journal.py [--quick]

(a) On a temporary SQLite database (migrated as the bot migrates it, rows written with bulk
SQL): 1 000 groups (`--quick`: 100) of 15 confirmed children each, 8 lessons of 90 minutes
each in November 2026, every child marked at every lesson (present, late, absent, excused in
proportions like a real register). The month's journal is exported as the workbook and as the
CSV, the way `python -m bot export attendance --month 2026-11` does: seconds for each
(floor: under 10 s for 1 000 groups). Then the sums behind /attendance for every group (the
weekly shares and «two in a row», as the chart's caption needs them). For each, the longest
the event loop went without running a 10 ms ticker meanwhile: what every other person's
update would have waited at worst (the files are made in a thread, the sums by SQLite).

(b) This process, having imported what the bot imports (the dispatcher and every feature),
draws one chart through the same worker the bot uses (bot/services/attendance_chart.py: a
short-lived `python -m` process fed JSON): its RSS before, after, and its peak, and the
worker's peak. The bot's own RSS must not keep matplotlib's ~54 MB after the chart.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bot.dispatcher  # noqa: E402,F401 - the bot's own imports, for a bot-like RSS
import handlers  # noqa: E402
from bot.i18n import Texts  # noqa: E402
from bot.services import attendance_chart  # noqa: E402
from bot.services.journal import Journal  # noqa: E402
from storage.db import Database  # noqa: E402

MB = 1024 * 1024
ZONE = ZoneInfo("Europe/Moscow")
MONTH = date(2026, 11, 1)
CHILDREN = 15
LESSONS = 8
MARKS = ["present"] * 16 + ["late"] * 2 + ["absent"] * 1 + ["excused"] * 1


async def seed(db: Database, groups: int) -> None:
    rnd = random.Random(21)
    now = "2026-10-01T00:00:00+00:00"
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT OR IGNORE INTO quanta (code, position, emoji, age_min, age_max, tags,"
            " content, updated_at) VALUES ('robo', 1, '🤖', 7, 17, '[]', '{}', ?)", (now,))
        await conn.execute(
            "INSERT INTO programmes (id, code, quantum_code, level, title_ru, title_en,"
            " age_min, age_max, admission, updated_at) VALUES (1, 'p', 'robo', 'intro',"
            " 'Робототехника', 'Robotics', 7, 17, 'open', ?)", (now,))
        await conn.executemany(
            "INSERT INTO groups (id, code, programme_id, name, capacity, starts_on, ends_on,"
            " updated_at) VALUES (?, ?, 1, ?, 15, '2026-09-01', '2027-05-31', ?)",
            [(g, f"g{g}", f"Группа {g:04d}: Вт/Чт 15:00", now) for g in range(1, groups + 1)])
        lessons, families, children, enrolments, marks = [], [], [], [], []
        for g in range(1, groups + 1):
            for n in range(LESSONS):
                day = MONTH + timedelta(days=2 + n * 3 + g % 2)
                start = datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)
                lesson = g * 100 + n
                lessons.append((lesson, g, f"{day}T15:00", start.isoformat(),
                                (start + timedelta(minutes=90)).isoformat(), start.isoformat(),
                                (start + timedelta(minutes=90)).isoformat(), day.isoformat(),
                                now))
            for c in range(CHILDREN):
                child = g * 100 + c
                families.append((child, f"inv{child}", now))
                children.append((child, child, f"Ученик {child}", "2014-05-01", "Школа", 5, now))
                enrolments.append((child, g, now, now, now))
                marks += [(g * 100 + n, child, child, rnd.choice(MARKS), 1, now)
                          for n in range(LESSONS)]
        await conn.executemany(
            "INSERT INTO lessons (id, group_id, origin, planned_start, planned_end, starts_at,"
            " ends_at, day, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", lessons)
        await conn.executemany(
            "INSERT INTO families (id, invite_code, created_at) VALUES (?, ?, ?)", families)
        await conn.executemany(
            "INSERT INTO children (id, family_id, name, birth_date, school, grade, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", children)
        await conn.executemany(
            "INSERT INTO enrolments (child_id, group_id, status, queued_at, created_at,"
            " updated_at) VALUES (?, ?, 'confirmed', ?, ?, ?)", enrolments)
        await conn.executemany(
            "INSERT INTO attendance (lesson_id, pupil, child_id, mark, marked_by, marked_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", marks)


class Ticker:
    """The longest gap between the turns of a 10 ms ticker on the event loop."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.01)
            last = now

    def __enter__(self) -> Ticker:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


async def journal_figures(groups: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.sqlite3")
        try:
            await seed(db, groups)
            attendance = Journal(db, Texts(), ZONE)
            for kind in ("xlsx", "csv"):
                began = time.perf_counter()
                with Ticker() as loop:
                    found = await attendance.journal(None, MONTH, kind, "ru")
                took = time.perf_counter() - began
                verdict = "ok" if groups < 1000 or took < 10 else "SLOW (floor 10 s)"
                print(f"journal {kind}: {groups} groups, {found.lessons} lessons, "
                      f"{len(found.data) / MB:.1f} MB in {took:.2f} s  {verdict}; "
                      f"loop held at most {loop.longest * 1000:.0f} ms")
            began = time.perf_counter()
            with Ticker() as loop:
                chart = await attendance.chart_data("ru")
            took = time.perf_counter() - began
            weeks = "no marks in the chart's weeks (run it within 8 weeks of the month)" if (
                chart is None) else f"{chart.groups} groups, {len(chart.missed)} missed twice"
            print(f"chart sums for all groups: {weeks} in {took:.2f} s; "
                  f"loop held at most {loop.longest * 1000:.0f} ms")
        finally:
            await db.close()


async def chart_figures() -> None:
    me = psutil.Process()
    before = me.memory_info().rss / MB
    weeks = [f"{date(2026, 10, 5) + timedelta(weeks=n):%d.%m}" for n in range(8)]
    data = {"title": "Посещаемость групп", "ylabel": "Пришли, %", "weeks": weeks,
            "series": [{"name": f"Группа {g}", "values": [60 + (g * 7 + w * 3) % 40
                                                          for w in range(8)]}
                       for g in range(8)]}
    began = time.perf_counter()
    png = await attendance_chart.draw(data)
    took = time.perf_counter() - began
    after = me.memory_info().rss / MB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    kept = "matplotlib" in sys.modules
    print(f"chart: {len(png) / 1024:.0f} KB PNG in {took:.2f} s (a fresh worker)")
    print(f"bot RSS: before {before:.1f} MB, after {after:.1f} MB, peak {peak:.1f} MB; "
          f"worker peak {worker:.1f} MB; matplotlib imported by the bot: {kept}  "
          f"{'ok' if not kept and after - before < 20 else 'KEPT'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 groups")
    args = parser.parse_args()
    handlers.get_routers()  # every feature imported, as the running bot has them
    asyncio.run(journal_figures(100 if args.quick else 1000))
    asyncio.run(chart_figures())


if __name__ == "__main__":
    main()
