"""What people trying the bot as users typed, read as they meant it: filler words and verbs that
go with anything are never a reason, an age or a wish for advice is noticed, a greeting or thanks
gets its short answer, and the words a technopark would write reach their quantum. The scoring
is called directly over the real catalogue and FAQ, so an error fails here."""

from __future__ import annotations

import pytest

from bot.services.catalogue import Catalogue
from bot.services.understanding.matcher import Index
from tests.helpers.understanding import codes, read, real_index, reasons


@pytest.fixture(scope="module")
def index(catalogue: Catalogue) -> Index:
    return real_index(catalogue)


@pytest.mark.parametrize(("text", "locale", "entry"), [
    ("how much is it", "en", "cost"), ("how much is it per month", "en", "cost"),
    ("where is kvantorium located", "en", "address"),
    ("how do i get to you by tram", "en", "address"), ("where r u", "en", "address"),
    ("where is the technopark", "en", "address"), ("when do you close", "en", "hours"),
    ("are there any events", "en", "events"), ("can we try a free trial class", "en", "events"),
    ("how can i reach you", "en", "contacts"), ("i want to speak to a human", "en", "contacts"),
    ("нужна сменка", "ru", "bring"), ("можно ли с 7 лет", "ru", "ages"),
    ("моему 5 лет можно к вам", "ru", "ages"), ("где проходят занятия", "ru", "address"),
    ("сколько по времени обучение", "ru", "duration"), ("какие доки нужны", "ru", "documents"),
    ("сколько человек в группе", "ru", "group_size"),
    ("how many kids are in a group", "en", "group_size"),
])
def test_the_questions_users_asked_get_their_answer(
    index: Index, text: str, locale: str, entry: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.faq) == ("faq", entry), understood


@pytest.mark.parametrize(("text", "locale"), [
    ("можно ли прийти с котом", "ru"), ("can i bring my cat", "en"), ("is there parking", "en"),
    ("подскажите, у вас есть парковка для машин", "ru"), ("люблю собирать пазлы", "ru"),
    ("бот тупой", "ru"), ("я люблю математику", "ru"), ("хайтек", "ru"),
    ("как дела", "ru"), ("how are you", "en"), ("привет а где мои носки", "ru"),
])
def test_chit_chat_and_the_premises_are_nothing(index: Index, text: str, locale: str) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.advice) == ("nothing", False), understood


def test_filler_words_and_generic_verbs_are_never_reasons(index: Index) -> None:
    game = read(index, "хочу делать свою игру на юнити")
    assert codes(game)[:1] == ["it"] and "bio" not in codes(game)
    assert "свою" not in reasons(game)
    room = read(index, "хочу сделать робота который убирает комнату")
    assert codes(room) == ["robo"]
    assert reasons(room) == {"робота"}
    robots = read(index, "хочу собирать роботов")
    assert codes(robots) == ["robo"]  # Аэро and Космо had only «собирать»
    assert read(index, "люблю мастерить из дерева").quanta == ()
    assert "разбирать" not in reasons(read(index, "люблю разбирать технику"))
    maps = read(index, "карты и спутники")
    assert codes(maps)[0] == "geo" and "auto" not in codes(maps)
    for verb in ("собирать", "делать", "сделать", "мастерить", "разбирать", "создавать",
                 "придумывать"):
        assert read(index, f"люблю {verb}").kind == "nothing", verb
    for verb in ("build", "make", "create"):
        assert read(index, f"i like to {verb}", "en").kind == "nothing", verb


@pytest.mark.parametrize(("text", "locale", "ages", "child"), [
    ("дочке 7 что посоветуете", "ru", (7,), True),
    ("мне 9 лет что мне подойдет", "ru", (9,), False),
    ("мне 8", "ru", (8,), False),
    ("у меня двое детей 8 и 13 лет куда их отдать", "ru", (8, 13), True),
    ("для первоклассника что есть", "ru", (7,), True),
    ("что есть для младших школьников", "ru", (), True),
    ("что посоветуете для ребенка", "ru", (), True),
    ("сын во 2 классе", "ru", (8,), True),
    ("my daughter is 7 what do you recommend", "en", (7,), True),
    ("what is good for an 8 year old", "en", (8,), None),
    ("i'm 9 what can i do", "en", (9,), False),
])
def test_an_age_or_a_wish_for_advice_asks_for_the_quanta_that_fit(
    index: Index, text: str, locale: str, ages: tuple[int, ...], child: bool | None
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.advice) == ("nothing", True), understood
    assert (understood.ages, understood.child) == (ages, child)
    assert understood.age == (ages[0] if ages else None)


def test_interests_with_an_age_stay_interests(index: Index) -> None:
    drones = read(index, "сыну 8 хочет дроны что посоветуете")
    assert (drones.kind, codes(drones)[0], drones.age) == ("interests", "aero", 8)


@pytest.mark.parametrize(("text", "locale", "code"), [
    ("хочу записать сына на робототехнику", "ru", "robo"),
    ("хочу записать дочку на нейро", "ru", "neuro"),
    ("i want to sign my son up for robotics", "en", "robo"),
    ("it", "ru", "it"), ("it", "en", "it"), ("хочу на it", "ru", "it"), ("хочу в it", "ru", "it"),
])
def test_a_quantum_named_with_a_sign_up_wish_opens_its_card(
    index: Index, text: str, locale: str, code: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, codes(understood)) == ("quantum", [code])


@pytest.mark.parametrize(("text", "locale", "first", "also"), [
    ("хочу 3д моделировать", "ru", {"vrar", "design"}, set()),
    ("3д печать", "ru", {"design"}, set()),
    ("3d modelling", "en", {"vrar", "design"}, {"design"}),
    ("пайтон", "ru", {"it"}, {"robo"}), ("питон", "ru", {"it"}, {"robo"}),
    ("скретч", "ru", {"it"}, {"robo"}), ("паяльник", "ru", {"robo"}, {"energy"}),
    ("чертить", "ru", {"design"}, set()), ("я люблю майнкрафт", "ru", {"it"}, {"vrar"}),
    ("сын фанат майнкрафта", "ru", {"it"}, {"vrar"}), ("minecraft", "en", {"it"}, {"vrar"}),
    ("люблю играть в роблокс", "ru", {"it"}, {"vrar"}),
    ("хочу стать врачом", "ru", {"bio"}, set()),
    ("хочу научиться делать игры на юнити", "ru", {"it"}, {"vrar"}),
    ("my son is 8 and loves programming", "en", {"it"}, {"robo"}),
])
def test_the_words_a_technopark_would_write_reach_their_quanta(
    index: Index, text: str, locale: str, first: set[str], also: set[str]
) -> None:
    understood = read(index, text, locale)
    assert understood.kind == "interests", understood
    assert codes(understood)[0] in first
    assert also <= set(codes(understood))


@pytest.mark.parametrize(("text", "locale", "entry"), [
    ("привет", "ru", "hello"), ("здравствуйте", "ru", "hello"), ("добрый день", "ru", "hello"),
    ("Привет, бот!", "ru", "hello"), ("привет как дела", "ru", "hello"),
    ("привет я саша", "ru", "hello"), ("hi", "en", "hello"), ("hello", "en", "hello"),
    ("hey", "en", "hello"), ("hi, I'm Tom", "en", "hello"), ("спасибо", "ru", "thanks"),
    ("спс", "ru", "thanks"), ("благодарю", "ru", "thanks"), ("thanks", "en", "thanks"),
    ("thank you", "en", "thanks"), ("Спасибо большое!", "ru", "thanks"),
])
def test_a_whole_greeting_or_thanks_gets_its_answer(
    index: Index, text: str, locale: str, entry: str
) -> None:
    understood = read(index, text, locale)
    assert (understood.kind, understood.faq) == ("faq", entry)


def test_thanks_with_a_question_is_the_question(index: Index) -> None:
    assert read(index, "спасибо, а сколько стоит").faq == "cost"
    assert read(index, "привет хочу на робототехнику").kind == "quantum"
    assert read(index, "привет я робот").faq != "hello"  # a known word is not a name
