"""Project news in storage, as read: posts (draft, scheduled, published, unpublished),
partners, who follows which quantum, and who hears of a quantum's new posts. The rows it
writes are in `storage.news_writes`; what a write means (the notifications a publication
queues, those an unpublication cancels) is the news service's (`bot.services.news`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import aiosqlite

from storage.clock import from_db
from storage.db import Database

Status = Literal["draft", "scheduled", "published", "unpublished"]

POST_SELECT = """
    SELECT p.*, pa.name AS partner_name, pa.name_en AS partner_name_en FROM posts p
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
    partner_name_en: str = ""  # '': the partner's name is the same in every language

    def partner_in(self, locale: str) -> str | None:
        """The partner's name in the reader's language (None: the post has no partner)."""
        if locale == "en" and self.partner_name and self.partner_name_en:
            return self.partner_name_en
        return self.partner_name


@dataclass(frozen=True, slots=True)
class PostContent:
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
    name_en: str = ""  # in English for people reading the bot in English; '': the Russian
    description_en: str = ""

    def name_in(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    def description_in(self, locale: str) -> str:
        return self.description_en if locale == "en" and self.description_en else (
            self.description)


@dataclass(frozen=True, slots=True)
class PartnerRow:
    """A partner as a file gives it: the English name and description are None when the
    file has no such column (the stored ones stay), '' when its cell is empty."""

    name: str
    description: str
    name_en: str | None = None
    description_en: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    posts: list[Post]
    total: int  # of the whole list


@dataclass(frozen=True, slots=True)
class Reader:
    """One person a new post in a quantum reaches, with their family (if enrolled)."""

    user_id: int
    language: str
    family_role: str | None
    family_id: int | None


class PostGone(LookupError):
    """No such post (a forged or old button)."""


class PostStale(Exception):
    """The post was changed since it was shown; nothing was written."""


def post_of(row: aiosqlite.Row) -> Post:
    return Post(
        id=row["id"], title=row["title"], body=row["body"], photo=row["photo"],
        quantum_code=row["quantum_code"], partner_id=row["partner_id"],
        partner_name=row["partner_name"], partner_name_en=row["partner_name_en"] or "",
        author_id=row["author_id"], status=row["status"],
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


def reader_of(row: aiosqlite.Row) -> Reader:
    return Reader(row["id"], row["language"], row["family_role"], row["family_id"])


PARTNER_COLUMNS = "id, name, description, name_en, description_en"


def partner_of(row: aiosqlite.Row, posts: int = 0) -> Partner:
    return Partner(row["id"], row["name"], row["description"], posts, row["name_en"],
                   row["description_en"])


class NewsRepo:
    """The reads of the news (the feed, the staff's list, partners, subscriptions); the
    news service writes through `storage.news_writes` in its own transactions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, post_id: int) -> Post | None:
        row = await self.db.fetchone(POST_SELECT + " WHERE p.id = ?", (post_id,))
        return None if row is None else post_of(row)

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
        return Page([post_of(row) for row in rows], int(total or 0))

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
        return Page([post_of(row) for row in rows], await self.staff_count())

    async def staff_count(self) -> int:
        return int(await self.db.fetchval("SELECT count(*) FROM posts") or 0)

    async def version(self) -> int:  # bumped by triggers on posts and partners
        return int(await self.db.fetchval("SELECT n FROM versions WHERE name = 'news'") or 0)

    async def audience(self, quantum: str, today: date) -> int:
        """How many people a new post in this quantum reaches (the staff's preview)."""
        return len(list(await self.db.fetchall(AUDIENCE, {"quantum": quantum,
                                                          "today": today.isoformat()})))

    async def partners(self) -> list[Partner]:
        """Every partner with its count of published posts, by name."""
        rows = await self.db.fetchall(
            "SELECT pa.id, pa.name, pa.description, pa.name_en, pa.description_en,"
            " count(p.id) AS posts FROM partners pa"
            " LEFT JOIN posts p ON p.partner_id = pa.id AND p.status = 'published'"
            " GROUP BY pa.id ORDER BY pa.name_key"
        )
        return [partner_of(r, r["posts"]) for r in rows]

    async def partner(self, partner_id: int) -> Partner | None:
        row = await self.db.fetchone(
            f"SELECT {PARTNER_COLUMNS} FROM partners WHERE id = ?", (partner_id,))
        return None if row is None else partner_of(row)

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
