"""The index of the catalogue's and the FAQ's words, and the matching of typed words against it.

The only module that imports snowballstemmer and rapidfuzz; the package imports it on the first
text it understands. Words are stemmed by their script (Cyrillic: Russian, Latin: English), so
Russian typed by an English-locale person, or English by a Russian one, is understood too; the
person's locale only picks which language's word is shown as matched.

How a typed word matches the index:
- **the same stem** («роботов» → «робот»). English words are matched first as whole words (a
  plural «s» aside): «animals» is the animals of biology, not «animation», which the English
  stemmer also cuts to «anim»; the stem is used only when the whole word is nowhere;
- **the same sound** («квадракоптер», «праграмирование»: «о»/«а», «е»/«и», a double letter),
  of the stem or, for a word of five letters or more, of the whole word («кадить» is «кодить»,
  whose stem «код» is too short to compare);
- **a beginning**: one stem begins the other, both of five letters or more, at most four apart
  («рисова» / «рисован»). Names and aliases are never beginnings: «photos» is not «photonics»;
- **a typo**: a word of five letters or more, the same first letter, at most one edit in a word
  of five to seven letters and two in a longer one (Levenshtein, on the words as they sound),
  never onto a word of under six letters («лагерь» is not «лазер», «start» is not «star»).
  A typo weighs less in a short word than in a long one: a short word one letter away from a
  catalogue word is often another word («планшет», «планеты»).
Stems of under five letters match only themselves («рис» of «рисует» is the «рис» of «рисовать»'s
present forms, which the index adds for every «-овать» verb).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.services.catalogue import Catalogue
from bot.services.faq import Faq
from bot.services.understanding.keys import Phrasing, Word, forms, max_edits, whole
from bot.services.understanding.words import (
    ADDRESSING,
    FAQ_CONTENT,
    FAQ_KEEP,
    FAQ_OPTIONAL,
    GENERIC,
    GENERIC_VERBS,
    INTRODUCING,
    NEGATORS,
    SMALL_TALK,
    STOP_EN,
    STOP_RU,
    TAG_WORDS,
    WEAK,
    Token,
    folded,
    is_cyrillic,
    tokens,
)

log = logging.getLogger(__name__)

NAME, KEYWORD, TAG, SHORT, FREE = 3.0, 2.0, 1.5, 1.2, 1.0
PART = 0.7  # a word of a many-word keyword («electric» of «electric car») weighs less
EXACT, SOUND, STEM, BEGINNING = 1.0, 0.95, 0.9, 0.85
TYPO_LONG, TYPO_SHORT = 0.75, 0.6  # a typo in a word of eight letters or more, and shorter
QUALITIES_NAMING = (EXACT, SOUND, STEM)  # how a name may match to name its quantum
LONG_NAME = 7  # a typo names a quantum only when the name is this long
TYPO_FLOOR = 6  # a real typo is never onto a shorter word: «лагерь» is not «лазер»
TYPO_CACHE = 4096
SMALL_TALK_WORDS = 8  # a longer text is never a greeting or thanks alone
JOINED = ("quantum", "kvantum", "квантум")  # «neuroquantum», «геоквантум»

_RU = snowballstemmer.stemmer("russian")
_EN = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)  # words repeat
def stem(norm: str) -> str:
    if is_cyrillic(norm):
        return str(_RU.stemWord(norm))
    if norm.isascii() and norm.isalpha():
        return str(_EN.stemWord(norm))
    return norm


@dataclass
class Index:
    # key (a stem, or «=word» for an English whole word) → (quantum, language) → (weight, word)
    quanta: dict[str, dict[tuple[str, str], tuple[float, str]]] = field(
        default_factory=lambda: defaultdict(dict))
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    phrases: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # many-word aliases
    faq_keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    phrasings: list[Phrasing] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    whole: dict[frozenset[str], str] = field(default_factory=dict)  # «привет» → "hello"
    _talk: set[str] = field(default_factory=set)  # every word of those: a whole text begins so
    _talk_of: dict[str, set[str]] = field(default_factory=dict)  # entry → the words of those
    order: dict[str, int] = field(default_factory=dict)  # catalogue order breaks ties
    _known: set[str] = field(default_factory=set)
    # folded stem → every stem that sounds so («робот» and «работ» both sound «рабат»)
    _sounds: dict[str, list[str]] = field(default_factory=dict)
    _prefixable: list[str] = field(default_factory=list)  # sorted stems a beginning may match
    _near: dict[str, list[str]] = field(default_factory=dict)  # first letter → folded keys
    _from_near: dict[str, str] = field(default_factory=dict)  # folded key or word → key
    _typos: dict[tuple[str, str], str | None] = field(default_factory=dict)
    _name_only: set[str] = field(default_factory=set)
    _not_names: set[str] = field(default_factory=set)
    _sound_words: dict[str, str] = field(default_factory=dict)  # a word as it sounds → key
    generic: frozenset[str] = frozenset()  # the keys of verbs that go with anything
    # key → the many-word keywords («3D-принтер») holding it
    keyword_phrases: dict[str, list[tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(list))

    # ── building ──────────────────────────────────────────────────────────────────────────
    def _content(self, text: str) -> list[tuple[str, str, str]]:
        """(key, stem, the word as written) of a catalogue text's meaningful words."""
        kept = [t for t in tokens(text)
                if t.norm not in STOP_RU and t.norm not in WEAK and not t.norm.isdigit()
                and (t.norm not in STOP_EN or t.typed.isupper()) and len(t.norm) >= 2]
        result = []
        for t in kept:
            key = whole(t.norm) or stem(t.norm)
            result.append((key, stem(t.norm), t.typed))
            if t.norm.endswith(("овать", "евать")) and len(t.norm) > 6:
                present = t.norm[:-5] + ("ует" if t.norm[-5] == "о" else "юет")
                result.append((stem(present), stem(present), t.typed))
        return result

    def _put(self, key: str, code: str, lang: str, weight: float, word: str) -> None:
        here = self.quanta[key]
        if here.get((code, lang), (0.0, ""))[0] < weight:
            here[(code, lang)] = (weight, word)

    def _add(self, code: str, lang: str, text: str, weight: float) -> None:
        words = self._content(text)
        chosen = weight >= KEYWORD  # a name or a keyword: every word of it counts
        if weight == KEYWORD and len({w for _, _, w in words}) > 1:
            weight *= PART
            phrase = tuple(dict.fromkeys(key for key, _, _ in words))
            for key in phrase:
                self.keyword_phrases[key].append(phrase)
        for key, stem_, word in words:
            if not chosen and (stem_ in GENERIC or word.lower() in GENERIC or len(stem_) < 3):
                continue
            self._put(key, code, lang, weight, word)
            norm = word.lower().replace("ё", "е")
            if len(norm) >= 5 and is_cyrillic(norm):
                self._sound_words.setdefault(folded(norm), key)
            if weight < NAME:
                self._not_names.update((key, stem_))
            if key != stem_:  # an English word: its stem too, for the words it was not
                self._put(stem_, code, lang, weight * STEM, word)

    def add_quantum(self, catalogue: Catalogue) -> None:
        named_keys: set[str] = set()
        for number, quantum in enumerate(catalogue.quanta):
            self.order[quantum.code] = number
            for lang in ("ru", "en"):
                text = quantum.text(lang)
                for name in (text.name, *text.aliases):
                    words = self._content(name)
                    named_keys.update(k for key, stem_, _ in words for k in (key, stem_))
                    if len(words) == 1 or name == text.name:
                        for key, _, word in words:
                            self.names[key].add(quantum.code)
                            named_keys.add(key)
                            if len(words) == 1 and len(word) <= 6:
                                self._joined(quantum.code, lang, word.lower())
                    elif words:
                        self.phrases.append((quantum.code, tuple(k for k, _, _ in words)))
                    self._add(quantum.code, lang, name, NAME)
                for keyword in text.keywords:
                    self._add(quantum.code, lang, keyword, KEYWORD)
                for tag in quantum.tags:
                    for word in TAG_WORDS[tag][0 if lang == "ru" else 1]:
                        self._add(quantum.code, lang, word, TAG)
                self._add(quantum.code, lang, text.short, SHORT)
                for line in (*text.activities, *text.projects):
                    self._add(quantum.code, lang, line, FREE)
        self._name_only = named_keys - self._not_names
        self.generic = frozenset(k for verb in GENERIC_VERBS for k in (whole(verb), stem(verb))
                                 if k is not None)

    def _joined(self, code: str, lang: str, alias: str) -> None:
        """«нейро» → «нейроквантум», «neuroquantum»: a name written as one word."""
        for tail in JOINED:
            if is_cyrillic(alias) == is_cyrillic(tail) and alias.isalpha():
                key = whole(alias + tail) or stem(alias + tail)
                self.names[key].add(code)
                self._put(key, code, lang, NAME, alias + tail)

    def add_faq(self, faq: Faq) -> None:
        for entry in faq.entries:
            for lang in ("ru", "en"):
                for phrasing in entry.text(lang).phrasings:
                    self._add_phrasing(entry.id, phrasing)

    def _add_phrasing(self, entry_id: str, phrasing: str) -> None:
        found = tokens(phrasing)
        talk = {t.norm for t in found} - ADDRESSING
        said = talk & SMALL_TALK and all(w in SMALL_TALK or w in STOP_RU or w in STOP_EN
                                         or w in WEAK or w in FAQ_KEEP for w in talk)
        if said:  # a greeting or thanks: matched by the whole text only
            self.whole.setdefault(frozenset(talk), entry_id)
            self._talk.update(t.norm for t in found)
            self._talk_of.setdefault(entry_id, set()).update(talk)
            return
        keys: dict[str, bool] = {}  # key → strong
        for t in found:
            if t.norm.isdigit():
                continue
            if t.norm in FAQ_CONTENT:
                keys[stem(t.norm)] = True
            elif t.norm in WEAK or t.norm in FAQ_KEEP:
                keys.setdefault(stem(t.norm), False)
            elif t.norm not in STOP_RU and t.norm not in STOP_EN:
                keys[stem(t.norm)] = True
        strong = frozenset(k for k, s in keys.items() if s)
        optional = frozenset(stem(t.norm) for t in found if t.norm in FAQ_OPTIONAL)
        if not strong and len(set(keys) - optional) < 2:  # «where is the technopark»
            optional = frozenset()  # both words are needed
        if not strong and len(keys) < 2:
            log.warning("FAQ entry %r: the phrasing %r says too little to match on (%s); "
                        "it is left out", entry_id, phrasing, ", ".join(keys) or "no words")
            return
        self.phrasings.append(Phrasing(entry_id, tuple(keys), strong, optional))
        for key in keys:
            self.faq_keys[key].add(entry_id)
            self.by_key[key].append(len(self.phrasings) - 1)

    def held_keywords(self, matched: set[str]) -> set[str]:
        """The words of the many-word keywords a text holds whole («3д принтер»): they mean
        that keyword, not a quantum whose texts only use one of them."""
        return {key for typed in matched for keys in self.keyword_phrases.get(typed, ())
                if matched.issuperset(keys) for key in keys}

    def small_talk(self, items: list[Token]) -> str | None:
        """The entry a whole text is a greeting or thanks of («привет, бот», «hi, I'm Tom»)."""
        first = items[0].norm if items else ""
        if len(items) > SMALL_TALK_WORDS or first not in self._talk and first not in ADDRESSING:
            return None
        said = [t.norm for t in items if t.norm not in ADDRESSING]
        for intro in INTRODUCING:  # a name at the end, after «я»: left out
            at = len(said) - len(intro) - 1
            if (at > 0 and tuple(said[at:-1]) == intro and said[-1].isalpha()
                    and stem(said[-1]) not in self._known):
                said = said[:at]
                break
        exact = self.whole.get(frozenset(said)) if said else None
        if exact is not None or not said or any(w in NEGATORS for w in said):
            return exact
        # «большое спасибо за помощь», «ок понятно»: a word that alone is an entry's, and the
        # rest that entry's words too, or words that carry no meaning
        entries = {self.whole.get(frozenset((w,))) for w in said} - {None}
        if len(entries) != 1:
            return None
        entry = entries.pop()
        assert entry is not None
        words = self._talk_of.get(entry, set())
        plain = all(w in words or (w in STOP_RU or w in STOP_EN) and w not in WEAK for w in said)
        return entry if plain else None

    def seal(self) -> None:
        self._known = set(self.quanta) | set(self.faq_keys) | set(self.names)
        plain = [k for k in self._known if not k.startswith("=")]
        sounds: dict[str, list[str]] = defaultdict(list)
        for k in sorted(plain):
            sounds[folded(k)].append(k)
        self._sounds = dict(sounds)
        self._prefixable = sorted(k for k in plain if len(k) >= 5 and k not in self._name_only)
        near: dict[str, set[str]] = defaultdict(set)
        for key in sorted(self._known):  # the same choice in every run
            bare = key.lstrip("=")
            if len(bare) >= TYPO_FLOOR and bare.isalpha():
                near[bare[0]].add(folded(bare))
                self._from_near.setdefault(folded(bare), key)
        self._near = {letter: sorted(keys) for letter, keys in near.items()}

    # ── matching one word ─────────────────────────────────────────────────────────────────
    def related(self, word: Word) -> list[tuple[str, float]]:
        """The index keys a typed word matches, each with how well."""
        norm, key = word.token.norm, word.stem
        exact = whole(norm)
        if exact is not None and exact in self._known:
            found = [(exact, EXACT)]
            found += [(f, STEM) for f in forms(norm) if f in self._known and f != exact]
            if key in self.faq_keys:
                found.append((key, EXACT))
            return found
        found = []
        if key in self._known:
            found.append((key, EXACT))
        elif len(key) >= 5 and folded(key) in self._sounds:
            found += [(other, SOUND) for other in self._sounds[folded(key)]]
        elif len(norm) >= 5 and folded(norm) in self._sound_words:
            found.append((self._sound_words[folded(norm)], SOUND))
        if len(key) >= 5:
            at = bisect_left(self._prefixable, key)
            while at < len(self._prefixable) and self._prefixable[at].startswith(key):
                other = self._prefixable[at]
                if other != key and len(other) - len(key) <= (4 if len(key) >= 6 else 2):
                    found.append((other, BEGINNING))
                at += 1
            for cut in range(max(5, len(key) - 4), len(key)):
                if cut < 6 and len(key) - cut > 2:  # «ветер» does not begin «ветеринар»
                    continue
                if key[:cut] in self._known and key[:cut] not in self._name_only:
                    found.append((key[:cut], BEGINNING))
        if all(q == BEGINNING for _, q in found) and len(norm) >= 5 and norm.isalpha():
            typo = self._typo(norm, key)
            if typo is not None and typo not in (k for k, _ in found):
                found.append((typo, TYPO_LONG if len(norm) >= 8 else TYPO_SHORT))
        return found

    def _typo(self, norm: str, key: str) -> str | None:
        """The key a misspelt word means: the word, or its stem, near a key as it sounds, with
        the same first letter («робатаехника» → «робототехник»)."""
        if (norm, key) in self._typos:
            return self._typos[(norm, key)]
        choices = self._near.get(norm[0], [])
        result = None
        bare = (whole(norm) or norm).lstrip("=")
        for typed in dict.fromkeys((folded(norm), folded(bare), folded(key))):
            best = process.extractOne(typed, choices, scorer=Levenshtein.distance,
                                      score_cutoff=max_edits(len(typed)))
            if best is not None:
                result = self._from_near[best[0]]
                break
        if len(self._typos) >= TYPO_CACHE:
            self._typos.clear()
        self._typos[(norm, key)] = result
        return result


def build(catalogue: Catalogue, faq: Faq) -> Index:
    index = Index()
    index.add_quantum(catalogue)
    index.add_faq(faq)
    index.seal()
    return index
