"""Webhook mode, what Telegram is told: the webhook set at start (WEBHOOK_URL, the secret, the
update types handled, nothing waiting dropped), or removed before long polling, the default.
The server Telegram posts to is in `bot.transport.webhook_server` (imported only in webhook mode).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram import Bot, Dispatcher
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.utils.backoff import Backoff, BackoffConfig
from pydantic import AnyHttpUrl

from bot.settings import Settings
from storage.kv import KvRepo

log = logging.getLogger("bot")

SECRET_KEY = "webhook_secret"  # its name in the kv table

T = TypeVar("T")


class CannotServe(Exception):
    """The bot cannot serve: an address to listen on is taken, or Telegram refused the URL.
    The message is one line for the operator."""


async def webhook_secret(settings: Settings, kv: KvRepo) -> str:
    """WEBHOOK_SECRET, or the one generated at the first start in webhook mode and kept in the
    database, so a restart does not change it: what Telegram posts before the new setWebhook
    call still carries the old one and is taken, not refused and delayed. token_urlsafe(32):
    43 characters of A-Z a-z 0-9 _ -."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    return await kv.get_or_set(SECRET_KEY, secrets.token_urlsafe(32))


def webhook_path(url: AnyHttpUrl) -> str:
    return url.path or "/"


async def until_answered(make_call: Callable[[], Awaitable[T]], what: str) -> T:
    """Make a Bot API call again and again through network trouble, 5xx and flood control;
    any other error (a bad request) is raised."""
    backoff = Backoff(BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.6, jitter=0.1))
    while True:
        try:
            return await make_call()
        except TelegramRetryAfter as exc:
            await asyncio.sleep(exc.retry_after)
        except (TelegramNetworkError, TelegramServerError) as exc:
            log.warning("%s failed (%s); retrying in %.0f s", what, type(exc).__name__,
                        backoff.next_delay)
            await backoff.asleep()


async def remove_webhook(bot: Bot) -> None:
    """Before long polling (Telegram refuses getUpdates while a webhook is set). The updates
    waiting for the webhook are kept and come through polling."""
    info = await until_answered(bot.get_webhook_info, "getWebhookInfo")
    if not info.url:
        return
    await until_answered(
        lambda: bot.delete_webhook(drop_pending_updates=False), "deleteWebhook"
    )
    log.info("Webhook %s removed: back to long polling (%d waiting updates kept)", info.url,
             info.pending_update_count)


async def set_webhook(bot: Bot, dp: Dispatcher, url: str, secret: str) -> None:
    """Point Telegram at `url`; updates waiting since the last run are kept."""
    try:
        await until_answered(lambda: bot.set_webhook(
            url, secret_token=secret, allowed_updates=dp.resolve_used_update_types(),
            drop_pending_updates=False,
        ), "setWebhook")
    except TelegramBadRequest as exc:
        raise CannotServe(f"Telegram refused WEBHOOK_URL {url}: {exc.message}") from None
