"""The schedule as families read it is kept in memory only while its data stands: a change in
this process shows at once, one from another process (an import) within the poll interval."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from bot.services.schedule_views import ScheduleViews
from storage.db import Database
from storage.timetable import TimetableRepo
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, enrol, load_timetable

PARENT = 1001


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


async def schedule_text(app: App) -> str:
    chat = app.chats.get(PARENT) or app.chat(user_id=PARENT)
    await chat.send("/schedule")
    return chat.last_text()


async def test_a_change_here_shows_at_once(app: App) -> None:
    groups = await load_timetable(app)
    await app.chat(user_id=PARENT).send("/start")
    await enrol(app, PARENT, groups["robo-a1"], "Иванова Мария")
    assert "отменено" not in await schedule_text(app)
    [lesson] = await app.repos.lessons.of_group(groups["robo-a1"], NOW, 1)
    await app.services.lesson_changes.change(
        lesson.id, 0, "cancel", by=9001, reason="Педагог заболел")
    assert "отменено: Педагог заболел" in await schedule_text(app)


async def test_a_change_by_another_process_shows_after_the_poll(app: App) -> None:
    groups = await load_timetable(app)
    await app.chat(user_id=PARENT).send("/start")
    await enrol(app, PARENT, groups["robo-a1"], "Иванова Мария")
    views = ScheduleViews(app.db, app.repos.family_lessons, poll=3600)
    [first] = await views.next_for_user(PARENT, NOW)
    other = await Database.open(app.db.path)  # as `python -m bot import closures` does
    try:
        day = first.lesson.day
        await TimetableRepo(other).add_closures(
            [{"starts_on": day, "ends_on": day, "reason": "Санитарный день", "quanta": []}],
            by=None,
        )
    finally:
        await other.close()
    # within the poll interval this process has not looked again
    assert (await views.next_for_user(PARENT, NOW))[0].lesson.id == first.lesson.id
    views.poll = 0
    [after] = await views.next_for_user(PARENT, NOW)
    assert after.lesson.id != first.lesson.id
    assert after.lesson.starts_at > first.lesson.starts_at
