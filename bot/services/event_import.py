"""`python -m bot import events FILE.csv`: open days, master classes, trial lessons and
competitions from a spreadsheet, one row per event.

Columns `code`, `title_ru`, `title_en`, `kind` (open_day / день открытых дверей, master_class /
мастер-класс, trial / пробное занятие, competition / соревнование), `starts_at` and `ends_at`
(`DD.MM.YYYY HH:MM` in the technopark's zone), `place`, `seats` (0: no limit), `age_min`,
`age_max`, and optionally `quanta` (codes of the catalogue, by spaces or commas),
`description_ru`, `description_en`, `registration_until` (as the times) and `companions` (the
adults who may come with a child, 1 when empty). UTF-8 with or without a BOM, `;` or `,`; every
row is checked first, one bad row and nothing is written; importing again updates by code.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
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
from storage.events import EventDraft, Kind

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


def parse_event(row: dict[str, str], quanta: set[str], zone: ZoneInfo) -> EventDraft:
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    code = get("code")
    if not CODE.match(code):
        raise RowError(f"code {code!r} must be up to 32 letters (A–Z), digits, - or _")
    title_ru = text(get("title_ru"), "title_ru", TITLE_MAX)
    title_en = text(get("title_en"), "title_en", TITLE_MAX, required=False) or title_ru
    kind = parse_kind(get("kind"))
    starts_at = parse_moment(get("starts_at"), "starts_at", zone)
    ends_at = parse_moment(get("ends_at"), "ends_at", zone)
    if ends_at <= starts_at:
        raise RowError("ends_at is not after starts_at")
    until = (parse_moment(get("registration_until"), "registration_until", zone)
             if get("registration_until") else None)
    if until is not None and until >= starts_at:
        raise RowError("registration_until is not before starts_at")
    age_min, age_max = parse_age(get("age_min"), "age_min"), parse_age(get("age_max"), "age_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        raise RowError("age_min is greater than age_max")
    codes = sorted({c.lower() for c in re.split(r"[\s,;]+", get("quanta")) if c})
    unknown = [c for c in codes if c not in quanta]
    if unknown:
        raise RowError(f"quantum {unknown[0]!r} is not in the catalogue")
    companions = (parse_int(get("companions"), "companions", 0, COMPANIONS_MAX)
                  if get("companions") else 1)
    return EventDraft(
        code=code, kind=kind, title_ru=title_ru, title_en=title_en, starts_at=starts_at,
        ends_at=ends_at, place=text(get("place"), "place", PLACE_MAX),
        seats=parse_int(get("seats") or "0", "seats", 0, SEATS_MAX),
        age_min=age_min, age_max=age_max, quanta=tuple(codes),
        description_ru=text(get("description_ru"), "description_ru", DESCRIPTION_MAX,
                            required=False),
        description_en=text(get("description_en"), "description_en", DESCRIPTION_MAX,
                            required=False),
        registration_until=until, companions=companions,
    )


def parse_events_csv(data: bytes, quanta: set[str], zone: ZoneInfo
                     ) -> tuple[list[EventDraft], list[str]]:
    """The events in the file and every problem found (with its line)."""
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
        try:
            draft = parse_event(row, quanta, zone)
        except RowError as exc:
            result.errors.append(f"line {line}: {exc}")
            continue
        if draft.code in seen:
            result.errors.append(f"line {line}: code {draft.code} is also on line"
                                 f" {seen[draft.code]}")
            continue
        seen[draft.code] = line
        drafts.append(draft)
    if not result.errors and not drafts:
        result.errors.append("no events in the file")
    return drafts, result.errors
