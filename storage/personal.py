"""A person's own data, apart from any family's: the account, quiz results, news subscriptions,
half-filled forms, reminder settings, questions to staff and registrations for events, as
/mydata gives it for someone with no family and a family's export for each member. /forget
takes it in the privacy service."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from storage import event_privacy, questions, unanswered
from storage.db import Database

# what the account itself keeps, as /mydata gives it (`u` is the users row)
ACCOUNT = ("u.language, u.family_role, u.staff_role, u.first_name, u.username, u.first_seen,"
           " u.last_seen, u.blocked")


def _in(ids: Collection[object]) -> str:
    return ",".join("?" * len(ids)) or "NULL"


async def reminder_settings(db: Database, user_ids: Sequence[int]) -> list[dict[str, Any]]:
    rows = await db.fetchall(
        "SELECT user_id, enabled, quiet, quiet_from, quiet_until, updated_at"
        f" FROM reminder_settings WHERE user_id IN ({_in(user_ids)}) ORDER BY user_id",  # noqa: S608
        tuple(user_ids),
    )
    return [{**dict(r), "enabled": bool(r["enabled"]), "quiet": bool(r["quiet"])} for r in rows]


async def of_people(
    db: Database, user_ids: Sequence[int], forms: Collection[str]
) -> dict[str, list[dict[str, Any]]]:
    """These people's quiz results, news subscriptions and the half-filled forms of the given
    form groups (state group names: the family side's, not a member of staff's drafts)."""
    marks = _in(user_ids)
    results = await db.fetchall(
        "SELECT user_id, answers, age_min, age_max, taken_at FROM quiz_results"
        f" WHERE user_id IN ({marks}) ORDER BY user_id", tuple(user_ids),  # noqa: S608
    )
    quanta = await db.fetchall(
        "SELECT user_id, rank, quantum_code, reason_tag FROM quiz_result_quanta"
        f" WHERE user_id IN ({marks}) ORDER BY user_id, rank", tuple(user_ids),  # noqa: S608
    )
    subscriptions = await db.fetchall(
        "SELECT user_id, quantum_code, muted, created_at FROM subscriptions"
        f" WHERE user_id IN ({marks}) ORDER BY user_id, quantum_code",  # noqa: S608
        tuple(user_ids),
    )
    drafts = []
    for uid in user_ids:
        # private chats only: the key is bot:chat:user:... with chat = user
        drafts += [(uid, row) for row in await db.fetchall(
            "SELECT state, data, updated_at FROM fsm_states WHERE key GLOB ?"
            f" AND substr(state, 1, instr(state, ':') - 1) IN ({_in(forms)})"  # noqa: S608
            " ORDER BY key", (f"*:{uid}:{uid}:*", *forms),
        )]
    return {
        "quiz_results": [
            {**dict(r), "answers": json.loads(r["answers"]), "quanta": [
                {"rank": q["rank"], "quantum": q["quantum_code"], "reason": q["reason_tag"]}
                for q in quanta if q["user_id"] == r["user_id"]
            ]} for r in results
        ],
        "subscriptions": [{**dict(r), "muted": bool(r["muted"])} for r in subscriptions],
        "forms": [{"user_id": uid, "form": r["state"], "data": json.loads(r["data"]),
                   "updated_at": r["updated_at"]} for uid, r in drafts],
        "unanswered": await unanswered.export(db, user_ids),  # texts the bot did not get
    }


async def export_own(
    db: Database, user_id: int, forms: Collection[str]
) -> dict[str, Any] | None:
    """/mydata for someone with no family: their account and everything of their own (times in
    UTC); None if they have nothing but the account."""
    own: dict[str, Any] = {
        "questions": await questions.export(db, [user_id], None),
        **await of_people(db, [user_id], forms),
        "reminders": {"settings": await reminder_settings(db, [user_id])},
        # registrations for events, their seats and feedback
        "events": await event_privacy.export(db, None, [user_id]),
    }
    if not any(own[k] for k in ("questions", "quiz_results", "subscriptions", "forms",
                                "unanswered", "events")) and not (
        own["reminders"]["settings"]
    ):
        return None
    account = await db.fetchone(
        f"SELECT u.id AS user_id, {ACCOUNT} FROM users u WHERE u.id = ?", (user_id,),  # noqa: S608
    )
    return {"account": dict(account) if account else {"user_id": user_id}, **own}


async def has_own(db: Database, user_id: int, forms: Collection[str]) -> bool:
    """Whether someone has anything of their own besides the account (see `export_own`)."""
    return await export_own(db, user_id, forms) is not None
