"""A move's preview warns of what the new time and room run into — a closure of that day, the
room taken by another group, the same teacher busy with another group — and staff may still
confirm it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.services.dates import today as local_today
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from storage.lessons import Lesson
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.lessons import NOW, next_lesson_id

# NOW is Tuesday 13 October 2026, 10:00 in Moscow
HEADER = ("programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;group_name;"
          "capacity;teacher;teacher_id;room;starts_on;ends_on;schedule")
ROBO = "robo-intro;robo;вводный;Робототехника;Robotics;7;17;open;"
IT = "it-intro;it;вводный;Программирование;Programming;13;17;open;"
ROWS = (
    # the group whose lesson is moved: its teacher has an account
    ROBO + "robo-l1;Вт/Чт 15:00;12;Иванова Е. А.;5001;Каб. 101;{period};"
    "вт 15:00-16:30, чт 15:00-16:30",
    # another teacher in Лаб. 3 on Saturdays
    IT + "it-l1;Сб 11:00;10;Ким А. Д.;;;{period};сб 11:00-12:30 Лаб. 3",
    # the same account under another spelling of the name, on Fridays
    IT + "it-l2;Пт 17:00;10;Е. А. Иванова;5001;Каб. 205;{period};пт 17:00-18:30",
    # the same name without an account, on Wednesdays
    IT + "it-l3;Ср 17:00;10; иванова  е. а. ;;Каб. 206;{period};ср 17:00-18:30",
    # the same name but another account: another person, on Mondays
    IT + "it-l4;Пн 17:00;10;Иванова Е. А.;5002;Каб. 207;{period};пн 17:00-18:30",
)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


async def load(app: App) -> dict[str, int]:
    today = local_today(app.settings.zone)
    period = f"{today - timedelta(weeks=3):%d.%m.%Y};{today + timedelta(days=90):%d.%m.%Y}"
    data = "\n".join([HEADER, *(row.format(period=period) for row in ROWS)]).encode()
    result = parse_groups_csv(data, {"robo", "it"})
    assert not result.errors, result.errors
    plan_lessons(result.groups, app.settings.zone)
    await import_programmes(app.db, result.programmes, result.groups, today)
    return {g.code: g.id for g in await app.repos.programmes.all_groups()}


async def lesson_of(app: App, code: str, day: date) -> Lesson:
    moment = datetime.combine(day, datetime.min.time(), app.settings.zone)
    for found in await app.repos.lessons.between(moment, moment + timedelta(days=1)):
        if found.group_code == code:
            return found
    raise LookupError(f"{code} has no lesson on {day}")


async def move_preview(app: App, day: str, start: str, room: str = "-", lang: str = "ru"
                       ) -> LocalChat:
    """/lessons → robo-l1 → its next lesson (today 15:00) → move to `day` `start` `room`,
    with a reason: the preview is the last message."""
    groups = {g.code: g.id for g in await app.repos.programmes.all_groups()}
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    admin = app.chat(user_id=ADMIN_ID, language_code=lang, first_name="Админ")
    await admin.send("/start")
    await admin.send("/lessons")
    await admin.press(next(b for b in admin.labels() if b.startswith("robo-l1")))
    await admin.press_data(f"lo:{lesson_id}")
    await admin.press("🔁 Перенести" if lang == "ru" else "🔁 Move it")
    for answer in (day, start, room, "Олимпиада" if lang == "ru" else "An olympiad"):
        await admin.send(answer)
    return admin


def warnings(chat: LocalChat) -> list[str]:
    return [line for line in chat.last_text().splitlines() if line.startswith("⚠️")]


async def test_a_clean_move_warns_of_nothing_and_touching_is_not_overlapping(
        app: App) -> None:
    await load(app)
    admin = await move_preview(app, "14.10", "10:00")
    assert "Станет: ср, 14 октября, 10:00–11:30, Каб. 101" in admin.last_text()
    assert warnings(admin) == []
    assert "всё равно" not in admin.last_text()
    # it-l1 is in Лаб. 3 on Saturday until 12:30: from 12:30 the room is free, not before
    admin = await move_preview(app, "17.10", "12:30", "Лаб. 3")
    assert warnings(admin) == []
    admin = await move_preview(app, "17.10", "09:30-11:01", "Лаб. 3")
    assert warnings(admin) == [
        "⚠️ Кабинет занят другой группой: it-l1 «Сб 11:00», 11:00–12:30"]


async def test_a_closure_of_that_day_is_named(app: App) -> None:
    await load(app)
    await app.repos.timetable.add_closures([
        {"starts_on": date(2026, 10, 16), "ends_on": date(2026, 10, 16),
         "reason": "Соревнования <роботов>", "quanta": ["robo"]},
        {"starts_on": date(2026, 10, 15), "ends_on": date(2026, 10, 17),
         "reason": "Хакатон", "quanta": ["it"]},  # not robo's: says nothing
    ], by=ADMIN_ID)
    admin = await move_preview(app, "16.10", "10:00")
    assert warnings(admin) == ["⚠️ В этот день квантум закрыт: Соревнования <роботов>"]
    assert "Соревнования &lt;роботов&gt;" in admin.last()["html"]
    assert "Подтвердить перенос всё равно можно." in admin.last_text()
    assert admin.labels() == ["✅ Подтвердить", "✖️ Отмена"]


async def test_a_closure_of_the_whole_technopark_is_named(app: App) -> None:
    await load(app)
    await app.repos.timetable.add_closures([
        {"starts_on": date(2026, 10, 17), "ends_on": date(2026, 10, 17),
         "reason": "Санитарный день", "quanta": []},
    ], by=ADMIN_ID)
    # it-l1's lesson in Лаб. 3 that day is off: the room is free
    admin = await move_preview(app, "17.10", "11:30", "Лаб. 3")
    assert warnings(admin) == ["⚠️ В этот день технопарк закрыт: Санитарный день"]


async def test_the_room_taken_by_another_group_then_confirmed_all_the_same(app: App) -> None:
    await load(app)
    # Saturday 17 October 11:30 in «лаб. 3»: it-l1 is there 11:00–12:30
    admin = await move_preview(app, "17.10", "11:30", "лаб.  3")
    assert warnings(admin) == [
        "⚠️ Кабинет занят другой группой: it-l1 «Сб 11:00», 11:00–12:30"]
    await admin.press("✅ Подтвердить")
    assert admin.last_text().startswith("✅ Готово: занятие перенесено")
    moved = await lesson_of(app, "robo-l1", date(2026, 10, 17))
    assert (moved.status, moved.room) == ("moved", "лаб. 3")


async def test_the_same_teacher_account_busy_with_another_group(app: App) -> None:
    await load(app)
    # Friday 16 October 17:30: it-l2's teacher has the same account, 17:00–18:30
    admin = await move_preview(app, "16.10", "17:30")
    assert warnings(admin) == [
        "⚠️ Педагог Е. А. Иванова в это время ведёт другую группу: it-l2 «Пт 17:00»,"
        " 17:00–18:30"]


async def test_the_same_teacher_name_busy_with_another_group(app: App) -> None:
    await load(app)
    # Wednesday 14 October 16:00–17:30: it-l3's teacher has no account but the same name
    admin = await move_preview(app, "14.10", "16:00")
    assert warnings(admin) == [
        "⚠️ Педагог иванова е. а. в это время ведёт другую группу: it-l3 «Ср 17:00»,"
        " 17:00–18:30"]
    # Monday 19 October 17:00: it-l4's teacher is named alike but has another account
    admin = await move_preview(app, "19.10", "17:00")
    assert warnings(admin) == []


async def test_a_cancelled_lesson_is_no_clash_and_a_moved_one_is(app: App) -> None:
    await load(app)
    lessons = app.services.lesson_changes
    saturday = await lesson_of(app, "it-l1", date(2026, 10, 17))
    await lessons.change(saturday.id, saturday.version, "cancel", by=ADMIN_ID,
                         reason="Педагог заболел")
    # it-l4's Monday lesson moves into Tuesday 20 October 15:00–16:30, room 205
    monday = await lesson_of(app, "it-l4", date(2026, 10, 19))
    zone = app.settings.zone
    await lessons.change(
        monday.id, monday.version, "move", by=ADMIN_ID, reason="Кабинет занят",
        starts_at=datetime(2026, 10, 20, 15, tzinfo=zone),
        ends_at=datetime(2026, 10, 20, 16, 30, tzinfo=zone), day=date(2026, 10, 20),
        room="Каб. 205",
    )
    admin = await move_preview(app, "17.10", "11:30", "Лаб. 3")
    assert warnings(admin) == []
    admin = await move_preview(app, "19.10", "17:00", "Каб. 207")  # where it-l4 was
    assert warnings(admin) == []
    admin = await move_preview(app, "20.10", "16:00", "Каб. 205")
    assert warnings(admin) == [
        "⚠️ Кабинет занят другой группой: it-l4 «Пн 17:00», 15:00–16:30"]


async def test_the_warnings_in_english(app: App) -> None:
    await load(app)
    await app.repos.timetable.add_closures([
        {"starts_on": date(2026, 10, 17), "ends_on": date(2026, 10, 17),
         "reason": "Robotics cup", "quanta": ["robo"]},
    ], by=ADMIN_ID)
    admin = await move_preview(app, "17.10", "11:00", "Лаб. 3", lang="en")
    assert warnings(admin) == [
        "⚠️ This quantum is closed that day: Robotics cup",
        "⚠️ The room is taken by another group: it-l1 “Сб 11:00”, 11:00–12:30",
    ]
    assert "You can still confirm the move." in admin.last_text()


async def test_a_return_to_the_timetable_warns_of_a_group_moved_into_its_slot(app: App) -> None:
    await load(app)
    # robo-l1's lesson today 15:00 (Каб. 101) moves to Wednesday morning...
    admin = await move_preview(app, "14.10", "10:00")
    assert warnings(admin) == []
    await admin.press("✅ Подтвердить")
    # ...and it-l1's Saturday lesson is moved into the slot it left
    saturday = await lesson_of(app, "it-l1", date(2026, 10, 17))
    await admin.send("/lessons")
    await admin.press(next(b for b in admin.labels() if b.startswith("it-l1")))
    await admin.press_data(f"lo:{saturday.id}")
    await admin.press("🔁 Перенести")
    for answer in ("13.10", "15:00", "Каб. 101", "Замена"):
        await admin.send(answer)
    assert warnings(admin) == []
    await admin.press("✅ Подтвердить")
    # returning robo-l1's lesson to its slot now runs into it-l1
    moved = await lesson_of(app, "robo-l1", date(2026, 10, 14))
    await admin.press_data(f"lo:{moved.id}")
    await admin.press("↩️ Вернуть как было")
    assert admin.last_text().startswith("↩️ Возврат к расписанию")
    assert warnings(admin) == [
        "⚠️ Кабинет занят другой группой: it-l1 «Сб 11:00», 15:00–16:30"]
    assert admin.labels() == ["✅ Подтвердить", "✖️ Отмена"]
