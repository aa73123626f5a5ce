"""Ages and a child in typed words: «мне 12», «моему сыну 10 лет», «дочке 7», «I'm 10»,
«my son is 9», «10 years old», «двое детей 8 и 13 лет», a school year («первоклассник» is 7,
«во 2 классе» is 8). Only 4–18 is taken for an age; «в 2 часа» is not one."""

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


# a school year as a word: the age a child usually is in it
_GRADES = (("первоклас", 7), ("первоклаш", 7), ("второклас", 8), ("третьеклас", 9),
           ("четвероклас", 10), ("пятиклас", 11), ("шестиклас", 12), ("семиклас", 13),
           ("восьмиклас", 14), ("девятиклас", 15), ("десятиклас", 16), ("одиннадцатиклас", 17))
_CLASS = wordset("класс класса классе классы классов grade grader graders")
# a list of ages: «8 и 13 лет», «8, 13 лет», «8 or 9 years old»
_AND = wordset("и или and or")
# school children with no year named: a child, and a wish for advice
PUPILS = wordset("""
школьник школьника школьнику школьники школьников школьникам младших младшего младшие
младшеклассник младшеклассника младшеклассников дошкольник дошкольника дошкольников
подросток подростка подростков подросткам schoolchild schoolchildren pupil pupils teen
teens teenager teenagers toddler preschooler
""")


def is_grade(norm: str) -> bool:
    """A word of a school year: «первоклассник», «классе», «grade»."""
    return norm in _CLASS or "кла" in norm and any(norm.startswith(s) for s, _ in _GRADES)


def _grade(items: list[Token], at: int) -> int | None:
    """The age a school year at `at` says: «первокласснику» (7), «во 2 классе», «grade 3»."""
    norm = items[at].norm
    if "кла" in norm:
        return next((age for start, age in _GRADES if norm.startswith(start)), None)
    number = int(norm) if norm.isdecimal() and len(norm) <= 2 else None
    if number is None or not 1 <= number <= 11:
        return None
    after = items[at + 1].norm if at + 1 < len(items) else ""
    before = items[at - 1].norm if at > 0 else ""
    if after in _CLASS and after != "grade" or before == "grade":
        return number + 6
    return None


def ages_and_child(items: list[Token]) -> tuple[tuple[int, ...], bool | None]:
    """Every plausible age in the order typed, and whether the text speaks of a child (True),
    of the writer themselves («мне 12», «I'm 10»: False), or of neither (None)."""
    child: bool | None = True if any(t.norm in CHILD_WORDS or t.norm in PUPILS
                                     for t in items) else None
    found: dict[int, int] = {}  # token's place → age
    listed: list[int] = []  # numbers that count only when an age follows them («8 и 13 лет»)
    for at, token in enumerate(items):
        grade = _grade(items, at)
        if grade is not None:
            found[at] = grade
            child = True
            continue
        glued = _GLUED.match(token.norm)
        number = int(glued.group(1)) if glued else _number(token.norm)
        if number is None or not YOUNGEST <= number <= OLDEST:
            continue
        following = items[at + 1].norm if at + 1 < len(items) else ""
        who = _who(items, at)
        if glued or following in _YEARS or who is not None:
            found[at] = number
            if child is None and who == "self":
                child = False
            elif who == "child":
                child = True
        else:
            listed.append(at)
    for at in reversed(listed):  # «8 и 13 лет», «8, 9 и 13 лет»: the list's last one says
        for step in (1, 2):
            later = at + step
            if later in found and (step == 1 or items[at + 1].norm in _AND):
                found[at] = _number(items[at].norm) or 0
                break
    return tuple(found[at] for at in sorted(found)), child


def age_and_child(items: list[Token]) -> tuple[int | None, bool | None]:
    """The first plausible age, and whether the text speaks of a child (see `ages_and_child`)."""
    ages, child = ages_and_child(items)
    return (ages[0] if ages else None), child
