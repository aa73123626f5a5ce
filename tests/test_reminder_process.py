"""Class reminders from a real `python -m bot` process long-polling a local Bot API server over
HTTP: a reminder arrives at its time, once; killed outright (SIGKILL) between planning and
sending, or in the middle of sending, the bot restarted on the same database still reminds
everyone, and only what was on its way at the kill may arrive twice.

The database is prepared before the process starts, through the repositories: a group
imported from a groups CSV whose one lesson starts two hours and a few seconds from now,
families signed up and confirmed in it, everyone's quiet hours off and the 2-hour lead the
only one. The process runs in a zone where it is about midday (TIMEZONE), so the lesson is
well inside one local day whatever the hour here. When the started process first calls the
Bot API (its getMe: it has imported everything and opened the database, and plans nothing
before Telegram answers), the lesson is moved to start two hours and a few seconds from that
moment: the seconds allowed before the reminder is due cover the bot's planning, not its
process's start, which takes several seconds on a loaded machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.dispatcher import Repos
from bot.local.api import LocalBotApi
from bot.local.emulator import Emulator
from bot.local.limits import ApiError
from bot.services.catalogue import load_catalogue
from bot.services.drain import FLUSH_SECONDS
from bot.services.group_import import parse_groups_csv, plan_lessons
from bot.services.programme_import import import_programmes
from bot.services.reminder_settings import choose_leads
from bot.settings import DEFAULT_CATALOGUE
from storage.applications import Application
from storage.clock import to_db
from storage.db import Database
from storage.quanta import QuantaRepo
from tests.helpers.process import ROOT, TOKEN, call, env
from tests.helpers.warm import Running, warm_up
from tests.helpers.warm import start as warm_start

pytestmark = pytest.mark.slow  # started first: see tests/conftest.py

COLUMNS = ("programme;quantum;level;title_ru;title_en;age_min;age_max;admission;group;"
           "group_name;capacity;teacher;room;starts_on;ends_on;schedule")
PROGRAMME = ("robo-intro;robo;вводный;Робототехника: первые шаги;Robotics: first steps;7;17;"
             "open")
DAYS = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
LESSON = timedelta(minutes=45)
LEAD = timedelta(hours=2)
# the bot must plan before the first reminder is due: a first start treats a lead already
# over as not to be sent. From its first call to the Bot API it plans within a fraction of a
# second; a loaded machine, a second or two. (Only a ceiling: its start, within START_TIMEOUT)
PLANNING_ALLOWANCE = timedelta(seconds=3)
# a bot killed once planned and started again before its reminder is due: the allowance for
# the second start is this many times as long as the first start took (on a loaded machine a
# start takes several times as long as on an idle one)
RESTART_ALLOWANCE = 2.5
START_TIMEOUT = 40.0  # a start's ceiling: from the fork to its first call to the Bot API
FIRST_PARENT = 8001
PUPIL = 9001
# after the reminder is due, it has reached the API within this (the sender looks every
# second, and claims what is due at least every 0.2 s while draining)
ON_TIME = 3.0
SETTLE = 2.0  # after the last expected arrival, how long to watch for a second copy


def midday_zone(now: datetime) -> ZoneInfo:
    """A fixed-offset zone where `now` is between 12:00 and 13:00."""
    hours = 12 - now.astimezone(UTC).hour  # from +12 to -11: every one a zone
    # the POSIX sign: Etc/GMT-3 is three hours ahead of UTC
    return ZoneInfo("Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}")


# ---- the bot's side: a database prepared before it starts ---------------------------------


@dataclass
class Prepared:
    zone: ZoneInfo
    lesson_id: int
    starts_at: datetime
    parents: list[int]
    pupils: list[int]
    children: dict[int, str] = field(default_factory=dict)  # person → child's name

    @property
    def due(self) -> datetime:
        return self.starts_at - LEAD

    @property
    def people(self) -> list[int]:
        return [*self.parents, *self.pupils]


def groups_csv(zone: ZoneInfo, start: datetime) -> bytes:
    """One group, one lesson: today (in `zone`) at the start's minute."""
    local = start.astimezone(zone)
    end = local + LESSON
    day = f"{local:%d.%m.%Y}"
    cell = f"{DAYS[local.weekday()]} {local:%H:%M}-{end:%H:%M}"
    row = (f"{PROGRAMME};robo-r1;Робо-1;500;Иванова Е. А.;Каб. 101;{day};{day};"
           f'"{cell}"')
    return f"{COLUMNS}\n{row}\n".encode()


async def prepare(path: Path, api: LocalBotApi, parents: int, pupils: int, *,
                  ahead: timedelta) -> Prepared:
    """The group, its lesson, `parents` families (a parent signing up a child) and `pupils`
    pupils of 15 signing up themselves, all confirmed; quiet hours off and only the 2-hour
    lead for everyone; the lesson then starts LEAD + `ahead` from now, to the second."""
    catalogue = load_catalogue(DEFAULT_CATALOGUE)
    zone = midday_zone(datetime.now(UTC))
    db = await Database.open(path)
    try:
        await QuantaRepo(db).sync(q.model_dump() for q in catalogue.quanta)
        repos = Repos.create(db)
        guess = datetime.now(UTC) + LEAD + ahead
        result = parse_groups_csv(groups_csv(zone, guess), {q.code for q in catalogue.quanta})
        assert not result.errors, result.errors
        plan_lessons(result.groups, zone)
        today = guess.astimezone(zone).date()
        await import_programmes(db, result.programmes, result.groups, today)
        group_id = int(await db.fetchval("SELECT id FROM groups WHERE code = 'robo-r1'"))

        prepared = Prepared(zone, 0, guess, [], [])
        for index in range(parents + pupils):
            pupil = index >= parents
            uid = PUPIL + index - parents if pupil else FIRST_PARENT + index
            name = f"Ученик {uid}" if pupil else f"Ребёнок {uid}"
            await repos.users.create(uid, language="ru", first_name=f"U{uid}",
                                     username=None, family_role="pupil" if pupil else "parent")
            api.emulator.add_user(uid, f"U{uid}")
            done = await repos.enrolment.submit(Application(
                user_id=uid, relation="child" if pupil else "parent", child_name=name,
                birth_date=date(today.year - (15 if pupil else 10), 1, 15), school="Школа № 5",
                grade=9 if pupil else 4, phone="+79123456789", group_id=group_id,
                consent=True, photo_consent=True, today=today,
            ))
            assert done.status == "applied", done
            assert await repos.enrolment.decide(done.enrolment_id, "confirmed") is not None
            await repos.reminders.set_quiet(uid, False)
            for child in await repos.reminders.children(uid):
                assert await choose_leads(db, uid, child.id, ["2h"])
            (prepared.pupils if pupil else prepared.parents).append(uid)
            prepared.children[uid] = name
        async with db.transaction() as conn:
            # the sign-up notices were read long ago: only reminders are left to send
            await conn.execute("UPDATE outbox SET status = 'sent' WHERE kind != 'reminder'")
            # a slot is to the minute; the lesson starts to the second, so that its reminder
            # is due `ahead` from now and the test waits seconds, not up to a minute
            starts_at = (datetime.now(UTC) + LEAD + ahead).replace(microsecond=0)
            cursor = await conn.execute(
                "UPDATE lessons SET starts_at = ?, planned_start = ?, ends_at = ?,"
                " planned_end = ? WHERE group_id = ? RETURNING id",
                (to_db(starts_at), to_db(starts_at), to_db(starts_at + LESSON),
                 to_db(starts_at + LESSON), group_id),
            )
            (lesson_id,) = [row[0] for row in await cursor.fetchall()]
        assert starts_at.astimezone(zone).date() == today
        prepared.lesson_id, prepared.starts_at = lesson_id, starts_at
    finally:
        await db.close()
    return prepared


def outbox(path: Path) -> list[tuple[int, str, str]]:
    """(chat, status, dedupe key) of every reminder row, read while the bot may run."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                            timeout=5)) as conn:
        return list(conn.execute(
            "SELECT chat_id, status, dedupe_key FROM outbox WHERE kind = 'reminder'"))


def move_lesson(path: Path, lesson_id: int, starts_at: datetime) -> None:
    """The lesson starts at `starts_at` (to the second), written while the bot may run."""
    with contextlib.closing(sqlite3.connect(path, timeout=5)) as conn, conn:
        conn.execute(
            "UPDATE lessons SET starts_at = ?, planned_start = ?, ends_at = ?,"
            " planned_end = ? WHERE id = ?",
            (to_db(starts_at), to_db(starts_at), to_db(starts_at + LESSON),
             to_db(starts_at + LESSON), lesson_id),
        )


# ---- Telegram's side: when each reminder arrived ------------------------------------------


class FirstCall:
    """An emulator hook: at the bot's first call (getMe) the prepared lesson is moved to start
    LEAD + `ahead` from that moment, to the second; `prepared.starts_at` follows it. When each
    start of a bot first called (`starts`)."""

    def __init__(self, path: Path, prepared: Prepared, ahead: timedelta) -> None:
        self.path, self.prepared, self.ahead = path, prepared, ahead
        self.starts: list[float] = []
        self.forked = time.time()  # the first start's, for `room_for_restart`
        self.room_for_restart = False

    def __call__(self, method: str, params: dict[str, Any]) -> ApiError | None:
        if method != "getMe":
            return None
        self.starts.append(time.time())
        if len(self.starts) == 1:
            ahead = self.ahead
            if self.room_for_restart:
                ahead += timedelta(seconds=RESTART_ALLOWANCE * (self.starts[0] - self.forked))
            starts_at = (datetime.now(UTC) + LEAD + ahead).replace(microsecond=0)
            move_lesson(self.path, self.prepared.lesson_id, starts_at)
            self.prepared.starts_at = starts_at
        return None


class Arrivals:
    """An emulator hook noting each reminder sendMessage as it reaches the API: who, when
    (wall clock) and its buttons."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, float, dict[str, Any]]] = []

    def __call__(self, method: str, params: dict[str, Any]) -> ApiError | None:
        if method == "sendMessage" and str(params.get("text", "")).startswith("🔔"):
            self.seen.append((int(params["chat_id"]), time.time(), params))
        return None

    def counts(self) -> Counter[int]:
        return Counter(chat for chat, _, _ in self.seen)

    def everyone(self, people: list[int]) -> bool:
        counts = self.counts()
        return all(counts[uid] >= 1 for uid in people)


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    server = LocalBotApi(TOKEN, Emulator(bot_id=123456789))
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def arrivals(api: LocalBotApi) -> Arrivals:
    hook = Arrivals()
    api.emulator.failures.append(hook)
    return hook


@dataclass
class Bot:
    """`python -m bot` processes, one after another, on the same database and log file."""

    api: LocalBotApi
    tmp_path: Path
    zone: ZoneInfo
    extra: dict[str, str] = field(default_factory=dict)
    process: Running | None = None

    @property
    def log(self) -> Path:
        return self.tmp_path / "output.log"

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await warm_start(
                ROOT, [], env(self.tmp_path, BOT_TOKEN=TOKEN, TIMEZONE=self.zone.key,
                              TELEGRAM_API_URL=f"http://127.0.0.1:{self.api.port}",
                              **self.extra),
                self.tmp_path, out,
            )

    async def start_and_plan(self, database: Path, prepared: Prepared,
                             room_for_restart: bool = False) -> FirstCall:
        """The first start: the lesson moved at the bot's first call to start LEAD +
        PLANNING_ALLOWANCE from then (and room for a restart); back once the bot has planned
        everyone's reminder, before it is due."""
        first = FirstCall(database, prepared, PLANNING_ALLOWANCE)
        first.room_for_restart = room_for_restart
        self.api.emulator.failures.insert(0, first)
        first.forked = time.time()
        await self.start()
        await until(lambda: first.starts, "the bot's first call", START_TIMEOUT, self)
        await until(lambda: len(outbox(database)) == len(prepared.people),
                    "the reminders planned", max(seconds_until(prepared.due), 0.0), self)
        left = seconds_until(prepared.due)
        print(f"\nstarted in {first.starts[0] - first.forked:.2f} s, planned"
              f" {time.time() - first.starts[0]:.2f} s after its first call,"
              f" {left:.2f} s before the due time")
        assert left > 0, "planned after the due time"
        return first

    async def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: nothing more is sent or recorded
        await self.process.wait()

    async def stop(self) -> int | None:
        """SIGTERM and wait; SIGKILL if it does not stop in time. The exit code."""
        process = self.process
        if process is None or process.returncode is not None:
            return None if process is None else process.returncode
        process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


@pytest.fixture
async def bots(api: LocalBotApi, tmp_path: Path) -> AsyncIterator[list[Bot]]:
    await warm_up(ROOT, env(tmp_path))
    made: list[Bot] = []
    yield made
    for bot in made:
        with contextlib.suppress(ProcessLookupError, TimeoutError):
            await bot.stop()


async def until(predicate: Any, what: str, timeout: float, bot: Bot) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if bot.process is not None and bot.process.returncode is not None:
            raise AssertionError(f"the bot exited ({bot.process.returncode}) while waiting for"
                                 f" {what}:\n{bot.output()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s\n{bot.output()[-3000:]}")
        await asyncio.sleep(0.02)


def button_labels(params: dict[str, Any]) -> list[str]:
    markup = params.get("reply_markup") or {}
    if isinstance(markup, str):  # a form field: JSON
        markup = json.loads(markup)
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


def seconds_until(moment: datetime) -> float:
    return (moment - datetime.now(UTC)).total_seconds()


# ---- the tests -----------------------------------------------------------------------------


async def test_a_reminder_arrives_at_its_time_once(
    api: LocalBotApi, tmp_path: Path, arrivals: Arrivals, bots: list[Bot]
) -> None:
    """Each parent and the pupil get the 2-hour reminder once, within seconds after it is
    due and not before, with the absence button in their own voice."""
    database = tmp_path / "bot.sqlite3"
    prepared = await prepare(database, api, parents=3, pupils=1, ahead=PLANNING_ALLOWANCE)
    bot = Bot(api, tmp_path, prepared.zone)
    bots.append(bot)
    await bot.start_and_plan(database, prepared)
    await until(lambda: arrivals.everyone(prepared.people), "every reminder",
                seconds_until(prepared.due) + 15, bot)
    await asyncio.sleep(SETTLE)
    assert await bot.stop() == 0
    log = bot.output()
    assert "Traceback" not in log, log

    due = prepared.due.timestamp()
    assert arrivals.counts() == Counter(dict.fromkeys(prepared.people, 1))
    late = []
    for chat, at, params in arrivals.seen:
        assert at >= due, f"{chat}: {due - at:.2f} s before it was due"
        late.append(at - due)
        text = str(params["text"])
        labels = button_labels(params)
        if chat in prepared.parents:
            assert prepared.children[chat] in text
            assert "🙅 Не придём" in labels, labels
        else:
            assert "🙅 Не приду" in labels, labels
        assert "Робототехника: первые шаги" in text
    assert max(late) <= ON_TIME, late
    print(f"\nreminders arrived {min(late):.2f}–{max(late):.2f} s after they were due")
    rows = outbox(database)
    assert sorted(chat for chat, _, _ in rows) == sorted(prepared.people)
    assert {status for _, status, _ in rows} == {"sent"}
    assert all(key.split(":")[3] == "2h" for _, _, key in rows)


@pytest.mark.parametrize("restart", ["before the due time", "after the due time"])
async def test_sigkill_between_planning_and_sending(
    api: LocalBotApi, tmp_path: Path, arrivals: Arrivals, bots: list[Bot], restart: str
) -> None:
    """Killed outright once its reminders are planned and before any is due, then started
    again before the due time, or only after it (down when they were due: caught up at
    start): each person gets exactly one reminder per lead."""
    database = tmp_path / "bot.sqlite3"
    prepared = await prepare(database, api, parents=4, pupils=1, ahead=PLANNING_ALLOWANCE)
    bot = Bot(api, tmp_path, prepared.zone)
    bots.append(bot)
    calls = await bot.start_and_plan(database, prepared,
                                     room_for_restart=restart == "before the due time")
    await bot.kill()
    assert seconds_until(prepared.due) > 0, "planned too late to kill before the due time"
    assert not arrivals.seen
    assert {status for _, status, _ in outbox(database)} == {"pending"}

    if restart == "after the due time":
        await asyncio.sleep(seconds_until(prepared.due) + 1.0)
        assert not arrivals.seen
    restarted = time.time()
    await bot.start()
    await until(lambda: arrivals.everyone(prepared.people), "every reminder",
                max(seconds_until(prepared.due), 0) + 20, bot)
    await asyncio.sleep(SETTLE)
    assert await bot.stop() == 0
    assert "Traceback" not in bot.output()

    assert arrivals.counts() == Counter(dict.fromkeys(prepared.people, 1))
    first = min(at for _, at, _ in arrivals.seen)
    assert first >= prepared.due.timestamp()
    if restart == "before the due time":
        # (else it was a restart after the due time too)
        assert calls.starts[1] < prepared.due.timestamp(), "started again too late"
    if restart == "after the due time":
        # missed while the bot was down: sent at start, still well before the lesson
        assert first >= restarted
    rows = outbox(database)
    assert Counter((chat, key.split(":")[3]) for chat, _, key in rows) == Counter(
        {(uid, "2h"): 1 for uid in prepared.people})
    assert {status for _, status, _ in rows} == {"sent"}


async def test_sigkill_while_sending_reminders(
    api: LocalBotApi, tmp_path: Path, arrivals: Arrivals, bots: list[Bot]
) -> None:
    """Killed outright in the middle of sending 60 reminders at 20 msg/s, restarted: every
    parent gets theirs, and the only duplicates are the reminders that had arrived without
    their outcome recorded — the requests in flight and the last group commit's worth."""
    rate = 20
    parents = 60
    database = tmp_path / "bot.sqlite3"
    prepared = await prepare(database, api, parents=parents, pupils=0,
                             ahead=PLANNING_ALLOWANCE)
    bot = Bot(api, tmp_path, prepared.zone, {"SEND_RATE": str(rate)})
    bots.append(bot)
    await bot.start_and_plan(database, prepared)
    await until(lambda: len(arrivals.seen) >= parents // 3, "a third of the reminders",
                seconds_until(prepared.due) + 20, bot)
    await bot.kill()
    # a request written whole just before the kill is still answered by the server
    await asyncio.sleep(0.2)
    arrived = len(arrivals.seen)
    statuses = Counter(status for _, status, _ in outbox(database))
    recorded = statuses["sent"]
    assert arrived < parents, "all sent before the kill: nothing was tested"

    await bot.start()
    await until(lambda: arrivals.everyone(prepared.parents), "every reminder", 30, bot)
    await asyncio.sleep(SETTLE)
    assert await bot.stop() == 0
    assert "Traceback" not in bot.output()

    counts = arrivals.counts()
    duplicates = sum(n - 1 for n in counts.values())
    # on its way at the kill: paced 1/rate apart, about one request; answered and not yet
    # committed: at most a flush interval's worth, plus the commit under way
    bound = math.ceil(rate * FLUSH_SECONDS * 2) + 1
    print(f"\nkilled with {arrived} of {parents} arrived, {recorded} recorded sent, "
          f"{statuses['sending']} claimed; after the restart {duplicates} duplicates "
          f"(bound {bound})")
    assert set(counts) == set(prepared.parents)
    assert duplicates == arrived - recorded
    assert duplicates <= bound
    rows = outbox(database)
    assert len(rows) == parents and {status for _, status, _ in rows} == {"sent"}


async def test_the_offline_demo_shows_a_reminder_and_its_button(tmp_path: Path) -> None:
    """`:reminders` in the demo brings the demo user's planned reminder forward; its
    «🙅 Не придём» works there as in Telegram."""
    path = tmp_path / "demo.sqlite3"
    prepared = await prepare(path, LocalBotApi(TOKEN, Emulator()), 1, 0,
                             ahead=timedelta(hours=1))
    [parent] = prepared.parents
    zone = str(prepared.zone.key)
    result, _ = await asyncio.to_thread(
        call, ["demo", "--database", str(path), "--user-id", str(parent)], tmp_path,
        stdin=":reminders\n🙅 Не придём\n", TIMEZONE=zone,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "🔔 Занятие через 2 часа" in out
    assert f"👤 {prepared.children[parent]}" in out
    assert "[1] 🗓 Расписание" in out and "[2] 🙅 Не придём" in out
    assert "педагогу сообщили" in out
    assert "[2] ↩️ Всё-таки придём" in out
