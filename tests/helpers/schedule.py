"""Groups with a timetable over a short period, families with confirmed children, and the
bytes of documents the bot sends — for the schedule's tests and the crawl."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from storage.applications import Application
from tests.helpers.harness import App

MOSCOW = ZoneInfo("Europe/Moscow")
# a Monday morning: this week is 30 November – 6 December 2026
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=MOSCOW)

# a term from four weeks back to three months ahead of NOW; robo-a3 has no timetable yet
COLUMNS = ("programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;"
           "group_name;capacity;teacher;room;starts_on;ends_on;schedule")
ROBO = "robo-intro;robo;вводный;Робототехника: первые шаги;Robotics: first steps;7;17;open"
IT = "it-intro;it;вводный;Программирование на Python;Python programming;13;17;open"
TERM = "02.11.2026;28.02.2027"
TEACHER = "Иванова Е. А."
CSV = "\n".join([
    COLUMNS,
    f'{ROBO};robo-a1;Вт/Чт 15:00;12;{TEACHER};Каб. 101;{TERM};"вт 15:00-16:30; чт 15:00-16:30"',
    f'{ROBO};robo-a2;Ср/Сб;12;{TEACHER};Каб. 101;{TERM};"ср 16:00-17:30; сб 11:00-12:30 Лаб. 3"',
    f"{ROBO};robo-a3;Пн 17:00;12;Смирнов О. П.;;{TERM};",
    f"{IT};it-a1;Сб 11:00;10;Ким А. Д.;;{TERM};сб 11:00-12:30",
]) + "\n"


async def load_timetable(app: App) -> dict[str, int]:
    """The groups with their lessons; their ids by code."""
    result = parse_groups_csv(CSV.encode(), {"robo", "it"})
    assert not result.errors, result.errors
    plan_lessons(result.groups, app.settings.zone)
    await import_programmes(app.db, result.programmes, result.groups, NOW.date())
    return {g.code: g.id for g in await app.repos.programmes.all_groups()}


def birth(years: int) -> date:
    """Someone `years` old on NOW (and for the months the tests look at)."""
    return date(NOW.year - years, 6, 15)


async def enrol(
    app: App, user_id: int, group_id: int, name: str, years: int = 10, *,
    relation: Literal["parent", "child"] = "parent", confirm: bool = True,
) -> int:
    """A sign-up by a parent (or a pupil for themself), confirmed by staff unless told not
    to: the enrolment's id."""
    done = await app.repos.enrolment.submit(Application(
        user_id=user_id, relation=relation, child_name=name, birth_date=birth(years),
        school="Школа № 5", grade=years - 6, phone="+79123456789", group_id=group_id,
        consent=True, photo_consent=True, today=NOW.date(),
    ))
    assert done.status == "applied", done
    if confirm:
        assert await app.repos.enrolment.decide(done.enrolment_id, "confirmed") is not None
    return done.enrolment_id
