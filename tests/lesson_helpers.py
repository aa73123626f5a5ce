"""Groups with a timetable for the lessons tests: a short period around today (a few weeks
behind, a few months ahead), lessons planned as the import command plans them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.services.dates import today as local_today
from bot.services.group_import import parse_groups_csv, plan_lessons
from tests.harness import App

# Tuesday 13 October 2026, 10:00 in Moscow: the lessons tests' "now"
NOW = datetime(2026, 10, 13, 7, 0, tzinfo=UTC)

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
    await app.repos.programmes.import_rows(result.programmes, result.groups, today)
    return {g.code: g.id for g in await app.repos.programmes.all_groups()}


async def next_lesson_id(app: App, group_id: int, skip: int = 0) -> int:
    """The id of the group's next lesson not over yet (or the one `skip` after it)."""
    lessons = await app.repos.lessons.of_group(group_id, datetime.now(UTC), 1, skip)
    return lessons[0].id
