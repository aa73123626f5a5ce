"""A text asking what to choose or giving only an age, the way to staff under an FAQ answer,
«🗓 Расписание» under the hours for a person without a family, and a text too long to read,
in ru and en, «ты» to a pupil and «вы» to a parent."""

from __future__ import annotations

import pytest

from bot.services.understanding import Understood
from tests.helpers.harness import App
from tests.test_chat import children, html, person

AGE_ALONE = {  # (language, role): typed, heading, a line of the list
    ("ru", "pupil"): ("мне 8", "🔎 Вот что подойдёт тебе в 8 лет", "• Робоквантум — 7–17 лет"),
    ("ru", "parent"): ("сыну 8", "🔎 Вот что подойдёт в 8 лет", "• Робоквантум — 7–17 лет"),
    ("en", "pupil"): ("i'm 8", "🔎 Here's what suits you at 8",
                      "• Robotics Quantum, ages 7–17"),
    ("en", "parent"): ("my son is 8", "🔎 Here's what suits an 8-year-old",
                       "• Robotics Quantum, ages 7–17"),
}
SAYS = {
    "ru": {"quiz": "🎯 Пройти тест", "catalogue": "📚 Все квантумы", "home": "🏠 Меню",
           "robo": "🤖 Робоквантум", "ask": "❓ Спросить у сотрудников",
           "more": "• и ещё 7 — в каталоге",
           "quiz-ty": "пройди тест", "quiz-vy": "пройдите тест", "schedule": "🗓 Расписание",
           "hours": "часы работы", "cost": "сколько стоит", "prompt": "❓ Вопрос технопарку",
           "empty": "Пока здесь пусто", "open": "Технопарк открыт",
           "ask-ty": "А сколько тебе лет?", "ask-vy": "А сколько лет ребёнку?",
           "long-ty": "Напиши покороче", "long-vy": "Напишите покороче",
           "long": "Это слишком длинно, чтобы я разобрал здесь", "sent": "✅",
           "robots": "хочу собирать роботов и программировать ", "twelve": "мне 12"},
    "en": {"quiz": "🎯 Take the quiz", "catalogue": "📚 All quanta", "home": "🏠 Menu",
           "robo": "🤖 Robotics Quantum", "ask": "❓ Ask the staff",
           "more": "• and 7 more in the catalogue",
           "quiz-ty": "take the quiz", "quiz-vy": "take the quiz", "schedule": "🗓 Schedule",
           "hours": "opening hours", "cost": "how much does it cost",
           "prompt": "❓ <b>", "empty": "Nothing here yet", "open": "The tech park is open",
           "ask-ty": "how old are you?", "ask-vy": "how old is your child?",
           "long-ty": "what you're into", "long-vy": "what you're looking for",
           "long": "That's too long for me to read here", "sent": "✅",
           "robots": "i want to build robots and code ", "twelve": "i'm 12"},
}
LANGS = ["ru", "en"]
ROLES = (("pupil", "ty"), ("parent", "vy"))


class Asks:
    """The engine, reading every text as asking what to choose (until the engine sets
    `advice` itself): an age or none."""

    def __init__(self, age: int | None) -> None:
        self.age = age

    async def understand(self, text: str, locale: str) -> Understood:
        return Understood("nothing", age=self.age, advice=True)


async def kept(app: App) -> int:
    return int(await app.db.fetchval("SELECT count(*) FROM unanswered"))


@pytest.mark.parametrize("lang", LANGS)
async def test_an_age_alone_gets_the_quanta_it_fits_and_the_quiz(app: App, lang: str) -> None:
    says = SAYS[lang]
    for user_id, (role, voice) in enumerate(ROLES, 6200):
        typed, heading, line = AGE_ALONE[lang, role]
        chat = await person(app, role, lang, user_id)
        await chat.send(typed)
        text = chat.last_text()
        assert text.startswith(heading + "\n"), text
        assert line in text.split("\n")
        assert "IT" not in text  # from 10
        assert says[f"quiz-{voice}"] in text
        labels = chat.labels()
        assert labels[0] == says["robo"] and labels[-1] == says["home"]
        assert says["quiz"] in labels and says["catalogue"] in labels
        await chat.press(says["robo"])  # its card
        assert says["robo"].split(" ", 1)[1] in chat.last_text().split("\n")[0]
    # 12: every quantum; six listed, the rest behind the catalogue
    chat = await person(app, "pupil", lang, 6202)
    await chat.send(says["twelve"])
    assert says["more"] in chat.last_text().split("\n"), chat.last_text()
    cards = [x for x in chat.labels() if x not in (says["quiz"], says["catalogue"], says["ask"],
                                                   says["home"])]
    assert len(cards) == 6
    await chat.press(says["quiz"])
    assert says["quiz"] not in chat.labels()  # the quiz's first question


@pytest.mark.parametrize("lang", LANGS)
async def test_asking_what_to_choose_is_not_kept_for_staff(app: App, lang: str) -> None:
    says = SAYS[lang]
    chat = await person(app, "parent", lang, 6210)
    app.services.chat.understanding = Asks(8)  # type: ignore[assignment]
    await chat.send("дочке 8 что посоветуете")
    assert chat.last_text().startswith(AGE_ALONE[lang, "parent"][1])
    assert says["ask"] not in chat.labels()
    assert await kept(app) == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_asking_with_no_age_known_gets_the_quiz_and_is_asked_the_age(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    app.services.chat.understanding = Asks(None)  # type: ignore[assignment]
    for user_id, (role, voice) in enumerate(ROLES, 6220):
        chat = await person(app, role, lang, user_id)
        await chat.send("что посоветуете")
        assert says[f"ask-{voice}"] in chat.last_text(), chat.last_text()
        assert chat.labels() == [says["quiz"], says["catalogue"], says["home"]]
    assert await kept(app) == 0


async def test_asking_answers_for_each_child_and_a_quiz_band(app: App) -> None:
    app.services.chat.understanding = Asks(None)  # type: ignore[assignment]
    chat = await person(app, "parent", "ru", 6230)
    await children(app, 6230, [("Иванов Миша", 8), ("Иванова Лена", 5)])
    await chat.send("куда отдать")
    text = chat.last_text()
    assert "<b>Миша (8 лет):</b>\n• Робоквантум — 7–17 лет" in html(chat), text
    assert "Лена (5 лет) — по возрасту пока ничего не подходит: у нас занимаются с 7 до 17" in text
    # the quiz's age band comes before the family's children
    await app.services.quiz.finish(6230, [0, 0, 0, 0, 0, 1], app.services.chat.catalogue)
    await chat.send("куда отдать")
    assert chat.last_text().startswith("🔎 Вот что подойдёт в 10–12 лет"), chat.last_text()
    en = await person(app, "parent", "en", 6231)
    await app.services.quiz.finish(6231, [0, 0, 0, 0, 0, 1], app.services.chat.catalogue)
    await en.send("what do you recommend")
    assert en.last_text().startswith("🔎 Here's what suits children aged 10–12")


async def test_the_real_phrase_asking_for_a_daughter(app: App) -> None:
    chat = await person(app, "parent", "ru", 6240)
    await chat.send("дочке 7 что посоветуете")
    assert chat.last_text().startswith("🔎 Вот что подойдёт в 7 лет")
    assert "❓ Спросить у сотрудников" not in chat.labels()
    assert await kept(app) == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_an_faq_answer_has_a_quiet_way_to_staff(app: App, lang: str) -> None:
    says = SAYS[lang]
    chat = await person(app, "parent", lang, 6250)
    await chat.send(says["cost"])
    assert chat.labels()[-2:] == [says["ask"], says["home"]]
    await chat.press(says["ask"])
    assert says["prompt"] in html(chat) or says["prompt"] in chat.last_text()
    # an entry with its own «❓ Задать вопрос» gets no second one
    await chat.send("/cancel")
    await chat.send("phone number" if lang == "en" else "какой у вас телефон")
    assert says["ask"] not in chat.labels() and chat.labels()[-1] == says["home"]


@pytest.mark.parametrize("lang", LANGS)
async def test_the_schedule_under_the_hours_without_a_family(app: App, lang: str) -> None:
    says = SAYS[lang]
    for user_id, (role, _) in enumerate(ROLES, 6260):
        chat = await person(app, role, lang, user_id)
        await chat.send(says["hours"])
        assert chat.labels() == [says["schedule"], says["ask"], says["home"]]
        answer = chat.last()["message_id"]
        await chat.press(says["schedule"])
        assert says["empty"] in chat.last_text()  # what to do to have lessons
        assert says["catalogue"] in chat.labels() and chat.labels()[-1] == says["home"]
        assert chat.last()["message_id"] != answer  # a new message: the answer stays
        assert any(says["open"] in text for text in chat.texts())


@pytest.mark.parametrize("lang", LANGS)
async def test_a_text_too_long_to_read_says_so_kindly(app: App, lang: str) -> None:
    says = SAYS[lang]
    for user_id, (role, voice) in enumerate(ROLES, 6270):
        chat = await person(app, role, lang, user_id)
        await chat.send(says["robots"] * 12)  # about 450 characters of interests
        text = chat.last_text()
        assert text.startswith(says["long"]) and says[f"long-{voice}"] in text, text
        assert "🙂" not in text
        assert chat.labels()[0] == says["ask"] and chat.labels()[-1] == says["home"]
        await chat.press(says["ask"])  # within the question's limits: sent
        assert chat.last_text().startswith(says["sent"])


@pytest.mark.parametrize("lang", LANGS)
async def test_a_greeting_gets_a_greeting_without_the_way_to_staff(app: App, lang: str) -> None:
    says = SAYS[lang]
    chat = await person(app, "parent", lang, 6260)
    await chat.send("привет" if lang == "ru" else "hello")
    assert says["ask"] not in chat.labels()
    assert says["home"] in chat.labels()
    await chat.send(says["cost"])  # a question still has it
    assert says["ask"] in chat.labels()
