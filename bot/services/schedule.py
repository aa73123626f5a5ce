"""A group's weekly pattern and the dated lessons it gives.

The groups CSV holds the pattern in one cell: `вт 15:00-16:30; чт 15:00-16:30` (or `tue`,
`thu`; `;` or `,` between slots, or each slot on a line of its own; an en dash is fine; a room
may follow the time: `сб 10:00-11:30 Лаб. 3`). Lessons are generated from it over the group's
period, in the technopark's zone, and stored in UTC; generating again gives the same lessons
(the same `origin`), so storage can update them in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "пн": 0, "вт": 1, "ср": 2, "чт": 3, "пт": 4, "сб": 5, "вс": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
MAX_SLOTS = 14
SHORTEST = timedelta(minutes=15)
LONGEST = timedelta(hours=8)
WEEK = timedelta(days=7)
ROOM_LIMIT = 40
SLOT = re.compile(
    r"^(?P<day>\w+)\.?\s+(?P<start>\d{1,2}[:.]\d{2})\s*[-–—]\s*(?P<end>\d{1,2}[:.]\d{2})"
    r"(?:\s+(?P<room>.+))?$"
)
# a room that starts like a slot is a second slot without a `;` before it
SLOT_START = re.compile(r"^(?P<day>\w+)\.?\s+\d{1,2}[:.]\d{2}")


class ScheduleError(ValueError):
    """A schedule cell that cannot be read; the message says what is wrong."""


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    weekday: int  # 0 = Monday
    starts: time
    ends: time
    room: str = ""


@dataclass(frozen=True, slots=True)
class PlannedLesson:
    """One lesson as the pattern gives it."""

    origin: str  # the local date and time: YYYY-MM-DDTHH:MM, the lesson's identity
    day: date
    starts_at: datetime  # UTC
    ends_at: datetime
    room: str


def parse_time(value: str) -> time:
    hours, minutes = re.split(r"[:.]", value)
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise ScheduleError(f"{value!r} is not a time of day like 15:00") from None


def parse_slots(cell: str) -> list[Slot]:
    """The slots of one schedule cell (empty: none). Raises ScheduleError."""
    slots: list[Slot] = []
    # slots on lines of their own (Alt+Enter in Excel) are slots too, not a room
    for raw in re.split(r"[;,\n\r]", cell):
        part = " ".join(raw.split())
        if not part:
            continue
        match = SLOT.match(part)
        if match is None:
            raise ScheduleError(
                f"{part!r} is not a slot like «вт 15:00-16:30» (a day, then start-end)"
            )
        weekday = WEEKDAYS.get(match["day"].lower())
        if weekday is None:
            raise ScheduleError(
                f"{match['day']!r} is not a day: use пн вт ср чт пт сб вс or mon … sun"
            )
        starts, ends = parse_time(match["start"]), parse_time(match["end"])
        length = datetime.combine(date.min, ends) - datetime.combine(date.min, starts)
        if length <= timedelta(0):
            raise ScheduleError(f"{part!r} ends before it starts")
        if not SHORTEST <= length <= LONGEST:
            raise ScheduleError(f"{part!r} lasts {length}; a lesson takes 15 minutes to 8 hours")
        room = (match["room"] or "").strip()
        second = SLOT_START.match(room)
        if second is not None and second["day"].lower() in WEEKDAYS:
            raise ScheduleError(f"{part!r} holds two slots: put «;» between them")
        if len(room) > ROOM_LIMIT:
            raise ScheduleError(f"the room in {part!r} is longer than {ROOM_LIMIT} characters")
        slots.append(Slot(weekday, starts, ends, room))
    if len(slots) > MAX_SLOTS:
        raise ScheduleError(f"{len(slots)} slots; at most {MAX_SLOTS} a week")
    slots.sort()
    for a, b in zip(slots, slots[1:], strict=False):
        if a.weekday == b.weekday and b.starts < a.ends:
            raise ScheduleError("two slots overlap on the same day")
    return slots


def at(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time on a day, in UTC."""
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def generate(slots: list[Slot], starts_on: date, ends_on: date, zone: ZoneInfo
             ) -> list[PlannedLesson]:
    """Every lesson the pattern gives from `starts_on` to `ends_on` inclusive, in order."""
    lessons: list[PlannedLesson] = []
    for slot in slots:
        day = starts_on + timedelta(days=(slot.weekday - starts_on.weekday()) % 7)
        while day <= ends_on:
            lessons.append(PlannedLesson(
                origin=f"{day.isoformat()}T{slot.starts:%H:%M}", day=day,
                starts_at=at(day, slot.starts, zone), ends_at=at(day, slot.ends, zone),
                room=slot.room,
            ))
            day += WEEK
    lessons.sort(key=lambda lesson: lesson.starts_at)
    return lessons


def overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True, slots=True)
class GroupPattern:
    """What the clash check needs of a group."""

    code: str
    room: str
    starts_on: date
    ends_on: date
    slots: list[Slot]


def room_clashes(groups: list[GroupPattern]) -> list[tuple[str, str, str, Slot]]:
    """Pairs of groups whose slots put them in one room at the same time on a weekday while
    both run: (first group, second group, room, the first's slot)."""
    found: list[tuple[str, str, str, Slot]] = []
    placed: dict[tuple[str, int], list[tuple[GroupPattern, Slot]]] = {}
    for group in groups:
        for slot in group.slots:
            room = (slot.room or group.room).strip()
            if not room:
                continue
            key = (room.casefold(), slot.weekday)
            for other, other_slot in placed.get(key, []):
                if (other.code != group.code and slot.starts < other_slot.ends
                        and other_slot.starts < slot.ends
                        and overlaps((group.starts_on, group.ends_on),
                                     (other.starts_on, other.ends_on))):
                    found.append((other.code, group.code, room, other_slot))
            placed.setdefault(key, []).append((group, slot))
    return found
