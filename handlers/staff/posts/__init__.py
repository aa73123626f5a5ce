"""/post: staff write, schedule, edit and unpublish project news."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="posts")
