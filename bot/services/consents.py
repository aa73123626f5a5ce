"""Consent as a family lives with it: a new version of the text is put to the family once, at
their next visit, and answered then or later from «Мои дети»; until they accept it, the older
consent and its scope hold (`covers`). A refusal keeps the older consent as it is and is
recorded; it is not a withdrawal (that is /forget).

Who answers for a child: for a consent in the parent's wording a parent member of the family
who is not the child's own account; for a pupil's own consent (14+) the pupil themself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.services import consent_texts as registry
from bot.services.consent_texts import ConsentText, Wording
from storage import consents
from storage.clock import age_on, to_db, utcnow
from storage.consents import Capacity, Standing
from storage.db import Database

SETTLED_MAX = 100_000
CONSENT_AGE = 14  # from this age a pupil consents for themself; below it only a parent does

Outcome = Literal["accepted", "refused", "current", "gone"]


def may_consent_alone(born: date, day: date) -> bool:
    return age_on(born, day) >= CONSENT_AGE


def capacity(
    *, consented: bool, filled_as: str, member: str, born: date, today: date
) -> Capacity | None:
    """As what the person filling a sign-up form consents, or None if they may not: a parent
    member for their child; a pupil for themself from 14 (`today` in the technopark's zone).
    A member who joined the family as a child stays one whatever role they pick: their
    application waits for a parent."""
    if not consented:
        return None
    if filled_as == "child":
        return "pupil" if may_consent_alone(born, today) else None
    return "parent" if member == "parent" else None


@dataclass(frozen=True, slots=True)
class Renewal:
    """A newer version of the consent text than a child's standing consent."""

    standing: Standing
    wording: Wording
    new: ConsentText

    @property
    def child_id(self) -> int:
        return self.standing.child_id


@dataclass(frozen=True, slots=True)
class ChildConsent:
    """One child's line on the consent screen: the standing consent, the newer version if
    there is one, whether this member answers it, and whether it was refused."""

    standing: Standing
    renewal: Renewal | None
    mine: bool
    refused: bool


@dataclass(frozen=True, slots=True)
class Answered:
    outcome: Outcome
    version: str  # accepted: the new version; refused: the one still in force


def may_answer(standing: Standing, today: date) -> bool:
    """Whether the member it was read for answers for this child's consent."""
    if registry.wording_of(standing.given_as) == "self":
        return standing.own and age_on(standing.birth_date, today) >= CONSENT_AGE
    return standing.parent and not standing.own


def renewal_of(standing: Standing) -> Renewal | None:
    wording = registry.wording_of(standing.given_as)
    if not registry.outdated(wording, standing.text_version):
        return None
    return Renewal(standing, wording, registry.current(wording))


class Consents:
    def __init__(self, db: Database) -> None:
        self.db = db
        # people checked in this process with nothing to put to them: a version changes only
        # with a new release, which starts a new process
        self._settled: set[int] = set()

    def may_be_due(self, user_id: int) -> bool:
        """Cheap: could a visit of this person have a new version to put to them? Never while
        no version asks again."""
        return bool(registry.outdated_versions()) and user_id not in self._settled

    async def ask_once(self, user_id: int, today: date) -> list[Renewal]:
        """At a visit: the newer versions this person answers that were never put to their
        family, marked as put now (by this person; a second parent is not asked again)."""
        versions = registry.outdated_versions()
        if not versions or user_id in self._settled:
            return []
        due = [
            renewal for standing in await consents.standing(self.db, user_id, versions)
            if may_answer(standing, today) and (renewal := renewal_of(standing)) is not None
        ]
        asked = await consents.asked(self.db, [(r.child_id, r.new.version) for r in due])
        fresh = [r for r in due if (r.child_id, r.new.version) not in asked]
        claimed = []
        if fresh:
            stamp = to_db(utcnow())
            async with self.db.transaction() as conn:
                for renewal in fresh:
                    if await consents.mark_asked(conn, renewal.child_id, renewal.new.version,
                                                 user_id, stamp):
                        claimed.append(renewal)
        if len(self._settled) >= SETTLED_MAX:
            self._settled.clear()
        self._settled.add(user_id)
        return claimed

    async def not_delivered(self, user_id: int, renewals: list[Renewal]) -> None:
        """The question never reached them: it is put again at a later visit."""
        async with self.db.transaction() as conn:
            for renewal in renewals:
                await consents.unmark_asked(conn, renewal.child_id, renewal.new.version)
        self._settled.discard(user_id)

    async def of_member(self, user_id: int, today: date) -> list[ChildConsent]:
        """Every child's standing consent in the member's family, with what is newer."""
        found = await consents.standing(self.db, user_id)
        renewals = {s.child_id: renewal_of(s) for s in found}
        pairs = [(r.child_id, r.new.version) for r in renewals.values() if r is not None]
        refused = await consents.refused(self.db, pairs)
        return [
            ChildConsent(
                standing=s, renewal=renewals[s.child_id],
                mine=renewals[s.child_id] is not None and may_answer(s, today),
                refused=s.child_id in refused,
            )
            for s in found
        ]

    async def renewal(self, user_id: int, child_id: int, today: date) -> Renewal | None:
        """The newer version this member answers for the child, if there is one."""
        for line in await self.of_member(user_id, today):
            if line.standing.child_id == child_id and line.mine:
                return line.renewal
        return None

    async def answer(
        self, user_id: int, child_id: int, *, accept: bool, photo: bool, today: date
    ) -> Answered:
        """The member's answer to the newest version for the child: accepting records a
        consent to it (photos as chosen, when the version covers photos); refusing records
        the refusal and keeps the standing consent. `gone` if the child is not theirs to
        answer for, `current` if nothing newer waits."""
        stamp = to_db(utcnow())
        async with self.db.transaction() as conn:
            standing = await consents.standing_in(conn, user_id, child_id)
            if standing is None or not may_answer(standing, today):
                return Answered("gone", "")
            renewal = renewal_of(standing)
            if renewal is None:
                return Answered("current", standing.text_version)
            version = renewal.new.version
            if accept:
                await consents.record(
                    conn, child_id=child_id, given_by=user_id,
                    given_as="pupil" if renewal.wording == "self" else "parent",
                    photo=photo and registry.PHOTOS in renewal.new.scope, stamp=stamp,
                    version=version,
                )
            await consents.record_answer(conn, child_id, version, user_id,
                                         "accepted" if accept else "refused", stamp)
        if accept:
            return Answered("accepted", version)
        return Answered("refused", standing.text_version)

    async def covers(self, child_id: int, scope: str) -> bool:
        """Does the child's standing consent cover `scope` (one of consent_texts.SCOPES, or
        one a later version adds)? A feature that needs more than the data itself asks this
        first: until the family accepts a version with the wider scope, the older one holds.
        No consent (none given, or withdrawn): nothing is covered."""
        latest = await consents.latest(self.db, child_id)
        if latest is None:
            return False
        given_as, version, photo = latest
        return registry.covers(registry.wording_of(given_as), version, photo, scope)
