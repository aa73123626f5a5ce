"""What a quantum's card shows from memory — its next events, and whether the person hears of
its news — shows every change at once when this process made it (an event created, moved,
renamed, cancelled; a toggle, an application withdrawn), an event that started leaves it the
moment it starts, and a change by another process (an import) shows within the poll
interval."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, timedelta

import pytest
import time_machine

from bot.local.chat import LocalChat
from storage.db import Database
from storage.events import EventDraft, save
from tests.helpers import start_as
from tests.helpers.events import NOW, add_event, local
from tests.helpers.harness import App
from tests.helpers.reminders import family

HEADING = "🎪 Ближайшие события"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def draft(code: str, day: int, hour: int, title: str = "Мастер-класс: роботы") -> EventDraft:
    start = local(date(2026, 12, day), hour)
    return EventDraft(code=code, kind="master_class", title_ru=title, title_en=title,
                      starts_at=start, ends_at=start + timedelta(hours=1), place="Каб. 101",
                      seats=10, quanta=("robo",))


async def card(chat: LocalChat) -> list[str]:
    """The card's lines about events, opened again from the catalogue."""
    await chat.press_data("q:robo:c0")
    text = chat.last_text()
    return text.split(HEADING + "\n")[1].split("\n") if HEADING in text else []


async def test_an_event_staff_create_move_or_cancel_shows_at_once(app: App, clock: object
                                                                   ) -> None:
    chat = app.chat()
    await start_as(chat)
    assert await card(chat) == []
    admin = app.services.event_admin
    created = await admin.create(draft("robo-1", 5, 11), by=9001)
    assert await card(chat) == ["• Мастер-класс: роботы — сб, 5 декабря, 11:00"]
    await admin.update(created.event_id, replace(draft("robo-1", 6, 12), title_ru="Роботы"),
                       by=9001)
    assert await card(chat) == ["• Роботы — вс, 6 декабря, 12:00"]
    await admin.cancel(created.event_id)
    assert await card(chat) == []
    assert "🎪" not in " ".join(chat.labels())


async def test_the_card_reads_its_events_once_while_nothing_changes(app: App,
                                                                   clock: object) -> None:
    await add_event(app, "soon", start=local(date(2026, 12, 1), 16))
    chat, other = app.chat(), app.chat(user_id=2002)
    await start_as(chat)
    await start_as(other, "parent")
    cache = app.services.event_booking.views.card_events
    misses = cache.misses
    for person in (chat, other, chat):
        assert await card(person) == ["• Мастер-класс: роботы — вт, 1 декабря, 16:00"]
    assert cache.misses == misses + 1 and cache.hits >= 2


async def test_an_event_leaves_the_card_when_it_starts(
        app: App, clock: time_machine.Traveller) -> None:
    """The next in line takes its place, though nothing was written."""
    for code, day, hour in (("a", 1, 16), ("b", 2, 12), ("c", 3, 12), ("d", 4, 12)):
        await add_event(app, code, start=local(date(2026, 12, day), hour))
    chat = app.chat()
    await start_as(chat)
    assert len(await card(chat)) == 3
    clock.move_to(local(date(2026, 12, 1), 15, 59))
    assert (await card(chat))[0] == "• Мастер-класс: роботы — вт, 1 декабря, 16:00"
    clock.move_to(local(date(2026, 12, 1), 16))
    assert await card(chat) == ["• Мастер-класс: роботы — ср, 2 декабря, 12:00",
                                "• Мастер-класс: роботы — чт, 3 декабря, 12:00",
                                "• Мастер-класс: роботы — пт, 4 декабря, 12:00"]


async def test_an_event_imported_by_another_process_shows_after_the_poll(
        app: App, clock: object) -> None:
    chat = app.chat()
    await start_as(chat)
    cache = app.services.event_booking.views.card_events
    cache.poll = 3600.0
    assert await card(chat) == []
    other = await Database.open(app.db.path)  # as `python -m bot import events` does
    try:
        async with other.transaction() as conn:
            await save(conn, draft("imported", 2, 12), None, NOW.astimezone(UTC))
    finally:
        await other.close()
    assert await card(chat) == []  # within the poll interval this process has not looked
    cache.poll = 0.0  # as if the interval had passed
    assert await card(chat) == ["• Мастер-класс: роботы — ср, 2 декабря, 12:00"]


FOLLOWING, NOT_FOLLOWING = "🔕 Не присылать новости", "🔔 Новости квантума"


async def test_the_news_toggle_follows_a_change_here_at_once(app: App) -> None:
    with time_machine.travel(NOW, tick=False):
        chat, _ = await family(app)  # a parent whose child is confirmed in robo-a1
        await chat.press_data("q:robo:c0")
        assert FOLLOWING in chat.labels()  # the child's quantum: heard of without a toggle
        await chat.press_data("q:robo:c0")
        assert FOLLOWING in chat.labels()
        await chat.press(FOLLOWING)
        await chat.press_data("q:robo:c0")
        assert NOT_FOLLOWING in chat.labels()
        stranger = app.chat(user_id=1010)
        await start_as(stranger, "parent")
        await stranger.press_data("q:robo:c0")
        assert NOT_FOLLOWING in stranger.labels()
        row = await app.db.fetchone(
            "SELECT e.id, c.family_id FROM enrolments e JOIN children c ON c.id = e.child_id")
        assert row is not None
        enrolment, family_id = int(row[0]), int(row[1])
        await chat.press(NOT_FOLLOWING)
        await chat.press(FOLLOWING)  # off again: the family's group alone decides now
        await chat.press_data("q:robo:c0")
        assert NOT_FOLLOWING in chat.labels()
        async with app.db.transaction() as conn:
            await conn.execute("DELETE FROM subscriptions")
        await chat.press_data("q:robo:c0")
        assert FOLLOWING in chat.labels()
        assert await app.repos.enrolment.cancel(enrolment, family_id) is not None
        await chat.press_data("q:robo:c0")
        assert NOT_FOLLOWING in chat.labels()


async def test_the_news_toggle_follows_an_import_after_the_poll(app: App) -> None:
    with time_machine.travel(NOW, tick=False):
        chat, _ = await family(app)
        marks = app.services.news_views._marks
        marks.poll = 3600.0
        await chat.press_data("q:robo:c0")
        assert FOLLOWING in chat.labels()
        other = await Database.open(app.db.path)  # as `python -m bot import groups` does
        try:
            async with other.transaction() as conn:  # the group ended yesterday
                await conn.execute("UPDATE groups SET ends_on = ?",
                                   ((NOW - timedelta(days=1)).date().isoformat(),))
        finally:
            await other.close()
        await chat.press_data("q:robo:c0")
        assert FOLLOWING in chat.labels()  # within the poll interval: not looked again
        marks.poll = 0.0  # as if the interval had passed
        await chat.press_data("q:robo:c0")
        assert NOT_FOLLOWING in chat.labels()
