"""Hostile and odd input: forged and stale buttons, unknown commands, long and odd texts;
and a crawl through every screen the bot can show."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import Texts
from bot.local.limits import MAX_CALLBACK_DATA
from bot.services.catalogue import Catalogue
from bot.settings import Settings
from bot.ui.callbacks import (
    CataloguePage,
    LangChoice,
    Nav,
    QuantumCard,
    QuizAction,
    QuizAnswer,
    RoleChoice,
)
from storage.db import Database
from tests.helpers import said_once, start_as
from tests.helpers.harness import ADMIN_ID, App, make_app

codes = st.from_regex(r"[a-z][a-z0-9]{1,15}", fullmatch=True)
small = st.integers(min_value=-1, max_value=10_000)
word = st.sampled_from(["home", "catalogue", "quiz", "settings", "language", "role", "result",
                        "start", "pupil", "parent", "ru", "en"])

callback_data = st.one_of(
    st.builds(Nav, to=word),
    st.builds(RoleChoice, role=word),
    st.builds(LangChoice, code=word),
    st.builds(CataloguePage, page=small),
    st.builds(QuantumCard, code=codes, back=st.from_regex(r"c[0-9]{1,4}|r", fullmatch=True)),
    st.builds(QuizAnswer, answers=st.text(alphabet="0123s", min_size=1, max_size=6)),
    st.builds(QuizAction, action=word),
)


@given(data=callback_data)
def test_every_callback_the_bot_can_produce_fits_64_bytes(data: object) -> None:
    assert len(data.pack().encode()) <= MAX_CALLBACK_DATA  # type: ignore[attr-defined]


@given(data=st.text(min_size=1, max_size=64).filter(lambda s: len(s.encode()) <= 64))
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
async def test_forged_callbacks_get_a_polite_answer(app: App, data: str) -> None:
    chat = app.chat()
    if not chat.messages():
        await start_as(chat)
    await chat.press_data(data)
    answers = chat.answers()
    assert len(answers) == 1  # the button never spins
    assert chat.messages()  # and the person always sees a screen
    assert chat.calls("sendMessage") or chat.calls("editMessageText") or answers


@pytest.mark.parametrize(
    "text",
    ["/foo", "/start_now", "/STAFF", "/broadcast hello", "/applications"],
)
async def test_unknown_and_staff_commands_from_a_pupil(app: App, text: str) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send(text)
    assert chat.last_text().startswith("Такой команды я не знаю. Вот что есть:")
    assert "📚 Все квантумы" in chat.labels()


@pytest.mark.parametrize(
    "text",
    ["ывапр", "🤖🚀🧬", "<b>не тег</b> & <script>", "   ", "\u202eRTL"],
)
async def test_free_text_gets_the_menu(app: App, text: str) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send(text)
    assert chat.last_text().startswith("Не понял 🙂")
    assert "🏠 Меню" in chat.labels()


async def test_a_very_long_text_is_told_it_is_too_long(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("a" * 5000)  # longer than a question may be: told to write it shorter
    assert chat.last_text().startswith("Напиши, пожалуйста, короче: здесь 5\xa0000 символов")
    assert "❓ Задать вопрос" in chat.labels()
    assert "🏠 Меню" in chat.labels()


async def test_free_text_in_english(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, lang="en")
    await chat.send("qwerty?")
    assert chat.last_text().startswith("Sorry, I didn't get that 🙂")


async def test_sticker_gets_the_menu(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send_sticker()
    assert chat.last_text().startswith("Такое я пока не разбираю 🙂")
    assert "📚 Все квантумы" in chat.labels()


async def test_hostile_name_is_escaped(app: App) -> None:
    chat = app.chat(first_name="<b>Вася</b> & Co" + "x" * 60)
    await chat.send("/start")
    # the emulator rejects malformed HTML as Telegram does, so getting here means escaped
    assert chat.last_text().startswith("👋 Привет, <b>Вася</b> & Co")
    assert len(chat.last_text()) < 400


async def test_button_on_a_deleted_message_still_answers(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press_data("n:catalogue", message_id=999)
    assert chat.answers()
    assert chat.last_text().startswith("📚 Квантумы")


async def test_stale_button_in_english(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, lang="en")
    await chat.press_data("x:old:format")
    assert said_once(chat).startswith("That button is out of date — here's the current menu.")


async def test_group_messages_are_ignored(app: App) -> None:
    chat = app.chat()
    update = app.emulator.message_update(chat.user_id, "/start")
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "Класс"}
    await chat.feed(update)
    assert chat.calls("sendMessage") == []


@pytest.mark.parametrize(("user_id", "lang"), [(1001, "ru"), (1002, "en"), (ADMIN_ID, "ru")])
async def test_every_screen_is_well_formed(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts, user_id: int, lang: str,
) -> None:
    """Press every button reachable from /start (depth first): each press is answered,
    lands on a screen with a way onward, and every label fits a phone (≤ 24 characters).
    Far faster than a person presses: without flood control."""
    app = make_app(db, settings.model_copy(update={"user_updates_per_minute": 0}), catalogue,
                   texts)
    chat = app.chat(user_id=user_id, language_code=lang)
    await chat.send("/start")
    seen: set[str] = set()
    frontier = [(b.data, b.message_id) for b in chat.buttons()]
    presses = 0
    while frontier and presses < 400:
        data, message_id = frontier.pop()
        if data is None or data in seen:
            continue
        seen.add(data)
        await chat.press_data(data, message_id=message_id)
        presses += 1
        assert len(chat.answers()) == 1, data
        # a new screen, the pressed one edited in place, or (a toggle) only its buttons
        assert (chat.calls("editMessageText") or chat.calls("sendMessage")
                or chat.calls("editMessageReplyMarkup")), data
        # the screen it led to: a new message, or the pressed one edited in place
        buttons = chat.buttons(None if chat.calls("sendMessage") else message_id)
        assert buttons, f"dead end after {data}"
        for button in buttons:
            assert len(button.text) <= 24, button.text
            assert button.data is not None and len(button.data.encode()) <= 64
            frontier.append((button.data, button.message_id))
    assert presses >= 40  # the crawl reached the catalogue, every card and the quiz


async def test_a_flooding_user_is_slowed_down_without_slowing_others(
    db: Database, settings: Settings, catalogue: Catalogue, texts: Texts
) -> None:
    strict = settings.model_copy(update={"user_updates_per_minute": 5})
    flood = make_app(db, strict, catalogue, texts)
    spammer, other = flood.chat(user_id=1001), flood.chat(user_id=1002)
    for _ in range(5):
        await spammer.send("/help")
    assert spammer.last_text().startswith("ℹ️ Что я умею")
    before = len(spammer.messages())
    for _ in range(10):
        await spammer.send("/help")
    # one note, not ten answers
    assert len(spammer.messages()) == before + 1
    assert spammer.last_text().startswith("Не так быстро")
    await spammer.press_data("n:catalogue")
    assert spammer.answers()[-1].params["text"].startswith("Не так быстро")
    await other.send("/help")
    assert other.last_text().startswith("ℹ️ Что я умею")


@pytest.mark.parametrize("data", ["ao:99999999999999999999999", "f:cancel:-99999999999999999999",
                                  "o:18446744073709551616:1", "ab:9223372036854775808:1:0"])
async def test_a_number_too_big_for_the_database_is_an_old_button(app: App, data: str) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press_data(data)
    assert said_once(chat).startswith("Эта кнопка устарела — вот актуальное меню.")
    assert "🏠 Меню" in chat.last_text()
