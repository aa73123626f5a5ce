"""An event changed by staff after families registered: a new time re-plans everyone's
reminders (the old ones cancelled, the new ones at the new evening-before and two hours before)
and tells them once; more seats go to the waitlist in order at once."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, timedelta
from pathlib import Path

import time_machine

from bot.cli.importing import import_file
from bot.services.catalogue import Catalogue
from bot.services.event_booking_rules import ChildIn, Request
from storage.events import EventDraft
from tests.helpers.events import NOW, add_event, add_family, born, local, queued
from tests.helpers.harness import App

T0 = NOW.astimezone(UTC)


async def draft_of(app: App, event_id: int) -> EventDraft:
    event = await app.services.event_admin.get(event_id)
    assert event is not None
    return EventDraft(
        code=event.code, kind=event.kind, title_ru=event.title_ru, title_en=event.title_en,
        starts_at=event.starts_at, ends_at=event.ends_at, place=event.place, seats=event.seats,
        age_min=event.age_min, age_max=event.age_max, quanta=event.quanta,
        description_ru=event.description_ru, description_en=event.description_en,
        registration_until=event.registration_until, companions=event.companions)


async def test_a_moved_event_plans_its_reminders_again(app: App) -> None:
    event = await add_event(app)  # Saturday 5 December, 11:00
    family, _ = await add_family(app, 1001, [])
    booked = await app.services.event_booking.register(
        Request(event, 1001, family, (ChildIn("Маша", born(10)),)), T0)
    assert booked.outcome == "booked"
    before = await queued(app, event, "remind")
    assert [r.status for r in before] == ["pending", "pending"]
    moved = local(date(2026, 12, 6), 14)  # to Sunday 14:00
    draft = await draft_of(app, event)
    with time_machine.travel(T0, tick=False):
        await app.services.event_admin.update(
            event, replace(draft, starts_at=moved, ends_at=moved + timedelta(hours=1)), by=1)
    rows = await queued(app, event, "remind")
    # the old reminders are gone: only those for the new time wait
    assert not {r.key for r in rows} & {b.key for b in before}
    fresh = [(r.due_at, r.key.split(":")[4]) for r in rows if r.status == "pending"]
    assert fresh == [(local(date(2026, 12, 5), 19), "evening"),
                     (local(date(2026, 12, 6), 12), "2h")]
    told = await queued(app, event, "moved")
    assert [r.chat_id for r in told] == [1001]
    assert "вс, 6 декабря, 14:00" in told[0].text


async def test_more_seats_go_to_the_waitlist_in_order(app: App) -> None:
    event = await add_event(app, seats=1)
    first, _ = await add_family(app, 1001, [])
    second, _ = await add_family(app, 1002, [])
    third, _ = await add_family(app, 1003, [])
    register = app.services.event_booking.register
    await register(Request(event, 1001, first, (ChildIn("Аня", born(9)),)), T0)
    await register(Request(event, 1002, second, (ChildIn("Боря", born(9)),)), T0)
    await register(Request(event, 1003, third, (ChildIn("Вера", born(9)),)), T0)
    draft = await draft_of(app, event)
    with time_machine.travel(T0, tick=False):
        await app.services.event_admin.update(event, replace(draft, seats=2), by=1)
    rows = await app.db.fetchall(
        "SELECT name, status FROM event_seats WHERE event_id = ? ORDER BY id", (event,))
    assert [(r["name"], r["status"]) for r in rows] == [
        ("Аня", "seat"), ("Боря", "offered"), ("Вера", "waitlist")]
    [offer] = await queued(app, event, "offer")
    assert offer.chat_id == 1002 and "Боря" in offer.text


async def test_an_import_that_moves_an_event_replans_and_offers_the_new_seats(
        app: App, catalogue: Catalogue, tmp_path: Path) -> None:
    event = await add_event(app, seats=1)  # robo-mk, Saturday 5 December, 11:00
    first, _ = await add_family(app, 1001, [])
    second, _ = await add_family(app, 1002, [])
    register = app.services.event_booking.register
    await register(Request(event, 1001, first, (ChildIn("Маша", born(10)),)), T0)
    await register(Request(event, 1002, second, (ChildIn("Петя", born(10)),)), T0)
    before = await queued(app, event, "remind")
    path = tmp_path / "events.csv"
    path.write_text(
        "code;title_ru;title_en;kind;starts_at;ends_at;place;seats;age_min;age_max;quanta\n"
        "robo-mk;Мастер-класс: роботы;Master class: robots;master_class;06.12.2026 14:00;"
        "06.12.2026 15:30;Каб. 101;3;7;14;robo\n", encoding="utf-8")
    with time_machine.travel(T0, tick=False):
        assert await import_file(app.settings, catalogue, path, "events") == 0
    rows = await queued(app, event, "remind")
    assert not {r.key for r in rows} & {b.key for b in before}
    fresh = [(r.due_at, r.key.split(":")[4]) for r in rows if r.status == "pending"]
    assert fresh == [(local(date(2026, 12, 5), 19), "evening"),
                     (local(date(2026, 12, 6), 12), "2h")]
    seats = await app.db.fetchall(
        "SELECT name, status FROM event_seats WHERE event_id = ? ORDER BY id", (event,))
    assert [(r["name"], r["status"]) for r in seats] == [("Маша", "seat"), ("Петя", "offered")]
    [offer] = await queued(app, event, "offer")
    assert offer.chat_id == 1002 and "Петя" in offer.text


async def test_a_cancelled_event_sends_nothing_but_the_cancellation(app: App) -> None:
    event = await add_event(app, seats=2)
    first, _ = await add_family(app, 1001, [])
    second, _ = await add_family(app, 1002, [])
    third, _ = await add_family(app, 1003, [])
    booking = app.services.event_booking
    masha = await booking.register(Request(event, 1001, first, (ChildIn("Маша", born(10)),)), T0)
    await booking.register(Request(event, 1003, third, (ChildIn("Оля", born(10)),)), T0)
    await booking.register(Request(event, 1002, second, (ChildIn("Петя", born(10)),)), T0)
    await booking.cancel(1001, masha.registration_id, now=T0)  # Петя is offered the seat
    [offer] = await queued(app, event, "offer")
    assert offer.status == "pending" and "Петя" in offer.text
    # Оля's reminders: one already taken by the sender when staff cancel
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE outbox SET status = 'sending' WHERE id = (SELECT min(id)"
                           " FROM outbox WHERE dedupe_key LIKE ? AND status = 'pending')",
                           (f"ev:{event}:remind:%",))
    with time_machine.travel(T0, tick=False):
        outcome, told = await app.services.event_admin.cancel(event)
    assert (outcome, told) == ("cancelled", 2)
    earlier = [r for r in await queued(app, event) if ":cancelled:" not in r.key]
    assert earlier and {(r.status, json.dumps(r.payload)) for r in earlier} == {
        ("cancelled", "{}")}
    # Петя's hold ends with the event: no «место ушло следующему» after «отменено»
    assert await booking.expire_holds(T0 + timedelta(days=3)) == 0
    assert await queued(app, event, "lapsed") == []
    notices = await queued(app, event, "cancelled")
    assert sorted(r.chat_id for r in notices) == [1002, 1003]
    assert {r.status for r in notices} == {"pending"}
