"""Staff: a group's lessons and its roster, one lesson cancelled, moved or restored, families told.

`states` holds the questions of a change, `screens` what is browsed (drawn once for what it
shows), `change_screens` a change's questions, preview and result, `draft` the change being
prepared, `form` what the handlers share beyond `flow`, `steps` the handlers; the change itself
is the lesson changes service's (bot/services/lesson_changes.py). What is routed where:"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from bot.ui.callbacks import LessonAct, LessonGroups, LessonList, LessonOpen, Nav
from bot.ui.callbacks_closures import Undelivered
from bot.ui.callbacks_staff import GroupRoster
from handlers.staff.lessons import roster, steps, undelivered
from handlers.staff.lessons.states import LessonChange

__all__ = ["LessonChange", "router"]


def router() -> Router:
    r = Router(name="staff-lessons")
    # browsing: the groups, a group's lessons, a lesson's card
    r.message.register(steps.open_groups_afresh, Command("lessons"))
    r.callback_query.register(steps.open_groups_afresh, Nav.filter(F.to == "lessons"))
    r.callback_query.register(steps.open_groups, LessonGroups.filter())
    r.callback_query.register(steps.open_list, LessonList.filter())
    r.callback_query.register(steps.open_lesson, LessonOpen.filter())
    r.callback_query.register(undelivered.undelivered, Undelivered.filter(F.kind == "l"))
    # who is in the group and who waits (staff's look is recorded)
    r.callback_query.register(roster.open_roster, GroupRoster.filter())
    # the buttons of a change: begin, answer without typing, give up, confirm
    begins = LessonAct.filter(F.action.in_({"cancel", "move", "restore"}))
    r.callback_query.register(steps.begin, begins)
    r.callback_query.register(steps.keep_day, LessonAct.filter(F.action == "keep-day"))
    r.callback_query.register(steps.keep_time, LessonAct.filter(F.action == "keep-time"))
    r.callback_query.register(steps.keep_room, LessonAct.filter(F.action == "keep-room"))
    r.callback_query.register(steps.back, LessonAct.filter(F.action == "back"))
    r.callback_query.register(steps.confirm, LessonAct.filter(F.action == "confirm"))
    # typed answers: one handler per question
    typed = (F.text, ~F.text.startswith("/"))
    r.message.register(steps.day_typed, StateFilter(LessonChange.day), *typed)
    r.message.register(steps.time_typed, StateFilter(LessonChange.time), *typed)
    r.message.register(steps.room_typed, StateFilter(LessonChange.room), *typed)
    r.message.register(steps.reason_typed, StateFilter(LessonChange.reason), *typed)
    r.message.register(steps.not_text, StateFilter(LessonChange), ~F.text.startswith("/"))
    return r
