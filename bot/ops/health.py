"""Is the bot doing its work: receiving updates (long polling answered lately, or the webhook
served) and running its scheduled jobs (the sender, the reminder planner, ...). /healthz
answers from `Health.status()`."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from apscheduler.schedulers.base import STATE_PAUSED

Mode = Literal["polling", "webhook"]

# Long polling asks every 10 s at most; a minute and a half without an answer means the Bot
# API cannot be reached, the token is in use by a webhook elsewhere (409), or polling is stuck.
POLL_STALE_SECONDS = 90.0


class Health:
    def __init__(
        self, scheduler: Any = None, *, mode: Mode = "polling",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # an APScheduler 3 scheduler (untyped): `running`, `get_jobs()`, `get_job(id)`
        self.scheduler = scheduler
        self.jobs: tuple[str, ...] = (
            tuple(job.id for job in scheduler.get_jobs()) if scheduler is not None else ()
        )
        self.mode: Mode = mode
        self.clock = clock
        self.receiving = False
        self.stopping = False
        self.last_poll: float | None = None
        self._since = clock()

    # ---- what the app reports ----------------------------------------------------------

    def started(self) -> None:
        """Polling began, or the webhook is being served."""
        self.receiving = True
        self._since = self.clock()

    def stopped(self) -> None:
        self.receiving = False
        self.stopping = True

    def polled(self) -> None:
        """The Bot API answered a getUpdates."""
        self.last_poll = self.clock()

    # ---- the verdict -------------------------------------------------------------------

    def status(self) -> tuple[bool, str]:
        """(ok, reason): "ok", or what is wrong, in one line."""
        if self.stopping:
            return False, "stopping"
        if not self.receiving:
            return False, f"starting: not {self._receiving_text()} yet"
        if self.mode == "polling":
            since = self.last_poll if self.last_poll is not None else self._since
            idle = self.clock() - since
            if idle > POLL_STALE_SECONDS:
                return False, f"polling: no answer to getUpdates for {idle:.0f} s"
        return self._scheduler_status()

    def _receiving_text(self) -> str:
        return "polling" if self.mode == "polling" else "serving the webhook"

    def _scheduler_status(self) -> tuple[bool, str]:
        scheduler = self.scheduler
        if scheduler is None:
            return True, "ok"
        if not scheduler.running:
            return False, "the scheduler is not running"
        if scheduler.state == STATE_PAUSED:
            return False, "the scheduler is paused"
        missing = [job_id for job_id in self.jobs if scheduler.get_job(job_id) is None]
        if missing:
            return False, f"scheduled jobs missing: {', '.join(missing)}"
        paused = [job.id for job in scheduler.get_jobs() if job.next_run_time is None]
        if paused:
            return False, f"scheduled jobs paused: {', '.join(paused)}"
        return True, "ok"


class PollWatch(BaseRequestMiddleware):
    """A Bot API request middleware: tells `health` whenever a getUpdates is answered."""

    def __init__(self, health: Health) -> None:
        self.health = health

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        response = await make_request(bot, method)
        if isinstance(method, GetUpdates):
            self.health.polled()
        return response
