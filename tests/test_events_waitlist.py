"""The waitlist kept in order and holds kept before the start: a seat freed behind the queue's
back still goes to the first in line, a moved event's holds counted again, a cancelled event's
holds left alone, offers and lapses after quiet hours, «🙅 Не придём» only for the owner and
only before the start, dropped seats taking their pending messages along, a parent's consent
(recorded, queued at the end), and the reminders' wording and number."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from bot.i18n import Texts
from bot.services.event_booking_rules import MAX_CHILDREN, ChildIn, Request
from bot.ui.callbacks_event_booking import EbCancel
from bot.ui.keyboards import LABEL_LIMIT
from storage.events import event_in
from tests.helpers.events import (
    NOW,
    add_event,
    add_family,
    add_pupil,
    booking,
    born,
    kids,
    local,
    queued,
    seats,
)
from tests.helpers.harness import App

START = local(date(2026, 12, 5), 11)  # Saturday, 11:00 in Moscow
T0 = NOW.astimezone(UTC)  # Monday 30 November, 09:00 in Moscow


async def quiet(app: App, user_id: int, start: str, end: str) -> None:
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO reminder_settings (user_id, quiet, quiet_from, quiet_until, updated_at)"
            " VALUES (?, 1, ?, ?, '2026-11-01')", (user_id, start, end))


async def offered_to_second(app: App, event: int) -> tuple[int, int]:
    """Маша (1001) seated, Петя (1002) waiting; Маша cancels: Петя's seat is offered."""
    a, _ = await add_family(app, 1001, [])
    b, _ = await add_family(app, 1002, [])
    first = await booking(app).register(Request(event, 1001, a, kids(("Маша", 9))), T0)
    second = await booking(app).register(Request(event, 1002, b, kids(("Петя", 9))), T0)
    done = await booking(app).cancel(1001, first.registration_id, now=T0)
    return second.registration_id, done.promoted[0]


async def test_a_moved_event_holds_its_offers_before_the_new_start(app: App) -> None:
    event = await add_event(app, seats=1)
    reg, seat = await offered_to_second(app, event)
    [old] = await queued(app, event, "offer")
    # moved to Monday 17:00: held until 16:00 now, offered again, the old offer cancelled
    new_start = local(date(2026, 11, 30), 17)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?",
                           (new_start.isoformat(), (new_start + timedelta(hours=1)).isoformat(),
                            event))
        moved = await event_in(conn, event)
        assert moved is not None
        await booking(app).event_moved(conn, moved, T0)
    hold = await app.db.fetchval("SELECT hold_until FROM event_seats WHERE id = ?", (seat,))
    assert hold.startswith("2026-11-30T13:00")  # 16:00 in Moscow
    old_now, new = await queued(app, event, "offer")
    assert old_now.key == old.key and old_now.status == "cancelled"
    assert new.status == "pending" and "до 30 ноября, 16:00" in new.text
    # «Приду» after the start is too late
    late = await booking(app).answer_offer(1002, seat, True, new_start + timedelta(minutes=5))
    assert late.outcome == "late"
    # moved again, an hour and a half away: no time to ask, the seat and its ticket at once
    soon = T0 + timedelta(minutes=90)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET starts_at = ? WHERE id = ?",
                           (soon.isoformat(), event))
        moved = await event_in(conn, event)
        assert moved is not None
        await booking(app).event_moved(conn, moved, T0)
    assert await seats(app, event) == [("Петя", "seat")]
    assert await queued(app, event, f"ticket:{reg}:")
    assert [q.status for q in await queued(app, event, "offer")] == ["cancelled", "cancelled"]


async def test_no_newcomer_overtakes_the_waitlist(app: App) -> None:
    event = await add_event(app, seats=1)
    a, _ = await add_family(app, 1001, [])
    b, _ = await add_family(app, 1002, [])
    c, _ = await add_family(app, 1003, [])
    await booking(app).register(Request(event, 1001, a, kids(("Маша", 9))), T0)
    await booking(app).register(Request(event, 1002, b, kids(("Петя", 9))), T0)
    # Маша's seat disappears without a waitlist pass (a family forgotten: the cascade)
    async with app.db.transaction() as conn:
        await conn.execute("DELETE FROM event_seats WHERE name = 'Маша'")
    later = T0 + timedelta(hours=1)
    newcomer = await booking(app).register(Request(event, 1003, c, kids(("Ваня", 9))), later)
    assert newcomer.waiting == ("Ваня",) and newcomer.position == 1
    assert await seats(app, event) == [("Петя", "offered"), ("Ваня", "waitlist")]


async def test_a_cancelled_event_lapses_nothing(app: App) -> None:
    event = await add_event(app, seats=1)
    await offered_to_second(app, event)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET status = 'cancelled' WHERE id = ?", (event,))
    assert await booking(app).expire_holds(T0 + timedelta(hours=13)) == 0
    assert not await queued(app, event, "lapsed")


async def test_offers_and_lapses_wait_for_the_end_of_quiet_hours(app: App) -> None:
    event = await add_event(app, seats=1)
    await add_family(app, 1002, [])
    await quiet(app, 1002, "22:00", "12:00")  # Петя's family sleeps late: 09:00 is quiet
    a, _ = await add_family(app, 1001, [])
    first = await booking(app).register(Request(event, 1001, a, kids(("Маша", 9))), T0)
    family = await app.db.fetchval("SELECT family_id FROM family_members WHERE user_id = 1002")
    await booking(app).register(Request(event, 1002, family, kids(("Петя", 9))), T0)
    await booking(app).cancel(1001, first.registration_id, now=T0)
    [offer] = await queued(app, event, "offer")
    noon = local(date(2026, 11, 30), 12)
    assert offer.due_at == noon and "до 1 декабря, 00:00" in offer.text  # 12 h from noon
    assert await booking(app).expire_holds(noon + timedelta(hours=11)) == 0
    await booking(app).expire_holds(local(date(2026, 12, 1), 0))
    [lapsed] = await queued(app, event, "lapsed")
    assert lapsed.due_at == local(date(2026, 12, 1), 12)


async def test_not_coming_only_for_the_owner_and_only_before_the_start(app: App) -> None:
    event = await add_event(app, seats=3)
    await app.repos.users.create(3001, language="ru", first_name="Аня", username=None,
                                 family_role="parent")
    await app.repos.users.create(4001, language="ru", first_name="Вор", username=None,
                                 family_role="parent")
    # no family on either side: two missing families are not one family
    booked = await booking(app).register(Request(event, 3001, None, kids(("Тайнов Петя", 9))),
                                         T0)
    stranger = await booking(app).cancel_preview(4001, booked.registration_id, T0)
    assert stranger.outcome == "gone" and not stranger.seats
    chat = app.chat(4001)
    await chat.send("/start")
    await chat.press_data(EbCancel(registration=booked.registration_id).pack())
    assert "Тайнов" not in chat.last_text() and chat.last_text().startswith("Этой записи")
    own = await booking(app).cancel_preview(3001, booked.registration_id, T0)
    assert own.outcome == "ok" and [s.name for s in own.seats] == ["Тайнов Петя"]
    # after the start, or once checked in: refused, nothing deleted
    after = START + timedelta(minutes=10)
    assert (await booking(app).cancel(3001, booked.registration_id, now=after)).outcome == "late"
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE event_registrations SET checked_in_at = ? WHERE id = ?",
                           (T0.isoformat(), booked.registration_id))
    assert (await booking(app).cancel(3001, booked.registration_id, now=T0)).outcome == "late"
    assert await seats(app, event) == [("Тайнов Петя", "seat")]
    for lang, text in (("ru", "Событие уже началось или вы уже отметились на входе"),
                       ("en", "The event has started or you have checked in")):
        user = 3001 if lang == "ru" else 3002
        if lang == "en":
            await app.repos.users.create(3002, language="en", first_name="Ann", username=None,
                                         family_role="parent")
            other = await booking(app).register(
                Request(event, 3002, None, kids(("Ann Lee", 9))), T0)
            async with app.db.transaction() as conn:
                await conn.execute("UPDATE event_registrations SET checked_in_at = ?"
                                   " WHERE id = ?", (T0.isoformat(), other.registration_id))
            reg = other.registration_id
        else:
            reg = booked.registration_id
        person = app.chat(user, language_code=lang)
        await person.send("/start")
        await person.press_data(EbCancel(registration=reg).pack())
        assert person.last_text().startswith(text)


async def test_dropped_seats_take_their_pending_messages(app: App) -> None:
    event = await add_event(app, seats=1)
    reg, seat = await offered_to_second(app, event)
    # the family of two waiting children cancels the offered one alone
    async with app.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO event_seats (registration_id, event_id, name, birth_date, status,"
            " queued_at) VALUES (?, ?, 'Вера', ?, 'waitlist', ?)",
            (reg, event, born(10).isoformat(), T0.isoformat()))
    assert (await booking(app).cancel(1002, reg, seat, now=T0)).outcome == "cancelled"
    assert [q.status for q in await queued(app, event, "offer")][0] == "cancelled"


async def test_a_parents_consent_recorded_and_queued_at_the_end(app: App) -> None:
    event = await add_event(app, seats=1)
    family, [kolya] = await add_family(app, 1001, [("Иванов Коля", 11)])
    await add_pupil(app, family, 1003, "Коля")
    own = await booking(app).register(Request(
        event, 1003, family, (ChildIn("Иванов Коля", born(11), kolya),), consent=True), T0)
    assert own.pending == ("Иванов Коля",)
    # the parent registering the same child is shown the registration to agree to
    again = await booking(app).register(Request(
        event, 1001, family, (ChildIn("Иванов Коля", born(11), kolya),)), T0)
    assert again.outcome == "awaiting" and again.registration_id == own.registration_id
    second = await add_event(app, "second", seats=1)
    withdrawn = await booking(app).register(Request(
        second, 1003, family, (ChildIn("Иванов Коля", born(11), kolya),), consent=True), T0)
    assert (await booking(app).cancel(1003, withdrawn.registration_id, now=T0)).outcome == (
        "cancelled")
    assert [q.status for q in await queued(app, second, "consent:")] == ["cancelled"]
    b, _ = await add_family(app, 1002, [])
    await booking(app).register(Request(event, 1002, b, kids(("Маша", 9))), T0)
    later = T0 + timedelta(hours=2)
    assert (await booking(app).consent(1001, own.registration_id, True, later)).outcome == (
        "agreed")
    queued_at = await app.db.fetchval(
        "SELECT queued_at FROM event_seats WHERE registration_id = ?", (own.registration_id,))
    assert queued_at.startswith(later.isoformat()[:16])
    given = await app.db.fetchone(
        "SELECT given_by, given_as, photo FROM consents WHERE child_id = ? ORDER BY id DESC",
        (kolya,))
    assert given is not None and tuple(given) == (1001, "parent", 0)
    assert [q.status for q in await queued(app, event, "consent:")] == ["cancelled"]


async def test_consent_given_in_the_form_is_recorded(app: App) -> None:
    event = await add_event(app, seats=5)
    family, _ = await add_family(app, 1001, [])
    booked = await booking(app).register(Request(
        event, 1001, family, kids(("Новая Оля", 9)), consent_version="v2"), T0)
    row = await app.db.fetchone(
        "SELECT consent_version, consent_at, consent_by FROM event_registrations WHERE id = ?",
        (booked.registration_id,))
    assert row is not None and row["consent_version"] == "v2" and row["consent_at"]
    assert row["consent_by"] == 1001
    many = tuple(ChildIn(f"Ученик Номер{chr(1072 + n % 30)}", born(10)) for n in
                 range(MAX_CHILDREN + 1))
    assert (await booking(app).register(Request(event, 1001, family, many), T0)).outcome == (
        "too_many")


async def test_reminders_name_the_day_and_a_pupil_gets_one(app: App) -> None:
    event = await add_event(app)
    family, _ = await add_family(app, 1001, [])
    await quiet(app, 1001, "18:00", "09:00")  # the evening reminder moves to the event's day
    await booking(app).register(Request(event, 1001, family, kids(("Маша", 10))), T0)
    [morning] = await queued(app, event, "remind")  # 19:00 → 09:00 Sat; 2h (09:00) is one
    assert morning.text.startswith("⏰ Сегодня в 11:00: <b>Мастер-класс: роботы</b>")
    pupil_family, _ = await add_family(app, 1005, [], role="pupil", lang="en")
    await booking(app).register(Request(event, 1005, pupil_family, kids(("Tom", 12))), T0)
    rows = [q for q in await queued(app, event, "remind") if q.chat_id == 1005]
    assert [q.key.split(":")[4] for q in rows] == ["2h"]
    assert rows[0].text.startswith("⏰ Today at 11:00: <b>Master class: robots</b>")


async def test_every_booking_button_fits_a_phone(app: App) -> None:
    args = {"free": 29, "child": "Константинопольская Александра", "relation": "parent",
            "you": "vy", "n": 3}
    for lang in ("ru", "en"):
        t = Texts().bind(lang)
        for key in ("btn-eb-split", "btn-eb-wait", "btn-eb-submit", "btn-eb-consent-yes",
                    "btn-eb-consent-no", "btn-eb-not-coming", "btn-eb-come", "btn-eb-keep",
                    "btn-eb-cancel-all", "btn-eb-leave", "btn-eb-next", "btn-eb-ticket"):
            assert len(t(key, **args)) <= LABEL_LIMIT, (lang, key, t(key, **args))
