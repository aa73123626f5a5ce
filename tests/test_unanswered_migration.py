"""The once-a-day, fifty-a-person rule applied to texts kept before it: a populated database
of the version before it, migrated."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from storage import unanswered
from storage.db import Database, latest_version

BEFORE = 16  # the last version without the rule
DAY = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def at(minutes: int) -> str:
    return (DAY + timedelta(minutes=minutes)).isoformat()


async def test_old_texts_collapse_once_a_day_keep_asked_and_fifty_a_person(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = await Database.open(path, migrate_to=BEFORE)
    rows = [  # (user, text, folded, created_at, asked_at)
        (1, "ывапр", "ывапр", at(0), at(1)),  # asked, then typed twice more that day
        (1, "ЫВАПР", "ывапр", at(5), None),
        (1, "Ывапр", "ывапр", at(9), None),
        (1, "ывапр", "ывапр", at(60 * 24), None),  # the next day: a row of its own
        (1, "фыва", "фыва", at(2), None),
        *((2, f"текст {n}", f"текст {n}", at(n), None) for n in range(55)),
    ]
    async with old.transaction() as conn:
        await conn.executemany(
            "INSERT INTO unanswered (user_id, text, folded, created_at, asked_at)"
            " VALUES (?, ?, ?, ?, ?)", rows)
    await old.close()

    db = await Database.open(path)
    assert await db.user_version() == latest_version()
    first = [(r.text, r.created_at, r.asked_at) for r in await unanswered.of_user(db, 1)]
    assert first == [
        ("Ывапр", DAY + timedelta(minutes=9), DAY + timedelta(minutes=1)),  # kept: asked
        ("ывапр", DAY + timedelta(days=1), None),
        ("фыва", DAY + timedelta(minutes=2), None),
    ]
    second = [r.text for r in await unanswered.of_user(db, 2)]
    assert len(second) == 50 and second[0] == "текст 5" and second[-1] == "текст 54"
    # the asked text typed again that day is known as asked: it is not offered again
    async with db.transaction() as conn:
        kept = await unanswered.keep(conn, 1, "ывапр!", "ывапр", message_id=None,
                                     at=DAY + timedelta(hours=1), day=date(2026, 3, 10),
                                     most=50)
    assert kept.asked
    await db.close()


async def test_the_text_just_kept_stays_when_the_clock_stepped_back(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite3")
    async with db.transaction() as conn:
        for n in range(3):
            await unanswered.keep(conn, 1, f"т {n}", f"т {n}", message_id=None,
                                  at=DAY + timedelta(hours=n), day=DAY.date(), most=3)
        kept = await unanswered.keep(conn, 1, "новый", "новый", message_id=None,
                                     at=DAY - timedelta(hours=1), day=DAY.date(), most=3)
    texts = [r.text for r in await unanswered.of_user(db, 1)]
    assert "новый" in texts and len(texts) == 3 and not kept.asked
    assert await unanswered.get(db, kept.id) is not None
    await db.close()
