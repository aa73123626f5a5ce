"""The buttons of a teacher's groups: the list, one group's screen and what it leads to. Each
part of the group screen (the register, what was done at a lesson, a message to the group, the
attendance) routes its own `GroupAct` action."""

from __future__ import annotations

from typing import Literal, Self

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int

# mark: the register of today's lesson or the last one not yet marked; notes: «Что было на
# занятии»; write: «Написать группе»; stats: «Посещаемость»; teacher: an admin picks the teacher
GroupAction = Literal["mark", "notes", "write", "stats", "teacher"]
# where a group's screen was opened from, to go back to: m «Мои группы», l the groups of
# /lessons; "" not known (a button of the screen's own screens, or sent before it was carried):
# its teacher goes back to «Мои группы», anyone else to /lessons
Origin = Literal["", "m", "l"]


class MyGroups(CallbackData, prefix="mg"):
    """«🧑‍🏫 Мои группы»: the groups a member of staff teaches."""

    page: Int = 0


class GroupOpen(CallbackData, prefix="go"):
    """One group's screen (for its teacher, and for any member of staff from /lessons);
    `page` is the page of the groups it was opened from and `origin` which groups, to go
    back to. Page 0 of no known origin packs as before («go:<group>»), and buttons sent
    before the page or the origin was carried still open."""

    group: Int
    page: Int = 0
    origin: Origin = ""

    def pack(self) -> str:
        if self.page == 0 and not self.origin:
            return f"{self.__prefix__}:{self.group}"
        return super().pack()

    @classmethod
    def unpack(cls, value: str) -> Self:
        missing = {1: ":0:", 2: ":"}.get(value.count(cls.__separator__), "")
        return super().unpack(value + missing.replace(":", cls.__separator__))


class GroupAct(CallbackData, prefix="ga"):
    """A button of a group's screen."""

    action: GroupAction
    group: Int
