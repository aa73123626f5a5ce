"""A typed text read into the words that may match: stop words dropped, question words and
sign-up words kept apart (the FAQ's, never a quantum's), a word after «не»/«not» marked, a verb
that goes with anything marked."""

from __future__ import annotations

from bot.services.understanding.keys import Word
from bot.services.understanding.matcher import JOINED, stem
from bot.services.understanding.words import (
    FAQ_KEEP,
    GENERIC_VERBS,
    NEGATORS,
    SIGN_UP,
    STOP_EN,
    STOP_RU,
    TAGS,
    TO_THE_BOT,
    WEAK,
    Token,
    mostly_latin,
    tokens,
)


def words_of(text: str) -> tuple[list[Token], list[Word]]:
    """All tokens (for ages) and the words that may match (stop words dropped), each marked
    when a «не»/«not» before it negates it."""
    items = tokens(text)
    english = mostly_latin(items)
    result: list[Word] = []
    negating = 0  # how many more words a negation may still reach
    for at, token in enumerate(items):
        norm = token.norm
        before = items[at - 1].norm if at else ""
        after = items[at + 1].norm if at + 1 < len(items) else ""
        if (before, norm) in TAGS:  # «это платно или как»: no question of its own
            continue
        if norm in NEGATORS:
            negating = 3
            continue
        if norm.isdigit() or len(norm) > 40:
            negating = 0
            continue
        weak = norm in WEAK or norm in FAQ_KEEP or norm in SIGN_UP or norm in TO_THE_BOT
        # «IT», not «it»; «it quantum» too
        acronym = token.typed.isupper() and len(token.typed) >= 2 or (
            len(norm) >= 2 and after.startswith(JOINED))
        alone = len(items) == 1  # «it» alone is the IT quantum, not a pronoun
        stop = norm in STOP_RU or (norm in STOP_EN and (english and not alone or len(norm) < 2))
        if stop and not weak and not acronym:
            negating = max(0, negating - 1)
            continue
        result.append(Word(token, stem(norm), weak, negated=negating > 0 and not weak,
                           generic=norm in GENERIC_VERBS))
        negating = 0
    return items, result
