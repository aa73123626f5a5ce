"""Typed words understood: quantum names in any form and spelling open the card, interests
give candidates with the person's own words, typos are forgiven only in words of five letters
or more, stop words match nothing, ages and children are noticed, and no text breaks it.

The tests call the scoring directly: `Understanding` turns an error into «nothing» for the
bot, which would hide a bug here."""

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
from bot.services.understanding import Because, Understanding, Understood

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


class Direct:
    """The scoring over a built index, with nothing between them that could swallow an error."""

    def __init__(self, catalogue: Catalogue, faq: Faq) -> None:
        from bot.services.understanding.matcher import build

        self.index = build(catalogue, faq)

    def understand_now(self, text: str, locale: str) -> Understood:
        from bot.services.understanding.scoring import understand

        return understand(self.index, text, locale)


@pytest.fixture(scope="module")
def engine() -> Direct:
    from bot.settings import DEFAULT_CATALOGUE

    return Direct(load_catalogue(DEFAULT_CATALOGUE), small_faq())


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
    engine: Direct, text: str, locale: str, code: str
) -> None:
    understood = engine.understand_now(text, locale)
    assert understood.kind == "quantum"
    assert [hit.code for hit in understood.quanta] == [code]


def test_interests_give_every_candidate_best_first_with_the_persons_words(
    engine: Direct,
) -> None:
    understood = engine.understand_now("Хочу собирать РОБОТОВ", "ru")
    assert understood.kind == "interests"
    assert understood.quanta[0].code == "robo"
    assert Because("РОБОТОВ", "робот") in understood.quanta[0].because
    # «собирать» alone picks nothing: Аэро and Космо, which only it points at, are left out
    assert [hit.code for hit in understood.quanta] == ["robo"]
    several = engine.understand_now("хочу собирать роботов и запускать дроны и ракеты", "ru")
    assert len(several.quanta) >= 3  # the caller filters by age and keeps three
    scores = [hit.score for hit in several.quanta]
    assert scores == sorted(scores, reverse=True)
    drones = engine.understand_now("люблю запускать дроны", "ru")
    assert drones.quanta[0].code == "aero"
    assert [(b.typed, b.matched) for b in drones.quanta[0].because] == [("дроны", "дрон")]
    games = engine.understand_now("I like coding games", "en")
    assert games.kind == "interests"
    assert games.quanta[0].code == "it"
    assert {b.typed for b in games.quanta[0].because} == {"coding", "games"}


def test_either_language_is_understood_and_the_persons_language_is_shown(
    engine: Direct,
) -> None:
    assert engine.understand_now("drones", "ru").quanta[0].code == "aero"
    assert engine.understand_now("дроны", "en").quanta[0].code == "aero"
    # a word both languages' catalogues hold is shown as the person's language writes it
    ru = engine.understand_now("хочу Arduino", "ru").quanta[0]
    en = engine.understand_now("хочу Arduino", "en").quanta[0]
    assert (ru.code, en.code) == ("robo", "robo")


def test_typos_are_forgiven_only_in_words_of_five_letters_or_more(
    engine: Direct,
) -> None:
    assert engine.understand_now("квадракоптер", "ru").quanta[0].code == "aero"
    assert engine.understand_now("праграмирование", "ru").quanta[0].code == "it"
    assert engine.understand_now("biolagy", "en").quanta[0].code == "bio"
    assert engine.understand_now("програмирование", "ru").quanta[0].code == "it"
    # a long name with a typo is the name; two edits are forgiven in a long word only
    for typo, code in (("робатаехника", "robo"), ("робототехнка", "robo"),
                       ("robotcs", "robo"), ("robotix", "robo")):
        understood = engine.understand_now(typo, "ru")
        assert (understood.kind, understood.quanta[0].code) == ("quantum", code), typo
    # one wrong letter in a short word is another word, not a typo
    for short in ("дорн", "кот", "лиго", "гиа", "нонп", "mapz"):
        assert engine.understand_now(short, "ru").kind == "nothing", short
    # a word of five to seven letters one edit from a keyword is weak evidence: alone it is
    # nothing, beside another word of the same quantum it counts
    assert engine.understand_now("rocet", "en").kind == "nothing"
    assert engine.understand_now("rocet and stars", "en").quanta[0].code == "space"
    # never a typo onto a shorter word, nor another first letter, nor two edits in a short one
    for other in ("а есть летний лагерь", "планшет", "фотография", "квантумы",
                  "what time does it start", "photos"):
        assert engine.understand_now(other, "ru").kind == "nothing", other


def test_stop_words_never_match(engine: Direct) -> None:
    for text in ("хочу люблю мне нравится это и в про что такое", "I like want the it",
                 "квантум", "привет как дела", "ок спасибо"):
        assert engine.understand_now(text, "ru").kind == "nothing", text
        assert engine.understand_now(text, "en").kind == "nothing", text


def test_a_question_about_a_quantum_is_the_question(engine: Direct) -> None:
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
    engine: Direct, text: str, age: int | None, child: bool | None
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


async def test_a_text_typed_again_is_read_once_the_latest_being_remembered(
    monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue
) -> None:
    from bot.services.understanding import scoring

    read: list[tuple[str, str]] = []
    real = scoring.understand

    def counting(index: object, text: str, locale: str) -> Understood:
        read.append((text, locale))
        return real(index, text, locale)  # type: ignore[arg-type]

    monkeypatch.setattr(scoring, "understand", counting)
    understanding = Understanding(catalogue, small_faq(), recent=2)
    first = await understanding.understand("хочу собирать роботов", "ru")
    assert await understanding.understand("хочу собирать роботов", "ru") == first
    assert first.kind == "interests" and first.quanta[0].code == "robo"
    assert read == [("хочу собирать роботов", "ru")]
    # another language is another reading; past `recent` texts the oldest is read again
    assert (await understanding.understand("хочу собирать роботов", "en")).kind == "interests"
    assert (await understanding.understand("адрес", "ru")).faq == "address"
    assert await understanding.understand("хочу собирать роботов", "ru") == first
    assert read.count(("хочу собирать роботов", "ru")) == 2 and len(read) == 4


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
def test_no_text_breaks_it(engine: Direct, text: str) -> None:
    understood = engine.understand_now(text, "ru")
    assert understood.kind in ("quantum", "interests", "faq", "nothing")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), locale=st.sampled_from(["ru", "en"]))
def test_any_text_is_understood_from_its_own_words(
    engine: Direct, text: str, locale: str
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


def test_an_error_is_logged_with_its_traceback_and_the_person_gets_nothing(
    monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.services.understanding import scoring

    def broken(*_: object) -> Understood:
        raise RuntimeError("a bug in the scoring")

    understanding = Understanding(catalogue, small_faq())
    assert understanding.understand_now("роботы", "ru").kind == "interests"
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    monkeypatch.setattr(scoring, "understand", broken)
    with caplog.at_level("ERROR"):
        assert understanding.understand_now("роботы", "ru") == Understood("nothing")
    (record,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.exc_info is not None and "a bug in the scoring" in str(record.exc_info[1])


@pytest.mark.parametrize(("text", "locale", "codes"), [
    # English names are whole words: robots are an interest (the age filter applies)
    ("robot", "en", ["robo"]), ("robots", "en", ["robo"]),
    ("i want to build robots", "en", ["robo"]), ("I'm 9 and I like robots", "en", ["robo"]),
    # two quanta named are interests listing both
    ("химия и биология", "ru", ["bio", "nano"]), ("robotics and biology", "en", ["bio", "robo"]),
    # the whole English word first: animals are biology's, not animation's
    ("i like animals", "en", ["bio"]), ("aerial photos", "en", ["geo"]),
    # short verb stems match exactly
    ("сын рисует", "ru", ["design"]), ("рисую", "ru", ["design"]),
    ("дочке восемь рисует", "ru", ["design"]), ("люблю карты", "ru", ["geo"]),
])
def test_interests_not_a_card(engine: Direct, text: str, locale: str, codes: list[str]) -> None:
    understood = engine.understand_now(text, locale)
    assert understood.kind == "interests", understood
    assert sorted(hit.code for hit in understood.quanta[:len(codes)]) == codes
    assert "laser" not in [hit.code for hit in understood.quanta[:1]]


@pytest.mark.parametrize(("text", "locale", "code"), [
    ("robotics", "en", "robo"), ("robotics quantum", "en", "robo"),
    ("neuroquantum", "en", "neuro"), ("geoquantum", "ru", "geo"),
    ("what is neuroquantum", "en", "neuro"), ("нейроквантум", "ru", "neuro"),
    ("в нейроквантуме", "ru", "neuro"), ("аэроквантума", "ru", "aero"),
    ("про аэроквантум", "en", "aero"), ("лазерквантумом", "ru", "laser"),
])
def test_joined_and_english_names_open_the_card(
    engine: Direct, text: str, locale: str, code: str
) -> None:
    understood = engine.understand_now(text, locale)
    assert (understood.kind, [hit.code for hit in understood.quanta]) == ("quantum", [code])


def test_a_negated_word_does_not_count(engine: Direct) -> None:
    assert engine.understand_now("не хочу роботов", "ru").kind == "nothing"
    assert engine.understand_now("I don't like robots", "en").kind == "nothing"
    either = engine.understand_now("не люблю рисовать, люблю роботов", "ru")
    assert [hit.code for hit in either.quanta[:1]] == ["robo"]
    assert "design" not in [hit.code for hit in either.quanta]


def test_several_ages_keep_the_first(engine: Direct) -> None:
    understood = engine.understand_now("сыну 10 лет и дочке 6 лет", "ru")
    assert (understood.kind, understood.age, understood.child) == ("nothing", 10, True)
    both = engine.understand_now("сыну 10 лет и дочке 6 лет любят роботов", "ru")
    assert (both.kind, both.quanta[0].code, both.age) == ("interests", "robo", 10)
    assert engine.understand_now("сыну где-то 9 лет", "ru").age == 9


def test_a_faq_answer_needs_real_evidence(engine: Direct) -> None:
    for text in ("how are you", "how", "where is my phone", "адрес нашей школы рядом",
                 "open the door", "я рядом"):
        assert engine.understand_now(text, "en").kind == "nothing", text
    for text, entry in (("where are you", "address"), ("how do I get there", "address"),
                        ("адрес", "address"), ("во сколько открываетесь", "hours"),
                        ("сколько стоит робототехника", "cost"), ("price", "cost")):
        assert engine.understand_now(text, "ru").faq == entry, text


def test_a_phrasing_that_says_too_little_is_left_out_with_a_warning(
    catalogue: Catalogue, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.services.understanding.matcher import build

    faq = Faq((FaqEntry(id="vague", ru=FaqText(phrasings=["а как", "где", "как доехать"],
                                                 answer="Ответ."),
                        en=FaqText(phrasings=["how do I", "where", "how to get there"],
                                   answer="An answer.")),))
    with caplog.at_level("WARNING"):
        index = build(catalogue, faq)
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warned) == 4 and all("'vague'" in message for message in warned)
    assert [p.keys for p in index.phrasings] == [("как", "доеха"), ("how", "get", "there")]
