"""The buttons of attendance: the month's journal of a group (or of all groups) as a file."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class JournalMonths(CallbackData, prefix="jrm"):
    """«⬇️ Журнал за месяц»: which month (`group` 0: all groups)."""

    group: Int = 0


class JournalFile(CallbackData, prefix="jrf"):
    """The journal of one month (`month` as YYYYMM; `group` 0: all groups) as a workbook."""

    group: Int = 0
    month: Int
