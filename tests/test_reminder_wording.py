"""A reminder that leaves late says how far off its lesson or event really is, in the words it
would have had at that moment; one whose lesson or event has begun is not sent; on time, or
blanked by /forget, nothing about it changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import time_machine

from bot.services.event_booking_rules import Request
from bot.services.reminder_wording import TIMED, Wording
from bot.services.telegram_text import to_plain
from storage.clock import utcnow
from tests.helpers.events import add_event, add_family, booking, kids, queued
from tests.helpers.events import local as event_local
from tests.helpers.harness import App
from tests.helpers.reminders import NOW, deliver_at, family, local, reminder_rows, reminders_to

Clock = time_machine.Traveller
MON, TUE = date(2026, 11, 30), date(2026, 12, 1)
SAT = date(2026, 12, 5)


def reminded(app: App) -> list[str]:
    """The event reminders the parent (1001) has received."""
    return [str(m["text"]) for m in app.emulator.sent(1001)
            if str(m.get("text", "")).startswith("⏰")]


@pytest.fixture
def frozen() -> Iterator[Clock]:
    """Monday 30 November 2026, 09:00 in Moscow, and the clock stands still."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def late(app: App, clock: Clock, lesson_day: date, hour: int, minute: int) -> None:
    """The sender's first drain since the reminders fell due comes only at this moment (a
    backlog, a long flood-control pause): the planner had planned everything in time."""
    clock.move_to(local(lesson_day, hour, minute))
    await app.services.sender.drain()


@pytest.mark.parametrize(("lang", "planned", "worded"), [
    ("ru", "🔔 Занятие через 2 часа", "🔔 Занятие через 1 час 20 минут"),
    ("en", "🔔 Lesson in 2 hours", "🔔 Lesson in 1 hour 20 minutes"),
], ids=["ru", "en"])
async def test_forty_minutes_late_says_an_hour_and_twenty_minutes(
    app: App, frozen: Clock, lang: str, planned: str, worded: str
) -> None:
    chat, _ = await family(app, lang)
    await app.services.planner.tick()
    await deliver_at(app, frozen, local(MON, 19))  # the evening one, on time
    [two_hours] = await reminder_rows(app)
    planned_text = to_plain(two_hours.payload["text"])
    assert planned_text.startswith(planned + "\n")  # as planned for 13:00
    await late(app, frozen, TUE, 13, 40)
    evening, sent = reminders_to(app, chat.user_id)
    assert sent.splitlines()[0] == worded
    # only the time changed: the rest is as planned, the buttons too
    assert sent.splitlines()[1:] == planned_text.splitlines()[1:]
    assert sent.splitlines()[1:] == evening.splitlines()[1:]
    [message] = [m for m in app.emulator.sent(chat.user_id) if m.get("text") == sent]
    labels = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [b["text"] for row in two_hours.payload["buttons"] for b in row]
    # the row keeps the text it was planned with
    [row] = [r for r in await reminder_rows(app, "sent") if r.lead == "2h"]
    assert to_plain(row.payload["text"]) == planned_text


async def test_the_evening_one_sent_after_midnight_says_today(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await app.services.planner.tick()
    await late(app, frozen, TUE, 8, 15)  # due at 19:00 the evening before
    [sent] = reminders_to(app, chat.user_id)
    assert sent.startswith("🔔 Занятие сегодня в 15:00\n👤 Иванова Мария\n")


async def test_on_time_the_words_are_as_planned(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await app.services.planner.tick()
    await deliver_at(app, frozen, local(MON, 19))
    # a few seconds late still reads the same (minutes are counted up)
    frozen.move_to(local(TUE, 13) + timedelta(seconds=20))
    await app.services.sender.drain()
    assert [text.splitlines()[0] for text in reminders_to(app, chat.user_id)] == [
        "🔔 Занятие завтра в 15:00", "🔔 Занятие через 2 часа"]


async def test_a_reminder_whose_lesson_has_begun_is_not_sent(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await app.services.planner.tick()
    await deliver_at(app, frozen, local(MON, 19))
    await late(app, frozen, TUE, 15, 1)  # the lesson began at 15:00
    assert len(reminders_to(app, chat.user_id)) == 1
    assert [(r.lead, r.status) for r in await reminder_rows(app, None)] == [
        ("evening", "sent"), ("2h", "expired")]


async def test_an_event_reminder_sent_on_the_day_says_today(app: App) -> None:
    event = await add_event(app)  # Saturday 5 December, 11:00
    family_id, _ = await add_family(app, 1001, [])
    app.emulator.add_user(1001, "Аня")
    with time_machine.travel(NOW, tick=False) as clock:
        await booking(app).register(Request(event, 1001, family_id, kids(("Маша", 10))),
                                    utcnow())
        evening, _ = await queued(app, event, "remind")
        planned = to_plain(evening.text)
        assert planned.startswith("⏰ Завтра: Мастер-класс: роботы\n")
        # due on Friday at 19:00, it leaves on Saturday morning
        clock.move_to(event_local(SAT, 7, 30))
        await app.services.sender.drain()
        [sent] = reminded(app)
        assert sent.startswith("⏰ Сегодня в 11:00: Мастер-класс: роботы\n")
        assert sent.splitlines()[1:] == planned.splitlines()[1:]
        # the one due at 09:00 has not gone by 11:00: not sent at all
        clock.move_to(event_local(SAT, 11, 0))
        await app.services.sender.drain()
    assert len(reminded(app)) == 1
    assert [r.status for r in await queued(app, event, "remind")] == ["sent", "expired"]


def test_a_payload_without_a_time_part_goes_as_it_is() -> None:
    wording = Wording()
    plain = {"text": "Новость", "buttons": []}
    assert wording.reword(plain, utcnow()) is plain
    assert wording.reword({}, utcnow()) == {}  # a blanked row (it is never sent anyway)
    broken = {"text": "🔔 Занятие через 2 часа", TIMED: {"style": "lesson"}}
    assert wording.reword(broken, utcnow()) is broken  # worded as planned rather than lost
