"""Staff reading children's data: a search for a family, a group's roster, applications by
status — and the record of who looked at what and when (/audit), written in the same
transaction as the look is counted. The record keeps kinds and ids, never the typed text: a
searched name must not outlive the family's /forget. It is kept a year
(bot/services/retention.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.services.telegram_text import Refused, visible_text
from bot.services.validators import parse_phone
from storage import app_lists, audit, roster, search
from storage.audit import Access
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.enrolments import EnrolmentView
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.roster import Member
from storage.search import FoundFamily

FOUND_MAX = 10  # families a search shows; it says when there are more
QUERY_MAX = 100
STATUSES = ("applied", "navigator", "confirmed", "waitlisted", "offered", "awaiting_consent",
            "rejected", "cancelled", "withdrawn")
PHONE_LIKE = re.compile(r"\+?[\d\s()\-.‐‑‒–—]+")
WORD_GAPS = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class Found:
    kind: str  # name | phone
    families: list[FoundFamily]
    more: bool  # more than FOUND_MAX matched


@dataclass(frozen=True, slots=True)
class Roster:
    group: Group
    programme: Programme | None
    confirmed: list[Member] = field(default_factory=list)
    waiting: list[Member] = field(default_factory=list)  # the queue's order, offers included


def query_of(text: str) -> tuple[str, str, str]:
    """(kind, value, digits) of a search: a phone in any usual spelling (E.164 if it is a
    whole one, and its digits for a part of one), or the words of a name, folded. Refused:
    too short, too long, or a phone of too few digits."""
    shown = visible_text(text)
    if len(shown) > QUERY_MAX:
        raise Refused("find-too-long", limit=QUERY_MAX)
    if PHONE_LIKE.fullmatch(shown):
        digits = "".join(char for char in shown if char.isdigit())
        if len(digits) < 4:
            raise Refused("find-too-short")
        try:
            phone = parse_phone(shown)
        except Refused:
            phone = ""
        return "phone", phone, digits
    if sum(char.isalpha() for char in shown) < 2:
        raise Refused("find-too-short")
    return "name", search.fold(shown), ""


def name_words(folded: str) -> list[str]:
    """The words of a name searched, each once, the longest first (it rules out the most
    names before the others are looked at): «Михаил Петров» and «петров, михаил» alike."""
    words = dict.fromkeys(word for word in WORD_GAPS.split(folded) if word)
    return sorted(words, key=len, reverse=True)


def spellings(digits: str) -> list[str]:
    """The runs of digits a stored phone may hold for a part typed: a Russian number typed
    from its trunk prefix 8 is kept as +7, so «8912345» is also looked for as «7912345»."""
    if digits.startswith("8") and len(digits) > 1:
        return [digits, "7" + digits[1:]]
    return [digits]


class StaffData:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.programmes = ProgrammeRepo(db)

    async def find(self, staff_id: int, text: str) -> Found:
        """Families by the words of a name (all of them, in any order) or by a phone; the
        look is recorded."""
        kind, value, digits = query_of(text)
        if kind == "phone":
            ids = await search.by_phone(self.db, value, spellings(digits), FOUND_MAX + 1)
        else:
            ids = await search.by_name(self.db, name_words(value), FOUND_MAX + 1)
        return await self.found(staff_id, kind, ids[:FOUND_MAX], more=len(ids) > FOUND_MAX)

    async def found(self, staff_id: int, kind: str, ids: list[int], *, more: bool) -> Found:
        """The families of a search (again, back from an application opened out of its
        results), as they are now; the look is recorded."""
        kind = kind if kind in ("name", "phone") else "name"
        shown = ids[:FOUND_MAX]
        async with self.db.transaction() as conn:
            await audit.record(conn, staff_id, f"search_{kind}", to_db(utcnow()),
                               found=len(shown), families=shown)
        # read after the record: a family erased meanwhile is not shown
        return Found(kind, await search.families(self.db, shown), more)

    async def roster(self, staff_id: int, group_id: int) -> Roster | None:
        """Who is in the group and who waits; the look is recorded. None: no such group."""
        group = await self.programmes.group(group_id)
        if group is None:
            return None
        people = await roster.members(self.db, group_id)
        async with self.db.transaction() as conn:
            await audit.record(conn, staff_id, "roster", to_db(utcnow()), group_id=group_id,
                               found=len(people), families={m.family_id for m in people})
        return Roster(group, await self.programmes.get(group.programme_id),
                      [m for m in people if m.status == "confirmed"],
                      [m for m in people if m.status != "confirmed"])

    async def status_counts(self) -> dict[str, int]:
        return await app_lists.counts(self.db)

    async def by_status(self, status: str, limit: int, offset: int) -> list[EnrolmentView]:
        return await app_lists.page(self.db, status, limit, offset)

    async def accesses(self, limit: int, offset: int) -> tuple[list[Access], int]:
        """One page of the record, newest first, and how many looks it holds."""
        return await audit.page(self.db, limit, offset), await audit.count(self.db)
