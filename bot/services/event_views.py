"""Events as families read them: the coming ones (filtered by the ages of the person's
children when they are known), one event by id or by its poster code, a quantum's next ones,
and the children a person may register.

A quantum's next events are on every card of the quantum (a title and a start each, no seats),
and they change rarely: they are kept in memory (`CardEvents`), each quantum's until this
process commits a write (any commit may have been an event created, moved, renamed or
cancelled), `poll` seconds at most (another process — `python -m bot import events` — may
change them), and until the first of them starts (the next one in line then takes its
place)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.services.event_booking_rules import closed, fits
from storage import members
from storage.clock import age_on
from storage.db import Database
from storage.event_seat_reads import SeatRepo
from storage.event_seats import Registration, Seat
from storage.events import Event, EventRepo
from storage.families import Child

COMING_MAX = 200


@dataclass(frozen=True, slots=True)
class Coming:
    events: list[Event]  # this page
    total: int
    filtered: bool  # by the children's ages
    nothing_fits: bool  # ages are known, no event fits them: all are shown
    page: int


def fits_any(event: Event, ages: list[int]) -> bool:
    return any((event.age_min is None or age >= event.age_min)
               and (event.age_max is None or age <= event.age_max) for age in ages)


@dataclass(frozen=True, slots=True)
class _Read:
    """A quantum's next events as read: by then the process had committed `commits` writes,
    the monotonic clock said `clock`, and the time was `at`."""

    commits: int
    clock: float
    at: datetime
    events: tuple[Event, ...]

    def stands(self, commits: int, clock: float, now: datetime, poll: float) -> bool:
        return (commits == self.commits and clock - self.clock < poll and self.at <= now
                and (not self.events or now < self.events[0].starts_at))


class CardEvents:
    """`EventRepo.for_quantum`, remembered (see the module's docstring). Between `at` and the
    start of the first event read, no event of the quantum starts, so the events after `now`
    are those that were after `at`: the same list, as long as nothing was written."""

    def __init__(self, events: EventRepo, *, poll: float = 1.0, size: int = 256) -> None:
        self.events = events
        self.poll = poll
        self.size = size
        self._read: dict[tuple[str, int], _Read] = {}
        self.hits = 0
        self.misses = 0

    async def get(self, code: str, now: datetime, limit: int) -> tuple[Event, ...]:
        commits, clock = self.events.db.commits, time.monotonic()
        found = self._read.get((code, limit))
        if found is not None and found.stands(commits, clock, now, self.poll):
            self.hits += 1
            return found.events
        self.misses += 1
        # the marks are taken before the read: a write committed meanwhile outdates it
        events = tuple(await self.events.for_quantum(code, now, limit))
        if len(self._read) >= self.size:
            self._read.clear()
        self._read[(code, limit)] = _Read(commits, clock, now, events)
        return events


class EventViews:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.events = EventRepo(db)
        self.seats = SeatRepo(db)
        self.card_events = CardEvents(self.events)

    async def get(self, event_id: int) -> Event | None:
        return await self.events.get(event_id)

    async def for_form(self, event_id: int) -> Event | None:
        """The event as the registration form needs it on each step (open or not, its ages,
        adults, when and where), its seats not counted: `taken` and `waiting` read 0 (the
        registration counts them in its transaction)."""
        return await self.events.uncounted(event_id)

    async def by_code(self, code: str) -> Event | None:
        """A poster's code as typed, else in small letters (codes are made so): «ROBO-FIRST»
        finds «robo-first»."""
        found = await self.events.by_code(code)
        if found is None and code != code.lower():
            found = await self.events.by_code(code.lower())
        return found

    async def for_quantum(self, code: str, now: datetime, limit: int = 3
                          ) -> tuple[Event, ...]:
        """The quantum's next open events, soonest first, as its card lists them."""
        return await self.card_events.get(code, now, limit)

    async def children(self, user_id: int) -> tuple[int | None, list[Child], Child | None]:
        """The person's family, its children, and the record that is the person's own (a
        pupil's account)."""
        family_id, children, own_id = await self.seats.family(user_id)
        own = next((c for c in children if c.id == own_id), None)
        return family_id, children, own

    async def parented(self, user_id: int) -> bool:
        membership = await members.of_user(self.db, user_id)
        return membership is not None and membership.parented

    async def coming(self, user_id: int, now: datetime, today: date, page: int,
                     size: int) -> Coming:
        """The coming open events, soonest first, on pages of `size`."""
        found = [e for e in await self.events.coming(now, limit=COMING_MAX)
                 if e.starts_at > now]
        _, children, own = await self.children(user_id)
        kids = [own] if own is not None else children
        ages = [age_on(child.birth_date, today) for child in kids]
        fitting = [e for e in found if fits_any(e, ages)] if ages else found
        nothing = bool(ages) and not fitting and bool(found)
        shown = found if nothing else fitting
        pages = max(1, -(-len(shown) // size))
        page = min(max(page, 0), pages - 1)
        filtered = bool(ages) and not nothing and len(fitting) < len(found)
        return Coming(shown[page * size:(page + 1) * size], len(shown), filtered, nothing, page)

    async def mine(self, event_id: int, user_id: int) -> tuple[Registration, list[Seat]] | None:
        return await self.seats.mine(event_id, user_id)

    async def on_card(self, event_id: int, user_id: int
                      ) -> list[tuple[Registration, list[Seat]]]:
        """The registrations a person sees on an event's card: their own, and for a parent
        those their family's children made."""
        return await self.seats.on_card(event_id, user_id)

    async def taken(self, event_id: int, births: Sequence[date], child_ids: Sequence[int]
                    ) -> list[Seat]:
        """The event's seats that may be these children's (born on these days, or with these
        records), whoever registered them: who is registered already."""
        if not births and not child_ids:
            return []
        return await self.seats.taken(event_id, births, child_ids)

    async def fitting(self, born: date, now: datetime, zone: ZoneInfo, but: int,
                      limit: int = 2) -> list[Event]:
        """The coming open events (not `but`) a child born then fits, soonest first."""
        found = await self.events.coming(now, limit=COMING_MAX)
        return [e for e in found if e.id != but and e.starts_at > now
                and e.status == "open" and fits(e, born, zone)][:limit]

    async def awaiting(self, user_id: int, now: datetime
                       ) -> list[tuple[Event, Registration, list[Seat]]]:
        """For a parent: the family's registrations (a young pupil's own) waiting for their
        consent, of events still open."""
        membership = await members.of_user(self.db, user_id)
        if membership is None or membership.relation != "parent":
            return []
        found = []
        for reg in await self.seats.awaiting_consent(membership.family_id):
            event = await self.events.get(reg.event_id)
            if reg.user_id == user_id or event is None or closed(event, now):
                continue
            seats = [s for s in await self.seats.seats(reg.id) if s.status == "consent"]
            found.append((event, reg, seats))
        return found

    async def registration(self, registration_id: int) -> tuple[Registration, list[Seat]] | None:
        reg = await self.seats.registration(registration_id)
        return None if reg is None else (reg, await self.seats.seats(reg.id))

    async def phone(self, user_id: int) -> str | None:
        """The phone the family gave at a sign-up or an earlier registration."""
        return await self.seats.phone(user_id)
