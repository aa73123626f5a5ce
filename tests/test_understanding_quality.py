"""How well typed words are understood, measured: every phrasing in tests/data/phrases.toml
(as children and parents really type) runs through the real catalogue and FAQ. The held-out
phrasings were written before their keywords were looked at and are measured on their own.
The scoring is called directly, so an error fails the test rather than reading as «nothing».
Run with -s to see the accuracy and every miss."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from bot.services.catalogue import Catalogue
from bot.services.faq import load_faq
from bot.services.understanding import Understood
from bot.services.understanding.matcher import build
from bot.services.understanding.scoring import understand
from bot.settings import DEFAULT_FAQ

PHRASES = Path(__file__).parent / "data" / "phrases.toml"
# (locale the person uses, the file's list)
KNOWN = (("ru", "ru"), ("en", "en"), ("ru", "ru_typed_en"), ("ru", "reviewed_ru"),
         ("en", "reviewed_en"))
QA = (("ru", "qa_ru"), ("en", "qa_en"), ("ru", "qa2.ru"), ("en", "qa2.en"))
HELD_OUT = (("ru", "held_out_ru"), ("en", "held_out_en"))
NOTHING = (("ru", "nothing_ru"), ("en", "nothing_en"), ("ru", "nothing_chat_ru"),
           ("en", "nothing_chat_en"), ("ru", "qa2.nothing_ru"), ("en", "qa2.nothing_en"))


def listed(phrases: dict[str, Any], name: str) -> list[Any]:
    """A list of the file by its name: «qa2.ru» is the «ru» list of the [qa2] section."""
    found: Any = phrases
    for part in name.split("."):
        found = found[part]
    return list(found)


def top(understood: Understood) -> str:
    """What the person is answered with: an FAQ entry, a quantum first, the quanta for the
    ages known («advice»: asked what to choose, or gave only an age), or «Не понял»."""
    if understood.kind == "faq":
        return f"faq:{understood.faq}"
    if understood.quanta:
        return f"q:{understood.quanta[0].code}"
    return "advice" if understood.advice else "nothing"


def test_typed_phrasings_are_understood_nine_times_in_ten(catalogue: Catalogue) -> None:
    phrases = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    index = build(catalogue, load_faq(DEFAULT_FAQ, catalogue))
    faq_ids = {entry.id for entry in load_faq(DEFAULT_FAQ, catalogue).entries}

    def measure(lists: tuple[tuple[str, str], ...]) -> tuple[int, int, list[str]]:
        total = right = 0
        misses: list[str] = []
        for locale, name in lists:
            for text, expected in listed(phrases, name):
                allowed = expected.split("|")
                for one in allowed:
                    assert (one in ("nothing", "advice")
                            or one.startswith("faq:") and one[4:] in faq_ids
                            or one.startswith("q:") and catalogue.get(one[2:])), one
                got = top(understand(index, text, locale))
                total += 1
                if got in allowed:
                    right += 1
                else:
                    misses.append(f"  [{locale}] «{text}»: expected {expected}, got {got}")
        return total, right, misses

    known_total, known_right, known_misses = measure(KNOWN)
    qa_total, qa_right, qa_misses = measure(QA)
    held_total, held_right, held_misses = measure(HELD_OUT)
    total = known_total + qa_total + held_total
    right = known_right + qa_right + held_right
    wrongly: list[str] = []
    nothing = [(locale, text) for locale, name in NOTHING
               for text in listed(phrases, name)]
    for locale, text in nothing:
        got = top(understand(index, text, locale))
        if got != "nothing":
            wrongly.append(f"  [{locale}] «{text}»: matched {got}")
    print(f"\ntop-1 accuracy: {right}/{total} = {right / total:.1%} overall; held out: "
          f"{held_right}/{held_total} = {held_right / held_total:.1%}; what users typed: "
          f"{qa_right}/{qa_total} = {qa_right / qa_total:.1%}; "
          f"{len(nothing) - len(wrongly)}/{len(nothing)} of the unmatchable matched nothing")
    print("misses:", *known_misses, "held-out misses:", *held_misses,
          "misses of what users typed:", *qa_misses, sep="\n")
    if wrongly:
        print("matched what should match nothing:", *wrongly, sep="\n")
    assert total >= 150 + 60
    assert held_total >= 60
    assert len(nothing) >= 20 + 40
    assert right / total >= 0.9
    assert held_right / held_total >= 0.85
    assert qa_right / qa_total >= 0.9
    assert not wrongly
