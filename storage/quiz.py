"""The latest quiz result of each user."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from storage.clock import from_db, to_db
from storage.db import Database


@dataclass(frozen=True, slots=True)
class QuizPick:
    code: str
    reason_tag: str


@dataclass(frozen=True, slots=True)
class QuizResult:
    user_id: int
    answers: list[int]
    age_min: int | None
    age_max: int | None
    picks: list[QuizPick]
    taken_at: datetime


def put_result(conn: sqlite3.Connection, user_id: int, answers: list[int],
               ages: tuple[int, int] | None, picks: list[QuizPick], at: datetime) -> None:
    """A person's quiz result and its picks, in rank order, in place of the one they had
    (its picks go with it: ON DELETE CASCADE). On the plain sqlite3 connection, inside the
    caller's transaction (`Database.in_one_trip`: the three statements in one trip)."""
    age_min, age_max = ages if ages else (None, None)
    conn.execute("DELETE FROM quiz_results WHERE user_id = ?", (user_id,))
    conn.execute(
        "INSERT INTO quiz_results (user_id, answers, age_min, age_max, taken_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (user_id, json.dumps(answers), age_min, age_max, to_db(at)),
    )
    conn.executemany(
        "INSERT INTO quiz_result_quanta (user_id, rank, quantum_code, reason_tag)"
        " VALUES (?, ?, ?, ?)",
        [(user_id, rank, p.code, p.reason_tag) for rank, p in enumerate(picks, 1)],
    )


class QuizRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def latest(self, user_id: int) -> QuizResult | None:
        # one query, fetched in one trip to the database thread
        rows = list(await self.db.reader.execute_fetchall(
            "SELECT r.answers, r.age_min, r.age_max, r.taken_at, q.quantum_code, q.reason_tag"
            " FROM quiz_results r"
            " LEFT JOIN quiz_result_quanta q ON q.user_id = r.user_id"
            " WHERE r.user_id = ? ORDER BY q.rank",
            (user_id,),
        ))
        if not rows:
            return None
        row = rows[0]
        return QuizResult(
            user_id=user_id,
            answers=json.loads(row["answers"]),
            age_min=row["age_min"],
            age_max=row["age_max"],
            picks=[
                QuizPick(p["quantum_code"], p["reason_tag"])
                for p in rows if p["quantum_code"] is not None
            ],
            taken_at=from_db(row["taken_at"]),
        )
