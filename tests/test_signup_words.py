"""Words typed after leaving a sign-up that was still at its lists (🏠 Меню, «⬅️ К квантуму»):
understood as they are outside a form, not answered with the form's «choose a button»."""

from __future__ import annotations

import pytest

from tests.helpers.harness import App
from tests.helpers.signup import load_groups


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
