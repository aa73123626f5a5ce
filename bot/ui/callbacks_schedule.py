"""The schedule's buttons that live beside callbacks.py (which is full)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ScheduleOpen(CallbackData, prefix="svn"):  # "sv" is ScheduleWeek's
    """«🗓 Расписание» under a reminder, a lesson-change or a closure notice: this week and
    the next as a new message, so the notice (its note, its «не придёт» mark) stays as it
    was."""
