"""`python -m bot import groups FILE.csv`: programmes and groups from a spreadsheet.

One row per group; the programme's columns repeat on each of its groups. UTF-8 with or without
a BOM, `;` or `,` as Excel writes them. Every row is checked first: one bad row and nothing from
the file is written. Importing again updates by code: seats a raised capacity adds are offered to
the waitlist first, as when a seat frees; a capacity below the seats already taken is refused,
since whom to drop is the staff's decision, not the file's.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.services.schedule import GroupPattern, ScheduleError, Slot, generate, parse_slots

REQUIRED = ("programme", "quantum", "level", "title_ru", "age_min", "age_max", "group",
            "group_name", "capacity", "starts_on", "ends_on")
OPTIONAL = ("title_en", "admission", "signup_from", "signup_until", "navigator_url",
            "teacher", "teacher_id", "room", "note", "group_age_min", "group_age_max",
            "schedule", "group_name_en", "room_en", "note_en")
PROGRAMME_FIELDS = ("quantum_code", "level", "title_ru", "title_en", "age_min", "age_max",
                    "admission", "signup_from", "signup_until", "navigator_url")
LEVELS = {
    "intro": "intro", "вводный": "intro", "вводный модуль": "intro",
    "advanced": "advanced", "углублённый": "advanced", "углубленный": "advanced",
    "project": "project", "проектный": "project",
}
ADMISSIONS = {
    "open": "open", "свободная": "open", "свободный": "open", "": "open",
    "interview": "interview", "собеседование": "interview", "по собеседованию": "interview",
}
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
TELEGRAM_ID_MAX = 10**15
NOTE_MAX = 200
URL = re.compile(r"^https?://\S+$")


class RowError(ValueError):
    pass


@dataclass
class ImportResult:
    programmes: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # group code → its line in the file


def parse_date(value: str, column: str) -> str:
    value = value.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    raise RowError(f"{column} {value!r} is not a date like 01.09.2026")


def parse_int(value: str, column: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise RowError(f"{column} {value!r} is not a whole number") from None
    if not low <= number <= high:
        raise RowError(f"{column} {number} is outside {low}–{high}")
    return number


def text(value: str, column: str, limit: int, *, required: bool = True) -> str:
    value = " ".join(value.split())
    if required and not value:
        raise RowError(f"{column} is empty")
    if len(value) > limit:
        raise RowError(f"{column} is longer than {limit} characters")
    return value


def parse_telegram_id(value: str, column: str) -> int | None:
    """A Telegram user id (the teacher's own account), or None for an empty cell."""
    value = value.strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit():
        raise RowError(f"{column} {value!r} is not a Telegram user id (digits only)")
    number = int(value)
    if not 1 <= number <= TELEGRAM_ID_MAX:
        raise RowError(f"{column} {number} is outside 1–{TELEGRAM_ID_MAX}")
    return number


def longer_than_two_years(starts_on: date, ends_on: date) -> bool:
    """A period past the same day two years on: its lessons would be planned for all of it
    (01.01.2000–31.12.2999 makes 156 533 of them)."""
    return ((ends_on.year, ends_on.month, ends_on.day)
            > (starts_on.year + 2, starts_on.month, starts_on.day))


def parse_row(row: dict[str, str], quanta: set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    programme_code = get("programme")
    if not CODE.match(programme_code):
        raise RowError(f"programme code {programme_code!r} must be letters, digits, - or _")
    quantum = get("quantum").lower()
    if quantum not in quanta:
        raise RowError(f"quantum {quantum!r} is not in the catalogue")
    level = LEVELS.get(get("level").lower())
    if level is None:
        raise RowError(f"level {get('level')!r} must be intro, advanced or project")
    admission = ADMISSIONS.get(get("admission").lower())
    if admission is None:
        raise RowError(f"admission {get('admission')!r} must be open or interview")
    age_min = parse_int(get("age_min"), "age_min", 5, 18)
    age_max = parse_int(get("age_max"), "age_max", 5, 18)
    if age_min > age_max:
        raise RowError("age_min is greater than age_max")
    signup_from = parse_date(get("signup_from"), "signup_from") if get("signup_from") else None
    signup_until = (
        parse_date(get("signup_until"), "signup_until") if get("signup_until") else None
    )
    if signup_from and signup_until and signup_from > signup_until:
        raise RowError("signup_from is after signup_until")
    url = get("navigator_url") or None
    if url and not URL.match(url):
        raise RowError("navigator_url must start with http:// or https://")
    title_ru = text(get("title_ru"), "title_ru", 100)
    programme = {
        "code": programme_code, "quantum_code": quantum, "level": level, "title_ru": title_ru,
        "title_en": text(get("title_en"), "title_en", 100, required=False) or title_ru,
        "age_min": age_min, "age_max": age_max, "admission": admission,
        "signup_from": signup_from, "signup_until": signup_until, "navigator_url": url,
    }
    group_code = get("group")
    if not CODE.match(group_code):
        raise RowError(f"group code {group_code!r} must be letters, digits, - or _")
    group_min = (
        parse_int(get("group_age_min"), "group_age_min", age_min, age_max)
        if get("group_age_min") else None
    )
    group_max = (
        parse_int(get("group_age_max"), "group_age_max", age_min, age_max)
        if get("group_age_max") else None
    )
    if group_min is not None and group_max is not None and group_min > group_max:
        raise RowError("group_age_min is greater than group_age_max")
    starts_on = parse_date(get("starts_on"), "starts_on")
    ends_on = parse_date(get("ends_on"), "ends_on")
    if starts_on > ends_on:
        raise RowError("starts_on is after ends_on")
    if longer_than_two_years(date.fromisoformat(starts_on), date.fromisoformat(ends_on)):
        raise RowError("starts_on to ends_on is longer than two years — more likely a typo in "
                       "a date")
    slots: list[Slot] | None = None
    if "schedule" in row:
        try:
            slots = parse_slots(get("schedule"))
        except ScheduleError as exc:
            raise RowError(f"schedule: {exc}") from None
    group = {
        "code": group_code, "programme_code": programme_code,
        "name": text(get("group_name"), "group_name", 40),
        "capacity": parse_int(get("capacity"), "capacity", 1, 500),
        "teacher": text(get("teacher"), "teacher", 100, required=False),
        "room": text(get("room"), "room", 40, required=False),
        # the teacher's own account (told of absences) and what to bring (in reminders); a
        # file without the column leaves the group's as it is
        "teacher_id": parse_telegram_id(get("teacher_id"), "teacher_id"),
        "set_teacher_id": "teacher_id" in row,
        "note": text(get("note"), "note", NOTE_MAX, required=False),
        "set_note": "note" in row,
        # in English for families who read the bot in English; empty: the Russian shows
        "name_en": text(get("group_name_en"), "group_name_en", 40, required=False),
        "set_name_en": "group_name_en" in row,
        "room_en": text(get("room_en"), "room_en", 40, required=False),
        "set_room_en": "room_en" in row,
        "note_en": text(get("note_en"), "note_en", NOTE_MAX, required=False),
        "set_note_en": "note_en" in row,
        "age_min": group_min, "age_max": group_max, "starts_on": starts_on, "ends_on": ends_on,
        # None: the file has no schedule column, and the group's lessons stay as they are
        "slots": slots,
    }
    return programme, group


def _csv_error(first: int, line: int, exc: csv.Error) -> str:
    """The csv module's complaint about the row read from line `first` to `line`."""
    where = f"line {line}" if first >= line else f"lines {first}–{line}"
    if "field limit" not in str(exc):
        return f"{where}: {exc}"
    limit = csv.field_size_limit()
    if first >= line:
        return f"{where}: a cell is longer than {limit} characters"
    # a cell running over many lines is most often a quote left open
    return f"{where}: a cell is longer than {limit} characters (a quote \" left open?)"


def rows_of(
    reader: csv.DictReader[str], result: ImportResult
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows that hold something, with their line numbers. A row the csv module cannot read
    (a cell over its size limit) is an error with its line and ends the reading: what follows
    may be read out of step, e.g. after a quote left open."""
    while True:
        first = reader.reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # DictReader's own line_num moves only with a good row; its reader's is the line
            # that broke
            result.errors.append(_csv_error(first, reader.reader.line_num, exc))
            return
        if any((value or "").strip() for value in row.values() if isinstance(value, str)):
            yield reader.line_num, row


def open_csv(data: bytes, required: tuple[str, ...], result: ImportResult
             ) -> csv.DictReader[str] | None:
    """A reader over the file with lower-cased column names, or None with the reason in
    `result.errors` (not UTF-8, empty, missing columns)."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("the file is not UTF-8 (in Excel: Save As → CSV UTF-8)")
        return None
    lines = content.splitlines()
    if not lines or not lines[0].strip():
        result.errors.append("the file is empty")
        return None
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        result.errors.append(_csv_error(1, reader.reader.line_num, exc))
        return None
    header = [(name or "").strip().lower() for name in fieldnames]
    reader.fieldnames = header
    missing = [column for column in required if column not in header]
    if missing:
        result.errors.append(f"line 1: missing columns: {', '.join(missing)}")
        return None
    return reader


def parse_groups_csv(data: bytes, quanta: set[str]) -> ImportResult:
    result = ImportResult()
    reader = open_csv(data, REQUIRED, result)
    if reader is None:
        return result
    programmes: dict[str, tuple[int, dict[str, Any]]] = {}
    for line, row in rows_of(reader, result):
        if None in row:
            result.errors.append(f"line {line}: more cells than columns")
            continue
        try:
            programme, group = parse_row(row, quanta)
        except RowError as exc:
            result.errors.append(f"line {line}: {exc}")
            continue
        seen = programmes.get(programme["code"])
        if seen is None:
            programmes[programme["code"]] = (line, programme)
            result.programmes.append(programme)
        else:
            first_line, first = seen
            differs = [k for k in PROGRAMME_FIELDS if first[k] != programme[k]]
            if differs:
                result.errors.append(
                    f"line {line}: programme {programme['code']} has a different "
                    f"{differs[0]} than on line {first_line}"
                )
                continue
        if group["code"] in result.lines:
            first_line = result.lines[group["code"]]
            result.errors.append(
                f"line {line}: group {group['code']} already appears on line {first_line}"
            )
            continue
        result.lines[group["code"]] = line
        result.groups.append(group)
    if not result.errors and not result.groups:
        result.errors.append("no groups in the file")
    return result


def plan_lessons(groups: list[dict[str, Any]], zone: ZoneInfo) -> None:
    """Give each group with a schedule its slots as stored (`slot_rows`) and the lessons
    they make over the group's period (`lessons`), both lists of dicts."""
    for group in groups:
        slots: list[Slot] | None = group["slots"]
        if slots is None:
            continue
        group["slot_rows"] = [
            {"weekday": s.weekday, "starts": f"{s.starts:%H:%M}", "ends": f"{s.ends:%H:%M}",
             "room": s.room} for s in slots
        ]
        group["lessons"] = [
            {"origin": lesson.origin, "day": lesson.day, "starts_at": lesson.starts_at,
             "ends_at": lesson.ends_at, "room": lesson.room}
            for lesson in generate(slots, date.fromisoformat(group["starts_on"]),
                                   date.fromisoformat(group["ends_on"]), zone)
        ]


def patterns(groups: list[dict[str, Any]]) -> list[GroupPattern]:
    """The groups with a schedule, as the room-clash check sees them."""
    return [
        GroupPattern(g["code"], g["room"], date.fromisoformat(g["starts_on"]),
                     date.fromisoformat(g["ends_on"]), g["slots"])
        for g in groups if g["slots"] is not None
    ]
