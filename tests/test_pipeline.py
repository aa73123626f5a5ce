"""What the dispatcher does around every update that the feature tests do not show: flood
control refilling with time, and visits written to `last_seen` once every few minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from bot.middlewares import Throttle
from storage.clock import to_db
from storage.users import SEEN_EVERY
from tests.helpers.harness import App

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_a_flooding_user_is_let_through_again_as_the_bucket_empties() -> None:
    now = [100.0]
    throttle = Throttle(per_minute=6, clock=lambda: now[0])
    assert [throttle.allows(7) for _ in range(7)] == [True] * 6 + [False]
    assert throttle.allows(8)  # another person has a bucket of their own
    now[0] += 9.0  # not yet one update's worth (10 s at six a minute)
    assert not throttle.allows(7)
    now[0] += 1.5
    assert throttle.allows(7)
    assert not throttle.allows(7)
    now[0] += 60.0  # a quiet minute: a whole burst again
    assert [throttle.allows(7) for _ in range(7)] == [True] * 6 + [False]


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
