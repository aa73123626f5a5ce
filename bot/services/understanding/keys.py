"""The small pieces the index and the scoring share, with no heavy imports: an English word's
whole-word keys, how many edits a typo may make, a typed word ready to match, an FAQ phrasing."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.understanding.words import Token


def whole(norm: str) -> str | None:
    """An English word's whole-word key (its plural «s» aside); None for other words."""
    if not (norm.isascii() and norm.isalpha()):
        return None
    if len(norm) > 3 and norm.endswith("s") and not norm.endswith("ss"):
        norm = norm[:-1]
    return "=" + norm


def forms(norm: str) -> list[str]:
    """An English word's whole-word keys of its simpler forms: «programming» is «program»
    too, «making» «make», «painted» «paint» (the plural is `whole`'s)."""
    if not (norm.isascii() and norm.isalpha() and len(norm) > 5):
        return []
    found = []
    for ending in ("ing", "ed", "er"):
        if norm.endswith(ending):
            base = norm[: -len(ending)]
            found += ["=" + base, "=" + base + "e"]
            if len(base) > 3 and base[-1] == base[-2]:
                found.append("=" + base[:-1])
    return found


def max_edits(length: int) -> int:
    return 0 if length < 5 else 1 if length < 8 else 2


@dataclass
class Word:
    """A typed word ready to match."""

    token: Token
    stem: str
    weak: bool  # a question word or one the FAQ keeps: the FAQ's, never a quantum's
    negated: bool = False  # «не хочу роботов»: says nothing for a quantum
    generic: bool = False  # «собирать», «make»: supports a quantum, never picks one alone


@dataclass
class Phrasing:
    entry: str
    keys: tuple[str, ...]
    strong: frozenset[str]  # the keys that are not question words
    optional: frozenset[str]  # «вы», «you»: a question may leave them out
