"""A family's or a person's registrations for events, as /mydata gives them and as /forget and
the nightly clean-up take them: the registration (companions, phone, check-in), its seats (the
children's names and birth dates, their place in the queue or the hold) and its feedback.

Erasing deletes the registrations (seats and feedback with them), blanks and cancels every
outbox row of theirs (tickets with their QR token, reminders, seat offers, a parent asked for
consent, «Как вам?»), and gives those rows keys of their own ids, so a later registration
that gets a deleted one's id is never taken for it. It returns the events whose seats were
freed, for the booking service to offer to the waitlist in the same transaction, and what
a message may have quoted (names, birth dates, the phone)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import aiosqlite

from storage.db import Database, fetch_all, placeholders

# the kinds of an event's messages keyed by a registration (`ev:{event}:{kind}:{reg}…`)
BY_REGISTRATION = ("ticket", "remind", "offer", "consent", "consented", "feedback")


@dataclass(slots=True)
class Erased:
    """What erasing registrations took: how many, the events whose seats (or held seats) were
    freed, and the words a message about them may quote."""

    registrations: int = 0
    events: list[int] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # the children's names, as typed
    words: set[str] = field(default_factory=set)  # birth dates as shown, phones


def _whose(family_id: int | None, user_ids: Sequence[int]) -> tuple[str, list[Any]]:
    where = f"r.user_id IN ({placeholders(user_ids) or 'NULL'})"
    params: list[Any] = list(user_ids)
    if family_id is not None:
        where += " OR r.family_id = ?"
        params.append(family_id)
    return f"({where})", params


async def export(db: Database, family_id: int | None, user_ids: Sequence[int]
                 ) -> list[dict[str, Any]]:
    """The registrations of the family (or made by these people), each with its seats and its
    feedback; times in UTC."""
    where, params = _whose(family_id, user_ids)
    registrations = await db.fetchall(
        "SELECT r.id, r.user_id, r.family_id, e.code AS event, e.title_ru AS title,"
        " e.starts_at, r.companions, r.phone, r.created_at, r.checked_in_at,"
        " r.consent_version, r.consent_at, r.consent_by"
        f" FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE {where}"  # noqa: S608
        " ORDER BY e.starts_at, r.id", params)
    ids = [int(row["id"]) for row in registrations]
    marks = placeholders(ids) or "NULL"
    seats = await db.fetchall(
        "SELECT s.registration_id, s.child_id, s.name, s.birth_date, s.status, s.queued_at,"
        " s.hold_until, CASE WHEN s.status = 'waitlist' THEN (SELECT count(*) FROM event_seats q"
        " WHERE q.event_id = s.event_id AND q.status = 'waitlist' AND (q.queued_at < s.queued_at"
        " OR (q.queued_at = s.queued_at AND q.id <= s.id))) END AS place"
        f" FROM event_seats s WHERE s.registration_id IN ({marks}) ORDER BY s.id",  # noqa: S608
        tuple(ids))
    feedback = await db.fetchall(
        "SELECT registration_id, stars, comment, created_at FROM event_feedback"
        f" WHERE registration_id IN ({marks})", tuple(ids))  # noqa: S608
    said = {int(row["registration_id"]): row for row in feedback}
    out = []
    for row in registrations:
        given = said.get(int(row["id"]))
        out.append({
            **dict(row),
            "seats": [{k: v for k, v in dict(seat).items() if k != "registration_id"}
                      for seat in seats if seat["registration_id"] == row["id"]],
            "feedback": None if given is None else {
                "stars": given["stars"], "comment": given["comment"],
                "created_at": given["created_at"]},
        })
    return out


async def erase(conn: aiosqlite.Connection, family_id: int | None, user_ids: Sequence[int]
                ) -> Erased:
    """Inside the caller's transaction: the family's registrations (or these people's own)
    deleted with their seats, feedback and messages (see the module)."""
    where, params = _whose(family_id, user_ids)
    registrations = await fetch_all(
        conn, f"SELECT r.id, r.event_id, r.phone FROM event_registrations r WHERE {where}",  # noqa: S608
        params)
    erased = Erased(registrations=len(registrations))
    if not registrations:
        return erased
    ids = [int(row["id"]) for row in registrations]
    marks = placeholders(ids)
    seats = await fetch_all(
        conn, "SELECT id, event_id, name, birth_date, status FROM event_seats"
        f" WHERE registration_id IN ({marks})", tuple(ids))  # noqa: S608
    erased.events = sorted({int(s["event_id"]) for s in seats
                            if s["status"] in ("seat", "offered")})
    for seat in seats:
        born = date.fromisoformat(seat["birth_date"])
        erased.names.add(str(seat["name"]))
        erased.words |= {born.strftime("%d.%m.%Y"), born.isoformat()}
    erased.words |= {str(row["phone"]) for row in registrations if row["phone"]}
    keys = [f"ev:{row['event_id']}:{kind}:{row['id']}{tail}" for row in registrations
            for kind in BY_REGISTRATION for tail in ("", ":*")]
    keys += [f"ev:{seat['event_id']}:lapsed:{seat['id']}" for seat in seats]
    for start in range(0, len(keys), 200):
        part = keys[start:start + 200]
        await conn.execute(
            "UPDATE outbox SET payload = '{}', lease_until = NULL, dedupe_key = 'gone:' || id,"
            " status = CASE WHEN status IN ('pending', 'sending') THEN 'cancelled'"
            " ELSE status END"
            f" WHERE {' OR '.join('dedupe_key GLOB ?' for _ in part)}", part)  # noqa: S608
    await conn.execute(f"DELETE FROM event_feedback WHERE registration_id IN ({marks})",  # noqa: S608
                       tuple(ids))
    await conn.execute(f"DELETE FROM event_seats WHERE registration_id IN ({marks})",  # noqa: S608
                       tuple(ids))
    await conn.execute(f"DELETE FROM event_registrations WHERE id IN ({marks})",  # noqa: S608
                       tuple(ids))
    return erased
