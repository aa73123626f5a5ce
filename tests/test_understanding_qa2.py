"""A second round of what people typed, read as they meant it: words with a Latin letter or an
invisible character in them, a misspelt verb that goes with anything, the words of a question
or of signing up never taken for a quantum's subject, a question that names a quantum too, the
families' everyday Russian questions, and short acknowledgements. The scoring is called directly
over the real catalogue and FAQ, so an error fails here."""

from __future__ import annotations

import pytest

from bot.services.catalogue import Catalogue
from bot.services.faq import load_faq
from bot.services.understanding.matcher import Index
from bot.settings import DEFAULT_FAQ
from tests.helpers.understanding import codes, read, real_index, reasons


@pytest.fixture(scope="module")
def index(catalogue: Catalogue) -> Index:
    return real_index(catalogue)


@pytest.mark.parametrize(("text", "locale", "code"), [
    ("рoбот", "ru", "robo"),  # a Latin «o»
    ("кoсмос", "ru", "space"),
    ("ро\u200bбо\u200bты", "ru", "robo"),  # zero-width spaces
    ("ро\u00adбо\u2060ты", "ru", "robo"),  # a soft hyphen, a word joiner
    ("\ufeffроботы", "ru", "robo"),
    ("rоbots", "en", "robo"),  # a Cyrillic «о» in an English word
])
def test_look_alike_letters_and_invisible_characters_do_not_hide_a_word(
    index: Index, text: str, locale: str, code: str
) -> None:
    understood = read(index, text, locale)
    assert codes(understood)[:1] == [code], understood


def test_the_word_shown_as_matched_is_the_word_without_invisible_characters(
    index: Index
) -> None:
    understood = read(index, "люблю ро\u200bбо\u200bтов")
    assert reasons(understood) == {"роботов"}


def test_a_misspelt_verb_that_goes_with_anything_picks_no_quantum(index: Index) -> None:
    robots = read(index, "хачу сабирать роботав")
    assert codes(robots) == ["robo"]  # no «сабирать → Аэроквантум», «→ Космоквантум»
    assert read(index, "хачу робатов сабирать").quanta[0].code == "robo"
    assert read(index, "люблю сабирать пазлы").quanta == ()


@pytest.mark.parametrize(("text", "locale", "wrong"), [
    ("i want to sign my daughter up for drones", "en", "auto"),
    ("хочу 3д принтер", "ru", "auto"),
    ("3d printing", "en", "auto"),
])
def test_sign_up_words_and_a_keyword_held_whole_say_nothing_for_another_quantum(
    index: Index, text: str, locale: str, wrong: str
) -> None:
    understood = read(index, text, locale)
    assert understood.kind == "interests" and wrong not in codes(understood), understood
    assert "sign" not in reasons(understood)


def test_a_word_another_quantum_only_mentions_still_counts_alone(index: Index) -> None:
    # «Программируем на Scratch, Python»: a single word reaches Робо after IT
    assert codes(read(index, "пайтон"))[:2] == ["it", "robo"]


def test_a_medical_certificate_is_a_document_not_biology(index: Index) -> None:
    understood = read(index, "нужна ли справка от врача")
    assert (understood.kind, understood.faq) == ("faq", "documents"), understood


@pytest.mark.parametrize(("text", "locale", "entry"), [
    ("сколько стоит робототехника", "ru", "cost"),
    ("how much does robotics cost", "en", "cost"),
    ("а робототехника платно или бесплатно", "ru", "cost"),
])
def test_a_question_naming_a_quantum_gets_the_answer_and_the_quantum(
    index: Index, text: str, locale: str, entry: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.faq) == ("faq", entry), understood
    assert codes(understood) == ["robo"]


def test_a_question_naming_no_quantum_carries_none(index: Index) -> None:
    assert read(index, "сколько стоит").quanta == ()


@pytest.mark.parametrize(("text", "locale"), [
    ("как записать ребенка на робототехнику", "ru"),
    ("хочу записать сына на робототехнику", "ru"),
    ("как записаться на робототехнику", "ru"),
    ("how do i sign up for robotics", "en"),
])
def test_signing_up_for_a_named_quantum_opens_its_card(
    index: Index, text: str, locale: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, codes(understood)) == ("quantum", ["robo"]), understood


@pytest.mark.parametrize(("text", "locale"), [
    ("как записаться", "ru"), ("как записать ребенка", "ru"), ("how do i sign up", "en"),
])
def test_signing_up_with_no_quantum_named_is_the_sign_up_answer(
    index: Index, text: str, locale: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.faq) == ("faq", "signup"), understood


def test_it_named_with_the_word_quantum_is_the_it_quantum(index: Index) -> None:
    for text in ("it quantum", "IT quantum", "it-квантум"):
        understood = read(index, text, "en")
        assert (understood.kind, codes(understood)) == ("quantum", ["it"]), (text, understood)


def test_the_same_text_is_read_the_same_in_every_run(catalogue: Catalogue) -> None:
    """«робатов» sounds like both «робот» and «работ»: both are kept, in a fixed order, so the
    answer does not depend on how a run happens to order its words."""
    import subprocess
    import sys

    program = (
        "from bot.services.catalogue import load_catalogue; from bot.services.faq import "
        "load_faq; from bot.settings import DEFAULT_CATALOGUE, DEFAULT_FAQ; "
        "from bot.services.understanding.matcher import build; "
        "from bot.services.understanding.scoring import understand; "
        "c = load_catalogue(DEFAULT_CATALOGUE); i = build(c, load_faq(DEFAULT_FAQ, c)); "
        "print(understand(i, 'хачу робатов сабирать', 'ru').quanta[0].code)"
    )
    for seed in ("1", "2", "3"):
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}, check=True)
        assert done.stdout.strip() == "robo", seed


@pytest.mark.parametrize(("text", "entry"), [
    ("а это платно или как", "cost"), ("цена за месяц занятий", "cost"), ("цена?", "cost"),
    ("стоимость", "cost"), ("платно", "cost"), ("занятия у вас бесплатные?", "cost"),
    ("во сколько обойдется", "cost"), ("со скольки лет можно", "ages"),
    ("ребенку 6 лет возьмете?", "ages"), ("адрес кванториума", "address"),
    ("где вы", "address"), ("адрес?", "address"), ("скиньте адрес", "address"),
    ("как проехать к вам", "address"), ("телефон для связи", "contacts"),
    ("как позвонить администратору", "contacts"), ("телефон?", "contacts"),
    ("позвонить", "contacts"), ("дайте телефон", "contacts"),
    ("как связаться с администрацией", "contacts"), ("какой график", "hours"),
    ("будут ли мероприятия на каникулах", "events"), ("мероприятия", "events"),
    ("есть какие нибудь мероприятия", "events"), ("какие есть мероприятия в мае", "events"),
    ("на сколько лет обучение", "duration"), ("сколько лет учиться", "duration"),
    ("что такое навигатор и где там регистрироваться", "documents"),
    ("благодарю за помощь", "thanks"), ("спасибо большое за помощь", "thanks"),
])
def test_the_families_everyday_russian_questions_get_their_answer(
    index: Index, text: str, entry: str
) -> None:
    understood = read(index, text)
    assert (understood.kind, understood.faq) == ("faq", entry), understood


@pytest.mark.parametrize(("text", "locale"), [
    ("сколько тебе лет", "ru"), ("какой у тебя возраст", "ru"), ("сколько вам лет", "ru"),
    ("не понятно", "ru"), ("у меня новый телефон", "ru"), ("позвоню позже", "ru"),
    ("у нас каникулы", "ru"), ("бесплатная пицца", "ru"), ("связь плохая", "ru"),
    ("привет спасибо", "ru"), ("how old are you", "en"), ("call you later", "en"),
    ("not ok", "en"),
])
def test_chit_chat_with_a_topic_word_in_it_stays_nothing(
    index: Index, text: str, locale: str
) -> None:
    assert read(index, text, locale).kind == "nothing", text


@pytest.mark.parametrize(("text", "locale", "entry"), [
    ("ку", "ru", "hello"), ("ок", "ru", "thanks"), ("понятно", "ru", "thanks"),
    ("ясно", "ru", "thanks"), ("ок понятно", "ru", "thanks"), ("ok", "en", "thanks"),
    ("got it thanks", "en", "thanks"), ("yo", "en", "hello"),
])
def test_a_hello_or_an_acknowledgement_gets_the_short_answer(
    index: Index, text: str, locale: str, entry: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.faq) == ("faq", entry), understood


@pytest.mark.parametrize(("text", "locale", "code"), [
    ("я люблю кадить", "ru", "it"), ("хочу запускать квадрик", "ru", "aero"),
    ("солнечные панели", "ru", "energy"), ("any events this month", "en", None),
])
def test_slang_and_the_cards_own_words_reach_their_quantum(
    index: Index, text: str, locale: str, code: str | None
) -> None:
    understood = read(index, text, locale)
    if code is None:
        assert (understood.kind, understood.faq) == ("faq", "events"), understood
    else:
        assert codes(understood)[:1] == [code], understood


def test_the_ages_answer_agrees_with_the_catalogue(catalogue: Catalogue) -> None:
    entry = load_faq(DEFAULT_FAQ, catalogue).get("ages")
    assert entry is not None
    youngest = min(q.age_min for q in catalogue.quanta)
    oldest = max(q.age_max for q in catalogue.quanta)
    assert (youngest, oldest) == (7, 17)
    for locale in ("ru", "en"):
        for you in ("ty", "vy"):
            answer = entry.text(locale).answer_for(you)
            assert f"{youngest} " in answer and f" {oldest}" in answer, answer
            assert "5–7" not in answer and "18" not in answer
