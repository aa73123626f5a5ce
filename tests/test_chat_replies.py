"""The chat's answers, checked as people read them in ru and en («ты» to a pupil, «вы» to a
parent): a quantum named in a common question, several ages typed at once, the advice hint
that fits a son or a daughter alike, a text retyped after it went to staff, and /unanswered
folding punctuation and masking numbers written with long dashes."""

from __future__ import annotations

import pytest

from bot.services.understanding import QuantumHit, Understood
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.staff import staff_chat
from tests.test_chat import html, person

LANGS = ["ru", "en"]
ROLES = (("pupil", "ty"), ("parent", "vy"))
SAYS = {
    "ru": {"robo": "🤖 Робоквантум", "ask": "❓ Спросить у сотрудников", "home": "🏠 Меню",
           "free": "<b>бесплатные</b>", "card": "Робоквантум", "cost": "сколько стоит",
           "cost-robo": "сколько стоит робототехника", "signup": "✍️ Записаться",
           "already": "Этот вопрос уже у сотрудников", "it": "IT-квантум"},
    "en": {"robo": "🤖 Robotics Quantum", "ask": "❓ Ask the staff", "home": "🏠 Menu",
           "free": "<b>free</b>", "card": "Robotics Quantum", "cost": "how much does it cost",
           "cost-robo": "how much does robotics cost", "signup": "✍️ Sign up",
           "already": "That question is already with the staff", "it": "IT Quantum"},
}


class Cost:
    """The engine reading the text as the cost question naming the robotics quantum (until
    the engine puts the named quantum in `quanta` itself)."""

    async def understand(self, text: str, locale: str) -> Understood:
        return Understood("faq", (QuantumHit("robo", 1.0, ()),), faq="cost")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_common_question_naming_a_quantum_has_its_card_button(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    app.services.chat.understanding = Cost()  # type: ignore[assignment]
    for role, user_id in (("pupil", 6201), ("parent", 6202)):
        chat = await person(app, role, lang, user_id)
        await chat.send(says["cost-robo"])
        assert says["free"] in html(chat)
        labels = chat.labels()
        assert labels[0] == says["robo"] and labels.count(says["robo"]) == 1
        assert labels[-2:] == [says["ask"], says["home"]]
        await chat.press(says["robo"])
        assert says["card"] in chat.last_text().split("\n")[0]
        assert says["signup"] in chat.labels()


@pytest.mark.parametrize("lang", LANGS)
async def test_the_real_cost_question_about_robotics_has_the_card(app: App, lang: str) -> None:
    says = SAYS[lang]
    chat = await person(app, "parent", lang, 6205)
    await chat.send(says["cost-robo"])
    assert says["free"] in html(chat)
    assert chat.labels()[0] == says["robo"]


async def test_a_common_question_without_a_quantum_has_no_card(app: App) -> None:
    chat = await person(app, "parent", "ru", 6206)
    await chat.send("сколько стоит")
    assert "🤖 Робоквантум" not in chat.labels()


SEVERAL = {
    "ru": ("у меня двое детей 8 и 13 лет куда их отдать", "<b>8 лет:</b>", "<b>13 лет:</b>"),
    "en": ("my kids are 8 and 13 years old what do you recommend", "<b>8 years old:</b>",
           "<b>13 years old:</b>"),
}


@pytest.mark.parametrize("lang", LANGS)
async def test_several_ages_typed_get_an_answer_for_each(app: App, lang: str) -> None:
    typed, eight, thirteen = SEVERAL[lang]
    chat = await person(app, "parent", lang, 6210)
    await chat.send(typed)
    page = html(chat)
    assert eight in page and thirteen in page, page
    younger, older = page.split(thirteen)
    assert SAYS[lang]["it"] not in younger and SAYS[lang]["it"] in older  # IT from 10
    # with interests too: each age its own quanta
    await chat.send("у меня двое детей 8 и 13 лет хотят программировать" if lang == "ru"
                    else "my kids are 8 and 13 years old and like coding")
    if lang == "ru":  # the engine reads both ages in Russian
        younger, older = html(chat).split(thirteen)
        assert eight in younger and SAYS[lang]["it"] in older


HINT = {  # (language, role): typed, the hint, what it must not assume
    ("ru", "parent"): ("дочке 7 что посоветуете",
                       "Или напишите, что нравится ребёнку, например: «любит рисовать».",
                       ("сын", "ему ")),
    ("ru", "pupil"): ("мне 9 что посоветуешь", "Или напиши, что тебе нравится", ("сын",)),
    ("en", "parent"): ("my daughter is 7 what do you recommend",
                       'Or tell me what your child likes, say: "loves drawing".',
                       ("my son", " his ")),
    ("en", "pupil"): ("i'm 9 what do you recommend", "Or just tell me what you're into",
                      ("my son",)),
}


@pytest.mark.parametrize("lang", LANGS)
async def test_the_advice_hint_fits_a_son_or_a_daughter(app: App, lang: str) -> None:
    for n, (role, _) in enumerate(ROLES):
        typed, hint, never = HINT[lang, role]
        chat = await person(app, role, lang, 6220 + n)
        await chat.send(typed)
        text = chat.last_text()
        assert hint in text, text
        assert not any(word in text for word in never), text


@pytest.mark.parametrize("lang", LANGS)
async def test_a_text_retyped_after_it_went_to_staff_is_not_offered_again(
    app: App, lang: str
) -> None:
    says = SAYS[lang]
    await staff_chat(app, 6239, "Елена")
    for n, (role, _) in enumerate(ROLES):
        chat = await person(app, role, lang, 6230 + n)
        await chat.send("ывапр шлагбаум")
        await chat.press(says["ask"])
        assert chat.last_text().startswith("✅")
        await chat.send("Ывапр, шлагбаум!")  # the same text that day, punctuation aside
        assert says["already"] in chat.last_text()
        assert says["ask"] not in chat.labels() and chat.labels()[-1] == says["home"]
    assert int(await app.db.fetchval("SELECT count(*) FROM questions")) == 2


@pytest.mark.parametrize("lang", LANGS)
async def test_unanswered_folds_punctuation_and_keeps_the_wording(app: App, lang: str) -> None:
    staff = await staff_chat(app, 6240, "Елена", lang)
    for user_id, text in ((6241, "какая погода"), (6242, "Какая ПОГОДА!"),
                          (6243, "какая, погода?")):
        pupil = app.chat(user_id=user_id)
        await start_as(pupil, "pupil")
        await pupil.send(text)
    await staff.send("/unanswered")
    lines = [line for line in staff.last_text().split("\n") if line.startswith("• ")]
    assert len(lines) == 1 and "×3" in lines[0], lines
    assert ("какая, погода?" in lines[0])  # the newest wording, as typed
    stored = {str(r[0]) for r in await app.db.fetchall("SELECT text FROM unanswered")}
    assert stored == {"какая погода", "Какая ПОГОДА!", "какая, погода?"}


async def test_numbers_with_long_dashes_are_masked(app: App) -> None:
    staff = await staff_chat(app, 6250, "Елена")
    parent = app.chat(user_id=6251)
    await start_as(parent, "parent")
    await parent.send("ывапр звоните +7 912 345–67–89 или 8—912—345—67—90")
    await staff.send("/unanswered")
    text = staff.last_text()
    assert "• «ывапр звоните ••• или •••» — " in text, text
    assert "67" not in text and "912" not in text
