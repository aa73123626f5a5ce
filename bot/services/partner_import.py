"""`python -m bot import partners FILE.csv`: the partner companies and universities whose
projects the news tells of.

Columns `name` (1–100 characters) and `description` (up to 300, may be empty). Same rules as
the groups file: UTF-8 with or without a BOM, `;` or `,`; every row is checked first, one bad
row and nothing is written. Importing again updates a partner by name, case-insensitively
(«Ростех» and «РОСТЕХ» are one partner).
"""

from __future__ import annotations

from bot.services.group_import import ImportResult, RowError, open_csv, rows_of, text
from storage.news import name_key

REQUIRED = ("name", "description")
NAME_LIMIT = 100
DESCRIPTION_LIMIT = 300


def parse_partner(row: dict[str, str]) -> tuple[str, str]:
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    name = text(get("name"), "name", NAME_LIMIT)
    if not any(char.isalnum() for char in name):
        raise RowError(f"name {name!r} has no letters or digits")
    return name, text(get("description"), "description", DESCRIPTION_LIMIT, required=False)


def parse_partners_csv(data: bytes) -> tuple[list[tuple[str, str]], list[str]]:
    """The partners in the file as (name, description), and every problem found (with its
    line)."""
    result = ImportResult()
    reader = open_csv(data, REQUIRED, result)
    if reader is None:
        return [], result.errors
    partners: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for line, row in rows_of(reader, result):
        if None in row:
            result.errors.append(f"line {line}: more cells than columns")
            continue
        try:
            name, description = parse_partner(row)
        except RowError as exc:
            result.errors.append(f"line {line}: {exc}")
            continue
        key = name_key(name)
        if key in seen:
            result.errors.append(f"line {line}: partner {name!r} is already on line {seen[key]}")
            continue
        seen[key] = line
        partners.append((name, description))
    if not result.errors and not partners:
        result.errors.append("no partners in the file")
    return partners, result.errors
