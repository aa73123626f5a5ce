"""Blanking the outbox for /forget: every message to a forgotten family's chats, about it, or
quoting its names loses its text (sent or not; the rows stay, so broadcasts keep their
counts), and no key spells its children's ids. Inside the erasure's own transaction."""

from __future__ import annotations

from typing import Any

import aiosqlite


async def blank_outbox(
    conn: aiosqlite.Connection, *, chats: list[int], family_id: int | None = None,
    needles: frozenset[str] | set[str] = frozenset(),
) -> int:
    """Blank every outbox message to these chats, about this family, or quoting any of the
    needles, sent or not (the rows stay, so broadcasts keep their counts); those not yet sent
    are cancelled. The family's messages no longer say which family they were about."""
    clauses = [f"chat_id IN ({','.join('?' * len(chats)) or 'NULL'})"]
    params: list[Any] = list(chats)
    if family_id is not None:
        clauses.append("family_id = ?")
        params.append(family_id)
    for needle in sorted(n for n in needles if len(n) >= 3):
        clauses.append("instr(payload, ?) > 0")
        params.append(needle)
    cursor = await conn.execute(
        "UPDATE outbox SET payload = '{}', status = CASE WHEN status IN ('pending', 'sending')"
        " THEN 'cancelled' ELSE status END"
        f" WHERE payload != '{{}}' AND ({' OR '.join(clauses)})",  # noqa: S608
        params,
    )
    if family_id is not None:
        await conn.execute("UPDATE outbox SET family_id = NULL WHERE family_id = ?",
                           (family_id,))
    return cursor.rowcount


async def unkey_outbox(conn: aiosqlite.Connection, family_id: int, child_ids: list[int]) -> None:
    """The family's messages whose key spells one of its children's ids (beside a lesson and
    a chat: «не пришёл», «Не придём») get a key of their own id instead, so no key ties the
    child's marks or absences to the family's chat once the family is forgotten."""
    for child in child_ids:
        await conn.execute(
            "UPDATE outbox SET dedupe_key = 'gone:' || id WHERE family_id = ?"
            " AND (':' || dedupe_key || ':') GLOB ?", (family_id, f"*:{child}:*"))
