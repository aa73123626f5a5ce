"""Staff: a group's lessons, one lesson cancelled, moved or restored, families told.

`screens` holds what is shown, `draft` the change being prepared, `flow` what every handler
works with, `steps` the handlers."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import LessonAct, LessonGroups, LessonList, LessonOpen, Nav
from handlers.staff.lessons import steps
from handlers.staff.lessons.flow import FlowMiddleware
from handlers.staff.lessons.states import LessonChange

__all__ = ["LessonChange", "router"]


def router() -> Router:
    r = Router(name="staff-lessons")
    r.message.middleware(FlowMiddleware())
    r.callback_query.middleware(FlowMiddleware())
    r.message.register(steps.lessons_command, Command("lessons"))
    r.callback_query.register(steps.lessons_from_menu, Nav.filter(F.to == "lessons"))
    r.callback_query.register(steps.open_groups, LessonGroups.filter())
    r.callback_query.register(steps.open_list, LessonList.filter())
    r.callback_query.register(steps.open_lesson, LessonOpen.filter())
    r.callback_query.register(steps.act, LessonAct.filter())
    typed = (F.text, ~F.text.startswith("/"))
    r.message.register(steps.day_typed, StateFilter(LessonChange.day), *typed)
    r.message.register(steps.time_typed, StateFilter(LessonChange.time), *typed)
    r.message.register(steps.room_typed, StateFilter(LessonChange.room), *typed)
    r.message.register(steps.reason_typed, StateFilter(LessonChange.reason), *typed)
    r.message.register(steps.not_text, StateFilter(LessonChange), ~F.text.startswith("/"))
    return r
