"""What staff type into the «➕ Новое событие» form, checked: each parser returns the clean
value or raises Refused with the key of the text saying what to fix. The form itself (its
questions, its draft in the conversation's state) is handlers/staff/events'."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.event_admin import code_from
from bot.services.telegram_text import Refused, visible_text
from storage.clock import from_db, to_db
from storage.events import KINDS, Event, EventDraft

# the longest answers, the same for the form and the import
TITLE_MAX = 100
PLACE_MAX = 100
DESCRIPTION_MAX = 1000
SEATS_MAX = 1000
COMPANIONS_MAX = 5
AHEAD = timedelta(days=2 * 365)  # an event further off is more likely a typo in the year
LONGEST = timedelta(days=14)
# a clock time before the start ends the event the next day when that makes it this long at
# most (23:00 till 01:00); a longer one (16:00 till 15:00) is more likely a slip
OVERNIGHT = timedelta(hours=12)
MOMENT = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?[\s,]+(\d{1,2})[:.](\d{2})$")
CLOCK = re.compile(r"^(?:до\s+|till\s+|to\s+)?(\d{1,2})[:.](\d{2})$")
LENGTH = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(ч|час|часа|часов|h|hours?|мин|минут|min|m)?\.?$")
AGES = re.compile(r"^(\d{1,2})\s*[-–—]\s*(\d{1,2})$|^(?:от|from)\s*(\d{1,2})$|"
                  r"^(?:до|to|up to)\s*(\d{1,2})$")
NONE_WORDS = ("-", "–", "—", "нет", "no", "none", "любой", "any")


def typed_text(value: str, limit: int) -> str:
    text = visible_text(value)
    if not any(char.isalnum() for char in text):
        raise Refused("eva-empty")
    if len(text) > limit:
        raise Refused("eva-too-long", limit=limit)
    return text


def title(value: str) -> str:
    return typed_text(value, TITLE_MAX)


def place(value: str) -> str:
    return typed_text(value, PLACE_MAX)


def description(value: str) -> str:
    return typed_text(value, DESCRIPTION_MAX)


def moment(value: str, now: datetime, zone: ZoneInfo) -> datetime:
    """«12.05.2026 16:00» or «12.05 16:00» (the nearest such day) in the technopark's zone,
    as UTC; it must lie ahead, within two years."""
    match = MOMENT.match(visible_text(value).lower())
    if match is None:
        raise Refused("eva-when-format")
    day, month = int(match[1]), int(match[2])
    hours, minutes = int(match[4]), int(match[5])
    today = now.astimezone(zone).date()
    years = ([int(match[3]) + (2000 if len(match[3]) == 2 else 0)] if match[3]
             else [today.year, today.year + 1])
    found = None
    for year in years:
        try:
            local = datetime(year, month, day, hours, minutes, tzinfo=zone)
        except ValueError:
            raise Refused("eva-when-no-such") from None
        found = local.astimezone(UTC)
        if found > now:
            break
    assert found is not None
    if found <= now:
        raise Refused("eva-when-past")
    if found - now > AHEAD:
        raise Refused("eva-when-far")
    return found


def ending(value: str, starts: datetime, now: datetime, zone: ZoneInfo) -> datetime:
    """The end: a length («90», «1,5 ч», «2 h»), a time that day («17:30»; one before the
    start the night after, up to OVERNIGHT) or a day and time."""
    text = visible_text(value).lower()
    found: datetime | None = None
    if (match := LENGTH.match(text)) is not None:
        number = float(match[1].replace(",", "."))
        unit = match[2] or ("ч" if number <= 12 else "мин")
        minutes = number * 60 if unit[0] in "чh" else number
        found = starts + timedelta(minutes=round(minutes))
    elif (match := CLOCK.match(text)) is not None:
        try:
            local = starts.astimezone(zone).replace(hour=int(match[1]), minute=int(match[2]))
        except ValueError:
            raise Refused("eva-when-no-such") from None
        if local < starts and local + timedelta(days=1) - starts <= OVERNIGHT:
            local += timedelta(days=1)  # «до 01:00» of an evening event: the night after
        found = local.astimezone(UTC)
    else:
        found = moment(value, now, zone) if MOMENT.match(text) else None
    if found is None:
        raise Refused("eva-end-format")
    if found <= starts:
        raise Refused("eva-end-before")
    if found - starts > LONGEST:
        raise Refused("eva-end-long")
    return found


def number(value: str, low: int, high: int) -> int:
    text = visible_text(value)
    if not text.isdigit():
        raise Refused("eva-number", low=low, high=high)
    found = int(text)
    if not low <= found <= high:
        raise Refused("eva-number", low=low, high=high)
    return found


def seats(value: str) -> int:
    return number(value, 0, SEATS_MAX)


def companions(value: str) -> int:
    return number(value, 0, COMPANIONS_MAX)


def ages(value: str) -> tuple[int | None, int | None]:
    """«7-12», «от 10», «до 14», or «-» for any age."""
    text = visible_text(value).lower()
    if text in NONE_WORDS:
        return None, None
    match = AGES.match(text)
    if match is None:
        raise Refused("eva-ages-format")
    low = int(match[1] or match[3]) if (match[1] or match[3]) else None
    high = int(match[2] or match[4]) if (match[2] or match[4]) else None
    if any(age is not None and not 3 <= age <= 99 for age in (low, high)):
        raise Refused("eva-ages-format")
    if low is not None and high is not None and low > high:
        raise Refused("eva-ages-order")
    return low, high


def until(value: str, starts: datetime, now: datetime, zone: ZoneInfo) -> datetime:
    found = moment(value, now, zone)
    if found >= starts:
        raise Refused("eva-until-after")
    return found


# ---- the draft as the conversation's state keeps it (JSON) -----------------------------------


def fresh(kind: str) -> dict[str, Any]:
    return {"kind": kind if kind in KINDS else "master_class", "quanta": [], "companions": 1,
            "description": "", "until": None, "age_min": None, "age_max": None, "seats": 0}


def of_event(event: Event) -> dict[str, Any]:
    """An event as the form's draft, to change it."""
    return {"event": event.id, "code": event.code, "kind": event.kind,
            "title_ru": event.title_ru, "title_en": event.title_en,
            "starts": to_db(event.starts_at), "starts_was": to_db(event.starts_at),
            "ends": to_db(event.ends_at), "place": event.place,
            "seats": event.seats, "age_min": event.age_min, "age_max": event.age_max,
            "quanta": list(event.quanta), "companions": event.companions,
            "until": to_db(event.registration_until) if event.registration_until else None,
            "description": event.description_ru, "description_en": event.description_en,
            "review": True}


def draft_of(data: dict[str, Any]) -> EventDraft:
    """The form's state as an event to save (its code from the title when new)."""
    description = data.get("description") or ""
    return EventDraft(
        code=data.get("code") or code_from(data["title_en"] or data["title_ru"]),
        kind=data["kind"], title_ru=data["title_ru"], title_en=data["title_en"],
        starts_at=from_db(data["starts"]), ends_at=from_db(data["ends"]), place=data["place"],
        seats=int(data["seats"]), age_min=data.get("age_min"), age_max=data.get("age_max"),
        quanta=tuple(data.get("quanta") or ()), description_ru=description,
        description_en=data.get("description_en") or "",
        registration_until=from_db(data["until"]) if data.get("until") else None,
        companions=int(data.get("companions", 1)),
    )


def complete(data: dict[str, Any]) -> bool:
    return all(data.get(key) for key in ("title_ru", "title_en", "starts", "ends", "place"))
