"""`python -m bot import events FILE.csv`: open days, master classes, trial lessons and
competitions from a spreadsheet, one row per event.

Columns `code`, `title_ru`, `title_en`, `kind` (open_day / день открытых дверей, master_class /
мастер-класс, trial / пробное занятие, competition / соревнование), `starts_at` and `ends_at`
(`DD.MM.YYYY HH:MM` in the technopark's zone), `place`, `seats` (0: no limit), `age_min`,
`age_max`, and optionally `quanta` (codes of the catalogue, by spaces or commas),
`description_ru`, `description_en`, `registration_until` (as the times) and `companions` (the
adults who may come with a child, 1 when empty). UTF-8 with or without a BOM, `;` or `,`; every
row is checked first (every problem of each row reported), one bad row and nothing is
written; an event starting in the past is refused; importing again updates by code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.services.event_form import (
    COMPANIONS_MAX,
    DESCRIPTION_MAX,
    PLACE_MAX,
    SEATS_MAX,
    TITLE_MAX,
)
from bot.services.group_import import (
    CODE,
    ImportResult,
    RowError,
    open_csv,
    parse_int,
    rows_of,
    text,
)
from storage.clock import utcnow
from storage.events import EventDraft, Kind

T = TypeVar("T")

REQUIRED = ("code", "title_ru", "title_en", "kind", "starts_at", "ends_at", "place", "seats",
            "age_min", "age_max")
KIND_WORDS: dict[str, Kind] = {
    "open_day": "open_day", "день открытых дверей": "open_day", "open day": "open_day",
    "master_class": "master_class", "мастер-класс": "master_class",
    "master class": "master_class", "мастер класс": "master_class",
    "trial": "trial", "пробное занятие": "trial", "trial lesson": "trial",
    "competition": "competition", "соревнование": "competition", "соревнования": "competition",
}
MOMENT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2})[:.](\d{2})$")


def parse_moment(value: str, column: str, zone: ZoneInfo) -> datetime:
    """«12.05.2026 16:00» in the technopark's zone, as UTC."""
    match = MOMENT.match(value.strip())
    if match is None:
        raise RowError(f"{column} {value.strip()!r} is not a time like 12.05.2026 16:00")
    day, month, year, hours, minutes = (int(part) for part in match.groups())
    try:
        local = datetime(year, month, day, hours, minutes, tzinfo=zone)
    except ValueError:
        raise RowError(f"{column} {value.strip()!r} is no such day or time") from None
    return local.astimezone(UTC)


def parse_kind(value: str) -> Kind:
    kind = KIND_WORDS.get(" ".join(value.lower().split()))
    if kind is None:
        raise RowError(f"kind {value!r} must be open_day, master_class, trial or competition"
                       " (or in Russian: день открытых дверей, мастер-класс, пробное занятие,"
                       " соревнование)")
    return kind


def parse_age(value: str, column: str) -> int | None:
    return parse_int(value, column, 3, 99) if value.strip() else None


class Problems:
    """A row's problems, every one of them: each check runs, and what failed is noted."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, parse: Callable[[], T]) -> T | None:
        try:
            return parse()
        except RowError as exc:
            self.found.append(str(exc))
            return None

    def add(self, problem: str) -> None:
        self.found.append(problem)


def parse_event(row: dict[str, str], quanta: set[str], zone: ZoneInfo,
                now: datetime | None = None) -> EventDraft:
    """The row as an event; RowError naming every problem of the row (by `; `). An event
    starting before `now` is refused: a file is for events to come."""
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    problems = Problems()
    check = problems.check
    code = get("code")
    if not CODE.match(code):
        problems.add(f"code {code!r} must be up to 32 letters (A–Z), digits, - or _")
    title_ru = check(lambda: text(get("title_ru"), "title_ru", TITLE_MAX))
    title_en = check(lambda: text(get("title_en"), "title_en", TITLE_MAX, required=False))
    kind = check(lambda: parse_kind(get("kind")))
    starts_at = check(lambda: parse_moment(get("starts_at"), "starts_at", zone))
    ends_at = check(lambda: parse_moment(get("ends_at"), "ends_at", zone))
    if starts_at is not None and now is not None and starts_at <= now:
        problems.add("starts_at is in the past")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.add("ends_at is not after starts_at")
    until = (check(lambda: parse_moment(get("registration_until"), "registration_until", zone))
             if get("registration_until") else None)
    if until is not None and starts_at is not None and until >= starts_at:
        problems.add("registration_until is not before starts_at")
    age_min = check(lambda: parse_age(get("age_min"), "age_min"))
    age_max = check(lambda: parse_age(get("age_max"), "age_max"))
    if age_min is not None and age_max is not None and age_min > age_max:
        problems.add("age_min is greater than age_max")
    codes = sorted({c.lower() for c in re.split(r"[\s,;]+", get("quanta")) if c})
    problems.found += [f"quantum {c!r} is not in the catalogue" for c in codes if c not in quanta]
    companions = (check(lambda: parse_int(get("companions"), "companions", 0, COMPANIONS_MAX))
                  if get("companions") else 1)
    place = check(lambda: text(get("place"), "place", PLACE_MAX))
    seats = check(lambda: parse_int(get("seats") or "0", "seats", 0, SEATS_MAX))
    description_ru = check(lambda: text(get("description_ru"), "description_ru",
                                        DESCRIPTION_MAX, required=False))
    description_en = check(lambda: text(get("description_en"), "description_en",
                                        DESCRIPTION_MAX, required=False))
    if problems.found:
        raise RowError("; ".join(problems.found))
    assert title_ru is not None and kind is not None and starts_at is not None
    assert ends_at is not None and place is not None and seats is not None
    assert companions is not None
    return EventDraft(
        code=code, kind=kind, title_ru=title_ru, title_en=title_en or title_ru,
        starts_at=starts_at, ends_at=ends_at, place=place, seats=seats,
        age_min=age_min, age_max=age_max, quanta=tuple(codes),
        description_ru=description_ru or "", description_en=description_en or "",
        registration_until=until, companions=companions,
    )


def parse_events_csv(data: bytes, quanta: set[str], zone: ZoneInfo,
                     now: datetime | None = None) -> tuple[list[EventDraft], list[str]]:
    """The events in the file and every problem found (with its line): every problem of a
    row, a code used twice (even when its first row has other problems), an event starting
    before `now` (the current time unless given)."""
    now = now or utcnow()
    result = ImportResult()
    reader = open_csv(data, REQUIRED, result)
    if reader is None:
        return [], result.errors
    drafts: list[EventDraft] = []
    seen: dict[str, int] = {}
    for line, row in rows_of(reader, result):
        if None in row:
            result.errors.append(f"line {line}: more cells than columns")
            continue
        code = (row.get("code") or "").strip()
        if code in seen:
            result.errors.append(f"line {line}: code {code} is also on line {seen[code]}")
        elif CODE.match(code):
            seen[code] = line
        try:
            drafts.append(parse_event(row, quanta, zone, now))
        except RowError as exc:
            result.errors.append(f"line {line}: {exc}")
    if not result.errors and not drafts:
        result.errors.append("no events in the file")
    return drafts, result.errors
