"""«Кому не доставлено»: after a lesson change, a closure or a broadcast, the families its
messages did not reach, so staff can call them — the parents of the youngest first.

A family counts as reached when any of its members got the batch's message; as still being
sent while one is queued. Not reached:
- `blocked`: its messages failed because the person blocked the bot, or everyone who would
  have been told has blocked it;
- `never`: a child of the batch (a lesson's group; the groups a closure's notices were about,
  and those whose lessons it keeps off) whose family has no one who could be told — no parent
  and no child's own account has started the bot;
- `failed`: its messages failed or expired otherwise.
A family whose members could be told but were not part of the batch (they joined after it,
or the change did not concern them) is none of these.

A broadcast is sent to people, not to a group's children: the families of its audience it
could not be sent to at all are those written when it was queued (storage
`broadcast_unreached`): `blocked` (everyone of the family the audience names had blocked the
bot) or `never` (spoken to by its children's enrolments, no one of it has started the bot).
They stay not reached if someone of the family returns or joins later: that one was not sent
this broadcast.

Someone in no family (a quiz-taker, a member of staff) whom a broadcast did not reach is
listed too, by name, as `blocked` or `failed`, and counted apart from the families.

The report shows children's names and ages and their parents' phones: each page staff open
is recorded for /audit (who, when, the families on it), as a group's roster is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from bot.services.dates import today
from storage import audit
from storage.clock import age_on, to_db, utcnow
from storage.delivery import Child, DeliveryRepo, Last, Loner, Member
from storage.lessons import LessonRepo

Why = Literal["blocked", "never", "failed"]
Kind = Literal["lesson", "closure", "broadcast"]


@dataclass(frozen=True, slots=True)
class Missed:
    family_id: int
    why: Why
    children: list[tuple[str, int]]  # name and age, youngest first
    parents: list[str]  # first names, as Telegram has them
    phone: str
    person: str = ""  # someone in no family (family_id 0): their name and @username


@dataclass(frozen=True, slots=True)
class Report:
    reached: int  # families
    waiting: int  # families whose message is still queued
    missed: list[Missed]  # youngest child first, then the people in no family
    # people in no family: reached, still queued (those not reached are in `missed`)
    alone: tuple[int, int] = (0, 0)

    @property
    def families_missed(self) -> int:
        return sum(1 for m in self.missed if not m.person)


def name_of(loner: Loner) -> str:
    """«Аня (@anya)», «Аня», «@anya»."""
    handle = f"@{loner.username}" if loner.username else ""
    if loner.first_name and handle:
        return f"{loner.first_name} ({handle})"
    return loner.first_name or handle or "—"


def judge(members: list[Member], last: dict[int, Last]) -> Why | Literal["reached", "waiting",
                                                                         "outside"]:
    """Where one family stands with a batch."""
    got = [last[m.user_id] for m in members if m.user_id in last]
    if any(r.status == "sent" for r in got):
        return "reached"
    if any(r.status in ("pending", "sending") for r in got):
        return "waiting"
    if got:
        blocked = any(r.error == "blocked" for r in got) or any(m.blocked for m in members
                                                                 if m.user_id in last)
        return "blocked" if blocked else "failed"
    if any(not m.blocked for m in members):
        return "outside"
    return "blocked" if members else "never"


class Delivery:
    def __init__(self, repo: DeliveryRepo, lessons: LessonRepo, zone: ZoneInfo) -> None:
        self.repo = repo
        self.lessons = lessons
        self.zone = zone

    async def page(self, staff_id: int, kind: Kind, subject: int, page: int,
                   size: int) -> tuple[Report, int]:
        """The report and which page of it (`size` entries each) is shown, a page out of
        range being the nearest one; the look at that page's families is recorded."""
        report = await self.report(kind, subject)
        page = max(0, min(page, (len(report.missed) - 1) // size)) if report.missed else 0
        shown = [m.family_id for m in report.missed[page * size:(page + 1) * size]
                 if not m.person]
        async with self.repo.db.transaction() as conn:
            await audit.record(conn, staff_id, "undelivered", to_db(utcnow()),
                               found=len(shown), families=shown)
        return report, page

    async def report(self, kind: Kind, subject: int) -> Report:
        """The report of a lesson's change notices, a closure's notices or a broadcast."""
        audience: list[Child] | None = None
        unsent: dict[int, Why] = {}
        if kind == "lesson":
            lesson = await self.lessons.get(subject)
            audience = await self.repo.confirmed_in([lesson.group_id] if lesson else [])
            last = await self.repo.last_of("lesson", subject)
        elif kind == "closure":
            # the groups its notices were about (the closure may be gone), and those it
            # keeps off now (where no one could be told)
            topic = f"closure:{subject}"
            groups = await self.repo.groups_told(topic)
            groups.update(await self.repo.off_by(subject, utcnow()))
            audience = await self.repo.confirmed_in(groups)
            last = await self.repo.last_of("closure", topic)
        else:
            last = await self.repo.last_of("broadcast", subject)
            unsent = {family: "never" if why == "never" else "blocked"
                      for family, why in (await self.repo.unreached_of(subject)).items()}
        return await self._report(audience, {r.chat_id: r for r in last}, unsent)

    async def _report(self, audience: list[Child] | None, last: dict[int, Last],
                      unsent: dict[int, Why]) -> Report:
        """`unsent`: families the batch could not be sent to at all, and why."""
        families = {c.family_id for c in audience or []} | unsent.keys()
        families |= await self.repo.families_of(last.keys())
        members, children, phones = await self.repo.families(families)
        of: dict[int, list[Member]] = defaultdict(list)
        for member in members:
            of[member.family_id].append(member)
        wanted = {c.id for c in audience} if audience is not None else None
        kids: dict[int, list[Child]] = defaultdict(list)
        for child in children:
            if wanted is None or child.id in wanted:
                kids[child.family_id].append(child)
        day = today(self.zone)
        reached = waiting = 0
        missed: list[tuple[date, Missed]] = []
        for family in families:
            verdict = judge(of[family], last)
            if family in unsent and verdict not in ("reached", "waiting"):
                verdict = unsent[family]
            if verdict == "reached":
                reached += 1
            elif verdict == "waiting":
                waiting += 1
            elif verdict != "outside":
                young = sorted(kids[family], key=lambda c: c.birth_date, reverse=True)
                missed.append((young[0].birth_date if young else date.min, Missed(
                    family, verdict, [(c.name, age_on(c.birth_date, day)) for c in young],
                    [m.first_name for m in of[family] if m.relation == "parent"],
                    phones.get(family, ""),
                )))
        missed.sort(key=lambda pair: (pair[0], -pair[1].family_id), reverse=True)
        alone, found = await self._alone(last)
        return Report(reached, waiting, [m for _, m in missed] + found, alone)

    async def _alone(self, last: dict[int, Last]) -> tuple[tuple[int, int], list[Missed]]:
        """The people in no family the batch was sent to: how many it reached and how many
        are still being sent to, and those it did not reach, by name."""
        reached = waiting = 0
        found: list[Missed] = []
        for loner in sorted(await self.repo.loners(last.keys()),
                            key=lambda x: (x.first_name.casefold(), x.user_id)):
            row = last[loner.user_id]
            if row.status == "sent":
                reached += 1
            elif row.status in ("pending", "sending"):
                waiting += 1
            else:
                why: Why = "blocked" if row.error == "blocked" or loner.blocked else "failed"
                found.append(Missed(0, why, [], [], "", name_of(loner)))
        return (reached, waiting), found
