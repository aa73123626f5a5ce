"""Staff: a group's lessons, one lesson cancelled, moved or restored, families told."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="staff-lessons")
