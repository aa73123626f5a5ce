"""The roll call for the tests: a group with a teacher on staff and families with confirmed
children, Tuesday's lesson (1 December 2026, 15:00–16:30, Каб. 101), and opening its register."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.local.chat import LocalChat
from bot.ui.callbacks_rollcall import RollOpen
from tests.helpers import start_as
from tests.helpers.harness import App
from tests.helpers.reminders import NOW, local
from tests.helpers.schedule import enrol, load_timetable

TUE = date(2026, 12, 1)
TEACHER = 2001
START = local(TUE, 15)  # the lesson's start, as UTC
TERM_BEGAN = "2026-11-02T06:00:00+00:00"  # when the class's applications were made


@dataclass
class Class:
    teacher: LocalChat
    parents: list[LocalChat]
    group: int
    lesson: int
    ids: dict[str, int]


async def staff(app: App, user_id: int, lang: str = "ru", name: str = "Елена") -> LocalChat:
    chat = app.chat(user_id=user_id, language_code=lang, first_name=name)
    await start_as(chat, "parent", lang)
    await app.repos.users.set_staff_role(user_id, "staff")
    return chat


async def teach(app: App, group_id: int, user_id: int | None) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET teacher_id = ? WHERE id = ?", (user_id, group_id))


async def a_class(app: App, names: list[str], lang: str = "ru", *, teacher: bool = True,
                  per_parent: bool = True) -> Class:
    """The teacher (on staff, the group's teacher unless told not) and a parent per child
    (or one parent for them all), every child confirmed in robo-a1."""
    ids = await load_timetable(app)
    group = ids["robo-a1"]
    async with app.db.transaction() as conn:  # room for a class of 15
        await conn.execute("UPDATE groups SET capacity = 40 WHERE id = ?", (group,))
    chat = await staff(app, 2001, lang)
    if teacher:
        await teach(app, group, 2001)
    parents: list[LocalChat] = []
    for n, name in enumerate(names):
        if per_parent or not parents:
            parent = app.chat(user_id=1001 + n, language_code=lang)
            await start_as(parent, "parent", lang)
            parents.append(parent)
        await enrol(app, parents[-1].user_id, group, name)
    async with app.db.transaction() as conn:  # a class there since the term began
        await conn.execute("UPDATE enrolments SET created_at = ? WHERE group_id = ?",
                           (TERM_BEGAN, group))
    await app.deliver()  # the confirmations: out of the way
    [lesson] = await app.repos.lessons.of_group(group, NOW, 1)
    return Class(chat, parents, group, lesson.id, ids)


async def open_roll(chat: LocalChat, lesson: int) -> None:
    await chat.press_data(RollOpen(lesson=lesson).pack())


def row_labels(chat: LocalChat) -> list[list[str]]:
    """The newest keyboard's labels, row by row."""
    markup = next(m["reply_markup"] for m in reversed(chat.messages()) if m.get("reply_markup"))
    return [[b["text"] for b in row] for row in markup["inline_keyboard"]]
