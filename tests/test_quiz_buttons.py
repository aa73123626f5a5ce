"""The quiz's buttons carry its answers: each answer's button holds the answers before its
question and its own, so a press needs no conversation state. A restart, a double tap, an
older quiz message and typed text in between lose nothing; forged data writes nothing."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from hypothesis import given
from hypothesis import strategies as st

from bot.i18n import Texts, voice
from bot.local.chat import LocalChat
from bot.local.limits import MAX_CALLBACK_DATA
from bot.services import quiz
from bot.services.catalogue import Catalogue
from bot.ui.callbacks import QuizAnswer
from handlers.quiz import question_screen
from tests.helpers import said_once, start_as
from tests.helpers.harness import App, make_app

# build, micro/science, experiment, explore, drone — a young scientist
SCIENTIST = ["🔧 Что-то соберу", "🔍 Видеть атомы", "🧪 Опыты в лаборатории",
             "🧭 Разведчик", "🚁 Дрон-картограф"]
SCIENTIST_ANSWERS = [0, 1, 2, 3, 0, -1]  # and the age skipped

STALE = {"ru": "Эта кнопка устарела — начнём тест с первого вопроса.",
         "en": "That button is out of date — let's start the quiz from the first question."}
FIRST = {"ru": "Вопрос 1 из 6", "en": "Question 1 of 6"}


async def conversation(app: App) -> list[Any]:
    """Every conversation state as stored (the quiz writes none)."""
    return [tuple(row) for row in await app.db.fetchall("SELECT * FROM fsm_states")]


def text_of(chat: LocalChat, message_id: int) -> str:
    """A message's text as it stands now (edited in place as the quiz goes on)."""
    return str(chat.emulator.messages[(chat.user_id, message_id)]["text"])


async def results(app: App) -> tuple[int, int]:
    return (int(await app.db.fetchval("SELECT count(*) FROM quiz_results")),
            int(await app.db.fetchval("SELECT count(*) FROM quiz_result_quanta")))


async def test_the_answers_travel_in_the_buttons_not_in_the_conversation(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    before = await conversation(app)
    await chat.send("/quiz")
    assert [b.data for b in chat.buttons()] == ["z:0", "z:1", "z:2", "z:3", "n:home"]
    await chat.press("🎮 Сделаю свою игру")
    await chat.press("🦅 Летать")
    assert [b.data for b in chat.buttons()] == ["z:100", "z:101", "z:102", "z:103", "n:home"]
    for label in SCIENTIST[2:]:
        await chat.press(label)
    assert [b.data for b in chat.buttons()] == [
        "z:102300", "z:102301", "z:102302", "z:102303", "z:10230s", "n:home"]
    assert await conversation(app) == before
    await chat.press("Пропустить")
    assert chat.last_text().startswith("🎯 Твои квантумы")
    stored = await app.repos.quiz.latest(chat.user_id)
    assert stored is not None and stored.answers == [1, 0, 2, 3, 0, -1]
    assert await conversation(app) == before


async def test_quiz_survives_a_restart(app: App, catalogue: Catalogue, texts: Texts) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    quiz_message = chat.last()["message_id"]
    for label in SCIENTIST[:3]:
        await chat.press(label)
    sent = len(chat.messages())
    # a new process: a new dispatcher and bot over the same database and chat
    restarted = make_app(app.db, app.settings, catalogue, texts, emulator=app.emulator)
    again = restarted.chat(user_id=chat.user_id)
    await again.press("🧭 Разведчик", message_id=quiz_message)
    assert "Вопрос 5 из 6" in again.last_text()
    await again.press("🚁 Дрон-картограф", message_id=quiz_message)
    await again.press("Пропустить", message_id=quiz_message)
    assert again.last_text().startswith("🎯 Твои квантумы")
    assert "1. 🧬 Биоквантум" in again.last_text()
    stored = await restarted.repos.quiz.latest(chat.user_id)
    assert stored is not None and stored.answers == SCIENTIST_ANSWERS
    assert len(again.messages()) == sent  # the quiz went on in its one message


async def test_a_double_tap_shows_the_same_next_question(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    first = chat.find("🔧 Что-то соберу")
    await chat.press_data(first.data or "", message_id=first.message_id)
    shown, sent = chat.last_text(), len(chat.messages())
    assert "Вопрос 2 из 6" in shown
    await chat.press_data(first.data or "", message_id=first.message_id)  # the second tap
    assert len(chat.answers()) == 1  # answered, not left spinning
    assert chat.answers()[0].params.get("text") is None  # and nothing to apologise for
    assert chat.last_text() == shown
    assert len(chat.messages()) == sent
    await chat.press("🦅 Летать")
    await chat.press("🚀 Запуск ракеты")
    assert [b.data for b in chat.buttons()][:4] == ["z:0000", "z:0001", "z:0002", "z:0003"]


async def test_a_double_tap_on_the_last_answer_keeps_one_result(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    for label in SCIENTIST:
        await chat.press(label)
    last = chat.find("13–15")
    await chat.press_data(last.data or "", message_id=last.message_id)
    shown, sent = chat.last_text(), len(chat.messages())
    assert shown.startswith("🎯 Твои квантумы")
    assert await results(app) == (1, 3)
    await chat.press_data(last.data or "", message_id=last.message_id)
    assert len(chat.answers()) == 1
    assert chat.last_text() == shown
    assert len(chat.messages()) == sent
    assert await results(app) == (1, 3)
    stored = await app.repos.quiz.latest(chat.user_id)
    assert stored is not None and stored.answers == [0, 1, 2, 3, 0, 2]
    assert [p.code for p in stored.picks] == ["bio", "nano", "energy"]


async def test_an_older_quiz_message_continues_from_its_own_answers(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    older = chat.last()["message_id"]
    await chat.press("🎮 Сделаю свою игру")
    await chat.press("🦅 Летать")
    # the quiz again, in a new message, answered differently
    await chat.send("/quiz")
    newer = chat.last()["message_id"]
    assert newer != older and FIRST["ru"] in chat.last_text()
    await chat.press("🔧 Что-то соберу", message_id=newer)
    # back to the older message: its third question, after its own two answers
    await chat.press("🧪 Опыты в лаборатории", message_id=older)
    assert "Вопрос 4 из 6" in text_of(chat, older)
    assert [b.data for b in chat.buttons(older)][:4] == ["z:1020", "z:1021", "z:1022", "z:1023"]
    for label in ["⌨️ Главный по коду", "🤖 Робота-помощника", "13–15"]:
        await chat.press(label, message_id=older)
    assert text_of(chat, older).startswith("🎯 Твои квантумы")
    stored = await app.repos.quiz.latest(chat.user_id)
    assert stored is not None and stored.answers == [1, 0, 2, 2, 1, 2]
    # the newer message still waits at its second question, after its own first answer
    assert "Вопрос 2 из 6" in text_of(chat, newer)
    assert [b.data for b in chat.buttons(newer)][:4] == ["z:00", "z:01", "z:02", "z:03"]


FORGED = [
    "z:",  # no answer at all
    "z:4",  # past the first question's four answers
    "z:0000000",  # more answers than questions
    "z:s",  # the age question's «skip» for the first question
    "z:0s",  # …and for the second
    "z:00009",  # past the fifth question's answers
    "z:000004",  # past the age bands
    "z:0-1",  # a sign
    "z:٣",  # a digit, but not one a button carries
    "z:01x",
    "z:<b>0</b>",
    "z:" + "0" * 62,  # as long as callback data can be
]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("data", FORGED)
async def test_forged_answers_get_the_first_question_and_write_nothing(
    app: App, lang: str, data: str
) -> None:
    chat = app.chat(language_code=lang)
    await start_as(chat, lang=lang)
    await chat.send("/quiz")
    await chat.press(1)  # the quiz under way: at its second question
    before = await conversation(app)
    sent = len(chat.messages())
    await chat.press_data(data)
    assert chat.answers()[-1].params["text"] == STALE[lang]
    assert len(chat.messages()) == sent + 1
    assert chat.last_text().startswith(STALE[lang])
    assert FIRST[lang] in chat.last_text()
    assert [b.data for b in chat.buttons()][:4] == ["z:0", "z:1", "z:2", "z:3"]
    assert await results(app) == (0, 0)
    assert await conversation(app) == before


@pytest.mark.parametrize("data", ["z:2:1", "z:0:0:0", "z"])
async def test_data_that_is_not_one_answer_string_is_a_stale_button(
    app: App, data: str
) -> None:
    # the quiz's buttons of earlier versions (question, then answer) among them
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    await chat.press_data(data)
    # said once, on the screen, not in a pop-up as well
    assert said_once(chat).startswith("Эта кнопка устарела — вот актуальное меню.")
    assert await results(app) == (0, 0)


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_typing_during_the_quiz_is_understood_and_the_buttons_still_work(
    app: App, lang: str
) -> None:
    chat = app.chat(language_code=lang)
    await start_as(chat, lang=lang)
    await chat.send("/quiz")
    quiz_message = chat.last()["message_id"]
    await chat.press(1)
    await chat.send({"ru": "робототехника", "en": "robotics"}[lang])
    assert chat.last_text().startswith("🤖")  # Робоквантум's card, as anywhere else
    await chat.press(2, message_id=quiz_message)
    assert {"ru": "Вопрос 3 из 6", "en": "Question 3 of 6"}[lang] in text_of(chat, quiz_message)
    assert [b.data for b in chat.buttons(quiz_message)][:4] == [
        "z:010", "z:011", "z:012", "z:013"]


async def test_a_conversation_left_mid_quiz_by_an_earlier_version_is_let_go(app: App) -> None:
    # earlier versions kept the answers in the conversation state
    chat = app.chat()
    await start_as(chat)
    key = StorageKey(bot_id=app.bot.id, chat_id=chat.user_id, user_id=chat.user_id)
    await app.dp.storage.set_state(key, "QuizStates:answering")
    await app.dp.storage.set_data(key, {"answers": [0, 1]})
    await chat.send("робототехника")
    assert chat.last_text().startswith("🤖 Робоквантум")
    assert await app.dp.storage.get_state(key) is None
    assert await app.dp.storage.get_data(key) == {}
    await chat.send("ывапр")
    assert chat.last_text().startswith("Не понял 🙂")


def prefixes() -> list[list[int]]:
    """Every answers-so-far a question can follow: none, then each answer to each question."""
    return [list(p) for step in range(quiz.TOTAL_STEPS)
            for p in product(*(quiz.choices(s) for s in range(step)))]


@pytest.mark.parametrize(("lang", "role"), [("ru", "pupil"), ("ru", "parent"), ("en", "pupil"),
                                            ("en", "parent")])
def test_every_question_button_fits_64_bytes_and_carries_its_answers(
    texts: Texts, lang: str, role: str
) -> None:
    t = texts.bind(lang, you=voice(role))
    longest = 0
    for before in prefixes():
        text, markup = question_screen(t, before)
        assert f"{len(before) + 1}" in text
        assert markup is not None
        answers = [b for row in markup.inline_keyboard for b in row if b.callback_data != "n:home"]
        carried = [quiz.decode(QuizAnswer.unpack(b.callback_data or "").answers)
                   for b in answers]
        assert carried == [[*before, choice] for choice in quiz.choices(len(before))]
        longest = max(longest, *(len((b.callback_data or "").encode()) for b in answers))
    assert len(prefixes()) == 1 + 4 + 4**2 + 4**3 + 4**4 + 4**5
    assert longest == len("z:") + quiz.TOTAL_STEPS <= MAX_CALLBACK_DATA


@given(st.text(alphabet="0123456789s-", max_size=8) | st.text(max_size=70))
def test_any_text_decodes_to_answers_it_encodes_or_to_nothing(text: str) -> None:
    answers = quiz.decode(text)
    if answers is not None:
        assert quiz.encode(answers) == text
        assert 0 < len(answers) <= quiz.TOTAL_STEPS
        assert all(a in quiz.choices(step) for step, a in enumerate(answers))


@given(st.integers(1, quiz.TOTAL_STEPS).flatmap(
    lambda n: st.tuples(*(st.sampled_from(quiz.choices(s)) for s in range(n)))))
def test_every_answers_so_far_survive_the_button(answers: tuple[int, ...]) -> None:
    data = QuizAnswer(answers=quiz.encode(list(answers))).pack()
    assert quiz.decode(QuizAnswer.unpack(data).answers) == list(answers)

