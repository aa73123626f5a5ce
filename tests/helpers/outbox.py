"""Rows for the sender: recipients the emulator knows, messages put in the outbox, and a Bot
API that fails the nth call."""

from __future__ import annotations

from typing import Any

from bot.local.limits import ApiError
from storage.outbox import enqueue
from tests.helpers.harness import App


async def recipients(app: App, count: int, first: int = 5000) -> list[int]:
    ids = list(range(first, first + count))
    for uid in ids:
        app.emulator.add_user(uid, f"U{uid}")
        await app.repos.users.create(uid, language="ru", first_name=f"U{uid}", username=None)
    return ids


async def queue(app: App, chat_ids: list[int], kind: str = "notice", tag: str = "m",
                **extra: Any) -> None:
    async with app.db.transaction() as conn:
        for uid in chat_ids:
            await enqueue(conn, kind=kind, chat_id=uid, payload={"text": f"{tag} для {uid}"},
                          dedupe_key=f"{tag}:{uid}", **extra)


def fail_nth(n: int, error: ApiError, method: str = "sendMessage") -> Any:
    seen = {"calls": 0}

    def failure(called: str, params: dict[str, Any]) -> ApiError | None:
        if called != method:
            return None
        seen["calls"] += 1
        return error if seen["calls"] == n else None

    return failure
