"""Staff: /week (every group's lessons a week at a time: rooms, clashes, changes) and
/closures (the coming closures, and a new one added from the chat)."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.local.chat import LocalChat
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from bot.services.telegram_text import Refused
from bot.ui.callbacks import ClosureStep, StaffWeek, StaffWeekDay
from handlers.staff.timetable.period import parse_period
from handlers.staff.timetable.week import BUDGET
from storage.lessons import Lesson
from tests.helpers import said_once, start_as
from tests.helpers.harness import ADMIN_ID, App

MOSCOW = ZoneInfo("Europe/Moscow")
# a Tuesday morning: this week is 9–15 November 2026
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=MOSCOW)

HEADER = ("programme;quantum;level;title_ru;age_min;age_max;group;group_name;capacity;teacher;"
          "room;starts_on;ends_on;schedule")
PERIOD = "02.11.2026;20.12.2026"
ROWS = [
    f'robo-1;robo;intro;Роботы;7;11;robo-a1;Вт/Чт 15:00;12;Иванова Е. А.;Каб. 101;{PERIOD};'
    '"вт 15:00-16:30; чт 15:00-16:30"',
    # the same room, spelled in another case, half an hour into robo-a1's Tuesday lesson
    f"robo-1;robo;intro;Роботы;7;11;robo-a2;Вт 16:00;12;Петров П. П.;каб. 101;{PERIOD};"
    "вт 16:00-17:30",
    f"it-1;it;intro;Python <3;12;17;it-a1;Ср & Сб;10;Ким А. Д.;;{PERIOD};"
    '"ср 17:00-18:30 Лаб. 3; сб 11:00-12:30 Лаб. 3"',
    f"aero-1;aero;intro;Дроны;10;17;aero-a1;Пт 10:00;10;;Каб. 101;{PERIOD};пт 10:00-11:30",
]


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


async def load(app: App, rows: list[str] = ROWS) -> None:
    result = parse_groups_csv(("\n".join([HEADER, *rows]) + "\n").encode(),
                              {"robo", "it", "aero"})
    assert result.errors == []
    plan_lessons(result.groups, app.settings.zone)
    await import_programmes(app.db, result.programmes, result.groups, NOW.date())


async def staff(app: App, lang: str = "ru") -> LocalChat:
    chat = app.chat(user_id=ADMIN_ID, language_code=lang, first_name="Админ")
    await chat.send("/start")
    return chat


async def lesson_on(app: App, code: str, day: date) -> Lesson:
    for lesson in await app.repos.lessons.between(NOW - timedelta(days=30),
                                                  NOW + timedelta(days=60)):
        if lesson.group_code == code and lesson.day == day:
            return lesson
    raise LookupError(f"{code} has no lesson on {day}")


async def state_of(app: App, chat: LocalChat) -> str | None:
    context = app.dp.fsm.get_context(app.bot, chat_id=chat.user_id, user_id=chat.user_id)
    return await context.get_state()


# ---- /week -----------------------------------------------------------------------------------

WEEK = """\
🗓 Неделя 9–15 ноября · эта
6 занятий
⚠️ Накладок: 1 — два занятия в одном кабинете в одно время.

вт, 10 ноября
15:00–16:30 · Каб. 101 · robo-a1 Вт/Чт 15:00 · Иванова Е. А. ⚠️ накладка
16:00–17:30 · каб. 101 · robo-a2 Вт 16:00 · Петров П. П. ⚠️ накладка

ср, 11 ноября
17:00–18:30 · Лаб. 3 · it-a1 Ср & Сб · Ким А. Д.

чт, 12 ноября
15:00–16:30 · Каб. 101 · robo-a1 Вт/Чт 15:00 · Иванова Е. А.

пт, 13 ноября
10:00–11:30 · Каб. 101 · aero-a1 Пт 10:00

сб, 14 ноября
11:00–12:30 · Лаб. 3 · it-a1 Ср & Сб · Ким А. Д.

вс, 15 ноября
"""


async def test_the_week_by_day_with_rooms_teachers_and_clashes(app: App) -> None:
    await load(app)
    # a lesson on Sunday, in a room of its own: no clash with anything
    await load(app, [*ROWS, f"it-1;it;intro;Python <3;12;17;it-b1;Вс;10;;;{PERIOD};"
                            "вс 10:00-11:00 Каб. 7"])
    admin = await staff(app)
    await admin.send("/week")
    assert admin.last_text() == WEEK.replace("6 занятий", "7 занятий") + (
        "10:00–11:00 · Каб. 7 · it-b1 Вс"
    )
    html = admin.last()["html"]
    assert "<b>robo-a1</b> Вт/Чт 15:00" in html
    assert "it-a1</b> Ср &amp; Сб" in html  # names are escaped
    assert admin.labels() == ["◀️ Неделя", "Неделя ▶️", "🏠 Меню"]


TEACHERS_HEADER = HEADER.replace(";teacher;", ";teacher;teacher_id;")
TEACHERS = [
    f"robo-1;robo;intro;Роботы;7;11;robo-a1;Вт/Чт 15:00;12;Иванова Е. А.;5001;Каб. 101;{PERIOD};"
    '"вт 15:00-16:30; чт 15:00-16:30"',
    # the same account under another spelling: Thursday, another room
    f"it-1;it;intro;Python;12;17;it-t1;Чт 16:00;10;Е. Иванова;5001;Лаб. 3;{PERIOD};"
    "чт 16:00-17:00",
    # the same name without an account: Tuesday, another room
    f"it-1;it;intro;Python;12;17;it-t2;Вт 16:00;10; ИВАНОВА  Е. А.;;Каб. 7;{PERIOD};"
    "вт 16:00-17:00",
    # the same name with another account: another person
    f"it-1;it;intro;Python;12;17;it-t3;Вт 15:30;10;Иванова Е. А.;5002;Каб. 8;{PERIOD};"
    "вт 15:30-16:00",
    # another teacher in robo-a1's room
    f"it-1;it;intro;Python;12;17;it-t4;Вт 15:00;10;Ким А. Д.;;Каб. 101;{PERIOD};"
    "вт 15:00-15:45",
]


async def test_one_teacher_with_two_groups_at_once_is_flagged(app: App) -> None:
    result = parse_groups_csv(("\n".join([TEACHERS_HEADER, *TEACHERS]) + "\n").encode(),
                              {"robo", "it"})
    assert result.errors == []
    plan_lessons(result.groups, app.settings.zone)
    await import_programmes(app.db, result.programmes, result.groups, NOW.date())
    admin = await staff(app)
    await admin.send("/week")
    assert admin.last_text() == """\
🗓 Неделя 9–15 ноября · эта
6 занятий
⚠️ Накладок: 1 — два занятия в одном кабинете в одно время.
⚠️ Накладок у педагогов: 2 — один педагог в двух группах в одно время.

вт, 10 ноября
15:00–15:45 · Каб. 101 · it-t4 Вт 15:00 · Ким А. Д. ⚠️ накладка
15:00–16:30 · Каб. 101 · robo-a1 Вт/Чт 15:00 · Иванова Е. А. ⚠️ накладка: кабинет и педагог
15:30–16:00 · Каб. 8 · it-t3 Вт 15:30 · Иванова Е. А.
16:00–17:00 · Каб. 7 · it-t2 Вт 16:00 · ИВАНОВА Е. А. ⚠️ накладка у педагога

чт, 12 ноября
15:00–16:30 · Каб. 101 · robo-a1 Вт/Чт 15:00 · Иванова Е. А. ⚠️ накладка у педагога
16:00–17:00 · Лаб. 3 · it-t1 Чт 16:00 · Е. Иванова ⚠️ накладка у педагога"""
    # a cancelled lesson clashes with nothing
    thursday = await lesson_on(app, "it-t1", date(2026, 11, 12))
    await app.services.lesson_changes.change(
        thursday.id, thursday.version, "cancel", by=ADMIN_ID, reason="Педагог заболел")
    await admin.send("/week")
    text = admin.last_text()
    assert "⚠️ Накладок у педагогов: 1 — один педагог в двух группах в одно время." in text
    assert text.endswith(
        "15:00–16:30 · Каб. 101 · robo-a1 Вт/Чт 15:00 · Иванова Е. А.\n"
        "16:00–17:00 · Лаб. 3 · it-t1 Чт 16:00 · Е. Иванова — отменено: Педагог заболел")


async def test_changed_lessons_are_marked(app: App) -> None:
    await load(app)
    lessons = app.services.lesson_changes
    thursday = await lesson_on(app, "robo-a1", date(2026, 11, 12))
    await lessons.change(thursday.id, thursday.version, "cancel", by=ADMIN_ID,
                         reason="Педагог <заболел>")
    # robo-a2 moves from Tuesday to Wednesday 16:00 in room 205: no clash on Tuesday then
    tuesday = await lesson_on(app, "robo-a2", date(2026, 11, 10))
    await lessons.change(
        tuesday.id, tuesday.version, "move", by=ADMIN_ID, reason="Кабинет занят",
        starts_at=datetime(2026, 11, 11, 16, tzinfo=MOSCOW),
        ends_at=datetime(2026, 11, 11, 17, 30, tzinfo=MOSCOW), day=date(2026, 11, 11),
        room="Каб. 205",
    )
    # Saturday is closed for IT, Friday for everyone, but staff keep aero's Friday lesson on
    await app.repos.timetable.add_closures([
        {"starts_on": date(2026, 11, 14), "ends_on": date(2026, 11, 14),
         "reason": "Соревнования", "quanta": ["it"]},
        {"starts_on": date(2026, 11, 13), "ends_on": date(2026, 11, 13),
         "reason": "Санитарный день", "quanta": []},
    ], by=ADMIN_ID)
    friday = await lesson_on(app, "aero-a1", date(2026, 11, 13))
    await lessons.change(friday.id, friday.version, "restore", by=ADMIN_ID)

    admin = await staff(app)
    await admin.send("/week")
    text = admin.last_text()
    assert text.splitlines()[1] == "6 занятий, отменено: 2"
    assert "накладка" not in text
    assert ("15:00–16:30 · Каб. 101 · robo-a1 Вт/Чт 15:00 · Иванова Е. А. — отменено: Педагог"
            " <заболел>") in text
    assert ("16:00–17:30 · Каб. 205 · robo-a2 Вт 16:00 · Петров П. П. — перенесено с вт, 10 "
            "ноября, 16:00: Кабинет занят") in text.split("ср, 11 ноября")[1]
    assert "11:00–12:30 · Лаб. 3 · it-a1 Ср & Сб · Ким А. Д. — отменено: Соревнования" in text
    assert ("10:00–11:30 · Каб. 101 · aero-a1 Пт 10:00 — проводится, хотя в эти дни"
            " закрытие") in text
    html = admin.last()["html"]
    assert "<s>15:00–16:30 · Каб. 101 · <b>robo-a1</b>" in html
    assert "Педагог &lt;заболел&gt;" in html


async def test_weeks_back_and_forth_edit_the_message(app: App) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/week")
    shown = len(admin.messages())
    week_message = admin.last()["message_id"]
    await admin.press("Неделя ▶️")
    assert admin.last_text().startswith("🗓 Неделя 16–22 ноября · следующая\n6 занятий\n")
    assert len(admin.messages()) == shown and admin.last()["message_id"] == week_message
    await admin.press("◀️ Неделя")
    await admin.press("◀️ Неделя")
    assert admin.last_text().startswith("🗓 Неделя 2–8 ноября · прошлая\n")
    await admin.press("◀️ Неделя")
    # before the groups' period: an empty week, with the way on
    assert admin.last_text() == "🗓 Неделя 26 октября – 1 ноября\nЗанятий на этой неделе нет."
    assert admin.labels() == ["◀️ Неделя", "Неделя ▶️", "🏠 Меню"]
    assert len(admin.messages()) == shown


async def test_the_range_is_bounded_and_forged_weeks_show_this_one(app: App) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/week")
    await admin.press_data(StaffWeek(week=52).pack())
    # a week in another year says which
    assert admin.last_text() == "🗓 Неделя 8–14 ноября 2027\nЗанятий на этой неделе нет."
    assert admin.labels() == ["◀️ Неделя", "🏠 Меню"]
    await admin.press_data(StaffWeek(week=-52).pack())
    assert admin.labels() == ["Неделя ▶️", "🏠 Меню"]
    for forged in (StaffWeek(week=53).pack(), StaffWeek(week=-10**9).pack(),
                   StaffWeekDay(week=999, day=0, part=0).pack(),
                   StaffWeekDay(week=0, day=9, part=99).pack()):
        await admin.press_data(forged)
        assert admin.last_text().startswith("🗓 Неделя 9–15 ноября · эта\n"), forged
    await admin.press_data("ws:tomorrow")
    assert said_once(admin).startswith("Эта кнопка устарела — вот актуальное меню.")


def thousand_groups() -> list[str]:
    rows = []
    for n in range(1000):
        first, second = n % 6, (n + 3) % 6
        days = ("пн", "вт", "ср", "чт", "пт", "сб")
        hour = 9 + n // 6 % 10
        rows.append(
            f"robo-1;robo;intro;Роботы;7;11;g{n:04d};Группа <{n}>;12;Педагог {n % 40};"
            f"Каб. {n % 60};09.11.2026;15.11.2026;"
            f'"{days[first]} {hour}:00-{hour}:45; {days[second]} {hour}:00-{hour}:45"'
        )
    return rows


@pytest.mark.slow
async def test_a_thousand_groups_are_shown_a_day_at_a_time(app: App) -> None:
    await load(app, thousand_groups())
    admin = await staff(app)
    await admin.send("/week")
    first = admin.last_text()
    assert "2\xa0000 занятий" in first and "Занятий много — показываю по дням." in first
    # today (Tuesday) first, then a button for each day with lessons
    assert "\n\nвт, 10 ноября · часть 1 из " in first
    assert [b for b in admin.labels() if b[-2:].strip().isdigit()][:6] == [
        "⚠️ пн 9", "• вт 10", "⚠️ ср 11", "⚠️ чт 12", "⚠️ пт 13", "⚠️ сб 14",
    ]
    seen: Counter[str] = Counter()
    pages: dict[str, str] = {}
    frontier = [b.data for b in admin.buttons() if b.data and b.data.startswith("wd:")]
    visited: set[str] = set()
    while frontier:
        data = frontier.pop()
        if data in visited:
            continue
        visited.add(data)
        await admin.press_data(data)
        html = admin.last()["html"]
        pages[data] = html
        assert len(html) <= BUDGET
        frontier += [b.data for b in admin.buttons() if b.data and b.data.startswith("wd:")]
        assert len(admin.buttons()) <= 12
    for html in set(pages.values()):
        seen.update(re.findall(r"<b>(g\d{4})</b>", html))
    # every lesson shows once, on its day's page
    assert len(seen) == 1000 and set(seen.values()) == {2}
    # a forged part number shows the first part
    await admin.press_data(StaffWeekDay(week=0, day=2, part=500).pack())
    assert "ср, 11 ноября · часть 1 из" in admin.last_text()


async def test_the_week_in_english(app: App) -> None:
    await load(app)
    admin = await staff(app, "en")
    await admin.send("/week")
    assert admin.last_text().startswith(
        "🗓 Week of 9–15 November · this week\n6 lessons\n⚠️ Clashes: 1 — two lessons in one"
        " room at the same time.\n\nTue, 10 November\n15:00–16:30 · Каб. 101 · robo-a1"
    )
    assert admin.labels() == ["◀️ Week", "Week ▶️", "🏠 Menu"]


# ---- not staff -------------------------------------------------------------------------------


async def test_others_get_the_unknown_command_and_forged_buttons_change_nothing(
    app: App,
) -> None:
    await load(app)
    parent = app.chat(user_id=3001)
    await start_as(parent, "parent")
    for command in ("/week", "/closures"):
        await parent.send(command)
        assert parent.last_text().startswith("Такой команды я не знаю."), command
    for data in (StaffWeek(week=1).pack(), StaffWeekDay(week=0, day=1, part=0).pack(),
                 ClosureStep(action="add").pack(), ClosureStep(action="list").pack(),
                 ClosureStep(action="q-robo").pack(), ClosureStep(action="confirm").pack()):
        await parent.press_data(data)
        assert said_once(parent).startswith("Эта кнопка устарела — вот актуальное меню."), data
        assert "Неделя" not in parent.last_text()
    # typed dates go nowhere either
    await parent.send("31.12–08.01")
    assert await state_of(app, parent) is None
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 0


# ---- /closures -------------------------------------------------------------------------------


async def test_a_closure_added_from_the_chat(app: App) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/closures")
    assert admin.last_text().startswith("📅 Закрытия технопарка\nВпереди закрытий нет.")
    assert admin.labels() == ["➕ Добавить", "🗓 Неделя", "🏠 Меню"]
    await admin.press("➕ Добавить")
    question = admin.last_text()
    assert question.startswith("📅 Новое закрытие\nС какого по какое число")
    assert "/cancel — отмена" in question

    for typed, problem in [
        ("на каникулах", "Не получилось прочитать даты."),
        ("31.02", "Такой даты нет: 31.02. Проверьте день и месяц."),
        ("14.11.2026–12.11.2026", "Первая дата позже второй."),
        ("01.11.2026", "Эти дни уже прошли."),
        ("01.01.2027–05.01.2028", "Получилось больше 367 дней"),
        ("01.01.2030", "Закрытие в 2030 году?"),
    ]:
        await admin.send(typed)
        assert admin.last_text().startswith(problem), typed
        # the same question again, and the form waits for it
        assert admin.last_text().endswith(question), typed
        assert await state_of(app, admin) == "ClosureForm:dates"

    await admin.send("12.11–14.11")
    reason_question = admin.last_text()
    assert reason_question.startswith("12–14 ноября 2026. Какая причина?")
    await admin.send("  !!!  ")
    assert admin.last_text().startswith("Причина пустая.")
    await admin.send("о" * 201)
    assert admin.last_text().startswith("Слишком длинно: 201 символов, можно не больше 200.")
    assert admin.last_text().endswith(reason_question)
    await admin.send("Соревнования   «Робофест»")
    assert admin.last_text() == (
        "🎯 Для кого закрытие?\n12–14 ноября 2026 — Соревнования «Робофест»\n"
        "Сейчас: весь технопарк\nЕсли закрывается не весь технопарк, отметьте квантумы."
    )
    assert admin.labels()[:3] == ["• Весь технопарк", "Робоквантум", "IT-квантум"]
    await admin.press("Робоквантум")
    await admin.press("IT-квантум")
    assert "Сейчас: Робоквантум, IT-квантум" in admin.last_text()
    assert admin.labels()[:3] == ["Весь технопарк", "✅ Робоквантум", "✅ IT-квантум"]
    await admin.press("👁 Проверить")
    assert admin.last_text() == (
        "📅 Проверьте закрытие\n"
        "Даты: 12–14 ноября 2026 (3 дня)\n"
        "Причина: Соревнования «Робофест»\n"
        "Для кого: Робоквантум, IT-квантум\n"
        "Внутри 2 занятия — они будут отменены. Занятия, которые уже отменили или перенесли"
        " вручную, останутся как есть.\n"
        "Семьи детей из этих групп получат сообщение со списком отменённых занятий."
    )
    preview = admin.last()["message_id"]
    assert admin.labels() == ["✅ Добавить", "🇬🇧 По-английски", "🎯 Для кого", "✖️ Отмена"]
    # nothing is written before the confirmation
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 0

    await admin.press("✅ Добавить")
    assert admin.last_text().startswith(
        "✅ Готово: 2 занятия отменены. Сообщать семьям нечего.\n\n📅 Закрытия технопарка\n"
        "• 12–14 ноября — Соревнования «Робофест» (только Робоквантум, IT-квантум)"
    )
    assert admin.labels() == ["📅 12–14 ноября", "➕ Добавить", "🗓 Неделя", "🏠 Меню"]
    assert admin.labels(preview) == []  # the preview's buttons are spent
    assert await state_of(app, admin) is None
    thursday = await lesson_on(app, "robo-a1", date(2026, 11, 12))
    assert (thursday.status, thursday.reason) == ("cancelled", "Соревнования «Робофест»")
    assert (await lesson_on(app, "it-a1", date(2026, 11, 14))).off
    assert not (await lesson_on(app, "aero-a1", date(2026, 11, 13))).off
    row = await app.db.fetchone("SELECT * FROM closures")
    assert row is not None and (row["quanta"], row["created_by"]) == ("it robo", ADMIN_ID)

    # a second tap on the spent ✅ adds nothing and shows where things stand
    await admin.press_data(ClosureStep(action="confirm").pack(), message_id=preview)
    assert admin.answers()[-1].params["text"] == "Эта кнопка устарела."
    assert admin.last_text().startswith("📅 Закрытия технопарка\n• 12–14 ноября")
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 1

    # the week shows them off
    await admin.press("🗓 Неделя")
    assert admin.last_text().splitlines()[1] == "6 занятий, отменено: 2"


async def test_the_same_closure_again_updates_its_reason(app: App) -> None:
    await load(app)
    admin = await staff(app)
    for reason in ("Санитарные дни", "Ремонт"):
        await admin.send("/closures")
        await admin.press("➕ Добавить")
        await admin.send("12.11.2026 - 14.11.2026")
        await admin.send(reason)
        await admin.press("👁 Проверить")
        if reason == "Санитарные дни":
            await admin.press("✅ Добавить")
            assert admin.last_text().startswith("✅ Готово: 3 занятия отменены.")
    # the same closure again: the same three lessons, already off because of it
    assert "Внутри 3 занятия" in admin.last_text()
    assert admin.last_text().endswith(
        "Закрытие с такими датами уже есть — у него обновится причина."
    )
    await admin.press("✅ Добавить")
    assert admin.last_text().startswith(
        "✅ Готово: причина обновлена. Отменены 3 занятия. Сообщать семьям нечего.\n\n"
        "📅 Закрытия технопарка\n"
        "• 12–14 ноября — Ремонт\n"
    )
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 1


async def test_cancel_leaves_the_form_with_nothing_saved(app: App) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("12.11")
    await admin.send("/cancel")
    assert admin.last_text().startswith("Отменено, ничего не сохранено.")
    assert await state_of(app, admin) is None
    # the old form's typed answers lead nowhere now
    await admin.send("Ремонт")
    assert await state_of(app, admin) is None

    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("12.11")
    await admin.send("Ремонт")
    await admin.press("✖️ Отмена")
    assert admin.last_text().startswith("Закрытие не добавлено, ничего не сохранено.\n\n"
                                         "📅 Закрытия технопарка\nВпереди закрытий нет.")
    assert await state_of(app, admin) is None
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 0


async def test_quanta_pages_typed_text_and_forged_steps(app: App) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("04.12")
    await admin.send("Хакатон")
    assert "Ещё квантумы ▶️" in admin.labels() and "Космоквантум" in admin.labels()
    await admin.press("Ещё квантумы ▶️")
    assert "Робоквантум" not in admin.labels() and "◀️ Предыдущие" in admin.labels()
    page_two = admin.labels()
    await admin.press(page_two[1])
    assert f"Сейчас: {page_two[1]}" in admin.last_text()
    # a typed word where a button is expected: a hint and the same screen
    await admin.send("робо")
    assert admin.last_text().startswith("Здесь нужен выбор кнопкой.\n\n🎯 Для кого закрытие?")
    assert admin.labels()[1] == f"✅ {page_two[1]}"
    # forged: an unknown quantum, a page far away, an unknown step
    before = admin.last_text()
    await admin.press_data(ClosureStep(action="q-mars").pack())
    assert admin.last_text() == before.split("\n\n", 1)[1]
    await admin.press_data(ClosureStep(action="p-99").pack())
    assert "◀️ Предыдущие" in admin.labels() and "Ещё квантумы ▶️" not in admin.labels()
    await admin.press_data(ClosureStep(action="p-x").pack())
    assert "Робоквантум" in admin.labels()
    await admin.press_data(ClosureStep(action="zzz").pack())
    assert admin.answers()[-1].params["text"] == "Эта кнопка устарела."
    assert admin.last_text().startswith("🎯 Для кого закрытие?")
    # ✅ before the preview is an old button too
    await admin.press_data(ClosureStep(action="confirm").pack())
    assert admin.answers()[-1].params["text"] == "Эта кнопка устарела."
    await admin.press("• Весь технопарк" if "• Весь технопарк" in admin.labels()
                      else "Весь технопарк")
    assert "Сейчас: весь технопарк" in admin.last_text()
    await admin.press("👁 Проверить")
    await admin.press("🎯 Для кого")
    assert admin.last_text().startswith("🎯 Для кого закрытие?")
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 0


async def test_a_usual_reason_is_a_button(app: App) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("13.11")
    assert admin.labels() == ["Праздничный день", "Каникулы технопарка", "Санитарный день",
                              "✖️ Отмена"]
    question = admin.last()["message_id"]
    await admin.press_data(ClosureStep(action="r-7").pack())
    assert admin.answers()[-1].params["text"] == "Эта кнопка устарела."
    assert await state_of(app, admin) == "ClosureForm:reason"
    await admin.press("Санитарный день", message_id=question)
    # the question becomes the next step
    edited = next(m for m in admin.messages() if m["message_id"] == question)
    assert edited["text"].startswith("🎯 Для кого закрытие?\n13 ноября 2026 — Санитарный день")
    # the reason's buttons are old now
    await admin.press_data(ClosureStep(action="r-0").pack(), message_id=question)
    assert admin.answers()[-1].params["text"] == "Эта кнопка устарела."
    await admin.press("👁 Проверить")
    await admin.press("✅ Добавить")
    assert admin.last_text().startswith("✅ Готово: 1 занятие отменено.")
    friday = await lesson_on(app, "aero-a1", date(2026, 11, 13))
    assert (friday.status, friday.reason) == ("cancelled", "Санитарный день")


async def test_a_failed_write_keeps_the_form(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load(app)
    admin = await staff(app)
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("12.11")
    await admin.send("Ремонт")
    await admin.press("👁 Проверить")
    real = app.services.timetable.add

    async def disk_full(*args: Any, **kwargs: Any) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(app.services.timetable, "add", disk_full)
    await admin.press("✅ Добавить")
    assert admin.last_text().startswith("⚠️ Не получилось сохранить")
    assert await state_of(app, admin) == "ClosureForm:confirm"
    monkeypatch.setattr(app.services.timetable, "add", real)
    await admin.press("🔁 Ещё раз")
    assert admin.last_text().startswith("✅ Готово: 1 занятие отменено.")
    assert await state_of(app, admin) is None


async def test_the_closures_list(app: App) -> None:
    await load(app)
    await app.repos.timetable.add_closures([
        {"starts_on": date(2026, 11, 4), "ends_on": date(2026, 11, 4), "reason": "Прошло",
         "quanta": []},
        {"starts_on": date(2026, 12, 31), "ends_on": date(2027, 1, 8),
         "reason": "Новогодние <каникулы>", "quanta": []},
        {"starts_on": date(2026, 11, 10), "ends_on": date(2026, 11, 10),
         "reason": "Соревнования", "quanta": ["aero"]},
    ], by=None)
    admin = await staff(app)
    await admin.send("/closures")
    assert admin.last_text().splitlines()[:3] == [
        "📅 Закрытия технопарка",
        "• 10 ноября — Соревнования (только Аэроквантум)",
        "• 31 декабря 2026 – 8 января 2027 — Новогодние <каникулы>",
    ]
    assert "Новогодние &lt;каникулы&gt;" in admin.last()["html"]
    # a button's days fit it: in digits when the words are too long
    assert admin.labels()[:2] == ["📅 10 ноября", "📅 31.12–08.01"]
    en = app.chat(user_id=ADMIN_ID, language_code="en", first_name="Админ")
    await en.send("/language")
    await en.press("🇬🇧 English")
    await en.send("/closures")
    assert en.labels()[:2] == ["📅 10 November", "📅 31.12–08.01"]


async def test_changing_a_closure_asks_for_its_new_dates_and_cancels_as_a_change(
        app: App) -> None:
    await load(app)
    await app.repos.timetable.add_closures([
        {"starts_on": date(2026, 11, 20), "ends_on": date(2026, 11, 20),
         "reason": "Соревнования", "quanta": []}], by=None)
    admin = await staff(app)
    await admin.send("/closures")
    await admin.press("📅 20 ноября")
    await admin.press("✏️ Изменить")
    await admin.press("📅 Даты")
    assert admin.last_text().startswith("📅 Другие даты закрытия\n")
    await admin.send("32.13")
    assert "📅 Другие даты закрытия" in admin.last_text()
    await admin.send("/closures")
    await admin.press("📅 20 ноября")
    await admin.press("✏️ Изменить")
    await admin.press("✖️ Отмена")
    assert admin.last_text().startswith("Закрытие не изменено, ничего не сохранено.")
    en = app.chat(user_id=ADMIN_ID, language_code="en", first_name="Админ")
    await en.send("/language")
    await en.press("🇬🇧 English")
    await en.send("/closures")
    await en.press("📅 20 November")
    await en.press("✏️ Change")
    await en.press("✖️ Cancel")
    assert en.last_text().startswith("The closure was not changed; nothing was saved.")


# ---- the typed days --------------------------------------------------------------------------

TODAY = date(2026, 12, 20)


@pytest.mark.parametrize(
    ("typed", "today", "expected"),
    [
        ("31.12–08.01", TODAY, (date(2026, 12, 31), date(2027, 1, 8))),
        ("31.12–08.01", date(2027, 1, 3), (date(2026, 12, 31), date(2027, 1, 8))),
        ("31.12.2026-08.01.2027", TODAY, (date(2026, 12, 31), date(2027, 1, 8))),
        ("31.12.26 — 8.1.27", TODAY, (date(2026, 12, 31), date(2027, 1, 8))),
        ("31.12-08.01.2027", TODAY, (date(2026, 12, 31), date(2027, 1, 8))),
        ("31.12.2026–08.01", TODAY, (date(2026, 12, 31), date(2027, 1, 8))),
        ("с 04.11 по 06.11", date(2026, 11, 5), (date(2026, 11, 4), date(2026, 11, 6))),
        ("04.11", TODAY, (date(2027, 11, 4), date(2027, 11, 4))),
        ("4/11", date(2026, 11, 4), (date(2026, 11, 4), date(2026, 11, 4))),
        ("29.02", TODAY, (date(2028, 2, 29), date(2028, 2, 29))),
        ("08.01-31.12.2026", TODAY, (date(2026, 1, 8), date(2026, 12, 31))),
        ("\u200b 23.02 ", TODAY, (date(2027, 2, 23), date(2027, 2, 23))),
    ],
)
def test_typed_days(typed: str, today: date, expected: tuple[date, date]) -> None:
    assert parse_period(typed, today) == expected


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "closure-dates-format"),
        ("завтра", "closure-dates-format"),
        ("31.12–", "closure-dates-format"),
        ("2026-12-31", "closure-dates-format"),
        ("31.13", "closure-dates-no-such"),
        ("31.02.2027", "closure-dates-no-such"),
        ("10.01.2027-05.01.2027", "closure-dates-order"),
        ("01.12.2026", "closure-dates-past"),
        ("01.01.2027–03.01.2028", "closure-dates-long"),
        ("01.03.2029", "closure-dates-far"),
        ("31.12.9999-01.01", "closure-dates-no-such"),
    ],
)
def test_typed_days_refused(typed: str, key: str) -> None:
    with pytest.raises(Refused) as caught:
        parse_period(typed, TODAY)
    assert caught.value.key == key


SOME_DAY = st.dates(date(2020, 1, 1), date(2035, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> tuple[date, date, date]:
    today = draw(SOME_DAY)
    ends_on = today + timedelta(days=draw(st.integers(0, 700)))
    starts_on = ends_on - timedelta(days=draw(st.integers(0, 366)))
    assume(starts_on - today <= timedelta(days=732))
    return today, starts_on, ends_on


def written(day: date, draw: Callable[[st.SearchStrategy[Any]], Any], year: str) -> str:
    sep = draw(st.sampled_from([".", "/"]))
    text = (f"{day.day}{sep}{day.month}" if draw(st.booleans())
            else f"{day.day:02d}{sep}{day.month:02d}")
    if year == "full":
        text += f"{sep}{day.year}"
    elif year == "short":
        text += f"{sep}{day.year % 100:02d}"
    return text


@given(periods(), st.data())
@hypothesis_settings(max_examples=300)
def test_any_period_written_with_years_round_trips(
    case: tuple[date, date, date], data: st.DataObject
) -> None:
    today, starts_on, ends_on = case
    year = data.draw(st.sampled_from(["full", "short"]))
    dash = data.draw(st.sampled_from(["-", "–", "—", " - ", " по ", " – "]))
    typed = written(starts_on, data.draw, year)
    if starts_on != ends_on or data.draw(st.booleans()):
        typed += dash + written(ends_on, data.draw, year)
    assert parse_period(typed, today) == (starts_on, ends_on)


@given(periods(), st.data())
@hypothesis_settings(max_examples=300)
def test_a_period_without_years_is_the_nearest_not_over(
    case: tuple[date, date, date], data: st.DataObject
) -> None:
    today, starts_on, ends_on = case
    # without years, the dates say which days of the year, and the nearest such days not
    # over yet are meant: those within a year from today, not spanning a whole year
    assume(ends_on - today < timedelta(days=365) and ends_on - starts_on < timedelta(days=365))
    assume((starts_on.month, starts_on.day) != (2, 29) and (ends_on.month, ends_on.day) != (2, 29))
    assume(ends_on.replace(year=ends_on.year - 1) < today)
    typed = f"{written(starts_on, data.draw, '')}–{written(ends_on, data.draw, '')}"
    assert parse_period(typed, today) == (starts_on, ends_on)


@given(st.one_of(st.text(max_size=40),
                 st.text(alphabet="0123456789./-–— поc", max_size=30)), SOME_DAY)
@hypothesis_settings(max_examples=500)
def test_junk_days_raise_only_invalid(typed: str, today: date) -> None:
    try:
        starts_on, ends_on = parse_period(typed, today)
    except Refused as exc:
        assert exc.key.startswith("closure-dates-")
        return
    assert starts_on <= ends_on and ends_on >= today
