"""Events in English, from end to end: a family registers a known child and a new one with an
adult and a phone, gets the ticket, asks for it again and answers «Not coming»; a member of
staff creates an event in the chat and cancels it. Every screen is English: no Cyrillic is
left on any of them but the children's names."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.services.event_booking_rules import ChildIn, Request
from tests.helpers import toast
from tests.helpers.events import add_event, add_family, born
from tests.helpers.harness import ADMIN_ID, App

NAMES = ("Иванова Маша", "Иванов Ваня")
# and what staff typed (a place, a title) or are shown as an example of the Russian title
DATA = (*NAMES, "Каб. 101", "Мастер-класс «Первый робот»", "Первый робот")
CYRILLIC = re.compile("[А-Яа-яЁё]")


pytestmark = pytest.mark.usefixtures("frozen")  # the tests' NOW, the clock standing still


def english(chat: LocalChat, since: int = 0) -> list[str]:
    """The texts and buttons shown since message `since`, each checked for Cyrillic outside
    the children's names."""
    shown = []
    for message in chat.messages()[since:]:
        text = str(message.get("text") or message.get("caption") or "")
        labels = [b.text for b in chat.buttons(message["message_id"])]
        for part in (text, *labels):
            bare = part
            for name in DATA:
                bare = bare.replace(name, "")
            assert not CYRILLIC.search(bare), part
        shown.append(text)
    return shown


async def test_a_family_registers_in_english(app: App, frozen: time_machine.Traveller
                                              ) -> None:
    event = await add_event(app, seats=5, companions=2)
    await add_family(app, 1001, [(NAMES[0], 9)], lang="en")
    chat = app.chat(1001, language_code="en")
    await chat.send("/events")
    assert "ages 7–14 · 5 seats left · 🤖 Robotics Quantum" in chat.last_text()
    await chat.press("1. Master class: robots")
    assert "🎫 5 seats left\n👪 adults along: up to 2" in chat.last_text()
    await chat.press("✍️ Register")
    await chat.press(NAMES[0])
    await chat.press("➕ Another child")
    assert chat.last_text().startswith("The child's name? Surname and first name")
    await chat.send(NAMES[1])
    assert chat.last_text() == "The child's date of birth? E.g. 12.05.2014"
    await chat.send(born(8).strftime("%d.%m.%Y"))
    assert chat.last_text().endswith(f"Chosen: {NAMES[0]}, {NAMES[1]}")
    await chat.press("➡️ Next")
    assert chat.last_text() == "How many adults in all come with the children? Up to 4."
    await chat.press("1")
    assert chat.texts()[-2] == "A phone number to reach you? E.g. +7 912 345-67-89"
    await chat.send("8 912 345-67-89")
    assert "✅ Number saved: +79123456789" in chat.texts()
    await chat.press("✅ I agree")  # a child new to the technopark: the parent's consent
    assert chat.last_text() == ("📝 Registration: Master class: robots\n"
                                "Sat, 5 December, 11:00–12:30, Каб. 101\n\n"
                                f"Children: {NAMES[0]}, {NAMES[1]}\nAdults: 1\n"
                                "Phone: +79123456789")
    await chat.press("✅ Register")
    assert chat.last_text().startswith(f"✅ Registered!\nSeats for: {NAMES[0]}, {NAMES[1]}.")
    registered = chat.last()["message_id"]
    await app.deliver()
    ticket = chat.last()
    assert ticket["caption"].startswith("🎟 Ticket: Master class: robots\n")
    assert f"{NAMES[0]}, {NAMES[1]}" in ticket["caption"] and "Door code: " in ticket["caption"]
    assert chat.labels() == ["🙅 Can't come"]
    await chat.press("🎪 The event", message_id=registered)
    card = chat.emulator.messages[(chat.user_id, registered)]["text"]
    assert card.endswith(f"✅ {NAMES[0]} — has a seat\n✅ {NAMES[1]} — has a seat")
    assert chat.labels(registered) == ["🎟 My ticket", "🙅 Can't come", "➕ Register more",
                                       "⬅️ To events", "🏠 Menu"]
    sent = len(chat.messages())
    frozen.shift(timedelta(minutes=2))  # a ticket is sent again at most once a minute
    await chat.press("🎟 My ticket", message_id=registered)
    await app.deliver()
    again = chat.messages()[sent:]
    assert [m["caption"].split("\n")[0] for m in again if "caption" in m] == [
        "🎟 Ticket: Master class: robots"]
    await chat.press("🙅 Can't come", message_id=registered)
    assert chat.last_text() == "Who can't come? Freed seats go to the next in line."
    assert chat.labels() == ["🙅 Nobody can come", f"Not coming: {NAMES[0]}",
                             f"Not coming: {NAMES[1]}", "⬅️ We'll come after all"]
    await chat.press(f"Not coming: {NAMES[1]}")  # nobody waits: no «went to the next»
    assert chat.last_text() == f"Seat freed: {NAMES[1]}. Still registered: {NAMES[0]}."
    await chat.press("🎪 The event")
    await chat.press("🙅 Can't come")
    assert chat.last_text() == "Sure you can't come? The seat will be freed for others."
    await chat.press("🙅 Nobody can come")
    assert chat.last_text() == "Registration cancelled."
    assert chat.labels() == ["🎪 The event", "⬅️ To events", "🏠 Menu"]
    english(chat)
    assert await app.db.fetchval("SELECT count(*) FROM event_seats WHERE status = 'seat'"
                                 " AND event_id = ?", (event,)) == 0


async def test_staff_create_and_cancel_an_event_in_english(app: App) -> None:
    family = await add_family(app, 1001, [(NAMES[0], 9)], lang="en")
    admin = app.chat(ADMIN_ID, language_code="en", first_name="Admin")
    await admin.send("/start")
    since = len(admin.messages())
    await admin.send("/events")
    assert admin.last_text().startswith("🎪 Events (page 1 of 1)")
    await admin.press("➕ New event")
    assert admin.last_text().endswith("What kind of event is it?")
    await admin.press("🛠 Master class")
    for typed in ("Первый робот", "First robot", "10.12.2026 16:00", "90", "Lab 204", "12",
                  "7-12"):
        await admin.send(typed)
    assert admin.last_text().startswith("Which quanta take part?")
    await admin.press("Robotics Quantum")
    await admin.press("✅ Done")
    assert admin.last_text().startswith("How many adults may come with a child?")
    await admin.press("1")
    await admin.press("Skip")  # sign-up until it starts
    await admin.press("Skip")  # no description
    preview = admin.last_text()
    assert preview.startswith("➕ New event — check it and press «Create»:")
    for seen in ("Первый робот\nFirst robot", "🗓 Thu, 10 December, 16:00–17:30\n📍 Lab 204",
                 "Seats: 12", "Ages: 7–12", "Quanta: Robotics Quantum",
                 "Adults per child: up to 1"):
        assert seen in preview, seen
    await admin.press("✅ Create")
    assert admin.last_text().startswith("First robot\n🛠 Master class\n")
    assert "Registered: 0 of 12 seats" in admin.last_text()
    assert admin.last_text().endswith("The event is created.")
    assert admin.labels() == ["📣 Message everyone", "✏️ Edit", "❌ Cancel event", "⬇️ List",
                              "⬅️ Events", "🗂 Under way and past"]
    event = await app.db.fetchval("SELECT id FROM events WHERE code = 'first-robot'")
    family_id, [child] = family
    booked = await app.services.event_booking.register(Request(
        int(event), 1001, family_id, (ChildIn(NAMES[0], born(9), child),),
        phone="+79990000000"))
    assert booked.seated == (NAMES[0],)
    await admin.press("❌ Cancel event")
    assert admin.last_text().startswith(
        "❌ Cancel «First robot»? 1 person signed up will be told.")
    assert admin.labels() == ["❌ Yes, cancel it", "⬅️ Back to event"]
    await admin.press("❌ Yes, cancel it")
    assert admin.last_text().startswith("First robot\n❌ The event is cancelled.")
    assert "1. Иванова Маша — 9 · seat" in admin.last_text()
    # said once, at the top, and no toast repeats it
    assert admin.last_text().endswith("\n\nCancellation messages: 1.")
    assert admin.last_text().count("cancelled") == 1 and toast(admin) is None
    assert admin.labels() == ["⬇️ List", "⬅️ Events", "🗂 Under way and past"]
    english(admin, since)
    parent = app.chat(1001, language_code="en")
    sent = len(parent.messages())
    await app.deliver()
    assert parent.texts()[sent:] == [
        "❌ The event is cancelled\n«First robot» (Thu, 10 December, 16:00–17:30) will not"
        " take place. We're sorry — have a look at the other events."]
    english(parent)
