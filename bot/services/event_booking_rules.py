"""The rules of a family's registration for an event, as plain functions and the small
types its use cases take and return (bot.services.event_booking): who fits the ages, when
registration is closed, how long a seat from the waitlist is held, whether a child is the one
already registered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from storage.clock import age_on
from storage.event_seats import Seat
from storage.events import Event

HOLD = timedelta(hours=12)
HOLD_MARGIN = timedelta(hours=1)
DIRECT = timedelta(hours=2)
LEADS = ("evening", "2h")
CODE_TRIES = 20

Mode = Literal["ask", "split", "wait"]
Outcome = Literal["booked", "choose", "gone", "closed", "age", "already", "companions"]


@dataclass(frozen=True, slots=True)
class ChildIn:
    name: str
    birth_date: date
    child_id: int | None = None


@dataclass(frozen=True, slots=True)
class Request:
    event_id: int
    user_id: int
    family_id: int | None
    children: tuple[ChildIn, ...]
    companions: int = 0
    phone: str | None = None
    mode: Mode = "ask"  # seats short: ask, the free ones now and the rest wait, or all wait
    consent: bool = False  # a young pupil's own: the seats wait for a parent's consent


@dataclass(frozen=True, slots=True)
class Booked:
    outcome: Outcome
    registration_id: int = 0
    seated: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()  # waiting for a parent's consent
    parents_asked: int = 0
    free: int = 0  # choose: the seats left
    position: int = 0  # the first waiting seat's place in the queue
    names: tuple[str, ...] = ()  # age: who does not fit; already: who was registered before


@dataclass
class Changed:
    """What a cancellation, an answer or a tick did."""

    outcome: str
    promoted: list[int] = field(default_factory=list)


def event_day(event: Event, zone: ZoneInfo) -> date:
    return event.starts_at.astimezone(zone).date()


def fits(event: Event, born: date, zone: ZoneInfo) -> bool:
    age = age_on(born, event_day(event, zone))
    return not ((event.age_min is not None and age < event.age_min)
                or (event.age_max is not None and age > event.age_max))


def closed(event: Event, now: datetime) -> bool:
    """No registration any more: cancelled, started, or past its `registration_until`."""
    return (event.status != "open" or now >= event.starts_at
            or (event.registration_until is not None and now > event.registration_until))


def hold_until(now: datetime, start: datetime) -> datetime | None:
    """How long a seat from the waitlist is held; None: too near the start to ask."""
    if start - now < DIRECT:
        return None
    return min(now + HOLD, start - HOLD_MARGIN)


def same_child(seat: Seat, child: ChildIn) -> bool:
    if child.child_id is not None and seat.child_id == child.child_id:
        return True
    return (seat.birth_date == child.birth_date
            and seat.name.casefold().split() == child.name.casefold().split())
