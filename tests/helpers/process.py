"""`python -m bot` as a real process for the tests: its environment, a run to its end, and a
bot started against a local Bot API server."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator

ROOT = Path(__file__).resolve().parent.parent.parent
TOKEN = "123456789:AAHtestTOKENforTHElocalAPIserver_x1"


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {
        "BOT_TOKEN", "TELEGRAM_API_URL", "DATABASE_PATH", "ADMIN_IDS", "TIMEZONE",
        "DEFAULT_LOCALE", "CATALOGUE_PATH"}}
    base.update(DATABASE_PATH=str(tmp_path / "bot.sqlite3"), PYTHONUNBUFFERED="1",
                PYTHONPATH=str(ROOT))
    base.update(extra)
    return base


def run(args: list[str], tmp_path: Path, stdin: str = "", **extra: str) -> tuple[
    subprocess.CompletedProcess[str], float
]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        env=env(tmp_path, **extra), cwd=tmp_path, timeout=60, check=False,
    )
    return result, time.monotonic() - started


async def spawn(api: LocalBotApi, tmp_path: Path, **extra: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot",
        env=env(tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=f"http://127.0.0.1:{api.port}",
                **extra),
        cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )


def texts_to(user_id: int) -> Any:
    def check(emulator: Emulator) -> list[str]:
        return [str(m.get("text")) for m in emulator.sent(user_id)]

    return check
