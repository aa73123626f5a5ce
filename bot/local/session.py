"""An aiogram session that talks to the in-process emulator instead of the network."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Awaitable, Callable
from http import HTTPStatus
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.transport.http_session import PinnedResponses

DEMO_TOKEN = "7000000001:LOCAL-emulator-token-not-for-telegram"


# the name and language of a person the bot knows (its database's users), or None
Directory = Callable[[int], Awaitable[tuple[str, str] | None]]


class LocalSession(PinnedResponses, BaseSession):
    """`directory`: how the emulated Telegram learns of a person it has not met when the bot
    writes to them (the offline demo's database knows people of earlier runs)."""

    def __init__(self, emulator: Emulator | None = None,
                 directory: Directory | None = None) -> None:
        super().__init__()
        self.emulator = emulator or Emulator()
        self.directory = directory

    async def meet(self, params: dict[str, Any]) -> None:
        chat_id = params.get("chat_id")
        if self.directory is None or not isinstance(chat_id, int) or (
                chat_id in self.emulator.chats):
            return
        known = await self.directory(chat_id)
        if known is not None:
            first_name, language = known
            self.emulator.add_user(chat_id, first_name, language)

    def params(self, bot: Bot, method: TelegramMethod[Any]) -> dict[str, Any]:
        files: dict[str, Any] = {}
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None:
                params[key] = prepared
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                name = value.removeprefix("attach://")
                upload = files.get(name)
                params[key] = f"upload:{getattr(upload, 'filename', None) or name}"
                if key in ("document", "photo"):  # the bytes kept, as Telegram keeps them
                    params[f"{key}_name"] = getattr(upload, "filename", None) or name
                    params[f"{key}_data"] = getattr(upload, "data", None)
        return params

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        params = self.params(bot, method)
        await self.meet(params)
        try:
            result = self.emulator.call(method.__api_method__, params)
            status, body = HTTPStatus.OK, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = HTTPStatus(exc.code), exc.response()
        response = self.check_response(
            bot=bot, method=method, status_code=status, content=json.dumps(body)
        )
        return response.result  # type: ignore[return-value]

    async def stream_content(
        self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30,
        chunk_size: int = 65536, raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        return None
