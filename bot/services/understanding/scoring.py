"""Deciding what a text is: a question from the FAQ, a quantum named, interests, or nothing.

A wrong canned answer is worse than «Не понял» (which lets the person ask the staff), so every
reading needs evidence. Precedence, first that holds:
1. **A question from the FAQ**, when the text holds one of an entry's phrasings:
   - a phrasing of one word («адрес») when the text says nothing else the entry does not know
     («где мой телефон» is not the contacts);
   - a phrasing of question words only («how do I get there», «where are you») whole, and
     nothing else («how are you» is not the address);
   - otherwise at least two of its words, one of them not a question word, and at most one
     word of the phrasing missing (none when it is a content word of a three-word phrasing:
     «у меня открыта дверь» is not «день открытых дверей»).
   When the text also speaks of quanta, only a phrasing held whole counts: «сколько стоит
   робототехника» is the cost, «как работает мозг» is the brain, not «режим работы».
2. **One quantum named** (its name or an alias in any form, or a long one with a typo: «в
   геоквантуме», «про аэро», «VR», «neuroquantum», «робатаехника»), and no other quantum's own
   words in the text: that quantum's card. «что такое нейроквантум» is the quantum.
3. **Interests**: every quantum whose words the text shares (names and aliases weigh most, then
   keywords, the quiz's interests, the short line, activities and projects), best first, each
   with the person's words that matched. Two quanta named are interests too («химия и
   биология»). A word after «не»/«not» does not count («не хочу роботов»).
   A verb that goes with anything («собирать», «делать», «make») adds to a quantum other words
   point at, and never picks one alone: «люблю собирать пазлы» is nothing. A text about the
   premises («у вас есть парковка для машин») is not about a quantum's subject.
4. **Nothing**: no word matched enough (a single word of free text is not enough). When the
   text asks what to choose («что посоветуете», «куда отдать»), or gives only an age or a child
   («мне 8», «для первоклассника»), it is marked as asking for advice.

Before all of it, a whole text that is a greeting or thanks («привет», «спасибо, бот») is the
FAQ's small-talk entry; «спасибо, а сколько стоит» is read as the rest.
"""

from __future__ import annotations

from bot.services.understanding.ages import PUPILS, ages_and_child, is_grade
from bot.services.understanding.keys import Phrasing, Word
from bot.services.understanding.matcher import (
    FREE,
    KEYWORD,
    LONG_NAME,
    QUALITIES_NAMING,
    TYPO_LONG,
    TYPO_SHORT,
    Index,
)
from bot.services.understanding.reading import words_of
from bot.services.understanding.results import Because, Kind, QuantumHit, Understood
from bot.services.understanding.words import (
    ADVICE,
    FAQ_FILLER,
    FAQ_FILLER_YOU,
    PREMISES,
    Token,
)

INTERESTS_FLOOR = 1.5  # a keyword, or two words of free text

Matches = list[tuple[Word, list[tuple[str, float]]]]


def understand(index: Index, text: str, locale: str) -> Understood:
    items, words = words_of(text)
    ages, child = ages_and_child(items)
    age = ages[0] if ages else None

    def said(kind: Kind, quanta: tuple[QuantumHit, ...] = (), faq: str | None = None,
             advice: bool = False) -> Understood:
        return Understood(kind, quanta, faq, age, child, advice, ages)

    talk = index.small_talk(items)
    if talk is not None:
        return said("faq", faq=talk)
    seen: dict[tuple[str, str], list[tuple[str, float]]] = {}  # a word typed again: once
    matches: Matches = []
    for word in words:
        known = (word.token.norm, word.stem)
        if known not in seen:
            seen[known] = index.related(word)
        matches.append((word, seen[known]))
        if seen[known] and all(key in index.generic for key, _ in seen[known]):
            word.generic = True  # «сабирать»: a verb that goes with anything, misspelt
    counting = [(w, r) for w, r in matches if not w.negated and not w.weak]
    named = _named(index, counting)
    premises = any(t.norm in PREMISES for t in items)
    hits = [] if premises and not named else _interests(index, counting, locale)
    about_quanta = bool(named) or bool(hits and hits[0].score >= INTERESTS_FLOOR)
    faq = _faq(index, matches, whole=about_quanta)
    if faq is not None:  # with the quanta the text names, for their cards
        also = sorted((h for h in hits if h.code in named), key=lambda h: -h.score)
        also += [QuantumHit(c, 0.0, ()) for c in sorted(named - {h.code for h in also})]
        return said("faq", tuple(also), faq=faq)
    advice = _advice(items, words, ages, child)
    if len(named) == 1:
        code = next(iter(named))
        if not _others(index, counting, code):
            hit = next((h for h in hits if h.code == code), QuantumHit(code, 0.0, ()))
            return said("quantum", (hit,))
    if named:
        hits = sorted(hits, key=lambda h: h.code not in named)  # stable: the named first
    if hits and (named or hits[0].score >= INTERESTS_FLOOR):
        return said("interests", tuple(hits), advice=advice)
    return said("nothing", advice=advice and not premises)


def _advice(items: list[Token], words: list[Word], ages: tuple[int, ...],
            child: bool | None) -> bool:
    """Whether the text asks what to choose, or gives an age or a child and nothing else: its
    other words are question words, verbs that go with anything, or the asking itself."""
    asked = any(t.norm in ADVICE for t in items)
    if not (asked or ages or child):
        return False
    return all(w.weak or w.generic or w.token.norm in ADVICE or w.token.norm in PUPILS
               or is_grade(w.token.norm) for w in words)


def _faq(index: Index, matches: Matches, *, whole: bool) -> str | None:
    """The entry one of whose phrasings the text holds best (see the module's rules)."""
    hit: dict[str, set[int]] = {}  # FAQ key → the typed words that matched it
    for at, (_, related) in enumerate(matches):
        for key, _ in related:
            if key in index.faq_keys:
                hit.setdefault(key, set()).add(at)
    if not hit:
        return None
    weak = {at for at, (word, _) in enumerate(matches) if word.weak}
    # keys a word other than a question word matched: with quanta about, a phrasing needs one
    # («как записаться» is the sign-up, «как записаться на робототехнику» the card)
    asked = {key for key, ats in hit.items() if ats - weak}
    filler = {at for at, (word, _) in enumerate(matches) if word.token.norm in FAQ_FILLER}
    you = {at for at, (word, _) in enumerate(matches) if word.token.norm in FAQ_FILLER_YOU}
    best: tuple[float, int] = (0.0, 0)
    best_id: str | None = None
    for at in sorted({at for key in hit for at in index.by_key.get(key, ())}):
        phrasing = index.phrasings[at]
        core = [k for k in phrasing.keys if k not in phrasing.optional]
        got = [k for k in core if k in hit]
        if not got:
            continue
        held = len(got) == len(core)
        if whole and not (held and phrasing.strong & asked):
            continue
        if not _holds(index, phrasing, core, got, hit, weak, (filler, you), len(matches)):
            continue
        rank = (len(got) / len(core), len(got))
        if rank > best:
            best, best_id = rank, phrasing.entry
    return best_id


def _holds(index: Index, phrasing: Phrasing, keys: list[str], got: list[str],
           hit: dict[str, set[int]], weak: set[int], fillers: tuple[set[int], set[int]],
           typed: int) -> bool:
    strong = phrasing.strong
    missing = [k for k in keys if k not in hit]
    if len(keys) == 1 or not strong.intersection(got):
        # words that may come along: «вы» only with a subject («у вас бесплатно»; «сколько вам
        # лет» is the bot's age)
        filler = fillers[0] | fillers[1] if strong.intersection(got) else fillers[0]
        typed -= len(filler)
        # one word, or question words only: held whole, and nothing else said
        if missing:
            return False
        # every word typed is the entry's; a question word or «you», this phrasing's own
        known = {at for key, ats in hit.items() for at in ats
                 if key in phrasing.keys
                 or at not in weak and phrasing.entry in index.faq_keys[key]}
        return len(known - filler) == typed
    if missing and (len(strong.intersection(got)) < 2 or len(missing) > 1):
        return False
    return not missing or len(keys) > 3 or missing[0] not in strong


def _named(index: Index, matches: Matches) -> set[str]:
    named: set[str] = set()
    exact: set[str] = set()
    for _, related in matches:
        for key, quality in related:
            if quality in QUALITIES_NAMING:
                exact.add(key)
            typo = quality in (TYPO_LONG, TYPO_SHORT) and len(key.lstrip("=")) >= LONG_NAME
            if quality in QUALITIES_NAMING or typo:
                named.update(index.names.get(key, ()))
    for code, keys in index.phrases:
        if exact.issuperset(keys):
            named.add(code)
    return named


def _others(index: Index, matches: Matches, code: str) -> bool:
    """Whether words that say nothing of the named quantum point at another one as strongly as
    a keyword does («химия и биология»)."""
    for word, related in matches:
        if word.generic:
            continue
        owners = [index.quanta.get(key, {}) for key, _ in related]
        if any(c == code for found in owners for c, _ in found):
            continue
        pairs = zip(related, owners, strict=True)
        if any(weight * quality >= KEYWORD for (_, quality), found in pairs
               for weight, _ in found.values()):
            return True
    return False


def _interests(index: Index, matches: Matches, locale: str) -> list[QuantumHit]:
    scores: dict[str, float] = {}
    because: dict[str, list[Because]] = {}
    specific: set[str] = set()  # the quanta a word other than a generic verb points at
    held = index.held_keywords({key for _, related in matches for key, _ in related})
    for word, related in matches:
        # the best this word gives each quantum: (value, in the person's language, word)
        best: dict[str, tuple[float, bool, str]] = {}
        for key, quality in related:
            for (code, lang), (weight, surface) in index.quanta.get(key, {}).items():
                candidate = (weight * quality, lang == locale, surface)
                if candidate[:2] > best.get(code, (0.0, False, ""))[:2]:
                    best[code] = candidate
        claimed = any(key in held for key, _ in related)
        for code, (value, _, surface) in best.items():
            if claimed and value <= FREE:
                continue  # «3D-принтер» is Промдизайн's; Авто's projects only print on one
            reasons = because.setdefault(code, [])
            if any(r.typed.lower() == word.token.typed.lower() for r in reasons):
                continue  # the same word typed twice counts once
            scores[code] = scores.get(code, 0.0) + value
            reasons.append(Because(word.token.typed, surface))
            if not word.generic:
                specific.add(code)
    ranked = sorted(specific, key=lambda c: (-scores[c], index.order.get(c, 0)))
    return [QuantumHit(c, round(scores[c], 3), tuple(because[c])) for c in ranked]
