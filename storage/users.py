"""Users: language, family and staff capacities, last seen, blocked flag."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import aiosqlite

from storage import unanswered
from storage.clock import from_db, to_db, utcnow
from storage.db import Database

FamilyRole = Literal["pupil", "parent"]
StaffRole = Literal["staff", "admin"]
FAMILY_ROLES: tuple[FamilyRole, ...] = ("pupil", "parent")
CACHE_SIZE = 20_000
SEEN_EVERY = 300.0  # seconds: a person's visits are noted at most this often

Also = Callable[[aiosqlite.Connection], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str
    family_role: FamilyRole | None  # how the family side knows them: a pupil, a parent, or not yet
    staff_role: StaffRole | None    # a member of staff or an admin, whatever the family side
    first_name: str
    username: str | None
    first_seen: datetime
    last_seen: datetime
    blocked: bool

    @property
    def is_staff(self) -> bool:
        return self.staff_role is not None

    @property
    def is_admin(self) -> bool:
        return self.staff_role == "admin"


def _user(row: aiosqlite.Row) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        family_role=row["family_role"],
        staff_role=row["staff_role"],
        first_name=row["first_name"],
        username=row["username"],
        first_seen=from_db(row["first_seen"]),
        last_seen=from_db(row["last_seen"]),
        blocked=bool(row["blocked"]),
    )


class UserRepo:
    """Users with a small write-through cache: the bot is the database's only writer.

    Visits (`seen`) are noted in memory and their `last_seen` written in batches by
    `flush_seen()`, so reading a message costs no disk write; a person's visits are noted at
    most once every SEEN_EVERY seconds, so `last_seen` in the database is never older than
    that behind their last visit (retention counts in months). A cached row's `last_seen` is
    the one read or written, not the visits noted since.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: OrderedDict[int, User] = OrderedDict()
        self._seen: dict[int, datetime] = {}  # visits noted, not yet written
        self._noted: dict[int, float] = {}  # when each person's last visit was noted (epoch s)

    def _remember(self, user: User) -> User:
        self._cache[user.id] = user
        self._cache.move_to_end(user.id)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return user

    def cached(self, user_id: int) -> User | None:
        """The row if it is in the cache (no coroutine, no query); else `get` it."""
        cached = self._cache.get(user_id)
        if cached is not None:
            self._cache.move_to_end(user_id)
        return cached

    async def get(self, user_id: int) -> User | None:
        cached = self._cache.get(user_id)
        if cached is not None:
            self._cache.move_to_end(user_id)
            return cached
        row = await self.db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
        return None if row is None else self._remember(_user(row))

    async def create(
        self,
        user_id: int,
        *,
        language: str,
        first_name: str,
        username: str | None,
        family_role: FamilyRole | None = None,
        staff_role: StaffRole | None = None,
    ) -> User:
        """Insert the user if new; return the stored row either way."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (id, language, family_role, staff_role, first_name, username,"
                " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING",
                (user_id, language, family_role, staff_role, first_name[:256], username, now,
                 now),
            )
            async with conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cur:
                row = await cur.fetchone()
        assert row is not None
        return self._remember(_user(row))

    def seen(self, user: User) -> None:
        """Note a visit, unless one was noted less than SEEN_EVERY seconds ago; written later
        by `flush_seen`."""
        now = time.time()
        if 0 <= now - self._noted.get(user.id, -SEEN_EVERY) < SEEN_EVERY:
            return
        self._noted[user.id] = now
        self._seen[user.id] = utcnow()

    async def flush_seen(self) -> int:
        # visits noted long enough ago no longer hold the next one back
        now = time.time()
        self._noted = {uid: at for uid, at in self._noted.items() if 0 <= now - at < SEEN_EVERY}
        if not self._seen:
            return 0
        batch, self._seen = self._seen, {}
        async with self.db.transaction() as conn:
            await conn.executemany(
                "UPDATE users SET last_seen = ? WHERE id = ?",
                [(to_db(moment), user_id) for user_id, moment in batch.items()],
            )
        return len(batch)

    async def _update(
        self, user_id: int, sql: str, params: tuple[object, ...], also: Also | None = None
    ) -> User | None:
        async with self.db.transaction() as conn:
            await conn.execute(sql, (*params, user_id))
            if also is not None:
                await also(conn)
            async with conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cur:
                row = await cur.fetchone()
        if row is None:
            self._cache.pop(user_id, None)
            return None
        return self._remember(_user(row))

    async def set_language(self, user_id: int, language: str) -> User | None:
        return await self._update(
            user_id, "UPDATE users SET language = ? WHERE id = ?", (language,)
        )

    async def set_family_role(self, user_id: int, role: FamilyRole | None) -> User | None:
        """Pupil or parent: the voice and the family screens; staff capacity is untouched."""
        return await self._update(
            user_id, "UPDATE users SET family_role = ? WHERE id = ?", (role,)
        )

    async def set_staff_role(
        self, user_id: int, role: StaffRole | None, *, also: Also | None = None
    ) -> User | None:
        """Grant or revoke staff; the family capacity is kept. `also` adds writes (a notice,
        clearing their staff forms) to the same transaction."""
        return await self._update(
            user_id, "UPDATE users SET staff_role = ? WHERE id = ?", (role,), also=also
        )

    async def set_profile(
        self, user_id: int, first_name: str, username: str | None
    ) -> User | None:
        return await self._update(
            user_id, "UPDATE users SET first_name = ?, username = ? WHERE id = ?",
            (first_name[:256], username),
        )

    async def set_blocked(self, user_id: int, blocked: bool) -> User | None:
        return await self._update(
            user_id,
            "UPDATE users SET blocked = ?, blocked_at = ? WHERE id = ?",
            (int(blocked), to_db(utcnow()) if blocked else None),
        )

    def forget(self, user_id: int) -> None:
        """Drop a cached row that something else (the sender) has changed in the database."""
        self._cache.pop(user_id, None)

    async def find(self, handle: str) -> User | None:
        """A known user by @username or numeric id."""
        handle = handle.strip()
        if handle.lstrip("-").isdigit():
            return await self.get(int(handle))
        name = handle.removeprefix("@").lower()
        if not name:
            return None
        row = await self.db.fetchone(
            "SELECT * FROM users WHERE lower(username) = ? ORDER BY last_seen DESC LIMIT 1",
            (name,),
        )
        return None if row is None else self._remember(_user(row))

    async def staff(self) -> list[User]:
        rows = await self.db.fetchall(
            "SELECT * FROM users WHERE staff_role IS NOT NULL"
            " ORDER BY staff_role, first_name, id"
        )
        return [_user(row) for row in rows]


async def forget_accounts(conn: aiosqlite.Connection, user_ids: list[int]) -> None:
    """A person's own traces: quiz results, news subscriptions, reminder settings, their id on
    the absences they reported, the applications they filed and the consents they gave (which
    stay, for a family they leave, without them), conversation state (a half-filled form) and
    the Telegram name stored with the account (a child's own account often bears the child's
    name; it is stored again from Telegram when they next write), and the texts they typed
    that the bot did not understand."""
    await unanswered.forget(conn, user_ids)
    for uid in user_ids:
        await conn.execute("DELETE FROM quiz_results WHERE user_id = ?", (uid,))
        await conn.execute("DELETE FROM subscriptions WHERE user_id = ?", (uid,))
        await conn.execute("DELETE FROM reminder_settings WHERE user_id = ?", (uid,))
        await conn.execute("DELETE FROM reminder_leads WHERE user_id = ?", (uid,))
        await conn.execute("UPDATE absences SET reported_by = NULL WHERE reported_by = ?",
                           (uid,))
        await conn.execute("UPDATE enrolments SET created_by = NULL WHERE created_by = ?",
                           (uid,))
        await conn.execute("UPDATE consents SET given_by = NULL WHERE given_by = ?", (uid,))
        for column in ("asked_user", "answered_by"):
            await conn.execute(
                f"UPDATE consent_requests SET {column} = NULL WHERE {column} = ?",  # noqa: S608
                (uid,),
            )
        await conn.execute(
            "UPDATE users SET first_name = '', username = NULL WHERE id = ?", (uid,)
        )
        # private chats only: the key is bot:chat:user:... with chat = user
        await conn.execute("DELETE FROM fsm_states WHERE key GLOB ?", (f"*:{uid}:{uid}:*",))


async def admin_ids(conn: aiosqlite.Connection) -> set[int]:
    async with conn.execute("SELECT id FROM users WHERE staff_role = 'admin'") as cur:
        return {int(row["id"]) for row in await cur.fetchall()}


async def set_staff_role(conn: aiosqlite.Connection, user_id: int, role: StaffRole | None) -> bool:
    """Inside the caller's transaction; False if the user is not known."""
    cursor = await conn.execute("UPDATE users SET staff_role = ? WHERE id = ?", (role, user_id))
    return bool(cursor.rowcount)


async def get_in(conn: aiosqlite.Connection, user_id: int) -> User | None:
    async with conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)) as cur:
        row = await cur.fetchone()
    return None if row is None else _user(row)
