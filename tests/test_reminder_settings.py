"""«⚙️ Настройки → 🔔 Напоминания»: what a parent and a pupil see, what each press changes on
the screen and in the reminders the planner then queues, and what a forged or old button
does (nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
import time_machine

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services import reminder_preview as preview
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from bot.ui.callbacks import ReminderMenu
from storage.db import Database
from storage.reminders import Prefs, RemindedChild
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App, make_app
from tests.helpers.reminders import MOSCOW, NOW, Row, family, local, reminder_rows
from tests.helpers.schedule import enrol, load_timetable

Clock = time_machine.Traveller
MON, TUE = date(2026, 11, 30), date(2026, 12, 1)
OPEN = {"ru": ("⚙️ Настройки", "🔔 Напоминания"), "en": ("⚙️ Settings", "🔔 Reminders")}
STALE = "Эта кнопка устарела — вот актуальные настройки."


@pytest.fixture
def frozen() -> Iterator[Clock]:
    """Monday 30 November 2026, 09:00 in Moscow, and the clock stands still."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def open_reminders(chat: LocalChat, lang: str = "ru") -> None:
    await chat.send("/menu")
    for label in OPEN[lang]:
        await chat.press(label)


def pending(rows: list[Row]) -> list[tuple[str, datetime]]:
    return [(row.lead, row.due_at) for row in rows]


async def planned(app: App) -> list[tuple[str, datetime]]:
    """Plan, then the pending reminders: (lead, when due, UTC)."""
    await app.services.planner.tick()
    return pending(await reminder_rows(app))


async def leads_stored(app: App) -> list[tuple[int, int, str]]:
    rows = await app.db.fetchall("SELECT user_id, child_id, leads FROM reminder_leads")
    return [(r["user_id"], r["child_id"], r["leads"]) for r in rows]


# ---- what is shown -----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "lines", "labels"), [
    ("ru", [
        "🔔 Напоминания о занятиях", "", "Отметьте кнопками, когда напоминать.",
        "Мария — вечером накануне и за 2 часа",
        "Тихие часы: 22:00–08:00 — ночью не пишу, напоминание придёт утром.", "",
        "Следующее напоминание: сегодня в 19:00",
        "Мария — Робототехника: первые шаги, вт, 1 декабря, 15:00–16:30",
    ], [
        "✅ Накануне в 19:00", "▫️ За 3 часа", "✅ За 2 часа", "▫️ За 1 час", "▫️ За 30 минут",
        "🔔 Нет на занятии: вкл", "🌙 Тихие часы: вкл", "🔕 Выключить все", "⬅️ Настройки",
        "🏠 Меню",
    ]),
    ("en", [
        "🔔 Lesson reminders", "", "Tick when you'd like to be reminded.",
        "Maria — the evening before and 2 hours before",
        "Quiet hours: 22:00–08:00 — no messages at night; a reminder due then comes in the "
        "morning.", "",
        "Next reminder: today at 19:00",
        "Maria — Robotics: first steps, Tue, 1 December, 15:00–16:30",
    ], [
        "✅ Evening before, 19:00", "▫️ 3 hours before", "✅ 2 hours before",
        "▫️ 1 hour before", "▫️ 30 minutes before", "🔔 If absent: on", "🌙 Quiet hours: on",
        "🔕 Turn all off",
        "⬅️ Settings", "🏠 Menu",
    ]),
])
async def test_a_parent_sees_the_defaults_and_the_next_reminder(
    app: App, frozen: Clock, lang: str, lines: list[str], labels: list[str]
) -> None:
    name = "Иванова Мария" if lang == "ru" else "Ivanova Maria"
    ids = await load_timetable(app)
    chat = app.chat(language_code=lang)
    await start_as(chat, "parent", lang)
    await enrol(app, chat.user_id, ids["robo-a1"], name)
    await chat.send("/menu")
    await chat.press(OPEN[lang][0])
    assert OPEN[lang][1] in chat.labels()
    await chat.press(OPEN[lang][1])
    assert chat.last_text().split("\n") == lines
    assert chat.labels() == labels
    # and the planner agrees: the evening before at 19:00 and two hours before
    assert await planned(app) == [("evening", local(MON, 19)), ("2h", local(TUE, 13))]


@pytest.mark.parametrize(("lang", "said", "next_"), [
    ("ru", "Напомню тебе о занятии за 2 часа.", "Следующее напоминание: завтра в 13:00"),
    ("en", "I'll remind you of each lesson 2 hours before.", "Next reminder: tomorrow at 13:00"),
])
async def test_a_pupil_hears_of_their_own_lessons_two_hours_before(
    app: App, frozen: Clock, lang: str, said: str, next_: str
) -> None:
    ids = await load_timetable(app)
    pupil = app.chat(user_id=1002, language_code=lang, first_name="Пётр")
    await start_as(pupil, "pupil", lang)
    await enrol(app, pupil.user_id, ids["robo-a1"], "Иванов Пётр", 14, relation="child")
    await open_reminders(pupil, lang)
    text = pupil.last_text()
    assert said in text and next_ in text
    # the pupil's own lesson, without their name
    assert "Пётр" not in text
    assert ("Робототехника: первые шаги, вт, 1 декабря, 15:00–16:30" in text if lang == "ru"
            else "Robotics: first steps, Tue, 1 December, 15:00–16:30" in text)
    assert pupil.labels()[:5] == (
        ["▫️ Накануне в 19:00", "▫️ За 3 часа", "✅ За 2 часа", "▫️ За 1 час", "▫️ За 30 минут"]
        if lang == "ru" else
        ["▫️ Evening before, 19:00", "▫️ 3 hours before", "✅ 2 hours before",
         "▫️ 1 hour before", "▫️ 30 minutes before"]
    )
    assert await planned(app) == [("2h", local(TUE, 13))]


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_nobody_to_remind_of_gets_the_way_to_the_catalogue(app: App, lang: str) -> None:
    chat = app.chat(language_code=lang)
    await start_as(chat, "parent", lang)
    await open_reminders(chat, lang)
    if lang == "ru":
        assert "Напоминания приходят о занятиях детей, записанных в группу." in chat.last_text()
        assert chat.labels() == ["📚 Все квантумы", "⬅️ Настройки", "🏠 Меню"]
    else:
        assert "Reminders come for lessons of children signed up to a group." in (
            chat.last_text())
        assert chat.labels() == ["📚 All quanta", "⬅️ Settings", "🏠 Menu"]
    await chat.press(1)
    assert chat.last_text().startswith("📚")
    # an old «turn all off» or lead time from someone with no children writes nothing
    for data in (ReminderMenu(action="off"), ReminderMenu(action="lead", child=1, lead="2h")):
        await chat.press_data(data.pack())
        assert chat.labels()[0] in ("📚 Все квантумы", "📚 All quanta")
    assert await app.db.fetchval("SELECT count(*) FROM reminder_settings") == 0
    assert await app.db.fetchval("SELECT count(*) FROM reminder_leads") == 0


async def test_a_pupil_with_nothing_yet_is_told_as_ty(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "pupil")
    await open_reminders(chat)
    assert "о занятиях в группе, куда тебя записали" in chat.last_text()


async def test_staff_find_reminders_in_their_settings_too(app: App) -> None:
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await open_reminders(admin)
    assert "Напоминания приходят" in admin.last_text()


# ---- what a press changes ------------------------------------------------------------------


async def test_ticking_a_lead_adds_a_reminder_and_unticking_one_cancels_it(
    app: App, frozen: Clock
) -> None:
    chat, _ = await family(app)
    assert await planned(app) == [("evening", local(MON, 19)), ("2h", local(TUE, 13))]
    await open_reminders(chat)
    await chat.press("▫️ За 30 минут")
    assert "✅ За 30 минут" in chat.labels()
    assert "Мария — вечером накануне, за 2 часа и за 30 минут" in chat.last_text()
    assert await planned(app) == [
        ("evening", local(MON, 19)), ("2h", local(TUE, 13)), ("30m", local(TUE, 14, 30)),
    ]
    await chat.press("✅ Накануне в 19:00")
    assert "▫️ Накануне в 19:00" in chat.labels()
    assert "Мария — за 2 часа и за 30 минут" in chat.last_text()
    assert "Следующее напоминание: завтра в 13:00" in chat.last_text()
    assert await planned(app) == [("2h", local(TUE, 13)), ("30m", local(TUE, 14, 30))]
    cancelled = await reminder_rows(app, "cancelled")
    assert [(row.lead, row.due_at) for row in cancelled] == [("evening", local(MON, 19))]


async def test_unticking_every_lead_means_no_reminders(app: App, frozen: Clock) -> None:
    chat, _ = await family(app, "en")
    await open_reminders(chat, "en")
    await chat.press("✅ Evening before, 19:00")
    await chat.press("✅ 2 hours before")
    text = chat.last_text()
    assert "Мария — no reminders" in text
    assert "Nothing to remind of in the next two weeks." in text
    assert await planned(app) == []


async def test_turning_all_off_cancels_them_and_on_brings_them_back(
    app: App, frozen: Clock
) -> None:
    chat, _ = await family(app)
    assert len(await planned(app)) == 2
    await open_reminders(chat)
    await chat.press("🔕 Выключить все")
    assert chat.answers()[-1].params["text"] == "Напоминания выключены"
    assert "Напоминания выключены — о занятиях не напишу." in chat.last_text()
    assert "Следующее напоминание" not in chat.last_text()
    assert chat.labels() == ["🔔 Включить", "⬅️ Настройки", "🏠 Меню"]
    assert await planned(app) == []
    await chat.press("🔔 Включить")
    assert chat.answers()[-1].params["text"] == "Напоминания включены"
    assert "Следующее напоминание: сегодня в 19:00" in chat.last_text()
    assert await planned(app) == [("evening", local(MON, 19)), ("2h", local(TUE, 13))]


async def test_quiet_hours_off_lets_a_reminder_come_at_night(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts, frozen: Clock
) -> None:
    late = settings.model_copy(update={"reminder_evening_at": time(23, 0)})
    app = make_app(db, late, catalogue, texts)
    chat, _ = await family(app)
    # 23:00 is inside the quiet hours: the evening reminder waits for the morning
    assert await planned(app) == [("evening", local(TUE, 8)), ("2h", local(TUE, 13))]
    await open_reminders(chat)
    assert "✅ Накануне в 23:00" in chat.labels()
    assert "Следующее напоминание: завтра в 08:00" in chat.last_text()
    await chat.press("🌙 Тихие часы: вкл")
    assert chat.answers()[-1].params["text"] == "Тихие часы выключены"
    assert "🌙 Тихие часы: выкл" in chat.labels()
    assert ("Тихие часы выключены — напоминание придёт в срок, даже ночью."
            in chat.last_text())
    assert "Следующее напоминание: сегодня в 23:00" in chat.last_text()
    assert await planned(app) == [("evening", local(MON, 23)), ("2h", local(TUE, 13))]
    await chat.press("🌙 Тихие часы: выкл")
    assert await planned(app) == [("evening", local(TUE, 8)), ("2h", local(TUE, 13))]


async def test_each_child_has_their_own_lead_times(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["robo-a2"], "Иванов Пётр", 12)
    await open_reminders(chat)
    text = chat.last_text()
    assert "Чтобы выбрать время для ребёнка, нажмите на его имя." in text
    assert "Мария — вечером накануне и за 2 часа\nПётр — вечером накануне и за 2 часа" in text
    assert chat.labels() == [
        "🧒 Мария: вечером, 2 ч", "🧒 Пётр: вечером, 2 ч", "🌙 Тихие часы: вкл",
        "🔕 Выключить все", "⬅️ Настройки", "🏠 Меню",
    ]
    await chat.press("🧒 Пётр: вечером, 2 ч")
    assert chat.last_text().split("\n") == [
        "🔔 Напоминания: Пётр", "",
        "Когда напоминать о занятиях? Нажмите, чтобы отметить или снять.",
        "Сейчас: вечером накануне и за 2 часа.",
    ]
    await chat.press("✅ Накануне в 19:00")
    await chat.press("✅ За 2 часа")
    assert chat.last_text().endswith(
        "Ничего не отмечено — об этих занятиях напоминаний не будет.")
    assert chat.labels()[-2:] == ["⬅️ Напоминания", "🏠 Меню"]
    await chat.press("⬅️ Напоминания")
    assert "Пётр — без напоминаний" in chat.last_text()
    assert "🧒 Пётр: выкл" in chat.labels()
    # Tuesday noon: Пётр's Wednesday lesson enters the planner's horizon, with no reminders
    frozen.move_to(local(TUE, 12))
    [wednesday] = await app.repos.lessons.of_group(ids["robo-a2"], local(TUE, 12), 1)
    await app.services.planner.tick()
    assert [row for row in await reminder_rows(app) if row.lesson_id == wednesday.id] == []
    assert ("2h", local(TUE, 13)) in pending(await reminder_rows(app))


# ---- the next reminder, beyond the planner's horizon -----------------------------------------


async def test_the_next_reminder_is_known_days_ahead(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    frozen.move_to(local(date(2026, 12, 4), 9))  # Friday
    assert await planned(app) == []  # nothing inside the next 36 hours
    await open_reminders(chat)
    assert "Следующее напоминание: в понедельник в 19:00" in chat.last_text()
    assert "вт, 8 декабря, 15:00–16:30" in chat.last_text()


async def test_a_lesson_reported_missed_is_not_the_next(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    [tuesday] = await app.repos.lessons.of_group(ids["robo-a1"], NOW, 1)
    [child] = await app.repos.reminders.children(chat.user_id)
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO absences (lesson_id, child_id, reported_by, reported_at)"
            " VALUES (?, ?, ?, ?)", (tuesday.id, child.id, chat.user_id, NOW.isoformat()),
        )
    await open_reminders(chat)
    assert "Следующее напоминание: в среду в 19:00" in chat.last_text()
    assert "чт, 3 декабря, 15:00–16:30" in chat.last_text()


async def test_a_press_after_a_change_to_the_schedule_shows_the_new_next_reminder(
    app: App, frozen: Clock
) -> None:
    """The lessons ahead are kept from one press to the next: a change in between (an
    absence reported, a lesson cancelled by staff) shows at the very next press."""
    chat, ids = await family(app)
    await open_reminders(chat)
    await chat.press("▫️ За 30 минут")
    assert "Следующее напоминание: сегодня в 19:00" in chat.last_text()
    assert "вт, 1 декабря, 15:00–16:30" in chat.last_text()
    [tuesday, thursday] = await app.repos.lessons.of_group(ids["robo-a1"], NOW, 2)
    [child] = await app.repos.reminders.children(chat.user_id)
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO absences (lesson_id, child_id, reported_by, reported_at)"
            " VALUES (?, ?, ?, ?)", (tuesday.id, child.id, chat.user_id, NOW.isoformat()),
        )
    await chat.press("✅ За 30 минут")
    assert "Следующее напоминание: в среду в 19:00" in chat.last_text()
    assert "чт, 3 декабря, 15:00–16:30" in chat.last_text()
    await app.services.lesson_changes.change(
        thursday.id, thursday.version, "cancel", by=ADMIN_ID, reason="Болезнь")
    await chat.press("▫️ За 30 минут")
    assert "вт, 8 декабря, 15:00–16:30" in chat.last_text()
    assert "чт, 3 декабря" not in chat.last_text()


async def test_cancelled_lessons_and_undecided_applications_are_not_reminded_of(
    app: App, frozen: Clock
) -> None:
    chat, ids = await family(app)
    # Пётр's application for Saturday's group is still being decided
    await enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14, confirm=False)
    [tuesday] = await app.repos.lessons.of_group(ids["robo-a1"], NOW, 1)
    await app.services.lesson_changes.change(
        tuesday.id, 0, "cancel", by=ADMIN_ID, reason="Болезнь")
    await open_reminders(chat)
    assert "Следующее напоминание: в среду в 19:00" in chat.last_text()
    assert "Мария — Робототехника: первые шаги, чт, 3 декабря, 15:00–16:30" in (
        chat.last_text())
    # and the same without any lesson at all in the coming two weeks
    items = await app.repos.family_lessons.for_user(chat.user_id, NOW, NOW)
    children = await app.repos.reminders.children(chat.user_id)
    assert preview.earliest(items, Prefs(), children, user_id=chat.user_id, now=NOW,
                            zone=MOSCOW, evening_at=time(19)) is None


def test_lead_times_and_names_in_words(texts: Texts) -> None:
    assert preview.leads_in_words(texts.bind("ru"), ()) == "без напоминаний"
    assert preview.leads_in_words(texts.bind("ru"), ("evening", "1h", "30m")) == (
        "вечером накануне, за 1 час и за 30 минут")
    assert preview.leads_short(texts.bind("en"), ("evening", "30m")) == "evening, 30 min"
    # two children of the same first name are told apart by the whole name
    same = [RemindedChild(7, "Иванова Мария", False), RemindedChild(8, "Петрова Мария", False),
            RemindedChild(9, "Лев", False)]
    assert preview.child_names(same) == {7: "Иванова Мария", 8: "Петрова Мария", 9: "Лев"}


# ---- forged and old buttons ----------------------------------------------------------------


async def test_a_forged_button_changes_nothing(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    other = app.chat(user_id=1003)
    await start_as(other, "parent")
    await enrol(app, other.user_id, ids["robo-a1"], "Петров Пётр", 11)
    [theirs] = await app.repos.reminders.children(other.user_id)
    [mine] = await app.repos.reminders.children(chat.user_id)
    before = await planned(app)
    await open_reminders(chat)
    forged = [
        ReminderMenu(action="lead", child=theirs.id, lead="30m"),
        ReminderMenu(action="child", child=theirs.id),
        ReminderMenu(action="lead", child=mine.id, lead="5m"),
        ReminderMenu(action="lead", child=-1, lead="evening"),
        ReminderMenu(action="explode"),
    ]
    for data in forged:
        await chat.press_data(data.pack())
        assert chat.answers()[-1].params["text"] == STALE, data
        assert chat.last_text().startswith("🔔 Напоминания о занятиях")
        assert "Пётр" not in chat.last_text()
    assert await leads_stored(app) == []
    assert await planned(app) == before
    # the other family's settings are theirs alone
    await open_reminders(other)
    assert "Пётр — вечером накануне и за 2 часа" in other.last_text()
