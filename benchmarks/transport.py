"""Updates per second over HTTP: long polling against the webhook, through our dispatcher.

    .venv/bin/python benchmarks/transport.py [--quick]

(benchmarks/dispatch.py runs this too, beside its in-process figures.)

One process holds it all: a LocalBotApi (the emulated Bot API behind a real HTTP server on
127.0.0.1), our Bot talking to it over HTTP, our dispatcher from `assemble` on a SQLite
database, and the bot's webhook server (`bot.transport.webhook_server.UpdateHandler`, as
`python -m bot` serves it) on another port. Each round, every user of the pool sends /start
(after a warm-up round, so their rows exist) and the bot answers each with one
sendMessage over HTTP:

- polling: the round's updates are queued in the LocalBotApi at once; `dp.start_polling`
  fetches them (up to 100 a getUpdates) and handles them as tasks;
- webhook: the round's updates are POSTed to the webhook server with the secret, on up to 40
  connections at once, as Telegram does (setWebhook's default max_connections); each answer
  comes once its update has been handled.

Timed from the first update queued / posted until every reply has reached the Bot API (and,
for the webhook, every POST has been answered). Telegram's side (the LocalBotApi, the posting
client) runs in the same process, so its time is in both figures. Rounds of the two alternate.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import json
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiohttp import ClientSession, TCPConnector, web
from pydantic import SecretStr

from benchmarks.common import OurBot
from bot.app import make_bot
from bot.dispatcher import assemble
from bot.local.api import SECRET_HEADER, LocalBotApi
from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.ops.server import bound_port
from bot.transport.webhook_server import UpdateHandler

TOKEN = "123456:TESTtokenForTransportBenchmark"
SECRET = "transport-benchmark-secret"
CONNECTIONS = 40  # Telegram's default max_connections for a webhook
FIRST_USER_ID = 20_000_001
ROUND_TIMEOUT = 120.0


class Replies(Emulator):
    """The emulator, not recording calls: counts the replies of a round (and any error)."""

    def __init__(self) -> None:
        super().__init__(bot_id=int(TOKEN.split(":", maxsplit=1)[0]))
        self.record = False
        self.replies = 0
        self.errors = 0
        self.target = 0
        self.done = asyncio.Event()

    def expect(self, count: int) -> None:
        self.replies, self.target = 0, count
        self.done.clear()

    def call(self, method: str, params: dict[str, Any]) -> Any:
        try:
            result = super().call(method, params)
        except ApiError:
            self.errors += 1
            raise
        if method == "sendMessage":
            self.replies += 1
            if self.replies >= self.target:
                self.done.set()
        return result


@dataclass
class Transport:
    users: int
    polling: list[float] = field(default_factory=list)  # updates/s of each round
    webhook: list[float] = field(default_factory=list)
    errors: int = 0
    refused: int = 0  # webhook POSTs not answered 200

    @staticmethod
    def rate(rounds: list[float]) -> float:
        return statistics.median(rounds) if rounds else 0.0


class Rig:
    def __init__(self, api: LocalBotApi, emulator: Replies, bot: Bot, dp: Dispatcher) -> None:
        self.api, self.emulator, self.bot, self.dp = api, emulator, bot, dp
        self.hook_url = ""
        self._runner: web.AppRunner | None = None
        self._polling: asyncio.Task[None] | None = None
        self._client: ClientSession | None = None

    async def start(self) -> None:
        app = web.Application()
        UpdateHandler(self.dp, self.bot, SECRET).register(app, path="/hook")
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.hook_url = f"http://127.0.0.1:{bound_port(self._runner, 0)}/hook"
        self._client = ClientSession(connector=TCPConnector(limit=CONNECTIONS))
        self._polling = asyncio.create_task(self.dp.start_polling(
            self.bot, handle_signals=False, close_bot_session=False))
        deadline = time.monotonic() + 30
        while self.api.get_updates_calls == 0:
            if self._polling.done() or time.monotonic() > deadline:
                self._polling.result()
                raise TimeoutError("polling did not start")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._polling is not None:
            await self.dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def updates(self, users: list[int]) -> list[dict[str, Any]]:
        return [self.emulator.message_update(user_id, "/start") for user_id in users]

    async def poll_round(self, users: list[int]) -> float:
        updates = self.updates(users)
        self.emulator.expect(len(updates))
        started = time.perf_counter()
        await self.api.push(*updates)
        await asyncio.wait_for(self.emulator.done.wait(), ROUND_TIMEOUT)
        return len(updates) / (time.perf_counter() - started)

    async def webhook_round(self, users: list[int]) -> tuple[float, int]:
        assert self._client is not None
        bodies = [json.dumps(update, ensure_ascii=False).encode() for update in
                  self.updates(users)]
        headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
        client = self._client
        self.emulator.expect(len(bodies))

        async def post(body: bytes) -> int:
            async with client.post(self.hook_url, data=body, headers=headers) as response:
                await response.read()
                return response.status

        started = time.perf_counter()
        statuses = await asyncio.wait_for(
            asyncio.gather(*(post(body) for body in bodies)), ROUND_TIMEOUT)
        await asyncio.wait_for(self.emulator.done.wait(), ROUND_TIMEOUT)
        rate = len(bodies) / (time.perf_counter() - started)
        return rate, sum(status != 200 for status in statuses)


async def measure(users: int, rounds: int, directory: Path) -> Transport:
    result = Transport(users=users)
    emulator = Replies()
    api = LocalBotApi(TOKEN, emulator)
    url = await api.start()
    app = await OurBot.open(directory / "transport.sqlite3", bot_token=SecretStr(TOKEN),
                            telegram_api_url=url)
    bot = make_bot(app.settings)
    dp = assemble(bot, app.db, app.settings, app.catalogue, app.texts)[0]
    rig = Rig(api, emulator, bot, dp)
    pool = [FIRST_USER_ID + index for index in range(users)]
    for user_id in pool:
        emulator.add_user(user_id, f"User{user_id}", "ru" if user_id % 4 else "en")
    try:
        await rig.start()
        await rig.poll_round(pool)  # warm-up: every user's row is made
        await rig.webhook_round(pool)
        emulator.errors = 0
        for _ in range(rounds):
            result.polling.append(await rig.poll_round(pool))
            rate, refused = await rig.webhook_round(pool)
            result.webhook.append(rate)
            result.refused += refused
        result.errors = emulator.errors
    finally:
        await rig.stop()
        await bot.session.close()
        await app.close()
        await api.stop()
    return result


async def transport(users: int, rounds: int) -> Transport:
    with tempfile.TemporaryDirectory(prefix="bench-transport-") as tmp:
        return await measure(users, rounds, Path(tmp))


def report(result: Transport, in_process: float = 0.0) -> None:
    polling, webhook = Transport.rate(result.polling), Transport.rate(result.webhook)

    def runs(rates: list[float]) -> str:
        return " ".join(f"{rate:,.0f}" for rate in rates)

    print()
    print(f"Over HTTP: /start from {result.users:,} users a round, our dispatcher, replies to a "
          "LocalBotApi\n  on 127.0.0.1 (median of the rounds; the first round of each, "
          "a warm-up, not counted)")
    print()
    rows = [
        ("long polling (getUpdates, 100 a batch)", runs(result.polling), polling),
        (f"webhook ({CONNECTIONS} connections, handled before the answer)",
         runs(result.webhook), webhook),
    ]
    width = max(len(name) for name, _, _ in rows)
    runs_width = max(len(r) for _, r, _ in rows)
    print(f"  {'transport':<{width}}  {'rounds (updates/s)':>{runs_width}}  updates/s")
    for name, rounds, rate in rows:
        print(f"  {name:<{width}}  {rounds:>{runs_width}}  {rate:>9,.0f}")
    print()
    print(f"  webhook / polling: {webhook / polling if polling else 0:.2f}")
    if in_process:
        print(f"  vs /start fed in process (no HTTP) at {in_process:,.0f}/s: polling "
              f"{polling / in_process:.2f}, webhook {webhook / in_process:.2f}")
    if result.errors or result.refused:
        print(f"  checks: {result.errors} Bot API errors, {result.refused} webhook POSTs "
              "not answered 200: THE FIGURES ARE NOT COMPARABLE")
    else:
        print("  checks: every update answered with its one reply, no errors, every POST 200")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer users and rounds")
    args = parser.parse_args(argv)
    users, rounds = (300, 3) if args.quick else (1000, 5)
    report(asyncio.run(transport(users, rounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
