"""A child's lessons in the calendar file and the schedule follow the application: from the
moment it was made (a lesson earlier that day is not the child's, in the file or behind
«◀️ Раньше»)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import time_machine

from bot.local.chat import LocalChat
from tests.helpers import start_as
from tests.helpers.calendar import day_of, download
from tests.helpers.harness import App
from tests.helpers.schedule import MOSCOW, NOW, enrol, load_timetable

Clock = time_machine.Traveller
TUE, WED, THU = (date(2026, 12, 1) + timedelta(days=n) for n in range(3))


@pytest.fixture
def frozen() -> Iterator[Clock]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def parent(app: App, lang: str, user_id: int = 1001) -> tuple[LocalChat, dict[str, int]]:
    ids = await load_timetable(app)
    chat = app.chat(user_id=user_id, language_code=lang)
    await start_as(chat, "parent", lang)
    return chat, ids


# ---- from the moment of the application ------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_lesson_earlier_on_the_day_of_the_application_is_not_the_childs(
        app: App, frozen: Clock, lang: str) -> None:
    chat, ids = await parent(app, lang)
    # Tuesday at 19:40: that day's 15:00 lesson was over
    frozen.move_to(datetime(2026, 12, 1, 19, 40, tzinfo=MOSCOW))
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария", confirm=False)
    days = sorted(day_of(e) for e in (await download(app, chat)).events)
    assert days[0] == THU
    # another child applying at 14:00 the same day has that day's lesson at 15:00
    other = app.chat(user_id=1002, language_code=lang)
    await start_as(other, "parent", lang)
    frozen.move_to(datetime(2026, 12, 1, 14, 0, tzinfo=MOSCOW))
    await enrol(app, other.user_id, ids["robo-a1"], "Петров Пётр", confirm=False)
    assert sorted(day_of(e) for e in (await download(app, other)).events)[0] == TUE


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_earlier_weeks_show_no_lesson_before_the_child_joined(
        app: App, frozen: Clock, lang: str) -> None:
    chat, ids = await parent(app, lang)
    # Thursday at 19:40: Tuesday's and Thursday's lessons of the week were over
    frozen.move_to(datetime(2026, 12, 3, 19, 40, tzinfo=MOSCOW))
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария")
    await chat.send("/schedule")
    text = chat.last_text()
    gone_by, ahead = (("вт, 1 декабря", "чт, 3 декабря"), "вт, 8 декабря") if lang == "ru" else (
        ("Tue, 1 December", "Thu, 3 December"), "Tue, 8 December")
    assert not any(day in text for day in gone_by)
    assert ahead in text
    earlier = "◀️ Раньше" if lang == "ru" else "◀️ Earlier"
    await chat.press(earlier)
    text = chat.last_text()
    assert "15:00–16:30" not in text
    assert text.count("Занятий нет." if lang == "ru" else "No lessons.") == 2
    await chat.press(earlier)
    assert "15:00–16:30" not in chat.last_text()
