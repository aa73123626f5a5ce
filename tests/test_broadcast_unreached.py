"""A broadcast's report counts and «📭 Кому не доставлено» lists the families of its audience
it could not reach at all — their parents had blocked the bot before it, no one of them has
started the bot, or the message failed — with the parents' phones, as a lesson change's does;
an audience of one language or one quantum has only its own families."""

from __future__ import annotations

from bot.local.chat import LocalChat
from bot.local.limits import ApiError
from storage.clock import to_db, utcnow
from tests.helpers import start_as
from tests.helpers.broadcast import compose, people
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import born, fill, load_groups, sign_up

VERA, OLEG, ZINA, JOHN, KATE = 4005, 4006, 4007, 4008, 4009
PARENTS_RU = "Родители"
UNREACHED_RU = "Не дошло до 1 семьи: заблокировали бота или не запускали его."
UNREACHED_EN = "Did not reach 1 family: they blocked the bot or never started it."


def report_of(admin: LocalChat, number: int = 1) -> tuple[int, str]:
    """Broadcast `number`'s progress message, which became its report: its id and text."""
    heads = (f"✅ Рассылка №{number} ", f"✅ Broadcast #{number} ")
    found = [(m["message_id"], m["text"]) for m in admin.messages()
             if m.get("text", "").startswith(heads)]
    assert len(found) == 1, found
    return found[0]


def shown(admin: LocalChat, message_id: int) -> str:
    return str(next(m["text"] for m in admin.messages() if m["message_id"] == message_id))


async def blocked_before(app: App, user_id: int) -> None:
    """They blocked the bot, and it found out (a message to them failed) before the broadcast."""
    app.emulator.block(user_id)
    await app.repos.users.set_blocked(user_id, True)


async def sign_up_it(chat: LocalChat, name: str, phone: str) -> None:
    """A parent's sign-up of a 14-year-old to Программирование на Python (Айтиквантум)."""
    await start_as(chat, "parent")
    await chat.send("/start q_it")
    await chat.press("✍️ Записаться")
    await chat.press(1)
    await chat.press(1)
    await fill(chat, name=name, age=14, phone=phone)
    await chat.press("✅ Даю согласие, с фото")
    await chat.press("✅ Отправить заявку")


async def known_only_by_the_child(app: App, name: str, years: int, phone: str) -> None:
    """A family in Робоквантум (robo-a1, confirmed) no one of which has started the bot."""
    now = to_db(utcnow())
    day, month, year = born(years).split(".")
    group = await app.db.fetchval("SELECT id FROM groups WHERE code = 'robo-a1'")
    async with app.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO families (invite_code, phone, created_at) VALUES ('nobody', ?, ?)",
            (phone, now))
        family = cursor.lastrowid
        cursor = await conn.execute(
            "INSERT INTO children (family_id, name, birth_date, school, grade, created_at)"
            " VALUES (?, ?, ?, 'Школа № 1', 4, ?)", (family, name, f"{year}-{month}-{day}", now))
        await conn.execute(
            "INSERT INTO enrolments (child_id, group_id, status, queued_at, created_at,"
            " updated_at) VALUES (?, ?, 'confirmed', ?, ?, ?)",
            (cursor.lastrowid, group, now, now, now))


async def send_to(admin: LocalChat, text: str, *choices: str) -> None:
    """A broadcast of `text` to the audience the `choices` pick, sent."""
    await compose(admin, text)
    for choice in choices:
        await admin.press(choice)
    await admin.press("👁 Предпросмотр")
    await admin.press(next(label for label in admin.labels() if label.startswith("✅ Отправить")))


async def test_a_family_that_had_blocked_the_bot_is_counted_and_listed_with_the_phone(
    app: App,
) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await load_groups(app)
    vera = app.chat(user_id=VERA, first_name="Вера")
    await sign_up(vera, name="Соколова Ника", age=8)
    await sign_up(app.chat(user_id=OLEG, first_name="Олег"), name="Орлов Петя", age=12,
                  phone="+7 915 111-22-33")
    await app.deliver()
    await blocked_before(app, VERA)

    await compose(admin, "Завтра занятий нет")
    await admin.press(PARENTS_RU)
    assert "Получателей: 2" in admin.last_text()  # Ирина and Олег: Вера is not sent it
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (2)")
    progress = admin.last()
    assert progress["text"].startswith(
        "📣 Рассылка №1\nОтправлено: 0 из 2\nОсталось: 2\nЗаблокировали бота: 0\n"
        f"Не доставлено: 0\n{UNREACHED_RU}\n")
    await app.deliver()
    assert report_of(admin) == (progress["message_id"], (
        "✅ Рассылка №1 завершена.\n"
        f"Доставлено: 2 из 2. Заблокировали бота: 0. Не доставлено: 0.\n{UNREACHED_RU}"))
    assert admin.labels(progress["message_id"]) == [
        "📭 Кому не доставлено", "📜 Рассылки", "🏠 Меню"]
    await admin.press("📭 Кому не доставлено", message_id=progress["message_id"])
    assert shown(admin, progress["message_id"]) == (
        "📭 Кому не доставлено · рассылка №1\n"
        "Семьи: получили 1, не получили 1.\n"
        "Не из семей (квиз, сотрудники): получили 1, не получили 0.\n"
        "Сначала — семьи самых младших.\n\n"
        "1. Соколова Ника, 8 лет\n"
        "Родитель: Вера · +79123456789\n"
        "Заблокировали бота")
    await admin.send("/broadcasts")
    assert "✅ 2 из 2, заблокировали 0, не доставлено 0, не дошло до 1 семьи" \
        in admin.last_text()
    assert "📭 №1" in admin.labels()

    # Вера comes back: this broadcast still did not reach her family
    app.emulator.block(VERA, False)
    await vera.send("/menu")
    await admin.send("/broadcasts")
    assert "не дошло до 1 семьи" in admin.last_text()
    await admin.press("📭 №1")
    assert "1. Соколова Ника, 8 лет\nРодитель: Вера · +79123456789\nЗаблокировали бота" \
        in admin.last_text()
    # the family asks to be forgotten: nothing of it is left in the report, nor in its count
    await vera.send("/forget")
    await vera.press("🗑 Да, удалить всё")
    await admin.send("/broadcasts")
    assert "✅ 2 из 2, заблокировали 0, не доставлено 0\n" in admin.last_text() + "\n"
    assert "не дошло" not in admin.last_text() and "📭 №1" not in admin.labels()


async def test_families_no_one_of_which_started_the_bot_or_whose_message_failed(
    app: App,
) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await load_groups(app)
    await sign_up(app.chat(user_id=VERA, first_name="Вера"), name="Соколова Ника", age=8)
    await sign_up(app.chat(user_id=OLEG, first_name="Олег"), name="Орлов Петя", age=12,
                  phone="+7 915 111-22-33")
    await known_only_by_the_child(app, "Зайцева Аня", 10, "+79160000000")
    await app.deliver()
    app.emulator.failures.append(
        lambda method, params: ApiError(400, "Bad Request: chat not found")
        if method == "sendMessage" and int(params["chat_id"]) == OLEG else None)

    await send_to(admin, "Завтра занятий нет", PARENTS_RU)
    await app.deliver()
    progress, text = report_of(admin)
    assert text == ("✅ Рассылка №1 завершена.\n"
                    "Доставлено: 2 из 3. Заблокировали бота: 0. Не доставлено: 1.\n"
                    + UNREACHED_RU)
    await admin.press("📭 Кому не доставлено", message_id=progress)
    assert shown(admin, progress) == (
        "📭 Кому не доставлено · рассылка №1\n"
        "Семьи: получили 1, не получили 2.\n"
        "Не из семей (квиз, сотрудники): получили 1, не получили 0.\n"
        "Сначала — семьи самых младших.\n\n"
        "1. Зайцева Аня, 10 лет\n"
        "Родители: не знаем · +79160000000\n"
        "Никто из семьи не запускал бота\n"
        "2. Орлов Петя, 12 лет\n"
        "Родитель: Олег · +79151112233\n"
        "Сообщение не дошло")


async def test_the_report_in_english(app: App) -> None:
    await people(app)
    await load_groups(app)
    await sign_up(app.chat(user_id=VERA, first_name="Вера"), name="Соколова Ника", age=8)
    await known_only_by_the_child(app, "Зайцева Аня", 10, "+79160000000")
    await app.deliver()
    await blocked_before(app, VERA)
    admin = app.chat(user_id=ADMIN_ID, language_code="en")
    await admin.send("/language")
    await admin.press("🇬🇧 English")
    await admin.send("/broadcast")
    await admin.send("No lessons tomorrow")
    await admin.press("Parents")
    await admin.press("👁 Preview")
    await admin.press("✅ Send (1)")
    progress = admin.last()
    assert "Not delivered: 0\nDid not reach 2 families: they blocked the bot or never " \
        "started it.\n" in progress["text"]
    await app.deliver()
    assert report_of(admin) == (progress["message_id"], (
        "✅ Broadcast #1 finished.\nDelivered: 1 of 1. Blocked the bot: 0. Not delivered: 0.\n"
        "Did not reach 2 families: they blocked the bot or never started it."))
    assert admin.labels(progress["message_id"]) == ["📭 Not reached", "📜 Broadcasts", "🏠 Menu"]
    await admin.press("📭 Not reached", message_id=progress["message_id"])
    assert shown(admin, progress["message_id"]) == (
        "📭 Not reached · broadcast #1\n"
        "Families reached: 0, not reached: 2.\n"
        "People in no family (quiz, staff) reached: 1, not reached: 0.\n"
        "The youngest children's families first.\n\n"
        "1. Соколова Ника, 8\n"
        "Parent: Вера · +79123456789\n"
        "Blocked the bot\n"
        "2. Зайцева Аня, 10\n"
        "Parents: unknown · +79160000000\n"
        "Nobody in the family has started the bot")
    await admin.send("/broadcasts")
    assert "✅ 1 of 1, blocked 0, not delivered 0, did not reach 2 families" in admin.last_text()


async def test_an_audience_of_one_language_has_only_its_own_families(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await load_groups(app)
    await sign_up(app.chat(user_id=VERA, first_name="Вера"), name="Соколова Ника", age=8)
    john = app.chat(user_id=JOHN, first_name="John")
    await sign_up(john, name="Smith Ann", age=9, phone="+7 915 222-33-44")
    await john.send("/language")
    await john.press("🇬🇧 English")  # a parent who reads English
    await start_as(app.chat(user_id=KATE, language_code="en", first_name="Kate"), "parent", "en")
    await known_only_by_the_child(app, "Зайцева Аня", 10, "+79160000000")
    await app.deliver()
    await blocked_before(app, VERA)
    await blocked_before(app, JOHN)

    await send_to(admin, "Завтра занятий нет", PARENTS_RU, "RU")
    await app.deliver()
    progress, text = report_of(admin, 1)
    assert text.endswith(UNREACHED_RU)
    await admin.press("📭 Кому не доставлено", message_id=progress)
    listed = shown(admin, progress)
    assert "Семьи: получили 0, не получили 1." in listed
    assert listed.endswith("1. Соколова Ника, 8 лет\nРодитель: Вера · +79123456789\n"
                           "Заблокировали бота")

    await send_to(admin, "No lessons tomorrow", PARENTS_RU, "EN")
    await app.deliver()
    progress, text = report_of(admin, 2)
    assert text.endswith(UNREACHED_RU)
    await admin.press("📭 Кому не доставлено", message_id=progress)
    listed = shown(admin, progress)
    assert "Семьи: получили 0, не получили 1." in listed
    assert listed.endswith("1. Smith Ann, 9 лет\nРодитель: John · +79152223344\n"
                           "Заблокировали бота")


async def test_an_audience_of_one_quantum_has_only_its_own_families(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await load_groups(app)
    await sign_up(app.chat(user_id=VERA, first_name="Вера"), name="Соколова Ника", age=8)
    await sign_up(app.chat(user_id=ZINA, first_name="Зина"), name="Кротова Лиза", age=11,
                  phone="+7 915 333-44-55")
    await sign_up_it(app.chat(user_id=OLEG, first_name="Олег"), "Орлов Петя", "+7 915 111-22-33")
    await known_only_by_the_child(app, "Зайцева Аня", 10, "+79160000000")
    await app.deliver()
    await blocked_before(app, VERA)
    await blocked_before(app, OLEG)

    await send_to(admin, "Робоквантум завтра закрыт", "🎓 Записаны: —", "🤖 Робоквантум",
                  "✅ Готово")
    await app.deliver()
    progress, text = report_of(admin)
    assert text == ("✅ Рассылка №1 завершена.\n"
                    "Доставлено: 1 из 1. Заблокировали бота: 0. Не доставлено: 0.\n"
                    "Не дошло до 2 семей: заблокировали бота или не запускали его.")
    await admin.press("📭 Кому не доставлено", message_id=progress)
    listed = shown(admin, progress)
    assert "Семьи: получили 1, не получили 2." in listed
    assert listed.endswith(
        "1. Соколова Ника, 8 лет\nРодитель: Вера · +79123456789\nЗаблокировали бота\n"
        "2. Зайцева Аня, 10 лет\nРодители: не знаем · +79160000000\n"
        "Никто из семьи не запускал бота")
    assert "Орлов Петя" not in listed  # Айтиквантум's family
