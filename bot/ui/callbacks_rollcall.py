"""The buttons of the attendance register: a lesson's roll call, a tap on a child, «Все
пришли», «Готово», saving again after a failed write, leaving the register; and, on the
families' side, «Ответить педагогу» under a «не пришёл» notice and the notices turned off or
on per child."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int

# the marks a tap sets: p present, a absent, l late, e excused (a «Не придём» child's, again)
TapMark = Literal["p", "a", "l", "e"]


class RollOpen(CallbackData, prefix="rc"):
    """A lesson's roll call (from the lesson's card, a reminder, the group's screen)."""

    lesson: Int


class RollTap(CallbackData, prefix="rct"):
    """A child's button: the mark the tap sets (the next in the cycle as the screen showed it,
    so a repeated tap sets the same mark again and the last tap wins)."""

    lesson: Int
    child: Int
    to: TapMark


class RollAll(CallbackData, prefix="rca"):
    """«✅ Все пришли»: every child not marked yet and not excused is present."""

    lesson: Int


class RollDone(CallbackData, prefix="rcd"):
    """«✔️ Готово»."""

    lesson: Int


class RollRetry(CallbackData, prefix="rcr"):
    """«💾 Сохранить ещё раз» after a failed write: the marks not saved are those the process
    keeps for this member of staff and lesson (any number of them, not the button's)."""

    lesson: Int


class RollLeave(CallbackData, prefix="rcw"):
    """«🗓 Занятие» and «🏠 Меню» under a register: the message stops being a register, so
    another's write no longer redraws it."""

    lesson: Int
    to: Literal["lesson", "home"]


class RollAsk(CallbackData, prefix="rck"):
    """«💬 Ответить педагогу» under a «не пришёл» notice (`sure`: a form half filled may go)."""

    lesson: Int
    sure: bool = False


class RollQuiet(CallbackData, prefix="rcq"):
    """«Нет на занятии: вкл/выкл» for one child, in the reminder settings."""

    child: Int


def tap_data(lesson: int, child: int, to: str) -> str:
    """`RollTap(lesson=…, child=…, to=…).pack()`, the same string, without building the model:
    a register packs one for each of its thirty children at every tap."""
    sep = RollTap.__separator__
    return f"{RollTap.__prefix__}{sep}{lesson}{sep}{child}{sep}{to}"
