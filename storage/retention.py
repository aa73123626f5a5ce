"""The nightly clean-up's queries: a family's rows whose last change is older than a cutoff
(an ISO UTC stamp, as storage keeps them), found and deleted one family at a time.

- applications declined, cancelled or withdrawn (`CLOSED`);
- applications that never took a seat: still on the waitlist, never offered, or still waiting
  for a parent's consent (`UNPLACED`);
- the traces of people who have left the family: who made an application, who consented
  (the consent itself stays);
- the whole family, once it has no application in progress (none waiting, offered, applied
  or confirmed) and nothing of it changed, nobody joined, no member came by and none of its
  events was held since the cutoff — erased as /forget erases it (its registrations for
  events too), the consents kept as facts without the person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import aiosqlite

from storage import consents
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import ACTIVE_SQL
from storage.erasure import erase_family

CLOSED = ("rejected", "cancelled", "withdrawn")
UNPLACED = ("waitlisted", "awaiting_consent")
OLD_SQL = ",".join(f"'{status}'" for status in (*CLOSED, *UNPLACED))

MEMBERS = "SELECT user_id FROM family_members WHERE family_id = {family}"

# the family's last change: itself, its children, members joining or coming by, its
# applications, consents and the answers to new versions, its registrations for events (an
# event not yet over keeps the family: its end counts as a change) and its feedback
LAST_CHANGE = """max(
    f.created_at,
    coalesce((SELECT max(created_at) FROM children WHERE family_id = f.id), ''),
    coalesce((SELECT max(m.joined_at) FROM family_members m WHERE m.family_id = f.id), ''),
    coalesce((SELECT max(u.last_seen) FROM family_members m JOIN users u ON u.id = m.user_id
              WHERE m.family_id = f.id), ''),
    coalesce((SELECT max(e.updated_at) FROM enrolments e JOIN children c ON c.id = e.child_id
              WHERE c.family_id = f.id), ''),
    coalesce((SELECT max(given_at) FROM consents WHERE family_id = f.id), ''),
    coalesce((SELECT max(coalesce(r.answered_at, r.asked_at)) FROM consent_requests r
              JOIN children c ON c.id = r.child_id WHERE c.family_id = f.id), ''),
    coalesce((SELECT max(max(r.created_at, coalesce(r.checked_in_at, ''), e.ends_at))
              FROM event_registrations r JOIN events e ON e.id = r.event_id
              WHERE r.family_id = f.id OR r.user_id IN
              (SELECT user_id FROM family_members WHERE family_id = f.id)), ''),
    coalesce((SELECT max(k.created_at) FROM event_feedback k
              JOIN event_registrations r ON r.id = k.registration_id
              WHERE r.family_id = f.id), '')
)"""

IDLE_SQL = f"""
    SELECT f.id FROM families f
    WHERE NOT EXISTS (SELECT 1 FROM enrolments e JOIN children c ON c.id = e.child_id
                      WHERE c.family_id = f.id AND e.status IN ({ACTIVE_SQL}))
    AND {LAST_CHANGE} < :before
"""  # noqa: S608 - constants only


@dataclass(slots=True)
class Swept:
    """What was deleted of one family (or of all of them, added up)."""

    closed: int = 0  # applications declined, cancelled or withdrawn
    unplaced: int = 0  # waitlist entries never offered, applications never consented to
    traces: int = 0  # rows that named someone who had left the family
    families: int = 0  # families erased
    forgotten: list[int] = field(default_factory=list)  # accounts whose data went with them
    freed: list[int] = field(default_factory=list)  # groups whose seats an erasure freed
    events: list[int] = field(default_factory=list)  # events whose seats an erasure freed

    def add(self, other: Swept) -> None:
        self.closed += other.closed
        self.unplaced += other.unplaced
        self.traces += other.traces
        self.families += other.families
        self.forgotten += other.forgotten
        self.freed += other.freed
        self.events += other.events


async def families_due(db: Database, before: str) -> list[int]:
    """The families with anything older than `before` to delete."""
    members = MEMBERS.format(family="c.family_id")
    rows = await db.fetchall(
        f"SELECT c.family_id FROM enrolments e JOIN children c ON c.id = e.child_id"  # noqa: S608
        f" WHERE e.updated_at < :before AND (e.status IN ({OLD_SQL})"
        f" OR (e.created_by IS NOT NULL AND e.created_by NOT IN ({members})))"
        f" UNION SELECT family_id FROM consents c WHERE family_id IS NOT NULL"
        f" AND given_at < :before AND given_by IS NOT NULL"
        f" AND given_by NOT IN ({MEMBERS.format(family='c.family_id')})"
        f" UNION {IDLE_SQL} ORDER BY 1",
        {"before": before},
    )
    return [int(row[0]) for row in rows]


async def sweep(
    conn: aiosqlite.Connection, family_id: int, before: str, now: str,
    quote: Callable[[str], str],
) -> Swept:
    """Inside the caller's transaction: delete what of the family is older than `before`,
    and the family itself if nothing of it is left in use (`freed` and `events`: the groups
    and the events whose seats it held; `quote`: as erase_family)."""
    swept = Swept()
    old = await fetch_all(
        conn, f"SELECT e.id, e.status FROM enrolments e JOIN children c ON c.id = e.child_id"  # noqa: S608
        f" WHERE c.family_id = ? AND e.status IN ({OLD_SQL}) AND e.updated_at < ?",
        (family_id, before),
    )
    for row in old:
        # the notices about it, to the family and to staff, quote the child and the reason
        await conn.execute(
            "UPDATE outbox SET payload = '{}', status = CASE WHEN status IN"
            " ('pending', 'sending') THEN 'cancelled' ELSE status END"
            " WHERE payload != '{}' AND (dedupe_key GLOB ? OR dedupe_key GLOB ?)",
            (f"app:{row['id']}:*", f"app-new:{row['id']}:*"),
        )
        await conn.execute("DELETE FROM enrolments WHERE id = ?", (row["id"],))
        if row["status"] in CLOSED:
            swept.closed += 1
        else:
            swept.unplaced += 1
    cursor = await conn.execute(
        f"UPDATE enrolments SET created_by = NULL WHERE child_id IN"  # noqa: S608
        f" (SELECT id FROM children WHERE family_id = :family) AND created_by IS NOT NULL"
        f" AND created_by NOT IN ({MEMBERS.format(family=':family')})"
        f" AND updated_at < :before", {"family": family_id, "before": before},
    )
    swept.traces = cursor.rowcount + await consents.forget_leavers(conn, family_id, before)
    idle = await fetch_one(conn, IDLE_SQL + " AND f.id = :family",
                           {"before": before, "family": family_id})
    if idle is not None:
        members = [int(row[0]) for row in await fetch_all(
            conn, "SELECT user_id FROM family_members WHERE family_id = ?", (family_id,),
        )]
        freed = await erase_family(conn, family_id, members, now, withdrawn=False,
                                   quote=quote)
        swept.freed, swept.events = freed.groups, freed.events
        swept.families = 1
        swept.forgotten = members
    return swept
