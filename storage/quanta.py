"""The quanta table: the catalogue as loaded at start."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from storage.clock import to_db, utcnow
from storage.db import Database


class QuantaRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def sync(self, quanta: Iterable[dict[str, Any]]) -> None:
        """Upsert every quantum of the file; ones no longer in it become inactive (kept, since
        results and groups may point at them). Running it twice changes nothing."""
        now = to_db(utcnow())
        rows = [
            (
                q["code"], position, q["emoji"], q["age_min"], q["age_max"],
                json.dumps(q["tags"]), json.dumps({"ru": q["ru"], "en": q["en"]},
                                                  ensure_ascii=False, sort_keys=True),
                now,
            )
            for position, q in enumerate(quanta)
        ]
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO quanta (code, position, emoji, age_min, age_max, tags, content,"
                " active, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)"
                " ON CONFLICT (code) DO UPDATE SET position = excluded.position,"
                " emoji = excluded.emoji, age_min = excluded.age_min,"
                " age_max = excluded.age_max, tags = excluded.tags, content = excluded.content,"
                " active = 1, updated_at = excluded.updated_at"
                " WHERE quanta.position IS NOT excluded.position"
                " OR quanta.emoji IS NOT excluded.emoji OR quanta.age_min IS NOT excluded.age_min"
                " OR quanta.age_max IS NOT excluded.age_max OR quanta.tags IS NOT excluded.tags"
                " OR quanta.content IS NOT excluded.content OR quanta.active = 0",
                rows,
            )
            codes = [row[0] for row in rows]
            marks = ",".join("?" * len(codes))
            await conn.execute(
                f"UPDATE quanta SET active = 0, updated_at = ? WHERE active = 1"  # noqa: S608
                f" AND code NOT IN ({marks})",
                (now, *codes),
            )

    async def active_codes(self) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT code FROM quanta WHERE active = 1 ORDER BY position"
        )
        return [row["code"] for row in rows]
