"""What a message typed outside a form gets, the use cases: the text understood (a quantum
named, interests, a question every family asks, what to choose, or nothing), the quanta for
interests narrowed by the age the bot knows, a text understood as nothing kept for staff's
/unanswered and, on «❓ Спросить у сотрудников», sent to staff as a question.

A text asking what to choose («дочке 7 что посоветуете»), or giving only an age («мне 9»),
gets the quanta every known age fits (the `advice` reply); the quiz is how to choose among
them by interest. Only a text the engine read as asking is left out of /unanswered: an age
with words it did not understand is kept, for «❓ Спросить у сотрудников» and for staff.

The age comes from the text («моему сыну 10 лет»), else from the person's latest quiz
result (its age band), else from the family's children: a parent's each child (answered per
child, MAX_CHILDREN at most), a pupil's own record. A quantum nobody fits is left out; when
nothing fits anybody, the best matches come back as `unfit`, to be shown with their ages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from bot.services.albums import Albums
from bot.services.catalogue import Catalogue, Quantum
from bot.services.families import Families
from bot.services.faq import Faq, FaqEntry
from bot.services.kinship import short_name
from bot.services.question_notices import check_question
from bot.services.questions import Questions
from bot.services.quiz import QuizResults
from bot.services.telegram_text import Refused
from bot.services.understanding import Because, QuantumHit, Understanding, Understood
from bot.ui.keyboards import clamp_page
from storage import known_ages
from storage import unanswered as rows
from storage.clock import age_on, utcnow
from storage.db import Database
from storage.unanswered import Missed

SHOWN = 3  # quanta in an answer to interests
MAX_CHILDREN = 3  # children answered for, each with their own quanta
UNDERSTOOD_LIMIT = 300  # longer texts are questions for people, not words to match
KEPT_LIMIT = 4096  # what is kept of a text (Telegram's own limit of a message)
KEPT_PER_PERSON = 50  # a person's newest texts kept; older ones go as new ones come
LETTER = re.compile(r"\w")
PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class Pick:
    """A quantum for the interests typed, and which of the person's words matched."""

    quantum: Quantum
    because: tuple[Because, ...]


@dataclass(frozen=True, slots=True)
class Audience:
    """Whose age narrows the quanta: a child of the family (`name`), or the person (None);
    an age typed or a child's (`low` == `high`), or a quiz's band."""

    name: str | None
    low: int
    high: int

    def fits(self, quantum: Quantum) -> bool:
        return quantum.age_min <= self.high and self.low <= quantum.age_max


@dataclass(frozen=True, slots=True)
class ForWhom:
    audience: Audience | None  # None: no age known
    # interests: best first, at most SHOWN; advice: every quantum the age fits, in the
    # catalogue's order; empty: nothing fits this age
    picks: tuple[Pick, ...]
    unfit: tuple[Pick, ...] = ()  # interests, nothing fitting: the best matches, not for this age


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers. quantum: its card; interests: `answers` per audience, or, when
    nothing fits anybody's age, `unfit` (the best matches); faq: the entry, and `quantum` when
    the text named one too («сколько стоит робототехника»); advice: `answers` per audience
    (none: no age known); nothing: `unanswered` is the kept text's id for «❓ Спросить у
    сотрудников» (None: nothing worth keeping, such as only emoji; with advice, a text the
    engine read as asking; `asked`: the same text went to staff today already; `refusal`: too
    long even for a question, so not kept), `too_long` when the text is past UNDERSTOOD_LIMIT
    and was not read."""

    kind: Literal["quantum", "interests", "faq", "advice", "nothing"]
    quantum: Quantum | None = None
    answers: tuple[ForWhom, ...] = ()
    unfit: tuple[Pick, ...] = ()
    faq: FaqEntry | None = None
    unanswered: int | None = None
    too_long: bool = False
    asked: bool = False
    refusal: Refused | None = None


@dataclass(frozen=True, slots=True)
class Asked:
    """«❓ Спросить у сотрудников» pressed. sent: the question went; gone: no such text of
    this person (forged, someone else's, deleted since); already: it went before; refused:
    `refusal` says why (too long…); later: past the rate limit, until `retry_at`."""

    outcome: Literal["sent", "gone", "already", "refused", "later"]
    refusal: Refused | None = None
    retry_at: datetime | None = None


class _AskedMeanwhile(Exception):  # noqa: N818 - not an error: rolls the question back
    """The text was marked as asked after it was read (never while writes are serialized)."""


def fold(text: str) -> str:
    """The same text whatever its case, spaces and punctuation («Какая ПОГОДА!» is «какая
    погода»)."""
    return " ".join(PUNCTUATION.sub(" ", text.casefold()).split())


def offered(kept: rows.Kept | None) -> int | None:
    """The kept text's id for «❓ Спросить у сотрудников»; None when nothing was kept or the
    same text went to staff today already."""
    return None if kept is None or kept.asked else kept.id


def ages(understood: Understood) -> tuple[int, ...]:
    """Every age the text gives, each once, in order («двое детей 8 и 13 лет»: 8, 13)."""
    typed = understood.ages or ((understood.age,) if understood.age is not None else ())
    return tuple(dict.fromkeys(typed))


def worth_keeping(text: str) -> bool:
    """A text with a letter or a digit in it (not only emoji or punctuation)."""
    return LETTER.search(text) is not None


class Chat:
    def __init__(
        self, db: Database, understanding: Understanding, catalogue: Catalogue, faq: Faq,
        questions: Questions, quiz: QuizResults, families: Families,
    ) -> None:
        self.db = db
        self.understanding = understanding
        self.catalogue = catalogue
        self.faq = faq
        self.questions = questions
        self.quiz = quiz
        self.families = families
        self.albums = Albums()  # a photo album outside a form is answered once

    # ---- a typed message -------------------------------------------------------------------

    async def reply(
        self, user_id: int, text: str, locale: str, *, today: date,
        message_id: int | None = None,
    ) -> Reply:
        """The answer to a text typed outside a form."""
        text = text.strip()
        if len(text) <= UNDERSTOOD_LIMIT and worth_keeping(text):
            understood = await self.understanding.understand(text, locale)
            if understood.kind == "quantum" and understood.quanta:
                quantum = self.catalogue.get(understood.quanta[0].code)
                if quantum is not None:
                    return Reply("quantum", quantum=quantum)
            elif understood.kind == "faq" and understood.faq:
                entry = self.faq.get(understood.faq)
                if entry is not None:  # a quantum named too: its card one tap away
                    named = self._picks(understood.quanta[:1])
                    return Reply("faq", faq=entry, quantum=named[0].quantum if named else None)
            elif understood.kind == "interests":
                picks = self._picks(understood.quanta)
                if picks:
                    audiences = await self.audiences(user_id, ages(understood), today)
                    return interests(picks, audiences)
            elif understood.advice or understood.age is not None:  # asks, or gives an age
                audiences = await self.audiences(user_id, ages(understood), today)
                if understood.advice:
                    return advice(self.catalogue, audiences, None)
                kept = await self._keep(user_id, text, message_id, today)
                return advice(self.catalogue, audiences, offered(kept))
        try:
            check_question(text, None)
        except Refused as refusal:  # not even staff could take it: not kept
            return Reply("nothing", too_long=len(text) > UNDERSTOOD_LIMIT, refusal=(
                refusal if refusal.key == "ask-too-long" and worth_keeping(text) else None))
        kept = await self._keep(user_id, text, message_id, today)
        return Reply("nothing", unanswered=offered(kept), asked=kept is not None and kept.asked,
                     too_long=len(text) > UNDERSTOOD_LIMIT)

    async def _keep(self, user_id: int, text: str, message_id: int | None, today: date
                    ) -> rows.Kept | None:
        """The text kept for «❓ Спросить у сотрудников» and, if short enough to be matched,
        for /unanswered: once a day per person, KEPT_PER_PERSON at most; None: not worth
        keeping (only emoji)."""
        if not worth_keeping(text):
            return None
        text = text[:KEPT_LIMIT]
        async with self.db.transaction() as conn:
            return await rows.keep(conn, user_id, text, fold(text), message_id=message_id,
                                   at=utcnow(), day=today, most=KEPT_PER_PERSON)

    def _picks(self, hits: tuple[QuantumHit, ...]) -> list[Pick]:
        ranked = sorted(hits, key=lambda hit: -hit.score)  # stable: the engine's order holds
        return [Pick(quantum, hit.because) for hit in ranked
                if (quantum := self.catalogue.get(hit.code)) is not None]

    async def audiences(self, user_id: int, typed: tuple[int, ...], today: date
                        ) -> list[Audience]:
        """Whose ages narrow the quanta (see the module); empty: no age is known. Several
        ages typed: one audience each (MAX_CHILDREN at most)."""
        if typed:
            return [Audience(None, age, age) for age in typed[:MAX_CHILDREN]]
        known = await known_ages.of_user(self.db, user_id)  # one read for all of it
        if known.band is not None:
            return [Audience(None, *known.band)]
        if known.relation is None:
            return []
        if known.relation == "child":
            return [Audience(None, age, age) for c in known.children
                    if c.own and (age := age_on(c.birth_date, today)) >= 0]
        found = [Audience(short_name(c.name), age_on(c.birth_date, today),
                          age_on(c.birth_date, today)) for c in known.children][:MAX_CHILDREN]
        if len({a.low for a in found}) == 1:  # all of one age: one answer
            return [Audience(None, found[0].low, found[0].high)]
        return found

    # ---- «❓ Спросить у сотрудников» --------------------------------------------------------

    async def ask(self, user_id: int, row_id: int) -> Asked:
        """The kept text sent to staff as this person's question, once; within the questions'
        limits (its length, how many a person may ask in a while). The checks, the question
        with its notices to staff and the text marked as asked are one transaction: a failure
        leaves none of them, and a second tap finds the text asked or not, never half."""
        now = utcnow()
        found = await rows.get(self.db, row_id)  # read first: a refusal writes nothing
        if found is None or found.user_id != user_id:
            return Asked("gone")
        if found.asked_at is not None:
            return Asked("already")
        try:
            check_question(found.text, None)
        except Refused as refusal:
            return Asked("refused", refusal)
        try:
            async with self.db.transaction() as conn:
                row = await rows.get_in(conn, row_id)  # deleted, asked or retyped meanwhile
                if row is None:
                    return Asked("gone")
                if row.asked_at is not None:
                    return Asked("already")
                try:
                    text, _ = check_question(row.text, None)
                except Refused as refusal:
                    return Asked("refused", refusal)
                asked = await self.questions.ask_in(conn, user_id, message_id=row.message_id,
                                                    text=text, photo=None, now=now)
                if asked.question is None:  # past the rate limit: nothing was written
                    return Asked("later", retry_at=asked.retry_at)
                if not await rows.mark_asked(conn, row_id, now):
                    raise _AskedMeanwhile
        except _AskedMeanwhile:  # the question just written is rolled back
            return Asked("already")
        return Asked("sent")

    # ---- /unanswered -----------------------------------------------------------------------

    async def missed(self, page: int, size: int) -> tuple[list[Missed], int, int]:
        """A page of the texts that matched nothing, newest first, one line per text (case,
        spaces and punctuation folded); how many different texts there are; the page shown
        (one that exists, whatever a button asked for). Texts too long to be matched are left
        out: they are kept only for «❓ Спросить у сотрудников», not for staff to learn words
        from."""
        total = await rows.missed_count(self.db, UNDERSTOOD_LIMIT)
        page = clamp_page(page, total, size)
        return (await rows.missed_page(self.db, UNDERSTOOD_LIMIT, size, page * size), total,
                page)


def interests(picks: list[Pick], audiences: list[Audience]) -> Reply:
    """The quanta for each audience (the best SHOWN that fit its age); when none fits
    anybody, the best matches as `unfit`."""
    if not audiences:
        return Reply("interests", answers=(ForWhom(None, tuple(picks[:SHOWN])),))
    best = tuple(picks[:SHOWN])

    def for_whom(audience: Audience) -> ForWhom:
        fit = tuple([p for p in picks if audience.fits(p.quantum)][:SHOWN])
        return ForWhom(audience, fit, () if fit else best)

    answers = tuple(for_whom(audience) for audience in audiences)
    if not any(answer.picks for answer in answers):
        return Reply("interests", answers=answers, unfit=best)
    return Reply("interests", answers=answers)


def advice(catalogue: Catalogue, audiences: list[Audience], unanswered: int | None) -> Reply:
    """Every quantum each audience's age fits, in the catalogue's order; no audience: no age
    is known (the person is asked it, and offered the quiz)."""
    return Reply("advice", answers=tuple(
        ForWhom(audience, tuple(Pick(q, ()) for q in catalogue.quanta if audience.fits(q)))
        for audience in audiences
    ), unanswered=unanswered)
