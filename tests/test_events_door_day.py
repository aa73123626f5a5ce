"""The door on the wrong day: a warning before «✅ Отметить приход» when the event is not today
or is over, the date beside a check-in's time then, «Как вам?» for a family checked in after
the others were asked, a cancelled event's ticket with nothing to mark, «🎟 Следующий билет»,
and the door code written under the ticket's QR code."""

from __future__ import annotations

import io
from datetime import timedelta

import time_machine

from bot.ui.callbacks_event_door import CheckIn, DoorNext
from bot.ui.callbacks_events import TicketShow
from tests.helpers import toast
from tests.helpers.events_door import (
    AT_THE_DOOR,
    ENDS,
    LINK,
    an_event,
    born,
    person,
    read_qr,
    register,
    staff,
)
from tests.helpers.harness import App


async def test_a_check_in_days_early_or_after_the_end_is_warned_and_dated(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    await person(app, 1001)
    early = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    await person(app, 1002)
    late = await register(app, event, 1002, [("Петя Петров", born(12), "seat")])
    door = await staff(app)
    await door.send(f"/checkin {early.code}")
    lines = door.last_text().split("\n")
    assert lines[2] == "⚠️ Событие 5 декабря, не сегодня."
    await door.press("✅ Отметить приход")
    assert toast(door) is None  # the screen says it: no toast repeating it
    assert door.last_text().endswith("✅ Приход отмечен в 09:00, 30 ноября")
    # the event over: said so, and the day of the mark too
    frozen.move_to(ENDS + timedelta(hours=5))
    await door.send(f"/checkin {late.code}")
    assert "⚠️ Событие уже закончилось: 5 декабря, 13:00." in door.last_text()
    assert door.labels()[0] == "✅ Отметить приход"
    await door.send(f"/checkin {early.code}")
    assert "✅ Уже отмечены в 09:00, 30 ноября" in door.last_text()
    # on the day, before the end: no warning, the time alone
    frozen.move_to(AT_THE_DOOR)
    await door.send(f"/checkin {late.code}")
    assert "⚠️" not in door.last_text()


async def test_the_warning_in_english(app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    await person(app, 1001, "en")
    ticket = await register(app, event, 1001, [("Mike Ivanov", born(10), "seat")])
    door = await staff(app, "en")
    await door.send(f"/checkin {ticket.code}")
    assert "⚠️ The event is on 5 December, not today." in door.last_text()
    await door.press("✅ Check in")
    assert toast(door) is None
    assert door.last_text().endswith("✅ Checked in at 09:00, 30 November")
    assert door.labels() == ["🎟 Next ticket", "🏠 Menu"]
    frozen.move_to(ENDS + timedelta(minutes=1))
    await door.send(f"/checkin {ticket.code}")
    assert "⚠️ The event is already over: 5 December, 13:00." in door.last_text()
    assert "✅ Already checked in at 09:00, 30 November" in door.last_text()


async def test_a_family_checked_in_after_the_others_were_asked_is_asked_once(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app, kind="master_class")
    await person(app, 1001)
    first = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    late_parent = await person(app, 1002, "en")
    late = await register(app, event, 1002, [("Peter Petrov", born(12), "seat")])
    door = await staff(app)
    frozen.move_to(AT_THE_DOOR)
    await door.send(f"/checkin {first.code}")
    await door.press("✅ Отметить приход")
    frozen.move_to(ENDS + timedelta(minutes=2))
    assert await app.services.event_door.tick() == 1  # the one who came
    frozen.move_to(ENDS + timedelta(minutes=30))  # the late one's mark, from the list
    await door.send(f"/checkin {late.code}")
    await door.press("✅ Отметить приход")
    await door.press_data(CheckIn(registration=late.registration).pack())  # again: once
    keys = [r["dedupe_key"] for r in await app.db.fetchall(
        "SELECT dedupe_key FROM outbox WHERE kind = 'feedback' ORDER BY id")]
    assert keys == [f"ev:{event}:feedback:{first.registration}",
                    f"ev:{event}:feedback:{late.registration}"]
    await app.deliver()
    assert late_parent.last_text().startswith("💬 How was «Open day»?")
    assert await app.services.event_door.tick() == 0


async def test_a_cancelled_events_ticket_has_nothing_to_mark(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    await person(app, 1001)
    ticket = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE events SET status = 'cancelled' WHERE id = ?", (event,))
    door = await staff(app)
    frozen.move_to(AT_THE_DOOR)
    await door.send(f"/start in_{ticket.token}")
    assert "❌ Событие отменено — отмечать приход не нужно." in door.last_text()
    assert door.labels() == ["🎟 Следующий билет", "🏠 Меню"]
    await door.press_data(CheckIn(registration=ticket.registration).pack())  # an old button
    assert toast(door) is None  # the screen's warning says it: no toast repeating it
    assert "❌ Событие отменено — отмечать приход не нужно." in door.last_text()
    assert await app.db.fetchval("SELECT checked_in_at FROM event_registrations") is None
    en = await staff(app, "en", user_id=2002)
    await en.send(f"/checkin {ticket.code}")
    assert "❌ The event is cancelled: there is no one to check in." in en.last_text()
    assert en.labels() == ["🎟 Next ticket", "🏠 Menu"]


async def test_next_ticket_asks_for_the_code_as_a_bare_checkin_does(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    parent = await person(app, 1001)
    first = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    await person(app, 1002)
    second = await register(app, event, 1002, [("Петя Петров", born(12), "seat")])
    door = await staff(app)
    frozen.move_to(AT_THE_DOOR)
    await door.send(f"/checkin {first.code}")
    await door.press("✅ Отметить приход")
    await door.press("🎟 Следующий билет")
    assert door.last_text().startswith("🎟 Введите код с билета")
    await door.send(second.code.lower())
    assert "Петя Петров — 12 лет, место есть" in door.last_text()
    # a forged press by a parent: what every staff button gives someone not on staff
    await parent.press_data(DoorNext().pack())
    assert parent.last_text().startswith("Эта кнопка устарела")
    await parent.send(second.code)
    assert "Петя" not in parent.last_text()


async def test_the_ticket_picture_has_the_door_code_under_its_qr_code(
        app: App, frozen: time_machine.Traveller) -> None:
    from PIL import Image

    event = await an_event(app)
    parent = await person(app, 1001)
    ticket = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    await parent.press_data(TicketShow(registration=ticket.registration).pack())
    row = await app.db.fetchone("SELECT payload FROM outbox WHERE kind = 'ticket'")
    assert row is not None and f'"qr_code": "{ticket.code}"' in row["payload"]
    await app.deliver()
    sent = parent.last()
    assert read_qr(app, sent) == LINK + ticket.token  # still read by a camera
    photo = sent["photo"]
    assert isinstance(photo, list)
    picture = Image.open(io.BytesIO(app.emulator.files[photo[-1]["file_id"]])).convert("L")
    assert picture.height > picture.width  # a band under the square QR code…
    band = picture.crop((0, picture.width, picture.width, picture.height))
    assert sum(band.histogram()[:64]) > 200  # …with dark letters written in it
