"""No dead ends: a crawl presses every button it can reach — through the sign-up form, the
family's pages and the staff's screens — answering typed questions as a person would, and
after every press the newest message must offer buttons or ask for something to type."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from storage.db import Database
from storage.news import PostContent
from tests.helpers import schedule, start_as
from tests.helpers.crawl import crawl
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
        presses, _ = await crawl(app, admin)
        assert presses >= 1, command
    # the crawl went through a lesson's change to its end, not only the lists
    assert await app.db.fetchval("SELECT count(*) FROM lessons WHERE version > 0")
    # and through a closure's form to its end
    assert await app.db.fetchval("SELECT count(*) FROM closures")
    # and a question answered
    assert await app.db.fetchval("SELECT count(*) FROM questions WHERE status = 'answered'")


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
