"""Feature routers, built fresh for every dispatcher."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import fallback, family, quanta, quiz, signup, staff, start

    # catch-all handlers last
    return [
        start.router(), staff.router(), signup.router(), family.router(), quanta.router(),
        quiz.router(), fallback.router(),
    ]
