"""The log: JSON lines that name the update and the user, the token never written, and nothing
personal (a child's name, a phone, what someone wrote) at INFO."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiogram.types import TelegramObject

from bot.local.session import DEMO_TOKEN
from bot.ops import logs
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.questions import ask
from tests.helpers.signup import load_groups, sign_up
from tests.helpers.staff import admin_chat

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
log = logging.getLogger("tests.handling")


class Capture(logging.Handler):
    """Keeps every record and its line, formatted and filtered as bot.ops.logs sets them up."""

    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(formatter)
        self.addFilter(logs.Context())
        self.addFilter(logs.Redact(DEMO_TOKEN))
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))

    def json(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines]

    def own(self) -> list[str]:
        """The lines of this test's own logger."""
        return [line for line, record in zip(self.lines, self.records, strict=True)
                if record.name == log.name]


@contextmanager
def capturing(formatter: logging.Formatter, level: int) -> Iterator[Capture]:
    root = logging.getLogger()
    capture = Capture(formatter)
    saved = root.level
    root.addHandler(capture)
    root.setLevel(level)
    try:
        yield capture
    finally:
        root.removeHandler(capture)
        root.setLevel(saved)


@pytest.fixture
def json_log() -> Iterator[Capture]:
    with capturing(logs.JsonFormat(), logging.DEBUG) as capture:
        yield capture


@pytest.fixture
def info_log() -> Iterator[Capture]:
    with capturing(logs.JsonFormat(), logging.INFO) as capture:
        yield capture


async def test_json_lines_name_the_update_and_the_user(app: App, json_log: Capture) -> None:
    updates: list[int] = []

    async def note_handling(handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        """A line written by a handler's code, in the middle of handling."""
        updates.append(data["event_update"].update_id)
        log.info("handling a message")
        return await handler(event, data)

    log.info("before any update")
    app.dp.message.middleware(note_handling)
    chat = app.chat(user_id=1001)
    await chat.send("/start")
    (handled,) = updates

    lines = json_log.json()  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    before = next(line for line in lines if line["message"] == "before any update")
    assert "update_id" not in before and "user_id" not in before
    inside = next(line for line in lines if line["message"] == "handling a message")
    assert (inside["logger"], inside["level"]) == ("tests.handling", "INFO")
    assert (inside["update_id"], inside["user_id"]) == (handled, 1001)
    # aiogram's own line for the update carries them too
    done = next(line for line in lines if line["logger"] == "aiogram.event")
    assert done["message"].startswith(f"Update id={handled} is handled")
    assert (done["update_id"], done["user_id"]) == (handled, 1001)


async def test_a_failure_is_one_line_with_its_traceback(json_log: Capture) -> None:
    try:
        raise ValueError("broken")
    except ValueError:
        log.exception("it failed")
    (written,) = json_log.own()
    assert len(written.splitlines()) == 1
    line = json.loads(written)
    assert line["level"] == "ERROR" and line["message"] == "it failed"
    assert "Traceback" in line["exception"] and "ValueError: broken" in line["exception"]


@pytest.mark.parametrize("formatter", [logs.JsonFormat(), logs.TextFormat()])
def test_the_token_is_never_written(formatter: logging.Formatter) -> None:
    url = f"https://api.telegram.org/bot{DEMO_TOKEN}/getMe"
    with capturing(formatter, logging.DEBUG) as capture:
        log.warning("request to %s failed", url)
        log.info(f"as a message: {url}")
        try:
            raise ConnectionError(f"cannot reach {url}")
        except ConnectionError:
            log.exception("network trouble")
        written = "\n".join(capture.own())
        assert DEMO_TOKEN not in written
        assert DEMO_TOKEN.split(":")[1] not in written
        assert written.count("<BOT_TOKEN>") == 3


PERSONAL = {
    "the parent's name": "Василиса",
    "the child's surname": "Иванова",
    "the child's first name": "Мария",
    "the school": "Школа № 5",
    "the phone": "912 345-67-89",
    "the phone, normalised": "79123456789",
    "the question": "аллергия на арахис",
}


async def test_nothing_personal_at_info_through_a_sign_up_and_a_question(
    app: App, info_log: Capture
) -> None:
    await load_groups(app)
    await admin_chat(app)
    parent = app.chat(user_id=1001, first_name="Василиса")
    await sign_up(parent)
    await app.deliver()
    asker = app.chat(user_id=1003, first_name="Василиса")
    await start_as(asker, "parent")
    await ask(asker, "У Марии аллергия на арахис, можно ли ей на занятия?")
    await app.deliver()

    assert await app.db.fetchval("SELECT count(*) FROM enrolments") == 1
    assert await app.db.fetchval("SELECT count(*) FROM questions") == 1
    assert info_log.records, "the updates were logged"
    for record, line in zip(info_log.records, info_log.lines, strict=True):
        assert record.levelno >= logging.INFO
        for what, needle in PERSONAL.items():
            assert needle not in line, (
                f"{what} logged by {record.name} ({record.pathname}:{record.lineno}): {line}")
