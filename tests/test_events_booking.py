"""Seats and the waitlist of an event, as the use cases keep them: a seat per child, the
waitlist when full, the family's choice when seats run short, a freed seat held for the next in
line, holds that lapse, thirty families racing for the last seat, and the reminders planned
around quiet hours."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, timedelta

from bot.services.event_booking_rules import Request
from tests.helpers.events import (
    NOW,
    add_event,
    add_family,
    booking,
    kids,
    local,
    queued,
    seats,
)
from tests.helpers.harness import App

START = local(date(2026, 12, 5), 11)  # Saturday, 11:00 in Moscow
T0 = NOW.astimezone(UTC)


async def test_children_take_seats_and_the_ticket_is_queued(app: App) -> None:
    event = await add_event(app, seats=3)
    family, _ = await add_family(app, 1001, [])
    booked = await booking(app).register(Request(
        event, 1001, family, kids(("Маша", 10), ("Петя", 8)), companions=1, phone="+79123456789"),
        T0)
    assert booked.outcome == "booked"
    assert booked.seated == ("Маша", "Петя") and not booked.waiting
    [ticket] = await queued(app, event, "ticket")
    assert ticket.kind == "ticket" and ticket.chat_id == 1001
    assert ticket.key == f"ev:{event}:ticket:{booked.registration_id}:1"
    assert "Маша, Петя" in ticket.text and "сб, 5 декабря, 11:00–12:30" in ticket.text
    mine = await booking(app).views.mine(event, 1001)
    assert mine is not None
    reg, _ = mine
    assert reg.code in ticket.text and len(reg.code) == 6
    assert ticket.payload["qr_code"] == reg.code  # written under the QR code too
    assert ticket.payload["qr_token"] == reg.token
    # the same child is not taken twice, by anyone
    other, _ = await add_family(app, 1002, [])
    again = await booking(app).register(Request(event, 1002, other, kids(("маша", 10))), T0)
    assert again.outcome == "already"


async def test_refusals_ages_closed_and_companions(app: App) -> None:
    event = await add_event(app, until=START - timedelta(days=1))
    family, _ = await add_family(app, 1001, [])
    refuse = booking(app).register
    assert (await refuse(Request(event, 1001, family, kids(("Вова", 16))), T0)).names == (
        "Вова",)
    too_many = Request(event, 1001, family, kids(("Маша", 10)), companions=2)
    assert (await refuse(too_many, T0)).outcome == "companions"
    late = START - timedelta(hours=12)
    assert (await refuse(Request(event, 1001, family, kids(("Маша", 10))), late)).outcome == (
        "closed")
    assert await seats(app, event) == []


async def test_full_waitlist_and_the_split_choice(app: App) -> None:
    event = await add_event(app, seats=2)
    a, _ = await add_family(app, 1001, [])
    b, _ = await add_family(app, 1002, [])
    c, _ = await add_family(app, 1003, [])
    await booking(app).register(Request(event, 1001, a, kids(("Аня", 9))), T0)
    two = kids(("Боря", 9), ("Вера", 11))
    asked = await booking(app).register(Request(event, 1002, b, two), T0)
    assert asked.outcome == "choose" and asked.free == 1
    assert await seats(app, event) == [("Аня", "seat")]
    split = await booking(app).register(Request(event, 1002, b, two, mode="split"), T0)
    assert split.seated == ("Боря",) and split.waiting == ("Вера",) and split.position == 1
    full = await booking(app).register(Request(event, 1003, c, kids(("Гоша", 10))), T0)
    assert full.outcome == "booked" and full.waiting == ("Гоша",) and full.position == 2
    assert not await queued(app, event, f"ticket:{full.registration_id}:")
    together = await add_event(app, "together", seats=1)
    both = await booking(app).register(Request(together, 1002, b, two, mode="wait"), T0)
    assert both.waiting == ("Боря", "Вера") and not both.seated


async def test_a_freed_seat_is_offered_then_taken(app: App) -> None:
    event = await add_event(app, seats=1)
    a, _ = await add_family(app, 1001, [])
    b, _ = await add_family(app, 1002, [], lang="en")
    first = await booking(app).register(Request(event, 1001, a, kids(("Аня", 9))), T0)
    second = await booking(app).register(Request(event, 1002, b, kids(("Bob", 9))), T0)
    assert second.waiting == ("Bob",)
    # a stranger's «Не придём» changes nothing
    assert (await booking(app).cancel(1002, first.registration_id, now=T0)).outcome == "gone"
    done = await booking(app).cancel(1001, first.registration_id, now=T0)
    assert done.outcome == "cancelled" and len(done.promoted) == 1
    assert await seats(app, event) == [("Bob", "offered")]
    [offer] = await queued(app, event, "offer")
    assert offer.chat_id == 1002 and "We hold it until 30 November, 21:00" in offer.text
    assert [b["text"] for b in offer.payload["buttons"][0]] == ["✅ I'll be there",
                                                               "🙅 Can't come"]
    # the first family's ticket and reminders are cancelled with the registration
    assert {q.status for q in await queued(app, event, f"remind:{first.registration_id}:")} \
        <= {"cancelled"}
    seat_id = done.promoted[0]
    assert (await booking(app).answer_offer(1002, seat_id, True, T0)).outcome == "seat"
    assert await seats(app, event) == [("Bob", "seat")]
    [ticket] = await queued(app, event, f"ticket:{second.registration_id}:")
    assert "Bob" in ticket.text and "Door code" in ticket.text


async def test_lapsed_hold_goes_to_the_next_and_near_the_start_directly(app: App) -> None:
    event = await add_event(app, seats=1)
    ids = [1001, 1002, 1003, 1004]
    families = [(await add_family(app, uid, []))[0] for uid in ids]
    regs = [await booking(app).register(Request(event, uid, fam, kids((f"Ребёнок {n}", 9))),
                                        T0 + timedelta(seconds=n))
            for n, (uid, fam) in enumerate(zip(ids, families, strict=True))]
    await booking(app).cancel(1001, regs[0].registration_id, now=T0)
    assert [s for _, s in await seats(app, event)] == ["offered", "waitlist", "waitlist"]
    assert await booking(app).expire_holds(T0 + timedelta(hours=11)) == 0
    assert await booking(app).expire_holds(T0 + timedelta(hours=12)) == 1
    assert await seats(app, event) == [("Ребёнок 2", "offered"), ("Ребёнок 3", "waitlist")]
    [lapsed] = await queued(app, event, "lapsed")
    assert lapsed.chat_id == 1002 and lapsed.text.startswith("⌛ Ребёнок 1: место")
    late = (await booking(app).answer_offer(1002, 0, True, T0))
    assert late.outcome == "gone"
    # less than two hours before the start there is no time to ask: a seat and its ticket
    near = START - timedelta(minutes=90)
    assert await booking(app).expire_holds(near) == 1
    assert await seats(app, event) == [("Ребёнок 3", "seat")]
    assert await queued(app, event, f"ticket:{regs[3].registration_id}:")


async def test_thirty_families_race_for_the_last_seat(app: App) -> None:
    event = await add_event(app, seats=1)
    ids = list(range(2000, 2030))
    families = [(await add_family(app, uid, []))[0] for uid in ids]
    results = await asyncio.gather(*(
        booking(app).register(Request(event, uid, fam, kids((f"Ребёнок {uid}", 10))), T0)
        for uid, fam in zip(ids, families, strict=True)))
    assert sum(len(r.seated) for r in results) == 1
    assert sum(len(r.waiting) for r in results) == 29
    assert sorted(r.position for r in results if r.waiting) == list(range(1, 30))
    assert len(await queued(app, event, "ticket")) == 1


async def test_reminders_the_evening_before_and_two_hours_before(app: App) -> None:
    event = await add_event(app)
    family, _ = await add_family(app, 1001, [])
    booked = await booking(app).register(Request(event, 1001, family, kids(("Маша", 10))), T0)
    rows = await queued(app, event, "remind")
    assert [(r.due_at, r.key.split(":")[4]) for r in rows] == [
        (local(date(2026, 12, 4), 19), "evening"), (local(date(2026, 12, 5), 9), "2h")]
    assert all(r.key.startswith(f"ev:{event}:remind:{booked.registration_id}:") for r in rows)
    assert rows[0].text.startswith("⏰ Завтра: <b>Мастер-класс: роботы</b>")
    assert [b["text"] for b in rows[0].payload["buttons"][0]] == ["🙅 Не придём",
                                                                 "🎟 Мой билет"]
    # an early event: 2 hours before falls in the quiet hours, moved to 08:00
    early = await add_event(app, "early", start=local(date(2026, 12, 5), 9, 30))
    await booking(app).register(Request(early, 1001, family, kids(("Маша", 10))), T0)
    assert [r.due_at for r in await queued(app, early, "remind")][1] == local(
        date(2026, 12, 5), 8)
    # at 08:00 itself nothing is left before the start: dropped
    dawn = await add_event(app, "dawn", start=local(date(2026, 12, 5), 8))
    await booking(app).register(Request(dawn, 1001, family, kids(("Маша", 10))), T0)
    assert [r.key.split(":")[4] for r in await queued(app, dawn, "remind")] == ["evening"]
