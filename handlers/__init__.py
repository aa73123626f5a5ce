"""Feature routers, built fresh for every dispatcher."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import (
        absences,
        fallback,
        family,
        news,
        quanta,
        questions,
        quiz,
        reminders,
        schedule,
        signup,
        staff,
        start,
    )

    # the most used first (every update walks the list until a handler matches);
    # catch-all handlers last
    return [
        start.router(), schedule.router(), news.router(), quanta.router(), quiz.router(),
        signup.router(), family.router(), questions.router(), reminders.router(),
        absences.router(), staff.router(), fallback.router(),
    ]
