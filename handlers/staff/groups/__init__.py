"""Staff: «🧑‍🏫 Мои группы» (/mygroups), a group's screen (from there or from /lessons), an
admin choosing a group's teacher, and a message to a group's families. `screens` shows,
`steps` handles; the use cases are the teaching service's (bot/services/teaching.py). The
group screen's other buttons (the register, what was done, the attendance) are routed by
their own parts. What is routed where:"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from bot.ui.callbacks_groups import GroupAct, GroupOpen, MyGroups
from handlers.staff.groups import steps
from handlers.staff.groups.callbacks import GroupMembers, TeacherPage, TeacherSet


def router() -> Router:
    r = Router(name="staff-groups")
    r.message.register(steps.my_groups, Command("mygroups"))
    r.callback_query.register(steps.my_groups, MyGroups.filter())
    r.callback_query.register(steps.open_group, GroupOpen.filter())
    r.callback_query.register(steps.open_roster, GroupMembers.filter())
    r.callback_query.register(steps.pick_teacher, GroupAct.filter(F.action == "teacher"))
    r.callback_query.register(steps.pick_teacher, TeacherPage.filter())
    r.callback_query.register(steps.set_teacher, TeacherSet.filter())
    r.callback_query.register(steps.write, GroupAct.filter(F.action == "write"))
    return r
