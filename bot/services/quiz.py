"""The interest quiz: questions, their answers' tags, and scoring. Texts live in locales/
under `quiz-<question>` and `quiz-<question>-<answer>`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from itertools import product

from bot.services.catalogue import Catalogue, Quantum
from storage.clock import utcnow
from storage.quiz import QuizPick, QuizRepo, QuizResult, put_result


@dataclass(frozen=True)
class Question:
    key: str
    answers: tuple[tuple[str, tuple[str, ...]], ...]  # (answer key, tags)


QUESTIONS: tuple[Question, ...] = (
    Question("evening", (
        ("build", ("build",)),
        ("game", ("code", "virtual")),
        ("walk", ("nature", "maps")),
        ("draw", ("design",)),
    )),
    Question("power", (
        ("fly", ("fly",)),
        ("micro", ("micro", "science")),
        ("minds", ("brain",)),
        ("lightning", ("energy",)),
    )),
    Question("video", (
        ("rocket", ("space",)),
        ("race", ("vehicles",)),
        ("experiment", ("science", "nature")),
        ("vr", ("virtual",)),
    )),
    Question("team", (
        ("ideas", ("design",)),
        ("solder", ("build", "energy")),
        ("code", ("code",)),
        ("explore", ("maps", "science")),
    )),
    Question("expo", (
        ("drone", ("fly", "maps")),
        ("robot", ("build", "code")),
        ("solar", ("energy", "vehicles")),
        ("laser", ("light", "design")),
    )),
)
# The last question: age, which narrows the result to quanta that take the child.
AGE_BANDS: tuple[tuple[int, int], ...] = ((7, 9), (10, 12), (13, 15), (16, 18))
AGE_SKIPPED = -1
TOTAL_STEPS = len(QUESTIONS) + 1
RESULT_SIZE = 3


# How a button carries answers: one character each, the answer's index (a question has at most
# ten answers), the skipped age «s».
SKIPPED_CODE = "s"


def choices(step: int) -> tuple[int, ...]:
    """The answers the question at `step` takes: its answers' indices (the age question's
    bands, or skipped)."""
    if step < len(QUESTIONS):
        return tuple(range(len(QUESTIONS[step].answers)))
    return (*range(len(AGE_BANDS)), AGE_SKIPPED)


def code(choice: int) -> str:
    """One answer as a button carries it."""
    return SKIPPED_CODE if choice == AGE_SKIPPED else str(choice)


# for each step, the characters a button may carry there and the answers they stand for
CODES: tuple[dict[str, int], ...] = tuple(
    {code(choice): choice for choice in choices(step)} for step in range(TOTAL_STEPS)
)


def encode(answers: list[int]) -> str:
    """Answers as a button carries them (`decode` reads them back)."""
    return "".join(code(choice) for choice in answers)


def decode(text: str) -> list[int] | None:
    """The answers a button carries: one to each question up to the button's own, in order;
    None for anything else (nothing, more characters than questions, a character that is no
    answer to its question)."""
    if not 0 < len(text) <= TOTAL_STEPS:
        return None
    answers = []
    for codes, char in zip(CODES, text, strict=False):
        choice = codes.get(char)
        if choice is None:
            return None
        answers.append(choice)
    return answers


def interests(answers: list[int]) -> Counter[str]:
    """How often each tag was picked across the answered (non-age) questions."""
    counts: Counter[str] = Counter()
    for question, choice in zip(QUESTIONS, answers, strict=False):
        if 0 <= choice < len(question.answers):
            counts.update(question.answers[choice][1])
    return counts


def age_band(answers: list[int]) -> tuple[int, int] | None:
    if len(answers) > len(QUESTIONS):
        choice = answers[len(QUESTIONS)]
        if 0 <= choice < len(AGE_BANDS):
            return AGE_BANDS[choice]
    return None


def fits_age(quantum: Quantum, band: tuple[int, int] | None) -> bool:
    return band is None or (quantum.age_min <= band[1] and band[0] <= quantum.age_max)


def valid_answers(answers: list[int]) -> bool:
    """An answer to every question, each one the question takes."""
    return len(answers) == TOTAL_STEPS and all(
        choice in choices(step) for step, choice in enumerate(answers)
    )


def pick(answers: list[int], catalogue: Catalogue) -> list[QuizPick]:
    """The top quanta for these answers, best first, each with the tag that explains it.

    A quantum scores the average count of its tags (so a quantum with many tags is not
    favoured just for having them), then the sum; ties keep catalogue order. Quanta that do not
    take a child of the given age are left out. The reasons are the quanta's chosen tags,
    as many different ones as can be (so the lines say different things), then the most chosen
    for the better picks.
    """
    counts = interests(answers)
    band = age_band(answers)
    scored: list[tuple[Fraction, int, int, Quantum]] = []
    for position, quantum in enumerate(catalogue.quanta):
        total = sum(counts[tag] for tag in quantum.tags)
        if total > 0 and fits_age(quantum, band):
            scored.append((-Fraction(total, len(quantum.tags)), -total, position, quantum))
    scored.sort(key=lambda item: item[:3])
    top = [quantum for *_, quantum in scored[:RESULT_SIZE]]
    options: list[list[str]] = [
        [tag for tag in quantum.tags if counts[tag] > 0] for quantum in top
    ]

    def merit(tags: tuple[str, ...]) -> tuple[int, ...]:
        order = [-list[str](q.tags).index(tag) for q, tag in zip(top, tags, strict=True)]
        return (len(set(tags)), *(counts[tag] for tag in tags), *order)

    reasons = max(product(*options), key=merit) if top else ()
    return [QuizPick(quantum.code, tag) for quantum, tag in zip(top, reasons, strict=True)]


def led_to(answers: list[int], tag: str, limit: int = 3) -> list[tuple[str, str]]:
    """The answers that gave a result its reason (those carrying its tag), as (question,
    answer) keys in the order asked, at most `limit`."""
    found: list[tuple[str, str]] = []
    for question, choice in zip(QUESTIONS, answers, strict=False):
        if 0 <= choice < len(question.answers):
            answer, tags = question.answers[choice]
            if tag in tags:
                found.append((question.key, answer))
    return found[:limit]


class QuizResults:
    """A person's quiz results: the latest is offered again, and orders the programmes of a
    sign-up by its age band."""

    PICKS_KEPT = 8192  # more than there are ways to answer (4⁵ × 5)

    def __init__(self, repo: QuizRepo) -> None:
        self.repo = repo
        # the picks of each set of answers, worked out once (~30-90 µs each) for the
        # catalogue they were picked from: it does not change while the bot runs, and
        # another one starts afresh
        self._picks: dict[tuple[int, ...], list[QuizPick]] = {}
        self._picked_from: Catalogue | None = None

    def picks(self, answers: list[int], catalogue: Catalogue) -> list[QuizPick]:
        """`pick(answers, catalogue)`, remembered."""
        if catalogue is not self._picked_from or len(self._picks) >= self.PICKS_KEPT:
            self._picks.clear()
            self._picked_from = catalogue
        key = tuple(answers)
        found = self._picks.get(key)
        if found is None:
            found = self._picks[key] = pick(answers, catalogue)
        return list(found)

    async def latest(self, user_id: int) -> QuizResult | None:
        return await self.repo.latest(user_id)

    async def finish(
        self, user_id: int, answers: list[int], catalogue: Catalogue
    ) -> list[QuizPick]:
        """The quiz answered to the end: its picks, kept in place of the previous result."""
        picks = self.picks(answers, catalogue)
        # a row of the domain (it orders a sign-up's programmes): committed with a full sync
        await self.repo.db.in_one_trip(partial(
            put_result, user_id=user_id, answers=answers, ages=age_band(answers), picks=picks,
            at=utcnow()))
        return picks
