"""The delivery engine against a scripted Bot API: flood control, blocked users, dead chats,
network trouble, rate limits, pacing, hanging requests, group commits, and restarts."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

import time_machine
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.app import bot_defaults
from bot.local.emulator import Call, Emulator
from bot.local.limits import ApiError
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.sender import Sender
from storage.clock import from_db, utcnow
from storage.outbox import DEFAULT_EXPIRY, enqueue
from tests.helpers.harness import App
from tests.helpers.outbox import fail_nth, queue, recipients


async def settled(app: App) -> None:
    """After a simulated crash: wait for the dead drain's last database call (a commit the
    cancellation did not stop) to land, as it would have before a real process died."""
    async with app.db.transaction():
        pass


def sends(app: App) -> list[Call]:
    return [c for c in app.emulator.calls if c.method == "sendMessage"]


def delivered(app: App) -> list[Call]:
    return [c for c in sends(app) if c.error is None]


async def statuses(app: App) -> dict[str, int]:
    rows = await app.db.fetchall("SELECT status, count(*) AS n FROM outbox GROUP BY status")
    return {row["status"]: row["n"] for row in rows}


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


async def test_a_flood_pause_longer_than_the_lease_keeps_the_claims(app: App) -> None:
    """Telegram orders a pause longer than the sender's lease: the rows it holds stay its own
    (renewed leases), so the periodic recovery gives none back and another sender finds none
    to send; after the pause each goes once."""
    ids = await recipients(app, 4)
    await queue(app, ids)
    app.emulator.failures.append(
        fail_nth(1, ApiError(429, "Too Many Requests: retry after 3", {"retry_after": 3}))
    )
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=100,
                    lease=timedelta(seconds=2))
    task = asyncio.create_task(sender.drain())
    await until(lambda: sender.retry_afters == 1)
    paused_at = time.monotonic()
    await asyncio.sleep(2.5)  # the leases taken at the claim have run out by now
    held = await app.db.fetchall("SELECT lease_until FROM outbox WHERE status = 'sending'")
    assert held and all(from_db(row["lease_until"]) > utcnow() for row in held)
    assert await app.repos.outbox.recover() == 0
    other = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=100)
    assert await other.drain() == 0
    assert time.monotonic() - paused_at < 3  # all of it inside the pause
    await task
    assert await statuses(app) == {"sent": 4}
    assert sorted(int(c.params["chat_id"]) for c in delivered(app)) == ids
    assert sender.leases.renewals >= 2  # every half lease while it lasted


async def test_a_short_flood_pause_renews_nothing(app: App) -> None:
    ids = await recipients(app, 3)
    await queue(app, ids)
    app.emulator.failures.append(
        fail_nth(1, ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    )
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=100)
    await sender.drain()
    assert await statuses(app) == {"sent": 3}
    assert sender.retry_afters == 1 and sender.leases.renewals == 0


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
    """Stop the engine mid-drain: the rows whose outcome was not committed stay 'sending'; a
    new engine sends them again. Every recipient ends with one sent row; only those whose
    outcome was not yet recorded may have two messages."""
    ids = await recipients(app, 50)
    await queue(app, ids)
    first = Sender(app.bot, app.repos.outbox, rate=20, per_chat_rate=1)
    task = asyncio.create_task(first.drain())
    await asyncio.sleep(0.5)
    unrecorded, sent = first.unrecorded, len(delivered(app))
    task.cancel()  # the process dies: nothing not yet committed is recorded
    await asyncio.gather(task, return_exceptions=True)
    await settled(app)
    before = len(delivered(app))
    # the workers already scheduled may send before the drain's cancellation reaches them
    unrecorded += before - sent
    assert 0 < before < 50
    in_flight = (await statuses(app)).get("sending", 0)
    # what was claimed and not yet sent, and what was sent but not yet recorded
    assert 0 < in_flight <= first.queue_size + unrecorded

    assert await app.repos.outbox.recover(everything=True) == in_flight
    second = Sender(app.bot, app.repos.outbox, rate=1000, per_chat_rate=100)
    await second.drain()
    assert await statuses(app) == {"sent": 50}
    per_chat = dict.fromkeys(ids, 0)
    for call in delivered(app):
        per_chat[int(call.params["chat_id"])] += 1
    assert all(n >= 1 for n in per_chat.values())
    assert sum(n - 1 for n in per_chat.values()) <= unrecorded


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


# ---- continuous sending: hanging chats, pacing, group commits, crashes, priority ----------


class SlowSession(LocalSession):
    """The emulated Bot API behind a network: each answer comes back `latency` after Telegram
    acted on the request, and requests to a `hanging` chat never come back: they fail when
    the request's timeout runs out, as aiohttp's session does."""

    def __init__(
        self, emulator: Emulator, latency: float = 0.0, hanging: frozenset[int] = frozenset()
    ) -> None:
        super().__init__(emulator)
        self.latency = latency
        self.hanging = hanging
        self.in_flight = 0

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.in_flight += 1
        try:
            if getattr(method, "chat_id", None) in self.hanging:
                await asyncio.sleep(self.timeout if timeout is None else timeout)
                raise TelegramNetworkError(method=method, message="Request timeout error")
            result = await super().make_request(bot, method, timeout)
            await asyncio.sleep(self.latency)
            return result
        finally:
            self.in_flight -= 1


def slow_bot(app: App, **options: Any) -> tuple[Bot, SlowSession]:
    session = SlowSession(app.emulator, **options)
    return Bot(DEMO_TOKEN, session=session, default=bot_defaults()), session


async def until(condition: Any, timeout: float = 10.0) -> None:
    """Poll (every 5 ms) until condition() is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.005)


async def test_a_hanging_chat_does_not_hold_the_others(app: App) -> None:
    ids = await recipients(app, 101)
    hung = ids[0]  # claimed first, and its request never comes back
    await queue(app, ids)
    bot, _ = slow_bot(app, hanging=frozenset({hung}))
    sender = Sender(bot, app.repos.outbox, rate=50, per_chat_rate=1, request_timeout=2)
    started = time.monotonic()
    assert await sender.drain() == 101
    others = sorted(c.at for c in delivered(app))
    assert len(others) == 100
    # the other hundred left at the configured pace, while the first request hung
    assert (len(others) - 1) / (others[-1] - others[0]) >= 0.9 * 50
    assert others[-1] - started < 2.5
    # the hanging row is not lost: recorded for a retry
    row = await app.db.fetchone(
        "SELECT status, attempts, last_error FROM outbox WHERE chat_id = ?", (hung,)
    )
    assert row is not None and (row["status"], row["attempts"]) == ("pending", 1)
    assert "timeout" in row["last_error"]
    assert await statuses(app) == {"sent": 100, "pending": 1}


async def test_outcomes_are_committed_while_the_drain_is_still_sending(app: App) -> None:
    """Each outcome is committed within a group commit or two of its answer, not when the
    slowest request claimed with it comes back."""
    ids = await recipients(app, 41)
    hung = ids[0]  # claimed with the first rows; its request hangs for two seconds
    await queue(app, ids)
    bot, session = slow_bot(app, hanging=frozenset({hung}))
    sender = Sender(bot, app.repos.outbox, rate=20, per_chat_rate=1, request_timeout=2)
    task = asyncio.create_task(sender.drain())
    await until(lambda: len(delivered(app)) >= 5)
    fifth = sorted(c.at for c in delivered(app))[4]
    recorded: dict[str, int] = {}

    async def five_sent() -> bool:
        recorded.update(await statuses(app))
        return recorded.get("sent", 0) >= 5

    while not await five_sent():
        await asyncio.sleep(0.005)
    assert time.monotonic() - fifth < 0.3
    # while the drain is still going, the hanging request still out
    assert not task.done() and session.in_flight >= 1
    assert recorded.get("pending", 0) + recorded.get("sending", 0) >= 25
    assert await task == 41
    assert await statuses(app) == {"sent": 40, "pending": 1}


async def test_sends_are_spread_not_fired_in_bursts(app: App) -> None:
    rate = 50
    ids = await recipients(app, 100)
    await queue(app, ids)
    sender = Sender(app.bot, app.repos.outbox, rate=rate, per_chat_rate=1)
    await sender.drain()
    times = sorted(c.at for c in delivered(app))
    assert len(times) == 100
    steady = [t for t in times if t >= times[0] + 0.2]
    for i, start in enumerate(steady):
        in_window = [t for t in steady[i:] if t < start + 0.1]
        assert len(in_window) <= 0.1 * rate + 2, (start - times[0], len(in_window))
    gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False))
    assert gaps[len(gaps) // 2] >= 0.8 / rate  # the median gap is about 1/rate


async def test_a_crash_repeats_only_the_requests_in_flight(app: App) -> None:
    """Kill the drain mid-way, as a SIGKILL would stop it: the duplicates after recovery are
    at most the requests on their way and the outcomes not yet committed (a group commit's
    worth), far fewer than a batch (a second's worth) used to be."""
    rate = 200
    ids = await recipients(app, 400)
    await queue(app, ids)
    bot, session = slow_bot(app, latency=0.03)
    first = Sender(bot, app.repos.outbox, rate=rate, per_chat_rate=1)
    task = asyncio.create_task(first.drain())
    await until(lambda: len(delivered(app)) >= 150)
    unrecorded, on_the_wire, sent = first.unrecorded, session.in_flight, len(delivered(app))
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await settled(app)
    # the workers already scheduled may send before the drain's cancellation reaches them
    unrecorded += len(delivered(app)) - sent
    assert on_the_wire > 0
    assert unrecorded <= rate * 0.2  # ~ requests in flight + 100 ms of outcomes

    sending = (await statuses(app)).get("sending", 0)
    assert await app.repos.outbox.recover(everything=True) == sending
    await Sender(app.bot, app.repos.outbox, rate=1000, per_chat_rate=100).drain()
    assert await statuses(app) == {"sent": 400}
    per_chat = dict.fromkeys(ids, 0)
    for call in delivered(app):
        per_chat[int(call.params["chat_id"])] += 1
    duplicates = sum(n - 1 for n in per_chat.values())
    assert min(per_chat.values()) == 1
    assert duplicates <= unrecorded
    assert duplicates < first.queue_size / 4


async def test_a_drain_killed_while_it_opens_a_transaction_leaves_the_database_usable(
    app: App,
) -> None:
    """The drain dies (is cancelled) just as its claim has asked the database to begin: the
    transaction begun in the database's thread is rolled back, not left open for the next
    writer to fail on («cannot start a transaction within a transaction»)."""
    ids = await recipients(app, 3)
    await queue(app, ids)
    claim = asyncio.create_task(app.repos.outbox.claim(10, timedelta(minutes=2)))
    await asyncio.sleep(0)  # it has sent BEGIN to the database's thread and waits for it
    claim.cancel()
    await asyncio.gather(claim, return_exceptions=True)
    await settled(app)
    assert await app.services.sender.drain() == 3
    assert await statuses(app) == {"sent": 3}


async def test_a_reminder_does_not_wait_behind_a_broadcast(app: App) -> None:
    ids = await recipients(app, 301)
    await queue(app, ids[1:], kind="broadcast", tag="bc")  # three seconds' worth
    sender = Sender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1)
    task = asyncio.create_task(sender.drain())
    await until(lambda: len(delivered(app)) >= 50)
    queued_at = time.monotonic()
    await queue(app, ids[:1], kind="reminder", tag="rem")
    await task
    reminder = next(c for c in delivered(app) if c.params["text"].startswith("rem"))
    assert reminder.at - queued_at < 1.0
    assert len([c for c in delivered(app) if c.at > reminder.at]) > 100


async def test_stop_gives_back_what_was_not_sent_and_records_what_was(app: App) -> None:
    ids = await recipients(app, 41)
    hung = ids[0]
    await queue(app, ids)
    bot, _ = slow_bot(app, hanging=frozenset({hung}))
    sender = Sender(bot, app.repos.outbox, rate=20, per_chat_rate=1, request_timeout=30)
    await sender.tick()
    await until(lambda: len(delivered(app)) >= 10)
    started = time.monotonic()
    await sender.stop(timeout=0.5)
    assert time.monotonic() - started < 1.5  # bounded, though one request still hangs
    sent = len(delivered(app))
    await sender.tick()  # a stopped sender starts nothing
    await asyncio.sleep(0.2)
    assert len(delivered(app)) == sent
    rows = await app.db.fetchall("SELECT chat_id, status, attempts FROM outbox")
    by_status: dict[str, list[int]] = {}
    for row in rows:
        by_status.setdefault(row["status"], []).append(row["chat_id"])
    # every request that came back is recorded; the one still hanging stays in flight
    assert len(by_status["sent"]) == sent
    assert by_status["sending"] == [hung]
    # the rest was given back untouched, to go out after the restart
    assert len(by_status["pending"]) == 40 - sent
    assert {row["attempts"] for row in rows if row["status"] == "pending"} == {0}
