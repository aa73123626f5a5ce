"""`python -m bot` processes started warm: forked from a waiting interpreter that has already
imported the bot's libraries (aiogram, aiohttp, pydantic...: about 5 s of CPU in every fresh
interpreter, most of a process test's time). The bot's own packages are imported fresh in
each process, as `python -m bot` does, with its environment, working directory, arguments and
standard streams; each process is the test's own child (the test process is the child
subreaper of the forking interpreter), so it is signalled, killed and waited for as any other.

Run as `python tests/helpers/warm.py FD`: it imports the libraries and then serves requests on
the Unix socket FD: a JSON line (args, env, cwd) with three file descriptors (stdin, stdout,
stderr) attached, answered with the new process's pid. A test process that imports the
libraries itself (every pytest worker) instead forks its forking interpreter from itself before
its first test (`FORKER.start_here`, from tests/conftest.py): the libraries are then imported
once per worker, not twice; the fork is put back as a fresh interpreter would be (streams,
signals, logging, warnings, import hooks, no file descriptor of the test process).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import gc
import importlib
import io
import json
import locale
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
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
        _standard_streams()
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


def _standard_streams() -> None:
    """sys.stdin, stdout and stderr on the descriptors 0, 1 and 2, as `python -u` opens them
    (whatever objects the forking interpreter had there: a test process's are pytest's)."""
    encoding = locale.getpreferredencoding(False)
    sys.stdin = open(0, encoding=encoding, closefd=False)  # noqa: SIM115
    sys.stdout = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding=encoding, write_through=True)
    sys.stderr = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding=encoding, errors="backslashreplace",
        write_through=True)


def _as_if_fresh(channel: socket.socket) -> None:
    """In a fork of a test process about to serve as its forking interpreter: nothing of the
    test process's own is left for the bots forked from here to inherit."""
    import faulthandler

    gc.freeze()  # no object of the test process is finalised here (its descriptors are gone)
    faulthandler.disable()
    keep = channel.fileno()
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd != keep:
            with contextlib.suppress(OSError):
                os.close(fd)
    devnull = os.open(os.devnull, os.O_RDWR)
    for target in (0, 1, 2):
        os.dup2(devnull, target)
    os.close(devnull)
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(number, signal.SIG_IGN if number == signal.SIGPIPE else signal.SIG_DFL)
    for name in list(sys.modules):  # the bot's own packages are imported fresh in each bot
        if name.partition(".")[0] in {"bot", "handlers", "storage", "tests"}:
            del sys.modules[name]
    sys.meta_path[:] = [finder for finder in sys.meta_path
                        if not type(finder).__module__.startswith("_pytest")]
    warnings.resetwarnings()  # the interpreter's own defaults
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning,
                     ResourceWarning):
        warnings.simplefilter("ignore", category, append=True)
    root = logging.getLogger()
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    logging.disable(logging.NOTSET)


def serve(channel: socket.socket) -> None:
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
        self.forked: int | None = None  # the pid, when forked from this process
        self.channel: socket.socket | None = None

    def start_here(self) -> None:
        """The forking interpreter as a fork of this process, once this process has imported
        the libraries. Only while it runs no event loop and no thread of its own (before
        the first test)."""
        with self.lock:
            if self.channel is not None:
                return
            for name in LIBRARIES:
                importlib.import_module(name)
            _become_subreaper()
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            pid = os.fork()
            if pid == 0:
                try:
                    ours.close()
                    _as_if_fresh(theirs)
                    serve(theirs)
                finally:
                    os._exit(0)
            theirs.close()
            assert ours.recv(6) == b"ready\n", "the forking interpreter did not start"
            atexit.register(self.stop)
            self.forked, self.channel = pid, ours

    def start(self, root: Path, env: dict[str, str]) -> socket.socket:
        with self.lock:
            return self._start(root, env)

    def _start(self, root: Path, env: dict[str, str]) -> socket.socket:
        if self.channel is not None:
            return self.channel
        _become_subreaper()
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
        if self.forked is not None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.forked, signal.SIGKILL)
                os.waitpid(self.forked, 0)


def _become_subreaper() -> None:
    """The bots forked for this process become its children (their forking parent exits)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


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
