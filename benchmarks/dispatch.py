"""How fast the bot handles updates, how fast it starts and how much memory it holds, each
next to a bare aiogram bot.

    .venv/bin/python benchmarks/dispatch.py [--quick]

1. Updates per second in one process: `Dispatcher.feed_update` with the Bot on a LocalSession
   (the emulated Bot API, no network), Update objects built beforehand.
   (a) the bare bot of benchmarks/bare_bot.py: echo a message; answer a press and edit it with
       the very inline keyboard of our catalogue's first page (ten buttons, built once), so
       the press is compared with browsing on equal terms;
   (b) our dispatcher on a real SQLite database holding 100 000 users: /start, catalogue
       browsing (page → card → page) and the quiz (/quiz and its six answers);
   (c) the same /start over HTTP, long polling against the webhook (benchmarks/transport.py):
       our dispatcher and Bot, a LocalBotApi and the bot's webhook server in this process,
       every update and every reply through a real socket.
2. Start-up: from process start to the first getUpdates of `python -m bot` and of bare_bot.py,
   each long-polling its own LocalBotApi on 127.0.0.1.
3. Memory, read with psutil from each bot's own process: the idle RSS of both, a few seconds
   after the first getUpdates; then, in our bot, a broadcast to every user of its database
   (written there by this script while the bot runs) at SEND_RATE, its RSS sampled until the
   last message has arrived. benchmarks/broadcast.py prints the same check.

Only figures are printed; nothing is asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import gc
import os
import platform
import random
import signal
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiogram
import psutil
from aiogram import Bot, Dispatcher
from aiogram.types import InlineKeyboardMarkup, Update

from benchmarks.bare_bot import router as bare_router
from benchmarks.transport import report as report_transport
from benchmarks.transport import transport
from bot.app import bot_defaults, open_database
from bot.dispatcher import assemble
from bot.i18n import Texts, voice
from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services import quiz as quiz_logic
from bot.services.broadcast_compose import new_broadcast
from bot.services.catalogue import Catalogue, load_catalogue
from bot.settings import DEFAULT_CATALOGUE, ENV_NAMES, Settings
from bot.ui.callbacks import CataloguePage, QuantumCard, QuizAnswer
from handlers.quanta import PAGE_SIZE, catalogue_screen, pages
from storage.audience import Audience
from storage.clock import to_db, utcnow
from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
DB_USERS = 100_000
FIRST_USER_ID = 10_000_001
START_TOKEN = "123456:TESTtokenForStartupBenchmark"
FIRST_POLL_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0
MB = 1024 * 1024
GROUPS = 3  # one-off workloads (first /start, quiz) are timed in this many groups of users

BROWSE_FLOOR = 0.5  # browsing ≥ this × the bare bot's press rate (same keyboard)
START_FLOOR = 1.3  # our start-up ≤ this × the bare bot's
IDLE_FLOOR_MB = 30.0  # our idle RSS ≤ the bare bot's idle RSS + this
PEAK_FLOOR_MB = 60.0  # our peak RSS during a broadcast ≤ the bare bot's idle RSS + this

BROADCAST_RATE = 1000.0  # SEND_RATE of our bot for the memory check, msg/s
BROADCAST_AUTHOR = 9001
BROADCAST_TEXT = "Дни открытых дверей в <b>Кванториуме</b>: суббота, 10:00–16:00. Приходите!"
RSS_SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Plan:
    pool: int  # distinct users sending updates
    bare_rounds: int  # messages (and presses) per pool user, bare bot
    start_rounds: int  # warm /start per pool user
    browse_rounds: int  # page → card → page per pool user
    quiz_rounds: int  # full quizzes per pool user
    launches: int  # start-up runs of each bot
    idle_seconds: float  # wait after the first getUpdates before reading RSS
    recipients: int  # pupils in our bot's broadcast (the author is one more recipient)


FULL = Plan(pool=1000, bare_rounds=5, start_rounds=5, browse_rounds=3, quiz_rounds=1,
            launches=3, idle_seconds=3.0, recipients=10_000)
QUICK = Plan(pool=300, bare_rounds=3, start_rounds=3, browse_rounds=2, quiz_rounds=1,
             launches=2, idle_seconds=3.0, recipients=2000)


# ---- throughput -------------------------------------------------------------------------


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


@dataclass
class Throughput:
    bare_echo: Sample = field(default_factory=Sample)
    bare_press: Sample = field(default_factory=Sample)
    cold_start: Sample = field(default_factory=Sample)
    start: Sample = field(default_factory=Sample)
    browse: Sample = field(default_factory=Sample)
    quiz: Sample = field(default_factory=Sample)
    fill_seconds: float = 0.0
    quiz_saved: int = 0
    quiz_expected: int = 0
    keyboard: str = ""  # the bare press's keyboard


def catalogue_keyboard(catalogue: Catalogue, texts: Texts) -> InlineKeyboardMarkup:
    """The inline keyboard of our catalogue's first page, exactly as our bot sends it."""
    _, markup = catalogue_screen(texts.bind("ru", you=voice("pupil")), catalogue, 0)
    assert markup is not None
    return markup


def keyboard_shape(markup: InlineKeyboardMarkup) -> str:
    sizes = [len(row) for row in markup.inline_keyboard]
    return f"{sum(sizes)} buttons in rows of {'+'.join(map(str, sizes))}"


async def bare_throughput(
    plan: Plan, people: Sequence[Person], markup: InlineKeyboardMarkup | None = None
) -> tuple[Sample, Sample]:
    """The bare echo, and the bare press editing with `markup` (none: a plain edit)."""
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
        for r in range(plan.bare_rounds):
            echo += await h.feed([h.message(u, f"hello {r}") for u in ids])
        targets = {u: h.newest_bot_message(u) for u in ids}
        for r in range(plan.bare_rounds):
            press += await h.feed([h.press(u, targets[u], f"b:{r}") for u in ids])
    finally:
        await h.close()
    return echo, press


def browse_updates(
    h: Harness, catalogue: Catalogue, ids: Sequence[int], targets: dict[int, int],
    rounds: range,
) -> list[Update]:
    """Each round: open a catalogue page, a quantum card on it, back to the page.
    Pages alternate from round to round, so every press changes the message."""
    total = pages(catalogue)
    updates: list[Update] = []
    for r in rounds:
        page = r % total
        chunk = catalogue.quanta[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        page_data = CataloguePage(page=page).pack()
        for step in range(3):
            for index, user_id in enumerate(ids):
                if step == 1:
                    code = chunk[(index + r) % len(chunk)].code
                    data = QuantumCard(code=code, back=f"c{page}").pack()
                else:
                    data = page_data
                updates.append(h.press(user_id, targets[user_id], data))
    return updates


def quiz_choice(index: int, step: int) -> int:
    if step < len(quiz_logic.QUESTIONS):
        return (index + step) % len(quiz_logic.QUESTIONS[step].answers)
    # the age question: a band, or skipped (-1)
    return index % (len(quiz_logic.AGE_BANDS) + 1) - 1


def groups(ids: Sequence[int], count: int) -> list[Sequence[int]]:
    return [ids[i::count] for i in range(count) if ids[i::count]]


async def clear_quiz_results(db: Database) -> None:
    """Without a stored result /quiz starts the questions (with one it offers the result)."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM quiz_results")


async def quiz_round(h: Harness, ids: Sequence[int]) -> Sample:
    """/quiz, then the six answers, for every user."""
    sample = await h.feed([h.message(u, "/quiz") for u in ids])
    targets = {u: h.newest_bot_message(u) for u in ids}
    answers = [
        h.press(u, targets[u], QuizAnswer(step=step, answer=quiz_choice(i, step)).pack())
        for step in range(quiz_logic.TOTAL_STEPS)
        for i, u in enumerate(ids)
    ]
    sample += await h.feed(answers)
    return sample.as_chunk()


async def our_throughput(
    plan: Plan, everyone: Sequence[Person], people: Sequence[Person], directory: Path,
    result: Throughput,
) -> None:
    settings = Settings(
        _env_file=None, database_path=directory / "bench.sqlite3",
        catalogue_path=DEFAULT_CATALOGUE, admin_ids=frozenset(),
    )
    catalogue = load_catalogue(settings.catalogue_path)
    texts = Texts()
    db = await open_database(settings, catalogue)
    try:
        started = time.perf_counter()
        await fill_users(db, everyone)
        result.fill_seconds = time.perf_counter() - started

        per_user = 2 + plan.start_rounds + 3 * (1 + plan.browse_rounds) + 7 * (
            1 + plan.quiz_rounds
        )
        limit = settings.user_updates_per_minute
        if 0 < limit < per_user:
            print(f"  note: {per_user} updates per user exceed the flood limit of {limit}; "
                  "some will be throttled")

        def our_dispatcher(bot: Bot) -> Dispatcher:
            return assemble(bot, db, settings, catalogue, texts)[0]

        h = Harness.create(our_dispatcher)
        ids = [p.id for p in people]
        for person in people:
            h.emulator.add_user(person.id, person.first_name, person.language)

        # Each user's first update reads their row (and their empty FSM state) from SQLite.
        for group in groups(ids, GROUPS):
            result.cold_start += await h.feed([h.message(u, "/start") for u in group])
        await h.feed([h.message(u, "/start") for u in ids])  # warm-up
        for _ in range(plan.start_rounds):
            result.start += await h.feed([h.message(u, "/start") for u in ids])

        # Browsing edits the menu message of the last /start.
        targets = {u: h.newest_bot_message(u) for u in ids}
        await h.feed(browse_updates(h, catalogue, ids, targets, range(1)))  # warm-up
        for r in range(1, 1 + plan.browse_rounds):
            result.browse += await h.feed(
                browse_updates(h, catalogue, ids, targets, range(r, r + 1))
            )

        await quiz_round(h, ids[: max(1, len(ids) // 10)])  # warm-up
        for _ in range(plan.quiz_rounds):
            await clear_quiz_results(db)
            for group in groups(ids, GROUPS):
                result.quiz += await quiz_round(h, group)
        result.quiz_saved = int(await db.fetchval("SELECT count(*) FROM quiz_results"))
        result.quiz_expected = len(ids)
        await h.close()
    finally:
        await db.close()


async def throughput(plan: Plan) -> Throughput:
    everyone = population(DB_USERS)
    people = random.Random(20_240_901).sample(everyone, plan.pool)
    result = Throughput()
    markup = catalogue_keyboard(load_catalogue(DEFAULT_CATALOGUE), Texts())
    result.keyboard = keyboard_shape(markup)
    result.bare_echo, result.bare_press = await bare_throughput(plan, people, markup)
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as tmp:
        await our_throughput(plan, everyone, people, Path(tmp), result)
    return result


# ---- start-up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    seconds: float  # process start → first getUpdates
    rss_mb: float  # idle, a few seconds after that
    peak_mb: float = 0.0  # the highest RSS sampled during the broadcast that followed, if any
    hwm_mb: float = 0.0  # the kernel's high-water mark of RSS (VmHWM) at the broadcast's end
    broadcast_seconds: float = 0.0  # from creating the broadcast to its last message
    delivered: int = 0  # broadcast messages that reached the API


_children: dict[int, asyncio.subprocess.Process] = {}


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
    stamp = to_db(utcnow())
    people = [
        (FIRST_USER_ID + index, f"Pupil {index}", "en" if index % 4 == 0 else "ru")
        for index in range(pupils)
    ]
    db = await Database.open(database)
    try:
        async with db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO users (id, language, family_role, staff_role, first_name,"
                " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(uid, lang, "pupil", None, name, stamp, stamp) for uid, name, lang in people]
                + [(BROADCAST_AUTHOR, "ru", None, "staff", "Author", stamp, stamp)],
            )
    finally:
        await db.close()
    return [*people, (BROADCAST_AUTHOR, "Author", "ru")]


async def create_broadcast(database: Path) -> int:
    """A broadcast to everyone, written into the running bot's database as its /broadcast
    would; the bot's sender finds it on its next tick. Returns the number of recipients."""
    db = await Database.open(database)
    try:
        broadcast = await new_broadcast(db, BROADCAST_AUTHOR, BROADCAST_TEXT, None, Audience())
    finally:
        await db.close()
    return broadcast.total


def high_water_mb(pid: int) -> float:
    """VmHWM of a Linux process: its highest RSS so far (0 where /proc has none)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / MB
    return 0.0


async def broadcast_peak(
    process: asyncio.subprocess.Process, api: LocalBotApi, database: Path
) -> tuple[float, float, float, int]:
    """Create the broadcast and sample the bot's RSS until its last message has arrived:
    (peak MB, VmHWM MB, seconds, messages delivered)."""
    delivered = Delivered(BROADCAST_TEXT)
    api.emulator.failures.append(delivered)
    watched = psutil.Process(process.pid)
    started = time.monotonic()
    total = await create_broadcast(database)
    deadline = started + 3.0 * total / BROADCAST_RATE + 60.0
    peak = 0.0
    while True:
        peak = max(peak, float(watched.memory_info().rss) / MB)
        if delivered.count >= total:
            break
        if process.returncode is not None:
            raise RuntimeError(f"exited with code {process.returncode} during the broadcast")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{delivered.count} of {total} broadcast messages arrived in time")
        await asyncio.sleep(RSS_SAMPLE_SECONDS)
    return peak, high_water_mb(process.pid), time.monotonic() - started, delivered.count


async def launch(argv: Sequence[str], idle_seconds: float, recipients: int = 0) -> Launch:
    """Start a bot on its own LocalBotApi and database; time its first getUpdates, read its
    idle RSS, then (with `recipients`) broadcast to that many pupils and the author."""
    api = LocalBotApi(START_TOKEN)
    api.emulator.record = False  # only the broadcast's count is wanted from it
    url = await api.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
            output = Path(tmp) / "output.log"
            database = Path(tmp) / "bot.sqlite3"
            if recipients:
                for uid, name, language in await seed_recipients(database, recipients):
                    api.emulator.add_user(uid, first_name=name, language_code=language)
            with output.open("wb") as log:
                env = child_env(url, database)
                started = time.time()
                process = await asyncio.create_subprocess_exec(
                    *argv, cwd=tmp, env=env, stdin=asyncio.subprocess.DEVNULL,
                    stdout=log, stderr=asyncio.subprocess.STDOUT,
                )
                _children[process.pid] = process
                peak = hwm = seconds = 0.0
                delivered = 0
                try:
                    polled = await first_poll(api, process)
                    await asyncio.sleep(idle_seconds)
                    rss = float(psutil.Process(process.pid).memory_info().rss) / MB
                    if recipients:
                        peak, hwm, seconds, delivered = await broadcast_peak(
                            process, api, database
                        )
                except (RuntimeError, TimeoutError, psutil.Error) as exc:
                    await stop_process(process)
                    tail = output.read_text("utf-8", errors="replace")[-2000:]
                    raise RuntimeError(f"{' '.join(argv)}: {exc}\n{tail}") from None
                finally:
                    await stop_process(process)
    finally:
        await api.stop()
    return Launch(seconds=polled - started, rss_mb=rss, peak_mb=peak, hwm_mb=hwm,
                  broadcast_seconds=seconds, delivered=delivered)


@dataclass
class Startup:
    ours: list[Launch]
    bare: list[Launch]
    recipients: int = 0  # pupils in each of our broadcasts


OURS_ARGV = [sys.executable, "-m", "bot"]
BARE_ARGV = [sys.executable, str(ROOT / "benchmarks" / "bare_bot.py")]


async def startup(plan: Plan) -> Startup:
    result = Startup(ours=[], bare=[], recipients=plan.recipients)
    for _ in range(plan.launches):  # alternate, so drift on the machine hits both alike
        result.ours.append(await launch(OURS_ARGV, plan.idle_seconds, plan.recipients))
        result.bare.append(await launch(BARE_ARGV, plan.idle_seconds))
    return result


# ---- report -----------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first column, the rest right-aligned."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  " + "  ".join(parts).rstrip()

    rule = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "BELOW"


def check_calls(result: Throughput) -> list[str]:
    """Each workload's Bot API calls against what its path makes: a throttled, stale or
    failing update takes a cheaper (or dearer) path and would skew its rate."""
    def per_update(sample: Sample, *methods: str) -> dict[str, int]:
        return dict.fromkeys(methods, sample.updates)

    quizzes = result.quiz.updates // (quiz_logic.TOTAL_STEPS + 1)
    answers = quizzes * quiz_logic.TOTAL_STEPS
    expected: list[tuple[str, Sample, dict[str, int]]] = [
        ("bare echo", result.bare_echo, per_update(result.bare_echo, "sendMessage")),
        ("bare press", result.bare_press,
         per_update(result.bare_press, "answerCallbackQuery", "editMessageText")),
        ("/start (first)", result.cold_start, per_update(result.cold_start, "sendMessage")),
        ("/start", result.start, per_update(result.start, "sendMessage")),
        ("browsing", result.browse,
         per_update(result.browse, "answerCallbackQuery", "editMessageText")),
        ("quiz", result.quiz, {"sendMessage": quizzes, "answerCallbackQuery": answers,
                               "editMessageText": answers}),
    ]
    problems: list[str] = []
    for name, sample, calls in expected:
        for error, count in sample.errors.items():
            problems.append(f"{name}: {count} x {error}")
        if dict(sample.calls) != calls:
            problems.append(f"{name}: Bot API calls {dict(sample.calls)}, expected {calls}")
    return problems


def report_throughput(result: Throughput, plan: Plan) -> bool:
    echo, press = result.bare_echo, result.bare_press
    rows: list[list[str]] = []

    def add(name: str, sample: Sample, *, vs_press: bool = False, note: str = "") -> None:
        rows.append([
            name, f"{sample.updates:,}", f"{sample.seconds:.2f}", f"{sample.rate:,.0f}",
            f"{sample.rate / echo.rate:.2f}" if echo.rate else "-",
            f"{sample.rate / press.rate:.2f}" if vs_press and press.rate else "",
            f"{sample.emulator_share:.0%}", f"{sum(sample.errors.values())}", note,
        ])

    browse_ratio = result.browse.rate / press.rate if press.rate else 0.0
    browse_ok = browse_ratio >= BROWSE_FLOOR
    add("(a) bare: echo a message", echo)
    add("(a) bare: press -> answer + edit, our keyboard", press, vs_press=True)
    add("(b) ours: /start, each user's first update", result.cold_start)
    add("(b) ours: /start", result.start)
    add("(b) ours: browsing (page -> card -> page)", result.browse, vs_press=True,
        note=f"{verdict(browse_ok)} (floor >= {BROWSE_FLOOR} x bare press)")
    add("(b) ours: quiz (/quiz + 6 answers)", result.quiz)

    print("Throughput: Dispatcher.feed_update in one process, Bot on LocalSession "
          "(emulated Bot API, no network)")
    print(f"  pool: {plan.pool:,} users drawn from {DB_USERS:,} in SQLite "
          f"(inserted in {result.fill_seconds:.2f} s); Python {platform.python_version()}, "
          f"aiogram {aiogram.__version__}")
    print()
    print(table(
        ["workload", "updates", "seconds", "updates/s", "vs echo", "vs press", "emulator",
         "errors", "floor"],
        rows,
    ))
    print()
    print("  updates/s: the median of the workload's chunks (rounds over the pool, or three "
          "groups of\n  users for the one-off first /start and quiz). vs echo / vs press: that "
          "rate over (a)'s\n  echo / press rate. emulator: share of the time spent inside the "
          "fake Bot API (Telegram's\n  side). errors: Bot API calls that failed.")
    print(f"  the bare press edits with our catalogue's first-page keyboard ({result.keyboard})")
    print(f"  browsing {result.browse.rate:,.0f}/s vs bare press {press.rate:,.0f}/s: "
          f"{browse_ratio:.2f}  {verdict(browse_ok)} (floor >= {BROWSE_FLOOR})")
    print(f"  quiz {result.quiz.rate:,.0f}/s vs bare echo {echo.rate:,.0f}/s: "
          f"{result.quiz.rate / echo.rate if echo.rate else 0:.2f}")

    problems = check_calls(result)
    if result.quiz_saved != result.quiz_expected:
        problems.append(
            f"quiz: {result.quiz_saved} results saved, {result.quiz_expected} expected"
        )
    if problems:
        print("  checks: SOME UPDATES WENT OFF THE MEASURED PATH, the figures are not comparable:")
        for problem in problems:
            print(f"    {problem}")
    else:
        print("  checks: every update made exactly the expected Bot API calls, none failed; "
              f"{result.quiz_saved:,}/{result.quiz_expected:,} quizzes saved")
    return browse_ok


def report_startup(result: Startup, plan: Plan) -> bool:
    ours_s = statistics.median(x.seconds for x in result.ours)
    bare_s = statistics.median(x.seconds for x in result.bare)
    ratio = ours_s / bare_s
    start_ok = ratio <= START_FLOOR

    print()
    print(f"Start-up: process start -> first getUpdates (median of {plan.launches})")
    print()
    print(table(
        ["bot", "runs (s)", "median (s)"],
        [
            ["ours: python -m bot", " ".join(f"{x.seconds:.2f}" for x in result.ours),
             f"{ours_s:.2f}"],
            ["bare: benchmarks/bare_bot.py", " ".join(f"{x.seconds:.2f}" for x in result.bare),
             f"{bare_s:.2f}"],
        ],
    ))
    print()
    print(f"  start-up ours/bare: {ratio:.2f}  {verdict(start_ok)} (floor <= {START_FLOOR})")
    return start_ok


def memory_verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report_memory(result: Startup, idle_seconds: float) -> tuple[bool, bool]:
    """Both bots' idle RSS and our peak during a broadcast, against the bare bot's idle RSS."""
    def runs(values: Sequence[float]) -> str:
        return " ".join(f"{v:.1f}" for v in values)

    bare = [x.rss_mb for x in result.bare]
    ours = [x.rss_mb for x in result.ours]
    peaks = [x.peak_mb for x in result.ours]
    hwms = [x.hwm_mb for x in result.ours]
    bare_mb, ours_mb = statistics.median(bare), statistics.median(ours)
    peak_mb = statistics.median(peaks)
    idle_diff, peak_diff = ours_mb - bare_mb, peak_mb - bare_mb
    idle_ok, peak_ok = idle_diff <= IDLE_FLOOR_MB, peak_diff <= PEAK_FLOOR_MB
    recipients = result.recipients + 1
    seconds = statistics.median(x.broadcast_seconds for x in result.ours)

    print()
    print(f"Memory: RSS of each bot's own process (psutil; 1 MB = 2^20 bytes), median of "
          f"{len(result.ours)}; idle = {idle_seconds:.0f} s\n  after its first getUpdates; "
          f"then our bot broadcasts to {recipients:,} users at {BROADCAST_RATE:,.0f} msg/s, "
          f"its RSS\n  sampled every {RSS_SAMPLE_SECONDS * 1000:.0f} ms until the last message "
          f"has arrived ({seconds:.1f} s)")
    print()
    rows = [
        ["bare: idle", runs(bare), f"{bare_mb:.1f}", ""],
        ["ours: idle", runs(ours), f"{ours_mb:.1f}", f"{idle_diff:+.1f}"],
        ["ours: peak during the broadcast", runs(peaks), f"{peak_mb:.1f}", f"{peak_diff:+.1f}"],
    ]
    if any(hwms):
        hwm_mb = statistics.median(hwms)
        rows.append(["ours: VmHWM (lifetime peak) at its end", runs(hwms), f"{hwm_mb:.1f}",
                     f"{hwm_mb - bare_mb:+.1f}"])
    print(table(["RSS", "runs (MB)", "median (MB)", "vs bare idle"], rows))
    print()
    print(f"  ours idle - bare idle: {idle_diff:+.1f} MB  {memory_verdict(idle_ok)} "
          f"(floor <= +{IDLE_FLOOR_MB:.0f} MB)")
    print(f"  ours peak during a broadcast - bare idle: {peak_diff:+.1f} MB  "
          f"{memory_verdict(peak_ok)} (floor <= +{PEAK_FLOOR_MB:.0f} MB)")
    undelivered = [x.delivered for x in result.ours if x.delivered != recipients]
    if undelivered:
        print(f"  note: broadcasts delivered {undelivered} messages, {recipients} expected")
    return idle_ok, peak_ok


async def run(plan: Plan) -> None:
    started = time.perf_counter()
    measured = await throughput(plan)
    report_throughput(measured, plan)
    report_transport(await transport(plan.pool, plan.start_rounds),
                     in_process=measured.start.rate)
    launches = await startup(plan)
    report_startup(launches, plan)
    report_memory(launches, plan.idle_seconds)
    print()
    print(f"  total time: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a shorter run (fewer updates, "
                        "two start-ups each, a broadcast of 2 000)")
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(QUICK if args.quick else FULL))
    finally:
        kill_leftovers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
