"""What a typed text was understood as: plain data the chat renders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["quantum", "interests", "faq", "nothing"]


@dataclass(frozen=True, slots=True)
class Because:
    """One of the person's words and what it matched."""

    typed: str  # the word as the person typed it (raw: whoever shows it escapes it)
    matched: str  # the catalogue's or FAQ's word it matched («роботов» typed, «роботов» matched)


@dataclass(frozen=True, slots=True)
class QuantumHit:
    code: str  # the catalogue's quantum code
    score: float  # higher is better
    because: tuple[Because, ...]


@dataclass(frozen=True, slots=True)
class Understood:
    kind: Kind
    # "quantum": exactly one (a quantum named: open its card); "interests": every candidate,
    # best first (the caller filters by age and keeps three); "faq": the quanta the text also
    # names, one hit each, best first («сколько стоит робототехника»: the cost answer, and the
    # caller adds Робоквантум's card button), or none
    quanta: tuple[QuantumHit, ...] = ()
    faq: str | None = None  # "faq": the FAQ entry's id
    age: int | None = None  # an age typed in the text («моему сыну 10 лет», «мне 12»)
    # the text speaks of a child («сын», «дочке 7», «my son»): True; of the writer themselves
    # with an age («мне 12», «I'm 10»): False; of neither: None
    child: bool | None = None
    # the text asks what to choose, or gives an age or a child, with nothing else to go on
    # («что посоветуете», «дочке 7 куда отдать», «мне 8», «для первоклассника что есть», «what
    # do you recommend for an 8 year old»): kind is "nothing", and the caller answers with the
    # quanta the known ages fit; with interests too («сыну 8 хочет дроны, что посоветуете») the
    # kind is "interests" and this may be True as well
    advice: bool = False
    # every age typed, in order («у меня двое детей 8 и 13 лет»: (8, 13)); `age` is the first
    ages: tuple[int, ...] = ()
