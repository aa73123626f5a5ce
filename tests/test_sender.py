"""The delivery engine against a scripted Bot API: flood control, blocked users, dead chats,
network trouble, rate limits, and restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import time_machine

from bot.local.emulator import Call
from bot.local.limits import ApiError
from bot.services.sender import Sender
from storage.clock import from_db, utcnow
from storage.outbox import DEFAULT_EXPIRY, enqueue
from tests.harness import App


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


def sends(app: App) -> list[Call]:
    return [c for c in app.emulator.calls if c.method == "sendMessage"]


def delivered(app: App) -> list[Call]:
    return [c for c in sends(app) if c.error is None]


async def statuses(app: App) -> dict[str, int]:
    rows = await app.db.fetchall("SELECT status, count(*) AS n FROM outbox GROUP BY status")
    return {row["status"]: row["n"] for row in rows}


def fail_nth(n: int, error: ApiError, method: str = "sendMessage") -> Any:
    seen = {"calls": 0}

    def failure(called: str, params: dict[str, Any]) -> ApiError | None:
        if called != method:
            return None
        seen["calls"] += 1
        return error if seen["calls"] == n else None

    return failure


async def test_every_row_is_sent_once_with_its_message_id(app: App) -> None:
    ids = await recipients(app, 5)
    await queue(app, ids)
    assert await app.services.sender.drain() == 5
    assert await statuses(app) == {"sent": 5}
    assert sorted(int(c.params["chat_id"]) for c in delivered(app)) == ids
    rows = await app.db.fetchall("SELECT chat_id, message_id FROM outbox ORDER BY chat_id")
    for row in rows:
        assert row["message_id"] == app.emulator.sent(row["chat_id"])[-1]["message_id"]
    # a second drain finds nothing: nobody gets a second copy
    assert await app.services.sender.drain() == 0


async def test_dedupe_key_makes_enqueueing_idempotent(app: App) -> None:
    ids = await recipients(app, 2)
    await queue(app, ids)
    await queue(app, ids)
    assert await app.db.fetchval("SELECT count(*) FROM outbox") == 2


async def test_retry_after_pauses_all_sending_then_retries_the_same_row(app: App) -> None:
    ids = await recipients(app, 6)
    await queue(app, ids)
    app.emulator.failures.append(
        fail_nth(3, ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    )
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=100)
    await sender.drain()
    assert await statuses(app) == {"sent": 6}
    assert sorted(int(c.params["chat_id"]) for c in delivered(app)) == ids
    refused = next(c for c in sends(app) if c.error is not None)
    after = [c for c in sends(app) if c.at > refused.at]
    # nothing left for a whole second after Telegram said to wait
    assert min(c.at for c in after) - refused.at >= 0.99
    assert int(after[-1].params["chat_id"]) in ids and sender.retry_afters == 1


async def test_a_user_who_blocked_the_bot_is_marked_and_not_retried(app: App) -> None:
    ids = await recipients(app, 3)
    app.emulator.block(ids[1])
    await queue(app, ids)
    await queue(app, [ids[1]], tag="second")
    await app.services.sender.drain()
    assert await statuses(app) == {"sent": 2, "failed": 2}
    assert len([c for c in sends(app) if int(c.params["chat_id"]) == ids[1]]) == 1
    assert await app.db.fetchval("SELECT blocked FROM users WHERE id = ?", (ids[1],)) == 1
    errors = await app.db.fetchall("SELECT DISTINCT last_error FROM outbox WHERE status='failed'")
    assert [row[0] for row in errors] == ["blocked"]


async def test_chat_not_found_is_dead(app: App) -> None:
    ids = await recipients(app, 1)
    await queue(app, [*ids, 99999])  # 99999 never started the bot
    await app.services.sender.drain()
    row = await app.db.fetchone("SELECT status, last_error, attempts FROM outbox"
                                " WHERE chat_id = 99999")
    assert row is not None
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert "chat not found" in row["last_error"]


def bad_gateway(method: str, params: dict[str, Any]) -> ApiError | None:
    return ApiError(502, "Bad Gateway") if method == "sendMessage" else None


def fail_first(n: int, error: ApiError, method: str = "sendMessage") -> Any:
    seen = {"calls": 0}

    def failure(called: str, params: dict[str, Any]) -> ApiError | None:
        if called != method:
            return None
        seen["calls"] += 1
        return error if seen["calls"] <= n else None

    return failure


async def test_network_trouble_is_retried_with_backoff(app: App) -> None:
    ids = await recipients(app, 1)
    await queue(app, ids)
    app.emulator.failures.append(bad_gateway)
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1000, backoff=2.0)
    with time_machine.travel(utcnow(), tick=True) as clock:
        await sender.drain()
        row = await app.db.fetchone("SELECT status, attempts, last_error FROM outbox")
        assert row is not None and (row["status"], row["attempts"]) == ("pending", 1)
        assert "ServerError" in row["last_error"]
        await sender.drain()  # not due yet: nothing is tried
        assert len(sends(app)) == 1
        clock.shift(timedelta(seconds=3))
        await sender.drain()
        assert len(sends(app)) == 2
        await sender.drain()  # the second wait is longer (4 s)
        assert len(sends(app)) == 2
        clock.shift(timedelta(seconds=5))
        await sender.drain()
    assert len(sends(app)) == 3


async def test_a_row_is_retried_past_any_fixed_count_until_delivered(app: App) -> None:
    """Eight 5xx in a row (longer than the old five tries) and then Telegram answers: the
    message still goes, once; the waits grow but never past five minutes."""
    ids = await recipients(app, 1)
    await queue(app, ids, kind="offer", expires_at=utcnow() + timedelta(hours=24))
    app.emulator.failures.append(fail_first(8, ApiError(502, "Bad Gateway")))
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1000, backoff=3.0)
    waits = []
    with time_machine.travel(utcnow(), tick=True) as clock:
        for _ in range(8):
            await sender.drain()
            row = await app.db.fetchone("SELECT status, due_at FROM outbox")
            assert row is not None and row["status"] == "pending"
            waits.append((from_db(row["due_at"]) - utcnow()).total_seconds())
            clock.shift(timedelta(seconds=301))
        await sender.drain()
    assert await statuses(app) == {"sent": 1}
    assert len(sends(app)) == 9 and len(delivered(app)) == 1
    assert await app.db.fetchval("SELECT attempts FROM outbox") == 9
    # 3, 9, 27, 81, 243 s, then the five-minute cap (stored to the second)
    expected = [3, 9, 27, 81, 243, 300, 300, 300]
    assert all(e - 1.5 < w <= e for w, e in zip(waits, expected, strict=True)), waits


async def test_a_row_whose_expiry_passes_while_failing_is_expired(app: App) -> None:
    ids = await recipients(app, 1)
    start = utcnow()
    await queue(app, ids, kind="offer", expires_at=start + timedelta(minutes=10))
    app.emulator.failures.append(bad_gateway)
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1000)
    tried_until_expiry = None
    with time_machine.travel(start, tick=True) as clock:
        for _ in range(20):  # twenty minutes, a drain a minute
            await sender.drain()
            if tried_until_expiry is None and await statuses(app) == {"expired": 1}:
                assert utcnow() >= start + timedelta(minutes=10)
                tried_until_expiry = len(sends(app))
            clock.shift(timedelta(seconds=61))
    row = await app.db.fetchone("SELECT status, attempts FROM outbox")
    assert row is not None and row["status"] == "expired"
    assert row["attempts"] > 5  # tried well past the old fixed count
    # nothing was tried once the offer's deadline had passed
    assert len(sends(app)) == row["attempts"] == tried_until_expiry


async def test_a_row_without_expiry_is_retried_for_a_day_then_expired(app: App) -> None:
    ids = await recipients(app, 1)
    await queue(app, ids)
    app.emulator.failures.append(bad_gateway)
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1000)
    with time_machine.travel(utcnow(), tick=True) as clock:
        await sender.drain()
        clock.shift(DEFAULT_EXPIRY - timedelta(minutes=10))
        await sender.drain()  # still within the day: tried again, kept
        assert await statuses(app) == {"pending": 1}
        clock.shift(timedelta(minutes=11))
        await sender.drain()
    assert await statuses(app) == {"expired": 1}
    assert len(sends(app)) == 3


async def test_a_timeout_then_success(app: App) -> None:
    ids = await recipients(app, 1)
    await queue(app, ids)
    app.emulator.failures.append(fail_nth(1, ApiError(504, "Gateway Timeout")))
    sender = Sender(app.bot, app.repos.outbox, rate=100)
    with time_machine.travel(utcnow(), tick=True) as clock:
        await sender.drain()
        clock.shift(timedelta(seconds=3))
        await sender.drain()
    assert await statuses(app) == {"sent": 1}
    assert len(delivered(app)) == 1


async def test_rates_are_never_exceeded_in_any_second(app: App) -> None:
    ids = await recipients(app, 45)
    await queue(app, ids)
    await queue(app, ids[:3], tag="again")  # a second message to three chats
    sender = Sender(app.bot, app.repos.outbox, rate=20, per_chat_rate=1)
    await sender.drain()
    times = sorted(c.at for c in delivered(app))
    assert len(times) == 48
    for i, start in enumerate(times):
        in_window = [t for t in times[i:] if t < start + 1.0]
        assert len(in_window) <= 20
    for uid in ids[:3]:
        to_chat = sorted(c.at for c in delivered(app) if int(c.params["chat_id"]) == uid)
        assert len(to_chat) == 2 and to_chat[1] - to_chat[0] >= 0.99
    # and close to the configured pace overall
    assert (len(times) - 1) / (times[-1] - times[0]) > 20 * 0.9


async def test_messages_to_one_chat_keep_their_order(app: App) -> None:
    ids = await recipients(app, 1)
    async with app.db.transaction() as conn:
        for n in range(3):
            await enqueue(conn, kind="notice", chat_id=ids[0], payload={"text": f"№{n}"},
                          dedupe_key=f"order:{n}")
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=50)
    await sender.drain()
    assert [m["text"] for m in app.emulator.sent(ids[0])] == ["№0", "№1", "№2"]


async def test_reminders_go_before_broadcasts(app: App) -> None:
    ids = await recipients(app, 2)
    await queue(app, ids, kind="broadcast", tag="bc")
    await queue(app, ids[1:], kind="reminder", tag="rem")
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=50)
    await sender.drain()
    first = delivered(app)[0]
    assert first.params["text"].startswith("rem")


async def test_expired_rows_are_not_sent(app: App) -> None:
    ids = await recipients(app, 1)
    await queue(app, ids, expires_at=utcnow() - timedelta(minutes=1))
    await app.services.sender.drain()
    assert await statuses(app) == {"expired": 1}
    assert sends(app) == []


async def test_rows_in_flight_at_a_crash_are_sent_again_after_restart(app: App) -> None:
    """Stop the engine mid-batch: rows stay 'sending'; a new engine sends them again. Every
    recipient ends with one sent row; only the in-flight ones may have two messages."""
    ids = await recipients(app, 50)
    await queue(app, ids)
    first = Sender(app.bot, app.repos.outbox, rate=20, per_chat_rate=1)
    task = asyncio.create_task(first.drain())
    await asyncio.sleep(0.5)
    task.cancel()  # the process dies: nothing of the batch in flight is recorded
    await asyncio.gather(task, return_exceptions=True)
    before = len(delivered(app))
    assert 0 < before < 50
    in_flight = (await statuses(app)).get("sending", 0)
    assert in_flight == first.batch_size  # the batch that was interrupted

    assert await app.repos.outbox.recover(everything=True) == in_flight
    second = Sender(app.bot, app.repos.outbox, rate=1000, per_chat_rate=100)
    await second.drain()
    assert await statuses(app) == {"sent": 50}
    per_chat = dict.fromkeys(ids, 0)
    for call in delivered(app):
        per_chat[int(call.params["chat_id"])] += 1
    assert all(n >= 1 for n in per_chat.values())
    assert sum(n - 1 for n in per_chat.values()) <= in_flight


async def test_expired_leases_are_recovered_while_running(app: App) -> None:
    ids = await recipients(app, 2)
    await queue(app, ids)
    claimed = await app.repos.outbox.claim(10, timedelta(seconds=30))
    assert len(claimed) == 2
    assert await app.repos.outbox.recover() == 0  # leases still valid
    with time_machine.travel(utcnow() + timedelta(seconds=31)):
        assert await app.repos.outbox.recover() == 2
    await app.services.sender.drain()
    assert await statuses(app) == {"sent": 2}
