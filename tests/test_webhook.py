"""`python -m bot` in webhook mode as a real process: it sets its webhook on a local Bot API
server (with the secret and the update types it handles, never dropping what waits), handles
what is posted to it with the right secret and refuses the rest, finishes a running handler
on SIGTERM, keeps its generated secret across restarts, and in polling mode again removes the
webhook before its first getUpdates, the waiting updates kept."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import signal
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import BaseTestServer, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.local.api import LocalBotApi
from bot.local.emulator import Call, Emulator
from bot.local.limits import ApiError, bad_request
from tests.helpers.harness import App
from tests.helpers.process import TOKEN, signal_until_gone, spawn, texts_to
from tests.helpers.warm import Running

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py

URL = "https://example.test/tg/hook"
SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    server = LocalBotApi(TOKEN, Emulator(bot_id=123456789))
    await server.start()
    yield server
    await server.stop()


def webhook_env(port: int, **extra: str) -> dict[str, str]:
    return {"WEBHOOK_URL": URL, "WEBHOOK_LISTEN": f"127.0.0.1:{port}", **extra}


def calls(emulator: Emulator, method: str) -> list[Call]:
    return [c for c in emulator.calls if c.method == method]


def set_webhook_calls(emulator: Emulator) -> list[Call]:
    return [c for c in calls(emulator, "setWebhook") if c.error is None]


async def stop(process: Running) -> str:
    with contextlib.suppress(ProcessLookupError):  # again, if it is stopping already
        process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    return output.decode()


def assert_clean_exit(process: Running, log: str) -> None:
    assert process.returncode == 0, log
    assert "Stopped" in log
    assert "Traceback" not in log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log


async def get(url: str) -> tuple[int, str, str]:
    async with ClientSession() as client, client.get(url) as response:
        return response.status, response.headers.get("Content-Type", ""), await response.text()


async def healthy(url: str, timeout: float = 20.0) -> str:
    """/healthz until it answers 200; its text."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        status, _, text = await get(url)
        if status == 200:
            return text
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"/healthz still {status}: {text}")
        await asyncio.sleep(0.1)


async def test_webhook_mode(api: LocalBotApi, tmp_path: Path) -> None:
    port, ops_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    process = await spawn(api, tmp_path, **webhook_env(
        port, METRICS_LISTEN=f"127.0.0.1:{ops_port}"))
    try:
        (call,) = await api.wait_for(set_webhook_calls, timeout=40)
        params: dict[str, Any] = call.params
        assert params["url"] == URL
        secret = params["secret_token"]
        assert SECRET_RE.fullmatch(secret)
        assert {"message", "callback_query"} <= set(json.loads(params["allowed_updates"]))
        assert params["drop_pending_updates"] == "false"
        assert not calls(api.emulator, "getUpdates")
        assert not calls(api.emulator, "deleteWebhook")
        assert await healthy(f"http://127.0.0.1:{ops_port}/healthz") == "ok\n"

        api.emulator.add_user(555, "Лена", "ru")
        update = api.emulator.message_update(555, "/start")
        # without the secret, or with another one: refused, and nothing is handled
        assert (await api.deliver(update, base, secret=None))[0] == 401
        assert (await api.deliver(update, base, secret="not-the-secret"))[0] == 401
        assert api.emulator.sent(555) == []

        # handled before the answer: the reply has reached the Bot API by then
        assert await api.deliver(update, base) == (200, "{}")
        assert texts_to(555)(api.emulator)[0].startswith("👋 Привет, Лена!")
        message = api.emulator.sent(555)[0]
        press = api.emulator.callback_update(555, message["message_id"], "r:parent")
        assert (await api.deliver(press, base))[0] == 200
        assert "Выберите, с чего начать" in texts_to(555)(api.emulator)[0]
        # not JSON: refused before the dispatcher
        async with ClientSession() as client, client.post(
            base + "/tg/hook", data=b"{", headers={"X-Telegram-Bot-Api-Secret-Token": secret}
        ) as response:
            assert response.status == 400
        await api.wait_for(lambda e: len(e.commands) == 3)

        status, content_type, text = await get(f"http://127.0.0.1:{ops_port}/metrics")
        assert status == 200 and content_type.startswith("text/plain")
        updates = {(s.labels.get("type"), s.value) for f in text_string_to_metric_families(text)
                   for s in f.samples if s.name == "kvantorium_updates_total"}
        assert ("message", 1.0) in updates and ("callback_query", 1.0) in updates
    finally:
        log = await stop(process)
    assert_clean_exit(process, log)
    assert secret not in log
    # the webhook stays: Telegram keeps what comes while the bot is down
    assert api.emulator.webhook is not None and api.emulator.webhook["url"] == URL


async def test_sigterm_lets_a_running_update_finish(api: LocalBotApi, tmp_path: Path) -> None:
    """SIGTERM while a handler waits for the Bot API: the handler finishes, Telegram gets its
    200 (so the update is not posted again), and the process exits cleanly, however many more
    SIGTERMs come while it stops."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = await spawn(api, tmp_path, **webhook_env(port))
    log = ""
    try:
        await api.wait_for(set_webhook_calls, timeout=40)
        api.emulator.add_user(556, "Оля", "ru")
        api.slow["sendmessage"] = 2.0
        delivery = asyncio.create_task(
            api.deliver(api.emulator.message_update(556, "/start"), base))
        await api.wait_for(lambda e: any(
            str(c.params.get("chat_id")) == "556" for c in calls(e, "sendMessage")))
        process.send_signal(signal.SIGTERM)
        assert (await asyncio.wait_for(delivery, timeout=20))[0] == 200
        # more of them, through the whole shutdown
        log = await asyncio.wait_for(signal_until_gone(process), timeout=30)
    finally:
        if process.returncode is None:
            log = await stop(process)
    assert_clean_exit(process, log)
    assert texts_to(556)(api.emulator)[0].startswith("👋 Привет, Оля!")
    assert "Received SIGTERM signal" in log


async def test_secret_kept_and_polling_removes_the_webhook(
    api: LocalBotApi, tmp_path: Path
) -> None:
    port = free_port()
    for runs in (1, 2):
        process = await spawn(api, tmp_path, **webhook_env(port))
        try:
            await api.wait_for(lambda e, n=runs: len(set_webhook_calls(e)) == n, timeout=40)
        finally:
            log = await stop(process)
        assert_clean_exit(process, log)
    first, second = (c.params["secret_token"] for c in set_webhook_calls(api.emulator))
    assert first == second

    # an update Telegram keeps for the webhook while the bot is down
    api.emulator.add_user(557, "Маша", "ru")
    await api.push(api.emulator.message_update(557, "/start"))
    process = await spawn(api, tmp_path)
    try:
        await api.wait_for(texts_to(557))
    finally:
        log = await stop(process)
    assert_clean_exit(process, log)
    methods = [c.method for c in api.emulator.calls]
    removed = methods.index("deleteWebhook")
    assert removed > methods.index("setWebhook")
    assert "getUpdates" not in methods[:removed]
    assert api.emulator.calls[removed].params["drop_pending_updates"] == "false"
    assert api.emulator.webhook is None
    assert f"Webhook {URL} removed" in log


@pytest.mark.parametrize("trouble", ["address taken", "url refused"])
async def test_cannot_serve_is_one_line(api: LocalBotApi, tmp_path: Path, trouble: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        if trouble == "url refused":
            port = free_port()
            api.emulator.failures.append(lambda method, params: bad_request(
                "bad webhook: Failed to resolve host: Name or service not known"
            ) if method == "setWebhook" else None)
        process = await spawn(api, tmp_path, **webhook_env(port))
        output, _ = await asyncio.wait_for(process.communicate(), timeout=40)
    log = output.decode()
    assert process.returncode == 2, log
    assert "Traceback" not in log
    expected = {
        "address taken": f"ERROR bot: WEBHOOK_LISTEN 127.0.0.1:{port} cannot be used: ",
        "url refused": f"ERROR bot: Telegram refused WEBHOOK_URL {URL}: Bad Request: bad "
                       "webhook: Failed to resolve host",
    }[trouble]
    assert expected in log


async def test_the_generated_secret_is_kept(tmp_path: Path) -> None:
    from pydantic import SecretStr

    from bot.settings import Settings
    from bot.transport.webhook import webhook_secret
    from storage.db import Database
    from storage.kv import KvRepo

    db = await Database.open(tmp_path / "bot.sqlite3")
    try:
        kv = KvRepo(db)
        settings = Settings(_env_file=None, webhook_url=URL)
        generated = await webhook_secret(settings, kv)
        assert SECRET_RE.fullmatch(generated) and len(generated) >= 32
        assert await webhook_secret(settings, kv) == generated
        assert await kv.get("webhook_secret") == generated
        given = Settings(_env_file=None, webhook_url=URL, webhook_secret=SecretStr("s-3_cret"))
        assert await webhook_secret(given, kv) == "s-3_cret"
        assert await kv.get("webhook_secret") == generated
    finally:
        await db.close()


async def test_the_local_api_answers_webhook_methods_as_telegram(api: LocalBotApi) -> None:
    emulator = api.emulator
    with pytest.raises(ApiError, match="HTTPS URL must be provided"):
        emulator.call("setWebhook", {"url": "http://example.test/hook"})
    with pytest.raises(ApiError, match="secret token contains unallowed characters"):
        emulator.call("setWebhook", {"url": URL, "secret_token": "no spaces"})
    emulator.add_user(558, "Ира", "ru")
    await api.push(emulator.message_update(558, "/start"))
    assert emulator.call("setWebhook", {"url": URL, "secret_token": "s",
                                        "allowed_updates": '["message"]'}) is True
    info = emulator.call("getWebhookInfo", {})
    assert info["url"] == URL and info["pending_update_count"] == 1
    assert info["allowed_updates"] == ["message"]
    with pytest.raises(ApiError, match="Conflict: can't use getUpdates"):
        emulator.call("getUpdates", {})
    async with ClientSession() as client:
        token_url = f"http://127.0.0.1:{api.port}/bot{TOKEN}"
        async with client.post(f"{token_url}/getUpdates") as response:
            assert response.status == 409
        async with client.post(f"{token_url}/deleteWebhook",
                               data={"drop_pending_updates": "true"}) as response:
            assert response.status == 200
    assert emulator.webhook is None and api.updates == []
    assert emulator.call("getWebhookInfo", {})["url"] == ""


@pytest.mark.parametrize("header", [
    "сéкрет".encode(),  # UTF-8, not ASCII
    b"\xff\xfe\x80",  # not even UTF-8
    b"",
    b"s-3_cret-but-longer",
])
async def test_a_wrong_secret_of_any_bytes_gets_401_and_no_traceback(
    app: App, header: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """In process: the server's request handler on a test server, the headers written raw."""
    from bot.transport.webhook_server import UpdateHandler

    web_app = web.Application()
    UpdateHandler(app.dp, app.bot, "s-3_cret").register(web_app, path="/tg/hook")
    app.emulator.add_user(559, "Оля", "ru")
    body = json.dumps(app.emulator.message_update(559, "/start")).encode()

    async def post(server: BaseTestServer, secret: bytes) -> bytes:
        reader, writer = await asyncio.open_connection(server.host, server.port)
        writer.write(b"POST /tg/hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     b"Content-Type: application/json\r\n"
                     b"X-Telegram-Bot-Api-Secret-Token: " + secret + b"\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        answer = await reader.read()
        writer.close()
        return answer

    async with TestServer(web_app) as server:
        assert (await post(server, header)).startswith(b"HTTP/1.1 401 ")
        assert app.emulator.sent(559) == []
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
        # the right one is let through
        assert (await post(server, b"s-3_cret")).startswith(b"HTTP/1.1 200 ")
        assert texts_to(559)(app.emulator)[0].startswith("👋 Привет, Оля!")
