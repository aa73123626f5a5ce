"""Families and children: the accounts that belong to a family, joining by an invite, /mydata
and /forget. A sign-up's writes are in the applications module."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import aiosqlite

from storage import applications, consents, family_data, questions
from storage.applications import Application, Submitted
from storage.clock import to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import EnrolmentRepo, EnrolmentView, Recipient
from storage.erasure import erase_family
from storage.outbox import blank_outbox, enqueue
from storage.users import forget_accounts

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Child:
    id: int
    family_id: int
    name: str
    birth_date: date
    school: str
    grade: int
    user_id: int | None


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What /forget did: erased the `family`, a child's account `left` it, or took `own` data."""

    outcome: Literal["family", "left", "own"]
    members: list[int]  # accounts whose conversations and data are gone


def _child(row: aiosqlite.Row) -> Child:
    return Child(
        id=row["id"], family_id=row["family_id"], name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]), school=row["school"],
        grade=row["grade"], user_id=row["user_id"],
    )


class FamilyRepo:
    def __init__(
        self, db: Database, enrolments: EnrolmentRepo,
        current_version: Callable[[consents.Capacity], str],
    ) -> None:
        self.db = db
        self.enrolments = enrolments
        # the version of the consent text now shown to someone consenting in a capacity
        self.current_version = current_version

    async def family_id(self, user_id: int) -> int | None:
        value = await self.db.fetchval(
            "SELECT family_id FROM family_members WHERE user_id = ?", (user_id,)
        )
        return None if value is None else int(value)

    async def member(self, user_id: int) -> tuple[int, str] | None:
        """(family id, relation) of the user's membership: relation is 'parent' or 'child' as
        recorded when they joined, whatever role they pick for themselves later."""
        row = await self.db.fetchone(
            "SELECT family_id, relation FROM family_members WHERE user_id = ?", (user_id,)
        )
        return None if row is None else (int(row[0]), str(row[1]))

    async def children(self, family_id: int) -> list[Child]:
        rows = await self.db.fetchall(
            "SELECT * FROM children WHERE family_id = ? ORDER BY id", (family_id,)
        )
        return [_child(row) for row in rows]

    async def family_of_invite(self, code: str) -> int | None:
        value = await self.db.fetchval("SELECT id FROM families WHERE invite_code = ?", (code,))
        return None if value is None else int(value)

    async def invite_code(self, family_id: int) -> str:
        return str(await self.db.fetchval(
            "SELECT invite_code FROM families WHERE id = ?", (family_id,)
        ))

    async def submit(self, app: Application) -> Submitted:
        """Child, family link, consent, enrolment and the staff's notices, in one transaction
        (the sign-up itself, with the parents asked for consent, is
        bot.services.enrolment_rules.submit)."""
        async with self.db.transaction() as conn:
            return await applications.write(conn, self.enrolments, app, self.current_version)

    async def join(
        self, user_id: int, code: str, relation: Literal["parent", "child"]
    ) -> tuple[int, str] | None:
        """Join the family behind an invite code: (family id, the relation the user holds in
        it). A member keeps the relation they joined with; None if the code is unknown or the
        user already belongs to another family."""
        async with self.db.transaction() as conn:
            row = await fetch_one(conn, "SELECT id FROM families WHERE invite_code = ?", (code,))
            if row is None:
                return None
            family_id = int(row[0])
            current = await fetch_one(
                conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?",
                (user_id,),
            )
            if current is not None:
                return (family_id, str(current[1])) if int(current[0]) == family_id else None
            await conn.execute(
                "INSERT INTO family_members (family_id, user_id, relation, joined_at)"
                " VALUES (?, ?, ?, ?)", (family_id, user_id, relation, to_db(utcnow())),
            )
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

    async def is_own_child(self, user_id: int, child_id: int) -> bool:
        """Is this child record the user's own (they signed up as that pupil)?"""
        return bool(await self.db.fetchval(
            "SELECT EXISTS (SELECT 1 FROM children c WHERE c.id = ? AND (c.user_id = ?"
            " OR EXISTS (SELECT 1 FROM family_members m WHERE m.user_id = ?"
            " AND m.child_id = c.id)))", (child_id, user_id, user_id),
        ))

    async def consent(
        self, user_id: int, child_id: int, photo: bool, version: str | None = None
    ) -> list[EnrolmentView] | None:
        """A parent's consent (to the text `version`, the current one if not given) for a
        child: their waiting applications take a seat or join the waitlist. Only a parent
        member of the child's family who is not the child's own account may give it: None for
        anyone else; [] if nothing waits for it."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            row = await fetch_one(
                conn, "SELECT c.id FROM children c JOIN family_members m"
                " ON m.family_id = c.family_id AND m.user_id = ?"
                " WHERE c.id = ? AND m.relation = 'parent'"
                " AND c.user_id IS NOT ? AND m.child_id IS NOT c.id",
                (user_id, child_id, user_id),
            )
            if row is None:
                return None
            if not await self.enrolments.awaiting_consent(conn, child_id):
                return []
            await consents.record(conn, child_id=child_id, given_by=user_id, given_as="parent",
                                  photo=photo, stamp=now,
                                  version=version or self.current_version("parent"))
            return await self.enrolments.place_consented(conn, child_id, now)

    async def export(self, family_id: int, forms: Collection[str] = ()) -> dict[str, Any]:
        """Everything stored about a family and its members, for /mydata."""
        return await family_data.export(self.db, family_id, await self.children(family_id),
                                        forms)

    async def forget_scope(self, user_id: int) -> Literal["family", "left"] | None:
        """What /forget would do for this user (see `forget`)."""
        row = await self.db.fetchone(
            "SELECT m.relation, EXISTS (SELECT 1 FROM family_members p"
            " WHERE p.family_id = m.family_id AND p.relation = 'parent') AS parented"
            " FROM family_members m WHERE m.user_id = ?", (user_id,),
        )
        if row is None:
            return None
        return "left" if row["relation"] == "child" and row["parented"] else "family"

    async def forget(self, user_id: int) -> Forgotten | None:
        """/forget by a member. A parent (or a pupil in a family no parent has joined) erases
        the whole family in one transaction: consent is withdrawn, the children and their
        applications are deleted (their seats go to the waitlist), every outbox message about
        the family is blanked (sent or not, staff notices too), every member's conversation
        state, quiz results and questions to staff are deleted, and the other members are
        told. A child's own account in a family with a parent only leaves it: its link,
        conversations, quiz results and questions go, the children's records stay with the
        parents, who are told.

        What stays is the record that consent was given and when it was withdrawn, without
        the person. Deleted bytes are overwritten (secure_delete) and the WAL is checkpointed,
        so no copy of a name or a phone stays in the files. None if the user has no family."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            row = await fetch_one(
                conn, "SELECT family_id, relation FROM family_members WHERE user_id = ?",
                (user_id,),
            )
            if row is None:
                return None
            family_id, relation = int(row[0]), str(row[1])
            people = await self.enrolments.recipients(
                conn, "SELECT u.id, u.language, u.family_role FROM family_members m"
                " JOIN users u ON u.id = m.user_id WHERE m.family_id = ?", (family_id,),
            )
            parents = {int(r[0]) for r in await fetch_all(
                conn, "SELECT user_id FROM family_members WHERE family_id = ?"
                " AND relation = 'parent'", (family_id,),
            )}
            if relation == "child" and parents:
                await self._leave(conn, family_id, user_id, people, parents)
                result = Forgotten("left", [user_id])
            else:
                await erase_family(conn, self.enrolments, family_id, [p.user_id for p in people],
                                   now, withdrawn=True)
                for person in people:
                    if person.user_id != user_id:
                        await enqueue(
                            conn, kind="notice", chat_id=person.user_id,
                            payload=self.enrolments.notices.family_forgotten(person),
                            dedupe_key=f"forgotten:{family_id}:{person.user_id}:{now}",
                        )
                result = Forgotten("family", [p.user_id for p in people])
        if not await self.db.checkpoint():
            # readers held the WAL; SQLite's own checkpoints will overwrite it later
            log.warning("forget: the WAL could not be truncated at once")
        return result

    async def _leave(
        self, conn: aiosqlite.Connection, family_id: int, user_id: int,
        people: list[Recipient], parents: set[int],
    ) -> None:
        name = await fetch_one(conn, "SELECT first_name FROM users WHERE id = ?", (user_id,))
        await conn.execute("UPDATE children SET user_id = NULL WHERE user_id = ?", (user_id,))
        await conn.execute("DELETE FROM family_members WHERE user_id = ?", (user_id,))
        await forget_accounts(conn, [user_id])
        await blank_outbox(conn, chats=[user_id])
        await questions.forget(conn, user_ids=[user_id])
        for person in people:
            if person.user_id in parents:
                await enqueue(
                    conn, kind="notice", chat_id=person.user_id,
                    payload=self.enrolments.notices.child_left(
                        person, str(name[0]) if name else ""
                    ),
                    dedupe_key=f"left:{family_id}:{user_id}:{person.user_id}:{to_db(utcnow())}",
                )
