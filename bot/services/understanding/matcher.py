"""The index of the catalogue's and the FAQ's words, and the matching of typed text against it.

The only module that imports snowballstemmer and rapidfuzz; the package imports it on the first
text it understands. Words are stemmed by their script (Cyrillic: Russian, Latin: English), so
Russian typed by an English-locale person, or English by a Russian one, is understood too; the
person's locale only picks which language's word is shown as matched.

How a word matches a vocabulary stem: the same stem; or one stem beginning the other (both at
least five letters, at most four apart: «рисова» / «рисован»); or, for typed words of five
letters or more only, a typo (rapidfuzz's ratio above a cutoff that allows about one wrong
letter in a short word and two or three in a long one: «робатаехника» → «робототехника»).
Names and aliases match only the same stem or a typo, never a beginning, so «нейросети» is not
«нейро».
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from bot.services.catalogue import Catalogue
from bot.services.faq import Faq
from bot.services.understanding.words import (
    GENERIC,
    STOP_EN,
    STOP_RU,
    TAG_WORDS,
    WEAK,
    Token,
    is_cyrillic,
    mostly_latin,
    tokens,
)

NAME, KEYWORD, TAG, SHORT, FREE = 3.0, 2.0, 1.5, 1.2, 1.0
PART = 0.8  # a word of a many-word keyword («electric» of «electric car») weighs less
EXACT, BEGINNING, TYPO = 1.0, 0.85, 0.8
FUZZY_CACHE = 4096

_RU = snowballstemmer.stemmer("russian")
_EN = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)  # the pure-Python stemmer is the slowest step; words repeat
def stem(norm: str) -> str:
    if is_cyrillic(norm):
        return str(_RU.stemWord(norm))
    if norm.isascii() and norm.isalpha():
        return str(_EN.stemWord(norm))
    return norm


def _typo_cutoff(length: int) -> float:
    allowed = 1.0 if length < 8 else 2.0 if length < 11 else 2.5
    return 100.0 * (1.0 - allowed / length) - 0.1


@dataclass
class Word:
    """A typed word ready to match: its token, its stem and whether it may match a quantum."""

    token: Token
    stem: str
    weak: bool  # a question word: the FAQ's, never a quantum's


@dataclass
class Index:
    # stem → (quantum code, language) → (weight, the catalogue's word)
    quanta: dict[str, dict[tuple[str, str], tuple[float, str]]] = field(
        default_factory=lambda: defaultdict(dict))
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # many-word aliases
    faq_stems: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    faq_phrasings: dict[str, list[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(list))
    idf: dict[str, float] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)  # catalogue order breaks ties
    vocabulary: list[str] = field(default_factory=list)  # sorted stems of four letters or more
    forms: dict[str, str] = field(default_factory=dict)  # a word as written → its stem
    _known: set[str] = field(default_factory=set)
    _words: list[str] = field(default_factory=list)
    _typos: dict[str, str | None] = field(default_factory=dict)

    # ── building ──────────────────────────────────────────────────────────────────────────
    def _content(self, text: str) -> list[tuple[str, str]]:
        """(stem, the word as written) of a catalogue text's meaningful words."""
        kept = [t for t in tokens(text)
                if t.norm not in STOP_RU and t.norm not in WEAK and not t.norm.isdigit()
                and (t.norm not in STOP_EN or t.typed.isupper()) and len(t.norm) >= 2]
        self._remember(kept)
        return [(stem(t.norm), t.typed) for t in kept]

    def _remember(self, kept: list[Token]) -> None:
        for t in kept:
            if len(t.norm) >= 5 and t.norm.isalpha():
                self.forms.setdefault(t.norm, stem(t.norm))

    def _add(self, code: str, lang: str, text: str, weight: float) -> None:
        words = self._content(text)
        if weight == KEYWORD and len(words) > 1:
            weight *= PART
        for key, word in words:
            if weight < KEYWORD and (key in GENERIC or word.lower() in GENERIC or len(key) < 3):
                continue
            here = self.quanta[key]
            if here.get((code, lang), (0.0, ""))[0] < weight:
                here[(code, lang)] = (weight, word)

    def add_quantum(self, catalogue: Catalogue) -> None:
        for number, quantum in enumerate(catalogue.quanta):
            self.order[quantum.code] = number
            for lang in ("ru", "en"):
                text = quantum.text(lang)
                for name in (text.name, *text.aliases):
                    words = self._content(name)
                    if len(words) == 1 or name == text.name:
                        for key, _ in words:
                            self.names[key].add(quantum.code)
                    elif words:
                        self.phrases.append((quantum.code, tuple(k for k, _ in words)))
                    self._add(quantum.code, lang, name, NAME)
                for keyword in text.keywords:
                    self._add(quantum.code, lang, keyword, KEYWORD)
                for tag in quantum.tags:
                    for word in TAG_WORDS[tag][0 if lang == "ru" else 1]:
                        self._add(quantum.code, lang, word, TAG)
                self._add(quantum.code, lang, text.short, SHORT)
                for line in (*text.activities, *text.projects):
                    self._add(quantum.code, lang, line, FREE)

    def add_faq(self, faq: Faq) -> None:
        for entry in faq.entries:
            for lang in ("ru", "en"):
                for phrasing in entry.text(lang).phrasings:
                    kept = [t for t in tokens(phrasing)
                            if t.norm in WEAK or (t.norm not in STOP_RU
                                                  and t.norm not in STOP_EN
                                                  and not t.norm.isdigit())]
                    self._remember(kept)
                    keys = tuple(dict.fromkeys(stem(t.norm) for t in kept))
                    if keys:
                        self.faq_phrasings[entry.id].append(keys)
                        for key in keys:
                            self.faq_stems[key].add(entry.id)
        total = max(1, len(faq.entries))
        self.idf = {key: math.log(1.0 + total / len(ids)) for key, ids in self.faq_stems.items()}

    def seal(self) -> None:
        self._known = set(self.quanta) | set(self.faq_stems) | set(self.names)
        self.vocabulary = sorted(key for key in self._known if len(key) >= 4)
        self._words = sorted(self.forms)

    # ── matching one word ─────────────────────────────────────────────────────────────────
    def related(self, key: str, norm: str) -> list[tuple[str, float]]:
        """The vocabulary stems a typed word's stem matches, each with how well."""
        found: list[tuple[str, float]] = []
        if key in self._known:
            found.append((key, EXACT))
        if len(key) >= 5:
            at = bisect_left(self.vocabulary, key)
            while at < len(self.vocabulary) and self.vocabulary[at].startswith(key):
                other = self.vocabulary[at]
                if other != key and len(other) - len(key) <= 4:
                    found.append((other, BEGINNING))
                at += 1
            for cut in range(max(5, len(key) - 4), len(key)):
                if key[:cut] in self._known:
                    found.append((key[:cut], BEGINNING))
        if not found and len(norm) >= 5 and len(key) >= 5:
            typo = self._typo(key, norm)
            if typo is not None:
                found.append((typo, TYPO))
        return found

    def _typo(self, key: str, norm: str) -> str | None:
        """The stem a misspelt word means: its stem near a known stem, or the word near a known
        word (a typo can change what the stemmer cuts: «biolagy» is near «biology»)."""
        if key in self._typos:
            return self._typos[key]
        best = process.extractOne(key, self.vocabulary, scorer=fuzz.ratio,
                                  score_cutoff=_typo_cutoff(len(key)))
        result = best[0] if best else None
        if result is None:
            near = process.extractOne(norm, self._words, scorer=fuzz.ratio,
                                      score_cutoff=_typo_cutoff(len(norm)))
            result = self.forms[near[0]] if near else None
        if len(self._typos) >= FUZZY_CACHE:
            self._typos.clear()
        self._typos[key] = result
        return result


def build(catalogue: Catalogue, faq: Faq) -> Index:
    index = Index()
    index.add_quantum(catalogue)
    index.add_faq(faq)
    index.seal()
    return index


def words_of(text: str) -> tuple[list[Token], list[Word]]:
    """All tokens (for ages) and the words that may match (stop words dropped)."""
    items = tokens(text)
    english = mostly_latin(items)
    result: list[Word] = []
    for token in items:
        norm = token.norm
        if norm.isdigit() or len(norm) > 40:
            continue
        weak = norm in WEAK
        acronym = token.typed.isupper() and len(token.typed) >= 2  # «IT», not «it»
        stop = norm in STOP_RU or (norm in STOP_EN and (english or len(norm) < 2))
        if stop and not weak and not acronym:
            continue
        result.append(Word(token, stem(norm), weak))
    return items, result
