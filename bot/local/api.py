"""A local HTTP Bot API server backed by the emulator: the bot runs as a real process with
`TELEGRAM_API_URL` pointing here and long-polls it exactly as it would Telegram; or, in webhook
mode, sets its webhook here and is posted updates with `deliver`, as Telegram posts them.

Used by the end-to-end tests and by benchmarks/dispatch.py (time to the first getUpdates).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

from aiohttp import ClientSession, web

from bot.local.emulator import Call, Emulator
from bot.local.limits import ApiError

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SET_SECRET: Any = object()  # deliver(): the secret given to setWebhook


class LocalBotApi:
    def __init__(self, token: str, emulator: Emulator | None = None) -> None:
        self.token = token
        self.emulator = emulator or Emulator(bot_id=int(token.split(":", maxsplit=1)[0]))
        self.updates: list[dict[str, Any]] = []
        self.first_get_updates: float | None = None
        self.get_updates_calls = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.port = 0
        # seconds to hold back the answer to a method (lower-case name), the call recorded
        # at once: a request the bot has in flight for a while
        self.slow: dict[str, float] = {}
        self.emulator.pending_updates = lambda: len(self.updates)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return f"http://{host}:{self.port}"

    async def stop(self) -> None:
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._client is not None:
            await self._client.close()

    async def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates (several: at once, as one batch may take them)."""
        async with self._changed:
            self.updates.extend(updates)
            self._changed.notify_all()

    async def deliver(
        self, update: dict[str, Any], base: str, secret: str | None = _SET_SECRET
    ) -> tuple[int, str]:
        """Post an update as Telegram posts it to the webhook set here: to the set URL's path
        at `base` (where a reverse proxy would forward it, e.g. http://127.0.0.1:8080), with the
        secret setWebhook was given in its header (or `secret`; None: no header). Returns the
        answer's HTTP status and text."""
        webhook = self.emulator.webhook
        if webhook is None:
            raise RuntimeError("no webhook is set")
        if secret is _SET_SECRET:
            secret = webhook["secret_token"]
        headers = {} if secret is None else {SECRET_HEADER: secret}
        path = "/" + webhook["url"].split("://", 1)[1].partition("/")[2]
        if self._client is None:
            self._client = ClientSession()
        async with self._client.post(base.rstrip("/") + path, json=update,
                                     headers=headers) as response:
            return response.status, await response.text()

    async def wait_for(self, predicate: Any, timeout: float = 30.0) -> Any:
        """Wait until predicate(emulator) is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate(self.emulator)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not do what was expected in time")
            await asyncio.sleep(0.02)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.body_exists:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                uploads: dict[str, web.FileField] = {}
                for key, value in form.items():
                    if isinstance(value, web.FileField):
                        uploads[key] = value
                    params[key] = value if isinstance(value, str) else f"upload:{key}"
                for kind in ("document", "photo"):
                    sent = params.get(kind)
                    if not isinstance(sent, str):
                        continue
                    # aiogram names the part `attach://<part>`; a plain upload is `document`
                    upload = uploads.get(sent.removeprefix("attach://")) or uploads.get(kind)
                    if upload is not None:
                        params[kind] = f"upload:{upload.filename}"
                        params[f"{kind}_name"] = upload.filename
                        params[f"{kind}_data"] = upload.file.read()
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(body, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        if method.lower() == "getupdates":
            return await self._get_updates(params)
        status, text = self.emulator.respond(method, params)
        if status == 200 and method.lower() in {"setwebhook", "deletewebhook"} and (
            str(params.get("drop_pending_updates")).lower() in {"true", "1"}
        ):
            self.updates.clear()
        if delay := self.slow.get(method.lower()):
            await asyncio.sleep(delay)
        return web.Response(status=status, text=text, content_type="application/json")

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        if self.first_get_updates is None:
            self.first_get_updates = time.time()
        self.get_updates_calls += 1
        try:
            self.emulator.check_no_webhook()
        except ApiError as exc:
            self.emulator.calls.append(Call("getUpdates", params, error=exc))
            return web.json_response(exc.response(), status=exc.code)
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 50.0)
        limit = int(params.get("limit") or 100)
        async with self._changed:
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            if not self.updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout)
            batch = self.updates[:limit]
        self.emulator.calls.append(Call("getUpdates", params, batch))
        return web.Response(
            text=json.dumps({"ok": True, "result": batch}, ensure_ascii=False),
            content_type="application/json",
        )

