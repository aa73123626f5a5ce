"""Applications by status, for staff's lists beyond the ones waiting for a decision: how
many of each, and one page of one status (newest change first). Reads only."""

from __future__ import annotations

from storage.db import Database
from storage.enrolments import VIEW_SELECT, EnrolmentView
from storage.enrolments import _view as view_of


async def counts(db: Database) -> dict[str, int]:
    rows = await db.fetchall("SELECT status, count(*) FROM enrolments GROUP BY status")
    return {str(r[0]): int(r[1]) for r in rows}


async def page(db: Database, status: str, limit: int, offset: int) -> list[EnrolmentView]:
    rows = await db.fetchall(
        VIEW_SELECT + " WHERE e.status = ? ORDER BY e.updated_at DESC, e.id DESC"
        " LIMIT ? OFFSET ?", (status, limit, offset),
    )
    return [view_of(row) for row in rows]
