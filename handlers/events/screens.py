"""Events as a family sees them: the list (paged), one event's card, and the registration
form's questions. Pure renderings from data to (text, keyboard)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from bot.services.catalogue import Catalogue
from bot.services.event_booking_rules import Booked, closed
from bot.services.event_booking_texts import when
from bot.ui.callbacks_event_admin import EaPast
from bot.ui.callbacks_event_booking import (
    EbAdults,
    EbCancel,
    EbChild,
    EbConsent,
    EbGo,
    EbRegister,
    EbTyped,
    EbWho,
)
from bot.ui.callbacks_events import EventList, EventManage, EventNew, EventOpen, TicketShow
from bot.ui.keyboards import Buttons, Screen, button_label, home_button, pager
from storage.event_seats import Registration, Seat
from storage.events import Event
from storage.families import Child

PAGE_SIZE = 5


def ages(t: T, event: Event) -> str:
    return t("ev-ages", low=event.age_min if event.age_min is not None else "none",
             high=event.age_max if event.age_max is not None else "none")


def seats_left(t: T, event: Event, now: datetime | None = None) -> str:
    """Seats left, or «Запись закрыта» once registration is over (when `now` is given)."""
    if now is not None and event.status == "open" and closed(event, now):
        return t("ev-closed")
    free = event.free
    return t("ev-seats", free="none" if free is None else free)


def quanta_names(catalogue: Catalogue, event: Event, locale: str) -> str:
    found = [catalogue.get(code) for code in event.quanta]
    return ", ".join(html.quote(q.title(locale))
                     for q in found if q is not None)


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads a screen and where: the translator, the zone, the catalogue, staff or not,
    now."""

    t: T
    zone: ZoneInfo
    catalogue: Catalogue
    staff: bool
    now: datetime


def list_screen(r: Reader, events: list[Event], page: int, total: int,
                note: str | None = None) -> Screen:
    t, zone, catalogue, staff = r.t, r.zone, r.catalogue, r.staff
    pages = max(1, -(-total // PAGE_SIZE))
    lines = [note] if note else []
    lines.append(t("ev-list-title", page=page + 1, pages=pages))
    if not events:
        lines.append(t("ev-list-empty"))
    builder = Buttons()
    for n, event in enumerate(events, start=page * PAGE_SIZE + 1):
        quanta = quanta_names(catalogue, event, t.locale)
        lines.append(t("ev-list-line", n=n, title=html.quote(event.title(t.locale)),
                       when=html.quote(when(event, zone, t.locale)),
                       place=html.quote(event.place), seats=seats_left(t, event, r.now),
                       ages=ages(t, event), quanta=quanta or "none"))
        builder.button(text=button_label(f"{n}. {event.title(t.locale)}"),
                       callback_data=EventOpen(event=event.id))
    sizes = [1] * len(events)
    added = pager(builder, t, page, pages, lambda p: EventList(page=p))
    if added:
        sizes.append(added)
    if staff:
        builder.button(text=t("btn-ev-new"), callback_data=EventNew())
        builder.button(text=t("btn-eva-past"), callback_data=EaPast())
        sizes.extend([1, 1])
    home_button(builder, t)
    builder.adjust(*sizes, 1)
    return "\n\n".join(lines), builder.as_markup()


def card_screen(r: Reader, event: Event, mine: list[tuple[Registration, list[Seat]]]
                ) -> Screen:
    """The card; `mine`: the person's registration and those their family's children made,
    each child's status with the ticket and «🙅 Не придём»."""
    t, zone, catalogue, staff, now = r.t, r.zone, r.catalogue, r.staff, r.now
    until = event.registration_until
    shut = closed(event, now)
    head = t("ev-card", title=html.quote(event.title(t.locale)), status=event.status)
    description = html.quote(event.description(t.locale))
    facts = [t("ev-card-facts", when=html.quote(when(event, zone, t.locale)),
                place=html.quote(event.place), ages=ages(t, event),
                seats=seats_left(t, event, now), companions=event.companions)]
    quanta = quanta_names(catalogue, event, t.locale)
    if quanta:
        facts.append(t("ev-card-quanta", quanta=quanta))
    if until and not shut:
        facts.append(t("ev-card-until",
                        until=html.quote(dates.day_and_time(until, zone, t.locale))))
    lines = [head, *([description] if description else []), "\n".join(facts)]
    builder = Buttons()
    statuses = [t("ev-mine-line", child=html.quote(seat.name), status=seat.status)
                for _, seats in mine for seat in seats]
    if statuses:
        lines.append("\n".join(statuses))
    for reg, seats in mine:
        whose = "" if len(mine) == 1 else " · " + ", ".join(s.name for s in seats)
        if any(seat.status == "seat" for seat in seats):
            builder.button(text=button_label(t("btn-eb-ticket") + whose),
                           callback_data=TicketShow(registration=reg.id))
        builder.button(text=button_label(t("btn-eb-not-coming") + whose),
                       callback_data=EbCancel(registration=reg.id))
    if not shut:
        key = "btn-ev-register-more" if mine else "btn-ev-register"
        builder.button(text=t(key), callback_data=EbRegister(event=event.id))
    if staff:
        builder.button(text=t("btn-ev-manage"), callback_data=EventManage(event=event.id))
    builder.button(text=t("btn-ev-back"), callback_data=EventList(page=0))
    home_button(builder, t)
    builder.adjust(1)
    return "\n\n".join(lines), builder.as_markup()


def who_screen(t: T, event_id: int) -> Screen:
    """Someone who has not said who they are: registering a child or themself (the
    sign-up's question and buttons)."""
    builder = Buttons()
    builder.button(text=t("btn-who-parent"), callback_data=EbWho(event=event_id,
                                                                 relation="parent"))
    builder.button(text=t("btn-who-child"), callback_data=EbWho(event=event_id,
                                                                relation="child"))
    builder.adjust(2)
    return t("signup-who"), builder.as_markup()


def consent_screen(t: T, event: Event, reg: Registration, names: list[str], zone: ZoneInfo
                   ) -> Screen:
    """A parent who joined the family asked to agree to a young pupil's registration."""
    builder = Buttons()
    builder.button(text=t("btn-eb-consent-yes"),
                   callback_data=EbConsent(registration=reg.id, agree=True))
    builder.button(text=t("btn-eb-consent-no"),
                   callback_data=EbConsent(registration=reg.id, agree=False))
    builder.adjust(2)
    text = t("eb-consent-asked", title=html.quote(event.title(t.locale)),
             when=html.quote(when(event, zone, t.locale)), place=html.quote(event.place),
             children=html.quote(", ".join(names)))
    return text, builder.as_markup()


def children_screen(t: T, children: list[Child], picked: set[int], typed: list[str],
                    relation: str, there: set[int] | None = None) -> Screen:
    """The family's children to toggle (those registered already marked 🎟), the typed
    ones pressed to take them out, another child, «Дальше»."""
    builder = Buttons()
    there = there or set()
    for child in children:
        mark = "🎟 " if child.id in there else "✅ " if child.id in picked else ""
        builder.button(text=button_label(mark + child.name), callback_data=EbChild(child=child.id))
    for n, name in enumerate(typed):
        builder.button(text=button_label("✅ " + name), callback_data=EbTyped(n=n))
    builder.button(text=t("btn-eb-other-child", relation=relation), callback_data=EbChild(child=0))
    if picked or typed:
        builder.button(text=t("btn-eb-next"), callback_data=EbChild(child=-1))
    builder.button(text=t("btn-eb-leave"), callback_data=EbGo(action="leave"))
    builder.adjust(2)
    chosen = ", ".join([c.name for c in children if c.id in picked] + typed)
    text = t("eb-ask-children", chosen=html.quote(chosen) or "none")
    registered = [c.name for c in children if c.id in there]
    if registered:
        text += "\n" + t("eb-children-there", children=html.quote(", ".join(registered)))
    return text, builder.as_markup()


def adults_screen(t: T, most: int, current: int | None = None) -> Screen:
    """0…most; the number registered before (if any) marked ✅."""
    builder = Buttons()
    for n in range(most + 1):
        builder.button(text=("✅ " if n == current else "") + str(n),
                       callback_data=EbAdults(n=n))
    builder.button(text=t("btn-eb-leave"), callback_data=EbGo(action="leave"))
    full, rest = divmod(most + 1, 4)
    builder.adjust(*[4] * full, *([rest] if rest else []), 1)
    return (t("eb-ask-adults", most=most, current="none" if current is None else current),
            builder.as_markup())


def summary_screen(t: T, event: Event, names: list[str], data: dict[str, Any],
                   zone: ZoneInfo) -> Screen:
    adults, phone, consent = int(data.get("adults", 0)), data.get("phone"), data.get("consent")
    builder = Buttons()
    builder.button(text=t("btn-eb-submit"), callback_data=EbGo(action="submit"))
    builder.button(text=t("btn-eb-leave"), callback_data=EbGo(action="leave"))
    builder.adjust(1)
    text = t("eb-summary", title=html.quote(event.title(t.locale)),
             when=html.quote(when(event, zone, t.locale)), place=html.quote(event.place),
             children=html.quote(", ".join(names)), adults=adults, phone=phone or "none")
    if consent == "parents":
        text += "\n\n" + t("eb-summary-parents")
    return text, builder.as_markup()


def choose_screen(t: T, free: int, count: int) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-eb-split", free=free), callback_data=EbGo(action="split"))
    builder.button(text=t("btn-eb-wait"), callback_data=EbGo(action="wait"))
    builder.button(text=t("btn-eb-leave"), callback_data=EbGo(action="leave"))
    builder.adjust(1)
    return t("eb-choose", free=free, count=count), builder.as_markup()


def back_screen(t: T, text: str, event_id: int | None = None) -> Screen:
    """A result or a refusal: the event's card (if any), the list and home."""
    builder = Buttons()
    if event_id:
        builder.button(text=t("btn-eb-card"), callback_data=EventOpen(event=event_id))
    builder.button(text=t("btn-ev-back"), callback_data=EventList(page=0))
    home_button(builder, t)
    builder.adjust(1)
    return text, builder.as_markup()


def cancel_confirm(t: T, reg: Registration, seats: list[Seat]) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-eb-cancel-all"),
                   callback_data=EbCancel(registration=reg.id, sure=True))
    if len(seats) > 1:
        for seat in seats:
            builder.button(text=button_label(t("btn-eb-cancel-one", child=seat.name)),
                           callback_data=EbCancel(registration=reg.id, seat=seat.id, sure=True))
    builder.button(text=t("btn-eb-keep"), callback_data=EventOpen(event=reg.event_id))
    builder.adjust(1)
    return t("eb-cancel-confirm", count=len(seats)), builder.as_markup()


def awaiting_screen(t: T, booked: Booked, event_id: int) -> Screen:
    """A parent registering a child whose own registration waits for a parent's consent."""
    builder = Buttons()
    builder.button(text=t("btn-eb-consent-yes"),
                   callback_data=EbConsent(registration=booked.registration_id, agree=True))
    builder.button(text=t("btn-eb-card"), callback_data=EventOpen(event=event_id))
    home_button(builder, t)
    builder.adjust(1)
    return t("eb-awaiting", children=html.quote(", ".join(booked.names))), builder.as_markup()
