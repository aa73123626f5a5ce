"""Staff in a conversation: the admin, someone made staff, a person the admin can find, and
the commands menu a chat was given."""

from __future__ import annotations

import json

from bot.local.chat import LocalChat
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App


async def admin_chat(app: App, lang: str = "ru") -> LocalChat:
    chat = app.chat(user_id=ADMIN_ID, language_code=lang, first_name="Админ")
    await chat.send("/start")
    return chat


async def staff_chat(app: App, user_id: int, name: str, lang: str = "ru") -> LocalChat:
    chat = app.chat(user_id=user_id, first_name=name, language_code=lang)
    await chat.send("/start")
    await app.repos.users.set_staff_role(user_id, "staff")
    return chat


async def known_user(app: App, user_id: int = 2001, username: str | None = "olga_teacher",
                     lang: str = "ru", name: str = "Ольга") -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang, first_name=name, username=username)
    await start_as(chat, "parent", lang)
    return chat


def chat_commands(app: App, user_id: int) -> list[str] | None:
    key = (json.dumps({"type": "chat", "chat_id": user_id}, sort_keys=True), "")
    commands = app.emulator.commands.get(key)
    return None if commands is None else [c["command"] for c in commands]
