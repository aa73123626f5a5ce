"""The HTTP session to the Bot API (Telegram's, or a self-hosted server's)."""

from __future__ import annotations

from typing import Any, ClassVar

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType


class PinnedResponses:
    """Keeps each `Response[T]` model alive once made. aiogram builds `Response[T]` for every
    answer it checks, and pydantic only caches generic models weakly, so without a strong
    reference the model is rebuilt again and again — the most expensive step of a request."""

    _pinned: ClassVar[dict[Any, Any]] = {}

    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._pinned:
            self._pinned[returning] = Response[returning]  # type: ignore[valid-type]
        response: Response[TelegramType] = super().check_response(  # type: ignore[misc]
            bot=bot, method=method, status_code=status_code, content=content
        )
        return response


class HttpSession(PinnedResponses, AiohttpSession):
    """The real session to the Bot API, with pinned response models."""
