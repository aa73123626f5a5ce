"""Small steps that many conversations share."""

from __future__ import annotations

from bot.local.chat import LocalChat

ROLE_BUTTONS = {
    ("ru", "pupil"): "🧒 Я ученик",
    ("ru", "parent"): "👪 Я родитель",
    ("en", "pupil"): "🧒 I'm a pupil",
    ("en", "parent"): "👪 I'm a parent",
}


async def start_as(chat: LocalChat, role: str = "pupil", lang: str = "ru") -> None:
    """/start and answer the role question."""
    await chat.send("/start")
    await chat.press(ROLE_BUTTONS[(lang, role)])
