"""Metrics for Prometheus, and the message to the admins when sending is stuck.

`Metrics` keeps its own registry rather than prometheus_client's global one, so each bot (a
test's, the demo's) counts from zero and nothing else ends up in /metrics. Three feeds fill it:

- the dispatcher's outer middleware (bot.middlewares.Pipeline), through `for_update`: updates
  handled by type, handling errors, the time each took;
- the sender, through the `count_*` methods (bot.services.sender.SendCounters): messages sent
  by kind, 429s and the seconds of pause they caused, recipients who blocked the bot;
- `refresh()` (every 15 s): gauges read from the database in two cheap queries — outbox rows
  by status and kind, class reminders planned / sent / expired, blocked users, and the age of
  the oldest due message, `kvantorium_outbox_oldest_due_seconds`, the number to alarm on.

`watch()` (every minute) tells the admins, through the outbox and ahead of everything else, in
their language, when the oldest due message has waited more than ten minutes, and once more
when sending has recovered: once each, however often it runs, since the state ("stuck since")
is kept in the database and changes in the transaction that queues the messages. If the sender
itself is dead the message waits with the rest; the gauge is what a monitoring system watches.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from bot.i18n import Texts
from bot.services.dates import day_and_time
from bot.settings import Settings
from storage.clock import from_db, to_db, utcnow
from storage.db import Database
from storage.ops import STUCK_SINCE, Alert, Backlog, OpsRepo

log = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=10)
# 1 ms … 10 s: a button answered from memory, a page of the schedule, a slow export
UPDATE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# class reminders (outbox rows of kind "reminder") by the statuses they count
REMINDER_STATES = {"planned": ("pending", "sending"), "sent": ("sent",), "expired": ("expired",)}


def update_type(event: TelegramObject) -> str:
    """«message», «callback_query», …; «unknown» for an update of a type aiogram lacks."""
    if isinstance(event, Update):
        try:
            return event.event_type
        except UpdateTypeLookupError:
            return "unknown"
    return type(event).__name__.lower()


class UpdateCounters:
    """One update type's children of the update metrics, looked up once (a `labels()` call
    is a dictionary lookup under a lock). The errors' child is made at the first error, so a
    type that never failed has no error line in /metrics."""

    __slots__ = ("_errors", "handled", "kind", "seconds")

    def __init__(self, metrics: Metrics, kind: str) -> None:
        self.kind = kind
        self.handled = metrics.updates.labels(kind)
        self.seconds = metrics.update_seconds.labels(kind)
        self._errors = metrics.update_errors

    def failed(self) -> None:
        self._errors.labels(self.kind).inc()

    def done(self, seconds: float) -> None:
        self.seconds.observe(seconds)
        self.handled.inc()


class Metrics:
    def __init__(
        self, db: Database, texts: Texts, settings: Settings, *,
        stuck_after: timedelta = STUCK_AFTER,
    ) -> None:
        self.ops = OpsRepo(db)
        self.texts = texts
        self.zone = settings.zone
        self.stuck_after = stuck_after.total_seconds()
        # recovered once the oldest due message is younger than half that: a backlog hovering
        # around the threshold does not send a pair of messages every minute
        self.recovered_below = self.stuck_after / 2
        self.registry = registry = CollectorRegistry()

        self.updates = Counter(
            "kvantorium_updates", "Updates handled, by type", ["type"], registry=registry)
        self.update_errors = Counter(
            "kvantorium_update_errors", "Updates whose handling raised an error, by type",
            ["type"], registry=registry)
        self.update_seconds = Histogram(
            "kvantorium_update_seconds", "Time to handle an update, by type", ["type"],
            buckets=UPDATE_BUCKETS, registry=registry)

        self.sent = Counter(
            "kvantorium_messages_sent", "Outbox messages delivered, by kind", ["kind"],
            registry=registry)
        self.flood_waits = Counter(
            "kvantorium_flood_waits", "Telegram's 429 answers (flood control) to the sender",
            registry=registry)
        self.flood_wait_seconds = Counter(
            "kvantorium_flood_wait_seconds",
            "Seconds all sending was paused because of 429s (overlapping pauses once)",
            registry=registry)
        self.blocks = Counter(
            "kvantorium_blocks", "Sends refused because the recipient blocked the bot, by kind",
            ["kind"], registry=registry)

        self.outbox_rows = Gauge(
            "kvantorium_outbox_rows", "Outbox rows by status and kind", ["status", "kind"],
            registry=registry)
        self.reminders = Gauge(
            "kvantorium_reminders", "Class reminders: planned (not yet sent), sent, expired",
            ["state"], registry=registry)
        self.blocked_users = Gauge(
            "kvantorium_blocked_users", "Users marked as having blocked the bot",
            registry=registry)
        self.outbox_due = Gauge(
            "kvantorium_outbox_due", "Pending outbox messages due now", registry=registry)
        self.oldest_due = Gauge(
            "kvantorium_outbox_oldest_due_seconds",
            "Seconds the oldest due pending outbox message has waited (0: none)",
            registry=registry)
        self.stuck = Gauge(
            "kvantorium_outbox_stuck", "1 while the admins have been told sending is stuck",
            registry=registry)

        self._by_type: dict[str, UpdateCounters] = {}
        self._outbox_labels: set[tuple[str, str]] = set()

    # ---- what the dispatcher tells (bot.middlewares.Pipeline) ------------------------------

    def for_update(self, event: TelegramObject) -> UpdateCounters:
        """The counters of the update's type."""
        kind = update_type(event)
        counters = self._by_type.get(kind)
        if counters is None:
            counters = self._by_type[kind] = UpdateCounters(self, kind)
        return counters

    # ---- what the sender tells (bot.services.sender.SendCounters) ------------------------

    def count_sent(self, kind: str) -> None:
        self.sent.labels(kind).inc()

    def count_flood_wait(self, paused: float) -> None:
        self.flood_waits.inc()
        self.flood_wait_seconds.inc(paused)

    def count_blocked(self, kind: str) -> None:
        self.blocks.labels(kind).inc()

    # ---- read from the database ---------------------------------------------------------

    async def refresh(self) -> None:
        """The gauges, from the database (the scheduler's job, every 15 s)."""
        now = utcnow()
        counts = await self.ops.outbox_counts()
        backlog = await self.ops.backlog(now)
        current = {(c.status, c.kind): c.rows for c in counts}
        # a status or kind that had rows and has none now reads 0, rather than vanishing
        for labels in self._outbox_labels - current.keys():
            self.outbox_rows.labels(*labels).set(0)
        for labels, rows in current.items():
            self.outbox_rows.labels(*labels).set(rows)
        self._outbox_labels |= current.keys()
        for state, statuses in REMINDER_STATES.items():
            self.reminders.labels(state).set(
                sum(current.get((status, "reminder"), 0) for status in statuses))
        self._show(backlog, now)

    def _show(self, backlog: Backlog, now: datetime) -> None:
        self.blocked_users.set(backlog.blocked_users)
        self.outbox_due.set(backlog.due)
        self.oldest_due.set(round(backlog.age(now), 3))

    async def watch(self) -> None:
        """Tell the admins when sending is stuck, and when it has recovered (every minute)."""
        now = utcnow()
        backlog = await self.ops.backlog(now)
        self._show(backlog, now)
        age = backlog.age(now)
        since = await self.ops.state(STUCK_SINCE)
        if since is None and age > self.stuck_after and backlog.oldest_due is not None:
            began = backlog.oldest_due
            alerts = await self._alerts(
                "ops-stuck", f"ops-stuck:{to_db(began)}", began,
                minutes=round(age / 60), waiting=backlog.due,
            )
            if await self.ops.switch(STUCK_SINCE, None, to_db(began), alerts):
                log.warning("outbox: sending is stuck: %d messages due, the oldest for %d s;"
                            " %d admins told", backlog.due, age, len(alerts))
                since = to_db(began)
        elif since is not None and age < self.recovered_below:
            began = from_db(since)
            stuck_for = max(0.0, (now - began).total_seconds())
            alerts = await self._alerts(
                "ops-recovered", f"ops-recovered:{since}", began,
                minutes=max(1, round(stuck_for / 60)),
            )
            if await self.ops.switch(STUCK_SINCE, since, None, alerts):
                log.info("outbox: sending recovered after %d s; %d admins told",
                         stuck_for, len(alerts))
                since = None
        self.stuck.set(0 if since is None else 1)

    async def _alerts(
        self, key: str, dedupe: str, since: datetime, **values: Any
    ) -> list[Alert]:
        """One message to each admin, in their language."""
        return [
            Alert(
                chat_id=admin.id,
                text=self.texts.get(
                    admin.language, key,
                    since=day_and_time(since, self.zone, admin.language), **values,
                ),
                dedupe_key=f"{dedupe}:{admin.id}",
            )
            for admin in await self.ops.admins()
        ]

    # ---- the /metrics endpoint ----------------------------------------------------------

    def exposition(self) -> tuple[bytes, str]:
        """The body and content type of /metrics (Prometheus' text format)."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
