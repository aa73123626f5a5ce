"""What the chat narrows quanta by when a text gives no age, read in one statement: the age
band of the person's latest quiz result, and the children of the person's family, each
marked when it is the person's own record (a pupil's account)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.db import Database
from storage.members import OWN_CHILD_SQL

# the quiz's band (kind 0), then the family's children in the order they were added (kind 1;
# a member of a family without children: one row with no child)
KNOWN_SQL = (
    "SELECT 0 AS kind, age_min, age_max, NULL AS relation, NULL AS child, NULL AS name,"
    " NULL AS birth_date, NULL AS own FROM quiz_results WHERE user_id = :user"
    " UNION ALL"
    " SELECT 1, NULL, NULL, m.relation, c.id, c.name, c.birth_date,"
    f" c.id = {OWN_CHILD_SQL}"
    " FROM family_members m LEFT JOIN children c ON c.family_id = m.family_id"
    " WHERE m.user_id = :user"
    " ORDER BY kind, child"
)


@dataclass(frozen=True, slots=True)
class KnownChild:
    name: str
    birth_date: date
    own: bool  # the person's own record


@dataclass(frozen=True, slots=True)
class KnownAges:
    band: tuple[int, int] | None  # the latest quiz result's ages (None: no quiz, or no band)
    relation: str | None  # the person's place in a family, 'parent' | 'child'; None: none
    children: tuple[KnownChild, ...]  # the family's


async def of_user(db: Database, user_id: int) -> KnownAges:
    band: tuple[int, int] | None = None
    relation: str | None = None
    children: list[KnownChild] = []
    for row in await db.fetchall(KNOWN_SQL, {"user": user_id}):
        if row["kind"] == 0:
            if row["age_min"] is not None and row["age_max"] is not None:
                band = (int(row["age_min"]), int(row["age_max"]))
            continue
        relation = str(row["relation"])
        if row["child"] is not None:
            children.append(KnownChild(str(row["name"]), date.fromisoformat(row["birth_date"]),
                                       bool(row["own"])))
    return KnownAges(band, relation, tuple(children))
