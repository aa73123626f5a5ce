"""The buttons of an admin choosing a group's teacher (the group's own buttons are
bot/ui/callbacks_groups.py's)."""

from __future__ import annotations

from typing import Self

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int
from bot.ui.callbacks_groups import Origin


class TeacherPage(CallbackData, prefix="gtp"):
    """A page of the staff to pick the group's teacher from."""

    group: Int
    page: Int = 0


class TeacherSet(CallbackData, prefix="gts"):
    """This member of staff (0: nobody) becomes the group's teacher."""

    group: Int
    staff: Int


class GroupMembers(CallbackData, prefix="gr"):
    """«👥 Состав» from a group's screen: the roster, with the way back to that screen (and
    `page` and `origin`, the page of groups the screen goes back to and which groups; a
    button sent before the origin was carried still opens)."""

    group: Int
    page: Int = 0
    origin: Origin = ""

    @classmethod
    def unpack(cls, value: str) -> Self:
        if value.count(cls.__separator__) == 2:
            value += cls.__separator__
        return super().unpack(value)

