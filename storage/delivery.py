"""Who a batch of messages reached, as queries: the last message each person got of a lesson's
change notices, a closure's notices or a broadcast; the families a broadcast could not be sent
to at all; the children a batch was about; and the families with their members, phone and
children, to call those not reached. Which families count as not reached is
bot.services.delivery's."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.clock import to_db
from storage.db import Database, placeholders


@dataclass(frozen=True, slots=True)
class Last:
    """The last message of a batch to one person (a cancelled one does not count)."""

    chat_id: int
    status: str  # pending | sending | sent | failed | expired
    error: str | None


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    family_id: int
    relation: str  # parent | child
    first_name: str
    blocked: bool


@dataclass(frozen=True, slots=True)
class Loner:
    """Someone not in any family (a quiz-taker, a member of staff)."""

    user_id: int
    first_name: str
    username: str | None
    blocked: bool


@dataclass(frozen=True, slots=True)
class Child:
    id: int
    family_id: int
    name: str
    birth_date: date



# the batches: (the condition on outbox rows, its parameter)
BATCHES = {
    "lesson": "kind = 'lesson' AND lesson_id = ?",
    "closure": "topic = ?",
    "broadcast": "broadcast_id = ?",
}


class DeliveryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def last_of(self, batch: str, key: object) -> list[Last]:
        """Each person's last message of the batch ("lesson" with a lesson id, "closure" with
        its topic, "broadcast" with its id)."""
        where = BATCHES[batch]
        rows = await self.db.fetchall(
            f"SELECT chat_id, status, last_error FROM outbox WHERE id IN (SELECT max(id)"  # noqa: S608
            f" FROM outbox WHERE {where} AND status != 'cancelled' GROUP BY chat_id)",
            (key,),
        )
        return [Last(r["chat_id"], r["status"], r["last_error"]) for r in rows]

    async def unreached_of(self, broadcast_id: int) -> dict[int, str]:
        """The families a broadcast could not be sent to at all, when it was queued: each
        family's id and why (blocked, never)."""
        rows = await self.db.fetchall(
            "SELECT family_id, why FROM broadcast_unreached WHERE broadcast_id = ?",
            (broadcast_id,),
        )
        return {int(r["family_id"]): str(r["why"]) for r in rows}

    async def confirmed_in(self, group_ids: Collection[int]) -> list[Child]:
        """The children confirmed in these groups."""
        if not group_ids:
            return []
        rows = await self.db.fetchall(
            "SELECT DISTINCT c.id, c.family_id, c.name, c.birth_date FROM enrolments e"
            " JOIN children c ON c.id = e.child_id WHERE e.status = 'confirmed'"
            f" AND e.group_id IN ({placeholders(group_ids)})",  # noqa: S608 - marks only
            tuple(group_ids),
        )
        return [_child(r) for r in rows]

    async def off_by(self, closure_id: int, after: datetime) -> list[int]:
        """The groups with lessons still to come that the closure keeps off."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT group_id FROM lessons WHERE closure_id = ? AND manual = 0"
            " AND starts_at > ?", (closure_id, to_db(after)),
        )
        return [r[0] for r in rows]

    async def groups_told(self, topic: str) -> set[int]:
        """The groups the notices of a topic were about (each names its change's groups)."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT j.value FROM outbox o, json_each(o.payload, '$.closure.groups') j"
            " WHERE o.topic = ?", (topic,),
        )
        return {int(r[0]) for r in rows}

    async def families_of(self, user_ids: Collection[int]) -> set[int]:
        found: set[int] = set()
        ids = list(user_ids)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            rows = await self.db.fetchall(
                f"SELECT family_id FROM family_members WHERE user_id IN ({placeholders(part)})",  # noqa: S608
                part,
            )
            found |= {r[0] for r in rows}
        return found

    async def loners(self, user_ids: Collection[int]) -> list[Loner]:
        """Those of these people who are in no family."""
        found: list[Loner] = []
        ids = list(user_ids)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            rows = await self.db.fetchall(
                "SELECT id, first_name, username, blocked FROM users"
                f" WHERE id IN ({placeholders(part)}) AND NOT EXISTS"  # noqa: S608 - marks only
                " (SELECT 1 FROM family_members m WHERE m.user_id = users.id)", part,
            )
            found += [Loner(r["id"], r["first_name"], r["username"], bool(r["blocked"]))
                      for r in rows]
        return found

    async def families(self, family_ids: Collection[int]
                       ) -> tuple[list[Member], list[Child], dict[int, str]]:
        """The families' members, children and phones."""
        members: list[Member] = []
        children: list[Child] = []
        phones: dict[int, str] = {}
        ids = list(family_ids)
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            marks = placeholders(part)
            for r in await self.db.fetchall(
                "SELECT m.user_id, m.family_id, m.relation, u.first_name, u.blocked"
                " FROM family_members m JOIN users u ON u.id = m.user_id"
                f" WHERE m.family_id IN ({marks}) ORDER BY m.joined_at", part,  # noqa: S608
            ):
                members.append(Member(r["user_id"], r["family_id"], r["relation"],
                                      r["first_name"], bool(r["blocked"])))
            for r in await self.db.fetchall(
                "SELECT id, family_id, name, birth_date FROM children"
                f" WHERE family_id IN ({marks})", part,  # noqa: S608
            ):
                children.append(_child(r))
            for r in await self.db.fetchall(
                f"SELECT id, phone FROM families WHERE id IN ({marks})", part,  # noqa: S608
            ):
                phones[r["id"]] = r["phone"] or ""
        return members, children, phones


def _child(row: aiosqlite.Row) -> Child:
    return Child(row["id"], row["family_id"], row["name"],
                 date.fromisoformat(row["birth_date"]))
