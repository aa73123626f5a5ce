"""A family's registrations for events in /mydata and /forget: a family registered (a seat, a
child on the waitlist, checked in, stars and a comment) finds it all in /mydata; /forget
leaves no row naming them (the events' tables, the outbox: tickets with their QR token,
reminders), the freed seat goes to the next family in line at once, and the staff's list no
longer shows them. The nightly clean-up takes an idle family's registrations the same way."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, timedelta
from typing import Any

import pytest
import time_machine

from bot.app import retention
from bot.local.chat import LocalChat
from bot.services.event_booking_rules import ChildIn, Request
from bot.ui.callbacks_events import EventManage
from tests.helpers import raw_bytes
from tests.helpers.events import NOW, add_event, add_family, born
from tests.helpers.harness import App
from tests.helpers.staff import admin_chat

T0 = NOW.astimezone(UTC)
ALICE, BOGDAN, PHONE = "Заречная Алиса", "Заречный Богдан", "+79990001122"
COMMENT = "Алисе Заречной понравились роботы"
MUM, FIRST, NEXT = 5001, 5002, 5003


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


async def a_family_at_an_event(app: App, lang: str = "ru") -> tuple[int, int, int]:
    """Two seats: another family took the first; mum's Alice takes the second, her brother
    Bogdan waits, then the next family's child waits after him. Mum is checked in and leaves
    stars and a comment. The event, mum's family and her registration."""
    event = await add_event(app, seats=2)
    booking = app.services.event_booking
    for user, name in ((FIRST, "Первая Вера"), (MUM, ""), (NEXT, "Следующий Глеб")):
        family, [child] = await add_family(app, user, [(name or ALICE, 10)],
                                           lang if user == MUM else "ru")
        if user != MUM:
            await booking.register(Request(event, user, family, (ChildIn(name, born(10)),),
                                           mode="wait"), T0)
            continue
        mine, booked = family, await booking.register(Request(
            event, MUM, family, (ChildIn(ALICE, born(10), child), ChildIn(BOGDAN, born(8))),
            companions=1, phone=PHONE, mode="split"), T0)
        assert booked.seated == (ALICE,) and booked.waiting == (BOGDAN,)
    staff = await admin_chat(app)
    checker, parent = (await app.repos.users.get(staff.user_id),
                       await app.repos.users.get(MUM))
    assert checker is not None and parent is not None
    door = app.services.event_door
    assert (await door.check_in(checker, booked.registration_id, T0)).outcome == "done"
    assert await door.rate(parent, booked.registration_id, 5, T0) is not None
    assert await door.comment(parent, booked.registration_id, COMMENT) == "ok"
    await app.deliver()  # the tickets sent
    return event, mine, booked.registration_id


async def mydata(app: App, chat: LocalChat) -> tuple[str, dict[str, Any]]:
    await chat.send("/mydata")
    message = chat.messages()[-2]
    return message["caption"], json.loads(app.emulator.files[message["document"]["file_id"]])


async def staff_list(app: App, event: int) -> str:
    """The event's screen for staff and its list for Excel, as one text."""
    staff = await admin_chat(app)
    await staff.press_data(EventManage(event=event).pack())
    screen = staff.last_text()
    await staff.press("⬇️ Список")
    document = [m for m in staff.messages() if "document" in m][-1]
    data = app.emulator.files[document["document"]["file_id"]].decode("utf-8-sig")
    return screen + "\n" + "\n".join(";".join(r) for r in csv.reader(io.StringIO(data),
                                                                      delimiter=";"))


async def names_anywhere(app: App, *words: str) -> list[str]:
    """Where any of the words is still stored: the events' tables, the outbox, the files."""
    found = []
    for table, column in (("event_seats", "name"), ("event_registrations", "phone"),
                          ("event_feedback", "comment"), ("outbox", "payload")):
        for word in words:
            if await app.db.fetchval(
                f"SELECT count(*) FROM {table} WHERE instr({column}, ?) > 0",  # noqa: S608
                (word,)):
                found.append(f"{table}.{column}: {word}")
    on_disk = raw_bytes(app)
    return found + [f"file: {w}" for w in words if w.encode() in on_disk]


async def test_mydata_has_the_event_and_forget_frees_the_seat_for_the_next(app: App) -> None:
    event, family, registration = await a_family_at_an_event(app)
    mum = app.chat(user_id=MUM, first_name="Аня")
    caption, data = await mydata(app, mum)
    assert caption == "📄 Всё, что бот хранит о вашей семье."
    [reg] = data["events"]
    assert reg["event"] == "robo-mk" and reg["title"] == "Мастер-класс: роботы"
    assert reg["user_id"] == MUM and reg["family_id"] == family and reg["companions"] == 1
    assert reg["phone"] == PHONE and reg["checked_in_at"] and reg["created_at"]
    assert reg["starts_at"].startswith("2026-12-05T08:00")
    assert [(s["name"], s["status"], s["place"]) for s in reg["seats"]] == [
        (ALICE, "seat", None), (BOGDAN, "waitlist", 1)]
    assert reg["seats"][0]["birth_date"] == born(10).isoformat()
    assert reg["seats"][0]["child_id"] is not None and reg["seats"][1]["child_id"] is None
    assert reg["feedback"]["stars"] == 5 and reg["feedback"]["comment"] == COMMENT
    tickets = await app.db.fetchval(
        "SELECT count(*) FROM outbox WHERE dedupe_key GLOB ? AND instr(payload, 'qr_token')",
        (f"ev:{event}:ticket:{registration}:*",))
    assert tickets == 1
    assert ALICE in await staff_list(app, event)
    assert await names_anywhere(app, ALICE, BOGDAN, PHONE, COMMENT)

    await mum.send("/forget")
    await mum.press("🗑 Да, удалить всё")
    assert mum.last_text() == "Данные семьи удалены, согласие отозвано."
    assert await names_anywhere(app, ALICE, BOGDAN, PHONE, COMMENT) == []
    assert not await app.db.fetchval(
        "SELECT count(*) FROM event_registrations WHERE user_id = ?", (MUM,))
    assert not await app.db.fetchval(
        "SELECT count(*) FROM outbox WHERE chat_id = ? AND payload != '{}'", (MUM,))
    # the seat went at once to the next in line: Bogdan's place in the queue went with him
    seats = await app.db.fetchall(
        "SELECT name, status FROM event_seats WHERE event_id = ? ORDER BY id", (event,))
    assert [tuple(r) for r in seats] == [("Первая Вера", "seat"), ("Следующий Глеб", "offered")]
    following = app.chat(user_id=NEXT, first_name="Аня")
    await app.deliver()
    assert following.last_text().startswith("🎉 Освободилось место: Мастер-класс: роботы")
    assert "Следующий Глеб" in following.last_text()
    listed = await staff_list(app, event)
    assert ALICE not in listed and BOGDAN not in listed and PHONE not in listed
    assert "Следующий Глеб" in listed and COMMENT not in listed


async def test_in_english_a_parent_gets_the_event_and_forgets_it(app: App) -> None:
    event, _, _ = await a_family_at_an_event(app, "en")
    mum = app.chat(user_id=MUM, language_code="en", first_name="Anna")
    caption, data = await mydata(app, mum)
    assert caption.startswith("📄 Everything the bot keeps")
    assert [s["name"] for s in data["events"][0]["seats"]] == [ALICE, BOGDAN]
    await mum.send("/forget")
    await mum.press("🗑 Yes, delete it all")
    assert mum.last_text() == "The family's data is deleted and consent withdrawn."
    assert await names_anywhere(app, ALICE, BOGDAN, PHONE, COMMENT) == []
    assert await app.db.fetchval(
        "SELECT status FROM event_seats WHERE name = 'Следующий Глеб'") == "offered"
    assert ALICE not in await staff_list(app, event)


async def test_the_nightly_clean_up_takes_an_idle_familys_registrations(
    app: App, frozen: time_machine.Traveller,
) -> None:
    event, _, registration = await a_family_at_an_event(app)
    frozen.move_to(NOW + timedelta(days=400))  # the event long over, nobody came by
    done = await retention(app.repos, app.settings).run()
    assert done.families == 3
    assert not await app.db.fetchval("SELECT count(*) FROM event_registrations")
    assert not await app.db.fetchval("SELECT count(*) FROM event_feedback")
    assert await names_anywhere(app, ALICE, BOGDAN, PHONE, COMMENT) == []
    # no key of the old registration waits to be taken for a new one with the same id
    assert not await app.db.fetchval(
        "SELECT count(*) FROM outbox WHERE dedupe_key GLOB ?",
        (f"ev:{event}:*:{registration}*",))
