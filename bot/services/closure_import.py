"""`python -m bot import closures FILE.csv`: holidays and the technopark's breaks.

Columns `from`, `until` (dates like 31.12.2026 or 2026-12-31, both days included), `reason`,
and optionally `quanta` (quantum codes separated by spaces or commas; empty: the whole
technopark) and `reason_en` (the reason in English; a file without the column leaves the
English reason already stored as it is, an empty cell clears it). Same rules as the groups
file: every row is checked first, one bad row and nothing is written; importing again
updates a closure with the same dates and quanta.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from bot.services.group_import import ImportResult, RowError, open_csv, parse_date, rows_of, text

REQUIRED = ("from", "until", "reason")
LONGEST = timedelta(days=366)
REASON_LIMIT = 200


def parse_closure(row: dict[str, str], quanta: set[str]) -> dict[str, Any]:
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    starts_on = date.fromisoformat(parse_date(get("from"), "from"))
    ends_on = date.fromisoformat(parse_date(get("until"), "until"))
    if starts_on > ends_on:
        raise RowError("from is after until")
    if ends_on - starts_on > LONGEST:
        raise RowError("a closure longer than a year is more likely a typo in a date")
    codes = sorted({code.lower() for code in re.split(r"[\s,;]+", get("quanta")) if code})
    unknown = [code for code in codes if code not in quanta]
    if unknown:
        raise RowError(f"quantum {unknown[0]!r} is not in the catalogue")
    closure: dict[str, Any] = {"starts_on": starts_on, "ends_on": ends_on,
                               "reason": text(get("reason"), "reason", REASON_LIMIT),
                               "quanta": codes}
    if "reason_en" in row:  # without the column, an English reason typed in the chat stays
        closure["reason_en"] = text(get("reason_en"), "reason_en", REASON_LIMIT,
                                    required=False)
    return closure


def parse_closures_csv(data: bytes, quanta: set[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """The closures in the file and every problem found (with its line)."""
    result = ImportResult()
    reader = open_csv(data, REQUIRED, result)
    if reader is None:
        return [], result.errors
    closures: list[dict[str, Any]] = []
    seen: dict[tuple[date, date, tuple[str, ...]], int] = {}
    for line, row in rows_of(reader, result):
        if None in row:
            result.errors.append(f"line {line}: more cells than columns")
            continue
        try:
            closure = parse_closure(row, quanta)
        except RowError as exc:
            result.errors.append(f"line {line}: {exc}")
            continue
        key = (closure["starts_on"], closure["ends_on"], tuple(closure["quanta"]))
        if key in seen:
            result.errors.append(f"line {line}: the same closure is on line {seen[key]}")
            continue
        seen[key] = line
        closures.append(closure)
    if not result.errors and not closures:
        result.errors.append("no closures in the file")
    return closures, result.errors
