"""Deciding what a text is: a question from the FAQ, a quantum named, interests, or nothing.

Precedence, first that holds:
1. **A question from the FAQ**, when the text covers at least half of one of an entry's
   phrasings (each word weighed by how few entries use it) with at least one word that is not
   a question word; the whole of a phrasing when the text also speaks of quanta. A question
   about a quantum is still the question: «сколько стоит робототехника» is the cost, while
   «как работает мозг» is the brain, not the opening hours («режим работы»).
2. **One quantum named** (its name or an alias in any form or with a typo: «в геоквантуме»,
   «про аэро», «VR», «робатаехника»): that quantum's card. «что такое нейроквантум» is the
   quantum: «что» and «такое» are stop words and match nothing.
3. **Interests**: every quantum whose words the text shares (names and aliases weigh most, then
   keywords, the quiz's interests, the short line, activities and projects), best first, each
   with the person's words that matched. Two quanta named are interests too.
4. **Nothing**: no word matched enough (a single word of free text is not enough).
"""

from __future__ import annotations

from bot.services.understanding.ages import age_and_child
from bot.services.understanding.matcher import BEGINNING, Index, Word, words_of
from bot.services.understanding.results import Because, QuantumHit, Understood

FAQ_COVERAGE = 0.5
WHOLE = 0.99
INTERESTS_FLOOR = 1.5  # a keyword, or two words of free text

Matches = list[tuple[Word, list[tuple[str, float]]]]


def understand(index: Index, text: str, locale: str) -> Understood:
    items, words = words_of(text)
    age, child = age_and_child(items)
    seen: dict[str, list[tuple[str, float]]] = {}  # a word typed again is looked up once
    matches: Matches = [(word, seen.get(word.token.norm) or seen.setdefault(
        word.token.norm, index.related(word.stem, word.token.norm))) for word in words]
    hits = _interests(index, matches, locale)
    named = _named(index, matches)
    about_quanta = bool(named) or bool(hits and hits[0].score >= INTERESTS_FLOOR)
    faq = _faq(index, matches, whole=about_quanta)
    if faq is not None:
        return Understood("faq", faq=faq, age=age, child=child)
    if len(named) == 1:
        code = next(iter(named))
        hit = next((h for h in hits if h.code == code), QuantumHit(code, 0.0, ()))
        return Understood("quantum", quanta=(hit,), age=age, child=child)
    if named:
        hits = sorted(hits, key=lambda h: h.code not in named)  # stable: the named first
    if hits and (named or hits[0].score >= INTERESTS_FLOOR):
        return Understood("interests", quanta=tuple(hits), age=age, child=child)
    return Understood("nothing", age=age, child=child)


def _faq(index: Index, matches: Matches, *, whole: bool) -> str | None:
    """The entry whose phrasing the text covers best. When the text is also about quanta,
    only a phrasing covered whole counts («сколько стоит робототехника», not «как работает
    мозг»); a phrasing of question words alone needs two of them, or a text of question
    words alone («сколько лет», «where are you», but not «где мои носки»)."""
    matched: dict[str, float] = {}
    strong: set[str] = set()  # matched by a word that is not a question word
    strong_words = any(not word.weak for word, _ in matches)
    for word, related in matches:
        for key, quality in related:
            if key in index.faq_stems:
                matched[key] = max(matched.get(key, 0.0), quality)
                if not word.weak:
                    strong.add(key)
    if not matched:
        return None
    best: tuple[float, float] = (0.0, 0.0)
    best_id: str | None = None
    for entry_id, phrasings in index.faq_phrasings.items():
        for keys in phrasings:
            got = sum(index.idf[k] * matched[k] for k in keys if k in matched)
            if not got:
                continue
            coverage = got / sum(index.idf[k] for k in keys)
            lone = len(keys) < 2 and strong_words
            if not strong.intersection(keys) and (coverage < 1.0 or lone):
                continue
            if coverage >= (WHOLE if whole else FAQ_COVERAGE) and (coverage, got) > best:
                best, best_id = (coverage, got), entry_id
    return best_id


def _named(index: Index, matches: Matches) -> set[str]:
    named: set[str] = set()
    exact: set[str] = set()
    for word, related in matches:
        if word.weak:
            continue
        for key, quality in related:
            if quality == BEGINNING:
                continue
            exact.add(key)
            named.update(index.names.get(key, ()))
    for code, keys in index.phrases:
        if exact.issuperset(keys):
            named.add(code)
    return named


def _interests(index: Index, matches: Matches, locale: str) -> list[QuantumHit]:
    scores: dict[str, float] = {}
    because: dict[str, list[Because]] = {}
    for word, related in matches:
        if word.weak:
            continue
        # the best this word gives each quantum: (value, in the person's language, word)
        best: dict[str, tuple[float, bool, str]] = {}
        for key, quality in related:
            for (code, lang), (weight, surface) in index.quanta.get(key, {}).items():
                candidate = (weight * quality, lang == locale, surface)
                if candidate[:2] > best.get(code, (0.0, False, ""))[:2]:
                    best[code] = candidate
        for code, (value, _, surface) in best.items():
            reasons = because.setdefault(code, [])
            if any(r.typed.lower() == word.token.typed.lower() for r in reasons):
                continue  # the same word typed twice counts once
            scores[code] = scores.get(code, 0.0) + value
            reasons.append(Because(word.token.typed, surface))
    ranked = sorted(scores, key=lambda c: (-scores[c], index.order.get(c, 0)))
    return [QuantumHit(c, round(scores[c], 3), tuple(because[c])) for c in ranked]
