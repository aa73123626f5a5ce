"""Words typed after leaving a sign-up that was still at its lists (🏠 Меню, «⬅️ К квантуму»):
understood as they are outside a form, not answered with the form's «choose a button»."""

from __future__ import annotations

import pytest

from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.signup import fill, load_groups, open_form


@pytest.mark.parametrize("leave", ["🏠 Меню", "⬅️ К квантуму"])
async def test_words_after_leaving_the_lists_are_understood(app: App, leave: str) -> None:
    await load_groups(app)
    chat = app.chat()
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.press(leave)
    await chat.send("сколько стоит")
    text = chat.last_text()
    assert "бесплатн" in text.lower()
    assert "кнопкой ниже" not in text
    # the form has gone: the next words are understood too
    await chat.send("хочу собирать роботов")
    assert "Робоквантум" in chat.last_text()


async def test_words_at_an_open_list_are_understood_too(app: App) -> None:
    await load_groups(app)
    chat = app.chat(language_code="en", first_name="Ann")
    await chat.send("/start q_robo")
    await chat.press("✍️ Sign up")
    await chat.send("how much does it cost")
    assert "free" in chat.last_text().lower()


async def test_a_typed_step_still_takes_the_words(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.press("1")  # a programme
    await chat.press("1")  # a group
    assert chat.last_text().startswith("Как тебя зовут?")
    await chat.send("сколько стоит")  # a strange name, but the form's question takes it
    assert "бесплатн" not in chat.last_text().lower()


async def test_a_number_typed_at_the_list_keeps_the_form(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await chat.send("/start q_robo")
    await chat.press("✍️ Записаться")
    await chat.send("1")  # the list is numbered: not understood, so the form asks again
    assert chat.last_text().startswith("Выбери вариант кнопкой ниже")
    await chat.press("1")
    await chat.press("1")
    assert chat.last_text().startswith("Как тебя зовут?")


async def test_a_filled_form_back_at_its_lists_keeps_every_answer(app: App) -> None:
    await load_groups(app)
    chat = app.chat()
    await start_as(chat, "parent")
    await open_form(chat)
    await fill(chat)
    await chat.press("✅ Даю согласие, с фото")
    await chat.press("✏️ Группа")
    await chat.send("сколько стоит")  # understood, but the form has answers: it stays
    assert chat.last_text().startswith("Выберите вариант кнопкой ниже")
    await chat.press("1")
    assert "Иванова Мария" in chat.last_text()  # back at the summary, nothing lost


async def test_a_command_at_the_question_prompt_ends_it(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/ask")
    await chat.send("/unanswered")  # a staff command: unknown to a parent
    assert chat.last_text().startswith("Такой команды я не знаю")
    await chat.send("сколько стоит")
    assert "бесплатн" in chat.last_text().lower()  # an answer, not «вопрос отправлен»
    assert await app.db.fetchval("SELECT count(*) FROM questions") == 0
