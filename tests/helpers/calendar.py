"""The calendar file as a family gets it, and a phone's calendar that imports it as RFC 5545
says: an event already there is replaced only by one with a higher SEQUENCE, and removed
only when told it is cancelled — an event left out of a newer file stays."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar, Event

from bot.local.chat import LocalChat
from tests.helpers.harness import App
from tests.helpers.schedule import MOSCOW

ICS_BUTTONS = ("📅 В календарь", "📅 Add to calendar", "📅 Обновить календарь",
               "📅 Update calendar")


async def download(app: App, chat: LocalChat, child: str | None = None) -> Calendar:
    """/schedule, then 📅 (and the child, when the bot asks whose): the file sent."""
    await chat.send("/schedule")
    await chat.press(next(label for label in chat.labels() if label in ICS_BUTTONS))
    if "document" not in chat.last():
        await chat.press(child or chat.labels()[0])
    return sent_calendar(app, chat)


def sent_calendar(app: App, chat: LocalChat) -> Calendar:
    message = chat.last()
    assert "document" in message, chat.last_text()
    return Calendar.from_ical(app.emulator.files[message["document"]["file_id"]])


def by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar.events}


def sequence(event: Event) -> int:
    return int(str(event.get("SEQUENCE", 0)))


def status(event: Event) -> str:
    return str(event["STATUS"])


def day_of(event: Event) -> date:
    start = event.start
    assert isinstance(start, datetime)
    return start.astimezone(MOSCOW).date()


def on_day(calendar: Calendar, day: date) -> Event:
    return next(event for event in calendar.events if day_of(event) == day)


class PhoneCalendar:
    """The events a calendar keeps after importing files one after another."""

    def __init__(self) -> None:
        self.events: dict[str, Event] = {}

    def open(self, calendar: Calendar) -> None:
        for uid, event in by_uid(calendar).items():
            known = self.events.get(uid)
            if known is not None and sequence(event) <= sequence(known):
                continue  # not newer: the calendar keeps what it has
            if status(event) == "CANCELLED":
                self.events.pop(uid, None)
            else:
                self.events[uid] = event

    def days(self) -> list[date]:
        return sorted(day_of(event) for event in self.events.values())
