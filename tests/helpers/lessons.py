"""Groups with a timetable for the lessons tests: a short period around today (a few weeks
behind, a few months ahead), lessons planned as the import command plans them; a family of
three in one of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bot.services.dates import today as local_today
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from storage.lessons import Lesson
from tests.helpers import join_by_invite
from tests.helpers.harness import App
from tests.helpers.signup import sign_up

# Tuesday 13 October 2026, 10:00 in Moscow: the lessons tests' "now"
NOW = datetime(2026, 10, 13, 7, 0, tzinfo=UTC)
STAFF_ID = 2001


@pytest.fixture(autouse=True, name="frozen")
def stopped_clock() -> Iterator[time_machine.Traveller]:
    """`frozen`: the clock stopped at NOW, for every test of a module that imports it."""
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


HEADER = ("programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;group_name;"
          "capacity;teacher;room;starts_on;ends_on;schedule")
ROWS = (
    "robo-intro;robo;вводный;Робототехника: первые шаги;Robotics: first steps;7;17;open;"
    "robo-l1;Вт/Чт 15:00;12;Иванова Е. А.;Каб. 101;{starts};{ends};вт 15:00-16:30, чт 15:00-16:30",
    "it-intro;it;вводный;Программирование на Python;Python programming;13;17;open;"
    "it-l1;Сб 11:00;10;Ким А. Д.;;{starts};{ends};сб 11:00-12:30 Лаб. 3",
    # a group whose term is over: listed after the running ones
    "robo-intro;robo;вводный;Робототехника: первые шаги;Robotics: first steps;7;17;open;"
    "aa-old;Весна;12;Иванова Е. А.;Каб. 101;{old_starts};{old_ends};пн 15:00-16:30",
)


def timetable_csv(today: date) -> bytes:
    dates = {
        "starts": today - timedelta(weeks=3), "ends": today + timedelta(days=90),
        "old_starts": today - timedelta(days=200), "old_ends": today - timedelta(days=170),
    }
    cells = {key: f"{value:%d.%m.%Y}" for key, value in dates.items()}
    return "\n".join([HEADER, *(row.format(**cells) for row in ROWS)]).encode()


async def load_timetable(app: App) -> dict[str, int]:
    """Import the groups with their lessons as of today; their ids by code."""
    today = local_today(app.settings.zone)
    result = parse_groups_csv(timetable_csv(today), {"robo", "it"})
    assert not result.errors, result.errors
    plan_lessons(result.groups, app.settings.zone)
    await import_programmes(app.db, result.programmes, result.groups, today)
    return {g.code: g.id for g in await app.repos.programmes.all_groups()}


async def next_lesson_id(app: App, group_id: int, skip: int = 0) -> int:
    """The id of the group's next lesson not over yet (or the one `skip` after it)."""
    lessons = await app.repos.lessons.of_group(group_id, datetime.now(UTC), 1, skip)
    return lessons[0].id


async def lesson(app: App, lesson_id: int) -> Lesson:
    found = await app.repos.lessons.get(lesson_id)
    assert found is not None
    return found


async def family_of_three(app: App) -> dict[str, int]:
    """A pupil of 15 with their own account, confirmed in robo-l1, whose family a ru and an
    en parent joined; and another family whose application is still being decided."""
    teen = app.chat(user_id=1101, first_name="Пётр")
    await sign_up(teen, role="pupil", name="Петров Пётр", age=15, grade="9")
    family_id = await app.repos.families.family_id(1101)
    assert family_id is not None
    code = await app.repos.families.invite_code(family_id)
    await join_by_invite(app.chat(user_id=1102), code)
    await join_by_invite(app.chat(user_id=1103, language_code="en", first_name="Kate"), code)
    enrolment = int(await app.db.fetchval("SELECT min(id) FROM enrolments"))
    assert await app.repos.enrolment.decide(enrolment, "confirmed") is not None
    await sign_up(app.chat(user_id=1201), name="Сидорова Анна", age=10)
    assert await app.db.fetchval("SELECT count(*) FROM enrolments WHERE status = 'applied'") == 1
    await app.deliver()  # the sign-up and confirmation notices, out of the way
    return {"teen": 1101, "ru": 1102, "en": 1103, "pending": 1201}
