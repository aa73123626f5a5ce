"""/metrics read back with prometheus_client's own parser: updates handled through the real
dispatcher, what the sender counts (sent by kind, 429s, blocked users), the gauges read from the
database, and the stuck-sending message to the admins."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from aiogram.types import TelegramObject
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

from bot.i18n import Texts
from bot.local.limits import ApiError
from bot.ops.metrics import Metrics
from storage.clock import to_db
from storage.outbox import enqueue
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.outbox import fail_nth, queue, recipients

NOW = datetime(2026, 10, 6, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
EN_ADMIN = 9002


@pytest.fixture
async def metrics(app: App) -> Metrics:
    """The app's metrics, as the dispatcher wires them."""
    return app.services.metrics


def read(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the exposition, parsed as Prometheus would."""
    body, content_type = metrics.exposition()
    assert content_type == CONTENT_TYPE_LATEST and content_type.startswith("text/plain;")
    samples = {}
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(metrics: Metrics, name: str, **labels: str) -> float | None:
    return read(metrics).get((name, tuple(sorted(labels.items()))))


# ---- updates ----------------------------------------------------------------------------

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


async def boom(handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
    """A handler that fails on «/boom»."""
    if getattr(event, "text", None) == "/boom":
        raise RuntimeError("boom")
    return await handler(event, data)


async def test_updates_are_counted_by_type_timed_and_their_errors_counted(
    app: App, metrics: Metrics, texts: Texts
) -> None:
    assert value(metrics, "kvantorium_updates_total", type="message") is None
    chat = app.chat()
    await start_as(chat, "parent")  # a message and a press
    await chat.send("/help")
    app.dp.message.middleware(boom)
    with pytest.raises(RuntimeError):
        await chat.send("/boom")
    assert chat.last_text() == texts.get("ru", "error-generic", you="vy")  # as ever

    assert value(metrics, "kvantorium_updates_total", type="message") == 3
    assert value(metrics, "kvantorium_updates_total", type="callback_query") == 1
    assert value(metrics, "kvantorium_update_errors_total", type="message") == 1
    assert value(metrics, "kvantorium_update_errors_total", type="callback_query") is None
    # the histogram: every update in it, the slowest bucket holds them all, time was spent
    assert value(metrics, "kvantorium_update_seconds_count", type="message") == 3
    assert value(metrics, "kvantorium_update_seconds_bucket", type="message", le="10.0") == 3
    assert value(metrics, "kvantorium_update_seconds_bucket", type="message", le="+Inf") == 3
    assert (value(metrics, "kvantorium_update_seconds_sum", type="message") or 0) > 0
    buckets = {labels for name, labels in read(metrics)
               if name == "kvantorium_update_seconds_bucket"
               and ("type", "callback_query") in labels}
    assert {dict(labels)["le"] for labels in buckets} >= {"0.001", "0.01", "1.0", "10.0"}


async def test_each_bot_counts_in_its_own_registry(app: App, metrics: Metrics,
                                                    texts: Texts) -> None:
    await app.chat().send("/start")
    other = Metrics(app.db, texts, app.settings)
    assert value(other, "kvantorium_updates_total", type="message") is None
    assert value(metrics, "kvantorium_updates_total", type="message") == 1


# ---- what the sender counts ---------------------------------------------------------------

async def test_messages_sent_are_counted_by_kind(app: App, metrics: Metrics) -> None:
    ids = await recipients(app, 5)
    await queue(app, ids[:3], kind="notice")
    await queue(app, ids[3:], kind="reminder", tag="r")
    await app.deliver()
    assert value(metrics, "kvantorium_messages_sent_total", kind="notice") == 3
    assert value(metrics, "kvantorium_messages_sent_total", kind="reminder") == 2
    assert value(metrics, "kvantorium_flood_waits_total") == 0
    assert value(metrics, "kvantorium_blocks_total", kind="notice") is None


async def test_a_429_is_counted_with_the_seconds_it_paused(app: App, metrics: Metrics) -> None:
    ids = await recipients(app, 4)
    await queue(app, ids)
    app.emulator.failures.append(
        fail_nth(2, ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
    )
    await app.deliver()
    assert value(metrics, "kvantorium_flood_waits_total") == 1
    assert value(metrics, "kvantorium_flood_wait_seconds_total") == pytest.approx(1.0, abs=0.05)
    # the refused row went out after the pause: every message counted once
    assert value(metrics, "kvantorium_messages_sent_total", kind="notice") == 4


async def test_a_user_who_blocked_the_bot_is_counted(app: App, metrics: Metrics) -> None:
    ids = await recipients(app, 3)
    app.emulator.block(ids[0])
    await queue(app, ids, kind="broadcast")
    await app.deliver()
    assert value(metrics, "kvantorium_blocks_total", kind="broadcast") == 1
    assert value(metrics, "kvantorium_messages_sent_total", kind="broadcast") == 2
    await metrics.refresh()
    assert value(metrics, "kvantorium_blocked_users") == 1


# ---- gauges read from the database ----------------------------------------------------------

async def row(app: App, key: str, kind: str, status: str, due: datetime) -> None:
    async with app.db.transaction() as conn:
        await enqueue(conn, kind=kind, chat_id=5000, payload={"text": key}, dedupe_key=key,
                      due_at=due)
        await conn.execute("UPDATE outbox SET status = ? WHERE dedupe_key = ?", (status, key))


async def test_refresh_reads_the_outbox_reminders_and_the_oldest_due_row(
    app: App, metrics: Metrics
) -> None:
    await recipients(app, 2)
    await app.repos.users.set_blocked(5001, True)
    with time_machine.travel(NOW, tick=False):
        await row(app, "n-old", "notice", "pending", NOW - timedelta(minutes=5))
        await row(app, "n-new", "notice", "pending", NOW - timedelta(seconds=30))
        await row(app, "n-later", "notice", "pending", NOW + timedelta(hours=1))
        await row(app, "r-1", "reminder", "pending", NOW + timedelta(hours=2))
        await row(app, "r-2", "reminder", "sending", NOW - timedelta(seconds=1))
        await row(app, "r-3", "reminder", "sent", NOW - timedelta(days=1))
        await row(app, "r-4", "reminder", "expired", NOW - timedelta(days=1))
        await row(app, "b-1", "broadcast", "failed", NOW - timedelta(days=1))
        await row(app, "b-2", "broadcast", "cancelled", NOW - timedelta(days=1))
        await metrics.refresh()

    rows = {(dict(labels)["status"], dict(labels)["kind"]): v
            for (name, labels), v in read(metrics).items() if name == "kvantorium_outbox_rows"}
    assert rows == {
        ("pending", "notice"): 3, ("pending", "reminder"): 1, ("sending", "reminder"): 1,
        ("sent", "reminder"): 1, ("expired", "reminder"): 1, ("failed", "broadcast"): 1,
        ("cancelled", "broadcast"): 1,
    }
    assert value(metrics, "kvantorium_reminders", state="planned") == 2
    assert value(metrics, "kvantorium_reminders", state="sent") == 1
    assert value(metrics, "kvantorium_reminders", state="expired") == 1
    assert value(metrics, "kvantorium_outbox_due") == 2  # the future one is not due
    assert value(metrics, "kvantorium_outbox_oldest_due_seconds") == 300
    assert value(metrics, "kvantorium_blocked_users") == 1

    # everything went out: the oldest due is 0, the emptied series read 0 rather than vanish
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sent'")
    with time_machine.travel(NOW, tick=False):
        await metrics.refresh()
    assert value(metrics, "kvantorium_outbox_oldest_due_seconds") == 0
    assert value(metrics, "kvantorium_outbox_due") == 0
    assert value(metrics, "kvantorium_outbox_rows", status="pending", kind="notice") == 0
    assert value(metrics, "kvantorium_outbox_rows", status="sent", kind="notice") == 3
    assert value(metrics, "kvantorium_reminders", state="planned") == 0
    assert value(metrics, "kvantorium_reminders", state="sent") == 4


# ---- the stuck-sending message ---------------------------------------------------------------

async def admins(app: App) -> None:
    """The admin from ADMIN_IDS (Russian) and one more who reads English."""
    await app.chat(user_id=ADMIN_ID, first_name="Админ").send("/start")
    app.emulator.add_user(EN_ADMIN, "Admin", "en")
    await app.repos.users.create(EN_ADMIN, language="en", first_name="Admin", username=None,
                                 staff_role="admin")


async def alerts(app: App) -> list[tuple[int, str, int, str]]:
    rows = await app.db.fetchall(
        "SELECT chat_id, dedupe_key, priority, status FROM outbox WHERE kind = 'alert'"
        " ORDER BY id")
    return [(r["chat_id"], r["dedupe_key"], r["priority"], r["status"]) for r in rows]


def told(app: App, chat_id: int) -> list[str]:
    return [m["text"] for m in app.emulator.sent(chat_id)
            if m["text"].startswith(("⚠️", "✅ Сообщения", "✅ Messages"))]


async def test_stuck_sending_tells_each_admin_once_and_once_more_when_it_recovers(
    app: App, metrics: Metrics
) -> None:
    await admins(app)
    ids = await recipients(app, 2)
    with time_machine.travel(NOW, tick=True) as clock:
        await queue(app, ids)
        clock.shift(timedelta(minutes=9))
        await metrics.watch()
        assert await alerts(app) == []  # nine minutes: a backlog, not yet stuck
        assert value(metrics, "kvantorium_outbox_stuck") == 0

        clock.shift(timedelta(minutes=2))
        for _ in range(5):
            await metrics.watch()
            clock.shift(timedelta(seconds=60))
        stuck = await alerts(app)
        assert [(chat, priority) for chat, _, priority, _ in stuck] == [
            (ADMIN_ID, 0), (EN_ADMIN, 0)]
        assert value(metrics, "kvantorium_outbox_stuck") == 1
        assert value(metrics, "kvantorium_outbox_oldest_due_seconds") == pytest.approx(
            15 * 60, abs=2)
        assert await app.db.fetchval("SELECT value FROM kv WHERE name = 'outbox_stuck_since'") \
            == to_db(NOW)

        # the sender moves again: the alerts go first, then the backlog
        mark = len(app.emulator.calls)
        await app.deliver()
        (ru,) = told(app, ADMIN_ID)
        assert ru.startswith("⚠️ Сообщения не уходят\n")
        assert "В очереди 2 сообщения; самое старое ждёт уже 11 минут, с 6 октября, 12:00" in ru
        (en,) = told(app, EN_ADMIN)
        assert "2 messages are waiting; the oldest has waited 11 minutes" in en
        assert "since 6 October, 12:00" in en
        order = [int(c.params["chat_id"]) for c in app.emulator.calls[mark:]
                 if c.method == "sendMessage"]
        assert set(order[:2]) == {ADMIN_ID, EN_ADMIN} and set(order[2:]) == set(ids)

        for _ in range(3):
            await metrics.watch()
            clock.shift(timedelta(seconds=60))
        assert [key.split(":")[0] for _, key, _, _ in await alerts(app)] == [
            "ops-stuck", "ops-stuck", "ops-recovered", "ops-recovered"]
        assert value(metrics, "kvantorium_outbox_stuck") == 0
        await app.deliver()
        await metrics.watch()
    assert len(await alerts(app)) == 4
    assert told(app, ADMIN_ID)[1].startswith("✅ Сообщения снова уходят\n"
                                             "Отправка стояла около 16 минут, с 6 октября")
    assert told(app, EN_ADMIN)[1].startswith("✅ Messages are going out again\n")
    assert value(metrics, "kvantorium_messages_sent_total", kind="alert") == 4
    assert await app.db.fetchval("SELECT count(*) FROM kv") == 0


async def test_recovery_waits_until_the_backlog_is_well_under_the_threshold(
    app: App, metrics: Metrics
) -> None:
    await admins(app)
    with time_machine.travel(NOW, tick=False) as clock:
        await row(app, "old", "notice", "pending", NOW - timedelta(minutes=12))
        await row(app, "newer", "notice", "pending", NOW - timedelta(minutes=7))
        await metrics.watch()
        assert len(await alerts(app)) == 2
        # the oldest went; the next has waited 7 minutes: under ten, still not healthy
        async with app.db.transaction() as conn:
            await conn.execute("UPDATE outbox SET status = 'sent' WHERE dedupe_key = 'old'")
        await metrics.watch()
        assert len(await alerts(app)) == 2
        assert value(metrics, "kvantorium_outbox_stuck") == 1
        async with app.db.transaction() as conn:
            await conn.execute("UPDATE outbox SET status = 'sent' WHERE dedupe_key = 'newer'")
        clock.shift(timedelta(minutes=1))
        await metrics.watch()
        await metrics.watch()
    assert [key.split(":")[0] for _, key, _, _ in await alerts(app)] == [
        "ops-stuck", "ops-stuck", "ops-recovered", "ops-recovered"]


async def test_without_admins_the_state_still_changes_once(app: App, metrics: Metrics) -> None:
    with time_machine.travel(NOW, tick=False):
        await row(app, "old", "notice", "pending", NOW - timedelta(minutes=30))
        await metrics.watch()
        await metrics.watch()
    assert await alerts(app) == []
    assert value(metrics, "kvantorium_outbox_stuck") == 1
