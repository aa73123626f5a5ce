"""How well typed words are understood, measured: every phrasing in tests/data/phrases.toml
(as children and parents really type) runs through the real catalogue and FAQ. Run with -s to
see the accuracy and every miss."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.services.catalogue import Catalogue
from bot.services.faq import load_faq
from bot.services.understanding import Understanding, Understood
from bot.settings import DEFAULT_FAQ

PHRASES = Path(__file__).parent / "data" / "phrases.toml"
# (locale the person uses, the file's list)
LISTS = (("ru", "ru"), ("en", "en"), ("ru", "ru_typed_en"))


def top(understood: Understood) -> str:
    if understood.kind == "faq":
        return f"faq:{understood.faq}"
    if understood.quanta:
        return f"q:{understood.quanta[0].code}"
    return "nothing"


def test_typed_phrasings_are_understood_nine_times_in_ten(catalogue: Catalogue) -> None:
    phrases = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    understanding = Understanding(catalogue, load_faq(DEFAULT_FAQ, catalogue))
    total = right = 0
    misses: list[str] = []
    for locale, name in LISTS:
        for text, expected in phrases[name]:
            assert expected.startswith(("q:", "faq:")), expected
            assert expected.startswith("faq:") or catalogue.get(expected[2:]), expected
            got = top(understanding.understand_now(text, locale))
            total += 1
            if got == expected:
                right += 1
            else:
                misses.append(f"  [{locale}] «{text}»: expected {expected}, got {got}")
    wrongly: list[str] = []
    nothing = [("ru", t) for t in phrases["nothing_ru"]] + [("en", t) for t in
                                                             phrases["nothing_en"]]
    for locale, text in nothing:
        got = top(understanding.understand_now(text, locale))
        if got != "nothing":
            wrongly.append(f"  [{locale}] «{text}»: matched {got}")
    print(f"\ntop-1 accuracy: {right}/{total} = {right / total:.1%}; "
          f"{len(nothing) - len(wrongly)}/{len(nothing)} of the unmatchable matched nothing")
    print("misses:", *misses, sep="\n")
    if wrongly:
        print("matched what should match nothing:", *wrongly, sep="\n")
    assert total >= 150
    assert len(nothing) >= 20
    assert right / total >= 0.9
    assert not wrongly
