"""Feature routers, built fresh for every dispatcher."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import (
        absences,
        chat,
        consent,
        consent_renewal,
        events,
        events_door,
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
    from handlers.staff import rollcall

    # the most used first (every message walks the list until a handler matches; a press
    # only visits the routers whose buttons can match it, bot/routing.py); catch-all
    # handlers last
    return [
        start.router(), schedule.router(), news.router(), quanta.router(), quiz.router(),
        signup.router(), events.router(), family.router(), consent.router(), questions.router(),
        reminders.router(), consent_renewal.router(), absences.router(), staff.router(),
        rollcall.router(), events_door.router(),
        chat.router(), fallback.router(),
    ]
