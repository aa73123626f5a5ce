"""The quiz's answers as its buttons carry them: each answer's button holds the answers before
its question and its own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.services import quiz


@given(st.text(alphabet="0123456789s-", max_size=8) | st.text(max_size=70))
def test_any_text_decodes_to_answers_it_encodes_or_to_nothing(text: str) -> None:
    answers = quiz.decode(text)
    if answers is not None:
        assert quiz.encode(answers) == text
        assert 0 < len(answers) <= quiz.TOTAL_STEPS
        assert all(a in quiz.choices(step) for step, a in enumerate(answers))


@given(st.integers(1, quiz.TOTAL_STEPS).flatmap(
    lambda n: st.tuples(*(st.sampled_from(quiz.choices(s)) for s in range(n)))))
def test_every_answers_so_far_survive_the_button(answers: tuple[int, ...]) -> None:
    assert quiz.decode(quiz.encode(list(answers))) == list(answers)

