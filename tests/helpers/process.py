"""`python -m bot` for the tests: its environment, a run to its end as a real process or as a
call in this one (the same `main`, the same environment and working directory, its output
captured: for tests about what a command does, not about the process), and a bot started
against a local Bot API server."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from tests.helpers.warm import Running
from tests.helpers.warm import run as warm_run
from tests.helpers.warm import start as warm_start

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
    """`python -m bot ARGS` in a fresh interpreter, to its end; with the seconds of CPU it
    took (what makes it slow or fast; the seconds by the clock also count whatever else
    the machine is doing meanwhile, several times as many on a loaded one)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        env=env(tmp_path, **extra), cwd=tmp_path, timeout=60, check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_warm(args: list[str], tmp_path: Path, stdin: str = "", **extra: str) -> tuple[
    subprocess.CompletedProcess[str], float
]:
    """`run`, but forked warm (tests/helpers/warm.py): a real process reading and writing
    pipes, without the libraries' import in its time; for what a command does through its
    streams, where the interpreter's own start is not what is tested."""
    started = time.monotonic()
    code, out, err = warm_run(ROOT, args, env(tmp_path, **extra), tmp_path,
                              stdin.encode(), timeout=60)
    result = subprocess.CompletedProcess([sys.executable, "-m", "bot", *args], code,
                                         text_of(out), text_of(err))
    return result, time.monotonic() - started


def text_of(output: bytes) -> str:
    """A stream's bytes read as `subprocess.run(text=True)` reads them."""
    return output.decode().replace("\r\n", "\n").replace("\r", "\n")


_IN_PROCESS = threading.Lock()  # one command at a time: the environment and cwd are global


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def call(args: list[str], tmp_path: Path, stdin: str = "", **extra: str) -> tuple[
    subprocess.CompletedProcess[str], float
]:
    """`python -m bot ARGS` as `run` would run it, but as a call to `bot.__main__.main` here:
    the environment, working directory and standard streams are the process's for the
    duration. Not from a running event loop (the command runs its own): from a thread then."""
    from bot.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with (_IN_PROCESS, _environment(env(tmp_path, **extra)), contextlib.chdir(tmp_path),
          contextlib.redirect_stdout(out), contextlib.redirect_stderr(err)):
        saved_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin)
        # the command sets up logging to the streams of its call: they are put back after,
        # so a later test's log lines never go to a stream of this one's
        root = logging.getLogger()
        saved_logging = root.handlers[:], root.level
        try:
            code = main(args)
        except SystemExit as exc:  # argparse's way out
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdin = saved_stdin
            root.handlers[:], root.level = saved_logging[0], saved_logging[1]
    result = subprocess.CompletedProcess(["python", "-m", "bot", *args], code,
                                         out.getvalue(), err.getvalue())
    return result, time.monotonic() - started


async def spawn(api: LocalBotApi, tmp_path: Path, **extra: str) -> Running:
    """`python -m bot` long-polling `api`, stdout and stderr to a pipe (`.stdout`), started
    warm (tests/helpers/warm.py: forked with the libraries imported). `spawn_fresh` for a
    fresh interpreter, where the process's own start is what is tested."""
    return await warm_start(ROOT, [], env(
        tmp_path, BOT_TOKEN=TOKEN, TELEGRAM_API_URL=f"http://127.0.0.1:{api.port}", **extra,
    ), tmp_path, asyncio.subprocess.PIPE)


async def spawn_fresh(api: LocalBotApi, tmp_path: Path,
                      **extra: str) -> asyncio.subprocess.Process:
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


async def signal_until_gone(process: Running) -> str:
    """SIGTERM every 10 ms until the process has exited (none of them may kill it); its
    output, read meanwhile."""
    gone = asyncio.create_task(process.communicate())
    while not gone.done():
        # os.kill, not send_signal: asyncio's send_signal polls the child first, and reaping
        # it there leaves asyncio's own watcher an «unknown child» (returncode 255)
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGTERM)
        await asyncio.wait({gone}, timeout=0.01)
    output, _ = await gone
    return output.decode()
