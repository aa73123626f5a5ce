"""Whether a child being signed up may be one the family already has: the same birth date and
a name much like theirs. Asked about rather than decided: twins share a birthday and usually a
surname, and «Нет, другой ребёнок» is one press away."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, TypeVar

# full first name → the short forms people type («Петров Миша» for «Петров Михаил»); the
# short forms that are a prefix of the full name («Макс», «Влад») need no entry
DIMINUTIVES: dict[str, tuple[str, ...]] = {
    "александр": ("саша", "шура", "саня", "алекс"), "александра": ("саша", "шура", "саня"),
    "алексей": ("леша", "алеша"), "анастасия": ("настя", "стася"), "анна": ("аня", "анюта"),
    "андрей": ("андрюша",), "артем": ("тема", "артемка"), "валерия": ("лера",),
    "варвара": ("варя",), "василий": ("вася",), "вероника": ("ника",),
    "виктор": ("витя",), "виктория": ("вика",), "владимир": ("вова", "володя"),
    "вячеслав": ("слава",), "ярослав": ("слава", "ярик"), "станислав": ("стас", "слава"),
    "георгий": ("гоша", "жора"), "григорий": ("гриша",), "дарья": ("даша",),
    "дмитрий": ("дима", "митя"), "евгений": ("женя",), "евгения": ("женя",),
    "екатерина": ("катя",), "елена": ("лена",), "елизавета": ("лиза",), "иван": ("ваня",),
    "илья": ("илюша",), "ирина": ("ира",), "кирилл": ("кира",), "константин": ("костя",),
    "ксения": ("ксюша",), "любовь": ("люба",), "людмила": ("люда", "мила"),
    "маргарита": ("рита",), "мария": ("маша", "маня", "марья"), "матвей": ("мотя",),
    "михаил": ("миша",), "надежда": ("надя",), "наталья": ("наташа",),
    "наталия": ("наташа",), "николай": ("коля",), "ольга": ("оля",), "павел": ("паша",),
    "петр": ("петя",), "полина": ("поля",), "светлана": ("света",), "семен": ("сема",),
    "сергей": ("сережа",), "софия": ("соня",), "софья": ("соня",), "степан": ("степа",),
    "татьяна": ("таня",), "тимофей": ("тима",), "ульяна": ("уля",), "федор": ("федя",),
    "юлия": ("юля",), "яков": ("яша",), "алиса": ("аля",), "таисия": ("тася",),
}
SHORT_FORMS: dict[str, frozenset[str]] = {}
for _full, _shorts in DIMINUTIVES.items():
    for _short in _shorts:
        SHORT_FORMS[_short] = SHORT_FORMS.get(_short, frozenset()) | {_full}

MIN_PREFIX = 3  # «Макс» for «Максим»; shorter prefixes say too little


def short_name(name: str) -> str:
    """The name a family calls a child by: the last word of «Иванова Мария»."""
    words = name.split()
    return words[-1] if words else name


def normalise(name: str) -> str:
    """Case-folded, ё as е, single spaces."""
    return " ".join(name.casefold().replace("ё", "е").split())


def words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", normalise(name)) if w]


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def short_for(a: str, b: str) -> bool:
    """Is one word a short form of the other: a known diminutive («Миша», «Михаил»), or a
    prefix of it («Макс», «Максим») — not a mere ending («Петров», «Петрова» are a brother and
    a sister, not one child)."""
    if b in SHORT_FORMS.get(a, ()) or a in SHORT_FORMS.get(b, ()):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_PREFIX and len(long) - len(short) >= 2 and long.startswith(short)


def similar_names(a: str, b: str) -> bool:
    """Names that may be one child's: a word in common (the surname, or the first name in
    either order), one's first name a short form of the other's, or a small typing slip."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    if set(wa) & set(wb):
        return True
    if any(short_for(x, y) for x in wa for y in wb):
        return True
    na, nb = normalise(a), normalise(b)
    return distance(na, nb) <= (1 if min(len(na), len(nb)) <= 8 else 2)


def same_child(name: str, born: date, other_name: str, other_born: date) -> bool:
    """The same birth date and a similar name."""
    return born == other_born and similar_names(name, other_name)


class Named(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def birth_date(self) -> date: ...


C = TypeVar("C", bound=Named)


def to_ask_about(
    name: str, born: date, children: Sequence[C], told_apart: Iterable[int] = ()
) -> list[C]:
    """The family's children this one may be, to ask about before a second record is made:
    similar, not already said to be another child, and not the very same name (that is the
    same child without asking)."""
    apart = set(told_apart)
    return [
        c for c in children
        if c.id not in apart and normalise(c.name) != normalise(name)
        and same_child(name, born, c.name, c.birth_date)
    ]
