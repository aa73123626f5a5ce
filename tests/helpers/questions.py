"""Questions to staff: asking one, and counting what the database holds."""

from __future__ import annotations

from bot.local.chat import LocalChat
from tests.helpers.harness import App


async def ask(chat: LocalChat, text: str) -> None:
    await chat.send("/ask")
    assert chat.labels() == ["✖️ Отмена"]
    await chat.send(text)


async def count(app: App, sql: str) -> int:
    return int(await app.db.fetchval(sql))


async def replies(app: App) -> int:
    return await count(app, "SELECT count(*) FROM outbox WHERE kind = 'reply'")
