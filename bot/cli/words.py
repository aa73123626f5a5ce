"""The command line's counts in English (it speaks only English): «1 closure», «2 closures»."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and the noun in the number's form; `plural` when it is not the noun + «s»."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
