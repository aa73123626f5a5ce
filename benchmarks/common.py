"""What the benchmarks share, so that each holds only its own workload and figures:

- our bot in one process: `OurBot` (settings, catalogue, texts, a fresh database; the real
  dispatcher from `assemble` in a `Harness`, which feeds prebuilt updates and times them into
  `Sample`s), and the bare aiogram twin (benchmarks/bare_bot.py) in the same harness;
- seeding: `population`, `fill_users`, `insert_pupils`, `insert_families`;
- our bot and the bare one as processes against a LocalBotApi (`child_env`, `first_poll`,
  `stop_process`, `kill_leftovers`), a broadcast written into the running bot's database and
  counted as it arrives (`create_broadcast`, `Delivered`);
- timing and printing: `table`, `verdict`, `peak_rss_mb`, `profile_text`.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import gc
import io
import os
import pstats
import resource
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import psutil
from aiogram import Bot, Dispatcher
from aiogram.types import InlineKeyboardMarkup, Update

from benchmarks.bare_bot import router as bare_router
from bot.app import bot_defaults, open_database
from bot.dispatcher import Repos, Services, assemble
from bot.i18n import Texts
from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.broadcast_compose import new_broadcast
from bot.services.catalogue import Catalogue, load_catalogue
from bot.settings import DEFAULT_CATALOGUE, ENV_NAMES, Settings
from storage.audience import Audience
from storage.clock import to_db, utcnow
from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
DB_USERS = 100_000
FIRST_USER_ID = 10_000_001
MB = 1024 * 1024
# the bare bot's rounds (messages and presses per person) in a full and a quick run
BARE_ROUNDS, BARE_ROUNDS_QUICK = 5, 3
SEND, EDIT, ANSWER = "sendMessage", "editMessageText", "answerCallbackQuery"

START_TOKEN = "123456:TESTtokenForStartupBenchmark"
FIRST_POLL_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0
OURS_ARGV = [sys.executable, "-m", "bot"]
BARE_ARGV = [sys.executable, str(ROOT / "benchmarks" / "bare_bot.py")]
BROADCAST_RATE = 1000.0  # SEND_RATE of our bot run as a process, msg/s
BROADCAST_AUTHOR = 9001
BROADCAST_TEXT = "Дни открытых дверей в <b>Кванториуме</b>: суббота, 10:00–16:00. Приходите!"


# ---- one process: the harness -----------------------------------------------------------


class TimedEmulator(Emulator):
    """The emulator, timing its own share of the work and counting calls and errors."""

    def __init__(self) -> None:
        super().__init__()
        self.record = False
        self.seconds = 0.0
        self.calls_by_method: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()

    def call(self, method: str, params: dict[str, Any]) -> Any:
        started = time.perf_counter()
        self.calls_by_method[method] += 1
        try:
            return super().call(method, params)
        except ApiError as exc:
            self.errors[f"{method}: {exc.description[:60]}"] += 1
            raise
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Sample:
    updates: int = 0
    seconds: float = 0.0
    emulator_seconds: float = 0.0
    calls: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    chunk_rates: list[float] = field(default_factory=list)

    def __iadd__(self, other: Sample) -> Sample:
        self.updates += other.updates
        self.seconds += other.seconds
        self.emulator_seconds += other.emulator_seconds
        self.calls += other.calls
        self.errors += other.errors
        self.chunk_rates += other.chunk_rates
        return self

    def as_chunk(self) -> Sample:
        """Count everything so far as one chunk."""
        self.chunk_rates = [self.updates / self.seconds] if self.seconds else []
        return self

    @property
    def rate(self) -> float:
        """The median of the chunks' rates: a moment of load elsewhere on the machine moves
        it less than it moves the overall rate."""
        if self.chunk_rates:
            return statistics.median(self.chunk_rates)
        return self.updates / self.seconds if self.seconds else 0.0

    @property
    def emulator_share(self) -> float:
        return self.emulator_seconds / self.seconds if self.seconds else 0.0


@dataclass
class Harness:
    dp: Dispatcher
    bot: Bot
    emulator: TimedEmulator

    @classmethod
    def create(cls, make_dispatcher: Callable[[Bot], Dispatcher]) -> Harness:
        emulator = TimedEmulator()
        bot = Bot(DEMO_TOKEN, session=LocalSession(emulator), default=bot_defaults())
        return cls(dp=make_dispatcher(bot), bot=bot, emulator=emulator)

    def _parse(self, raw: dict[str, Any]) -> Update:
        return Update.model_validate(raw, context={"bot": self.bot})

    def message(self, user_id: int, text: str) -> Update:
        return self._parse(self.emulator.message_update(user_id, text))

    def press(self, user_id: int, message_id: int, data: str) -> Update:
        return self._parse(self.emulator.callback_update(user_id, message_id, data))

    def newest_bot_message(self, user_id: int) -> int:
        """The id of the bot's newest message in the chat (normally its reply to the user's
        latest update: the checks report it when that reply is missing)."""
        for message_id in range(self.emulator.chats[user_id].next_id - 1, 0, -1):
            message = self.emulator.messages.get((user_id, message_id))
            if message is not None and message["from"] is self.emulator.me:
                return message_id
        raise RuntimeError(f"user {user_id}: the bot has sent nothing")

    async def feed(self, updates: Sequence[Update]) -> Sample:
        """Feed the updates one after another; time only that."""
        emulator = self.emulator
        calls, errors = Counter(emulator.calls_by_method), Counter(emulator.errors)
        emulator_before = emulator.seconds
        gc.collect()
        started = time.perf_counter()
        for update in updates:
            await self.dp.feed_update(self.bot, update)
        elapsed = time.perf_counter() - started
        return Sample(
            updates=len(updates), seconds=elapsed,
            emulator_seconds=emulator.seconds - emulator_before,
            calls=emulator.calls_by_method - calls, errors=emulator.errors - errors,
        ).as_chunk()

    async def close(self) -> None:
        await self.bot.session.close()


@dataclass(frozen=True)
class Person:
    id: int
    language: str
    first_name: str


def population(count: int) -> list[Person]:
    return [
        Person(FIRST_USER_ID + index, "en" if index % 4 == 0 else "ru", f"User{index}")
        for index in range(count)
    ]


async def fill_users(db: Database, people: Sequence[Person]) -> None:
    """Insert users who have started the bot before, in one transaction."""
    now = utcnow()
    rows = [
        (
            person.id, person.language, "parent" if index % 3 == 0 else "pupil",
            person.first_name, to_db(now - timedelta(days=1 + index % 700, seconds=index)),
            to_db(now - timedelta(minutes=index % 10_000)),
        )
        for index, person in enumerate(people)
    ]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (id, language, family_role, first_name, first_seen, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


def add_people(h: Harness, people: Sequence[Person]) -> None:
    """Make the people known to the emulated Bot API (their chats with the bot)."""
    for person in people:
        h.emulator.add_user(person.id, person.first_name, person.language)


async def bare_throughput(
    rounds: int, people: Sequence[Person], markup: InlineKeyboardMarkup | None = None
) -> tuple[Sample, Sample]:
    """The bare aiogram twin (benchmarks/bare_bot.py) in the same harness: `rounds` messages
    echoed per person, and `rounds` presses answered and edited with `markup` (none: a plain
    edit)."""
    def bare_dispatcher(bot: Bot) -> Dispatcher:
        dp = Dispatcher()
        dp.include_router(bare_router(markup))
        return dp

    h = Harness.create(bare_dispatcher)
    try:
        ids = [p.id for p in people]
        for person in people:
            h.emulator.add_user(person.id, person.first_name, person.language)
        # warm-up: a message and a press from everyone
        await h.feed([h.message(u, f"hello {u}") for u in ids])
        await h.feed([h.press(u, h.newest_bot_message(u), "warm") for u in ids])

        echo, press = Sample(), Sample()
        for r in range(rounds):
            echo += await h.feed([h.message(u, f"hello {r}") for u in ids])
        targets = {u: h.newest_bot_message(u) for u in ids}
        for r in range(rounds):
            press += await h.feed([h.press(u, targets[u], f"b:{r}") for u in ids])
    finally:
        await h.close()
    return echo, press


@dataclass
class OurBot:
    """Our bot over a fresh database: what `assemble` needs, opened once per benchmark run."""

    settings: Settings
    catalogue: Catalogue
    texts: Texts
    db: Database
    built: list[tuple[Repos, Services]] = field(default_factory=list)

    @classmethod
    async def open(cls, database: Path, **settings: Any) -> OurBot:
        """Settings for a database at `database` (no admins, the sample catalogue, what
        `settings` overrides), and that database opened with its migrations."""
        chosen = Settings(_env_file=None, database_path=database,
                          catalogue_path=DEFAULT_CATALOGUE, admin_ids=frozenset(), **settings)
        catalogue = load_catalogue(chosen.catalogue_path)
        return cls(chosen, catalogue, Texts(), await open_database(chosen, catalogue))

    def harness(self, people: Sequence[Person] = ()) -> Harness:
        """Our dispatcher in the harness, `people` known to its Bot API; the repositories and
        services it was assembled with are in `built`."""
        def ours(bot: Bot) -> Dispatcher:
            dp, repos, services = assemble(bot, self.db, self.settings, self.catalogue,
                                           self.texts)
            self.built.append((repos, services))
            return dp

        h = Harness.create(ours)
        add_people(h, people)
        return h

    async def close(self) -> None:
        await self.db.close()


# ---- seeding ----------------------------------------------------------------------------


async def insert_pupils(db: Database, pupils: Sequence[int], stamp: str
                        ) -> list[tuple[int, str, str]]:
    """The pupils `pupils` and the broadcasts' author (staff), first seen at `stamp`.
    Returns (id, first name, language) of each."""
    people = [(uid, f"Pupil {index}", "en" if index % 4 == 0 else "ru")
              for index, uid in enumerate(pupils)]
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (id, language, family_role, staff_role, first_name,"
            " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(uid, lang, "pupil", None, name, stamp, stamp) for uid, name, lang in people]
            + [(BROADCAST_AUTHOR, "ru", None, "staff", "Author", stamp, stamp)],
        )
    return [*people, (BROADCAST_AUTHOR, "Author", "ru")]


# what each list of `Families` holds, in the order they are inserted (foreign keys)
FAMILY_COLUMNS = {
    "users": "users (id, language, family_role, first_name, first_seen, last_seen)",
    "staff": "users (id, language, staff_role, first_name, first_seen, last_seen)",
    "families": "families (id, invite_code, phone, created_at)",
    "children": "children (id, family_id, name, birth_date, school, grade, user_id, created_at)",
    "members": "family_members (family_id, user_id, relation, child_id, joined_at)",
    "consents": "consents (family_id, child_id, given_by, text_version, photo, given_at)",
    "enrolments": "enrolments (child_id, group_id, status, queued_at, offer_until, reason,"
                  " created_by, created_at, updated_at)",
}


@dataclass
class Families:
    """Rows for `insert_families` (their columns in FAMILY_COLUMNS), each benchmark shaping
    its own families."""

    users: list[tuple[Any, ...]] = field(default_factory=list)
    staff: list[tuple[Any, ...]] = field(default_factory=list)
    families: list[tuple[Any, ...]] = field(default_factory=list)
    children: list[tuple[Any, ...]] = field(default_factory=list)
    members: list[tuple[Any, ...]] = field(default_factory=list)
    consents: list[tuple[Any, ...]] = field(default_factory=list)
    enrolments: list[tuple[Any, ...]] = field(default_factory=list)


async def insert_families(db: Database, rows: Families) -> None:
    """The families' rows in one transaction, inserted in bulk."""
    async with db.transaction() as conn:
        for name, target in FAMILY_COLUMNS.items():
            marks = ", ".join("?" * (target.count(",") + 1))
            await conn.executemany(f"INSERT INTO {target} VALUES ({marks})",  # noqa: S608
                                   getattr(rows, name))


# ---- our bot and the bare one as processes ----------------------------------------------


_children: dict[int, asyncio.subprocess.Process] = {}


def remember_child(process: asyncio.subprocess.Process) -> None:
    """A bot process started: `kill_leftovers` ends it should it not be waited for."""
    _children[process.pid] = process


def child_env(api_url: str, database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.upper() not in ENV_NAMES.values()}
    env.update(BOT_TOKEN=START_TOKEN, TELEGRAM_API_URL=api_url, DATABASE_PATH=str(database),
               SEND_RATE=f"{BROADCAST_RATE:g}")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    return env


async def stop_process(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, wait; SIGKILL if it is still there after STOP_TIMEOUT."""
    try:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
    finally:
        if process.returncode is not None:
            _children.pop(process.pid, None)


def kill_leftovers() -> None:
    """Last resort, outside the event loop: kill any child that was not waited for."""
    for pid in list(_children):
        with contextlib.suppress(psutil.Error, OSError):
            if psutil.Process(pid).ppid() == os.getpid():
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        _children.pop(pid, None)


async def first_poll(api: LocalBotApi, process: asyncio.subprocess.Process) -> float:
    deadline = time.monotonic() + FIRST_POLL_TIMEOUT
    while api.first_get_updates is None:
        if process.returncode is not None:
            raise RuntimeError(f"exited with code {process.returncode} before polling")
        if time.monotonic() > deadline:
            raise TimeoutError(f"no getUpdates within {FIRST_POLL_TIMEOUT:.0f} s")
        await asyncio.sleep(0.01)
    return api.first_get_updates


class Delivered:
    """An emulator hook that only counts the broadcast's messages as they reach the API."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.count = 0

    def __call__(self, method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and params.get("text") == self.text:
            self.count += 1


async def seed_recipients(database: Path, pupils: int) -> list[tuple[int, str, str]]:
    """Write `pupils` pupils and the broadcast's author (staff) into a new database, before
    the bot starts on it. Returns (id, first name, language) of each."""
    db = await Database.open(database)
    try:
        return await insert_pupils(db, range(FIRST_USER_ID, FIRST_USER_ID + pupils),
                                   to_db(utcnow()))
    finally:
        await db.close()


async def create_broadcast(database: Path) -> int:
    """A broadcast to everyone, written into the running bot's database as its /broadcast
    would; the bot's sender finds it on its next tick. Returns the number of recipients."""
    db = await Database.open(database)
    try:
        broadcast = await new_broadcast(db, BROADCAST_AUTHOR, BROADCAST_TEXT, None, Audience())
    finally:
        await db.close()
    return broadcast.total


# ---- printing ---------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], left: Sequence[int] = (0,)
          ) -> str:
    """Columns `left` left-aligned (the first, unless told), the rest right-aligned."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.ljust(widths[i]) if i in left else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  " + "  ".join(parts).rstrip()

    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "BELOW"


def idle_share(profile: pstats.Stats) -> tuple[float, float]:
    """Seconds the event loop sat in epoll/select waiting, and the profiled total."""
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = getattr(profile, "stats", {})
    idle = sum(
        value[2] for (_, _, name), value in entries.items()
        if name.startswith(("<method 'poll' of 'select.", "<method 'select' of 'select."))
        or name == "<built-in method select.select>"
    )
    return idle, float(getattr(profile, "total_tt", 0.0))


def profile_text(profiler: cProfile.Profile, lines: int) -> str:
    """The profile's top `lines` by cumulative and by own time, and how long the loop idled."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    idle, total = idle_share(stats)
    if total:
        out.write(f"  the event loop waited in the selector (idle) {idle:.2f} s of the "
                  f"{total:.2f} s profiled ({idle / total:.0%})\n\n")
    out.write(f"top {lines} by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(lines)
    out.write(f"top {lines} by own time\n")
    stats.sort_stats("tottime").print_stats(lines)
    return out.getvalue()


def peak_rss_mb() -> float:
    """This process's peak RSS so far, MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # kilobytes on Linux, bytes on macOS
    return peak / MB if sys.platform == "darwin" else peak * 1024 / MB
