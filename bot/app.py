"""Running the bot: settings → Bot → database → dispatcher → long polling, or the webhook
(WEBHOOK_URL); the scheduled jobs beside; /healthz and /metrics on METRICS_LISTEN."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
import time as time_module
from datetime import UTC, time
from functools import partial
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.utils.backoff import Backoff, BackoffConfig
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.commands import clear_staff_commands, set_public_commands, set_staff_commands
from bot.dispatcher import Repos, Services, assemble
from bot.fsm_storage import SQLiteStorage
from bot.i18n import Texts
from bot.middlewares import InFlight
from bot.ops.health import Health, PollWatch
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.retention import Forms, Retention
from bot.services.staff_roles import AdminSync, StaffRoles
from bot.settings import Settings, host_port
from bot.transport.http_session import HttpSession
from bot.transport.webhook import CannotServe, remove_webhook, webhook_secret
from storage.db import Database
from storage.kv import KvRepo
from storage.quanta import QuantaRepo

if TYPE_CHECKING:
    from bot.ops.server import OpsServer

log = logging.getLogger("bot")

SEEN_FLUSH_SECONDS = 60
SENDER_TICK_SECONDS = 1
PROGRESS_TICK_SECONDS = 3
RECOVER_SECONDS = 60
OFFER_TICK_SECONDS = 60
PLANNER_TICK_SECONDS = 5
PUBLISH_TICK_SECONDS = 15
METRICS_REFRESH_SECONDS = 15
METRICS_WATCH_SECONDS = 60
# a nightly backup held up (a busy event loop) still runs within this; one whose time passed
# while the bot was down is not made up: in-memory jobs count from the start
BACKUP_GRACE_SECONDS = 3600
# the nightly clean-up of data no longer needed (RETENTION_MONTHS), local time: after the
# nightly backup, before anyone is about
RETENTION_AT = time(4, 0)
EXIT_CANNOT_SERVE = 2


class TokenRejected(Exception):
    pass


def bot_defaults() -> DefaultBotProperties:
    return DefaultBotProperties(parse_mode=ParseMode.HTML)


def make_bot(settings: Settings) -> Bot:
    session = HttpSession()
    if settings.telegram_api_url is not None:
        base = str(settings.telegram_api_url).rstrip("/")
        session = HttpSession(api=TelegramAPIServer.from_base(base))
    return Bot(settings.token(), session=session, default=bot_defaults())


async def open_database(settings: Settings, catalogue: Catalogue) -> Database:
    db = await Database.open(settings.database_path)
    await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
    return db


def make_scheduler(
    repos: Repos, services: Services, settings: Settings, db: Database | None = None,
    forms: Forms | None = None,
) -> AsyncIOScheduler:
    """In-memory jobs only: the database (the outbox) is the truth, so nothing is lost when a
    job is, and the jobs are simply made again at start."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs: list[tuple[str, Any, int]] = [
        ("outbox-sender", services.sender.tick, SENDER_TICK_SECONDS),
        ("reminder-planner", services.planner.tick, PLANNER_TICK_SECONDS),
        ("broadcast-progress", services.broadcasting.tick, PROGRESS_TICK_SECONDS),
        ("outbox-recover", repos.outbox.recover, RECOVER_SECONDS),
        ("flush-last-seen", repos.users.flush_seen, SEEN_FLUSH_SECONDS),
        ("expire-offers", services.enrolment.expire_offers, OFFER_TICK_SECONDS),
        ("expire-event-holds", services.event_booking.expire_holds, OFFER_TICK_SECONDS),
        ("publish-posts", partial(publish_posts, services, settings), PUBLISH_TICK_SECONDS),
        ("metrics-refresh", services.metrics.refresh, METRICS_REFRESH_SECONDS),
        ("metrics-watch", services.metrics.watch, METRICS_WATCH_SECONDS),
        ("roll-calls", services.attendance.tick, 30),  # «не пришёл» notices, forgotten registers
        ("event-door", services.event_door.tick, 120),  # «Как вам?» after an event ends
    ]
    for job_id, func, seconds in jobs:
        scheduler.add_job(
            func, "interval", seconds=seconds, id=job_id, replace_existing=True,
            max_instances=1, coalesce=True, misfire_grace_time=None,
        )
    from apscheduler.triggers.cron import CronTrigger

    scheduler.add_job(
        retention(repos, settings, db, forms).run,
        CronTrigger(hour=RETENTION_AT.hour, minute=RETENTION_AT.minute, timezone=settings.zone),
        id="nightly-retention", replace_existing=True, max_instances=1, coalesce=True,
        misfire_grace_time=BACKUP_GRACE_SECONDS,
    )
    if settings.backup_dir is not None:
        from bot.ops.backups import nightly_backup

        at = settings.backup_at
        scheduler.add_job(
            nightly_backup, CronTrigger(hour=at.hour, minute=at.minute, timezone=settings.zone),
            args=(settings, db or repos.outbox.db, repos), id="nightly-backup",
            replace_existing=True, max_instances=1, coalesce=True,
            misfire_grace_time=BACKUP_GRACE_SECONDS,
        )
    return scheduler


def retention(repos: Repos, settings: Settings, db: Database | None = None,
              forms: Forms | None = None) -> Retention:
    """The nightly clean-up (`python -m bot retention` runs it by hand)."""
    return Retention(db or repos.families.db, repos.enrolment, repos.users,
                     settings.retention_months, forms)


async def publish_posts(services: Services, settings: Settings) -> None:
    """Scheduled posts whose time has come are published, their notifications queued."""
    posts = await services.news.publish_due(dates.today(settings.zone))
    if posts:
        log.info("Published %d scheduled posts", len(posts))


async def sync_admins(bot: Bot, staff_roles: StaffRoles, settings: Settings) -> AdminSync:
    """ADMIN_IDS is the truth for admins, and it may have changed while the bot was down: the
    stored roles follow it before anything is sent, so no notice reaches a former admin. Those
    taken off the list also lose their staff commands menu (listed ones get theirs with
    everyone else's staff menus)."""
    changes = await staff_roles.sync_admins(settings.admin_ids)
    if changes.demoted or changes.promoted:
        log.info("Admins: %d taken off ADMIN_IDS, %d added", len(changes.demoted),
                 len(changes.promoted))
    for user_id in changes.demoted:
        await clear_staff_commands(bot, user_id)
    return changes


async def wait_for_telegram(bot: Bot) -> None:
    """getMe until the Bot API answers; a rejected token stops the start."""
    backoff = Backoff(BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.6, jitter=0.1))
    while True:
        try:
            me = await bot.me()
        except TelegramUnauthorizedError:
            raise TokenRejected from None
        except Exception as exc:  # noqa: BLE001 - any network trouble: wait and retry
            log.warning("Bot API not reachable (%s); retrying in %.0f s",
                        type(exc).__name__, backoff.next_delay)
            await backoff.asleep()
        else:
            log.info("Connected as @%s", me.username)
            return


async def run(settings: Settings, catalogue: Catalogue) -> None:
    texts = Texts()
    bot = make_bot(settings)
    db = await open_database(settings, catalogue)
    try:
        await _serve(settings, catalogue, texts, bot, db)
    except CannotServe as exc:
        log.error("%s", exc)
        raise SystemExit(EXIT_CANNOT_SERVE) from None
    finally:
        try:
            await bot.session.close()
            await db.close()
        finally:
            log.info("Stopped")
            await ignore_stop_signals()


async def ignore_stop_signals() -> None:
    """Once stopped, a further SIGTERM or SIGINT changes nothing: both are ignored from now to
    the exit. (The loop's own handlers would be removed as it closes, leaving the default,
    which kills, while worker threads may still be ending.) The executor's and aiosqlite's
    threads are let finish first; meanwhile the loop's handlers still catch a signal."""
    loop = asyncio.get_running_loop()
    await loop.shutdown_default_executor()
    deadline = time_module.monotonic() + 2.0
    for thread in threading.enumerate():
        if thread is threading.current_thread() or isinstance(thread, threading._DummyThread):
            continue
        with contextlib.suppress(RuntimeError):
            thread.join(max(0.0, deadline - time_module.monotonic()))
    stops = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)  # held pending while the handlers change
    for sig in stops:
        loop.remove_signal_handler(sig)  # leaves the default ...
        signal.signal(sig, signal.SIG_IGN)  # ... replaced at once: a pending one is dropped
    signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)


async def _serve(
    settings: Settings, catalogue: Catalogue, texts: Texts, bot: Bot, db: Database
) -> None:
    dp, repos, services = assemble(bot, db, settings, catalogue, texts)
    # the process lock means no other sender exists: whatever was in flight goes out again
    recovered = await repos.outbox.recover(everything=True)
    if recovered:
        log.info("Outbox: %d messages in flight at the last stop will be sent again", recovered)
    forms = dp.fsm.storage if isinstance(dp.fsm.storage, SQLiteStorage) else None
    scheduler = make_scheduler(repos, services, settings, db, forms)
    health = Health(scheduler, mode="polling" if settings.webhook_url is None else "webhook")
    if health.mode == "polling":
        bot.session.middleware(PollWatch(health))
    background: set[asyncio.Task[None]] = set()

    async def start_jobs() -> None:
        # reminders due while the bot was down go out now (once), before the sender starts;
        # polling does not wait for it (a first start plans every family's reminders)
        try:
            planned = await services.planner.start()
        except Exception:  # the planner's job tries again every few seconds
            log.exception("Reminders could not be planned at start")
        else:
            if planned.added or planned.updated:
                log.info("Reminders: %d planned, %d moved after the downtime", planned.added,
                         planned.updated)
        scheduler.start()

    async def on_startup(dispatcher: Dispatcher) -> None:
        for job in (start_jobs(), _set_commands(bot, texts, settings.default_locale, repos)):
            task = asyncio.create_task(job)
            background.add(task)
            task.add_done_callback(background.discard)
        if health.mode == "polling":  # the webhook is served once Telegram is told of it
            health.started()

    async def on_shutdown(dispatcher: Dispatcher) -> None:
        health.stopped()
        inflight: InFlight = dispatcher["inflight"]
        if not await inflight.wait_idle(settings.shutdown_timeout):
            log.warning("%d updates still running after %.0f s; closing anyway",
                        inflight.running, settings.shutdown_timeout)
        for task in list(background):
            task.cancel()
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await services.sender.stop(settings.shutdown_timeout)
        await repos.users.flush_seen()

    dp.startup.register(on_startup)
    dp.shutdown.register(on_shutdown)
    ops = await start_ops_server(settings, health, services)
    try:
        await wait_for_telegram(bot)
        # before polling starts the scheduler (and so the sender)
        await sync_admins(bot, dp["staff_roles"], settings)
        await receive_updates(dp, bot, settings, db, health)
    finally:
        if ops is not None:
            await ops.stop()


async def receive_updates(
    dp: Dispatcher, bot: Bot, settings: Settings, db: Database, health: Health
) -> None:
    """Long polling, or the webhook with WEBHOOK_URL, until SIGTERM or SIGINT; the
    dispatcher's startup and shutdown around it. Never drop pending updates: sign-ups sent
    while the bot was down (or switching between the two) still count."""
    if settings.webhook_url is None:
        await remove_webhook(bot)
        await dp.start_polling(bot, handle_signals=True, close_bot_session=True)
        return
    from bot.transport.webhook_server import serve_webhook  # the web server: webhook mode only

    secret = await webhook_secret(settings, KvRepo(db))
    await serve_webhook(dp, bot, settings.webhook_url, settings, secret, health)


async def start_ops_server(
    settings: Settings, health: Health, services: Services
) -> OpsServer | None:
    """/healthz and /metrics on METRICS_LISTEN, when it is set."""
    if settings.metrics_listen is None:
        return None
    from bot.ops.server import OpsServer

    ops = OpsServer(health, services.metrics)
    try:
        await ops.start(*host_port(settings.metrics_listen))
    except OSError as exc:
        raise CannotServe(f"METRICS_LISTEN {settings.metrics_listen} cannot be used: "
                          f"{exc.strerror or exc}") from None
    return ops


async def _set_commands(bot: Bot, texts: Texts, default_locale: str, repos: Repos) -> None:
    with contextlib.suppress(asyncio.CancelledError):
        try:
            await set_public_commands(bot, texts, default_locale)
        except Exception as exc:  # noqa: BLE001 - the menu is a nicety; polling goes on
            log.warning("Could not set the commands menu: %s", exc)
        for user in await repos.users.staff():
            await set_staff_commands(bot, texts, user)
