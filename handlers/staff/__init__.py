"""Staff features. Every handler here checks the role on the server, at the moment it runs:
a non-staff user's command falls through to "unknown command", their button to "out of date"."""

from __future__ import annotations

from aiogram import Router

from bot.routing import PressRouter
from handlers.staff import (
    applications,
    attendance,
    audit,
    broadcast,
    events,
    export,
    find,
    groups,
    lesson_notes,
    lessons,
    posts,
    questions,
    roles,
    timetable,
    unanswered,
)
from handlers.staff.filters import IsAdmin, IsStaff


def router() -> Router:
    staff = PressRouter(name="staff")
    staff.message.filter(IsStaff())
    staff.callback_query.filter(IsStaff())
    admin = roles.router()
    admin.include_router(audit.router())
    admin.message.filter(IsAdmin())
    admin.callback_query.filter(IsAdmin())
    staff.include_routers(
        admin, broadcast.router(), applications.router(), lessons.router(), timetable.router(),
        export.router(), posts.router(), questions.router(), find.router(), unanswered.router(),
        lesson_notes.router(),
        groups.router(),
        attendance.router(),
        events.router(),
    )
    return staff
