"""Erasing a family: what /forget does, and what the nightly clean-up does to a family whose
data is no longer needed. One function for both, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import aiosqlite

from storage import consents, event_privacy, questions
from storage.attendance_families import forget_children
from storage.db import fetch_all, fetch_one
from storage.outbox import blank_outbox, unkey_outbox
from storage.users import forget_accounts


@dataclass(slots=True)
class Freed:
    """The seats an erased family held, for the caller to offer to the waitlist."""

    groups: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)


async def erase_family(
    conn: aiosqlite.Connection, family_id: int, members: list[int], now: str, *,
    withdrawn: bool, quote: Callable[[str], str],
) -> Freed:
    """Delete the family: its children and their applications, its members' registrations for
    events with their seats and feedback (returned: the groups and the events whose seats they
    held, for the caller to offer to the waitlist), every outbox message about it
    or to its members (blanked, sent or not, staff notices too), the members' questions, quiz
    results, reminder settings, forms and stored names. The consents stay as facts without
    the person; `withdrawn` marks them withdrawn now (/forget), otherwise they are left as
    they were (the data has simply gone). A message may quote a name or a school as it is or
    as `quote` writes it (the messages' markup)."""
    groups = [int(r[0]) for r in await fetch_all(
        conn, "SELECT DISTINCT e.group_id FROM enrolments e JOIN children c"
        " ON c.id = e.child_id WHERE c.family_id = ?", (family_id,),
    )]
    # what a message about the family may quote: names, dates, schools, the phone
    needles: set[str] = set()
    children = await fetch_all(conn, "SELECT * FROM children WHERE family_id = ?", (family_id,))
    for child in children:
        born = date.fromisoformat(child["birth_date"])
        needles |= {child["name"], quote(child["name"]), child["school"],
                    quote(child["school"]), born.strftime("%d.%m.%Y")}
    phone = await fetch_one(conn, "SELECT phone FROM families WHERE id = ?", (family_id,))
    if phone is not None and phone[0]:
        needles.add(str(phone[0]))
    # first, while the children's rows are there: their seats go with the registrations
    events = await event_privacy.erase(conn, family_id, members)
    needles |= events.words | events.names | {quote(name) for name in events.names}
    child_ids = [int(child["id"]) for child in children]
    await unkey_outbox(conn, family_id, child_ids)
    await blank_outbox(conn, chats=members, family_id=family_id, needles=needles)
    # the marks stay for the journal («выбыл»), off the ids the next children may get
    await forget_children(conn, child_ids, now)
    await questions.forget(conn, user_ids=members, family_id=family_id)
    if withdrawn:
        await consents.withdraw(conn, family_id, now)
    else:
        await consents.detach(conn, family_id)
    await conn.execute(
        "DELETE FROM enrolments WHERE child_id IN"
        " (SELECT id FROM children WHERE family_id = ?)", (family_id,),
    )
    await forget_accounts(conn, members)
    await conn.execute("DELETE FROM families WHERE id = ?", (family_id,))
    return Freed(groups, events.events)
