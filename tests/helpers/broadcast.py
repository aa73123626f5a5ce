"""Broadcasts for the tests: the people who receive them, and composing one."""

from __future__ import annotations

from bot.local.chat import LocalChat
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App


async def people(app: App) -> dict[str, LocalChat]:
    """Two pupils (ru, en), a parent, and the admin."""
    chats = {
        "pupil": app.chat(user_id=4001, first_name="Миша"),
        "pupil_en": app.chat(user_id=4002, language_code="en", first_name="Mike"),
        "parent": app.chat(user_id=4003, first_name="Ирина"),
    }
    await start_as(chats["pupil"], "pupil")
    await start_as(chats["pupil_en"], "pupil", "en")
    await start_as(chats["parent"], "parent")
    admin = app.chat(user_id=ADMIN_ID, first_name="Админ")
    await admin.send("/start")
    chats["admin"] = admin
    return chats


async def compose(admin: LocalChat, text: str) -> None:
    await admin.send("/broadcast")
    assert admin.last_text().startswith("📣 Новая рассылка")
    await admin.send(text)
