"""When a child being signed up may be one the family already has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.services.kinship import same_child, similar_names, to_ask_about

BORN = date(2015, 5, 12)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Петров Михаил", "Петров Миша"),  # the same surname
        ("Петров Михаил", "Михаил Петров"),  # the other order
        ("Ким Саша", "Ли Александр"),  # a diminutive
        ("Кузнецов Макс", "Кузнецова Максим"),  # a prefix
        ("Семёнова Алёна", "семенова алена"),  # case and ё
        ("Петров Михаил", "Петрав Михайл"),  # slips of the finger
        ("Смирнова Аня", "Смирнова Анна"),
        ("Иванова Мария", "Иванова Марья"),
    ],
)
def test_similar(a: str, b: str) -> None:
    assert similar_names(a, b)
    assert similar_names(b, a)
    assert same_child(a, BORN, b, BORN)
    assert not same_child(a, BORN, b, BORN + timedelta(days=1))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Петров Максим", "Петрова Анна"),  # a brother and a sister
        ("Иванова Мария", "Сидоров Пётр"),
        ("Ким Анна", "Ли Ольга"),
        ("Петров Михаил", ""),
    ],
)
def test_not_similar(a: str, b: str) -> None:
    assert not similar_names(a, b)
    assert not same_child(a, BORN, b, BORN)


LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcdefghijklmnopqrstuvwxyz"
word = st.text(alphabet=LETTERS, min_size=2, max_size=12)
name = st.builds(lambda a, b: f"{a.title()} {b.title()}", word, word)


@given(name)
def test_a_name_is_similar_to_itself_in_any_case(a: str) -> None:
    assert similar_names(a, a)
    assert similar_names(a, a.upper())
    assert similar_names(a, a.lower().replace("е", "ё"))


@given(name, name)
def test_similarity_is_symmetric(a: str, b: str) -> None:
    assert similar_names(a, b) == similar_names(b, a)


@given(name, name, st.dates(), st.dates())
def test_another_birth_date_is_never_the_same_child(a: str, b: str, x: date, y: date) -> None:
    if x != y:
        assert not same_child(a, x, b, y)


@dataclass(frozen=True)
class Kid:
    id: int
    name: str
    birth_date: date


def test_what_is_asked_about() -> None:
    kids = [Kid(1, "Петров Михаил", BORN), Kid(2, "Петрова Анна", BORN),
            Kid(3, "Петров Михаил", BORN + timedelta(days=400))]
    assert to_ask_about("Петров Миша", BORN, kids) == [kids[0]]
    # the very same name is the same child without asking; one told apart is not asked again
    assert to_ask_about("петров михаил", BORN, kids) == []
    assert to_ask_about("Петров Миша", BORN, kids, told_apart=[1]) == []
