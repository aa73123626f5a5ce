"""/healthz and /metrics: the health state with the bot's real scheduler (its jobs from
`make_scheduler`), served by the operator's HTTP server on a free port; and the jobs the
scheduler gets for metrics and nightly backups."""

from __future__ import annotations

import sys
import types
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from prometheus_client.parser import text_string_to_metric_families

from bot.app import make_scheduler
from bot.ops.health import POLL_STALE_SECONDS, Health
from bot.ops.server import OpsServer
from tests.helpers.harness import App

FAR = datetime(2999, 1, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class StubMetrics:
    """What bot.ops.metrics.Metrics offers the server."""

    def exposition(self) -> tuple[bytes, str]:
        body = b"# HELP kvantorium_updates_total Updates handled\n" \
            b"# TYPE kvantorium_updates_total counter\n" \
            b'kvantorium_updates_total{type="message"} 3.0\n'
        return body, "text/plain; version=0.0.4; charset=utf-8"

    async def refresh(self) -> None:
        return None

    async def watch(self) -> None:
        return None


@pytest.fixture
async def scheduler(app: App) -> AsyncIterator[AsyncIOScheduler]:
    scheduler = make_scheduler(app.repos, app.services, app.settings, app.db)
    scheduler.start(paused=True)
    for job in scheduler.get_jobs():  # running, but no job fires during the test
        job.modify(next_run_time=FAR)
    scheduler.resume()
    yield scheduler
    if scheduler.running:
        scheduler.shutdown(wait=False)


async def serve(health: Health, metrics: Any = None) -> tuple[OpsServer, str]:
    server = OpsServer(health, metrics)
    await server.start("127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.port}"


async def get(url: str) -> tuple[int, str, str]:
    async with ClientSession() as client, client.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def test_healthz(scheduler: AsyncIOScheduler) -> None:
    clock = Clock()
    health = Health(scheduler, clock=clock)
    assert "outbox-sender" in health.jobs and "reminder-planner" in health.jobs
    server, base = await serve(health)
    try:
        assert await get(base + "/healthz") == (
            503, "text/plain; charset=utf-8", "starting: not polling yet\n")
        health.started()
        health.polled()
        assert (await get(base + "/healthz"))[::2] == (200, "ok\n")

        clock.now += POLL_STALE_SECONDS + 5
        assert await get(base + "/healthz") == (
            503, "text/plain; charset=utf-8", "polling: no answer to getUpdates for 95 s\n")
        health.polled()
        assert (await get(base + "/healthz"))[0] == 200

        scheduler.get_job("outbox-sender").pause()
        assert (await get(base + "/healthz"))[::2] == (
            503, "scheduled jobs paused: outbox-sender\n")
        scheduler.remove_job("outbox-sender")
        assert (await get(base + "/healthz"))[::2] == (
            503, "scheduled jobs missing: outbox-sender\n")

        scheduler.shutdown(wait=False)
        assert (await get(base + "/healthz"))[::2] == (503, "the scheduler is not running\n")
        health.stopped()
        assert (await get(base + "/healthz"))[::2] == (503, "stopping\n")
    finally:
        await server.stop()


async def test_healthz_in_webhook_mode(scheduler: AsyncIOScheduler) -> None:
    clock = Clock()
    health = Health(scheduler, mode="webhook", clock=clock)
    assert health.status() == (False, "starting: not serving the webhook yet")
    health.started()
    clock.now += 10 * POLL_STALE_SECONDS  # Telegram posts when it has something: no staleness
    assert health.status() == (True, "ok")
    scheduler.pause()
    assert health.status() == (False, "the scheduler is paused")


async def test_metrics(scheduler: AsyncIOScheduler) -> None:
    health = Health(scheduler)
    server, base = await serve(health, StubMetrics())
    bare, bare_base = await serve(health)
    try:
        status, content_type, text = await get(base + "/metrics")
        assert status == 200 and content_type.startswith("text/plain")
        families = {f.name: f for f in text_string_to_metric_families(text)}
        assert families["kvantorium_updates"].samples[0].value == 3.0
        assert (await get(bare_base + "/metrics"))[0] == 404
    finally:
        await server.stop()
        await bare.stop()


async def test_the_real_metrics_are_served(app: App, scheduler: AsyncIOScheduler) -> None:
    metrics = app.services.metrics
    await metrics.refresh()
    server, base = await serve(Health(scheduler), metrics)
    try:
        status, content_type, text = await get(base + "/metrics")
    finally:
        await server.stop()
    assert status == 200 and content_type.startswith("text/plain")
    names = {family.name for family in text_string_to_metric_families(text)}
    assert "kvantorium_outbox_oldest_due_seconds" in names


def test_metrics_and_backup_jobs(
    app: App, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[Any, ...]] = []

    async def nightly_backup(*args: Any) -> None:
        calls.append(args)

    backups = types.ModuleType("bot.ops.backups")
    backups.nightly_backup = nightly_backup  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bot.ops.backups", backups)
    monkeypatch.setattr(app.services, "metrics", StubMetrics())
    settings = app.settings.model_copy(update={
        "backup_dir": tmp_path / "backups", "backup_at": time(3, 30),
        "timezone": "Asia/Yekaterinburg"})

    scheduler = make_scheduler(app.repos, app.services, settings, app.db)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert jobs["metrics-refresh"].trigger.interval.total_seconds() == 15
    assert jobs["metrics-watch"].trigger.interval.total_seconds() == 60
    backup = jobs["nightly-backup"]
    assert isinstance(backup.trigger, CronTrigger)
    assert str(backup.trigger.timezone) == "Asia/Yekaterinburg"
    assert {f.name: str(f) for f in backup.trigger.fields}["hour"] == "3"
    assert {f.name: str(f) for f in backup.trigger.fields}["minute"] == "30"
    assert backup.args == (settings, app.db, app.repos)
    assert backup.coalesce and backup.max_instances == 1 and backup.misfire_grace_time >= 600

    plain = make_scheduler(app.repos, app.services, app.settings, app.db)
    assert "nightly-backup" not in {job.id for job in plain.get_jobs()}
