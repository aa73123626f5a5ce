"""`python -m bot` processes started warm: forked from a waiting interpreter that has already
imported the bot's libraries (aiogram, aiohttp, pydantic...: about 5 s of CPU in every fresh
interpreter, most of a process test's time). The bot's own packages are imported fresh in
each process, as `python -m bot` does, with its environment, working directory, arguments and
standard streams; each process is the test's own child (the test process is the child
subreaper of the forking interpreter), so it is signalled, killed and waited for as any other.

Run as `python tests/helpers/warm.py FD`: it imports the libraries and then serves requests on
the Unix socket FD: a JSON line (args, env, cwd) with three file descriptors (stdin, stdout,
stderr) attached, answered with the new process's pid.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Protocol

PR_SET_CHILD_SUBREAPER = 36
LIBRARIES = ("aiogram", "aiogram.types", "aiogram.methods", "aiogram.client.session.aiohttp",
             "aiogram.fsm.storage.base", "aiohttp", "aiohttp.web", "aiosqlite", "apscheduler",
             "apscheduler.schedulers.asyncio", "apscheduler.triggers.cron", "babel",
             "babel.dates", "fluent.runtime", "pydantic", "pydantic_settings", "aiolimiter",
             "icalendar", "prometheus_client")


class Running(Protocol):
    """What the tests use of a running `python -m bot`: asyncio's Process, or a warm one."""

    @property
    def pid(self) -> int: ...
    @property
    def returncode(self) -> int | None: ...
    @property
    def stdout(self) -> asyncio.StreamReader | None: ...
    def send_signal(self, sig: int) -> None: ...
    def kill(self) -> None: ...
    async def wait(self) -> int: ...
    async def communicate(self) -> tuple[bytes, bytes]: ...


# ---- the forking interpreter ---------------------------------------------------------------


def _child(args: list[str], env: dict[str, str], cwd: str, fds: list[int]) -> None:
    """In the new process: become `python -m bot ARGS`. Never returns."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.path.insert(0, cwd)  # as `python -m` puts the working directory first
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        import runpy

        sys.argv = ["-m", *args]
        runpy.run_module("bot", run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os._exit(code)


def serve(channel: socket.socket) -> None:
    import importlib

    for name in LIBRARIES:
        importlib.import_module(name)
    channel.sendall(b"ready\n")
    while True:
        message, fds, _, _ = socket.recv_fds(channel, 1 << 20, 3)
        if not message:
            return
        request = json.loads(message)
        reader, writer = os.pipe()
        middle = os.fork()
        if middle == 0:  # forks the bot and leaves it to the subreaper
            os.close(reader)
            channel.close()
            pid = os.fork()
            if pid == 0:
                os.close(writer)
                _child(request["args"], request["env"], request["cwd"], fds)
            os.write(writer, f"{pid}\n".encode())
            os._exit(0)
        os.close(writer)
        for fd in fds:
            os.close(fd)
        with os.fdopen(reader, "rb") as answer:
            pid_line = answer.readline()
        os.waitpid(middle, 0)
        channel.sendall(pid_line)


# ---- the test's side -----------------------------------------------------------------------


class _Forker:
    """The forking interpreter of this test process, started on first use."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.channel: socket.socket | None = None

    def start(self, root: Path, env: dict[str, str]) -> socket.socket:
        with self.lock:
            return self._start(root, env)

    def _start(self, root: Path, env: dict[str, str]) -> socket.socket:
        if self.channel is not None:
            return self.channel
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # as a script, not `-m tests.helpers.warm`: the tests package imports the bot
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(theirs.fileno())],
            pass_fds=[theirs.fileno()], cwd=root, env=env, stdin=subprocess.DEVNULL,
        )
        theirs.close()
        assert ours.recv(6) == b"ready\n", "the forking interpreter did not start"
        atexit.register(self.stop)
        self.channel = ours
        return ours

    def fork(self, root: Path, args: list[str], env: dict[str, str], cwd: Path,
             fds: list[int]) -> int:
        with self.lock:
            channel = self._start(root, env)
            request = json.dumps({"args": args, "env": env, "cwd": str(cwd)}).encode()
            socket.send_fds(channel, [request], fds)
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = channel.recv(64)
                if not chunk:
                    raise RuntimeError("the forking interpreter stopped")
                answer += chunk
            return int(answer)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()


FORKER = _Forker()


def settle(future: asyncio.Future[int], value: int) -> None:
    if not future.done():
        future.set_result(value)


class WarmProcess:
    """A forked `python -m bot`, used as asyncio's Process is."""

    def __init__(self, pid: int, stdout: asyncio.StreamReader | None) -> None:
        self.pid = pid
        self.stdout = stdout
        self.returncode: int | None = None
        self._waiting: asyncio.Future[int] | None = None

    def send_signal(self, sig: int) -> None:
        if self.returncode is not None:
            raise ProcessLookupError(self.pid)
        os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    async def wait(self) -> int:
        if self.returncode is not None:
            return self.returncode
        if self._waiting is None:
            loop = asyncio.get_running_loop()
            waiting: asyncio.Future[int] = loop.create_future()

            def reap() -> None:  # a daemon thread: a process never reaped holds no exit up
                _, status = os.waitpid(self.pid, 0)
                code = os.waitstatus_to_exitcode(status)
                with contextlib.suppress(RuntimeError):  # the loop is gone
                    loop.call_soon_threadsafe(
                        settle, waiting, code)

            threading.Thread(target=reap, daemon=True).start()
            self._waiting = waiting
        self.returncode = await asyncio.shield(self._waiting)
        return self.returncode

    async def communicate(self) -> tuple[bytes, bytes]:
        output = await self.stdout.read() if self.stdout is not None else b""
        await self.wait()
        return output, b""


async def warm_up(root: Path, env: dict[str, str]) -> None:
    """Start the forking interpreter now, so that its own start is not counted against a
    deadline the test sets before starting a bot."""
    await asyncio.to_thread(FORKER.start, root, env)


async def start(root: Path, args: list[str], env: dict[str, str], cwd: Path,
                stdout: IO[bytes] | int | None = None) -> WarmProcess:
    """`python -m bot ARGS`, warm: stdin from /dev/null; stdout and stderr both to `stdout`
    (an open file), or to a pipe read as `.stdout` when it is asyncio.subprocess.PIPE."""
    loop = asyncio.get_running_loop()
    reader: asyncio.StreamReader | None = None
    devnull = os.open(os.devnull, os.O_RDONLY)
    opened: list[int] = [devnull]
    try:
        if stdout == asyncio.subprocess.PIPE:
            read_end, write_end = os.pipe()
            opened.append(write_end)
            reader = asyncio.StreamReader()
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                         os.fdopen(read_end, "rb", 0))
            out = write_end
        else:
            assert stdout is not None and not isinstance(stdout, int)
            out = stdout.fileno()
        pid = await asyncio.to_thread(FORKER.fork, root, args, env, cwd,
                                      [devnull, out, out])
    finally:
        for fd in opened:
            os.close(fd)
    return WarmProcess(pid, reader)


def run(root: Path, args: list[str], env: dict[str, str], cwd: Path, stdin: bytes,
        timeout: float) -> tuple[int, bytes, bytes]:
    """`python -m bot ARGS`, warm, to its end, as subprocess.run would run it: `stdin` written
    to a pipe, stdout and stderr read from two; its exit code and both outputs. Killed after
    `timeout` seconds (subprocess.TimeoutExpired)."""
    in_read, in_write = os.pipe()
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    try:
        pid = FORKER.fork(root, args, env, cwd, [in_read, out_write, err_write])
    except BaseException:
        for fd in (in_write, out_read, err_read):
            os.close(fd)
        raise
    finally:
        for fd in (in_read, out_write, err_write):
            os.close(fd)
    output: dict[int, bytes] = {}

    def read(fd: int) -> None:
        with os.fdopen(fd, "rb") as stream:
            output[fd] = stream.read()

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), os.fdopen(in_write, "wb") as stream:
            stream.write(stdin)

    readers = [threading.Thread(target=read, args=(fd,), daemon=True)
               for fd in (out_read, err_read)]
    for thread in (*readers, threading.Thread(target=write, daemon=True)):
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in readers:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(thread.is_alive() for thread in readers):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise subprocess.TimeoutExpired(["python", "-m", "bot", *args], timeout)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output[out_read], output[err_read]


def _main() -> None:
    sys.path.pop(0)  # this folder: not where the bot's modules come from
    channel = socket.socket(fileno=int(sys.argv[1]))
    serve(channel)


if __name__ == "__main__":
    _main()
