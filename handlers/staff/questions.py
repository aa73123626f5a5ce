"""/questions: staff read the questions families ask and answer them."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="staff-questions")
