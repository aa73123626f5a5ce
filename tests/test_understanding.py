"""Typed words understood: quantum names in any form and spelling open the card, interests
give candidates with the person's own words, typos are forgiven only in words of five letters
or more, stop words match nothing, ages and children are noticed, and no text breaks it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.services.catalogue import Catalogue, CatalogueError, load_catalogue
from bot.services.faq import Faq, FaqEntry, FaqText
from bot.services.understanding import Because, Understanding

ROOT = Path(__file__).resolve().parent.parent


def small_faq() -> Faq:
    def entry(entry_id: str, ru: list[str], en: list[str]) -> FaqEntry:
        return FaqEntry(id=entry_id, ru=FaqText(phrasings=ru, answer="Ответ."),
                        en=FaqText(phrasings=en, answer="An answer."))

    return Faq((
        entry("cost", ["сколько стоит", "это платно", "цена"],
              ["how much does it cost", "is it free", "price"]),
        entry("address", ["где вы находитесь", "адрес", "как доехать"],
              ["where are you", "address", "how do I get there"]),
        entry("hours", ["режим работы", "во сколько открываетесь", "когда открыто"],
              ["opening hours", "when are you open", "what time do you open"]),
    ))


@pytest.fixture(scope="module")
def engine() -> Understanding:
    from bot.settings import DEFAULT_CATALOGUE

    return Understanding(load_catalogue(DEFAULT_CATALOGUE), small_faq())


@pytest.mark.parametrize(("text", "locale", "code"), [
    ("нейроквантум", "ru", "neuro"), ("Что такое НЕЙРОКВАНТУМ?!", "ru", "neuro"),
    ("в геоквантуме", "ru", "geo"), ("про аэро", "ru", "aero"), ("VR", "ru", "vrar"),
    ("виар", "ru", "vrar"), ("хочу на ит", "ru", "it"), ("хочу в IT", "ru", "it"),
    ("робототехника", "ru", "robo"), ("робототехникой", "ru", "robo"),
    ("робатаехника", "ru", "robo"), ("нейро-квантум", "ru", "neuro"),
    ("Robotics", "en", "robo"), ("tell me about the Space Quantum", "en", "space"),
    ("нейроквантум", "en", "neuro"), ("robotics", "ru", "robo"),
])
def test_a_quantum_named_in_any_form_opens_its_card(
    engine: Understanding, text: str, locale: str, code: str
) -> None:
    understood = engine.understand_now(text, locale)
    assert understood.kind == "quantum"
    assert [hit.code for hit in understood.quanta] == [code]


def test_interests_give_every_candidate_best_first_with_the_persons_words(
    engine: Understanding,
) -> None:
    understood = engine.understand_now("Хочу собирать РОБОТОВ", "ru")
    assert understood.kind == "interests"
    assert understood.quanta[0].code == "robo"
    assert Because("РОБОТОВ", "робот") in understood.quanta[0].because
    assert len(understood.quanta) > 3  # the caller filters by age and keeps three
    scores = [hit.score for hit in understood.quanta]
    assert scores == sorted(scores, reverse=True)
    drones = engine.understand_now("люблю запускать дроны", "ru")
    assert drones.quanta[0].code == "aero"
    assert [(b.typed, b.matched) for b in drones.quanta[0].because] == [("дроны", "дрон")]
    games = engine.understand_now("I like coding games", "en")
    assert games.kind == "interests"
    assert games.quanta[0].code == "it"
    assert {b.typed for b in games.quanta[0].because} == {"coding", "games"}


def test_either_language_is_understood_and_the_persons_language_is_shown(
    engine: Understanding,
) -> None:
    assert engine.understand_now("drones", "ru").quanta[0].code == "aero"
    assert engine.understand_now("дроны", "en").quanta[0].code == "aero"
    # a word both languages' catalogues hold is shown as the person's language writes it
    ru = engine.understand_now("хочу Arduino", "ru").quanta[0]
    en = engine.understand_now("хочу Arduino", "en").quanta[0]
    assert (ru.code, en.code) == ("robo", "robo")


def test_typos_are_forgiven_only_in_words_of_five_letters_or_more(
    engine: Understanding,
) -> None:
    assert engine.understand_now("квадракоптер", "ru").quanta[0].code == "aero"
    assert engine.understand_now("праграмирование", "ru").quanta[0].code == "it"
    assert engine.understand_now("biolagy", "en").quanta[0].code == "bio"
    # one wrong letter in a short word is another word, not a typo
    for short in ("дорн", "кот", "лиго", "гиа", "нонп", "rocet", "mapz"):
        if len(short) < 5:
            assert engine.understand_now(short, "ru").kind == "nothing", short


def test_stop_words_never_match(engine: Understanding) -> None:
    for text in ("хочу люблю мне нравится это и в про что такое", "I like want the it",
                 "квантум", "привет как дела", "ок спасибо"):
        assert engine.understand_now(text, "ru").kind == "nothing", text
        assert engine.understand_now(text, "en").kind == "nothing", text


def test_a_question_about_a_quantum_is_the_question(engine: Understanding) -> None:
    assert engine.understand_now("сколько стоит робототехника", "ru").faq == "cost"
    assert engine.understand_now("скок стоит", "ru").faq == "cost"
    assert engine.understand_now("где вы находитесь", "ru").faq == "address"
    assert engine.understand_now("how much does it cost", "en").faq == "cost"
    assert engine.understand_now("how much does it cost", "ru").faq == "cost"
    brain = engine.understand_now("как работает мозг", "ru")
    assert (brain.kind, brain.quanta[0].code) == ("interests", "neuro")
    assert engine.understand_now("где мои носки", "ru").kind == "nothing"


@pytest.mark.parametrize(("text", "age", "child"), [
    ("мне 12", 12, False), ("12 лет", 12, None), ("моему сыну 10 лет", 10, True),
    ("дочке 7", 7, True), ("сыну уже 9, любит лего", 9, True), ("I'm 10", 10, False),
    ("my son is 9", 9, True), ("10 years old", 10, None), ("мне двенадцать лет", 12, False),
    ("в 2 часа", None, None), ("приду в 5 часов", None, None), ("мне 35 лет", None, None),
    ("сын любит лего", None, True), ("my daughter likes maps", None, True),
    ("I like robots", None, None), ("ему 11", 11, True), ("дочке 7 лет", 7, True),
    ("I am 13", 13, False),
])
def test_an_age_and_a_child_are_noticed(
    engine: Understanding, text: str, age: int | None, child: bool | None
) -> None:
    understood = engine.understand_now(text, "ru")
    assert (understood.age, understood.child) == (age, child)


async def test_the_first_texts_build_the_index_once_in_a_thread(
    monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue
) -> None:
    from bot.services.understanding import matcher

    built: list[int] = []
    real = matcher.build

    def counting(catalogue: Catalogue, faq: Faq) -> matcher.Index:
        built.append(1)
        return real(catalogue, faq)

    monkeypatch.setattr(matcher, "build", counting)
    understanding = Understanding(catalogue, small_faq())
    first, second = await asyncio.gather(understanding.understand("дроны", "ru"),
                                         understanding.understand("адрес", "ru"))
    assert (first.quanta[0].code, second.faq) == ("aero", "address")
    assert await understanding.understand("VR", "en") is not None
    assert built == [1]


def test_importing_the_package_leaves_the_heavy_libraries_alone() -> None:
    probe = (
        "import sys; from bot.services.catalogue import Catalogue; "
        "from bot.services.faq import Faq; from bot.services.understanding import Understanding; "
        "Understanding(Catalogue(()), Faq(())); "
        "print(sorted(m for m in ('snowballstemmer', 'rapidfuzz') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("text", [
    "", " ", "😀🤖🚀", "\x00\x01\x1b[31m\u202e", "а" * 4000, "роботы " * 700,
    "<b>роботы</b> & <script>", "١٢ سنة", "ＲＯＢＯＴ", "ß" * 50, "İstanbul ǅ ﬁ",
])
def test_no_text_breaks_it(engine: Understanding, text: str) -> None:
    understood = engine.understand_now(text, "ru")
    assert understood.kind in ("quantum", "interests", "faq", "nothing")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), locale=st.sampled_from(["ru", "en"]))
def test_any_text_is_understood_from_its_own_words(
    engine: Understanding, text: str, locale: str
) -> None:
    understood = engine.understand_now(text, locale)
    codes = [hit.code for hit in understood.quanta]
    assert len(codes) == len(set(codes)) <= 13
    assert understood.kind != "quantum" or len(codes) == 1
    for hit in understood.quanta:
        for reason in hit.because:
            assert reason.typed in text
    assert understood.age is None or 4 <= understood.age <= 18


def test_keywords_and_aliases_are_checked_like_the_other_fields(tmp_path: Path) -> None:
    from bot.settings import DEFAULT_CATALOGUE

    good = DEFAULT_CATALOGUE.read_text(encoding="utf-8")
    for quantum in load_catalogue(DEFAULT_CATALOGUE).quanta:
        for locale in ("ru", "en"):
            assert 10 <= len(quantum.text(locale).keywords) <= 30, (quantum.code, locale)
    broken = tmp_path / "catalogue.toml"
    broken.write_text(good.replace('aliases = ["робототехника"',
                                   f'aliases = ["{"р" * 41}"', 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"quantum\[1\] \(code 'robo'\)\.ru\.aliases"):
        load_catalogue(broken)
