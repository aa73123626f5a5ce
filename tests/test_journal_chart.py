"""The chart behind «📊 Посещаемость» and /attendance, without Telegram: the weekly shares and
«two in a row» (added up by the database), one chart or journal made at a time, the journal's
file made off the event loop, a chart kept for the same marks and drawn again when they
change (a family forgotten included), the worker killed when its caller gives up, and the
cycle collector kept from stalling everything while a workbook is made."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import psutil
import pytest
import time_machine

from bot.i18n import Texts
from bot.services import attendance_chart, journal_files
from bot.services import journal as journal_service
from bot.services.journal import Missed
from tests.helpers import start_as
from tests.helpers.attendance import held, mark
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, enrol, load_timetable

NOVEMBER = date(2026, 11, 1)
PNG = b"\x89PNG fake"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


class FakeWorker:
    """Stands in for the worker process: counts the pictures asked for and how many were
    being drawn at once."""

    def __init__(self) -> None:
        self.drawn: list[dict[str, Any]] = []
        self.running = self.most = 0

    async def __call__(self, data: dict[str, Any]) -> bytes:
        self.running += 1
        self.most = max(self.most, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        self.drawn.append(data)
        return PNG


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> FakeWorker:
    fake = FakeWorker()
    monkeypatch.setattr(attendance_chart, "draw", fake)
    return fake


async def robo_marked(app: App) -> tuple[int, list[int], list[int]]:
    """robo-a1's November (3, 5, 10, 12, 17, 19, 24, 26): Петров Пётр always ✅; Сидорова
    Аня ⏰ ❌ ✅ 🙅 ✅ ❌ ❌ 🙅 (her last two, 🙅 left out, are ❌); Ким Лея ❌ on the 3rd and
    the 24th. The group, its lessons, the children."""
    groups = await load_timetable(app)
    children = []
    for user, name in ((4001, "Петров Пётр"), (4002, "Сидорова Аня"), (4003, "Ким Лея")):
        await start_as(app.chat(user_id=user), "parent")
        await enrol(app, user, groups["robo-a1"], name)
        children.append(int(await app.db.fetchval(
            "SELECT id FROM children WHERE name = ?", (name,))))
    lessons = await held(app, groups["robo-a1"])
    petya, anya, leya = children
    for lesson in lessons:
        await mark(app, lesson, petya, "present")
    for lesson, value in zip(lessons, ("late", "absent", "present", "excused", "present",
                                       "absent", "absent", "excused"), strict=True):
        await mark(app, lesson, anya, value)
    await mark(app, lessons[0], leya, "absent")
    await mark(app, lessons[6], leya, "absent")
    return groups["robo-a1"], lessons, children


async def test_weekly_shares_and_two_absences_in_a_row(
    app: App, frozen: time_machine.Traveller,
) -> None:
    group, _, children = await robo_marked(app)
    found = await app.services.journal.chart_data("ru", group)
    assert found is not None
    # Monday 30 November, nothing marked this week yet: the eight weeks before it, from
    # 5 October: 3+5 Nov (✅✅ ⏰❌ ❌: 3 of 5), 10+12 (✅✅ ✅🙅: 3 of 4), 17+19 (✅✅ ✅❌:
    # 3 of 4), 24+26 (✅✅ ❌🙅 ❌: 2 of 5)
    assert found.weeks[0] == date(2026, 10, 5) and len(found.weeks) == 8
    assert found.series == [("Вт/Чт 15:00", [None] * 4 + [60.0, 75.0, 75.0, 40.0])]
    assert found.missed == [Missed("Ким Лея", "Вт/Чт 15:00"),
                            Missed("Сидорова Аня", "Вт/Чт 15:00")]
    everyone = await app.services.journal.chart_data("ru")
    assert everyone is not None and everyone.groups == 1 and everyone.missed == found.missed
    # in English, by the group's English name
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 15:00' WHERE id = ?", (group,))
    english = await app.services.journal.chart_data("en", group)
    assert english is not None and english.series[0][0] == "Tue/Thu 15:00"
    assert {m.group for m in english.missed} == {"Tue/Thu 15:00"}
    # Thursday 3 December, Tuesday's lesson marked: the eight weeks end with this one
    frozen.move_to(datetime(2026, 12, 3, 11, 0, tzinfo=UTC))
    tuesday = (await held(app, group))[-1]
    await mark(app, tuesday, children[0], "present")
    found = await app.services.journal.chart_data("ru", group)
    assert found is not None and found.weeks[0] == date(2026, 10, 12)
    assert found.weeks[-1] == date(2026, 11, 30)
    assert found.series[0][1] == [None] * 3 + [60.0, 75.0, 75.0, 40.0, 100.0]


async def test_a_chart_is_kept_for_the_same_marks_and_drawn_again_when_they_change(
    app: App, worker: FakeWorker,
) -> None:
    group, lessons, children = await robo_marked(app)
    service = app.services.journal
    first = await service.chart("ru", group)
    again = await asyncio.gather(service.chart("ru", group), service.chart("ru", group))
    assert len(worker.drawn) == 1 and first is not None and list(again) == [first] * 2
    await service.chart("en", group)  # another language: another title
    assert len(worker.drawn) == 2 and worker.drawn[1]["ylabel"] == "Present, %"
    await mark(app, lessons[-1], children[2], "absent")
    changed = await service.chart("ru", group)
    assert len(worker.drawn) == 3 and changed is not None
    # a family forgotten: its child's name leaves the chart at once
    assert await app.services.privacy.forget(4003) is not None
    after = await service.chart("ru", group)
    assert len(worker.drawn) == 4 and after is not None
    assert [m.name for m in after.missed] == ["Сидорова Аня"]


async def test_one_chart_or_journal_is_made_at_a_time_and_off_the_loop(
    app: App, worker: FakeWorker, monkeypatch: pytest.MonkeyPatch,
) -> None:
    group, _, _ = await robo_marked(app)
    real = journal_files.journal_file
    threads: set[int] = set()
    running: list[int] = [0]
    most: list[int] = [0]

    def file_in_a_thread(*args: Any) -> journal_files.JournalFile:
        running[0] += 1
        most[0] = max(most[0], running[0])
        threads.add(threading.get_ident())
        time.sleep(0.02)
        try:
            return real(*args)
        finally:
            running[0] -= 1

    monkeypatch.setattr(journal_service, "journal_file", file_in_a_thread)
    service = app.services.journal
    charts_and_files = await asyncio.gather(
        service.chart("ru", group), service.chart("ru"),
        service.journal(2001, NOVEMBER, "xlsx", "ru"), service.journal(2001, NOVEMBER, "csv",
                                                                       "ru"))
    assert all(found is not None for found in charts_and_files)
    assert worker.most == 1 and most == [1]
    assert threads and threading.get_ident() not in threads  # never on the loop's thread


async def test_ten_presses_start_one_worker_at_a_time(worker: FakeWorker) -> None:
    drawer = attendance_chart.Drawer()
    pictures = await asyncio.gather(*(drawer.draw({"n": n}) for n in range(10)))
    assert pictures == [PNG] * 10 and worker.most == 1


def workers() -> list[psutil.Process]:
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "bot.services.attendance_chart" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX process tree")
async def test_a_worker_whose_caller_gives_up_is_killed() -> None:
    data = {"title": "t", "ylabel": "y", "weeks": ["01.11"], "series": []}
    task = asyncio.create_task(attendance_chart.draw(data))
    started: list[psutil.Process] = []
    for _ in range(500):  # until the worker has started (it then imports matplotlib)
        started = workers()
        if started:
            break
        await asyncio.sleep(0.01)
    assert started
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not any(p.is_running() for p in started)


def test_the_cycle_collector_waits_while_a_journal_is_made_and_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A workbook's cells would set off full collections that hold the event loop too."""
    seen: list[bool] = []

    def sheets(*args: Any) -> list[journal_files.Sheet]:
        seen.append(gc.isenabled())
        raise OSError("disk full")

    monkeypatch.setattr(journal_files, "build_sheets", sheets)
    assert gc.isenabled()
    with pytest.raises(OSError, match="disk full"):
        journal_files.journal_file([], [], [], "csv", Texts(), "ru", NOVEMBER)
    assert seen == [False] and gc.isenabled()
