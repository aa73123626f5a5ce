"""Who a broadcast reaches: a composable filter over users, kept as JSON with the broadcast.

Every part narrows the set (AND); an empty part means "anyone". Blocked users are never sent
to, but the families of those who blocked the bot are still of the audience (`where` with
`reachable=False`, and `families`): the ones it cannot reach are told to staff.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Any

# who a broadcast may single out: the family capacities, and staff (admins included); one
# person may be in two of them (a mother who teaches here)
ROLE_GROUPS = ("pupil", "parent", "staff")
LANGUAGES = ("ru", "en")
ENROLMENT_ACTIVE = ("applied", "navigator", "confirmed")
ENROLMENT_WAITING = ("waitlisted", "offered")
ENROLLED_ITEM = re.compile(r"^(q:[a-z][a-z0-9]{1,15}|[pg]:\d{1,9})$")


@dataclass(frozen=True)
class Audience:
    role: str | None = None                  # pupil | parent | staff (staff includes admins)
    language: str | None = None              # ru | en
    quanta: tuple[str, ...] = field(default=())  # latest quiz result includes any of these
    # families with a child enrolled in any of: "q:<quantum>", "p:<programme id>", "g:<group id>"
    enrolled: tuple[str, ...] = field(default=())
    members: str | None = None  # of those families: parents | children (None: both)
    waitlisted: bool = False  # on the waitlist (or offered a seat) instead of enrolled
    # one group: the parents of its confirmed children and those children's own accounts
    group: int | None = None
    # one event: everyone registered for it (waitlist included)
    event: int | None = None

    @property
    def fixed(self) -> bool:
        """Set from a group's or an event's screen: not chosen on the audience screen."""
        return self.group is not None or self.event is not None

    @property
    def by_enrolment(self) -> bool:
        return bool(self.enrolled) or self.waitlisted or self.members is not None

    def where(self, *, reachable: bool = True) -> tuple[str, list[Any]]:
        """SQL condition over `users u`, and its parameters: those it is sent to, or with
        `reachable=False` those who would be but have blocked the bot too."""
        clauses: list[str] = ["u.blocked = 0"] if reachable else ["1"]
        params: list[Any] = []
        if self.role == "staff":
            clauses.append("u.staff_role IS NOT NULL")  # admins too; a parent on staff too
        elif self.role is not None and self.role in ROLE_GROUPS:
            clauses.append("u.family_role = ?")
            params.append(self.role)
        if self.language in LANGUAGES:
            clauses.append("u.language = ?")
            params.append(self.language)
        if self.quanta:
            marks = ",".join("?" * len(self.quanta))
            clauses.append(
                "EXISTS (SELECT 1 FROM quiz_result_quanta r WHERE r.user_id = u.id"
                f" AND r.quantum_code IN ({marks}))"
            )
            params.extend(self.quanta)
        if self.by_enrolment:
            clause, extra = self._enrolment_clause()
            clauses.append(clause)
            params.extend(extra)
        if self.group is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM family_members m JOIN children c ON c.family_id ="
                " m.family_id JOIN enrolments e ON e.child_id = c.id WHERE m.user_id = u.id"
                " AND (m.relation = 'parent' OR m.child_id = c.id) AND e.group_id = ?"
                " AND e.status = 'confirmed')"
            )
            params.append(self.group)
        if self.event is not None:
            clauses.append("EXISTS (SELECT 1 FROM event_registrations r WHERE r.user_id = u.id"
                           " AND r.event_id = ?)")
            params.append(self.event)
        return " AND ".join(clauses), params

    def _enrolment_clause(self) -> tuple[str, list[Any]]:
        parts = ["m.user_id = u.id", "(m.relation = 'parent' OR m.child_id = c.id)"]
        params: list[Any] = []
        if self.members in ("parents", "children"):
            parts.append("m.relation = ?")
            params.append("parent" if self.members == "parents" else "child")
        terms, extra = self._enrolments()
        clause = (
            "EXISTS (SELECT 1 FROM family_members m JOIN children c ON c.family_id = m.family_id"
            " JOIN enrolments e ON e.child_id = c.id JOIN groups g ON g.id = e.group_id"
            " JOIN programmes p ON p.id = g.programme_id WHERE "
            + " AND ".join(parts + terms) + ")"
        )
        return clause, params + extra

    def _enrolments(self) -> tuple[list[str], list[Any]]:
        """The conditions on an enrolment `e` of group `g` and programme `p` that the
        enrolment part asks for: its statuses, and where (if anywhere in particular)."""
        statuses = ENROLMENT_WAITING if self.waitlisted else ENROLMENT_ACTIVE
        parts = [f"e.status IN ({','.join(repr(s) for s in statuses)})"]
        params: list[Any] = []
        targets = []
        for kind, column in (("q", "p.quantum_code"), ("p", "g.programme_id"),
                             ("g", "e.group_id")):
            values = [item[2:] for item in self.enrolled if item.startswith(f"{kind}:")]
            if values:
                targets.append(f"{column} IN ({','.join('?' * len(values))})")
                params.extend(int(v) if kind != "q" else v for v in values)
        if targets:
            parts.append("(" + " OR ".join(targets) + ")")
        return parts, params

    def families(self) -> tuple[str, list[Any]] | None:
        """SQL condition over `families f`: the families it speaks to by their children's
        enrolments (where the enrolment part points; one group's confirmed children; with
        neither, any child applied, passed to Navigator or confirmed), whether or not anyone
        of them has started the bot. None when it picks people rather than families — pupils,
        children's own accounts, staff, a language, a quiz's result, an event's guests: a
        family no one of which has started the bot is none of theirs."""
        if (self.role not in (None, "parent") or self.members == "children" or self.language
                or self.quanta or self.event is not None):
            return None
        terms, params = self._enrolments() if self.by_enrolment or self.group is None else (
            [], [])
        if self.group is not None:
            terms += ["e.status = 'confirmed'", "e.group_id = ?"]
            params.append(self.group)
        clause = (
            "EXISTS (SELECT 1 FROM children c JOIN enrolments e ON e.child_id = c.id"
            " JOIN groups g ON g.id = e.group_id JOIN programmes p ON p.id = g.programme_id"
            " WHERE c.family_id = f.id AND " + " AND ".join(terms) + ")"
        )
        return clause, params

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text) if text else {}
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Audience:
        role = data.get("role")
        language = data.get("language")
        quanta = data.get("quanta") or []
        enrolled = data.get("enrolled") or []
        members = data.get("members")
        group = data.get("group")
        event = data.get("event")
        return cls(
            role=role if role in ROLE_GROUPS else None,
            language=language if language in LANGUAGES else None,
            quanta=tuple(str(code) for code in quanta if isinstance(code, str))[:60],
            enrolled=tuple(
                item for item in enrolled if isinstance(item, str) and ENROLLED_ITEM.match(item)
            )[:60],
            members=members if members in ("parents", "children") else None,
            waitlisted=bool(data.get("waitlisted")),
            group=group if isinstance(group, int) and not isinstance(group, bool) else None,
            event=event if isinstance(event, int) and not isinstance(event, bool) else None,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": self.role, "language": self.language, "quanta": list(self.quanta),
            "enrolled": list(self.enrolled), "members": self.members,
            "waitlisted": self.waitlisted, "group": self.group,
            **({"event": self.event} if self.event is not None else {}),
        }

    def toggle_enrolled(self, item: str) -> Audience:
        items = [i for i in self.enrolled if i != item]
        if len(items) == len(self.enrolled) and ENROLLED_ITEM.match(item):
            items.append(item)
        return replace(self, enrolled=tuple(items))

    def toggle_quantum(self, code: str) -> Audience:
        codes = [c for c in self.quanta if c != code]
        if len(codes) == len(self.quanta):
            codes.append(code)
        return replace(self, quanta=tuple(codes))
