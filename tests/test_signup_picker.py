"""The group picker as a family reads it: a group's own ages, whether it is already running,
and birth dates typed as people type them."""

from __future__ import annotations

from datetime import date

import time_machine

from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, enrol, load_timetable
from tests.helpers.signup import term

HEADER = ("programme;quantum;level;title_ru;title_en;age_min;age_max;group;group_name;"
          "group_name_en;capacity;teacher;room;room_en;group_age_min;group_age_max;"
          "starts_on;ends_on\n")


async def load(app: App) -> None:
    """A running group for 7–9-year-olds, one for the whole programme starting next year."""
    starts, ends = term()
    later = date.today().replace(month=1, day=10).replace(year=date.today().year + 1)
    rows = (
        f"robo-intro;robo;intro;Робототехника;Robotics;7;17;robo-a1;Вт/Чт 15:00;"
        f"Tue/Thu 3 pm;12;Иванова Е. А.;Каб. 101;Room 101;7;9;{starts};{ends}\n"
        f"robo-intro;robo;intro;Робототехника;Robotics;7;17;robo-b1;Сб 10:00;;12;"
        f"Иванова Е. А.;;;;;{later:%d.%m.%Y};{ends}\n"
    )
    result = parse_groups_csv((HEADER + rows).encode(), {"robo"})
    assert not result.errors, result.errors
    await import_programmes(app.db, result.programmes, result.groups)


async def test_the_picker_shows_a_group_s_own_ages_and_that_it_is_running(app: App) -> None:
    await load(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.press("1")
    text = chat.last_text()
    assert ("1. Вт/Чт 15:00 · 7–9 лет · Иванова Е. А., Каб. 101 · идёт с 1 сентября, можно"
            " присоединиться — 12 мест") in text
    assert "2. Сб 10:00 · Иванова Е. А. · с 10 января — 12 мест" in text
    assert "лет · Иванова Е. А. · с 10" not in text  # the programme's own ages are not repeated


async def test_the_picker_in_english(app: App) -> None:
    await load(app)
    chat = app.chat(language_code="en")
    await start_as(chat, "parent", "en")
    await chat.send("/start q_robo")
    await chat.press("✍️ Sign up")
    await chat.press("1")
    text = chat.last_text()
    assert ("1. Tue/Thu 3 pm · ages 7–9 · Иванова Е. А., Room 101 · running since 1 September,"
            " you can still join — 12 places") in text
    assert "2. Сб 10:00 · Иванова Е. А. · from 10 January — 12 places" in text


async def test_a_birth_date_in_words_is_taken(app: App) -> None:
    await load(app)
    for user, lang, signup, typed, wrong, told in (
        (1001, "ru", "✍️ Записаться", "3 марта 2018", "31.02.2018", "Такого дня нет в календаре"),
        (1002, "en", "✍️ Sign up", "March 3, 2018", "someday", "12 May 2014, May 12, 2014"),
    ):
        chat = app.chat(user, language_code=lang)
        await start_as(chat, "parent", lang)
        await chat.send("/start q_robo")
        await chat.press(signup)
        await chat.press("1")
        await chat.press("1")
        await chat.send("Иванова Мария")
        await chat.send(wrong)
        assert told in chat.last_text()
        await chat.send(typed)
        assert "school" in chat.last_text() or "школ" in chat.last_text()


async def test_a_parent_is_told_to_sign_the_child_up(app: App) -> None:
    for user, lang, told in (
        (1001, "ru", "Запишите ребёнка из карточки квантума"),
        (1002, "en", "Sign your child up from a quantum's card"),
    ):
        chat = app.chat(user, language_code=lang)
        await start_as(chat, "parent", lang)
        await chat.send("/children")
        assert told in chat.last_text()
        assert "Запишитесь" not in chat.last_text()


async def test_english_readers_see_a_group_s_english_name_and_room(app: App) -> None:
    with time_machine.travel(NOW, tick=False):
        ids = await load_timetable(app)
        async with app.db.transaction() as conn:
            await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 3 pm', room_en = 'Room 101'"
                               " WHERE code = 'robo-a1'")
        en, ru = app.chat(1001, language_code="en"), app.chat(1002, language_code="ru")
        await start_as(en, "parent", "en")
        await start_as(ru, "parent", "ru")
        await enrol(app, 1001, ids["robo-a1"], "Smith Anna")
        await enrol(app, 1002, ids["robo-a1"], "Иванова Мария")
        await en.send("/schedule")
        assert "Robotics: first steps “Tue/Thu 3 pm” · Room 101" in en.last_text()
        assert "Вт/Чт" not in en.last_text() and "Каб. 101" not in en.last_text()
        await ru.send("/schedule")
        assert "«Вт/Чт 15:00» · Каб. 101" in ru.last_text()
        await en.send("/children")
        assert "Tue/Thu 3 pm" in en.last_text()
