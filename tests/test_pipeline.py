"""What the dispatcher does around every update that the feature tests do not show: a person's
updates one at a time (and nothing kept for them afterwards), flood control refilling with
time, and visits written to `last_seen` once every few minutes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from aiogram.types import TelegramObject

from bot.fsm_storage import EventIsolation
from bot.middlewares import Throttle
from storage.clock import to_db
from storage.users import SEEN_EVERY
from tests.helpers.harness import App

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def test_a_persons_updates_are_handled_one_at_a_time_and_others_are_not_held(
    app: App,
) -> None:
    events: list[str] = []
    release = asyncio.Event()

    async def slow_help(handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user = data["event_from_user"].id
        events.append(f"{user} begins")
        if user == 1001 and not release.is_set():
            await release.wait()  # the first /help of 1001 takes its time
        result = await handler(event, data)
        events.append(f"{user} ends")
        return result

    app.dp.message.middleware(slow_help)
    anna, boris = app.chat(user_id=1001), app.chat(user_id=1002)
    first = asyncio.create_task(anna.send("/help"))
    await asyncio.sleep(0.01)
    again = asyncio.create_task(anna.send("/help"))  # a double tap meanwhile
    await boris.send("/help")  # someone else is not held up by it
    assert events == ["1001 begins", "1002 begins", "1002 ends"]
    release.set()
    await asyncio.gather(first, again)
    assert events[3:] == ["1001 ends", "1001 begins", "1001 ends"]
    assert anna.texts()[-2:] == [anna.texts()[-1]] * 2  # both answered alike
    isolation = app.dp.fsm.events_isolation
    assert isinstance(isolation, EventIsolation)
    assert isolation.held == 0  # no lock kept for anyone once their updates are done


async def test_a_flooding_user_is_let_through_again_as_the_bucket_empties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr(asyncio.get_running_loop(), "time", lambda: now[0])
    throttle = Throttle(per_minute=6)

    async def presses(user_id: int, count: int) -> list[bool]:
        return [await throttle.allows(user_id) for _ in range(count)]

    assert await presses(7, 7) == [True] * 6 + [False]
    assert await throttle.allows(8)  # another person has a bucket of their own
    now[0] += 9.0  # not yet one update's worth (10 s at six a minute)
    assert not await throttle.allows(7)
    now[0] += 1.5
    assert await throttle.allows(7)
    assert not await throttle.allows(7)
    now[0] += 60.0  # a quiet minute: a whole burst again
    assert await presses(7, 7) == [True] * 6 + [False]


async def visit_at(app: App, moment: datetime, text: str) -> str:
    """The person 1001 writes at `moment`; their `last_seen` once visits are written."""
    with time_machine.travel(moment, tick=False):
        await app.chats[1001].send(text)
        await app.repos.users.flush_seen()
    return str(await app.db.fetchval("SELECT last_seen FROM users WHERE id = 1001"))


async def test_a_visit_is_written_to_last_seen_at_most_every_few_minutes(app: App) -> None:
    app.chat(user_id=1001)
    assert await visit_at(app, T0, "/start") == to_db(T0)
    # within the interval: not noted again
    soon = T0 + timedelta(seconds=SEEN_EVERY / 2)
    assert await visit_at(app, soon, "/help") == to_db(T0)
    # past it: the row follows
    later = T0 + timedelta(seconds=SEEN_EVERY + 1)
    assert await visit_at(app, later, "/help") == to_db(later)
