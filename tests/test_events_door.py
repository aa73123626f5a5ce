"""At an event's door: the ticket's QR code read back from its picture, «🎟 Мой билет» for the
family and a forged press, the ticket's link scanned by staff (the check-in), by the family
(their ticket) and by anyone else, /checkin with a typed code, a second scan, a waitlisted
family, and someone not on staff."""

from __future__ import annotations

import time_machine

from bot.ui.callbacks_event_door import CheckIn
from bot.ui.callbacks_events import TicketShow
from tests.helpers import toast
from tests.helpers.events_door import (
    AT_THE_DOOR,
    LINK,
    an_event,
    born,
    join,
    person,
    read_qr,
    register,
    staff,
)
from tests.helpers.harness import App
from tests.helpers.reminders import NOW


async def test_my_ticket_is_a_qr_code_of_the_link_and_only_the_family_gets_it(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    parent = await person(app, 1001)
    ticket = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    await parent.press_data(TicketShow(registration=ticket.registration).pack())
    assert parent.answers()[-1].params["text"] == "🎟 Билет отправлен"
    await app.deliver()
    sent = parent.last()
    assert read_qr(app, sent) == LINK + ticket.token
    # the token is not the registration's id, and at least 64 bits (16 base64url characters)
    assert len(ticket.token) >= 11 and ticket.token != str(ticket.registration)
    caption = parent.last_text()
    assert caption.startswith("🎟 Билет: День открытых дверей")
    assert "сб, 5 декабря, 11:00–13:00" in caption and "Идут: Миша Иванов" in caption
    assert f"Код для входа: {ticket.code}" in caption
    assert parent.labels() == ["🎪 К событию", "🏠 Меню"]
    # pressed again within the minute: nothing more is sent
    await parent.press_data(TicketShow(registration=ticket.registration).pack())
    assert parent.answers()[-1].params["text"] == "🎟 Билет уже отправлен"
    # another parent of the family gets it too (a minute later); someone else does not, and
    # learns no name
    frozen.shift(61)
    other_parent = await person(app, 1002)
    await join(app, ticket.family, 1002)
    await other_parent.press_data(TicketShow(registration=ticket.registration).pack())
    await app.deliver()
    assert read_qr(app, other_parent.last()) == LINK + ticket.token
    stranger = await person(app, 1003)
    await stranger.press_data(TicketShow(registration=ticket.registration).pack())
    await stranger.press_data("et:99999999")
    await app.deliver()
    assert stranger.texts()[-2:] == ["🎟 Билет не найден. Проверьте ссылку или код."] * 2
    assert all("photo" not in m for m in stranger.messages())
    assert stranger.labels() == ["🏠 Меню"]
    # each ticket sent has its own outbox row
    keys = [r["dedupe_key"] for r in await app.db.fetchall(
        "SELECT dedupe_key FROM outbox WHERE kind = 'ticket' ORDER BY id")]
    assert keys == [f"ev:{event}:ticket:{ticket.registration}:1",
                    f"ev:{event}:ticket:{ticket.registration}:2"]


async def test_check_in_by_the_link_once_and_the_family_sees_its_ticket(
        app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    await person(app, 1001)
    ticket = await register(app, event, 1001, [("Миша Иванов", born(10), "seat"),
                                               ("Оля Иванова", born(7), "seat")], companions=2)
    door = await staff(app)
    frozen.move_to(AT_THE_DOOR)
    await door.send(f"/start in_{ticket.token}")
    text = door.last_text()
    assert text.startswith("🎟 Вход: День открытых дверей")
    assert "Миша Иванов — 10 лет, место есть" in text
    assert "Оля Иванова — 7 лет, место есть" in text and "Взрослых: 2" in text
    assert "⚠️" not in text  # the event's day, before its start
    assert door.labels() == ["✅ Отметить приход", "🎟 Следующий билет", "🏠 Меню"]
    await door.press("✅ Отметить приход")
    assert toast(door) is None  # the screen says it: no toast repeating it
    assert door.last_text().count("10:50") == 1  # the time once
    assert door.last_text().endswith("✅ Приход отмечен в 10:50")
    assert door.labels() == ["🎟 Следующий билет", "🏠 Меню"]
    row = await app.db.fetchone("SELECT checked_in_at, checked_in_by FROM"
                                " event_registrations WHERE id = ?", (ticket.registration,))
    assert row is not None and row["checked_in_by"] == 2001
    # a second scan, and the old button pressed again an hour later, keep the first mark
    frozen.shift(3600)
    await door.send(f"/start in_{ticket.token}")
    assert "✅ Уже отмечены в 10:50" in door.last_text()
    assert door.labels() == ["🎟 Следующий билет", "🏠 Меню"]
    await door.press_data(CheckIn(registration=ticket.registration).pack())
    assert toast(door) is None
    assert door.last_text().endswith("Уже отмечены в 10:50")
    # the family scanning its own QR sees the ticket, not the check-in
    family = app.chats[1001]
    await family.send(f"/start in_{ticket.token}")
    assert family.last_text().startswith("🎟 Билет: День открытых дверей")
    assert "Отметить" not in " ".join(family.labels())
    assert family.labels() == ["🎟 Мой билет", "🎪 К событию", "🏠 Меню"]
    # a forged token, or someone else's scan: nothing named
    stranger = await person(app, 1003)
    await stranger.send(f"/start in_{ticket.token}")
    await stranger.send("/start in_AAAAAAAAAAAAAAAA")
    await stranger.send("/start in_<b>")
    assert stranger.texts()[-3:] == ["🎟 Билет не найден. Проверьте ссылку или код."] * 3
    # a forged «✅ Отметить приход»: what every staff button gives someone not on staff
    await stranger.press_data(CheckIn(registration=ticket.registration).pack())
    assert toast(stranger) is None  # the message says it: no toast repeating it
    assert stranger.last_text().startswith("Эта кнопка устарела")
    assert "Миша" not in stranger.last_text()


async def test_checkin_by_code_a_waitlisted_family_and_not_staff(
        app: App, frozen: time_machine.Traveller) -> None:
    first = await an_event(app)
    later = await an_event(app, code="dod-spring", starts=NOW.replace(year=2027),
                           ends=NOW.replace(year=2027, hour=11))
    await person(app, 1001)
    ticket = await register(app, first, 1001, [("Миша Иванов", born(10), "waitlist")],
                            code="K7M2PX")
    await person(app, 1002)
    await register(app, later, 1002, [("Петя Петров", born(12), "seat")], code="K7M2PX")
    door = await staff(app)
    frozen.move_to(AT_THE_DOOR)
    await door.send("/checkin k7m-2px")  # case and dashes do not matter
    text = door.last_text()
    assert "Миша Иванов — 10 лет, в листе ожидания" in text and "Петя" not in text
    assert "Семья в листе ожидания: места нет, но отметить приход можно." in text
    assert "С этим кодом есть ещё 1 событие: показано ближайшее по времени." in text
    await door.press("✅ Отметить приход")
    assert "✅ Приход отмечен в 10:50" in door.last_text()
    await door.send(f"/checkin {ticket.code}")
    assert "✅ Уже отмечены в 10:50" in door.last_text()
    assert door.labels() == ["🎟 Следующий билет", "🏠 Меню"]
    # a bare /checkin asks for the code; a wrong one is asked again
    await door.send("/checkin")
    assert door.last_text().startswith("🎟 Введите код с билета")
    await door.send("ZZZZZZ")
    assert door.last_text().startswith("Такого кода нет.")
    await door.send("x" * 5000)
    assert door.last_text().startswith("Такого кода нет.")
    await door.send("k7m2px")
    assert door.last_text().startswith("🎟 Вход: День открытых дверей")
    # not staff: a command they do not have, as /lessons would be
    parent = app.chats[1001]
    await parent.send("/checkin K7M2PX")
    unknown = parent.last_text()
    await parent.send("/lessons")
    assert parent.last_text() == unknown
    assert unknown.startswith("Такой команды я не знаю. Вот что есть:")
    assert "Миша" not in unknown and parent.labels()[-1] != "🏠 Меню"
    await parent.send("/checkin")
    assert parent.last_text() == unknown


async def test_the_door_in_english(app: App, frozen: time_machine.Traveller) -> None:
    event = await an_event(app)
    parent = await person(app, 1001, "en")
    ticket = await register(app, event, 1001, [("Mike Ivanov", born(10), "seat")])
    door = await staff(app, "en")
    frozen.move_to(AT_THE_DOOR)
    await door.send(f"/checkin {ticket.code}")
    text = door.last_text()
    assert text.startswith("🎟 Door: Open day")
    assert "Mike Ivanov, 10, has a seat" in text and "Adults: 1" in text
    await door.press("✅ Check in")
    assert toast(door) is None  # the screen says it: no toast repeating it
    assert door.last_text().endswith("✅ Checked in at 10:50")
    await door.press_data(CheckIn(registration=ticket.registration).pack())
    assert toast(door) is None
    assert door.last_text().endswith("Already checked in at 10:50")
    await parent.send(f"/start in_{ticket.token}")
    assert parent.last_text().startswith("🎟 Ticket: Open day")
    assert f"Door code: {ticket.code}" in parent.last_text()
    await parent.press("🎟 My ticket")
    await app.deliver()
    assert read_qr(app, parent.last()) == LINK + ticket.token
    await parent.send("/checkin")
    assert parent.last_text().startswith("I don't know that command.")
    await parent.send("/start in_nothing-here-at-all")
    assert parent.last_text() == "🎟 Ticket not found. Check the link or the code."
