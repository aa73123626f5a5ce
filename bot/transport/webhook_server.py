"""Webhook mode, the server Telegram posts updates to: aiogram's aiohttp support on
WEBHOOK_LISTEN, at the path of WEBHOOK_URL (a reverse proxy terminates HTTPS and forwards it).

Updates are handled before the request is answered (aiogram's `handle_in_background=False`):
Telegram counts an update delivered only when it gets the answer, so an update being handled
when the process dies is posted again after the restart, and a shutdown waits for the running
handlers (InFlight) while their requests stay open. Telegram keeps up to 40 requests open at
once (setWebhook's max_connections), so updates of different users are still handled side by
side; one user's updates go one at a time anyway (event isolation). Answering first and
handling in the background was no faster when tried with benchmarks/transport.py, and would
lose the updates in hand at a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import Awaitable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from pydantic import AnyHttpUrl

from bot.ops.health import Health
from bot.settings import Settings, host_port
from bot.transport.webhook import CannotServe, set_webhook, webhook_path

log = logging.getLogger("bot")


class UpdateHandler(SimpleRequestHandler):
    """aiogram's request handler (a request without the right X-Telegram-Bot-Api-Secret-Token
    gets 401 and reaches nothing), answering as polling does:
    a method a handler returns is called through the Bot API rather than put in the answer,
    and an update whose handler failed (logged, and the person told by the dispatcher's Pipeline)
    is answered 200 all the same: with a 500 Telegram would post it again and again."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str, **data: Any) -> None:
        super().__init__(dispatcher, bot, handle_in_background=False, secret_token=secret,
                         **data)
        self.secret = secret

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        """The header against the secret, in constant time and as bytes: comparing text that
        is not ASCII raises (aiogram's check answered such a header with 500 and a traceback).
        Any text encodes (surrogatepass: a header's undecodable bytes come as surrogates) and
        two texts encode alike only if they are the same."""
        given = telegram_secret_token.encode("utf-8", "surrogatepass")
        return bool(self.secret) and hmac.compare_digest(given, self.secret.encode())

    async def close(self) -> None:
        """The Bot's session outlives the server (the sender still uses it while stopping);
        the app closes it last."""

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            raw = await request.json(loads=bot.session.json_loads)
            update = Update.model_validate(raw, context={"bot": bot})
        except ValueError:
            return web.Response(status=400, text="not an update")
        try:
            result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
                bot, update, **self.data)
        except Exception:  # noqa: BLE001 - aiogram has logged it with the update's id
            return web.json_response({})
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot, result)
        return web.json_response({})


async def serve_webhook(
    dp: Dispatcher, bot: Bot, url: AnyHttpUrl, settings: Settings, secret: str, health: Health
) -> None:
    """Emit the dispatcher's startup, listen on WEBHOOK_LISTEN, set the webhook, and serve
    until SIGTERM or SIGINT; then stop listening, emit the shutdown (which waits for running
    handlers) and close the connections. The webhook stays set: Telegram keeps the updates
    that come while the bot is down and posts them once it is back."""
    host, port = host_port(settings.webhook_listen)
    app = web.Application()
    # the dispatcher's shutdown first: running handlers finish before anything else closes
    setup_application(app, dp, bot=bot)
    path = webhook_path(url)
    UpdateHandler(dp, bot, secret).register(app, path=path)
    runner = web.AppRunner(app, access_log=None, handle_signals=False,
                           shutdown_timeout=settings.shutdown_timeout)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, _stop_on, sig, stop)
    try:
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            raise CannotServe(f"WEBHOOK_LISTEN {settings.webhook_listen} cannot be used: "
                              f"{exc.strerror or exc}") from None
        log.info("Serving the webhook on http://%s:%d%s", host, port, path)
        if await _first(set_webhook(bot, dp, str(url), secret), stop):
            log.info("Webhook set: Telegram posts updates to %s", url)
            health.started()
            await stop.wait()
    finally:
        health.stopped()
        log.info("Webhook server stopping")
        # the signal handlers stay until the loop closes (as polling's do): a second signal
        # while running handlers finish changes nothing
        await runner.cleanup()


def _stop_on(sig: signal.Signals, stop: asyncio.Event) -> None:
    log.warning("Received %s signal%s", sig.name, " again: already stopping" if stop.is_set()
                else "")
    stop.set()


async def _first(job: Awaitable[None], stop: asyncio.Event) -> bool:
    """Run `job` unless `stop` comes first (then cancel it): True when the job finished."""
    task = asyncio.ensure_future(job)
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if not task.done():
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return False
    task.result()
    return True
