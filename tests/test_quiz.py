"""«Какой квантум мой?»: questions, results, the voices, scoring (the buttons that carry the
answers: tests/test_quiz_buttons.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services import quiz
from bot.services.catalogue import Catalogue
from storage.db import Database
from storage.quiz import QuizRepo
from tests.helpers import start_as
from tests.helpers.harness import App

# build, micro/science, experiment, explore, drone — a young scientist
SCIENTIST = ["🔧 Что-то соберу", "🔍 Видеть атомы", "🧪 Опыты в лаборатории",
             "🧭 Разведчик", "🚁 Дрон-картограф"]


async def answer_all(chat: object, labels: list[str], age: str) -> None:
    for label in labels:
        await chat.press(label)  # type: ignore[attr-defined]
    await chat.press(age)  # type: ignore[attr-defined]


async def test_full_quiz_in_russian(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.press("🎯 Какой квантум мой?")
    assert chat.last_text().startswith("🎯 Какой квантум твой?")
    assert "я подскажу, что тебе подойдёт" in chat.last_text()
    assert "Вопрос 1 из 6" in chat.last_text()
    assert chat.labels() == ["🔧 Что-то соберу", "🎮 Сделаю свою игру",
                             "🌲 Пойду исследовать", "✏️ Буду рисовать", "🏠 Меню"]
    for step, label in enumerate(SCIENTIST, start=1):
        assert f"Вопрос {step} из 6" in chat.last_text()
        await chat.press(label)
    assert "Вопрос 6 из 6" in chat.last_text()
    assert chat.labels() == ["7–9", "10–12", "13–15", "16–18", "Пропустить", "🏠 Меню"]
    await chat.press("13–15")
    text = chat.last_text()
    assert text.startswith("🎯 Твои квантумы")
    # each result has its own reason, from the answers that gave it
    assert ("1. 🧬 Биоквантум — тебе интересно всё живое. Твой ответ: «Опыты в лаборатории»."
            in text)
    assert "2. 🔬 Наноквантум — тебе интересен микромир. Твой ответ: «Видеть атомы»." in text
    assert ("3. ⚡ Энерджиквантум — ты любишь опыты и эксперименты. Твои ответы: «Видеть"
            " атомы», «Опыты в лаборатории», «Разведчик»." in text)
    assert "Солнце, ветер и водород" in text  # what the quantum is, in a line
    assert chat.labels() == ["🧬 Биоквантум", "✍️ Записаться", "🔬 Наноквантум",
                             "✍️ Записаться", "⚡ Энерджиквантум", "✍️ Записаться",
                             "🔁 Пройти заново", "🏠 Меню"]
    assert len(chat.messages()) == 1  # the whole quiz lives in one message
    await chat.press("🧬 Биоквантум")
    assert chat.last_text().startswith("🧬 Биоквантум")
    await chat.press("⬅️ К результату")
    assert chat.last_text().startswith("🎯 Твои квантумы")


async def test_full_quiz_in_english(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, lang="en")
    await chat.send("/quiz")
    assert "Question 1 of 6" in chat.last_text()
    await answer_all(chat, ["🎮 Make my own game", "🦅 Flying", "🕶 A VR headset review",
                            "⌨️ The code boss", "🚁 A mapping drone"], "10–12")
    text = chat.last_text()
    assert text.startswith("🎯 Your quanta")
    assert ("1. 💻 IT Quantum — you enjoy coding and making games. You chose: “Make my own"
            " game”, “The code boss”." in text)
    assert "2. 🗺️ Geo Quantum — you dream of flying. You chose: “Flying”, “A mapping drone”." in (
        text)
    assert "3. 🥽 VR/AR Quantum — virtual worlds pull you in." in text
    assert chat.labels()[:2] == ["💻 IT Quantum", "✍️ Sign up"]


async def test_result_is_stored_and_offered_next_time(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    await answer_all(chat, SCIENTIST, "Пропустить")
    stored = await app.repos.quiz.latest(chat.user_id)
    assert stored is not None
    assert [p.code for p in stored.picks] == ["bio", "nano", "energy"]
    assert stored.answers == [0, 1, 2, 3, 0, -1]
    assert stored.age_min is None
    await chat.send("/quiz")
    assert chat.last_text().startswith("🎯 Прошлый результат: 🧬 Биоквантум, 🔬 Наноквантум")
    await chat.press("🎯 Мой результат")
    assert chat.last_text().startswith("🎯 Твои квантумы")
    await chat.press("🔁 Пройти заново")
    assert "Вопрос 1 из 6" in chat.last_text()


async def test_retake_replaces_the_result(app: App) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    await answer_all(chat, SCIENTIST, "13–15")
    await chat.press("🔁 Пройти заново")
    await answer_all(chat, ["🎮 Сделаю свою игру", "🦅 Летать", "🕶 Обзор VR-шлема",
                            "⌨️ Главный по коду", "🤖 Робота-помощника"], "13–15")
    stored = await app.repos.quiz.latest(chat.user_id)
    assert stored is not None and stored.picks[0].code == "it"
    assert (stored.age_min, stored.age_max) == (13, 15)


async def test_age_is_honoured(app: App, catalogue: Catalogue) -> None:
    chat = app.chat()
    await start_as(chat)
    await chat.send("/quiz")
    await answer_all(chat, SCIENTIST, "7–9")
    # only Робоквантум takes 7-year-olds in the bundled catalogue
    assert chat.labels() == ["🤖 Робоквантум", "✍️ Записаться", "🔁 Пройти заново", "🏠 Меню"]
    assert "1. 🤖 Робоквантум — ты любишь собирать вещи своими руками." in chat.last_text()


async def test_deep_link_starts_the_quiz(app: App) -> None:
    chat = app.chat(language_code="en")
    await chat.send("/start quiz")
    assert chat.last_text().startswith("🎯 Which quantum is yours?")
    assert "Question 1 of 6" in chat.last_text()


answers_strategy = st.tuples(
    *(st.integers(0, len(q.answers) - 1) for q in quiz.QUESTIONS),
    st.integers(-1, len(quiz.AGE_BANDS) - 1),
).map(list)


@given(answers=answers_strategy)
@settings(max_examples=300, deadline=None)
def test_any_answers_give_at_most_three_distinct_fitting_quanta(
    answers: list[int], catalogue: Catalogue
) -> None:
    picks = quiz.pick(answers, catalogue)
    assert quiz.valid_answers(answers)
    assert len(picks) <= quiz.RESULT_SIZE
    assert len({p.code for p in picks}) == len(picks)
    band = quiz.age_band(answers)
    counts = quiz.interests(answers)
    for p in picks:
        quantum = catalogue.get(p.code)
        assert quantum is not None
        assert quiz.fits_age(quantum, band)
        # the reason is one of the quantum's tags that the child actually chose
        assert p.reason_tag in quantum.tags and counts[p.reason_tag] > 0
        assert quiz.led_to(answers, p.reason_tag)  # and the answers that gave it are shown
    if band is None:
        assert len(picks) == quiz.RESULT_SIZE  # five answers always touch three quanta


def test_scores_rank_the_strongest_match_first(catalogue: Catalogue) -> None:
    # every answer that mentions flying or maps
    answers = [2, 0, 0, 3, 0, -1]
    picks = quiz.pick(answers, catalogue)
    assert picks[0].code == "geo"
    assert picks[0].reason_tag == "maps"
    assert picks[1].code == "aero" and picks[1].reason_tag == "fly"


PARENT = ["🔧 Что-то собирать", "🔍 Видеть атомы", "🧪 Опыты в лаборатории", "🧭 Разведчик",
          "🚁 Дрон-картограф"]


async def test_a_parent_is_asked_about_the_child(app: App) -> None:
    chat = app.chat()
    await start_as(chat, "parent")
    await chat.send("/quiz")
    text = chat.last_text()
    assert text.startswith("🎯 Какой квантум подойдёт ребёнку?")
    assert "Шесть быстрых вопросов о ребёнке — и я подскажу, что ему подойдёт." in text
    assert "Чем любит заниматься ребёнок?" in text
    assert chat.labels()[:4] == ["🔧 Что-то собирать", "🎮 Играть и делать игры",
                                 "🌲 Гулять и исследовать", "✏️ Рисовать"]
    await chat.press(PARENT[0])
    assert "Какую суперсилу выбрал бы ребёнок?" in chat.last_text()
    for label in PARENT[1:]:
        await chat.press(label)
    assert "Сколько лет ребёнку?" in chat.last_text()
    await chat.press("13–15")
    text = chat.last_text()
    assert text.startswith("🎯 Квантумы для ребёнка")
    assert "1. 🧬 Биоквантум — ребёнку интересно всё живое. Ваш ответ:" in text
    assert "Ваши ответы: «Видеть атомы», «Опыты в лаборатории», «Разведчик»." in text
    assert "Нажмите на квантум" in text
    for word in (" ты ", "тебе", "твои", "Твой", "Нажми "):
        assert word not in text
    await chat.press("✍️ Записаться")  # the first result's: Биоквантум
    assert "Биоквантум" in chat.last_text()
    await chat.send("/quiz")
    assert "Пройдёте тест ещё раз?" in chat.last_text()


async def test_a_parent_in_english(app: App) -> None:
    chat = app.chat(language_code="en")
    await start_as(chat, "parent", "en")
    await chat.send("/quiz")
    assert chat.last_text().startswith("🎯 Which quantum would suit your child?")
    assert "What does your child love doing?" in chat.last_text()
    await answer_all(chat, ["🎮 Games, making them too", "🦅 Flying", "🕶 A VR headset review",
                            "⌨️ The code boss", "🚁 A mapping drone"], "10–12")
    text = chat.last_text()
    assert text.startswith("🎯 Quanta for your child")
    assert ("1. 💻 IT Quantum — your child is into games and code. You answered: “Games,"
            " making them too”, “The code boss”." in text)


def test_the_reasons_differ_when_they_can(catalogue: Catalogue) -> None:
    picks = quiz.pick([0, 1, 2, 3, 0, -1], catalogue)
    assert [p.reason_tag for p in picks] == ["nature", "micro", "science"]
    assert quiz.led_to([0, 1, 2, 3, 0, -1], "science") == [
        ("power", "micro"), ("video", "experiment"), ("team", "explore")]


async def test_the_picks_remembered_are_those_of_the_catalogue_asked(
    catalogue: Catalogue, db: Database
) -> None:
    results = quiz.QuizResults(QuizRepo(db))
    answers = [2, 0, 0, 3, 0, -1]  # flying and maps: geo first
    first = results.picks(answers, catalogue)
    assert first == quiz.pick(answers, catalogue) and first[0].code == "geo"
    first.clear()  # what a caller does with its list is its own
    assert results.picks(answers, catalogue) == quiz.pick(answers, catalogue)
    without_geo = Catalogue(tuple(q for q in catalogue.quanta if q.code != "geo"))
    other = results.picks(answers, without_geo)
    assert other == quiz.pick(answers, without_geo) and "geo" not in {p.code for p in other}
    assert results.picks(answers, catalogue)[0].code == "geo"
