"""A family as its members live it: joining by an invite (a child's own account tied to its
record), the children's records, and a parent's consent from an invite. /mydata and /forget
are bot/services/privacy.py's."""

from __future__ import annotations

from typing import Literal

from bot.services import consent_texts
from bot.services.enrolment import Enrolments
from storage import consents, family_data, members
from storage import enrolments as enrolment_rows
from storage import families as rows
from storage.clock import to_db, utcnow
from storage.enrolments import EnrolmentView
from storage.families import Child, FamilyRepo
from storage.members import Membership
from storage.users import FamilyRole, User, UserRepo


class Families:
    def __init__(self, enrolment: Enrolments, users: UserRepo) -> None:
        self.db = enrolment.db
        self.enrolment = enrolment
        self.users = users
        self.reads = FamilyRepo(enrolment.db)

    # ---- reads -------------------------------------------------------------------------

    async def family_id(self, user_id: int) -> int | None:
        return await self.reads.family_id(user_id)

    async def member(self, user_id: int) -> tuple[int, str] | None:
        """(family id, relation) of the user's membership: relation is 'parent' or 'child' as
        recorded when they joined, whatever role they pick for themselves later."""
        return await self.reads.member(user_id)

    async def membership(self, user_id: int) -> Membership | None:
        return await members.of_user(self.db, user_id)

    async def children(self, family_id: int) -> list[Child]:
        return await self.reads.children(family_id)

    async def phone(self, user_id: int) -> str | None:
        """The phone the user's family gave at a sign-up before, if any."""
        family_id = await self.reads.family_id(user_id)
        return await members.family_phone(self.db, family_id) if family_id else None

    async def family_of_invite(self, code: str) -> int | None:
        return await self.reads.family_of_invite(code)

    async def invite_code(self, family_id: int) -> str:
        return await self.reads.invite_code(family_id)

    async def waiting_for_consent(self, user_id: int, family_id: int) -> list[EnrolmentView]:
        """The family's applications waiting for consent that this member may give (not
        their own record's)."""
        waiting = await self.enrolment.waiting_for_consent(family_id)
        return [view for view in waiting
                if not await self.reads.is_own_child(user_id, view.child_id)]

    # ---- use cases ---------------------------------------------------------------------

    async def set_role(self, user_id: int, role: FamilyRole | None) -> User | None:
        """The person says who they are: a parent or a pupil (the voice they are spoken in)."""
        return await self.users.set_family_role(user_id, role)

    async def set_language(self, user_id: int, language: str) -> User | None:
        """The language the person is spoken to in (the family's notices too)."""
        return await self.users.set_language(user_id, language)

    async def join(
        self, user_id: int, code: str, relation: Literal["parent", "child"]
    ) -> tuple[int, str] | None:
        """Join the family behind an invite code: (family id, the relation the user holds in
        it). A member keeps the relation they joined with; None if the code is unknown or the
        user already belongs to another family."""
        async with self.db.transaction() as conn:
            family_id = await rows.of_invite(conn, code)
            if family_id is None:
                return None
            current = await rows.membership(conn, user_id)
            if current is not None:
                return (family_id, current[1]) if current[0] == family_id else None
            await rows.add_member(conn, family_id, user_id, relation)
            if relation == "child":
                # the family's only child without an account of their own is this one
                unlinked = await family_data.unlinked_children(conn, family_id)
                if len(unlinked) == 1:
                    await family_data.link(conn, user_id, unlinked[0])
        return family_id, relation

    async def unlinked_children(self, user_id: int) -> list[Child]:
        """The children a child's account not yet tied to one may be (none if it is tied)."""
        async with self.db.transaction() as conn:
            family_id = await family_data.untied_family(conn, user_id)
            if family_id is None:
                return []
            ids = await family_data.unlinked_children(conn, family_id)
        return [c for c in await self.children(family_id) if c.id in ids]

    async def link_child(self, user_id: int, child_id: int) -> bool:
        """A child's account says which child of its family it is; False if it may not."""
        async with self.db.transaction() as conn:
            family_id = await family_data.untied_family(conn, user_id)
            if family_id is None or child_id not in await family_data.unlinked_children(
                conn, family_id
            ):
                return False
            await family_data.link(conn, user_id, child_id)
        return True

    async def consent(
        self, user_id: int, child_id: int, photo: bool, version: str | None = None
    ) -> list[EnrolmentView] | None:
        """A parent's consent (to the text `version`, the current one if not given) for a
        child: their waiting applications take a seat or join the waitlist. Only a parent
        member of the child's family who is not the child's own account may give it: None for
        anyone else; [] if nothing waits for it."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            if not await members.may_consent(conn, user_id, child_id):
                return None
            if not await enrolment_rows.awaiting_consent(conn, child_id):
                return []
            await consents.record(conn, child_id=child_id, given_by=user_id, given_as="parent",
                                  photo=photo, stamp=now,
                                  version=version or consent_texts.version_for("parent"))
            return await self.enrolment.place_consented(conn, child_id, now)
