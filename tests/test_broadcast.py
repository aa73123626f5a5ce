"""Broadcasts from the staff's side and the recipients' side."""

from __future__ import annotations

from typing import Any

from bot.local.chat import LocalChat
from bot.local.limits import ApiError
from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from tests.helpers import start_as, toast
from tests.helpers.broadcast import compose, people
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import fill, load_groups, sign_up, term

HEADER = (
    "programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;group_name;"
    "capacity;teacher;room;starts_on;ends_on\n"
)


async def add_programmes(app: App, *rows: str) -> None:
    """More programmes beside those of `load_groups`: "code;title;group;group name" each."""
    lines = []
    starts, ends = term()
    for row in rows:
        code, title, group, name = row.split(";")
        lines.append(f"{code};robo;advanced;{title};{title};7;17;open;{group};{name};12;"
                     f"Петров И. И.;Каб. 102;{starts};{ends}")
    result = parse_groups_csv((HEADER + "\n".join(lines) + "\n").encode(), {"robo"})
    assert not result.errors, result.errors
    await import_programmes(app.db, result.programmes, result.groups)


async def sign_up_for(chat: LocalChat, programme: int, name: str) -> None:
    """A parent's sign-up to the first group of the Робоквантум programme number `programme`."""
    await start_as(chat, "parent")
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.press(programme)
    await chat.press(1)
    await fill(chat, name=name)
    await chat.press("✅ Даю согласие, с фото")
    await chat.press("✅ Отправить заявку")


async def open_programmes(admin: LocalChat, quantum: str) -> None:
    """On the enrolled picker: the «Программы ›» button beside the quantum."""
    buttons = admin.buttons()
    index = [b.text for b in buttons].index(quantum)
    assert buttons[index + 1].text.startswith("Программы")
    await admin.press_data(str(buttons[index + 1].data), message_id=buttons[index].message_id)


def report_of(admin: LocalChat) -> tuple[int, str]:
    """The one message with a broadcast's numbers: its id and text (the admin may be among
    the recipients, so it need not be the last message)."""
    found = [(m["message_id"], m["text"]) for m in admin.messages()
             if "Доставлено:" in m.get("text", "") or "Delivered:" in m.get("text", "")
             or "Отправлено:" in m.get("text", "")]
    assert len(found) == 1, found
    return found[0]


async def test_broadcast_to_everyone(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Завтра <b>день открытых дверей</b> в 16:00! Q&A с инженерами.")
    assert admin.last_text().startswith("👥 Кому отправить?")
    assert "Получателей: 4" in admin.last_text()
    await admin.press("👁 Предпросмотр")
    preview, confirm = admin.messages()[-2:]
    assert preview["text"] == "Завтра день открытых дверей в 16:00! Q&A с инженерами."
    assert "<b>день открытых дверей</b>" in preview["html"]
    assert confirm["text"] == (
        "☝️ Так сообщение увидят получатели: 4.\nКому: все\nОтправить?"
    )
    await admin.press("✅ Отправить (4)")
    progress = admin.last()
    assert progress["text"].startswith("📣 Рассылка №1")
    assert "Отправлено: 0 из 4" in progress["text"]
    assert admin.labels() == ["⛔ Остановить"]

    await app.deliver()
    for key in ("pupil", "pupil_en", "parent"):
        received = [m for m in chats[key].messages() if "открытых дверей" in m.get("text", "")]
        assert len(received) == 1, key
    # the progress message became the report: no second message with the same numbers
    assert report_of(admin) == (
        progress["message_id"],
        "✅ Рассылка №1 завершена.\nДоставлено: 4 из 4. Заблокировали бота: 0. Не доставлено: 0.",
    )
    assert admin.labels(progress["message_id"]) == ["📜 Рассылки", "🏠 Меню"]
    await admin.send("/broadcasts")
    assert "№1 · " in admin.last_text() and " · все" in admin.last_text()
    assert "✅ 4 из 4, заблокировали 0, не доставлено 0" in admin.last_text()


async def test_the_report_comes_as_a_message_when_the_progress_message_is_gone(
    app: App,
) -> None:
    """The author deleted the progress message (or the edit failed): the report is not
    lost, it comes as a message of its own, once."""
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Завтра занятий нет")
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (4)")
    progress = admin.last()["message_id"]

    def gone(method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "editMessageText" and params.get("message_id") == progress:
            return ApiError(400, "Bad Request: message to edit not found")
        return None

    app.emulator.failures.append(gone)
    await app.deliver()
    await app.deliver()  # the report queued once the edit failed
    reports = [m for m in admin.messages() if "завершена" in m.get("text", "")]
    assert len(reports) == 1
    assert reports[0]["message_id"] != progress
    assert reports[0]["text"].startswith("✅ Рассылка №1 завершена.\nДоставлено: 4 из 4.")


async def test_audience_filters_compose(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Только для учеников")
    await admin.press("Ученики")
    assert "Кто: ученики" in admin.last_text() and "Получателей: 2" in admin.last_text()
    await admin.press("EN")
    assert "Язык: английский" in admin.last_text() and "Получателей: 1" in admin.last_text()
    assert "• EN" in admin.labels() and "• Ученики" in admin.labels()
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (1)")
    await app.deliver()
    assert chats["pupil_en"].last_text() == "Только для учеников"
    assert all("Только для учеников" not in chats[k].texts() for k in ("pupil", "parent"))


async def test_audience_by_quiz_result(app: App) -> None:
    chats = await people(app)
    # Миша's quiz points at Робоквантум: build things, robots
    misha = chats["pupil"]
    await misha.send("/quiz")
    for label in ["🔧 Что-то соберу", "🦅 Летать", "🏁 Гонки", "🛠 Мастер-паяльщик",
                  "🤖 Робота-помощника", "7–9"]:
        await misha.press(label)
    assert "Робоквантум" in misha.last_text()
    admin = chats["admin"]
    await compose(admin, "Соревнования по робототехнике")
    await admin.press("🎯 Квантумы: любые")
    await admin.press("Робоквантум")
    assert "✅ Робоквантум" in admin.labels()
    await admin.press("✅ Готово")
    assert "Квантумы по тесту: 🤖 Робоквантум" in admin.last_text()
    assert "Получателей: 1" in admin.last_text()
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (1)")
    await app.deliver()
    assert misha.last_text() == "Соревнования по робототехнике"
    await admin.send("/broadcasts")
    assert "все · 🎯 Робоквантум" in admin.last_text()


async def test_empty_audience_cannot_be_sent(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Никому")
    await admin.press("Сотрудники")
    await admin.press("EN")
    assert "В этой аудитории никого нет" in admin.last_text()
    assert "👁 Предпросмотр" not in admin.labels()


async def test_double_tap_on_send_makes_one_broadcast(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Один раз")
    await admin.press("👁 Предпросмотр")
    confirm = admin.last()["message_id"]
    send = admin.find("✅ Отправить (4)")
    await admin.press_data(str(send.data), message_id=confirm)
    await admin.press_data(str(send.data), message_id=confirm)
    assert toast(admin) is None  # the message says it: no toast repeating it
    assert admin.last_text().startswith("Эта кнопка устарела — вот актуальное меню.")
    await app.deliver()
    assert await app.db.fetchval("SELECT count(*) FROM broadcasts") == 1
    assert chats["parent"].texts().count("Один раз") == 1


async def test_broken_html_is_explained_and_asked_again(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Привет <b>всем")
    assert admin.last_text() == "Тег <b> не закрыт. Добавьте </b> и пришлите ещё раз."
    await admin.send("<div>блок</div>")
    assert admin.last_text().startswith("Тег <div> Telegram не поддерживает.")
    await admin.send("2 < 3")
    assert admin.last_text().startswith("Знак «<» без тега.")
    await admin.send('<a>ссылка</a>')
    assert admin.last_text().startswith("У ссылки <a> нет адреса")
    await admin.send("а" * 4097)
    assert admin.last_text().startswith(
        "Слишком длинно: 4\u00a0097 символов, а можно не больше 4\u00a0096."
    )
    await admin.send_sticker()
    assert admin.last_text().startswith("Нужен текст или фото с подписью.")
    await admin.send('Теперь <a href="https://example.org">всё</a> верно')
    assert admin.last_text().startswith("👥 Кому отправить?")


async def test_formatting_made_in_telegram_is_kept(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await admin.send("/broadcast")
    # bold made with the app's formatting menu, with a literal "<" in the text
    await admin.send_formatted("Важно: 2 < 3", [{"type": "bold", "offset": 0, "length": 6}])
    await admin.press("👁 Предпросмотр")
    preview = admin.messages()[-2]
    assert preview["html"] == "<b>Важно:</b> 2 &lt; 3"
    assert preview["text"] == "Важно: 2 < 3"


async def test_photo_broadcast(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await admin.send("/broadcast")
    await admin.send_photo("Так выглядит наш новый <i>лазерный станок</i>")
    await admin.press("Родители")
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (1)")
    await app.deliver()
    received = chats["parent"].last()
    assert received["photo"][0]["file_id"] == f"photo-{ADMIN_ID}-800"
    assert received["caption"] == "Так выглядит наш новый лазерный станок"


async def test_cancel_while_composing(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Передумал")
    await admin.press("✖️ Отмена")
    assert admin.last_text() == "Рассылка отменена, ничего не отправлено."
    await admin.send("/broadcast")
    await admin.send("/cancel")
    assert admin.last_text().startswith("Отменено, ничего не сохранено.")
    assert await app.db.fetchval("SELECT count(*) FROM outbox") == 0


async def test_stopping_a_running_broadcast(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    await compose(admin, "Остановим")
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (4)")
    await admin.press("⛔ Остановить")
    assert admin.answers()[-1].params["text"] == "Останавливаю рассылку…"
    progress = admin.last()
    assert progress["text"] == (
        "⛔ Рассылка №1 остановлена.\n"
        "Доставлено: 0 из 4. Заблокировали бота: 0. Не доставлено: 0. Отменено: 4."
    )
    assert admin.labels() == ["📜 Рассылки", "🏠 Меню"]
    await app.deliver()
    assert all("Остановим" not in chats[k].texts() for k in ("pupil", "pupil_en", "parent"))
    assert report_of(admin)[0] == progress["message_id"]  # no second report
    await admin.press_data("bx:1")
    assert admin.answers()[-1].params["text"] == "Рассылка уже завершена."


async def test_blocked_users_are_skipped_until_they_return(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    app.emulator.block(4003)
    await compose(admin, "Первая")
    await admin.press("👁 Предпросмотр")
    await admin.press("✅ Отправить (4)")
    await app.deliver()
    progress, report = report_of(admin)
    assert report.endswith("Доставлено: 3 из 4. Заблокировали бота: 1. Не доставлено: 0.")
    assert admin.labels(progress) == ["📭 Кому не доставлено", "📜 Рассылки", "🏠 Меню"]
    await admin.press("📭 Кому не доставлено", message_id=progress)
    shown = next(m["text"] for m in admin.messages() if m["message_id"] == progress)
    # Ирина has no family yet: listed by name, with no phone to call
    assert shown == ("📭 Кому не доставлено · рассылка №1\n"
                     "Семьи: получили 0, не получили 0.\n"
                     "Не из семей (квиз, сотрудники): получили 3, не получили 1.\n\n"
                     "1. Ирина · не из семьи, телефона нет\n"
                     "Бот заблокирован")
    await admin.send("/broadcasts")
    assert "📭 №1" in admin.labels()
    # the next broadcast does not count them
    await compose(admin, "Вторая")
    assert "Получателей: 3" in admin.last_text()
    await admin.press("✖️ Отмена")
    # they unblock the bot and write to it: they are back in the audience
    app.emulator.block(4003, False)
    await chats["parent"].send("/menu")
    await compose(admin, "Третья")
    assert "Получателей: 4" in admin.last_text()


async def test_broadcast_in_english_for_an_english_admin(app: App) -> None:
    await people(app)
    admin = app.chat(user_id=ADMIN_ID, language_code="en")
    await admin.send("/language")
    await admin.press("🇬🇧 English")
    await admin.send("/broadcast")
    assert admin.last_text().startswith("📣 New broadcast")
    await admin.send("Open day tomorrow")
    assert admin.last_text().startswith("👥 Who gets it?")
    await admin.press("👁 Preview")
    await admin.press("✅ Send (4)")
    await app.deliver()
    assert report_of(admin)[1] == (
        "✅ Broadcast #1 finished.\nDelivered: 4 of 4. Blocked the bot: 0. Not delivered: 0."
    )
    await admin.send("/broadcasts")
    assert "✅ 4 of 4, blocked 0, not delivered 0" in admin.last_text()


async def test_broadcast_to_families_of_a_programme(app: App) -> None:
    await load_groups(app)
    await add_programmes(app, "robo-race;Гонки роботов;robo-r1;Пн 17:00")
    intro, race = app.chat(user_id=4101), app.chat(user_id=4102)
    await sign_up_for(intro, 1, "Соколова Ника")
    await sign_up_for(race, 2, "Орлов Петя")
    pupil = app.chat(user_id=4103)
    await start_as(pupil, "pupil")
    admin = app.chat(user_id=ADMIN_ID)
    await compose(admin, "Занятие переносится")
    await admin.press("🎓 Записаны: —")
    assert "Отмечено: любые группы" in admin.last_text()
    await open_programmes(admin, "🤖 Робоквантум")
    assert admin.last_text().startswith("🎓 Робоквантум: программы и группы")
    assert admin.labels() == [
        "Робототехника: первые…", "robo-a1 · Вт/Чт 15:00", "robo-a2 · Ср/Пт 16:00",
        "Гонки роботов", "robo-r1 · Пн 17:00", "⬅️ Квантумы", "✅ Готово",
    ]
    await admin.press("Робототехника: первые…")
    assert "✅ Робототехника: первые…" in admin.labels()
    assert "Отмечено: Робоквантум › Робототехника: первые шаги" in admin.last_text()
    await admin.press("⬅️ Квантумы")
    assert "Программы (1) ›" in admin.labels()
    await admin.press("✅ Готово")
    assert "Семьи с заявками: Робоквантум › Робототехника: первые шаги; вся семья; записаны" \
        in admin.last_text()
    assert "Получателей: 1" in admin.last_text()
    await admin.press("👁 Предпросмотр")
    assert admin.last_text() == (
        "☝️ Так сообщение увидят получатели: 1.\n"
        "Кому: все · 🎓 семьи · Робоквантум › Робототехника: первые шаги\nОтправить?"
    )
    await admin.press("✅ Отправить (1)")
    await app.deliver()
    assert intro.last_text() == "Занятие переносится"
    assert "Занятие переносится" not in race.texts() + pupil.texts()
    await admin.send("/broadcasts")
    assert "№1 · " in admin.last_text()
    assert " · все · 🎓 семьи · Робоквантум › Робототехника: первые шаги\n" in admin.last_text()


async def test_waitlisted_parents_of_a_group(app: App) -> None:
    await load_groups(app, capacity=1)
    seated, waiting = app.chat(user_id=4201), app.chat(user_id=4202)
    await sign_up(seated, name="Первая Аня")
    await sign_up(waiting, name="Второй Боря")
    assert waiting.last_text().startswith("📝 Заявка в листе ожидания")
    admin = app.chat(user_id=ADMIN_ID)
    await compose(admin, "Скоро освободятся места")
    await admin.press("🎓 Записаны: —")
    await open_programmes(admin, "🤖 Робоквантум")
    await admin.press("robo-a1 · Вт/Чт 15:00")
    await admin.press("✅ Готово")
    await admin.press("Их родители")
    await admin.press("Лист ожидания")
    assert "Получателей: 1" in admin.last_text()
    await admin.press("👁 Предпросмотр")
    audience = (
        "все · 🎓 родители · Робоквантум › Робототехника: первые шаги › группа Вт/Чт 15:00"
        " · лист ожидания"
    )
    assert f"Кому: {audience}\n" in admin.last_text()
    await admin.press("✅ Отправить (1)")
    await app.deliver()
    assert waiting.last_text() == "Скоро освободятся места"
    assert "Скоро освободятся места" not in seated.texts()
    await admin.send("/broadcasts")
    assert audience in admin.last_text()


async def test_a_quantum_with_many_programmes_is_paged(app: App) -> None:
    await load_groups(app)
    await add_programmes(app, *(f"robo-x{n};Кружок {n};robo-x{n}g;Пт 1{n}:00" for n in range(5)))
    admin = app.chat(user_id=ADMIN_ID)
    await admin.send("/start")
    await compose(admin, "Всем кружкам")
    await admin.press("🎓 Записаны: —")
    await open_programmes(admin, "🤖 Робоквантум")
    first = admin.labels()
    assert len(first) <= 11 and "Дальше ▶️" in first and "✅ Готово" in first
    await admin.press("Дальше ▶️")
    second = admin.labels()
    assert "◀️ Назад" in second and not set(first[:8]) & set(second)
    await admin.press(second[0])
    assert admin.labels()[0] == f"✅ {second[0]}"
    assert "◀️ Назад" in admin.labels()  # still on the second page
    for button in admin.buttons():
        assert len(button.text) <= 24 and len(str(button.data).encode()) <= 64


async def test_the_report_lists_people_in_no_family_after_the_families(app: App) -> None:
    chats = await people(app)
    admin = chats["admin"]
    quiz = app.chat(user_id=4004, language_code="en", first_name="Sam", username="sam_q")
    await quiz.send("/start")
    await load_groups(app)
    await sign_up(app.chat(user_id=4005, first_name="Вера"))  # a family, with a child
    await app.deliver()
    app.emulator.block(4005)
    app.emulator.block(4004)
    await admin.send("/language")
    await admin.press("🇬🇧 English")
    await admin.send("/broadcast")
    await admin.send("Hello")
    await admin.press("👁 Preview")
    await admin.press(next(label for label in admin.labels() if label.startswith("✅ Send")))
    await app.deliver()
    progress, _ = report_of(admin)
    await admin.press("📭 Not reached", message_id=progress)
    text = next(m["text"] for m in admin.messages() if m["message_id"] == progress)
    assert text.startswith("📭 Not reached · broadcast #1\n"
                           "Families reached: 0, not reached: 1.\n"
                           "People in no family (quiz, staff) reached: 4, not reached: 1.\n"
                           "The youngest children's families first.\n\n1. ")
    assert text.endswith("Parent: Вера · +79123456789\nBlocked the bot\n"
                         "2. Sam (@sam_q) · in no family, no phone\nBlocked the bot")
