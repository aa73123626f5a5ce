"""A broadcast's figures kept on its row: they agree with its deliveries' rows through every
way an outcome is written (the sender, a stop, a /forget, a user found blocked, an expiry),
and a database from before them gets them counted when it is upgraded."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.local.limits import ApiError
from bot.services.broadcast_compose import new_broadcast
from storage.audience import Audience
from storage.broadcasts import Broadcast, BroadcastRepo, Stats
from storage.clock import to_db, utcnow
from storage.db import Database, latest_version
from storage.outbox import Outcome, blank_outbox
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.outbox import recipients


async def counted(db: Database, broadcast: Broadcast) -> Stats:
    """The figures as its deliveries' rows say them, counted one by one."""
    counts = {"sent": 0, "blocked": 0, "failed": 0, "cancelled": 0, "left": 0}
    for row in await db.fetchall(
        "SELECT status, last_error FROM outbox WHERE broadcast_id = ?", (broadcast.id,)
    ):
        status = row["status"]
        if status in ("pending", "sending"):
            counts["left"] += 1
        elif status == "failed" and row["last_error"] == "blocked":
            counts["blocked"] += 1
        elif status in ("failed", "expired"):
            counts["failed"] += 1
        else:
            counts[status] += 1
    return Stats(total=broadcast.total, **counts)


async def test_the_figures_follow_every_outcome(app: App) -> None:
    ids = await recipients(app, 11)
    await recipients(app, 1, first=ADMIN_ID)  # the author is among everyone
    app.emulator.block(ids[0])
    app.emulator.failures.append(
        lambda method, params: ApiError(400, "Bad Request: chat not found")
        if method == "sendMessage" and int(params["chat_id"]) == ids[1] else None)
    broadcast = await new_broadcast(app.db, ADMIN_ID, "Новость", None, Audience())
    assert broadcast.total == 12
    repo = app.repos.broadcasts
    assert await repo.stats(broadcast) == Stats(total=12, left=12)

    # a /forget blanks and cancels one; one is out of date; the rest go
    async with app.db.transaction() as conn:
        await blank_outbox(conn, chats=[ids[2]])
        await conn.execute("UPDATE outbox SET expires_at = ? WHERE chat_id = ?",
                           (to_db(utcnow() - timedelta(minutes=1)), ids[3]))
    assert await repo.stats(broadcast) == await counted(app.db, broadcast)
    await app.services.sender.drain()
    stats = await repo.stats(broadcast)
    assert stats == await counted(app.db, broadcast)
    assert stats == Stats(total=12, sent=8, blocked=1, failed=2, cancelled=1, left=0)


async def test_a_stop_and_a_user_found_blocked_move_the_figures(app: App) -> None:
    await recipients(app, 5)
    await recipients(app, 1, first=ADMIN_ID)
    broadcast = await new_broadcast(app.db, ADMIN_ID, "Новость", None, Audience())
    repo = app.repos.broadcasts
    # the sender has claimed two: one comes back sent, the other finds its user gone
    claimed = await app.repos.outbox.claim(2, timedelta(minutes=2))
    await app.repos.outbox.finish([
        Outcome(claimed[0].id, claimed[0].chat_id, "sent", message_id=1),
        Outcome(claimed[1].id, claimed[1].chat_id, "blocked", error="blocked"),
    ])
    assert await repo.stats(broadcast) == Stats(total=6, sent=1, blocked=1, left=4)
    # given back and claimed again: still left, nothing counted twice
    again = await app.repos.outbox.claim(4, timedelta(minutes=2))
    await app.repos.outbox.finish([Outcome(r.id, r.chat_id, "released") for r in again])
    assert await repo.stats(broadcast) == Stats(total=6, sent=1, blocked=1, left=4)
    # stopped: what was left is cancelled
    t = app.services.broadcasting.texts.bind("ru")
    stopped = await app.services.broadcasting.cancel(broadcast, t)
    assert stopped is not None and stopped.stats == await counted(app.db, broadcast)
    assert stopped.stats == Stats(total=6, sent=1, blocked=1, cancelled=4, left=0)


async def test_an_older_database_gets_its_broadcasts_counted(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = await Database.open(path, migrate_to=23)
    stamp = to_db(utcnow())
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO users (id, language, first_name, first_seen, last_seen)"
            " VALUES (1, 'ru', 'A', ?, ?)", (stamp, stamp))
        await conn.execute(
            "INSERT INTO broadcasts (id, author_id, text, audience, total, created_at)"
            " VALUES (7, 1, 't', '{}', 6, ?)", (stamp,))
        for n, (status, error) in enumerate([
            ("sent", None), ("sent", None), ("failed", "blocked"), ("failed", "chat not found"),
            ("expired", "expired"), ("pending", None),
        ]):
            await conn.execute(
                "INSERT INTO outbox (kind, chat_id, payload, dedupe_key, due_at, status,"
                " last_error, broadcast_id, created_at)"
                " VALUES ('broadcast', ?, '{}', ?, ?, ?, ?, 7, ?)",
                (100 + n, f"bc:7:{n}", stamp, status, error, stamp))
    await db.close()
    db = await Database.open(path)
    try:
        assert await db.user_version() == latest_version()
        broadcast = await BroadcastRepo(db).get(7)
        assert broadcast is not None
        assert broadcast.stats == Stats(total=6, sent=2, blocked=1, failed=2, left=1)
        assert broadcast.stats == await counted(db, broadcast)
    finally:
        await db.close()
