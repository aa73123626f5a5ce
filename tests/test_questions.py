"""«❓ Задать вопрос»: a question reaches staff, an answer comes back as a reply to it; the
list of unanswered questions; limits, races, hostile input, /mydata and /forget."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services.question_notices import TextQuestionNotices, check_answer, check_question
from bot.services.questions import Questions
from bot.services.telegram_text import Refused, shorten, tg_len, to_plain
from bot.ui.callbacks_questions import QuestionAct
from storage import questions as question_store
from storage.enrolments import Recipient
from storage.questions import ChildPlace, Question
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.questions import ANSWERED, SENT, ask, asked, count, replies
from tests.helpers.signup import load_groups, sign_up
from tests.helpers.staff import admin_chat, staff_chat

NOW = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)  # a Tuesday, 12:00 in Moscow


def own_message_id(app: App, chat: LocalChat) -> int:
    """The id of the newest message the person sent."""
    return max(mid for (cid, mid), message in app.emulator.messages.items()
               if cid == chat.user_id and message["from"] is not app.emulator.me)


# ---- asking and answering -----------------------------------------------------------------


async def test_a_parent_asks_staff_answer_and_the_answer_quotes_the_question(app: App) -> None:
    await load_groups(app)
    admin = await admin_chat(app)
    parent = app.chat(user_id=3001, first_name="Ирина")
    await sign_up(parent, name="Иванова Мария")
    await app.deliver()
    await parent.send("/menu")
    await parent.press("❓ Задать вопрос")
    assert parent.last_text().startswith("❓ Вопрос технопарку\nНапишите вопрос одним")
    assert parent.labels() == ["✖️ Отмена"]
    await parent.send("Во сколько начинается занятие? 🤖")
    question_mid = own_message_id(app, parent)
    assert parent.last_text() == "✅ Вопрос отправлен. Ответ придёт сюда же, в этот чат."
    assert parent.labels() == ["❓ Задать ещё вопрос", "🏠 Меню"]

    await app.deliver()
    notice = admin.last_text()
    assert notice.startswith("❓ Вопрос №1\n👤 Ирина · родитель\n🕓 ")
    assert ("Дети:\n• Иванова Мария — Робототехника: первые шаги, группа «Вт/Чт 15:00» "
            "(заявка ждёт решения)") in notice
    assert notice.endswith("Во сколько начинается занятие? 🤖")
    assert admin.labels() == ["✍️ Ответить", "📋 Все вопросы"]
    row = await app.db.fetchone("SELECT staff_only, family_id FROM outbox WHERE kind = 'question'")
    assert row is not None and row["staff_only"] == 1 and row["family_id"] is not None

    await admin.press("✍️ Ответить")
    assert admin.last_text().startswith("✍️ Ответ на вопрос №1\n«Во сколько начинается")
    assert admin.labels() == ["✖️ Отмена"]
    await admin.send("Занятия в <b>15:00</b>, кабинет 101 & рядом гардероб.")
    assert admin.last_text() == ANSWERED
    assert admin.labels() == ["📋 Все вопросы", "🏠 Меню"]

    await app.deliver()
    reply = parent.last()
    assert reply["reply_to_message"]["message_id"] == question_mid
    assert reply["reply_to_message"]["text"] == "Во сколько начинается занятие? 🤖"
    assert parent.last_text() == (
        "💬 Ответ технопарка\n\nЗанятия в 15:00, кабинет 101 & рядом гардероб.\n\n"
        "Если остались вопросы — задайте их, мы ответим."
    )
    assert "<b>15:00</b>" in reply["html"]
    assert parent.labels() == ["❓ Задать ещё вопрос", "🏠 Меню"]
    await admin.send("/questions")  # answered: it has left the list
    assert admin.last_text().startswith("❓ Вопросов без ответа нет")
    assert admin.labels() == ["🏠 Меню"]


async def test_english_pupil_and_english_staff(app: App) -> None:
    admin = await admin_chat(app)
    anna = await staff_chat(app, 3102, "Anna", "en")
    mike = app.chat(user_id=3101, first_name="Mike", language_code="en")
    await start_as(mike, "pupil", "en")
    await mike.send("/menu")
    await mike.press("❓ Ask a question")
    assert mike.last_text().startswith("❓ Ask the tech park\nWrite your question")
    assert mike.labels() == ["✖️ Cancel"]
    await mike.send("Can I bring my own laptop?")
    assert mike.last_text() == "✅ Question sent! The answer will come right here, in this chat."
    await app.deliver()
    # each member of staff reads it in their own language
    assert anna.last_text().startswith("❓ Question #1\n👤 Mike · pupil")
    assert "Children:" not in anna.last_text()
    assert anna.labels() == ["✍️ Answer", "📋 All questions"]
    assert admin.last_text().startswith("❓ Вопрос №1\n👤 Mike · учится здесь")
    await anna.press("✍️ Answer")
    assert anna.last_text().startswith("✍️ Answering question #1")
    await anna.send("Yes — and charge it 🔋")
    assert anna.last_text() == "✅ The answer to question #1 has been sent to its author."
    await app.deliver()
    assert mike.last_text() == (
        "💬 The tech park answers\n\nYes — and charge it 🔋\n\nMore questions? Just ask!"
    )
    assert mike.labels() == ["❓ Ask another", "🏠 Menu"]


async def test_a_russian_pupil_is_spoken_to_as_ty(app: App) -> None:
    admin = await admin_chat(app)
    pupil = app.chat(user_id=3201, first_name="Миша")
    await start_as(pupil, "pupil")
    await pupil.send("/ask")
    assert "Напиши вопрос одним сообщением" in pupil.last_text()
    await pupil.send_sticker()
    assert pupil.last_text().startswith("Пришли вопрос текстом или фото с подписью")
    await pupil.send("А можно прийти с другом?")
    assert pupil.last_text() == "✅ Вопрос отправлен! Ответ придёт сюда же, в этот чат."
    await app.deliver()
    assert "👤 Миша · учится здесь" in admin.last_text()
    await admin.press("✍️ Ответить")
    await admin.send("Да, на пробное занятие")
    await app.deliver()
    assert pupil.last_text().endswith("Остались вопросы — спрашивай!")


async def test_a_photo_question_reaches_staff_as_a_photo(app: App) -> None:
    admin = await admin_chat(app)
    parent = app.chat(user_id=3301, first_name="Ольга")
    await start_as(parent, "parent")
    await parent.send("/ask")
    prompt = parent.last()["message_id"]
    await parent.send_photo()
    assert parent.last_text().startswith("Добавьте к фото подпись")
    assert parent.labels() == ["✖️ Отмена"]
    await parent.send_photo("Что это за деталь из набора?")
    question_mid = own_message_id(app, parent)
    assert parent.last_text().startswith(SENT)
    await parent.press("✖️ Отмена", message_id=prompt)  # too late: it only goes home
    [home] = [m for m in parent.messages() if m["message_id"] == prompt]
    assert home["text"].startswith("🏠 Меню")
    await app.deliver()
    photo = f"photo-{parent.user_id}-800"
    assert admin.last()["photo"][0]["file_id"] == photo
    assert admin.last_text().startswith("❓ Вопрос №1\n👤 Ольга · родитель")
    assert admin.last_text().endswith("Что это за деталь из набора?")
    assert admin.labels() == ["✍️ Ответить", "📋 Все вопросы"]
    # from the list: the card says a photo comes with it, and shows it on request
    await admin.send("/questions")
    assert "🖼 Что это за деталь из набора?" in admin.last_text()
    await admin.press(1)
    assert "🖼 К вопросу приложено фото." in admin.last_text()
    await admin.press("🖼 Фото")
    assert admin.last()["photo"][0]["file_id"] == photo
    assert admin.last_text() == "🖼 Фото к вопросу №1"
    await admin.press("✍️ Ответить")
    await admin.send("Это сервопривод.")
    await app.deliver()
    assert parent.last()["reply_to_message"]["message_id"] == question_mid


async def test_too_long_questions_are_refused_with_the_limit(app: App) -> None:
    admin = await admin_chat(app)
    parent = app.chat(user_id=3401)
    await start_as(parent, "parent")
    await parent.send("/ask")
    await parent.send("я" * 5000)
    assert parent.last_text() == ("Вопрос слишком длинный: 5\u00a0000 символов, а можно не больше"
                                  " 3\u00a0500. Сократите его и пришлите ещё раз.")
    assert parent.labels() == ["✖️ Отмена"]
    await parent.send("🤖" * 1800)  # emoji count twice, as Telegram counts them
    assert parent.last_text().startswith("Вопрос слишком длинный: 3\u00a0600 символов")
    await parent.send_photo("ы" * 801)
    assert parent.last_text().startswith(
        "Подпись к фото слишком длинная: 801 символов, а можно не больше 800."
    )
    assert await count(app, "SELECT count(*) FROM questions") == 0
    await parent.send("ё" * 3500)  # still asking: the longest question goes, whole
    assert parent.last_text().startswith(SENT)
    await app.deliver()
    assert await app.db.fetchval("SELECT text FROM questions") == "ё" * 3500
    assert admin.last_text().endswith("\n\n" + "ё" * 3500)


async def test_at_most_three_questions_in_fifteen_minutes(app: App, texts: Texts) -> None:
    parent = app.chat(user_id=3501)
    await start_as(parent, "parent")
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(3):
            await ask(parent, f"Вопрос {n + 1}")
            assert parent.last_text().startswith(SENT)
            clock.shift(timedelta(minutes=1))
        await parent.send("/ask")
        assert parent.last_text() == ("⏳ За 15 минут можно задать не больше 3 вопросов. "
                                      "Следующий — в 12:15, через 12 минут.")
        assert parent.labels() == ["🏠 Меню"]
        clock.shift(timedelta(minutes=11))
        await parent.send("/ask")
        assert parent.last_text().endswith("через 1 минуту.")
        clock.shift(timedelta(minutes=1))
        await ask(parent, "Вопрос 4")
        assert parent.last_text().startswith(SENT)
        # a prompt opened under the limit, and another question arrives meanwhile (an update
        # sent twice, say): the limit holds when the question is typed, and the form closes
        clock.shift(timedelta(seconds=90))
        await parent.send("/ask")
        questions = Questions(app.db, TextQuestionNotices(texts, app.settings.zone))
        assert (await questions.ask(3501, message_id=None, text="5", photo=None)).question
        await parent.send("Вопрос 6")
        assert parent.last_text().startswith("⏳ За 15 минут можно задать не больше 3")
        context = app.dp.fsm.get_context(app.bot, chat_id=3501, user_id=3501)
        assert await context.get_state() is None
    assert await count(app, "SELECT count(*) FROM questions WHERE user_id = 3501") == 5


async def test_cancel_and_a_stale_prompt(app: App) -> None:
    parent = app.chat(user_id=3601)
    await start_as(parent, "parent")
    await parent.send("/menu")
    await parent.press("❓ Задать вопрос")
    await parent.press("✖️ Отмена")
    assert parent.last_text().startswith("Хорошо, вопрос не отправлен.")
    assert "❓ Задать вопрос" in parent.labels()
    await parent.send("Просто текст")
    # a prompt left open: a message typed much later is not sent by surprise
    with time_machine.travel(NOW, tick=False) as clock:
        await parent.send("/ask")
        clock.shift(timedelta(minutes=31))
        await parent.send("Купить молоко")
    assert parent.last_text().startswith("Это сообщение я не отправил")
    assert "❓ Задать вопрос" in parent.labels()
    assert await count(app, "SELECT count(*) FROM questions") == 0


async def test_a_failed_write_keeps_the_form(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = app.chat(user_id=3701)
    await start_as(parent, "parent")
    original, calls = Questions.ask, []

    async def failing(self: Questions, *args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return await original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Questions, "ask", failing)
    await ask(parent, "Есть ли парковка?")
    assert parent.last_text().startswith("⚠️ Не получилось сохранить")
    await parent.send("Есть ли парковка?")
    assert parent.last_text().startswith(SENT)
    assert await count(app, "SELECT count(*) FROM questions") == 1


# ---- the staff's side -----------------------------------------------------------------------


async def test_the_list_pages_and_cards(app: App) -> None:
    admin = await admin_chat(app)
    olga = await staff_chat(app, 3899, "Ольга")
    with time_machine.travel(NOW, tick=False) as clock:
        for n in range(1, 8):
            person = app.chat(user_id=3800 + n, first_name=f"Родитель{n}")
            await start_as(person, "parent")
            await ask(person, f"Вопрос номер {n}")
            clock.shift(timedelta(minutes=30))
        await olga.send("/questions")
        await olga.press(1)
        await olga.press("✍️ Ответить")
        await admin.send("/menu")
        await admin.press("❓ Вопросы")
        text = admin.last_text()
        assert text.startswith("❓ Вопросы без ответа: 7 · стр. 1 из 2")
        assert "№1 · Родитель1 · 3 часа назад\nВопрос номер 1\n✍️ Отвечает Ольга" in text
        assert "№5" in text and "№6" not in text
        assert admin.labels() == [f"№{n} · Родитель{n}" for n in range(1, 6)] + [
            "Дальше ▶️", "🏠 Меню"]
        page_mid = admin.last()["message_id"]
        await admin.press("Дальше ▶️")
        assert admin.last()["message_id"] == page_mid  # edited in place
        assert admin.last_text().startswith("❓ Вопросы без ответа: 7 · стр. 2 из 2")
        assert admin.labels()[:3] == ["№6 · Родитель6", "№7 · Родитель7", "◀️ Назад"]
        await admin.press("◀️ Назад")
        await admin.press("№1 · Родитель1")
        card = admin.last_text()
        assert card.startswith("❓ Вопрос №1\n👤 Родитель1 · родитель\n🕓 3 часа назад")
        assert "✍️ Сейчас отвечает Ольга — «Ответить» нажато только что." in card
        assert admin.labels() == ["✍️ Ответить", "📋 Все вопросы", "🏠 Меню"]
        await admin.press("✍️ Ответить")
        assert "⚠️ Ольга уже отвечает на этот вопрос" in admin.last_text()
        await admin.send("Ответ администратора")
        await olga.press_data(QuestionAct(action="open", id=1).pack())
        card = olga.last_text()  # answered: who answered, and what
        assert "✅ Ответ дан — Админ, вт, 6 октября, 15:30:\nОтвет администратора" in card
        assert olga.labels() == ["📋 Все вопросы", "🏠 Меню"]


async def test_a_forged_page_shows_the_nearest_page(app: App) -> None:
    admin = await admin_chat(app)
    for page in (2**63 - 1, -(2**63)):  # the largest and smallest a button may carry
        await admin.press_data(QuestionAct(action="list", page=page).pack())
        assert admin.last_text().startswith("❓ Вопросов без ответа нет")
        assert admin.labels() == ["🏠 Меню"]
    for n in range(1, 8):
        person = app.chat(user_id=3800 + n, first_name=f"Родитель{n}")
        await start_as(person, "parent")
        await ask(person, f"Вопрос номер {n}")
    await admin.press_data(QuestionAct(action="list", page=2**63 - 1).pack())
    assert admin.last_text().startswith("❓ Вопросы без ответа: 7 · стр. 2 из 2")
    assert admin.labels() == ["№6 · Родитель6", "№7 · Родитель7", "◀️ Назад", "🏠 Меню"]
    # a card opened from a forged page leads back to the last page
    await admin.press_data(QuestionAct(action="open", id=6, page=2**63 - 1).pack())
    await admin.press("📋 Все вопросы")
    assert admin.last_text().startswith("❓ Вопросы без ответа: 7 · стр. 2 из 2")


async def test_two_staff_answer_at_once_and_one_reply_goes(app: App) -> None:
    olga = await staff_chat(app, 4002, "Ольга")
    admin, parent = await asked(app, 4001, "Когда родительское собрание?")
    await admin.press("✍️ Ответить")
    await olga.press("✍️ Ответить")
    assert "⚠️ Админ уже отвечает на этот вопрос" in olga.last_text()
    assert "Ответить можно и вам" in olga.last_text()
    await admin.send("В пятницу в 18:00")
    await olga.send("В четверг")
    assert olga.last_text().startswith("⚠️ На этот вопрос уже ответили — Админ, ")
    assert olga.last_text().endswith(
        "Ваш ответ не отправлен. Вот что ушло автору:\n\nВ пятницу в 18:00"
    )
    assert olga.labels() == ["📋 Все вопросы", "🏠 Меню"]
    await app.deliver()
    assert await replies(app) == 1
    answers = [text for text in parent.texts() if text.startswith("💬")]
    assert len(answers) == 1 and "В пятницу в 18:00" in answers[0]
    assert "В четверг" not in "".join(parent.texts())


async def test_a_pupil_and_a_stranger_cannot_reach_staff_actions(app: App) -> None:
    admin, _ = await asked(app, 3901, "Секретный вопрос")
    pupil = app.chat(user_id=3902)
    await start_as(pupil, "pupil")
    stranger = app.chat(user_id=3903)
    for chat in (pupil, stranger):
        await chat.send("/questions")
        assert chat.last_text().startswith("Такой команды я не знаю")
        for action in ("answer", "open", "list", "photo"):
            await chat.press_data(QuestionAct(action=action, id=1).pack())
            assert chat.last_text().startswith("Эта кнопка устарела")
        await chat.send("Ответ самозванца")
        assert not any("Секретный вопрос" in text for text in chat.texts())
    row = await app.db.fetchone("SELECT status, taken_by, answer FROM questions")
    assert row is not None and tuple(row) == ("open", None, None)
    assert await replies(app) == 0
    # staff pressing a forged or unknown button
    await admin.press_data(QuestionAct(action="open", id=999).pack())
    assert admin.last_text().startswith("Такого вопроса нет")
    assert "Вопросы без ответа: 1" in admin.last_text()
    await admin.press_data(QuestionAct(action="answer", id=999).pack())
    assert admin.last_text().startswith("Такого вопроса нет")
    await admin.press_data(QuestionAct(action="explode", id=1).pack())
    assert admin.last_text().startswith("Эта кнопка устарела")


async def test_bad_html_in_an_answer_is_refused_with_the_reason(app: App) -> None:
    admin, parent = await asked(app, 4101, "Как записаться?")
    await admin.press("✍️ Ответить")
    await admin.send("<script>alert(1)</script>")
    assert admin.last_text().startswith("Тег <script> Telegram не поддерживает.")
    assert admin.labels() == ["✖️ Отмена"]
    for typed, said in (("Через <b>Навигатор", "Тег <b> не закрыт."),
                        ("Через Навигатор</i>", "Лишний закрывающий тег </i>."),
                        ("Если возраст < 7 лет, то никак", "Знак «<» без тега."),
                        ("ы" * 5000, "Слишком длинно: 5\u00a0000 символов, а можно не больше "
                                     "3\u00a0500. Сократите и пришлите ещё раз.")):
        await admin.send(typed)
        assert admin.last_text().startswith(said)
    await admin.send_sticker()
    assert admin.last_text().startswith("Ответ должен быть текстом")
    assert await replies(app) == 0
    # formatting made in Telegram is kept; a «<» in it is only text
    await admin.send_formatted("Сменную обувь <и> воду",
                               [{"type": "bold", "offset": 0, "length": 13}])
    assert admin.last_text() == ANSWERED
    await app.deliver()
    assert "<b>Сменную обувь</b> &lt;и&gt; воду" in parent.last()["html"]


async def test_cancelling_an_answer_and_a_blocked_asker(app: App) -> None:
    admin, parent = await asked(app, 4201, "Вопрос и ушёл")
    await admin.press("✍️ Ответить")
    await admin.press("✖️ Отмена")
    assert admin.last_text().startswith("Ответ не отправлен.\n\n❓ Вопросы без ответа: 1")
    await admin.send("Это уже не ответ")
    assert await replies(app) == 0
    app.emulator.block(parent.user_id)
    await admin.send("/questions")
    await admin.press(1)
    await admin.press("✍️ Ответить")
    await admin.send("Ответ")
    assert admin.last_text() == ANSWERED
    await app.deliver()  # the reply fails as blocked, like any other send
    row = await app.db.fetchone("SELECT status, last_error FROM outbox WHERE kind = 'reply'")
    assert row is not None and tuple(row) == ("failed", "blocked")
    assert await count(app, "SELECT blocked FROM users WHERE id = 4201") == 1


# ---- /mydata and /forget ------------------------------------------------------------------


def raw_bytes(app: App) -> bytes:
    path = Path(app.settings.database_path)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_mydata_has_the_questions_and_forget_erases_them(app: App) -> None:
    await load_groups(app)
    admin = await admin_chat(app)
    parent = app.chat(user_id=4301, first_name="Ирина")
    await sign_up(parent, name="Иванова Мария")
    await ask(parent, "Уникальный вопрос Заболоцкой")
    await app.deliver()
    await admin.press("✍️ Ответить")
    await admin.send("Уникальный ответ Заболоцкой")
    await app.deliver()
    await parent.send("/mydata")
    data = json.loads(app.emulator.files[parent.messages()[-2]["document"]["file_id"]])
    [question] = data["questions"]
    assert question["text"] == "Уникальный вопрос Заболоцкой"
    assert question["answer"] == "Уникальный ответ Заболоцкой"
    assert question["asked_at"] and question["answered_at"]

    await parent.send("/forget")
    await parent.press("🗑 Да, удалить всё")
    assert await count(app, "SELECT count(*) FROM questions") == 0
    assert await count(app, "SELECT count(*) FROM outbox WHERE kind IN ('question', 'reply')"
                            " AND payload != '{}'") == 0
    assert "Заболоцкой".encode() not in raw_bytes(app)


async def test_forget_reaches_a_question_asked_outside_a_family(app: App) -> None:
    await asked(app, 4401, "Вопрос до записи")
    assert await count(app, "SELECT count(*) FROM questions WHERE family_id IS NULL") == 1
    async with app.db.transaction() as conn:
        assert await question_store.forget(conn, user_ids=[4401]) == 1
    assert await count(app, "SELECT count(*) FROM questions") == 0
    assert await count(app, "SELECT count(*) FROM outbox WHERE payload LIKE '%до записи%'") == 0


def test_checks_of_a_question_and_an_answer() -> None:
    assert check_question("  Привет  ", None) == ("Привет", None)
    assert check_question("Подпись", "file") == ("Подпись", "file")
    for text, photo, key in (("   ", None, "ask-need-text"), (None, "f", "ask-photo-caption")):
        with pytest.raises(Refused) as refused:
            check_question(text, photo)
        assert refused.value.key == key
    assert check_answer("a & b") == "a &amp; b"
    with pytest.raises(Refused) as refused:
        check_answer("<b>x")
    assert (refused.value.key, refused.value.kwargs["tag"]) == ("q-html-unclosed", "b")
    assert tg_len("🤖") == 2
    assert shorten("🤖" * 10, 5) == "🤖🤖…"
    assert tg_len(shorten("ж" * 100, 10)) <= 10


def test_a_big_family_still_fits_a_photo_caption(texts: Texts) -> None:
    now = datetime.now(UTC)
    question = Question(id=1, user_id=1, family_id=1, message_id=1, text="в" * 800,
                        photo="file", status="open", taken_by=None, taken_at=None,
                        answered_by=None, answer=None, answered_at=None, created_at=now,
                        asker_name="Ирина" * 20)
    children = [ChildPlace(f"Ребёнок {n}", "Робототехника", "Robotics", "Вт/Чт 15:00",
                           "confirmed") for n in range(20)]
    notices = TextQuestionNotices(texts, ZoneInfo("Europe/Moscow"))
    staff = Recipient(9001, "ru", "admin")
    caption = notices.for_staff(question, children, staff)["text"]
    assert tg_len(to_plain(caption)) <= 1024
    assert "…и ещё" in caption and caption.endswith("в" * 800)


async def test_someone_with_no_family_can_see_and_erase_their_questions(app: App) -> None:
    _, person = await asked(app, 4302, "Вопрос Одинцовой без семьи")
    await person.send("/mydata")
    data = json.loads(app.emulator.files[person.messages()[-2]["document"]["file_id"]])
    assert [q["text"] for q in data["questions"]] == ["Вопрос Одинцовой без семьи"]
    await person.send("/forget")
    assert person.last_text().startswith("🗑 Удалить ваши данные?")
    await person.press("🗑 Да, удалить")
    assert person.last_text().startswith("Ваши данные удалены: вопросы")
    assert await count(app, "SELECT count(*) FROM questions") == 0
    assert await count(app, "SELECT count(*) FROM outbox WHERE kind = 'question'"
                            " AND payload != '{}'") == 0
    # nothing left: the usual answers
    await person.send("/forget")
    assert person.last_text().startswith("Удалять нечего")
    await person.send("/mydata")
    assert person.last_text().startswith("Бот не хранит данных")
