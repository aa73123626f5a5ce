"""Teachers and their groups in a conversation: Ольга made staff (the teacher), a second
member of staff, a group's teacher set or read straight in the database."""

from __future__ import annotations

from bot.local.chat import LocalChat
from tests.helpers.harness import App
from tests.helpers.staff import admin_chat

__all__ = ["OTHER", "ROBO", "TEACHER", "admin_chat", "more_groups", "olga", "own_group",
           "set_teacher", "teacher_id"]

TEACHER = 2001
OTHER = 2002
ROBO = "robo-l1 · Вт/Чт 15:00"  # the button of the sample timetable's first group


async def set_teacher(app: App, group_id: int, user_id: int | None) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET teacher_id = ? WHERE id = ?", (user_id, group_id))


async def teacher_id(app: App, group_id: int) -> int | None:
    value = await app.db.fetchval("SELECT teacher_id FROM groups WHERE id = ?", (group_id,))
    return None if value is None else int(value)


async def olga(app: App, lang: str = "ru") -> LocalChat:
    """Ольга (@olga_teacher), made staff, with the staff's menu."""
    chat = app.chat(user_id=TEACHER, first_name="Ольга", username="olga_teacher",
                    language_code=lang)
    await chat.send("/start")
    await app.repos.users.set_staff_role(TEACHER, "staff")
    await chat.send("/menu")
    return chat


async def more_groups(app: App, count: int, teacher: int | None = None) -> list[str]:
    """`count` more groups like robo-l1 (codes zz-01…, listed after the sample's), taught by
    `teacher`; their codes."""
    codes = [f"zz-{n:02}" for n in range(1, count + 1)]
    async with app.db.transaction() as conn:
        for code in codes:
            await conn.execute(
                "INSERT INTO groups (code, programme_id, name, capacity, starts_on, ends_on,"
                " updated_at, teacher_id) SELECT ?, programme_id, name, capacity, starts_on,"
                " ends_on, updated_at, ? FROM groups WHERE code = 'robo-l1'", (code, teacher))
    return codes


async def own_group(app: App, group_id: int) -> LocalChat:
    """Ольга, the group's teacher, on its screen (from «Мои группы»)."""
    teacher = await olga(app)
    await set_teacher(app, group_id, TEACHER)
    await teacher.send("/mygroups")
    await teacher.press(ROBO)
    return teacher
