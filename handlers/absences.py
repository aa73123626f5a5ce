"""«🙅 Не придём» under a class reminder: a child will miss a lesson (or will come after all);
the teacher hears of it."""

from __future__ import annotations

from aiogram import Router


def router() -> Router:
    return Router(name="absences")
