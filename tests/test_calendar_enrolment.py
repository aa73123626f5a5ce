"""A child's lessons in the calendar file and the schedule follow the application: from the
moment it was made (a lesson earlier that day is not the child's, in the file or behind
«◀️ Раньше»); and when it is over — withdrawn, declined, the child gone from the group — the
next file lists the lessons an earlier one gave as cancelled, with higher numbers, so a phone
that imported it drops them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
import time_machine
from icalendar import Event

from bot.local.chat import LocalChat
from storage.applications import Application
from tests.helpers import start_as
from tests.helpers.calendar import (
    PhoneCalendar,
    by_uid,
    day_of,
    download,
    sent_calendar,
    sequence,
    status,
)
from tests.helpers.harness import App
from tests.helpers.schedule import MOSCOW, NOW, birth, enrol, load_timetable

Clock = time_machine.Traveller
TUE, WED, THU = (date(2026, 12, 1) + timedelta(days=n) for n in range(3))
CANCEL = {"ru": ("✖️ Отменить: Мария", "Да, отменить"), "en": ("✖️ Cancel: Мария", "Yes, cancel")}
UPDATE = {"ru": "📅 Обновить календарь", "en": "📅 Update calendar"}
EMPTY_ICS = {
    "ru": "📅 Если занятия есть в календаре вашего телефона, скачайте файл ещё раз: отменённые"
          " оттуда уйдут.",
    "en": "📅 If the lessons are in your phone's calendar, download the file again and the"
          " cancelled ones will leave it.",
}
REMOVED = {
    "ru": "📅 Откройте файл — отменённые занятия уйдут из календаря телефона.",
    "en": "📅 Open the file and the cancelled lessons leave your phone's calendar.",
}
ENDED = {
    ("ru", "cancelled"): "Заявку отменили — этого занятия нет в расписании.",
    ("en", "cancelled"): "The application was cancelled, so this lesson is off the schedule.",
    ("ru", "rejected"): "Заявку отклонили — этого занятия нет в расписании.",
    ("en", "rejected"): "The application was declined, so this lesson is off the schedule.",
    ("ru", "withdrawn"): "Запись в группу отменена — этого занятия больше нет в расписании.",
    ("en", "withdrawn"): "The place in the group was given up, so this lesson is off the"
                         " schedule.",
}


@pytest.fixture
def frozen() -> Iterator[Clock]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def parent(app: App, lang: str, user_id: int = 1001) -> tuple[LocalChat, dict[str, int]]:
    ids = await load_timetable(app)
    chat = app.chat(user_id=user_id, language_code=lang)
    await start_as(chat, "parent", lang)
    return chat, ids


def cancelled_as_before(before: PhoneCalendar, file: dict[str, Event], lang: str,
                        why: str) -> None:
    """Every event the phone has from the earlier file comes again cancelled, newer, saying
    why."""
    assert before.events
    for uid, event in before.events.items():
        again = file[uid]
        assert status(again) == "CANCELLED"
        assert sequence(again) > sequence(event)
        summary = str(again["SUMMARY"])
        assert summary.startswith("Отменено — Мария: " if lang == "ru" else "Cancelled — Мария: ")
        assert str(again["DESCRIPTION"]) == ENDED[(lang, why)]


# ---- over: withdrawn, declined, left -------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_withdrawn_application_leaves_the_phones_calendar(
        app: App, frozen: Clock, lang: str) -> None:
    chat, ids = await parent(app, lang)
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария", confirm=False)
    phone = PhoneCalendar()
    phone.open(await download(app, chat))
    assert phone.days()[0] == TUE and len(phone.events) > 20

    frozen.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=MOSCOW))
    await chat.send("/children")
    await chat.press(CANCEL[lang][0])
    await chat.press(CANCEL[lang][1])
    # nothing is scheduled now, and the schedule says how to clear the calendar
    await chat.send("/schedule")
    assert chat.last_text().endswith(EMPTY_ICS[lang])
    assert UPDATE[lang] in chat.labels()
    await chat.press(UPDATE[lang])
    assert chat.last()["caption"] == REMOVED[lang]
    file = sent_calendar(app, chat)
    cancelled_as_before(phone, by_uid(file), lang, "cancelled")
    phone.open(file)
    assert phone.events == {}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_declined_application_leaves_it_and_a_new_one_comes_back(
        app: App, frozen: Clock, lang: str) -> None:
    chat, ids = await parent(app, lang)
    enrolment = await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария", confirm=False)
    phone = PhoneCalendar()
    first = await download(app, chat)
    phone.open(first)
    assert await app.repos.enrolment.decide(enrolment, "rejected", "Мест нет") is not None
    declined = await download(app, chat)
    cancelled_as_before(phone, by_uid(declined), lang, "rejected")
    phone.open(declined)
    assert phone.events == {}
    # applied again on Wednesday: Thursday on is the new application's, newer again
    frozen.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=MOSCOW))
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария", confirm=False)
    again = by_uid(await download(app, chat))
    assert status(again[next(u for u, e in again.items() if day_of(e) == TUE)]) == "CANCELLED"
    thursday = next(uid for uid, event in again.items() if day_of(event) == THU)
    assert status(again[thursday]) == "TENTATIVE"
    assert sequence(again[thursday]) > sequence(by_uid(declined)[thursday])
    phone.open(await download(app, chat))
    assert phone.days()[0] == THU


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_a_child_who_leaves_the_group_keeps_the_lessons_gone_by(
        app: App, frozen: Clock, lang: str) -> None:
    """Confirmed, then withdrawn on Wednesday: Tuesday's lesson took place and stays in the
    phone; Thursday's on are cancelled. A sister's lessons are left as they were."""
    chat, ids = await parent(app, lang)
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария")
    await enrol(app, chat.user_id, ids["robo-a2"], "Иванова Анна")
    family = "👪 Вся семья" if lang == "ru" else "👪 Whole family"
    phone = PhoneCalendar()
    first = await download(app, chat, child=family)
    phone.open(first)
    frozen.move_to(datetime(2026, 12, 2, 12, 0, tzinfo=MOSCOW))
    await chat.send("/children")
    await chat.press(CANCEL[lang][0])
    await chat.press(CANCEL[lang][1])
    file = by_uid(await download(app, chat, child=family))
    maria = {uid: e for uid, e in by_uid(first).items() if "Мария" in str(e["SUMMARY"])}
    anna = {uid: e for uid, e in by_uid(first).items() if "Анна" in str(e["SUMMARY"])}
    gone_by = [uid for uid, e in maria.items() if day_of(e) < WED]
    assert [day_of(maria[uid]) for uid in gone_by] == [TUE]
    assert not any(uid in file for uid in gone_by)
    ahead = PhoneCalendar()
    ahead.events = {uid: e for uid, e in maria.items() if uid not in gone_by}
    cancelled_as_before(ahead, file, lang, "withdrawn")
    assert {uid: sequence(file[uid]) for uid in anna} == {
        uid: sequence(e) for uid, e in anna.items()}
    phone.open(await download(app, chat, child=family))
    assert sorted(day_of(e) for e in phone.events.values() if "Мария" in str(e["SUMMARY"])
                  ) == [TUE]
    assert len([e for e in phone.events.values() if "Анна" in str(e["SUMMARY"])]) == len(anna)


async def test_an_application_that_only_waited_gives_nothing_to_remove(
        app: App, frozen: Clock) -> None:
    chat, ids = await parent(app, "ru")
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET capacity = 1 WHERE id = ?", (ids["robo-a1"],))
    other = app.chat(user_id=1002)
    await start_as(other, "parent")
    await enrol(app, other.user_id, ids["robo-a1"], "Петров Пётр")
    done = await app.repos.enrolment.submit(Application(
        user_id=chat.user_id, relation="parent", child_name="Иванова Мария",
        birth_date=birth(10), school="Школа № 5", grade=4, phone="+79123456789",
        group_id=ids["robo-a1"], consent=True, photo_consent=True, today=NOW.date()))
    assert done.status == "waitlisted"
    await chat.send("/schedule")
    assert "Пока здесь пусто" in chat.last_text()
    assert "📅 Обновить календарь" not in chat.labels()
    assert "Если занятия есть в календаре" not in chat.last_text()


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
