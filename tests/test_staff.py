"""Staff roles: admins grant and revoke; every staff action checks the role when it runs."""

from __future__ import annotations

import pytest

from tests.helpers import said_once, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.staff import admin_chat, chat_commands, known_user

STAFF_COMMAND_NAMES = ["start", "menu", "quanta", "quiz", "schedule", "news", "events", "ask",
                       "children", "language", "help", "cancel", "mydata", "forget", "mygroups",
                       "attendance", "checkin", "pastevents", "applications", "questions",
                       "lessons", "week", "closures", "export", "post", "broadcast", "broadcasts",
                       "find", "unanswered"]


async def test_admin_menu_offers_staff_tools(app: App) -> None:
    admin = await admin_chat(app)
    assert admin.labels() == ["📚 Все квантумы", "🎯 Какой квантум мой?", "📰 Новости",
                              "🎪 События", "❓ Задать вопрос", "⚙️ Настройки", "🧑‍🏫 Мои группы",
                              "📣 Рассылка", "📜 Рассылки",
                              "📥 Заявки", "🗓 Занятия", "📝 Посты", "❓ Вопросы",
                              "🔎 Найти", "👥 Сотрудники"]


async def test_grant_by_username_then_revoke(app: App) -> None:
    olga = await known_user(app)
    admin = await admin_chat(app)
    await admin.send("/staff")
    assert "Пока никого, кроме администраторов." in admin.last_text()
    assert "• Админ (9001) — администратор" in admin.last_text()
    await admin.press("➕ Добавить")
    assert admin.last_text().startswith("Кого добавить?")
    await admin.send("@Olga_Teacher")
    assert admin.last_text().startswith("Готово: Ольга (@olga_teacher) теперь сотрудник.")
    assert "• Ольга (@olga_teacher) — сотрудник" in admin.last_text()
    assert "✖️ Ольга" in admin.labels()

    await app.deliver()
    assert olga.last_text().startswith("🎓 Вам выдали роль сотрудника технопарка.")
    assert "ваши группы и отметка посещаемости (/mygroups)" in olga.last_text()
    assert chat_commands(app, olga.user_id) == STAFF_COMMAND_NAMES
    # a parent made staff stays a parent: the family's screens, and the work one tap away
    await olga.send("/menu")
    assert "👪 Мои дети" in olga.labels() and "🧑‍🏫 Для сотрудников" in olga.labels()
    assert "Выберите, с чего начать" in olga.last_text()
    await olga.press("🧑‍🏫 Для сотрудников")
    assert "📣 Рассылка" in olga.labels() and "👥 Сотрудники" not in olga.labels()
    menu_with_staff_buttons = olga.last()["message_id"]

    # ✖️ asks first; «Нет, оставить» changes nothing
    await admin.press("✖️ Ольга")
    assert admin.last_text().startswith("✖️ Снять роль сотрудника?\nОльга (@olga_teacher) получит")
    assert admin.labels() == ["✖️ Да, снять роль", "⬅️ Нет, оставить"]
    await admin.press("⬅️ Нет, оставить")
    assert "• Ольга (@olga_teacher) — сотрудник" in admin.last_text()
    kept = await app.repos.users.get(olga.user_id)
    assert kept is not None and kept.staff_role == "staff"
    await admin.press("✖️ Ольга")
    await admin.press("✖️ Да, снять роль")
    assert admin.last_text().startswith("Роль снята: Ольга (@olga_teacher).")
    assert "text" not in admin.answers()[-1].params  # the list says it: no toast repeating it
    assert "Пока никого, кроме администраторов." in admin.last_text()
    await app.deliver()
    assert olga.last_text() == "Роль сотрудника технопарка снята. Меню команд обновлено."
    assert chat_commands(app, olga.user_id) is None
    # the old button no longer works, and the command is unknown again
    await olga.press("📣 Рассылка", message_id=menu_with_staff_buttons)
    assert said_once(olga).startswith("Эта кнопка устарела — вот актуальное меню.")
    await olga.send("/broadcast")
    assert olga.last_text().startswith("Такой команды я не знаю.")
    # and she is still a parent, spoken to as one, never asked «кто вы?» again
    await olga.send("/menu")
    assert "👪 Мои дети" in olga.labels() and "🧑‍🏫 Для сотрудников" not in olga.labels()
    assert "кто вы?" not in olga.last_text()
    user = await app.repos.users.get(olga.user_id)
    assert user is not None and (user.family_role, user.staff_role) == ("parent", None)


async def test_grant_by_forwarded_message_and_by_id(app: App) -> None:
    await known_user(app, 2002, username=None, name="Пётр")
    await known_user(app, 2003, username=None, name="Вера Константиновна Иванова")
    admin = await admin_chat(app)
    await admin.send("/staff")
    await admin.press("➕ Добавить")
    origin = {"id": 2002, "is_bot": False, "first_name": "Пётр"}
    await admin.forward("Здравствуйте!", origin=origin)
    assert admin.last_text().startswith("Готово: Пётр (2002) теперь сотрудник.")
    await admin.press("➕ Добавить")
    await admin.send("2003")
    assert admin.last_text().startswith(
        "Готово: Вера Константиновна Иванова (2003) теперь сотрудник.")
    # a long name on its «✖️» button is cut after a whole word
    assert "✖️ Вера Константиновна…" in admin.labels()
    user = await app.repos.users.get(2003)
    assert user is not None and user.staff_role == "staff"


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("@nobody_here", "Не нашёл «@nobody_here» среди тех, кто запускал бота."),
        ("777", "Не нашёл «777» среди тех, кто запускал бота."),
        ("hidden", "Этот человек скрыл свой аккаунт в пересылках."),
        ("admin", "Админ (9001) — администратор (из ADMIN_IDS), роль не меняется."),
        ("x" * 5000, "Не нашёл «" + "x" * 40 + "» среди тех, кто запускал бота."),
    ],
)
async def test_adding_someone_who_cannot_be_added(app: App, action: str, expected: str) -> None:
    admin = await admin_chat(app)
    await admin.send("/staff")
    await admin.press("➕ Добавить")
    if action == "hidden":
        await admin.forward("привет", hidden_name="Аноним")
    elif action == "admin":
        await admin.send(str(ADMIN_ID))
    else:
        await admin.send(action)
    assert admin.last_text().startswith(expected)
    # still waiting for a person: a correct answer now works
    await known_user(app, 2004, username="anna_k")
    await admin.send("@anna_k")
    assert admin.last_text().startswith("Готово:")


async def test_grant_in_english(app: App) -> None:
    await known_user(app, 2005, username="tom_en", lang="en", name="Tom")
    admin = await admin_chat(app, lang="en")
    await admin.send("/staff")
    await admin.press("➕ Add")
    await admin.send("@tom_en")
    assert admin.last_text().startswith("Done: Tom (@tom_en) is now staff.")
    await admin.press("➕ Add")
    await known_user(app, 2006, username="mary_ann", lang="en", name="Mary Ann Elizabeth Smith")
    await admin.send("@mary_ann")
    assert "✖️ Mary Ann Elizabeth…" in admin.labels()
    await app.deliver()
    tom = app.chats[2005]
    assert tom.last_text().startswith("🎓 You've been given the tech park staff role.")


@pytest.mark.parametrize("command", ["/staff", "/broadcast", "/broadcasts"])
async def test_pupils_and_parents_get_unknown_command(app: App, command: str) -> None:
    for role, user_id in (("pupil", 3001), ("parent", 3002)):
        chat = app.chat(user_id=user_id)
        await start_as(chat, role)
        await chat.send(command)
        assert chat.last_text().startswith("Такой команды я не знаю. Вот что есть:")
        assert "📣 Рассылка" not in chat.labels()


async def test_staff_who_is_not_admin_cannot_manage_staff(app: App) -> None:
    olga = await known_user(app)
    await app.repos.users.set_staff_role(olga.user_id, "staff")
    await olga.send("/staff")
    assert olga.last_text().startswith("Такой команды я не знаю.")
    await olga.press_data("sr:2001")
    assert said_once(olga).startswith("Эта кнопка устарела — вот актуальное меню.")
    user = await app.repos.users.get(olga.user_id)
    assert user is not None and user.staff_role == "staff"


@pytest.mark.parametrize("data", ["sr:2001", "n:staff", "n:staff-add", "bs:send", "bx:1",
                                  "ba:r:pupil", "bt:robo:0", "n:broadcast"])
async def test_forged_staff_callbacks_from_a_pupil(app: App, data: str) -> None:
    olga = await known_user(app)
    await app.repos.users.set_staff_role(olga.user_id, "staff")
    pupil = app.chat(user_id=3003)
    await start_as(pupil, "pupil")
    await pupil.press_data(data)
    assert said_once(pupil).startswith("Эта кнопка устарела — вот актуальное меню.")
    assert pupil.calls("sendMessage")[-1].params["text"].startswith("Эта кнопка устарела")
    user = await app.repos.users.get(olga.user_id)
    assert user is not None and user.staff_role == "staff"
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 0


async def test_removing_someone_already_removed(app: App) -> None:
    await known_user(app)
    admin = await admin_chat(app)
    await admin.send("/staff")
    await admin.press("➕ Добавить")
    await admin.send("@olga_teacher")
    list_message = admin.last()["message_id"]
    await app.repos.users.set_staff_role(2001, None)
    await admin.press("✖️ Ольга", message_id=list_message)
    assert admin.last_text().startswith("Ольга (@olga_teacher) уже не сотрудник.")
    assert "text" not in admin.answers()[-1].params


async def test_help_shows_staff_commands_only_to_staff(app: App) -> None:
    admin = await admin_chat(app)
    await admin.send("/help")
    assert "Для сотрудников" in admin.last_text()
    assert "/staff — сотрудники: выдать и снять роль" in admin.last_text()
    pupil = app.chat(user_id=3101)
    await start_as(pupil, "pupil")
    await pupil.send("/help")
    assert "/broadcast" not in pupil.last_text()
    assert "/children — мои заявки" in pupil.last_text()
