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


class MyGroups(CallbackData, prefix="mg"):
    """«🧑‍🏫 Мои группы»: the groups a member of staff teaches."""

    page: Int = 0


class GroupOpen(CallbackData, prefix="go"):
    """One group's screen (for its teacher, and for any member of staff from /lessons);
    `page` is the page of the groups it was opened from, to go back to. Page 0 packs as
    before («go:<group>»), so buttons sent before the page was carried still open."""

    group: Int
    page: Int = 0

    def pack(self) -> str:
        return f"{self.__prefix__}:{self.group}" if self.page == 0 else super().pack()

    @classmethod
    def unpack(cls, value: str) -> Self:
        if value.count(cls.__separator__) == 1:
            value += f"{cls.__separator__}0"
        return super().unpack(value)


class GroupAct(CallbackData, prefix="ga"):
    """A button of a group's screen."""

    action: GroupAction
    group: Int
