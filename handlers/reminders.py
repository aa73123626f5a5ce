"""«⚙️ Настройки → 🔔 Напоминания»: which lead times each person gets, per child, quiet
hours, or no reminders at all."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="reminders")
