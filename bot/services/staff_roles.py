"""Granting and revoking staff. The staff capacity changes in one transaction with what goes
with it: the notice to the person, and on revoking the staff notices still queued for them,
their «answering now» marks and their half-typed staff forms (a draft post, a lesson change, an
answer), so that granting again revives none of it. Once it is written, the person's command
menu follows (the staff commands, or back to the public ones). The family capacity is never
touched: a mother who teaches here stays a parent when she stops teaching."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import aiosqlite
from aiogram import Bot

from bot.commands import clear_staff_commands, set_staff_commands
from bot.i18n import Texts
from storage import users as user_rows
from storage.clock import utcnow
from storage.db import Database
from storage.fsm import clear_forms
from storage.outbox import cancel_staff_rows, enqueue
from storage.questions import release_taken
from storage.users import StaffRole, User, UserRepo

# the forms of the family side, which a person keeps when staff is revoked (state group names)
FAMILY_FORMS = ("Signup", "QuizStates", "AskStates")


class Forms(Protocol):
    def forget_user(self, user_id: int, *, running_too: bool = True) -> None: ...


class NoForms:
    """Until the dispatcher hands over its conversations' storage: nothing to forget."""

    def forget_user(self, user_id: int, *, running_too: bool = True) -> None:
        return None


@dataclass(frozen=True, slots=True)
class AdminSync:
    """What following ADMIN_IDS changed: ids taken off the list, and listed ids made admin."""

    demoted: list[int]
    promoted: list[int]


class StaffRoles:
    def __init__(self, db: Database, users: UserRepo, texts: Texts, forms: Forms | None = None,
                 bot: Bot | None = None) -> None:
        self.db = db
        self.users = users
        self.texts = texts
        # the conversations' storage (the dispatcher's) and the bot whose menus follow the role
        self.forms: Forms = forms or NoForms()
        self.bot = bot

    # ---- reading -------------------------------------------------------------------------

    async def staff(self) -> list[User]:
        return await self.users.staff()

    async def find(self, handle: str) -> User | None:
        """A person the bot knows, by id or @username."""
        return await self.users.find(handle)

    async def get(self, user_id: int) -> User | None:
        return await self.users.get(user_id)

    # ---- the use cases -------------------------------------------------------------------

    async def _set_role(self, person: User, role: StaffRole | None, key: str) -> User | None:
        """The role written with its notice (and, taking it away, what staff had) in one
        transaction; the person as they now are, None if the bot does not know them."""
        async with self.db.transaction() as conn:
            known = await user_rows.set_staff_role(conn, person.id, role)
            if role is None:
                await self._leave(conn, person, key)
            elif key:
                await self._tell(conn, person, key)
        self.users.forget(person.id)
        return await self.users.get(person.id) if known else None

    async def _tell(self, conn: aiosqlite.Connection, person: User, key: str) -> None:
        await enqueue(
            conn, kind="notice", chat_id=person.id,
            payload={"text": self.texts.get(person.language, key)},
            dedupe_key=f"{key}:{person.id}:{utcnow().isoformat()}",
        )

    async def _leave(self, conn: aiosqlite.Connection, person: User, key: str) -> None:
        await cancel_staff_rows(conn, person.id)  # children's names in notices not yet sent
        await release_taken(conn, person.id)
        await clear_forms(conn, person.id, keep=FAMILY_FORMS)
        await self._tell(conn, person, key)

    async def grant(self, person: User, role: StaffRole = "staff") -> User | None:
        """Staff from now on: told so, and given the staff's command menu."""
        granted = await self._set_role(person, role, "staff-granted-notice")
        if granted is not None and self.bot is not None:
            await set_staff_commands(self.bot, self.texts, granted)
        return granted

    async def dismiss(self, person: User) -> User | None:
        """An admin took the staff role away: revoked, and the staff's menu goes too."""
        updated = await self.revoke(person)
        if self.bot is not None:
            await clear_staff_commands(self.bot, person.id)
        return updated

    async def revoke(self, person: User, *, own_update: bool = False,
                     key: str = "staff-revoked-notice") -> User | None:
        """`own_update`: the person's own update is running (the admin list changed under
        them), and it goes on as theirs."""
        updated = await self._set_role(person, None, key)
        self.forms.forget_user(person.id, running_too=not own_update)
        return updated

    async def follow_admin_list(self, user: User, listed: bool) -> User:
        """ADMIN_IDS is the truth for admins, for someone who writes while it disagrees."""
        if listed and not user.is_admin:
            return await self._set_role(user, "admin", "") or user
        if not listed and user.is_admin:
            return await self.revoke(user, own_update=True, key="admin-revoked-notice") or user
        return user

    async def sync_admins(self, listed: Collection[int]) -> AdminSync:
        """At start, before anything is sent: the stored admins follow ADMIN_IDS. Those taken
        off are told once and lose what staff had (their family capacity stays); listed people
        the bot already knows become admins."""
        wanted = set(listed)
        async with self.db.transaction() as conn:
            current = await user_rows.admin_ids(conn)
            promoted = [uid for uid in sorted(wanted - current)
                        if await user_rows.set_staff_role(conn, uid, "admin")]
            demoted = sorted(current - wanted)
            for uid in demoted:
                person = await user_rows.get_in(conn, uid)
                await user_rows.set_staff_role(conn, uid, None)
                if person is not None:
                    await self._leave(conn, person, "admin-revoked-notice")
        for uid in (*demoted, *promoted):
            self.users.forget(uid)
        for uid in demoted:
            self.forms.forget_user(uid)
        return AdminSync(demoted=demoted, promoted=promoted)
