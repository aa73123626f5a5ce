"""Project news in storage: posts (draft, scheduled, published, unpublished), partners, and
who hears of a quantum's new posts. Publishing a post (now or when due) queues, in the same
transaction, one notification per person (a subscriber, or a family with a child in one of
the quantum's running groups, unless they turned it off), in their language, once even if
they qualify twice. Unpublishing cancels the notifications not yet sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Protocol

import aiosqlite

from storage.clock import from_db, to_db, utcnow
from storage.db import Database, fetch_all, fetch_one
from storage.enrolments import Recipient
from storage.outbox import enqueue

Status = Literal["draft", "scheduled", "published", "unpublished"]

POST_SELECT = """
    SELECT p.*, pa.name AS partner_name FROM posts p
    LEFT JOIN partners pa ON pa.id = p.partner_id
"""


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    title: str
    body: str  # Telegram HTML
    photo: str | None
    quantum_code: str | None
    partner_id: int | None
    partner_name: str | None
    author_id: int | None
    status: Status
    publish_at: datetime | None
    published_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class Draft:
    """What staff write: the post's content and where it belongs."""

    title: str
    body: str
    photo: str | None = None
    quantum_code: str | None = None
    partner_id: int | None = None


@dataclass(frozen=True, slots=True)
class Partner:
    id: int
    name: str
    description: str
    posts: int = 0  # published


@dataclass(frozen=True, slots=True)
class Page:
    posts: list[Post]
    total: int  # of the whole list


class PostNotices(Protocol):
    """Renders a new post's notification for one person. Pure: called in transactions."""

    def post_published(self, post: Post, person: Recipient) -> dict[str, Any]: ...


class PostGone(LookupError):
    """No such post (a forged or old button)."""


class PostStale(Exception):
    """The post was changed since it was shown; nothing was written."""


def _post(row: aiosqlite.Row) -> Post:
    return Post(
        id=row["id"], title=row["title"], body=row["body"], photo=row["photo"],
        quantum_code=row["quantum_code"], partner_id=row["partner_id"],
        partner_name=row["partner_name"], author_id=row["author_id"], status=row["status"],
        publish_at=from_db(row["publish_at"]) if row["publish_at"] else None,
        published_at=from_db(row["published_at"]) if row["published_at"] else None,
        version=row["version"],
    )


def name_key(name: str) -> str:
    """A partner's name as compared: case-folded, spaces collapsed, ё as е."""
    return " ".join(name.casefold().replace("ё", "е").split())


# Who hears of a new post in a quantum: its subscribers and the members of families with a
# child confirmed in one of its groups still running (parents, and the child's own account),
# minus those who turned the quantum's news off; people who blocked the bot are skipped.
AUDIENCE = """
    WITH enrolled AS (
        SELECT m.user_id AS uid, c.family_id FROM programmes pr
        JOIN groups g ON g.programme_id = pr.id AND g.ends_on >= :today
        JOIN enrolments e ON e.group_id = g.id AND e.status = 'confirmed'
        JOIN children c ON c.id = e.child_id
        JOIN family_members m ON m.family_id = c.family_id
        WHERE pr.quantum_code = :quantum
            AND (m.relation = 'parent' OR m.child_id = c.id OR m.user_id = c.user_id)
        UNION
        SELECT c.user_id, c.family_id FROM programmes pr
        JOIN groups g ON g.programme_id = pr.id AND g.ends_on >= :today
        JOIN enrolments e ON e.group_id = g.id AND e.status = 'confirmed'
        JOIN children c ON c.id = e.child_id
        WHERE pr.quantum_code = :quantum AND c.user_id IS NOT NULL
    ), people AS (
        SELECT uid, min(family_id) AS family_id FROM enrolled GROUP BY uid
        UNION ALL
        SELECT s.user_id, NULL FROM subscriptions s
        WHERE s.quantum_code = :quantum AND s.muted = 0
            AND s.user_id NOT IN (SELECT uid FROM enrolled)
    )
    SELECT u.id, u.language, u.family_role, people.family_id FROM people
    JOIN users u ON u.id = people.uid
    WHERE u.blocked = 0 AND NOT EXISTS (
        SELECT 1 FROM subscriptions s WHERE s.user_id = u.id AND s.quantum_code = :quantum
            AND s.muted = 1)
    ORDER BY u.id
"""


class NewsRepo:
    def __init__(self, db: Database, notices: PostNotices) -> None:
        self.db = db
        self.notices = notices

    # ---- reading ---------------------------------------------------------------------------

    async def get(self, post_id: int) -> Post | None:
        row = await self.db.fetchone(POST_SELECT + " WHERE p.id = ?", (post_id,))
        return None if row is None else _post(row)

    async def published(self, post_id: int) -> Post | None:
        return post if (post := await self.get(post_id)) and post.status == "published" else None

    async def feed(self, offset: int, limit: int, *, quantum: str | None = None,
                   partner: int | None = None) -> Page:
        """Published posts, newest first (of one quantum or one partner, if given)."""
        where, params = "p.status = 'published'", list[str | int]()
        if quantum is not None:
            where += " AND p.quantum_code = ?"
            params.append(quantum)
        if partner is not None:
            where += " AND p.partner_id = ?"
            params.append(partner)
        rows = await self.db.fetchall(
            f"{POST_SELECT} WHERE {where} ORDER BY p.published_at DESC, p.id DESC"  # noqa: S608
            " LIMIT ? OFFSET ?", (*params, limit, offset),
        )
        total = await self.db.fetchval(
            f"SELECT count(*) FROM posts p WHERE {where}", tuple(params)  # noqa: S608
        )
        return Page([_post(row) for row in rows], int(total or 0))

    async def quanta_with_posts(self) -> list[tuple[str, int]]:
        """The quanta that have published posts, with how many: the feed's filter."""
        rows = await self.db.fetchall(
            "SELECT quantum_code, count(*) FROM posts WHERE status = 'published'"
            " AND quantum_code IS NOT NULL GROUP BY quantum_code ORDER BY quantum_code"
        )
        return [(row[0], int(row[1])) for row in rows]

    async def by_staff(self, offset: int, limit: int) -> Page:
        """Every post but those unpublished long ago: drafts and scheduled first, then the
        newest (the staff's list)."""
        rows = await self.db.fetchall(
            POST_SELECT + " ORDER BY CASE p.status WHEN 'draft' THEN 0 WHEN 'scheduled' THEN 1"
            " ELSE 2 END, coalesce(p.published_at, p.publish_at, p.created_at) DESC, p.id DESC"
            " LIMIT ? OFFSET ?", (limit, offset),
        )
        return Page([_post(row) for row in rows], await self.staff_count())

    async def staff_count(self) -> int:
        return int(await self.db.fetchval("SELECT count(*) FROM posts") or 0)

    async def version(self) -> int:  # bumped by triggers on posts and partners
        return int(await self.db.fetchval("SELECT n FROM versions WHERE name = 'news'") or 0)

    # ---- writing ---------------------------------------------------------------------------

    async def create(self, draft: Draft, *, by: int, publish_at: datetime | None = None,
                     today: date) -> Post:
        """A new post, published now (its notifications queued) or scheduled."""
        now = utcnow()
        status = "published" if publish_at is None or publish_at <= now else "scheduled"
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO posts (title, body, photo, quantum_code, partner_id, author_id,"
                " status, publish_at, published_at, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (draft.title, draft.body, draft.photo, draft.quantum_code, draft.partner_id,
                 by, status, to_db(publish_at) if publish_at and status == "scheduled" else None,
                 to_db(now) if status == "published" else None, to_db(now), to_db(now)),
            )
            post_id = int(cursor.lastrowid or 0)
            post = await self._get(conn, post_id)
            if status == "published":
                await self._notify(conn, post, today)
        return post

    async def edit(self, post_id: int, version: int, draft: Draft) -> Post:
        """Change a post's content as staff saw it at `version` (readers see the edit; the
        notifications already delivered stay). Raises PostGone, PostStale."""
        async with self.db.transaction() as conn:
            current = await self._current(conn, post_id, version)
            await conn.execute(
                "UPDATE posts SET title = ?, body = ?, photo = ?, quantum_code = ?,"
                " partner_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
                (draft.title, draft.body, draft.photo, draft.quantum_code, draft.partner_id,
                 to_db(utcnow()), current.id),
            )
            return await self._get(conn, post_id)

    async def publish(self, post_id: int, version: int, *, at: datetime | None = None,
                      today: date) -> Post:
        """Publish now (a draft, a scheduled or an unpublished post) or schedule for `at`.
        A post published before goes back to the feed in its old place, unannounced."""
        now = utcnow()
        async with self.db.transaction() as conn:
            current = await self._current(conn, post_id, version)
            if at is not None and at > now:
                await conn.execute(
                    "UPDATE posts SET status = 'scheduled', publish_at = ?, version = version + 1,"
                    " updated_at = ? WHERE id = ?", (to_db(at), to_db(now), post_id),
                )
                return await self._get(conn, post_id)
            await conn.execute(
                "UPDATE posts SET status = 'published', publish_at = NULL,"
                " published_at = coalesce(published_at, ?), version = version + 1,"
                " updated_at = ? WHERE id = ?", (to_db(now), to_db(now), post_id),
            )
            post = await self._get(conn, post_id)
            if current.published_at is None:
                await self._notify(conn, post, today)
            return post

    async def unpublish(self, post_id: int, version: int) -> Post:
        """Out of the feed (a scheduled one is not published); notifications still queued
        are cancelled, those delivered stay."""
        async with self.db.transaction() as conn:
            await self._current(conn, post_id, version)
            await conn.execute(
                "UPDATE posts SET status = 'unpublished', publish_at = NULL,"
                " version = version + 1, updated_at = ? WHERE id = ?",
                (to_db(utcnow()), post_id),
            )
            await conn.execute(
                "UPDATE outbox SET status = 'cancelled', last_error = 'unpublished',"
                " lease_until = NULL WHERE kind = 'post' AND status = 'pending'"
                " AND dedupe_key >= ? AND dedupe_key < ?",
                (f"post:{post_id}:", f"post:{post_id};"),
            )
            return await self._get(conn, post_id)

    async def publish_due(self, today: date) -> list[Post]:
        """The scheduled posts whose time has come go out, with their notifications (the
        scheduler's job; the database is the truth, so a restart loses none)."""
        now = to_db(utcnow())
        published = []
        async with self.db.transaction() as conn:
            rows = await fetch_all(
                conn, "SELECT id FROM posts WHERE status = 'scheduled' AND publish_at <= ?"
                " ORDER BY publish_at, id", (now,),
            )
            for row in rows:
                await conn.execute(
                    "UPDATE posts SET status = 'published', published_at = coalesce("
                    "published_at, publish_at), publish_at = NULL, updated_at = ?"
                    " WHERE id = ?", (now, row["id"]),
                )
                post = await self._get(conn, row["id"])
                await self._notify(conn, post, today)
                published.append(post)
        return published

    async def _get(self, conn: aiosqlite.Connection, post_id: int) -> Post:
        row = await fetch_one(conn, POST_SELECT + " WHERE p.id = ?", (post_id,))
        if row is None:
            raise PostGone(post_id)
        return _post(row)

    async def _current(self, conn: aiosqlite.Connection, post_id: int, version: int) -> Post:
        post = await self._get(conn, post_id)
        if post.version != version:
            raise PostStale(post_id)
        return post

    async def _notify(self, conn: aiosqlite.Connection, post: Post, today: date) -> int:
        if post.quantum_code is None:
            return 0
        told = 0
        for row in await fetch_all(conn, AUDIENCE, {"quantum": post.quantum_code,
                                                    "today": today.isoformat()}):
            person = Recipient(row["id"], row["language"], row["family_role"])
            told += await enqueue(
                conn, kind="post", chat_id=person.user_id,
                payload=self.notices.post_published(post, person),
                dedupe_key=f"post:{post.id}:{person.user_id}", family_id=row["family_id"],
            )
        return told

    async def audience(self, quantum: str, today: date) -> int:
        """How many people a new post in this quantum reaches (the staff's preview)."""
        return len(list(await self.db.fetchall(AUDIENCE, {"quantum": quantum,
                                                          "today": today.isoformat()})))

    # ---- partners --------------------------------------------------------------------------

    async def partners(self) -> list[Partner]:
        """Every partner with its count of published posts, by name."""
        rows = await self.db.fetchall(
            "SELECT pa.id, pa.name, pa.description, count(p.id) AS posts FROM partners pa"
            " LEFT JOIN posts p ON p.partner_id = pa.id AND p.status = 'published'"
            " GROUP BY pa.id ORDER BY pa.name_key"
        )
        return [Partner(r["id"], r["name"], r["description"], r["posts"]) for r in rows]

    async def partner(self, partner_id: int) -> Partner | None:
        row = await self.db.fetchone(
            "SELECT id, name, description FROM partners WHERE id = ?", (partner_id,))
        return None if row is None else Partner(row["id"], row["name"], row["description"])

    async def add_partner(self, name: str, description: str = "") -> Partner:
        """The partner of that name (a new description, if given, replaces its own)."""
        now = to_db(utcnow())
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO partners (name, name_key, description, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name_key) DO UPDATE SET"
                " description = CASE WHEN excluded.description != '' THEN"
                " excluded.description ELSE partners.description END, updated_at ="
                " excluded.updated_at",
                (name, name_key(name), description, now, now),
            )
            row = await fetch_one(conn, "SELECT id, name, description FROM partners"
                                  " WHERE name_key = ?", (name_key(name),))
        assert row is not None
        return Partner(row["id"], row["name"], row["description"])

    async def import_partners(self, rows: Iterable[tuple[str, str]]) -> tuple[int, int]:
        """Partners from a file, all in one transaction, by name: (added, updated)."""
        now = to_db(utcnow())
        added = updated = 0
        async with self.db.transaction() as conn:
            for name, description in rows:
                exists = await fetch_one(conn, "SELECT 1 FROM partners WHERE name_key = ?",
                                         (name_key(name),))
                await conn.execute(
                    "INSERT INTO partners (name, name_key, description, created_at,"
                    " updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name_key) DO UPDATE"
                    " SET name = excluded.name, description = excluded.description,"
                    " updated_at = excluded.updated_at",
                    (name, name_key(name), description, now, now),
                )
                if exists:
                    updated += 1
                else:
                    added += 1
        return added, updated

    # ---- subscriptions ---------------------------------------------------------------------

    async def subscribe(self, user_id: int, quantum: str, on: bool) -> None:
        """Follow a quantum's news (or turn it off: also for a family enrolled in it)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO subscriptions (user_id, quantum_code, muted, created_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, quantum_code)"
                " DO UPDATE SET muted = excluded.muted",
                (user_id, quantum, int(not on), to_db(utcnow())),
            )

    async def following(self, user_id: int, today: date) -> dict[str, bool]:
        """The quanta whose news this person hears of (True) or turned off (False): their
        subscriptions and the quanta of their family's running groups."""
        rows = await self.db.fetchall(
            "SELECT quantum_code, muted FROM subscriptions WHERE user_id = :user"
            " UNION ALL SELECT DISTINCT pr.quantum_code, 0 FROM family_members m"
            " JOIN children c ON c.family_id = m.family_id"
            " JOIN enrolments e ON e.child_id = c.id AND e.status = 'confirmed'"
            " JOIN groups g ON g.id = e.group_id AND g.ends_on >= :today"
            " JOIN programmes pr ON pr.id = g.programme_id"
            " WHERE m.user_id = :user AND (m.relation = 'parent' OR m.child_id = c.id"
            "   OR c.user_id = m.user_id)",
            {"user": user_id, "today": today.isoformat()},
        )
        result: dict[str, bool] = {}
        for code, muted in rows:  # an explicit choice (the first rows) wins over enrolment
            result.setdefault(code, not muted)
        return result
