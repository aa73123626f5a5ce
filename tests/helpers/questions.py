"""Questions to staff: asking one, and counting what the database holds."""

from __future__ import annotations

from bot.local.chat import LocalChat
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.staff import admin_chat


async def ask(chat: LocalChat, text: str) -> None:
    await chat.send("/ask")
    assert chat.labels() == ["✖️ Отмена"]
    await chat.send(text)


async def count(app: App, sql: str) -> int:
    return int(await app.db.fetchval(sql))


async def replies(app: App) -> int:
    return await count(app, "SELECT count(*) FROM outbox WHERE kind = 'reply'")


SENT = "✅ Вопрос отправлен"
ANSWERED = "✅ Ответ на вопрос №1 отправлен автору."


async def asked(app: App, user_id: int, text: str) -> tuple[LocalChat, LocalChat]:
    """The admin, and a parent whose question the admin has received."""
    admin = await admin_chat(app)
    person = app.chat(user_id=user_id)
    await start_as(person, "parent")
    await ask(person, text)
    await app.deliver()
    return admin, person
