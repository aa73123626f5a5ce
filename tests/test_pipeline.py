"""What the dispatcher does around every update that the feature tests do not show: visits
written to `last_seen` once every few minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from storage.clock import to_db
from storage.users import SEEN_EVERY
from tests.helpers.harness import App

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


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
