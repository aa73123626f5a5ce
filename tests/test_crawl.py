"""No dead ends: a crawl presses every button it can reach — through the sign-up form, the
family's pages and the staff's screens — answering typed questions as a person would, and
after every press the newest message must offer buttons or ask for something to type."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.services.event_booking_rules import ChildIn, Request
from bot.settings import Settings
from bot.ui.callbacks import LessonOpen
from bot.ui.callbacks_events import EventManage
from storage.db import Database
from storage.news import PostContent
from tests.helpers import events, schedule, start_as
from tests.helpers.crawl import crawl, state_of
from tests.helpers.harness import ADMIN_ID, App, make_app
from tests.helpers.lessons import load_timetable
from tests.helpers.signup import born, load_groups, open_form, sign_up

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py

# what a person types at each question that is answered by typing, in turn (a five-year-old
# first: no group fits, and the way out of that must lead somewhere)


@pytest.fixture
def app(db: Database, settings: Settings, catalogue: Catalogue, texts: Texts) -> App:
    """A crawl presses far faster than a person: no flood control here."""
    return make_app(db, settings.model_copy(update={"user_updates_per_minute": 0}), catalogue,
                    texts)


@pytest.mark.parametrize(("user_id", "lang"), [(1001, "ru"), (1002, "en")])
async def test_a_new_user_meets_no_dead_end(app: App, user_id: int, lang: str) -> None:
    await load_groups(app)
    chat = app.chat(user_id=user_id, language_code=lang)
    await chat.send("/start")
    presses, answered = await crawl(app, chat)
    assert presses >= 60
    # the crawl went through the sign-up form, not only the catalogue
    assert {"Signup:name", "Signup:birth"} <= answered


async def test_a_family_with_an_application_meets_no_dead_end(app: App) -> None:
    await load_groups(app)
    chat = app.chat(user_id=1003)
    await sign_up(chat)
    await chat.send("/children")
    presses, _ = await crawl(app, chat)
    assert presses >= 5


async def test_a_family_with_lessons_meets_no_dead_end(app: App) -> None:
    """The schedule's weeks, next lessons, calendar files and the group timetables."""
    with time_machine.travel(schedule.NOW, tick=False):
        ids = await schedule.load_timetable(app)
        chat = app.chat(user_id=1005)
        await start_as(chat, "parent")
        await schedule.enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария")
        await schedule.enrol(app, chat.user_id, ids["it-a1"], "Иванов Пётр", 14,
                                     confirm=False)
        await chat.send("/schedule")
        presses, _ = await crawl(app, chat)
    assert presses >= 20
    # a calendar file was sent (the crawl goes on to cancel the applications, after which
    # the other children's calendar buttons are out of date)
    assert any(call.params.get("document_name") == "kvantorium-mariya.ics"
               for call in app.emulator.calls if call.method == "sendDocument")


async def test_reminder_settings_meet_no_dead_end(app: App) -> None:
    """«⚙️ Настройки → 🔔 Напоминания» of a family of two: each child's lead times, quiet
    hours, all off and on again."""
    with time_machine.travel(schedule.NOW, tick=False):
        ids = await schedule.load_timetable(app)
        chat = app.chat(user_id=1006)
        await start_as(chat, "parent")
        await schedule.enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария")
        await schedule.enrol(app, chat.user_id, ids["robo-a2"], "Иванов Пётр", 12)
        await chat.send("/menu")
        await chat.press("⚙️ Настройки")
        await chat.press("🔔 Напоминания")
        presses, _ = await crawl(app, chat)
    assert presses >= 15
    # every lead of both children was ticked or unticked, and the switches were pressed
    assert await app.db.fetchval("SELECT count(*) FROM reminder_leads") == 2
    assert await app.db.fetchval("SELECT count(*) FROM reminder_settings") == 1


async def test_the_news_meets_no_dead_end(app: App) -> None:
    """The feed's pages, its quantum filter, the partners, posts in full (a photo among them),
    the news toggles and the subscriptions in the settings."""
    partner = await app.services.news.add_partner("Ростех", "Станки и роботы для заводов")
    start = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
    for n in range(12):
        with time_machine.travel(start + timedelta(hours=n), tick=False):
            await app.services.news.create(PostContent(
                title=f"Проект {n}", body=f"Ребята сделали <b>проект {n}</b>.",
                photo="AgACAgIAAxkBAAIBphoto" if n % 5 == 0 else None,
                quantum_code=("robo", "it", None)[n % 3],
                partner_id=partner.id if n % 4 == 0 else None,
            ), by=ADMIN_ID, today=start.date())
    chat = app.chat(user_id=1007)
    await start_as(chat, "parent")
    await chat.send("/news")
    presses, _ = await crawl(app, chat, limit=150)
    assert presses >= 40
    # the toggles were pressed, each way
    assert await app.db.fetchval("SELECT count(*) FROM subscriptions")
    assert any(call.method == "sendPhoto" for call in app.emulator.calls)
    await chat.send("/menu")  # the crawl may have switched the language: pressed by data
    await chat.press_data("n:settings", message_id=chat.last()["message_id"])
    await chat.press_data("n:subscriptions", message_id=chat.last()["message_id"])
    presses, _ = await crawl(app, chat, limit=30)
    assert presses >= 5


async def test_staff_meet_no_dead_end(app: App) -> None:
    await load_groups(app)
    await sign_up(app.chat(user_id=1004), name="Петров Пётр")
    await load_timetable(app)
    # a published post and a scheduled one, a partner, and a question to answer
    partner = await app.services.news.add_partner("Ростех", "Станки и роботы для заводов")
    await app.services.news.create(PostContent(title="Итоги хакатона", body="Первое место",
                                               quantum_code="robo", partner_id=partner.id),
                                   by=ADMIN_ID, today=date.today())
    await app.services.news.create(PostContent(title="Скоро", body="Анонс"), by=ADMIN_ID,
                                   publish_at=datetime.now(UTC) + timedelta(days=2),
                                   today=date.today())
    asker = app.chat(user_id=1008)
    await start_as(asker, "parent")
    await asker.send("/ask")
    await asker.send("Во сколько занятия?")
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    for command in ("/applications", "/staff", "/broadcast", "/broadcasts", "/lessons",
                    "/week", "/closures", "/post", "/questions"):
        await admin.send(command)
        # what a group's screen leads to (the register, a lesson's note, the attendance, a
        # message to the group, its teacher) has its own crawl, run beside this one
        presses, _ = await crawl(app, admin, skip=("ga:",) if command == "/lessons" else ())
        assert presses >= 1, command
    # the crawl went through a lesson's change to its end, not only the lists
    assert await app.db.fetchval("SELECT count(*) FROM lessons WHERE version > 0")
    # and through a closure's form to its end
    assert await app.db.fetchval("SELECT count(*) FROM closures")
    # and a question answered
    assert await app.db.fetchval("SELECT count(*) FROM questions WHERE status = 'answered'")


async def test_closures_and_who_was_not_reached_meet_no_dead_end(app: App) -> None:
    """A closure's screen, ✏️ with its typed steps (the English reason among them), 🗑 asked
    and kept or done, and «📭 Кому не доставлено» of a lesson change, a closure and a
    broadcast that missed a family."""
    with time_machine.travel(schedule.NOW, tick=True):
        ids = await schedule.load_timetable(app)
        for user_id, group, name in ((1011, "robo-a1", "Иванова Мария"),
                                     (1012, "it-a1", "Иванов Пётр")):
            await start_as(app.chat(user_id=user_id), "parent")
            await schedule.enrol(app, user_id, ids[group], name, 14)
        await app.deliver()
        app.emulator.block(1012)
        lesson = await app.db.fetchval(
            "SELECT id FROM lessons WHERE group_id = ? AND starts_at > ? ORDER BY starts_at",
            (ids["it-a1"], schedule.NOW.astimezone(UTC).isoformat()))
        await app.services.lesson_changes.change(lesson, 0, "cancel", by=ADMIN_ID,
                                                 reason="Педагог заболел")
        await app.services.timetable.add_many([{
            "starts_on": date(2026, 12, 7), "ends_on": date(2026, 12, 13),
            "reason": "Ремонт", "reason_en": "Repairs", "quanta": []}])
        admin = app.chat(user_id=ADMIN_ID)
        await admin.send("/start")
        await admin.send("/broadcast")
        await admin.send("Завтра занятий нет")
        await admin.press("👁 Предпросмотр")
        await admin.press(next(b for b in admin.labels() if b.startswith("✅ Отправить")))
        await app.deliver()
        # the lesson's report, not its changes (the staff's crawl presses those)
        await admin.press_data(LessonOpen(id=lesson).pack())
        presses, answered = await crawl(app, admin, skip=("n:home", "la:", "ll:", "lg:"))
        assert presses >= 2
        # 🗑 asked and kept; then ✏️ and each of its steps, typed, short of saving
        await admin.send("/closures")
        await admin.press("📅 7–13 декабря")
        await admin.press("🗑 Удалить")
        await admin.press("↩️ Не удалять")
        assert admin.last_text().startswith("📅 Закрытие: 7–13 декабря 2026")
        await admin.press("✏️ Изменить")
        outside = ("n:home", "ws:")  # the menu and the week have crawls of their own
        # (not the list it ends on: the crawl from /closures below)
        presses, typed = await crawl(app, admin, skip=(*outside, "cl:confirm", "co:", "ct:",
                                                       "cp:", "cl:add"))
        answered |= typed
        # then everything, saving and removing too; and a broadcast's report
        # (a broadcast's stale buttons answer with the menu: a short crawl there)
        for command, limit in (("/closures", 500), ("/broadcasts", 60)):
            await admin.send(command)
            presses, typed = await crawl(app, admin, limit, skip=outside)
            assert presses >= 3, command
            answered |= typed
    assert {"ClosureForm:dates", "ClosureForm:reason", "ClosureForm:reason_en"} <= answered
    # every screen shown on the way (most were edited into the next)
    shown = re.sub("<[^>]+>", "", "\n".join(
        str(call.params.get("text")) for call in app.emulator.calls
        if call.method in ("sendMessage", "editMessageText")))
    for subject in ("изменение занятия", "закрытие", "рассылка №1"):
        assert f"📭 Кому не доставлено · {subject}\n" in shown, subject
    # the closure was changed, asked to be removed, kept, and removed
    for seen in ("✅ Закрытие изменено", "🗑 Удалить закрытие", "🗑 Закрытие удалено"):
        assert seen in shown, seen


async def test_another_group_after_an_age_misfit_leads_back_to_the_groups(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await chat.send("Иванова Мария")
    await chat.send(born(5))
    assert chat.labels() == ["↩️ Другая группа"]
    await chat.press("↩️ Другая группа")
    assert chat.last_text().startswith("Робототехника: первые шаги")
    assert "2" in chat.labels()
    await chat.press("2")
    # the answers so far are kept: the other group does not fit a five-year-old either
    assert chat.last_text().startswith("Эта группа для 7–17 лет")
    # the date can be typed again right there, and the form goes on
    await chat.send(born(10))
    assert chat.last_text().startswith("В какой школе учится ребёнок?")
    await chat.send("Школа № 5")
    await chat.press("4")
    await chat.send("+7 912 345-67-89")
    await chat.press("✅ Даю согласие, с фото")
    assert "Иванова Мария" in chat.last_text() and "Ср/Пт 16:00" in chat.last_text()


async def test_a_teachers_groups_meet_no_dead_end(app: App) -> None:
    """«🧑‍🏫 Мои группы» → a group's screen and everything under it (the teacher's choice,
    a message to the group with its preview), as its teacher who is an admin and as one who
    is not; the lessons' own screens have their crawl."""
    with time_machine.travel(schedule.NOW, tick=True):
        groups = await load_timetable(app)
        await sign_up(app.chat(user_id=1001), name="Иванова Мария", age=10)
        async with app.db.transaction() as conn:
            # in the group since the term began: last Thursday's register has her
            await conn.execute("UPDATE enrolments SET status = 'confirmed', group_id = ?,"
                               " created_at = '2026-11-02T06:00:00+00:00'",
                               (groups["robo-l1"],))
            await conn.execute("UPDATE groups SET teacher_id = ? WHERE code = 'robo-l1'",
                               (ADMIN_ID,))
            await conn.execute("UPDATE groups SET teacher_id = 2001 WHERE code = 'it-l1'")
        admin = app.chat(user_id=ADMIN_ID)
        await admin.send("/start")
        teacher = app.chat(user_id=2001, first_name="Ольга")
        await teacher.send("/start")
        await app.repos.users.set_staff_role(2001, "staff")
        # (the menu, the broadcasts' list a message's report leads to and the lessons' own
        # screens: crawled elsewhere)
        outside = ("n:", "lg:", "la:", "lo:")
        for chat in (admin, teacher):
            await chat.send("/mygroups")
            presses, _ = await crawl(app, chat, 150, skip=outside)
            assert presses >= 5
    shown = "\n".join(str(call.params.get("text")) for call in app.emulator.calls
                      if call.method in ("sendMessage", "editMessageText"))
    for seen in ("Выберите педагога группы", "Сообщение группе", "Так сообщение увидят",
                 "Отметка: Робототехника", "Отметка сохранена", "Что было на занятии",
                 "Журнал посещаемости"):
        assert seen in shown, seen


def shown_texts(app: App) -> str:
    """Every screen shown so far, without its markup."""
    return re.sub("<[^>]+>", "", "\n".join(
        str(call.params.get("text") or call.params.get("caption")) for call in app.emulator.calls
        if call.method in ("sendMessage", "editMessageText", "sendPhoto")))


async def seed_events(app: App) -> tuple[int, int]:
    """A master class with seats, and one whose only seat is taken (the next family waits)."""
    open_one = await events.add_event(app, "robo-mk", seats=10, companions=2)
    full = await events.add_event(app, "full", seats=1,
                                  start=events.local(date(2026, 12, 6), 12))
    family_id, (child,) = await events.add_family(app, 1030, [("Петров Миша", 9)])
    booked = await app.services.event_booking.register(Request(
        full, 1030, family_id, (ChildIn("Петров Миша", events.born(9), child),),
        phone="+79990000000"))
    assert booked.seated == ("Петров Миша",)
    return open_one, full


async def test_a_family_meets_no_dead_end_in_events(app: App) -> None:
    """The events' list, the cards, a registration (a known child and a new one typed, the
    adults, the phone, the consent), the ticket, «🎟 Мой билет» and «🙅 Не придём», and the
    waitlist of a full event."""
    with time_machine.travel(events.NOW, tick=False):
        await seed_events(app)
        await events.add_family(app, 1031, [("Иванова Маша", 10)])
        chat = app.chat(user_id=1031)
        await chat.send("/events")
        presses, answered = await crawl(app, chat, skip=("n:",), chain=True)
        await app.deliver()  # the tickets, from the outbox
        await chat.send("/events")
        more, _ = await crawl(app, chat, skip=("n:",), chain=True)
    assert presses + more >= 20
    assert {"EventSignup:name", "EventSignup:birth", "EventSignup:phone"} <= answered
    shown = shown_texts(app)
    for seen in ("✅ Записали!", "🎟 Билет: Мастер-класс: роботы", "В листе ожидания",
                 "Запись отменена"):
        assert seen in shown, seen


async def test_staff_meet_no_dead_end_in_events(app: App) -> None:
    """«🛠 Управление», an event's staff screen and its buttons, «➕ Новое событие» and its
    form to the end, and /checkin's screen with a ticket's code."""
    with time_machine.travel(events.NOW, tick=False):
        _, full = await seed_events(app)
        code = await app.db.fetchval(
            "SELECT code FROM event_registrations WHERE event_id = ?", (full,))
        admin = app.chat(user_id=ADMIN_ID)
        await admin.send("/start")
        # the door first: the crawl of the events' screens below cancels them
        await admin.send("/checkin")  # the code asked, typed wrong, then right
        for typed in ("ZZZZZZ", str(code)):
            assert await state_of(app, admin) == "DoorForm:code"
            await admin.send(typed)
        assert "✅ Отметить приход" in admin.labels()
        await crawl(app, admin, skip=("n:",), chain=True)
        await admin.send("/cancel")  # «🎟 Следующий билет» leaves the code asked
        await admin.send(f"/checkin {code}")  # again: already in
        await crawl(app, admin, skip=("n:",), chain=True)
        await admin.send("/cancel")
        await admin.send("/events")
        presses, answered = await crawl(app, admin, skip=("n:",), chain=True)
        assert presses >= 20
    assert {"EventEdit:title_ru", "EventEdit:starts", "EventEdit:place"} <= answered
    shown = shown_texts(app)
    for seen in ("Мастер-класс: роботы\n🛠 Мастер-класс", "1. Петров Миша — 9 лет · место",
                 "Событие создано.", "📣 Сообщение участникам", "❌ Событие отменено.",
                 "✅ Приход отмечен в 09:00"):
        assert seen in shown, seen
    assert await app.db.fetchval("SELECT count(*) FROM events") == 3
    assert await app.db.fetchval(
        "SELECT count(*) FROM event_registrations WHERE checked_in_at IS NOT NULL") == 1


async def test_a_text_typed_at_a_new_events_preview_is_answered(app: App) -> None:
    with time_machine.travel(events.NOW, tick=False):
        event = await events.add_event(app)
        admin = app.chat(user_id=ADMIN_ID)
        await admin.send("/start")
        await admin.press_data(EventManage(event=event).pack())
        await admin.press("✏️ Изменить")
        preview = admin.labels()
        await admin.send("/checkin")
        assert admin.texts()[-2] == "Здесь ответ кнопкой."
        assert admin.labels() == preview  # the same preview again, nothing lost
