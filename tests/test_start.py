"""Welcome, role, menu, settings, language, help, cancel — in Russian and English."""

from __future__ import annotations

import json

import pytest

from bot.commands import PUBLIC_COMMANDS, set_public_commands
from bot.i18n import Texts
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App


async def test_first_start_greets_by_name_and_asks_role_in_russian(app: App) -> None:
    chat = app.chat(first_name="Аня")
    await chat.send("/start")
    assert chat.last_text().startswith("👋 Привет, Аня! Это бот Кванториума")
    assert "кто вы?" in chat.last_text()
    assert chat.labels() == ["🧒 Я учусь", "👪 Я родитель"]


async def test_first_start_in_english(app: App) -> None:
    chat = app.chat(language_code="en", first_name="Anna")
    await chat.send("/start")
    assert chat.last_text().startswith("👋 Hi, Anna! This is the Kvantorium bot")
    assert chat.labels() == ["🧒 I'm a pupil", "👪 I'm a parent"]


async def test_pupil_gets_menu_spoken_to_as_ty(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "pupil")
    assert "Выбирай, с чего начнём" in chat.last_text()
    assert chat.labels() == ["📚 Все квантумы", "🎯 Какой квантум мой?", "🗓 Расписание",
                             "📋 Мои заявки", "📰 Новости", "🎪 События", "❓ Задать вопрос",
                             "⚙️ Настройки"]
    # said once, on the menu, not in a pop-up too
    assert chat.last_text().startswith("Готово, запомнил!")
    assert "text" not in chat.answers()[-1].params
    # the role question was edited into the menu, not sent anew
    assert len(chat.messages()) == 1
    user = await app.repos.users.get(chat.user_id)
    assert user is not None and user.family_role == "pupil"


async def test_parent_gets_menu_spoken_to_as_vy(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "parent")
    assert "Выберите, с чего начать" in chat.last_text()


async def test_role_is_asked_once_then_welcome_back(app: App) -> None:
    chat = app.chat(first_name="Петя")
    await start_as(chat, "pupil")
    await chat.send("/start")
    assert chat.last_text().startswith("👋 С возвращением, Петя!")
    assert "📚 Все квантумы" in chat.labels()
    assert "🧒 Я учусь" not in chat.labels()


async def test_role_can_be_changed_in_settings(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "pupil")
    await chat.press("⚙️ Настройки")
    assert "Язык: 🇷🇺 Русский" in chat.last_text()
    assert "Ты учишься в технопарке" in chat.last_text()
    await chat.press("👤 Учусь или родитель")
    await chat.press("👪 Я родитель")
    await chat.press("⚙️ Настройки")
    assert "Вы — родитель" in chat.last_text()


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("ru", "ru"), ("uk", "ru"), ("be", "ru"), ("kk", "ru"), ("en", "en"), ("de", "en"),
     ("pt-br", "en"), (None, "ru")],
)
async def test_language_from_telegram_on_first_contact(
    app: App, language_code: str | None, expected: str
) -> None:
    chat = app.chat(language_code=language_code)
    await chat.send("/start")
    user = await app.repos.users.get(chat.user_id)
    assert user is not None and user.language == expected


async def test_language_command_switches_everything_to_english(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/language")
    assert chat.labels() == ["🇷🇺 Русский", "🇬🇧 English"]
    await chat.press("🇬🇧 English")
    assert chat.last_text().startswith("English it is.")
    assert "Where would you like to start?" in chat.last_text()
    await chat.send("/help")
    assert chat.last_text().startswith("ℹ️ What I can do")
    await chat.send("/language")
    await chat.press("🇷🇺 Русский")
    assert "Выберите, с чего начать" in chat.last_text()


async def test_help_lists_commands_with_a_way_home(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/help")
    for command in ("/menu", "/quanta", "/quiz", "/language", "/cancel"):
        assert command in chat.last_text()
    assert chat.labels() == ["🏠 Меню"]


async def test_cancel_with_nothing_to_cancel(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/cancel")
    assert chat.last_text().startswith("Сейчас нечего отменять.")
    assert "📚 Все квантумы" in chat.labels()


async def test_cancel_during_the_quiz_shows_the_menu(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, lang="en")
    await chat.send("/quiz")
    await chat.send("/cancel")
    # the quiz keeps nothing until its last answer: nothing to cancel, and its buttons, which
    # carry its answers, still go on
    assert chat.last_text().startswith("There's nothing to cancel right now.")
    quiz_message = chat.messages()[-2]["message_id"]
    await chat.press("🔧 Build something", message_id=quiz_message)
    assert "Question 2 of 6" in str(chat.emulator.messages[(chat.user_id, quiz_message)]["text"])


async def test_admin_is_not_asked_for_a_role(app: App) -> None:
    chat = app.chat(user_id=ADMIN_ID)
    await chat.send("/start")
    assert "📚 Все квантумы" in chat.labels()
    await chat.press("⚙️ Настройки")
    assert "Вы — администратор" in chat.last_text()
    # an admin may be a parent here too: it is theirs to say
    assert "Кто вы в семье, пока не указано" in chat.last_text()
    assert "👤 Учусь или родитель" in chat.labels()


async def test_each_person_gets_the_menu_of_their_own_roles(app: App) -> None:
    """Menus are rendered once per language, voice and roles: people of different roles in
    turn each get their own, and a role changed changes the menu at once."""
    pupil, parent, teacher, admin = (app.chat(user_id=n) for n in (3001, 3002, 3003, ADMIN_ID))
    await start_as(pupil, "pupil")
    await start_as(parent, "parent")
    await start_as(teacher, "parent")
    await app.repos.users.set_staff_role(3003, "staff")
    for chat in (pupil, parent, teacher, admin, pupil):
        await chat.send("/menu")
    assert "📋 Мои заявки" in pupil.labels() and "👪 Мои дети" not in pupil.labels()
    assert "👪 Мои дети" in parent.labels() and "🧑‍🏫 Для сотрудников" not in parent.labels()
    assert teacher.labels()[-1] == "🧑‍🏫 Для сотрудников"
    assert "👥 Сотрудники" in admin.labels() and "👪 Мои дети" not in admin.labels()
    assert "Выбирай, с чего начнём" in pupil.last_text()
    assert "Выберите, с чего начать" in parent.last_text()
    await parent.press("⚙️ Настройки")
    await parent.press("👤 Учусь или родитель")
    await parent.press("🧒 Я учусь")
    assert "📋 Мои заявки" in parent.labels() and "Выбирай" in parent.last_text()


async def test_forged_role_changes_nothing(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "pupil")
    await chat.press_data("r:admin")
    user = await app.repos.users.get(chat.user_id)
    assert user is not None and user.family_role == "pupil"
    assert "Выбирай, с чего начнём" in chat.last_text()


async def test_menu_command_from_anywhere(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    await chat.send("/menu")
    assert chat.last_text().startswith("🏠 Меню")


async def test_commands_menu_is_set_for_both_languages(app: App, texts: Texts) -> None:
    await set_public_commands(app.bot, texts, "ru")
    by_language = {lang: cmds for (_scope, lang), cmds in app.emulator.commands.items()}
    assert set(by_language) == {"", "ru", "en"}
    assert [c["command"] for c in by_language["en"]] == list(PUBLIC_COMMANDS)
    descriptions = {c["command"]: c["description"] for c in by_language["ru"]}
    assert descriptions["quiz"] == "Тест «Какой квантум мой?»"
    assert {c["command"]: c["description"] for c in by_language["en"]}["quiz"] == (
        "Which quantum is mine?"
    )
    assert json.loads(next(iter(app.emulator.commands))[0]) == {"type": "default"}
