"""Families as staff find them: by the words of a child's or a parent's name, in any order
and each a part of it (case and ё aside), or by the phone, and what a result shows of each
family — its parents, its children and their applications. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from storage.db import Database

GLOB_SPECIAL = frozenset("*?[")


def fold(value: object) -> str:
    """A name as a search compares it: case and ё aside (SQLite's lower() is ASCII only)."""
    return str(value or "").casefold().replace("ё", "е")


def holding(word: str) -> str:
    """A GLOB pattern for a name that holds `word` (folded, as `fold` writes it) anywhere:
    each letter stands for its capital and, for «е», «ё» too. SQLite's own GLOB compares
    in C, row by row, about three times faster than a Python `fold()` called on every name;
    on 100 000 families a search reads every name."""
    pattern = []
    for char in word:
        forms = {form for form in (char, char.upper(), char.title()) if len(form) == 1
                 and fold(form) == char} | ({"ё", "Ё", "Е"} if char == "е" else set())
        if len(forms) > 1:
            pattern.append("[" + "".join(sorted(forms)) + "]")
        else:
            pattern.append(f"[{char}]" if char in GLOB_SPECIAL else char)
    return "*" + "".join(pattern) + "*"


@dataclass(frozen=True, slots=True)
class FoundApplication:
    id: int
    status: str
    group_code: str
    group_name: str
    group_name_en: str = ""  # empty: the Russian name shows

    def group_title(self, locale: str) -> str:
        return self.group_name_en if locale == "en" and self.group_name_en else self.group_name


@dataclass(slots=True)
class FoundChild:
    id: int
    name: str
    birth_date: date
    applications: list[FoundApplication] = field(default_factory=list)


@dataclass(slots=True)
class FoundFamily:
    id: int
    phone: str | None
    parents: list[str] = field(default_factory=list)  # the parents' Telegram names
    children: list[FoundChild] = field(default_factory=list)


async def by_name(db: Database, words: list[str], limit: int) -> list[int]:
    """Up to `limit` families (ids, newest first) with a child or a parent whose name holds
    every one of `words` (folded, as `fold` writes them), in any order: «михаил петров» finds
    «Петров Михаил». Each table is read once (the parents through their index)."""
    patterns = {f"w{n}": holding(word) for n, word in enumerate(words)}
    if not patterns:
        return []
    child = " AND ".join(f"c.name GLOB :{name}" for name in patterns)
    parent = " AND ".join(f"u.first_name GLOB :{name}" for name in patterns)
    rows = await db.fetchall(
        f"SELECT family_id FROM (SELECT c.family_id FROM children c WHERE {child}"  # noqa: S608
        f" UNION SELECT m.family_id FROM users u CROSS JOIN family_members m"
        f" ON m.user_id = u.id WHERE {parent} AND m.relation = 'parent')"
        f" ORDER BY 1 DESC LIMIT :limit", {**patterns, "limit": limit},
    )
    return [int(row[0]) for row in rows]


async def by_phone(db: Database, phone: str, digits: list[str], limit: int) -> list[int]:
    """Families whose phone is `phone` (E.164), or holds any of `digits` (each a run of
    digits, the '+' aside)."""
    runs = {f"d{n}": run for n, run in enumerate(digits) if run}
    held = "".join(f" OR instr(replace(phone, '+', ''), :{name}) > 0" for name in runs)
    rows = await db.fetchall(
        f"SELECT id FROM families WHERE phone = :phone{held}"  # noqa: S608
        f" ORDER BY id DESC LIMIT :limit", {"phone": phone, "limit": limit, **runs},
    )
    return [int(row[0]) for row in rows]


async def families(db: Database, ids: list[int]) -> list[FoundFamily]:
    """The families in the order of `ids`, with parents, children and applications."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {int(r["id"]): FoundFamily(int(r["id"]), r["phone"]) for r in await db.fetchall(
        f"SELECT id, phone FROM families WHERE id IN ({marks})", ids)}  # noqa: S608
    for r in await db.fetchall(
        f"SELECT m.family_id, u.first_name FROM family_members m JOIN users u"  # noqa: S608
        f" ON u.id = m.user_id WHERE m.relation = 'parent' AND m.family_id IN ({marks})"
        f" ORDER BY m.joined_at, u.id", ids,
    ):
        if r["first_name"]:
            found[int(r["family_id"])].parents.append(str(r["first_name"]))
    children: dict[int, FoundChild] = {}
    for r in await db.fetchall(
        f"SELECT c.family_id, c.id, c.name, c.birth_date, e.id AS app, e.status, g.code,"  # noqa: S608
        f" g.name AS group_name, g.name_en FROM children c"
        f" LEFT JOIN enrolments e ON e.child_id = c.id LEFT JOIN groups g ON g.id = e.group_id"
        f" WHERE c.family_id IN ({marks})"
        f" ORDER BY c.id, e.id", ids,
    ):
        child = children.get(int(r["id"]))
        if child is None:
            child = children[int(r["id"])] = FoundChild(
                int(r["id"]), r["name"], date.fromisoformat(r["birth_date"]))
            found[int(r["family_id"])].children.append(child)
        if r["app"] is not None:
            child.applications.append(
                FoundApplication(int(r["app"]), r["status"], r["code"], r["group_name"],
                                 r["name_en"] or ""))
    return [found[i] for i in ids if i in found]
