"""Who may do what with a family's applications, and the use cases that keep to it.

- A parent member may cancel any application of the family and answer any of its offers.
- A child's own account touches only the applications of its own record; where a parent is
  in the family, a confirmed place of its own is given up through the parent.
- A pupil under 14 needs a parent's consent: in a family a parent has joined, every parent
  member is asked at once, in the transaction that writes the application; the first answer
  counts.
- A child's own account signs up as its record: its details are not asked again; the grade
  is, when it was given before this school year began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.services import consent_texts
from bot.services.dates import school_year_start
from bot.services.enrolment import Enrolments
from storage import applications, consents, members
from storage import enrolments as rows
from storage.applications import REFUSED, Application, Submitted
from storage.clock import to_db, utcnow
from storage.enrolments import ACTIVE, EnrolmentView
from storage.families import Child, FamilyRepo
from storage.members import Membership
from storage.outbox import enqueue

Verdict = Literal["ok", "not-yours", "ask-parent"]


def verdict(member: Membership, child_id: int, status: str) -> Verdict:
    """May this member cancel (or answer for) an application of `child_id` in `status`?"""
    if member.relation == "parent":
        return "ok"
    if member.own_child != child_id:
        return "not-yours"
    if status == "confirmed" and member.parented:
        return "ask-parent"
    return "ok"


# ---- a child's own record ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnRecord:
    child: Child
    phone: str | None  # the family's
    ask_grade: bool  # given before this school year: it may have changed


async def own_record(enrolment: Enrolments, user_id: int, today: date) -> OwnRecord | None:
    """The record a child's own account is tied to, for a sign-up of its own."""
    families = FamilyRepo(enrolment.db)
    member = await members.of_user(families.db, user_id)
    if member is None or member.relation != "child" or member.own_child is None:
        return None
    child = next((c for c in await families.children(member.family_id)
                  if c.id == member.own_child), None)
    if child is None:
        return None
    given = await members.grade_given_at(families.db, child.id)
    stale = given is None or given.date() < school_year_start(today)
    return OwnRecord(child, await members.family_phone(families.db, member.family_id), stale)


# ---- a sign-up -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SignedUp:
    submitted: Submitted
    parents_asked: int  # asked for consent now (0: none is in the family yet)


async def submit(enrolment: Enrolments, app: Application) -> SignedUp:
    """The application, and a request for consent to each parent of the family when it waits
    for one, in one transaction."""
    async with enrolment.db.transaction() as conn:
        done = await enrolment.write(conn, app)
        asked = 0
        if done.status == "awaiting_consent" and not done.duplicate:
            view = await rows.view_in(conn, done.enrolment_id)
            for parent in await members.parents(conn, done.child_id):
                asked += await enqueue(
                    conn, kind="notice", chat_id=parent.user_id,
                    payload=enrolment.notices.consent_request(view, parent),
                    dedupe_key=f"consent-ask:{view.id}:{parent.user_id}",
                    family_id=view.family_id,
                )
    return SignedUp(done, asked)


# ---- cancelling, offers ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Changed:
    verdict: Verdict | Literal["gone"]  # gone: no such application of the family, or over
    view: EnrolmentView | None


async def _seen(
    enrolment: Enrolments, user_id: int, enrolment_id: int
) -> tuple[Membership | None, Changed]:
    member = await members.of_user(enrolment.db, user_id)
    view = await enrolment.view(enrolment_id)
    if member is None or view is None or view.family_id != member.family_id:
        return member, Changed("gone", None)
    if view.status not in ACTIVE:
        return member, Changed("gone", view)
    return member, Changed(verdict(member, view.child_id, view.status), view)


async def check(enrolment: Enrolments, user_id: int, enrolment_id: int) -> Changed:
    """May the user cancel this application now?"""
    return (await _seen(enrolment, user_id, enrolment_id))[1]


async def cancel(enrolment: Enrolments, user_id: int, enrolment_id: int) -> Changed:
    """Cancel an application the user may cancel. The statuses they may cancel it in go into
    the write itself, so a place confirmed a moment before stays confirmed."""
    member, seen = await _seen(enrolment, user_id, enrolment_id)
    if member is None or seen.view is None or seen.verdict != "ok":
        return seen
    allowed = [s for s in ACTIVE if verdict(member, seen.view.child_id, s) == "ok"]
    done = await enrolment.cancel(enrolment_id, member.family_id, allowed)
    if done is not None:
        return Changed("ok", done)
    again = await check(enrolment, user_id, enrolment_id)
    return again if again.verdict != "ok" else Changed("gone", again.view)


async def answer_offer(
    enrolment: Enrolments, user_id: int, enrolment_id: int, accept: bool
) -> Changed:
    """Take or decline a seat offered to the family's child (a child's account: its own)."""
    member = await members.of_user(enrolment.db, user_id)
    view = await enrolment.view(enrolment_id)
    if member is None or view is None or view.family_id != member.family_id:
        return Changed("gone", None)
    said = verdict(member, view.child_id, view.status)
    if said != "ok":
        return Changed(said, view)
    done = await enrolment.answer_offer(enrolment_id, member.family_id, accept)
    return Changed("ok" if done else "gone", done or view)


# ---- a parent's answer to a request for consent ------------------------------------------

ConsentAnswer = Literal["p", "n", "x"]  # consent with photos, without, no consent


@dataclass(frozen=True, slots=True)
class Consented:
    result: Literal["not-parent", "decided", "placed", "refused"]
    view: EnrolmentView | None
    # decided: how it was («refused», «cancelled», «gone», or «other»: consented)
    how: str = "other"


async def answer_consent(
    enrolment: Enrolments, user_id: int, enrolment_id: int, answer: str,
) -> Consented:
    """The first parent to answer decides: a consent places the application (a seat or the
    waitlist) and the family is told; a refusal cancels it and the pupil is told kindly.
    Anyone else, or a later answer, changes nothing."""
    async with enrolment.db.transaction() as conn:
        state = await applications.state_of(conn, enrolment_id)
        if state is None:
            return Consented("decided", None, "gone")
        child_id, status, reason = state
        if not await members.may_consent(conn, user_id, child_id):
            return Consented("not-parent", None)
        if status != "awaiting_consent":
            how = ("refused" if reason == REFUSED else "cancelled"
                   if status in ("cancelled", "withdrawn") else "other")
            return Consented("decided", await rows.view_in(conn, enrolment_id), how)
        stamp = to_db(utcnow())
        if answer not in ("p", "n"):
            await applications.refuse(conn, enrolment_id)
            view = await rows.view_in(conn, enrolment_id)
            for pupil in await members.own_accounts(conn, child_id):
                await enqueue(
                    conn, kind="notice", chat_id=pupil.user_id,
                    payload=enrolment.notices.consent_refused(view, pupil),
                    dedupe_key=f"consent-no:{view.id}:{pupil.user_id}",
                    family_id=view.family_id,
                )
            return Consented("refused", view)
        await consents.record(conn, child_id=child_id, given_by=user_id, given_as="parent",
                              photo=answer == "p", stamp=stamp,
                              version=consent_texts.version_for("parent"))
        placed = await enrolment.place_consented(conn, child_id, stamp)
    return Consented("placed", next((v for v in placed if v.id == enrolment_id), None))
