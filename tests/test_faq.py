"""The technopark's FAQ file: the sample a technopark edits answers every question families ask,
in ru and en, to a parent and to a pupil; a broken file is named with its field, and stops
`python -m bot` before it starts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.services.catalogue import Catalogue
from bot.services.faq import Faq, FaqError, load_faq
from bot.services.telegram_text import check_typed
from bot.settings import DEFAULT_FAQ
from tests.helpers.process import TOKEN, run

IDS = ["cost", "ages", "address", "hours", "documents", "bring", "signup", "events",
       "contacts", "duration"]


@pytest.fixture(scope="module")
def sample() -> Faq:
    from bot.services.catalogue import load_catalogue
    from bot.settings import DEFAULT_CATALOGUE

    return load_faq(DEFAULT_FAQ, load_catalogue(DEFAULT_CATALOGUE))


def test_the_sample_answers_every_question_in_both_languages(sample: Faq) -> None:
    assert [entry.id for entry in sample.entries][:len(IDS)] == IDS
    for entry in sample.entries:
        for locale in ("ru", "en"):
            text = entry.text(locale)
            assert 6 <= len(text.phrasings) <= 40, (entry.id, locale)
            assert len(set(text.phrasings)) == len(text.phrasings), (entry.id, locale)
            for you in ("ty", "vy"):
                shown = check_typed(text.answer_for(you))  # HTML Telegram takes
                assert 40 < len(shown) < 700, (entry.id, locale, you)
    assert sample.get("nope") is None


def test_the_sample_speaks_to_a_parent_and_to_a_pupil(sample: Faq) -> None:
    cost = sample.get("cost")
    assert cost is not None
    assert "бесплатные" in cost.ru.answer_for("vy") and "бесплатные" in cost.ru.answer_for("ty")
    assert "спросите" in cost.ru.answer_for("vy") and "спроси " in cost.ru.answer_for("ty")
    assert "сколько стоит" in cost.ru.phrasings and "is it free" in cost.en.phrasings
    bring = sample.get("bring")
    assert bring is not None
    assert bring.ru.answer_for("vy").startswith("Возьмите сменную обувь")
    assert bring.ru.answer_for("ty").startswith("Возьми сменную обувь")
    assert "indoor shoes" in bring.en.answer_for("ty")
    address = sample.get("address")
    assert address is not None and address.en.answer_child is None  # the same words to both
    assert address.en.answer_for("ty") == address.en.answer
    for entry in sample.entries:  # English says «tech park», never «technopark»
        assert "technopark" not in (entry.en.answer + (entry.en.answer_child or "")).lower()


def test_the_sample_has_its_buttons_and_its_place(sample: Faq) -> None:
    buttons = {entry.id: entry.buttons for entry in sample.entries}
    assert buttons["ages"] == ["catalogue"]
    assert buttons["address"] == ["map"]
    assert buttons["documents"] == ["signup"]
    assert buttons["signup"] == ["signup", "catalogue"]
    assert buttons["events"] == ["news"]
    assert buttons["contacts"] == ["ask"]
    documents = sample.get("documents")
    assert documents is not None
    assert 'href="https://xn--80aafey1amqq.xn--d1acj3b/"' in documents.ru.answer
    place = sample.place
    assert place is not None
    assert 41 < place.latitude < 70 and 19 < place.longitude < 180  # in Russia
    assert place.title("ru").startswith("Детский технопарк") and "tech park" in place.title("en")
    assert "Малышева" in place.address("ru") and "Malysheva" in place.address("en")


ENTRY = """
[[entry]]
id = "{id}"
buttons = {buttons}
[entry.ru]
phrasings = ["сколько стоит", "это платно", "нужно ли платить"]
answer = "{answer}"
[entry.en]
phrasings = ["how much does it cost", "is it free", "do I pay"]
answer = "Free."
"""
PLACE = """
[place]
latitude = 56.8
longitude = 60.6
title_ru = "Кванториум"
title_en = "Kvantorium"
address_ru = "ул. Малышева, 58"
address_en = "58 Malysheva St"
"""


def faq_text(*entries: str, place: bool = False) -> str:
    return "version = 1\n" + (PLACE if place else "") + "".join(entries)


def entry(entry_id: str = "cost", buttons: str = "[]", answer: str = "Бесплатно.") -> str:
    return ENTRY.format(id=entry_id, buttons=buttons, answer=answer)


BROKEN = {
    "bad toml": ("version = 1\n[[entry]\nid = 'cost'\n", "not valid TOML"),
    "unknown button": (faq_text(entry(buttons='["signup", "pay"]')),
                       "field entry[1] (id 'cost').buttons: unknown button 'pay'"),
    "quantum not in the catalogue": (
        faq_text(entry(buttons='["q:robo"]'), entry("ages", buttons='["q:chess"]')),
        "field entry[2] (id 'ages').buttons: no quantum 'chess' in the catalogue"),
    "duplicate id": (faq_text(entry(), entry("ages"), entry()),
                     "field entry[3] (id 'cost').id: the id of entry[1] too"),
    "map without a place": (faq_text(entry(buttons='["map"]')),
                            "entry[1] (id 'cost').buttons: a «map» button needs the [place]"),
    "missing en": (faq_text(entry().split("[entry.en]")[0]),
                   "field entry[1] (id 'cost').en: Field required"),
    "bad id": (faq_text(entry("Cost!")), "field entry[1] (id 'Cost!').id"),
    "too few phrasings": (faq_text(entry().replace(', "это платно", "нужно ли платить"', "")),
                          "field entry[1] (id 'cost').ru.phrasings"),
    "html telegram refuses": (faq_text(entry(answer="R&D <u>бесплатно")),
                              "field entry[1] (id 'cost').ru.answer: a lone &"),
    "bad link": (faq_text(entry(answer='<a href=\\"javascript:alert(1)\\">тут</a>')),
                 "ru.answer: the link 'javascript:alert(1)' is not an http(s) or tg one"),
    "bad place": (faq_text(entry(), place=True).replace("56.8", "156.8"),
                  "field place.latitude"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_named_with_its_field(
    tmp_path: Path, catalogue: Catalogue, case: str
) -> None:
    text, fragment = BROKEN[case]
    path = tmp_path / "park-faq.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FaqError) as error:
        load_faq(path, catalogue)
    message = str(error.value)
    assert message.startswith(f"FAQ {path}: "), message
    assert fragment in message, message


def test_a_small_good_file_loads(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(faq_text(entry(buttons='["map", "q:robo"]'), place=True), encoding="utf-8")
    faq = load_faq(path, catalogue)
    cost = faq.get("cost")
    assert cost is not None and cost.buttons == ["map", "q:robo"]
    assert cost.ru.answer_for("ty") == cost.ru.answer_for("vy") == "Бесплатно."
    assert faq.place is not None and faq.place.address("en") == "58 Malysheva St"


def test_a_missing_file_names_the_setting(tmp_path: Path, catalogue: Catalogue) -> None:
    with pytest.raises(FaqError, match=re.escape(f"FAQ {tmp_path / 'no.toml'}: file not found "
                                                 "(FAQ_PATH)")):
        load_faq(tmp_path / "no.toml", catalogue)


@pytest.mark.slow
def test_a_broken_faq_stops_the_start_before_aiogram(tmp_path: Path) -> None:
    bad = tmp_path / "park-faq.toml"
    bad.write_text(faq_text(entry(buttons='["q:chess"]')), encoding="utf-8")
    # the import log on stderr tells whether aiogram was loaded on the way to the error
    result, seconds = run([], tmp_path, BOT_TOKEN=TOKEN, FAQ_PATH=str(bad),
                          PYTHONPROFILEIMPORTTIME="1")
    assert result.returncode == 2 and seconds < 5
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: FAQ {bad}: field entry[1] (id 'cost').buttons: "
                      "no quantum 'chess' in the catalogue."]
    assert "| aiogram" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "bot.sqlite3").exists()


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path, catalogue: Catalogue) -> None:
    path = tmp_path / "faq-cp1251.toml"
    path.write_bytes(faq_text(entry()).encode("cp1251"))
    with pytest.raises(FaqError) as error:
        load_faq(path, catalogue)
    assert str(error.value).startswith(f"FAQ {path}: not UTF-8 text (byte ")
