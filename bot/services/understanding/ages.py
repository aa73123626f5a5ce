"""An age and a child in typed words: «мне 12», «моему сыну 10 лет», «дочке 7», «I'm 10»,
«my son is 9», «10 years old». Only 4–18 is taken for an age; «в 2 часа» is not one."""

from __future__ import annotations

import re

from bot.services.understanding.words import Token, wordset

YOUNGEST, OLDEST = 4, 18

_NUMERALS = {
    "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18,
}
# «10лет», «10yo», «12y»
_GLUED = re.compile(r"^(\d{1,2})(?:лет|год|года|г|yo|y|yrs|years)$")
_YEARS = wordset("лет год года годик годика годиков годков годами years year yrs yo y")
# who the number is about: the writer, or a child
_SELF = wordset("мне я i")
_CHILD_SAID = wordset("""
сыну сын дочке дочери дочь дочка ребенку ребенок ему ей внуку внучке малышу младшему
старшему младшей старшей son daughter kid child he she boy girl grandson granddaughter
""")
_AGED = wordset("aged age возраст")
# words that may stand between «мне»/«сыну» and the number
_FILLER = wordset("""
уже скоро почти только исполнилось исполняется будет было всего лишь где то около примерно
is s am m turned turns just about almost nearly will be
""")
CHILD_WORDS = wordset("""
сын сына сыну сыном сыне сыночек сыночку дочь дочка дочки дочке дочку дочери дочерью
ребенок ребенку ребенком ребенке ребенка дети детей детям детьми детях внук внука внуку
внучка внучке внучку son sons daughter daughters kid kids child children grandson
granddaughter
""")


def _number(norm: str) -> int | None:
    if norm.isdecimal() and len(norm) <= 2:
        return int(norm)
    return _NUMERALS.get(norm)


def _who(items: list[Token], at: int) -> str | None:
    """Whose the number at `at` is, from the words before it: "self", "child", "aged"."""
    back = at - 1
    while back >= 0 and at - back <= 3:
        word = items[back].norm
        if word in _SELF:
            return "self"
        if word in _CHILD_SAID:
            return "child"
        if word in _AGED:
            return "aged"
        if word not in _FILLER:
            return None
        back -= 1
    return None


def age_and_child(items: list[Token]) -> tuple[int | None, bool | None]:
    """The first plausible age, and whether the text speaks of a child (True), of the writer
    themselves («мне 12», «I'm 10»: False), or of neither (None)."""
    child: bool | None = True if any(t.norm in CHILD_WORDS for t in items) else None
    for at, token in enumerate(items):
        glued = _GLUED.match(token.norm)
        number = int(glued.group(1)) if glued else _number(token.norm)
        if number is None or not YOUNGEST <= number <= OLDEST:
            continue
        following = items[at + 1].norm if at + 1 < len(items) else ""
        who = _who(items, at)
        if glued or following in _YEARS or who is not None:
            if child is None and who == "self":
                child = False
            elif who == "child":
                child = True
            return number, child
    return None, child
