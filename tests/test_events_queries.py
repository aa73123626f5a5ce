"""The registrations' queries find their rows through indexes: the outbox rows of one
registration by their keys' prefix (those of a registration whose id merely starts with the
same digits, and those already sent, are left alone), and an event's seats of given children
by their birth dates and records, not by reading all the event's seats."""

from __future__ import annotations

from datetime import date

from storage import event_seats as rows
from storage.db import Database
from storage.event_seat_reads import seats_of_children_query
from storage.event_seats import seats_born_query
from storage.outbox import enqueue

KEYS = ("ev:5:remind:1:evening", "ev:5:remind:1:2h", "ev:5:remind:12:evening",
        "ev:5:remind:1", "ev:5:ticket:1:1", "ev:50:remind:1:evening")


async def outbox(db: Database) -> dict[str, str]:
    found = await db.fetchall("SELECT dedupe_key, status FROM outbox ORDER BY id")
    return {r["dedupe_key"]: r["status"] for r in found}


async def queue(db: Database) -> None:
    async with db.transaction() as conn:
        for key in KEYS:
            await enqueue(conn, kind="reminder", chat_id=1001, payload={"text": key},
                          dedupe_key=key)
        await conn.execute("UPDATE outbox SET status = 'sent' WHERE dedupe_key = ?",
                           ("ev:5:remind:1:2h",))


async def test_dropped_and_counted_by_the_registrations_own_prefix(db: Database) -> None:
    await queue(db)
    async with db.transaction() as conn:
        assert await rows.outbox_count(conn, "ev:5:remind:1:") == 2
        assert await rows.drop_pending(conn, "ev:5:remind:1:") == 1
    assert await outbox(db) == {
        "ev:5:remind:1:2h": "sent", "ev:5:remind:12:evening": "pending",
        "ev:5:remind:1": "pending", "ev:5:ticket:1:1": "pending",
        "ev:50:remind:1:evening": "pending"}


async def test_cancelled_by_the_registrations_own_prefix(db: Database) -> None:
    await queue(db)
    async with db.transaction() as conn:
        assert await rows.cancel_outbox(conn, "ev:5:remind:1:") == 1
    assert await outbox(db) == {
        "ev:5:remind:1:evening": "cancelled", "ev:5:remind:1:2h": "sent",
        "ev:5:remind:12:evening": "pending", "ev:5:remind:1": "pending",
        "ev:5:ticket:1:1": "pending", "ev:50:remind:1:evening": "pending"}
    blanked = await db.fetchval("SELECT payload FROM outbox WHERE dedupe_key = ?",
                                ("ev:5:remind:1:evening",))
    assert blanked == "{}"


async def test_the_prefix_is_found_through_the_keys_index(db: Database) -> None:
    for sql in (rows.OUTBOX_COUNT, rows.CANCEL_OUTBOX, rows.DROP_PENDING):
        plan = await db.fetchall("EXPLAIN QUERY PLAN " + sql, rows.key_range("ev:5:remind:1:"))
        assert any("USING" in r[3] and "dedupe_key>? AND dedupe_key<?" in r[3]
                   for r in plan), plan


async def test_an_events_seats_of_some_children_are_looked_up_not_read_through(
    db: Database,
) -> None:
    born = [date(2015, 3, 3), date(2016, 4, 4)]
    plans = [await db.fetchall("EXPLAIN QUERY PLAN " + sql, params) for sql, params in (
        seats_born_query(7, born),
        seats_of_children_query(7, born, [5]))]
    details = [[r[3] for r in plan if "event_seats" in r[3]] for plan in plans]
    assert details == [
        ["SEARCH event_seats USING INDEX event_seats_born (event_id=? AND birth_date=?)"],
        ["SEARCH event_seats USING INDEX event_seats_born (event_id=? AND birth_date=?)",
         "SEARCH event_seats USING INDEX event_seats_of_child (child_id=?)"]]
