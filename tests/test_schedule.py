"""The schedule as families and pupils see it: their weeks, the next lesson counted down, the
calendar file; a quantum's group timetable for anyone; and the date words underneath."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiogram.filters.callback_data import CallbackData
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Event

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services import dates
from bot.services.calendar import file_name, translit
from bot.services.schedule import at
from bot.services.schedule_views import GroupTimes
from bot.ui import callbacks
from bot.ui.callbacks import ScheduleIcs, ScheduleWeek
from handlers.schedule import screens
from storage.lessons import ChildLesson, Lesson
from storage.programmes import Group, Programme
from storage.timetable import SlotRow
from tests.helpers import join_by_invite, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import MOSCOW, NOW, enrol, load_timetable

NEW_YORK = ZoneInfo("America/New_York")
Clock = time_machine.Traveller
ROBO_TUE = "15:00–16:30 · Робототехника: первые шаги «Вт/Чт 15:00» · Каб. 101 · Иванова Е. А."


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    """Monday 30 November 2026, 09:00 in Moscow, and the clock stands still."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def family(app: App, lang: str = "ru", user_id: int = 1001) -> tuple[LocalChat,
                                                                             dict[str, int]]:
    """A parent whose Мария (10) is confirmed in robo-a1 (Tue and Thu, 15:00–16:30)."""
    ids = await load_timetable(app)
    chat = app.chat(user_id=user_id, language_code=lang)
    await start_as(chat, "parent", lang)
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария")
    return chat, ids


def html(chat: LocalChat) -> str:
    return str(chat.last().get("html") or "")


async def lessons_of(app: App, group_id: int) -> list[Lesson]:
    return await app.repos.lessons.of_group(group_id, NOW.astimezone(UTC), 10)


def local(day: date, hour: int, minute: int = 0, zone: ZoneInfo = MOSCOW) -> datetime:
    return at(day, clock_time(hour, minute), zone)


# ---- the date words ----------------------------------------------------------------------


MON = datetime(2026, 11, 30, tzinfo=MOSCOW)  # midnight starting Monday 30 November


@pytest.mark.parametrize(("now", "start", "ru", "en"), [
    (MON.replace(hour=9), MON.replace(hour=9, minute=40), "через 40 минут", "in 40 minutes"),
    (MON.replace(hour=9), MON.replace(hour=9, minute=59), "через 59 минут", "in 59 minutes"),
    (MON.replace(hour=9), MON.replace(hour=9, second=30), "через 1 минуту", "in 1 minute"),
    (MON.replace(hour=9), MON.replace(hour=9, minute=21), "через 21 минуту", "in 21 minutes"),
    (MON.replace(hour=9), MON.replace(hour=9, minute=22), "через 22 минуты", "in 22 minutes"),
    (MON.replace(hour=9), MON.replace(hour=10), "через 1 час", "in 1 hour"),
    (MON.replace(hour=9), MON.replace(hour=11), "через 2 часа", "in 2 hours"),
    (MON.replace(hour=9), MON.replace(hour=10, minute=20), "через 1 час 20 минут",
     "in 1 hour 20 minutes"),
    (MON.replace(hour=9), MON.replace(hour=11, minute=59), "через 2 часа 59 минут",
     "in 2 hours 59 minutes"),
    # exactly three hours: by the clock
    (MON.replace(hour=9), MON.replace(hour=12), "сегодня в 12:00", "today at 12:00"),
    (MON.replace(hour=9), MON.replace(hour=18), "сегодня в 18:00", "today at 18:00"),
    (MON.replace(hour=9), MON + timedelta(days=1, hours=15), "завтра в 15:00",
     "tomorrow at 15:00"),
    # across midnight: near is near, the next day is «tomorrow» until it is today
    (MON.replace(hour=23, minute=59), MON + timedelta(days=1, minutes=30),
     "через 31 минуту", "in 31 minutes"),
    (MON.replace(hour=23), MON + timedelta(days=1, hours=3, minutes=30), "завтра в 03:30",
     "tomorrow at 03:30"),
    (MON.replace(hour=23, minute=59, second=59), MON + timedelta(days=1, hours=15),
     "завтра в 15:00", "tomorrow at 15:00"),
    (MON + timedelta(days=1, minutes=1), MON + timedelta(days=1, hours=15), "сегодня в 15:00",
     "today at 15:00"),
    (MON.replace(hour=9), MON + timedelta(days=3, hours=15), "в четверг в 15:00",
     "on Thursday at 15:00"),
    (MON.replace(hour=9), MON + timedelta(days=2, hours=16), "в среду в 16:00",
     "on Wednesday at 16:00"),
    (MON + timedelta(days=1), MON + timedelta(days=6, hours=11), "в воскресенье в 11:00",
     "on Sunday at 11:00"),
    (MON + timedelta(days=5), MON + timedelta(days=8, hours=15), "во вторник в 15:00",
     "on Tuesday at 15:00"),
    # a week away: the date
    (MON.replace(hour=9), MON + timedelta(days=7, hours=15), "пн, 7 декабря, 15:00",
     "Mon, 7 December, 15:00"),
])
def test_a_lesson_is_counted_down_in_words(
    texts: Texts, now: datetime, start: datetime, ru: str, en: str
) -> None:
    end = start + timedelta(minutes=90)
    assert dates.when_lesson(texts.bind("ru"), now, start, end, MOSCOW) == ru
    assert dates.when_lesson(texts.bind("en"), now, start, end, MOSCOW) == en


def test_a_lesson_on_now_says_until_when(texts: Texts) -> None:
    start = MON.replace(hour=15)
    end = start + timedelta(minutes=90)
    for now in (start, start + timedelta(minutes=45), end - timedelta(seconds=1)):
        assert dates.when_lesson(texts.bind("ru"), now, start, end, MOSCOW) == (
            "идёт сейчас, до 16:30"
        )
        assert dates.when_lesson(texts.bind("en"), now, start, end, MOSCOW) == (
            "on now, until 16:30"
        )


@given(
    now=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1),
                     timezones=st.sampled_from([UTC, MOSCOW, NEW_YORK])),
    ahead=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=30)),
    zone=st.sampled_from([MOSCOW, NEW_YORK, ZoneInfo("Asia/Vladivostok")]),
)
def test_every_countdown_reads_as_a_sentence(
    texts: Texts, now: datetime, ahead: timedelta, zone: ZoneInfo
) -> None:
    start = now + ahead
    end = start + timedelta(minutes=90)
    when = dates.until_lesson(now, start, end, zone)
    for locale in ("ru", "en"):
        words = dates.when_lesson(texts.bind(locale), now, start, end, zone)
        assert words and "{" not in words
        if ahead < dates.SOON:
            assert words.startswith("через " if locale == "ru" else "in ")
        else:
            # from three hours on, the lesson is told by the local clock
            assert dates.clock(start, zone) in words
    days = (start.astimezone(zone).date() - now.astimezone(zone).date()).days
    assert (when.key == "when-tomorrow") == (days == 1 and ahead >= dates.SOON)
    assert (when.key == "when-date") == (days >= 7 and ahead >= dates.SOON)


def slot(weekday: int, starts: str, ends: str, room: str = "") -> SlotRow:
    return SlotRow(1, weekday, starts, ends, room)


@pytest.mark.parametrize(("slots", "ru", "en"), [
    ([slot(1, "15:00", "16:30"), slot(3, "15:00", "16:30")], "вт и чт, 15:00–16:30",
     "Tue and Thu, 15:00–16:30"),
    ([slot(1, "15:00", "16:30"), slot(5, "11:00", "12:30")], "вт 15:00–16:30, сб 11:00–12:30",
     "Tue 15:00–16:30, Sat 11:00–12:30"),
    ([slot(0, "17:00", "18:30"), slot(2, "17:00", "18:30"), slot(4, "17:00", "18:30")],
     "пн, ср и пт, 17:00–18:30", "Mon, Wed, and Fri, 17:00–18:30"),
    ([slot(5, "11:00", "12:30", "Лаб. 3")], "сб, 11:00–12:30 (Лаб. 3)",
     "Sat, 11:00–12:30 (Лаб. 3)"),
    ([slot(3, "15:00", "16:30"), slot(1, "15:00", "16:30"), slot(6, "10:00", "11:30")],
     "вт и чт 15:00–16:30, вс 10:00–11:30", "Tue and Thu 15:00–16:30, Sun 10:00–11:30"),
])
def test_a_groups_slots_in_words(slots: list[SlotRow], ru: str, en: str) -> None:
    assert dates.slots_in_words(slots, "ru") == ru
    assert dates.slots_in_words(slots, "en") == en


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(8, 19)), min_size=1, max_size=6,
                unique=True))
def test_slots_in_words_name_every_day_and_time(pairs: list[tuple[int, int]]) -> None:
    slots = [slot(day, f"{hour:02d}:00", f"{hour + 1:02d}:30") for day, hour in pairs]
    words = dates.slots_in_words(slots, "ru")
    for day, hour in pairs:
        assert ["пн", "вт", "ср", "чт", "пт", "сб", "вс"][day] in words
        assert f"{hour:02d}:00–{hour + 1:02d}:30" in words


def test_weeks_run_monday_to_sunday() -> None:
    assert dates.week_start(date(2026, 11, 30)) == date(2026, 11, 30)
    assert dates.week_start(date(2026, 12, 6)) == date(2026, 11, 30)
    assert dates.week_start(date(2026, 12, 6), 1) == date(2026, 12, 7)
    assert dates.week_start(date(2026, 12, 1), -1) == date(2026, 11, 23)
    assert dates.date_range(date(2026, 11, 30), date(2026, 12, 6), "ru") == (
        "30 ноября – 6 декабря"
    )
    assert dates.date_range(date(2026, 12, 7), date(2026, 12, 13), "en") == "7–13 December"
    assert dates.date_range(date(2026, 12, 28), date(2027, 1, 3), "ru") == (
        "28 декабря 2026 – 3 января 2027"
    )
    assert dates.local_midnight(date(2026, 11, 30), MOSCOW) == datetime(2026, 11, 29, 21,
                                                                       tzinfo=UTC)


def test_callback_prefixes_are_unique() -> None:
    """Two classes with one prefix read each other's buttons (ScheduleWeek and SignupWho
    once shared «sw»: a week's ◀️ in a sign-up form answered «who signs up»)."""
    prefixes = [
        value.__prefix__ for value in vars(callbacks).values()
        if isinstance(value, type) and issubclass(value, CallbackData)
        and value is not CallbackData
    ]
    assert len(prefixes) == len(set(prefixes))


def test_calendar_file_names() -> None:
    assert translit("Мария") == "mariya"
    assert translit("Ким Анна-Мария") == "kim-anna-mariya"
    assert file_name("Иванова Мария", 7) == "kvantorium-mariya.ics"
    assert file_name("李", 7) == "kvantorium-child-7.ics"
    assert file_name(None, 7) == "kvantorium-family.ics"


# ---- my schedule ---------------------------------------------------------------------------


async def test_my_schedule_shows_this_week_and_the_next_by_day(
    app: App, frozen: Clock
) -> None:
    chat, _ = await family(app)
    await chat.press("🗓 Расписание")
    text = html(chat)
    assert text.startswith("🗓 <b>Расписание занятий</b>\n\n<b>Эта неделя · 30 ноября – 6 "
                           "декабря</b>\n<i>вт, 1 декабря</i>\n" + ROBO_TUE)
    assert "<i>чт, 3 декабря</i>\n" + ROBO_TUE in text
    assert "<b>Следующая неделя · 7–13 декабря</b>\n<i>вт, 8 декабря</i>" in text
    assert "<i>чт, 10 декабря</i>" in text
    assert "вт, 15 декабря" not in text  # two weeks, no more
    # one child: no name on every line
    assert "Мария" not in text
    assert chat.labels() == ["◀️ Раньше", "Позже ▶️", "⏭ Ближайшее", "📅 В календарь",
                             "🏠 Меню"]
    # the command sends it anew
    await chat.send("/schedule")
    assert html(chat) == text
    assert len(chat.messages()) == 2


async def test_my_schedule_in_english(app: App, frozen: Clock) -> None:
    chat, _ = await family(app, "en", user_id=1002)
    await chat.press("🗓 Schedule")
    text = html(chat)
    assert text.startswith("🗓 <b>Class schedule</b>\n\n<b>This week · 30 November – 6 "
                           "December</b>\n<i>Tue, 1 December</i>\n15:00–16:30 · Robotics: "
                           "first steps “Вт/Чт 15:00” · Каб. 101 · Иванова Е. А.")
    assert "<b>Next week · 7–13 December</b>" in text
    assert chat.labels() == ["◀️ Earlier", "Later ▶️", "⏭ Next lesson", "📅 Add to calendar",
                             "🏠 Menu"]


async def test_arrows_move_a_week_in_place(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await chat.send("/schedule")
    sent = len(chat.messages())
    await chat.press("Позже ▶️")
    assert len(chat.messages()) == sent  # edited, not sent
    assert chat.calls("editMessageText")
    text = chat.last_text()
    assert "Следующая неделя · 7–13 декабря" in text and "Неделя · 14–20 декабря" in text
    assert "Эта неделя" not in text
    assert chat.labels()[:3] == ["◀️ Раньше", "📍 Сейчас", "Позже ▶️"]
    await chat.press("◀️ Раньше")
    await chat.press("◀️ Раньше")
    assert chat.last_text().split("\n")[2] == "Прошлая неделя · 23–29 ноября"
    await chat.press("📍 Сейчас")
    assert "Эта неделя · 30 ноября – 6 декабря" in chat.last_text()
    # eight weeks ahead at most, four back
    await chat.press_data(ScheduleWeek(week=screens.LAST_WEEK).pack())
    assert "Позже ▶️" not in chat.labels()
    await chat.press_data(ScheduleWeek(week=screens.FIRST_WEEK).pack())
    assert "◀️ Раньше" not in chat.labels()
    assert "Неделя · 2–8 ноября" in chat.last_text()
    # a number from nowhere shows the current weeks
    await chat.press_data(ScheduleWeek(week=9999).pack())
    assert "Эта неделя · 30 ноября – 6 декабря" in chat.last_text()
    assert len(chat.answers()) == 1


async def test_two_children_are_named(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14)
    await chat.send("/schedule")
    text = html(chat)
    assert "<i>вт, 1 декабря</i>\n15:00–16:30 · <b>Мария</b> · Робототехника" in text
    assert ("<i>сб, 5 декабря</i>\n11:00–12:30 · <b>Пётр</b> · Программирование на Python "
            "«Сб 11:00» · Ким А. Д.") in text


async def test_a_pupil_sees_only_their_own_lessons(app: App, frozen: Clock) -> None:
    ids = await load_timetable(app)
    pupil = app.chat(user_id=1002, first_name="Пётр")
    await start_as(pupil, "pupil")
    await enrol(app, pupil.user_id, ids["it-a1"], "Иванов Пётр", 14, relation="child")
    code = await app.repos.families.invite_code(await app.repos.families.family_id(1002) or 0)
    parent = app.chat(user_id=1001)
    await join_by_invite(parent, code)
    await enrol(app, parent.user_id, ids["robo-a1"], "Иванова Мария")

    await pupil.send("/schedule")
    text = html(pupil)
    assert text.startswith("🗓 <b>Твоё расписание</b>")
    assert "Программирование на Python" in text
    assert "Робототехника" not in text and "Мария" not in text and "Пётр" not in text
    await parent.send("/schedule")
    assert "<b>Мария</b>" in html(parent) and "<b>Пётр</b>" in html(parent)


async def test_cancelled_and_moved_lessons_are_marked(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    tuesday, thursday = (await lessons_of(app, ids["robo-a1"]))[:2]
    await app.services.lesson_changes.change(
        thursday.id, thursday.version, "cancel", by=ADMIN_ID, reason="Педагог заболел")
    wednesday = date(2026, 12, 2)
    await app.services.lesson_changes.change(
        tuesday.id, tuesday.version, "move", by=ADMIN_ID, starts_at=local(wednesday, 17),
        ends_at=local(wednesday, 18, 30), day=wednesday, room="Лаб. 3",
    )
    await chat.send("/schedule")
    text = html(chat)
    assert "<i>вт, 1 декабря</i>" not in text
    assert ("<i>ср, 2 декабря</i>\n🔁 17:00–18:30 · Робототехника: первые шаги «Вт/Чт 15:00» "
            "· Лаб. 3 · Иванова Е. А. — перенесено с вт, 1 декабря, 15:00") in text
    assert ("<i>чт, 3 декабря</i>\n❌ <s>15:00–16:30</s> · Робототехника: первые шаги «Вт/Чт "
            "15:00» · Каб. 101 · Иванова Е. А. — отменено: Педагог заболел") in text
    en = app.chat(user_id=1001, language_code="en")
    await app.repos.users.set_language(1001, "en")
    await en.send("/schedule")
    assert "— moved from Tue, 1 December, 15:00" in en.last_text()
    assert "— cancelled: Педагог заболел" in en.last_text()


async def test_a_closure_shows_as_cancelled_with_its_reason(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await app.repos.timetable.add_closures(
        [{"starts_on": date(2026, 12, 31), "ends_on": date(2027, 1, 8),
          "reason": "Новогодние каникулы", "quanta": []}], by=None,
    )
    await chat.send("/schedule")
    for _ in range(4):
        await chat.press("Позже ▶️")
    text = chat.last_text()
    assert "Эта" not in text and "Неделя · 28 декабря 2026 – 3 января 2027" in text
    assert "вт, 29 декабря\n15:00–16:30 · Робототехника" in text
    assert ("чт, 31 декабря\n❌ 15:00–16:30 · Робототехника: первые шаги «Вт/Чт 15:00» · "
            "Каб. 101 · Иванова Е. А. — отменено: Новогодние каникулы") in text
    assert "<s>15:00–16:30</s>" in html(chat)


async def test_an_application_under_review_shows_its_lessons_marked(
    app: App, frozen: Clock
) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14, confirm=False)
    await chat.send("/schedule")
    assert ("<i>сб, 5 декабря</i>\n⏳ 11:00–12:30 · <b>Пётр</b> · Программирование на Python "
            "«Сб 11:00» · Ким А. Д. — заявка: на рассмотрении") in html(chat)
    # a waitlisted or declined one does not
    assert "Мария" in chat.last_text()


async def test_a_big_family_fits_in_one_message(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    children = [("Иванова Мария", 10), ("Иванов Пётр", 14), ("Иванова Анна-Мария", 12)]
    for name, years in children:
        for code in ("robo-a1", "robo-a2", "it-a1"):
            if (name, code) != ("Иванова Мария", "robo-a1"):
                await enrol(app, chat.user_id, ids[code], name, years)
    await chat.send("/schedule")
    text = html(chat)
    assert len(text) < 4096
    # three groups, five lessons a week between them, two weeks
    assert text.count("<b>Анна-Мария</b>") == 10
    assert text.count("<b>Мария</b>") == 10 and text.count("<b>Пётр</b>") == 10
    assert "Каб. 101" in text  # whole lines still fit


async def test_children_of_one_first_name_are_told_apart(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["it-a1"], "Петрова Мария", 14)
    await chat.send("/schedule")
    assert "<b>Иванова Мария</b>" in html(chat) and "<b>Петрова Мария</b>" in html(chat)


def child_lesson(n: int, title: str) -> ChildLesson:
    start = NOW.astimezone(UTC) + timedelta(days=n % 13, hours=n % 5)
    lesson = Lesson(
        id=n, group_id=1, group_code="g", group_name="Группа", quantum_code="robo",
        title_ru=title, title_en=title, teacher="Педагог", day=start.date(), starts_at=start,
        ends_at=start + timedelta(minutes=90), room="Каб. 1", status="planned", reason=None,
        closure=False, in_closure=False, planned_start=start,
        planned_end=start + timedelta(minutes=90), planned_room="Каб. 1", manual=False,
        version=1,
    )
    return ChildLesson(lesson, n % 3 + 1, ["Иванова Аня", "Иванов Боря", "Иванова Вера"][n % 3],
                       "confirmed")


@pytest.mark.parametrize("title_length", [20, 70, 400])
def test_a_long_schedule_is_shortened_between_lessons(texts: Texts, title_length: int) -> None:
    items = sorted((child_lesson(n, "Т" * title_length) for n in range(30)),
                   key=lambda c: c.lesson.starts_at)
    text = screens.week_text(texts.bind("ru", you="vy"), items, 0, NOW.date(), MOSCOW)
    assert len(text) <= screens.LIMIT
    assert text.count("<b>") == text.count("</b>") and text.count("<i>") == text.count("</i>")
    if title_length == 20:  # whole lines fit
        assert text.count("Каб. 1") == 30 and "…и ещё" not in text
    if title_length == 70:  # lines without group, room and teacher fit
        assert "Каб. 1" not in text and "…и ещё" not in text
        assert text.count("<b>Аня</b>") == 10
    if title_length == 400:  # even those do not: the last lessons are left out, and counted
        shown = sum(text.count(f"<b>{name}</b>") for name in ("Аня", "Боря", "Вера"))
        assert 0 < shown < 30
        assert f"\n\n…и ещё {30 - shown} заняти" in text  # занятие / занятия / занятий
        assert text.endswith(" — листайте по неделям.")


# ---- next lesson ---------------------------------------------------------------------------


async def test_next_lesson_counts_down(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await chat.send("/schedule")
    await chat.press("⏭ Ближайшее")
    assert html(chat) == (
        "⏭ <b>Ближайшее занятие</b>\n\n<b>Завтра в 15:00</b>\nвт, 1 декабря, 15:00–16:30\n"
        "Робототехника: первые шаги «Вт/Чт 15:00»\nКаб. 101 · Иванова Е. А."
    )
    assert chat.labels() == ["📅 В календарь", "🗓 К расписанию", "🏠 Меню"]
    for moment, words in [
        (datetime(2026, 12, 1, 13, 0, tzinfo=MOSCOW), "Через 2 часа"),
        (datetime(2026, 12, 1, 14, 20, tzinfo=MOSCOW), "Через 40 минут"),
        (datetime(2026, 12, 1, 14, 59, 30, tzinfo=MOSCOW), "Через 1 минуту"),
        (datetime(2026, 12, 1, 15, 30, tzinfo=MOSCOW), "Идёт сейчас, до 16:30"),
        # Tuesday's is over: Thursday's is next
        (datetime(2026, 12, 1, 16, 30, tzinfo=MOSCOW), "В четверг в 15:00"),
    ]:
        frozen.move_to(moment)
        await chat.press("🗓 К расписанию")
        await chat.press("⏭ Ближайшее")
        assert f"<b>{words}</b>" in html(chat), html(chat)
    # a cancelled lesson is not the next one
    thursday = next(lesson for lesson in await lessons_of(app, ids["robo-a1"])
                    if lesson.day == date(2026, 12, 3))
    await app.services.lesson_changes.change(thursday.id, thursday.version, "cancel", by=ADMIN_ID)
    await chat.press("🗓 К расписанию")
    await chat.press("⏭ Ближайшее")
    # a week away: the date, said once
    assert "<b>Вт, 8 декабря, 15:00–16:30</b>\nРобототехника" in html(chat)


async def test_next_lesson_of_each_child(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14, confirm=False)
    await chat.send("/schedule")
    await chat.press("⏭ Ближайшее")
    text = html(chat)
    assert text.startswith("⏭ <b>Ближайшие занятия</b>\n\n<b>Мария</b> — завтра в 15:00\n")
    assert ("<b>Пётр</b> — в субботу в 11:00\nсб, 5 декабря, 11:00–12:30\nПрограммирование на "
            "Python «Сб 11:00»\nКим А. Д.\n⏳ заявка: на рассмотрении") in text


async def test_next_lesson_in_english(app: App, frozen: Clock) -> None:
    chat, _ = await family(app, "en", user_id=1002)
    await chat.send("/schedule")
    await chat.press("⏭ Next lesson")
    assert html(chat).startswith(
        "⏭ <b>Next lesson</b>\n\n<b>Tomorrow at 15:00</b>\nTue, 1 December, 15:00–16:30\n"
        "Robotics: first steps “Вт/Чт 15:00”"
    )
    assert chat.labels() == ["📅 Add to calendar", "🗓 Back to schedule", "🏠 Menu"]


# ---- nothing scheduled -----------------------------------------------------------------------


async def test_nothing_scheduled_says_what_to_do(app: App, frozen: Clock) -> None:
    await load_timetable(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.press("🗓 Расписание")
    assert chat.last_text().startswith("🗓 Расписание занятий\n\nПока здесь пусто")
    assert "ребёнка запишут в группу" in chat.last_text()
    assert chat.labels() == ["📚 Все квантумы", "🎯 Какой квантум мой?", "🏠 Меню"]
    await chat.press("📚 Все квантумы")
    assert "🤖 Робоквантум" in chat.labels()

    pupil = app.chat(user_id=1002, language_code="en")
    await start_as(pupil, "pupil", "en")
    await pupil.send("/schedule")
    assert pupil.last_text() == (
        "🗓 Your schedule\n\nNothing here yet: your lessons will show up once you join a "
        "group. Pick a quantum in the catalogue or take the quiz — you can sign up from a "
        "quantum's card."
    )
    assert pupil.labels() == ["📚 All quanta", "🎯 Which quantum is mine?", "🏠 Menu"]
    for data in (ScheduleIcs(child=0).pack(), ScheduleIcs(child=screens.ASK).pack(), "sn"):
        await pupil.press_data(data)
        assert pupil.last_text().startswith("🗓 Your schedule\n\nNothing here yet")
        assert not pupil.calls("sendDocument")


async def test_a_family_waiting_for_a_seat_is_sent_to_its_applications(
    app: App, frozen: Clock
) -> None:
    ids = await load_timetable(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await enrol(app, chat.user_id, ids["robo-a3"], "Иванова Мария")  # no timetable yet
    await chat.send("/schedule")
    assert "Заявки и их статусы — в разделе «Мои дети»." in chat.last_text()
    assert chat.labels() == ["📚 Все квантумы", "🎯 Какой квантум мой?", "👪 Мои дети",
                             "🏠 Меню"]
    staff = app.chat(user_id=ADMIN_ID)
    await staff.send("/start")
    await staff.send("/schedule")
    assert "Пока здесь пусто" in staff.last_text() and staff.labels()[-1] == "🏠 Меню"


# ---- a quantum's groups ------------------------------------------------------------------------


async def test_quantum_card_leads_to_its_group_timetable_and_back(
    app: App, frozen: Clock
) -> None:
    await load_timetable(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_robo")
    await chat.press("🗓 Расписание групп")
    text = html(chat)
    assert text == (
        "🗓 <b>🤖 Робоквантум: расписание групп</b>\n\n"
        "<b>Робототехника: первые шаги</b>\n"
        "• «Вт/Чт 15:00» — вт и чт, 15:00–16:30\n"
        "  Каб. 101 · Иванова Е. А. · 7–17 лет\n"
        "  свободно 12 мест · с 2 ноября по 28 февраля\n"
        "• «Пн 17:00» — расписание пока не опубликовано\n"
        "  Смирнов О. П. · 7–17 лет\n"
        "  свободно 12 мест · с 2 ноября по 28 февраля\n"
        "• «Ср/Сб» — ср 16:00–17:30, сб 11:00–12:30 (Лаб. 3)\n"
        "  Каб. 101 · Иванова Е. А. · 7–17 лет\n"
        "  свободно 12 мест · с 2 ноября по 28 февраля"
    )
    assert chat.labels() == ["✍️ Записаться", "⬅️ К квантуму", "🏠 Меню"]
    await chat.press("⬅️ К квантуму")
    assert chat.last_text().startswith("🤖 Робоквантум\n")
    await chat.press("🗓 Расписание групп")
    await chat.press("✍️ Записаться")
    assert chat.last_text().startswith("✍️ Запись: 🤖 Робоквантум")


async def test_a_quantum_timetable_in_english_and_without_groups(
    app: App, frozen: Clock
) -> None:
    await load_timetable(app)
    chat = app.chat(user_id=1002, language_code="en")
    await start_as(chat, "parent", "en")
    await chat.send("/start q_it")
    await chat.press("🗓 Group timetable")
    assert ("• “Сб 11:00” — Sat, 11:00–12:30\n  Ким А. Д. · ages 13–17\n  10 places free · "
            "2 November to 28 February") in chat.last_text()
    assert chat.labels() == ["✍️ Sign up", "⬅️ Back to quantum", "🏠 Menu"]
    await chat.send("/start q_aero")
    await chat.press("🗓 Group timetable")
    assert "no groups yet. When it opens for sign-up, its news" in chat.last_text()
    assert "take the quiz" not in chat.last_text()  # the quiz may well have led here
    assert chat.labels() == ["⬅️ Back to quantum", "⬅️ All quanta", "🏠 Menu"]
    await chat.press("⬅️ Back to quantum")
    assert chat.last_text().startswith("🛩️ Aero Quantum")


async def test_the_group_picker_tells_each_groups_days_and_times(
    app: App, frozen: Clock
) -> None:
    await load_timetable(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.press("1")
    lines = chat.last_text().split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("1. Вт/Чт 15:00"))
    assert lines[first + 1] == "    вт и чт, 15:00–16:30"
    assert "    расписание пока не опубликовано" in lines
    assert "    ср 16:00–17:30, сб 11:00–12:30 (Лаб. 3)" in lines


def test_a_quantum_with_many_groups_lists_what_fits(texts: Texts, catalogue: Any) -> None:
    quantum = catalogue.get("robo")
    programme = Programme(1, "p", "robo", "intro", "Программа", "Programme", 7, 17, "open",
                          None, None, None)
    groups = [
        GroupTimes(programme, Group(
            n, f"g{n}", 1, f"Группа {n}", 12, "Иванова Е. А.", "Каб. 101", 7, 17,
            date(2026, 9, 1), date(2027, 5, 31), taken=n % 13), [slot(n % 7, "15:00", "16:30")])
        for n in range(60)
    ]
    text, markup = screens.quantum_timetable_screen(texts.bind("ru", you="vy"), quantum,
                                                    groups, 0)
    assert len(text) <= screens.LIMIT
    shown = text.count("• «Группа")
    assert 0 < shown < 60
    assert f"\n\n…и ещё {60 - shown} групп" in text  # группа / группы / групп
    assert text.endswith(" — все есть в списке при записи.")
    assert markup is not None
    assert [b.text for row in markup.inline_keyboard for b in row] == [
        "✍️ Записаться", "⬅️ К квантуму", "🏠 Меню"]


# ---- the calendar file -------------------------------------------------------------------------


def starts(event: Event) -> datetime:
    value = event.start
    assert isinstance(value, datetime)
    return value


def prop(event: Event, name: str) -> str:
    return str(event[name])


def document(app: App, chat: LocalChat) -> tuple[dict[str, Any], Calendar]:
    message = chat.last()
    assert "document" in message, f"no document, the bot said {chat.last_text()!r}"
    data = app.emulator.files[message["document"]["file_id"]]
    return message, Calendar.from_ical(data)


async def test_the_calendar_file_of_one_child(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14, confirm=False)
    await chat.send("/schedule")
    await chat.press("📅 В календарь")
    assert chat.last_text().startswith("📅 В календарь\nЧьи занятия добавить?")
    assert chat.labels() == ["Мария", "Пётр", "👪 Вся семья", "🗓 К расписанию", "🏠 Меню"]
    await chat.press("Мария")
    message, calendar = document(app, chat)
    assert message["document"]["file_name"] == "kvantorium-mariya.ics"
    assert message["caption"].startswith("📅 Откройте файл")
    assert chat.labels() == ["🗓 К расписанию", "🏠 Меню"]
    assert calendar["X-WR-CALNAME"] == "Кванториум — Мария"
    events = calendar.events
    # from the day of the application (today, Monday 30 November) on: the term's lessons
    # since 3 November were before Мария joined
    assert starts(events[0]) == datetime(2026, 12, 1, 15, 0, tzinfo=MOSCOW)
    assert {str(starts(event).tzinfo) for event in events} == {"Europe/Moscow"}
    tuesday = next(e for e in events if starts(e).date() == date(2026, 12, 1))
    assert (starts(tuesday).hour, starts(tuesday).minute) == (15, 0)
    assert tuesday.end == datetime(2026, 12, 1, 16, 30, tzinfo=MOSCOW)
    # the file is often shared by both parents: the title says whose lesson it is
    assert tuesday["SUMMARY"] == "Мария: Робототехника: первые шаги · «Вт/Чт 15:00»"
    assert tuesday["LOCATION"] == "Каб. 101"
    assert tuesday["DESCRIPTION"] == "Педагог: Иванова Е. А."
    assert tuesday["STATUS"] == "CONFIRMED"
    raw = app.emulator.files[message["document"]["file_id"]].decode()
    assert "DTSTART;TZID=Europe/Moscow:20261201T150000" in raw
    assert "VALARM" not in raw  # the bot's reminders keep quiet hours; a calendar's would not
    assert "BEGIN:VTIMEZONE" in raw and "TZID:Europe/Moscow" in raw
    assert calendar.get_missing_tzids() == set()
    assert not any("Программирование" in str(e["SUMMARY"]) for e in events)


async def test_the_calendar_file_keeps_its_uids_and_tells_changes(
    app: App, frozen: Clock
) -> None:
    chat, ids = await family(app)
    await chat.send("/schedule")
    await chat.press("📅 В календарь")  # one child: no question
    _, first = document(app, chat)
    thursday = next(lesson for lesson in await lessons_of(app, ids["robo-a1"])
                    if lesson.day == date(2026, 12, 3))
    await app.services.lesson_changes.change(
        thursday.id, thursday.version, "cancel", by=ADMIN_ID, reason="Педагог заболел")
    await chat.press("🗓 К расписанию")
    await chat.press("📅 В календарь")
    _, second = document(app, chat)
    uids = [str(e["UID"]) for e in first.events]
    assert uids == [str(e["UID"]) for e in second.events]
    assert len(set(uids)) == len(uids)
    child = (await app.repos.families.children(
        await app.repos.families.family_id(chat.user_id) or 0))[0]
    uid = f"lesson-{thursday.id}-child-{child.id}@kvantorium"
    before = next(e for e in first.events if e["UID"] == uid)
    after = next(e for e in second.events if e["UID"] == uid)
    assert before["STATUS"] == "CONFIRMED" and after["STATUS"] == "CANCELLED"
    assert int(prop(after, "SEQUENCE")) > int(prop(before, "SEQUENCE"))
    assert prop(after, "SUMMARY").startswith("Отменено — ")
    assert "Занятие отменено: Педагог заболел." in prop(after, "DESCRIPTION")


async def test_the_family_calendar_names_each_child(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14, confirm=False)
    await chat.send("/schedule")
    await chat.press("📅 В календарь")
    await chat.press("👪 Вся семья")
    message, calendar = document(app, chat)
    assert message["document"]["file_name"] == "kvantorium-family.ics"
    assert calendar["X-WR-CALNAME"] == "Кванториум — семья"
    summaries = {str(e["SUMMARY"]).split(":")[0] for e in calendar.events}
    assert summaries == {"Мария", "Пётр"}
    peter = [e for e in calendar.events if str(e["SUMMARY"]).startswith("Пётр")]
    assert {str(e["STATUS"]) for e in peter} == {"TENTATIVE"}
    assert "Заявка: на рассмотрении." in prop(peter[0], "DESCRIPTION")


async def test_a_forged_child_gets_no_calendar(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    other = app.chat(user_id=1005)
    await start_as(other, "parent")
    await enrol(app, other.user_id, ids["it-a1"], "Сидоров Иван", 14)
    stranger = (await app.repos.families.children(
        await app.repos.families.family_id(other.user_id) or 0))[0]
    await chat.send("/schedule")
    for child in (stranger.id, 999_999, -7):
        await chat.press_data(ScheduleIcs(child=child).pack())
        assert not chat.calls("sendDocument")
        assert "text" not in chat.answers()[0].params  # the message says it: no toast
        assert chat.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
        assert "Сидоров" not in chat.last_text() and "Иван" not in chat.last_text()
        assert chat.labels()  # the menu, not a dead end


async def test_a_pupil_downloads_only_their_own_calendar(app: App, frozen: Clock) -> None:
    ids = await load_timetable(app)
    pupil = app.chat(user_id=1002)
    await start_as(pupil, "pupil")
    await enrol(app, pupil.user_id, ids["it-a1"], "Иванов Пётр", 14, relation="child")
    code = await app.repos.families.invite_code(
        await app.repos.families.family_id(1002) or 0)
    parent = app.chat(user_id=1001)
    await join_by_invite(parent, code)
    await enrol(app, parent.user_id, ids["robo-a1"], "Иванова Мария")
    sister = next(c for c in await app.repos.families.children(
        await app.repos.families.family_id(1001) or 0) if c.name == "Иванова Мария")
    await pupil.send("/schedule")
    await pupil.press_data(ScheduleIcs(child=sister.id).pack())
    assert not pupil.calls("sendDocument")
    await pupil.press_data(ScheduleIcs(child=0).pack())
    message, calendar = document(app, pupil)
    assert message["caption"].startswith("📅 Открой файл")
    assert {str(e["SUMMARY"]).split(":")[0] for e in calendar.events} == {"Пётр"}


# ---- the machine's own zone does not matter -------------------------------------------------


async def test_times_are_the_technoparks_whatever_the_machines_zone(
    app: App, frozen: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = os.environ.get("TZ")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert time.strftime("%Z") in ("EST", "EDT")
        chat, _ = await family(app)
        await chat.send("/schedule")
        assert "<i>вт, 1 декабря</i>\n" + ROBO_TUE in html(chat)
        await chat.press("⏭ Ближайшее")
        assert "<b>Завтра в 15:00</b>\nвт, 1 декабря, 15:00–16:30" in html(chat)
        await chat.press("📅 В календарь")
        _, calendar = document(app, chat)
        tuesday = next(e for e in calendar.events if starts(e).date() == date(2026, 12, 1))
        assert starts(tuesday) == datetime(2026, 12, 1, 15, 0, tzinfo=MOSCOW)
        assert str(starts(tuesday).tzinfo) == "Europe/Moscow"
    finally:
        if before is None:
            monkeypatch.delenv("TZ")
        else:
            monkeypatch.setenv("TZ", before)
        time.tzset()
