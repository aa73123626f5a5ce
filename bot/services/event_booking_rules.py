"""The rules of a family's registration for an event, as plain functions and the small
types its use cases take and return (bot.services.event_booking): who fits the ages, when
registration is closed, how long a seat from the waitlist is held, whether a child is the one
already registered, who consents, which reminders a person gets and how they read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.services.consents import CONSENT_AGE
from storage.clock import age_on
from storage.consents import Capacity
from storage.event_seats import Seat
from storage.events import Event
from storage.reminders import LEADS as ORDER
from storage.reminders import Prefs

HOLD = timedelta(hours=12)
HOLD_MARGIN = timedelta(hours=1)
DIRECT = timedelta(hours=2)
CODE_TRIES = 20
MAX_CHILDREN = 30  # per registration: a school class fits, a ticket's caption stays short

Mode = Literal["ask", "split", "wait"]
Outcome = Literal["booked", "choose", "gone", "closed", "age", "already", "companions",
                  "too_many", "awaiting"]
Consent = Literal["known", "parents", "ask"]


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
    consent_version: str | None = None  # the consent text's version the person agreed to
    consent_as: Capacity = "parent"  # a parent for a child, or a pupil of 14+ for themself


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
    invite: str = ""  # a young pupil's with no parent to ask: the family's invite code
    # awaiting: the child's own registration (this id) waits for a parent's consent


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


def consent_step(relation: str, births: Sequence[date], known: bool, today: date) -> Consent:
    """As the sign-up: a young pupil's (under 14) own registration waits for a parent's
    consent; a parent registering only children known to the technopark has consented
    already; otherwise the person consents now (a parent for a new child, a pupil of 14+
    for themself)."""
    if relation == "child":
        if any(age_on(born, today) < CONSENT_AGE for born in births):
            return "parents"
        return "ask"
    return "known" if known else "ask"


def reminder_leads(prefs: Prefs, child_ids: Sequence[int | None], pupil: bool
                   ) -> tuple[str, ...]:
    """The reminders of an event, as of a lesson: the person's lead times for the children
    (a pupil's own account: one, 2 hours before; a parent: the evening before and 2 hours
    before), in the settings' order; none when reminders are off."""
    chosen: set[str] = set()
    for child_id in child_ids or [None]:
        chosen.update(prefs.for_child(child_id if child_id is not None else 0, pupil))
    return tuple(lead for lead in ORDER if lead in chosen)


def reminder_day(due: datetime, start: datetime, zone: ZoneInfo) -> str:
    """How a reminder names the day: «tomorrow» only when it comes the day before."""
    before = start.astimezone(zone).date() - due.astimezone(zone).date()
    return "tomorrow" if before == timedelta(days=1) else "today"


# ---- a registration's decisions (both ways of registering take them: bot.services.
# event_booking's transaction and bot.services.event_booking_trip's one trip) ------------------


def refused(event: Event | None, request: Request, now: datetime, zone: ZoneInfo
            ) -> Booked | None:
    """Gone, closed, or a child outside the ages; None when the registration may go on."""
    if event is None:
        return Booked("gone")
    if closed(event, now):
        return Booked("closed")
    misfits = [c.name for c in request.children if not fits(event, c.birth_date, zone)]
    return Booked("age", names=tuple(misfits)) if misfits else None


def newcomers(request: Request, there: Sequence[Seat]) -> tuple[list[ChildIn], list[ChildIn]]:
    """The children to register, and those registered already (`there`: the event's seats
    of children born on the same days)."""
    twice = [c for c in request.children if any(same_child(s, c) for s in there)]
    return [c for c in request.children if c not in twice], twice


def over_limits(event: Event, request: Request, before: int, children: Sequence[ChildIn]
                ) -> Booked | None:
    """Too many children for one registration (`before`: its seats so far), or more adults
    than `companions` with each child."""
    if before + len(children) > MAX_CHILDREN:
        return Booked("too_many", free=MAX_CHILDREN)
    if not 0 <= request.companions <= event.companions * (before + len(children)):
        return Booked("companions")
    return None


def seated_now(event: Event, request: Request, children: Sequence[ChildIn]) -> int | Booked:
    """How many of the children take a seat now (the rest wait), the waitlist served first
    (an event with anyone waiting is full for a newcomer); or the family's choice to ask
    for when the seats left are fewer than the children."""
    free = event.free
    if event.waiting and free is not None:
        free = 0
    if request.consent:
        return 0
    if free is None or free >= len(children):
        return len(children)
    if request.mode == "ask" and free > 0:
        return Booked("choose", free=free)
    return free if request.mode == "split" else 0


def booked(request: Request, registration_id: int, children: Sequence[ChildIn],
           twice: Sequence[ChildIn], now_count: int, position: int, asked: int = 0,
           invite: str = "") -> Booked:
    named = tuple(c.name for c in children)
    return Booked(
        "booked", registration_id=registration_id, position=position, parents_asked=asked,
        seated=() if request.consent else named[:now_count],
        waiting=() if request.consent else named[now_count:],
        pending=named if request.consent else (), names=tuple(c.name for c in twice),
        invite=invite)
