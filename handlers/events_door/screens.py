"""What the door shows: pure functions from a registration and its event to `(text,
keyboard)` — the check-in for staff, the ticket for its family, «билет не найден»."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from bot.services.event_tickets import ticket_caption
from bot.ui.callbacks_event_door import CheckIn, DoorNext, FeedbackSkip, FeedbackStars
from bot.ui.callbacks_events import EventOpen, TicketShow
from bot.ui.keyboards import Buttons, Screen, home_button
from storage.clock import age_on
from storage.event_door import Registration
from storage.events import Event

STATUS_KEYS = {"seat": "door-seat", "offered": "door-offered", "waitlist": "door-waitlist",
               "consent": "door-consent"}


def checked_time(t: T, moment: datetime, event: Event, now: datetime, zone: ZoneInfo) -> str:
    """When a family was checked in: «17:52», or «17:52, 7 декабря» when that was not today or
    not on the event's day."""
    day = moment.astimezone(zone).date()
    if day == now.astimezone(zone).date() == event.starts_at.astimezone(zone).date():
        return dates.clock(moment, zone)
    return f"{dates.clock(moment, zone)}, {dates.short_date(day, t.locale)}"


def day_warning(t: T, event: Event, now: datetime, zone: ZoneInfo) -> str | None:
    """The usual door mistake: a family on the wrong day, or a ticket of another event."""
    if event.status == "cancelled":
        return t("door-cancelled")
    if now >= event.ends_at:
        return t("door-over", when=dates.day_and_time(event.ends_at, zone, t.locale))
    first = event.starts_at.astimezone(zone).date()
    if now.astimezone(zone).date() < first:
        return t("door-not-today", day=dates.short_date(first, t.locale))
    return None


def check_in_screen(t: T, registration: Registration, event: Event, zone: ZoneInfo,
                    now: datetime, note: str | None = None) -> Screen:
    """Staff at the door: the event (warned when it is not today, over or cancelled), who
    comes (names with ages on the event's day, each seat's status), the adults, when they
    came or «✅ Отметить приход» (never for a cancelled event), and «🎟 Следующий билет»."""
    day = event.starts_at.astimezone(zone).date()
    lines = [t("door-check-title", title=html.quote(event.title(t.locale))),
             html.quote(dates.event_time(event.starts_at, event.ends_at, zone, t.locale))]
    warning = day_warning(t, event, now, zone)
    if warning:
        lines.append(warning)
    lines.append("")
    for seat in registration.seats:
        lines.append(t("door-child", name=html.quote(seat.name),
                       age=age_on(seat.birth_date, day),
                       status=t(STATUS_KEYS.get(seat.status, "door-seat"))))
    if not registration.seats:
        lines.append(t("door-no-children"))
    lines.append(t("door-companions", count=registration.companions))
    if registration.seats and all(s.status != "seat" for s in registration.seats):
        lines += ["", t("door-waitlisted")]
    if registration.checked_in_at is not None and note is None:  # the note says it then
        lines += ["", t("door-checked", at=checked_time(t, registration.checked_in_at, event,
                                                        now, zone))]
    if note:
        lines += ["", note]
    builder = Buttons()
    markable = registration.checked_in_at is None and event.status != "cancelled"
    if markable:
        builder.button(text=t("btn-door-check"), callback_data=CheckIn(
            registration=registration.id))
    builder.button(text=t("btn-door-next"), callback_data=DoorNext())
    home_button(builder, t)
    builder.adjust(*((1, 2) if markable else (2,)))
    return "\n".join(lines), builder.as_markup()


def ticket_screen(t: T, registration: Registration, event: Event, zone: ZoneInfo) -> Screen:
    """The family scanning its own QR: the ticket's text, the QR again a press away."""
    names = [seat.name for seat in registration.seats if seat.status == "seat"]
    text = ticket_caption(t, event, names, registration.code, zone, registration.companions)
    builder = Buttons()
    builder.button(text=t("btn-my-ticket"), callback_data=TicketShow(
        registration=registration.id))
    builder.button(text=t("btn-ticket-event"), callback_data=EventOpen(event=event.id))
    home_button(builder, t)
    return text, builder.as_markup()


def message_screen(t: T, key: str, **kwargs: object) -> Screen:
    """A short answer with the way home: «билет не найден», «только для сотрудников»…"""
    builder = Buttons()
    home_button(builder, t)
    return t(key, **kwargs), builder.as_markup()


def code_question(t: T, key: str = "door-code-ask") -> Screen:
    builder = Buttons()
    home_button(builder, t)
    return t(key), builder.as_markup()


def rated_screen(t: T, registration_id: int, stars: int, title: str) -> Screen:
    """After the stars: thanks, the stars still changeable, a comment or «Пропустить»."""
    builder = Buttons()
    for n in range(1, 6):
        label = f"{n} ⭐" if n != stars else f"✅ {n}"
        builder.button(text=label, callback_data=FeedbackStars(
            registration=registration_id, stars=n))
    builder.button(text=t("btn-door-skip"), callback_data=FeedbackSkip(
        registration=registration_id))
    builder.adjust(5, 1)
    return t("door-rated", stars="⭐" * stars, title=html.quote(title)), builder.as_markup()


def comment_again(t: T, key: str, registration_id: int, **kwargs: object) -> Screen:
    """What was wrong with the comment, the question again, «Пропустить» under it."""
    builder = Buttons()
    builder.button(text=t("btn-door-skip"), callback_data=FeedbackSkip(
        registration=registration_id))
    home_button(builder, t)
    return t(key, **kwargs), builder.as_markup()
