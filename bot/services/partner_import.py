"""`python -m bot import partners FILE.csv`: the partner companies and universities whose
projects the news tells of.

Columns `name` (1–100 characters) and `description` (up to 300, may be empty), and optionally
`name_en` and `description_en`: what people reading the bot in English see (empty: the
Russian ones; a file without the column leaves the English one stored as it is). Same rules
as the groups file: UTF-8 with or without a BOM, `;` or `,`; every row is checked first, one
bad row and nothing is written. Importing again updates a partner by name,
case-insensitively («Ростех» and «РОСТЕХ» are one partner).
"""

from __future__ import annotations

from bot.services.group_import import ImportResult, RowError, open_csv, rows_of, text
from storage.news import PartnerRow, name_key

REQUIRED = ("name", "description")
NAME_LIMIT = 100
DESCRIPTION_LIMIT = 300


def parse_partner(row: dict[str, str]) -> PartnerRow:
    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    def english(column: str, limit: int) -> str | None:
        return text(get(column), column, limit, required=False) if column in row else None

    name = text(get("name"), "name", NAME_LIMIT)
    if not any(char.isalnum() for char in name):
        raise RowError(f"name {name!r} has no letters or digits")
    return PartnerRow(name,
                      text(get("description"), "description", DESCRIPTION_LIMIT, required=False),
                      english("name_en", NAME_LIMIT),
                      english("description_en", DESCRIPTION_LIMIT))


def parse_partners_csv(data: bytes) -> tuple[list[PartnerRow], list[str]]:
    """The partners in the file, and every problem found (with its line)."""
    result = ImportResult()
    reader = open_csv(data, REQUIRED, result)
    if reader is None:
        return [], result.errors
    partners: list[PartnerRow] = []
    seen: dict[str, int] = {}
    for line, row in rows_of(reader, result):
        if None in row:
            result.errors.append(f"line {line}: more cells than columns")
            continue
        try:
            partner = parse_partner(row)
        except RowError as exc:
            result.errors.append(f"line {line}: {exc}")
            continue
        key = name_key(partner.name)
        if key in seen:
            result.errors.append(
                f"line {line}: partner {partner.name!r} is already on line {seen[key]}")
            continue
        seen[key] = line
        partners.append(partner)
    if not result.errors and not partners:
        result.errors.append("no partners in the file")
    return partners, result.errors
