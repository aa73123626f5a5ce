"""/forget (or any cancellation) racing the sender: a row claimed and waiting for its sending
slot is checked again just before its request and is not sent once cancelled; an outcome
never overwrites a row cancelled meanwhile. The waits are opened by the test (a gate), not
timed, so a slow machine cannot reorder them."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from aiogram import Bot
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType

from bot.app import bot_defaults
from bot.local.emulator import Emulator
from bot.local.session import DEMO_TOKEN, LocalSession
from bot.services.sender import Sender
from storage.outbox import enqueue
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import NOW, family

CHILD = "Иванова Мария"


class GatedSender(Sender):
    """A sender whose rows wait for their sending slot until the test opens `gate` (as during
    a long flood-control pause), then for the pacer as usual."""

    def __init__(self, *args: Any, **options: Any) -> None:
        super().__init__(*args, **options)
        self.gate = asyncio.Event()

    async def pace(self, chat_id: int | None = None) -> None:
        await self.gate.wait()
        await super().pace(chat_id)


class GatedSession(LocalSession):
    """The emulated Bot API, whose answers come back only once `gate` is open: Telegram has
    acted on the request, the bot has not heard back yet."""

    def __init__(self, emulator: Emulator) -> None:
        super().__init__(emulator)
        self.gate = asyncio.Event()
        self.in_flight = 0

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        self.in_flight += 1
        try:
            result = await super().make_request(bot, method, timeout)
            await self.gate.wait()
            return result
        finally:
            self.in_flight -= 1


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    """The timetable's Monday morning, the clock running (the sender's pacing needs it)."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def told_about_the_child(app: App, chat_id: int, since: int) -> list[str]:
    """The texts naming the child sent to this chat since the `since`-th Bot API call."""
    return [
        str(call.params.get("text")) for call in app.emulator.calls[since:]
        if call.method == "sendMessage" and int(call.params["chat_id"]) == chat_id
        and "Мария" in str(call.params.get("text"))
    ]


async def rows(app: App, where: str, params: tuple[object, ...] = ()) -> list[tuple[str, str]]:
    found = await app.db.fetchall(f"SELECT status, payload FROM outbox WHERE {where}"  # noqa: S608
                                  " ORDER BY id", params)
    return [(row["status"], row["payload"]) for row in found]


async def claimed(app: App, row_filter: str) -> None:
    """Wait until the sender has claimed the rows (they are `sending`)."""
    deadline = time.monotonic() + 10
    while await app.db.fetchval(
        f"SELECT count(*) FROM outbox WHERE status = 'sending' AND {row_filter}"  # noqa: S608
    ) == 0:
        assert time.monotonic() < deadline, "never claimed"
        await asyncio.sleep(0.005)


def sent_to(app: App, chat_id: int) -> list[str]:
    return [str(call.params["text"]) for call in app.emulator.calls
            if call.method == "sendMessage" and int(call.params["chat_id"]) == chat_id]


async def a_recipient(app: App, chat_id: int = 5000) -> int:
    app.emulator.add_user(chat_id, f"U{chat_id}")
    await app.repos.users.create(chat_id, language="ru", first_name=f"U{chat_id}",
                                 username=None)
    return chat_id


async def test_forget_while_a_reminder_waits_for_its_slot_stops_it(
    app: App, clock: time_machine.Traveller,
) -> None:
    chat, _ = await family(app, name=CHILD)
    await app.deliver()  # the sign-up's own notices
    await app.services.planner.tick()
    # the offline demo's shortcut: the planned reminders are due now
    assert await app.repos.reminders.due_now(chat.user_id) == 2
    for _, payload in await rows(app, "kind = 'reminder'"):
        assert "Мария" in json.loads(payload)["text"]
    since = len(app.emulator.calls)

    sender = GatedSender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1)
    drain = asyncio.create_task(sender.drain())
    await claimed(app, "kind = 'reminder'")  # and waiting for its slot
    assert await app.services.privacy.forget(chat.user_id) is not None
    sender.gate.set()
    await drain

    assert told_about_the_child(app, chat.user_id, since) == []
    assert await rows(app, "kind = 'reminder'") == [("cancelled", "{}")] * 2


async def test_forget_while_a_late_reminder_waits_for_its_slot_stops_it(
    app: App, clock: time_machine.Traveller,
) -> None:
    """A reminder leaving late is worded again just before its request: never once it is
    blanked, and its row stays blank."""
    chat, _ = await family(app, name=CHILD)
    await app.deliver()
    await app.services.planner.tick()
    clock.move_to(NOW + timedelta(days=1, hours=4, minutes=40))  # Tuesday 13:40, both late
    since = len(app.emulator.calls)

    sender = GatedSender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1)
    drain = asyncio.create_task(sender.drain())
    await claimed(app, "kind = 'reminder'")
    assert await app.services.privacy.forget(chat.user_id) is not None
    sender.gate.set()
    await drain

    assert told_about_the_child(app, chat.user_id, since) == []
    assert [status for status, _ in await rows(app, "kind = 'reminder'")] == ["cancelled"] * 2
    assert {payload for _, payload in await rows(app, "kind = 'reminder'")} == {"{}"}


@pytest.mark.parametrize(("kind", "to_staff"), [
    ("reminder", False), ("broadcast", False), ("notice", False), ("notice", True),
])
async def test_no_kind_of_row_goes_out_once_its_family_is_forgotten(
    app: App, clock: time_machine.Traveller, kind: str, to_staff: bool,
) -> None:
    await app.chat(user_id=ADMIN_ID).send("/start")
    chat, _ = await family(app, name=CHILD)
    await app.deliver()
    family_id = await app.repos.families.family_id(chat.user_id)
    recipient = ADMIN_ID if to_staff else chat.user_id
    async with app.db.transaction() as conn:
        await enqueue(conn, kind=kind, chat_id=recipient, payload={"text": f"{CHILD}: ок"},
                      dedupe_key="about-the-child", family_id=family_id, staff_only=to_staff)
    since = len(app.emulator.calls)

    sender = GatedSender(app.bot, app.repos.outbox, rate=100, per_chat_rate=1)
    drain = asyncio.create_task(sender.drain())
    await claimed(app, "dedupe_key = 'about-the-child'")
    await app.services.privacy.forget(chat.user_id)
    sender.gate.set()
    assert await drain == 0

    assert told_about_the_child(app, recipient, since) == []
    assert await rows(app, "dedupe_key = 'about-the-child'") == [("cancelled", "{}")]


async def test_a_row_cancelled_while_its_request_is_on_its_way_stays_cancelled(
    app: App, clock: time_machine.Traveller,
) -> None:
    """Sent before /forget committed (Telegram had it), answered after: the outcome does not
    turn the cancelled, blanked row back into a sent one."""
    chat, _ = await family(app, name=CHILD)
    await app.deliver()
    await app.services.planner.tick()
    assert await app.repos.reminders.due_now(chat.user_id) == 2
    since = len(app.emulator.calls)

    session = GatedSession(app.emulator)
    bot = Bot(DEMO_TOKEN, session=session, default=bot_defaults())
    sender = Sender(bot, app.repos.outbox, rate=100, per_chat_rate=1)
    drain = asyncio.create_task(sender.drain())
    while not told_about_the_child(app, chat.user_id, since):
        await asyncio.sleep(0.005)
    assert session.in_flight == 1  # Telegram has it; the answer is still on its way
    await app.services.privacy.forget(chat.user_id)
    session.gate.set()
    await drain

    assert len(told_about_the_child(app, chat.user_id, since)) == 1
    assert await rows(app, "kind = 'reminder'") == [("cancelled", "{}")] * 2


async def test_a_row_claimed_again_elsewhere_is_not_sent_by_its_old_claim(
    app: App, clock: time_machine.Traveller,
) -> None:
    """A claim whose lease ran out and whose row was recovered and claimed again (by another
    sender) no longer owns the row: only the new claim sends it, though both wait for the
    same moment (neither outcome is recorded when the other looks)."""
    chat_id = await a_recipient(app)
    async with app.db.transaction() as conn:
        await enqueue(conn, kind="notice", chat_id=chat_id, payload={"text": "один раз"},
                      dedupe_key="once")
    first = GatedSender(app.bot, app.repos.outbox, rate=100, lease=timedelta(seconds=1))
    old = asyncio.create_task(first.drain())
    await claimed(app, "dedupe_key = 'once'")
    with time_machine.travel(NOW + timedelta(minutes=5), tick=True):
        assert await app.repos.outbox.recover() == 1
    second = GatedSender(app.bot, app.repos.outbox, rate=100)
    second.gate = first.gate
    new = asyncio.create_task(second.drain())
    await claimed(app, "dedupe_key = 'once'")
    first.gate.set()
    await asyncio.gather(old, new)

    assert sent_to(app, chat_id) == ["один раз"]
    assert await rows(app, "dedupe_key = 'once'") == [("sent", '{"text": "один раз"}')]


async def test_a_row_its_own_drain_claims_again_goes_out_once(
    app: App, clock: time_machine.Traveller,
) -> None:
    """The lease of a row waiting for its slot runs out, the row is recovered and the same
    drain claims it again: the row it holds goes out under the new claim, once."""
    chat_id = await a_recipient(app)
    async with app.db.transaction() as conn:
        await enqueue(conn, kind="notice", chat_id=chat_id, payload={"text": "один раз"},
                      dedupe_key="once")
    sender = GatedSender(app.bot, app.repos.outbox, rate=100, lease=timedelta(seconds=1))
    drain = asyncio.create_task(sender.drain())
    await claimed(app, "dedupe_key = 'once'")
    with time_machine.travel(NOW + timedelta(minutes=5), tick=True):
        assert await app.repos.outbox.recover() == 1
    await claimed(app, "dedupe_key = 'once'")
    assert await app.db.fetchval("SELECT attempts FROM outbox") == 2
    sender.gate.set()
    await drain

    assert sent_to(app, chat_id) == ["один раз"]
    assert await rows(app, "dedupe_key = 'once'") == [("sent", '{"text": "один раз"}')]


async def test_a_row_whose_use_by_time_passes_while_it_waits_is_expired_not_sent(
    app: App, clock: time_machine.Traveller,
) -> None:
    chat_id = await a_recipient(app)
    async with app.db.transaction() as conn:
        await enqueue(conn, kind="offer", chat_id=chat_id, payload={"text": "место ваше"},
                      dedupe_key="offer", expires_at=NOW + timedelta(minutes=5))
    sender = GatedSender(app.bot, app.repos.outbox, rate=100)
    drain = asyncio.create_task(sender.drain())
    await claimed(app, "dedupe_key = 'offer'")
    clock.shift(timedelta(minutes=10))  # the offer's deadline passes while it waits
    sender.gate.set()
    await drain

    assert sent_to(app, chat_id) == []
    assert await rows(app, "dedupe_key = 'offer'") == [("expired", '{"text": "место ваше"}')]


async def test_a_row_blanked_while_it_waits_is_cancelled_not_sent(
    app: App, clock: time_machine.Traveller,
) -> None:
    chat_id = await a_recipient(app)
    async with app.db.transaction() as conn:
        await enqueue(conn, kind="notice", chat_id=chat_id, payload={"text": f"{CHILD}: ок"},
                      dedupe_key="blanked")
    sender = GatedSender(app.bot, app.repos.outbox, rate=100)
    drain = asyncio.create_task(sender.drain())
    await claimed(app, "dedupe_key = 'blanked'")
    async with app.db.transaction() as conn:  # blanked, though left `sending`
        await conn.execute("UPDATE outbox SET payload = '{}' WHERE dedupe_key = 'blanked'")
    sender.gate.set()
    await drain

    assert sent_to(app, chat_id) == []
    assert await rows(app, "dedupe_key = 'blanked'") == [("cancelled", "{}")]
