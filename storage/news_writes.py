"""The rows the news writes, each in the caller's transaction (the news service opens it and
queues the notifications in it): posts created, changed, scheduled, published and taken out
of the feed, the notifications of one cancelled, partners added or imported, and who follows
which quantum's news."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from storage.clock import to_db
from storage.db import fetch_all, fetch_one
from storage.news import (
    AUDIENCE,
    PARTNER_COLUMNS,
    POST_SELECT,
    Partner,
    PartnerRow,
    Post,
    PostContent,
    PostGone,
    PostStale,
    Reader,
    Status,
    name_key,
    partner_of,
    post_of,
    reader_of,
)

# ---- posts -----------------------------------------------------------------------------------


async def post(conn: aiosqlite.Connection, post_id: int) -> Post:
    """The post as it stands; raises PostGone."""
    row = await fetch_one(conn, POST_SELECT + " WHERE p.id = ?", (post_id,))
    if row is None:
        raise PostGone(post_id)
    return post_of(row)


async def current(conn: aiosqlite.Connection, post_id: int, version: int) -> Post:
    """The post if it is still at `version`; raises PostGone, PostStale."""
    found = await post(conn, post_id)
    if found.version != version:
        raise PostStale(post_id)
    return found


async def insert(conn: aiosqlite.Connection, content: PostContent, *, by: int, status: Status,
                 publish_at: datetime | None, now: datetime) -> int:
    """A new post (published now, or scheduled for `publish_at`); its id."""
    cursor = await conn.execute(
        "INSERT INTO posts (title, body, photo, quantum_code, partner_id, author_id,"
        " status, publish_at, published_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (content.title, content.body, content.photo, content.quantum_code, content.partner_id,
         by, status, to_db(publish_at) if publish_at else None,
         to_db(now) if status == "published" else None, to_db(now), to_db(now)),
    )
    return int(cursor.lastrowid or 0)


async def change(conn: aiosqlite.Connection, post_id: int, content: PostContent,
                 now: datetime) -> None:
    await conn.execute(
        "UPDATE posts SET title = ?, body = ?, photo = ?, quantum_code = ?,"
        " partner_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
        (content.title, content.body, content.photo, content.quantum_code, content.partner_id,
         to_db(now), post_id),
    )


async def schedule(conn: aiosqlite.Connection, post_id: int, at: datetime,
                   now: datetime) -> None:
    await conn.execute(
        "UPDATE posts SET status = 'scheduled', publish_at = ?, version = version + 1,"
        " updated_at = ? WHERE id = ?", (to_db(at), to_db(now), post_id),
    )


async def publish(conn: aiosqlite.Connection, post_id: int, now: datetime) -> None:
    """Into the feed; one published before keeps its old date."""
    await conn.execute(
        "UPDATE posts SET status = 'published', publish_at = NULL,"
        " published_at = coalesce(published_at, ?), version = version + 1,"
        " updated_at = ? WHERE id = ?", (to_db(now), to_db(now), post_id),
    )


async def unpublish(conn: aiosqlite.Connection, post_id: int, now: datetime) -> None:
    await conn.execute(
        "UPDATE posts SET status = 'unpublished', publish_at = NULL,"
        " version = version + 1, updated_at = ? WHERE id = ?", (to_db(now), post_id),
    )


async def cancel_notices(conn: aiosqlite.Connection, post_id: int) -> None:
    """The post's notifications not sent yet are cancelled (those delivered stay)."""
    await conn.execute(
        "UPDATE outbox SET status = 'cancelled', last_error = 'unpublished',"
        " lease_until = NULL WHERE kind = 'post' AND status = 'pending'"
        " AND dedupe_key >= ? AND dedupe_key < ?",
        (f"post:{post_id}:", f"post:{post_id};"),
    )


async def due(conn: aiosqlite.Connection, now: datetime) -> list[int]:
    """The scheduled posts whose time has come, earliest first."""
    rows = await fetch_all(
        conn, "SELECT id FROM posts WHERE status = 'scheduled' AND publish_at <= ?"
        " ORDER BY publish_at, id", (to_db(now),),
    )
    return [int(row["id"]) for row in rows]


async def publish_scheduled(conn: aiosqlite.Connection, post_id: int, now: datetime) -> None:
    """A scheduled post goes out dated at its time (or its first publication's)."""
    await conn.execute(
        "UPDATE posts SET status = 'published', published_at = coalesce("
        "published_at, publish_at), publish_at = NULL, updated_at = ?"
        " WHERE id = ?", (to_db(now), post_id),
    )


async def audience(conn: aiosqlite.Connection, quantum: str, today: date) -> list[Reader]:
    """Who hears of a new post in this quantum, once each."""
    rows = await fetch_all(conn, AUDIENCE, {"quantum": quantum, "today": today.isoformat()})
    return [reader_of(row) for row in rows]


# ---- partners --------------------------------------------------------------------------------


async def add_partner(conn: aiosqlite.Connection, name: str, description: str,
                      now: datetime) -> Partner:
    """The partner of that name (a new description, if given, replaces its own)."""
    await conn.execute(
        "INSERT INTO partners (name, name_key, description, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name_key) DO UPDATE SET"
        " description = CASE WHEN excluded.description != '' THEN"
        " excluded.description ELSE partners.description END, updated_at ="
        " excluded.updated_at",
        (name, name_key(name), description, to_db(now), to_db(now)),
    )
    row = await fetch_one(conn, f"SELECT {PARTNER_COLUMNS} FROM partners"  # noqa: S608
                          " WHERE name_key = ?", (name_key(name),))
    assert row is not None
    return partner_of(row)


async def put_partner(conn: aiosqlite.Connection, partner: PartnerRow, now: datetime) -> bool:
    """A partner from a file: its name and description as given, and the English ones when
    the file has their columns. True if it was new."""
    exists = await fetch_one(conn, "SELECT 1 FROM partners WHERE name_key = ?",
                             (name_key(partner.name),))
    await conn.execute(
        "INSERT INTO partners (name, name_key, description, name_en, description_en,"
        " created_at, updated_at) VALUES (:name, :key, :description, coalesce(:name_en, ''),"
        " coalesce(:description_en, ''), :now, :now) ON CONFLICT (name_key) DO UPDATE"
        " SET name = excluded.name, description = excluded.description,"
        " name_en = coalesce(:name_en, partners.name_en),"
        " description_en = coalesce(:description_en, partners.description_en),"
        " updated_at = excluded.updated_at",
        {"name": partner.name, "key": name_key(partner.name),
         "description": partner.description, "name_en": partner.name_en,
         "description_en": partner.description_en, "now": to_db(now)},
    )
    return exists is None


# ---- subscriptions ---------------------------------------------------------------------------


async def subscribe(conn: aiosqlite.Connection, user_id: int, quantum: str, on: bool,
                    now: datetime) -> None:
    """Follow a quantum's news, or turn it off."""
    await conn.execute(
        "INSERT INTO subscriptions (user_id, quantum_code, muted, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, quantum_code)"
        " DO UPDATE SET muted = excluded.muted",
        (user_id, quantum, int(not on), to_db(now)),
    )
