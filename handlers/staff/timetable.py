"""Staff: every group's lessons a week at a time (rooms, clashes), and closures."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="staff-timetable")
