"""What «🧑‍🏫 Мои группы», a group's screen, the choice of its teacher and the question of a
message to the group show. Pure renderings of what the teaching service read."""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from bot.services.staff_data import Roster
from bot.services.teaching import GroupView
from bot.ui.callbacks import LessonGroups, LessonList, Nav
from bot.ui.callbacks_groups import GroupAct, GroupOpen, MyGroups, Origin
from bot.ui.keyboards import (
    Buttons,
    Screen,
    ScreenCache,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from handlers.staff.broadcast.screens import group_write_keyboard
from handlers.staff.groups.callbacks import GroupMembers, TeacherPage, TeacherSet
from handlers.staff.lessons import roster
from storage.lesson_rows import Lesson
from storage.users import User

PAGE = 6  # groups on a page of «Мои группы»
STAFF_PAGE = 8  # people on a page of the teacher's choice

drawn = ScreenCache(size=1024)  # groups' screens, by what they show and the reader


def person(user: User) -> str:
    """«Ольга (@olga_teacher)», in the nominative as Telegram has it, escaped."""
    name = html.quote(user.first_name[:32] or str(user.id))
    return f"{name} (@{html.quote(user.username)})" if user.username else name


def heading(t: T, view: GroupView) -> str:
    group = view.group
    return t("gr-title", programme=html.quote(view.programme_title(t.locale)),
             group=html.quote(group.title(t.locale)), code=html.quote(group.code))


def lesson_lines(t: T, view: GroupView, zone: ZoneInfo) -> list[str]:
    """Today's lesson (or that there is none) and the next one."""
    lines = []
    today = view.today
    if today is None:
        lines.append(t("gr-today-none"))
    else:
        lines.append(t("gr-today", when=html.quote(dates.time_range(
            today.starts_at, today.ends_at, zone)), room=room(t, today),
            off="yes" if today.off else "no"))
    after = view.next
    if after is None:
        lines.append(t("gr-next-none"))
    else:
        lines.append(t("gr-next", when=html.quote(dates.lesson_time(
            after.starts_at, after.ends_at, zone, t.locale)), room=room(t, after)))
    return lines


def room(t: T, lesson: Lesson) -> str:
    return html.quote(lesson.place(t.locale) or t("ls-no-room"))


def teacher_line(t: T, view: GroupView) -> str:
    """The teacher (a member of staff), or «не назначен» with the name the timetable gives."""
    listed = view.group.teacher.strip()
    if view.teacher is not None and listed:
        # families see the timetable's name; the account is who gets their answers
        return t("gr-teacher-both", listed=html.quote(listed), teacher=person(view.teacher))
    if view.teacher is not None:
        return t("gr-teacher", teacher=person(view.teacher), named="yes")
    if listed:
        return t("gr-teacher-listed", listed=html.quote(listed))
    return t("gr-teacher", teacher="", named="no")


def label(t: T, view: GroupView) -> str:
    return button_label(f"{view.group.code} · {view.group.title(t.locale)}")


# ---- «Мои группы» -------------------------------------------------------------------------


def mine_screen(t: T, views: list[GroupView], page: int, zone: ZoneInfo) -> Screen:
    builder = Buttons()
    if not views:
        builder.button(text=t("btn-gr-all"), callback_data=Nav(to="lessons"))
        home_button(builder, t)
        builder.adjust(2)
        return t("gr-mine") + "\n\n" + t("gr-mine-none"), builder.as_markup()
    pages = page_count(len(views), PAGE)
    page = clamp_page(page, len(views), PAGE)
    chunk = views[page * PAGE : (page + 1) * PAGE]
    lines = [t("gr-mine")]
    for view in chunk:
        lines += ["", heading(t, view), *lesson_lines(t, view, zone)]
        builder.button(text=label(t, view),
                       callback_data=GroupOpen(group=view.group.id, page=page, origin="m"))
    sizes = [2] * math.ceil(len(chunk) / 2)
    nav = pager(builder, t, page, pages, lambda n: MyGroups(page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-gr-all"), callback_data=Nav(to="lessons"))
    home_button(builder, t)
    builder.adjust(*sizes, 2)
    return "\n".join(lines), builder.as_markup()


# ---- a group ------------------------------------------------------------------------------


class Back(NamedTuple):
    """Where a group's screen goes back to: the page of groups and the list it came from."""

    page: int = 0
    origin: Origin = ""


class Reader(NamedTuple):
    """What the viewer may do with the group."""

    teaches: bool
    admin: bool


FIRST_PAGE = Back()


def group_screen(t: T, view: GroupView, viewer: User, zone: ZoneInfo,
                 note: str | None = None, back: Back = FIRST_PAGE) -> Screen:
    """The group, its teacher, children and lessons; what staff can do with it. «📣 Написать
    группе» for its teacher and admins, «🧑‍🏫 Педагог» for admins; back to the page of groups
    (`page`) it was opened from (`origin`): «Мои группы», or everyone's from /lessons (not
    known: its teacher goes back to «Мои группы», anyone else to /lessons). Drawn once for
    what it shows and the reader (a teacher opens their group again and again)."""
    reader = Reader(view.teacher is not None and view.teacher.id == viewer.id, viewer.is_admin)
    key = ("group", view, reader, zone.key, note, back)
    return drawn.get(t, key, lambda: draw_group(t, view, reader, zone, note, back))


def draw_group(t: T, view: GroupView, reader: Reader, zone: ZoneInfo, note: str | None,
               back: Back) -> Screen:
    group, (teaches, admin), (page, origin) = view.group, reader, back
    lines = [heading(t, view), "", teacher_line(t, view),
             t("gr-children", n=view.confirmed, capacity=group.capacity),
             *lesson_lines(t, view, zone)]
    builder = Buttons()

    def act(key: str, action: str) -> None:
        builder.button(text=t(key), callback_data=GroupAct(action=action, group=group.id))

    act("btn-gr-mark", "mark")
    builder.button(text=t("btn-gr-roster"),
                   callback_data=GroupMembers(group=group.id, page=page, origin=origin))
    act("btn-gr-notes", "notes")
    act("btn-gr-stats", "stats")
    if teaches or admin:
        act("btn-gr-write", "write")
    builder.button(text=t("btn-gr-lessons"), callback_data=LessonList(group=group.id, page=0))
    if admin:
        act("btn-gr-teacher", "teacher")
    if origin == "m" or (not origin and teaches):
        builder.button(text=t("btn-gr-mine"), callback_data=MyGroups(page=page))
    else:
        builder.button(text=t("btn-ls-groups"), callback_data=LessonGroups(page=page))
    home_button(builder, t)
    builder.adjust(2)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


# ---- the teacher's choice -----------------------------------------------------------------


def teacher_screen(t: T, view: GroupView, people: list[User], page: int) -> Screen:
    """Everyone on staff, the current teacher marked, a page at a time; and «Без педагога»."""
    pages = page_count(len(people), STAFF_PAGE)
    page = clamp_page(page, len(people), STAFF_PAGE)
    chunk = people[page * STAFF_PAGE : (page + 1) * STAFF_PAGE]
    current = view.teacher.id if view.teacher else None
    group = view.group.id
    builder = Buttons()
    for user in chunk:
        mark = "• " if user.id == current else ""
        name = user.first_name or str(user.id)
        if user.username:
            name += f" @{user.username}"
        builder.button(text=button_label(mark + name),
                       callback_data=TeacherSet(group=group, staff=user.id))
    sizes = [1] * len(chunk)
    nav = pager(builder, t, page, pages, lambda n: TeacherPage(group=group, page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=("• " if current is None else "") + t("btn-gr-no-teacher"),
                   callback_data=TeacherSet(group=group, staff=0))
    builder.button(text=t("btn-gr-back"), callback_data=GroupOpen(group=group))
    builder.adjust(*sizes, 1, 2)
    text = "\n".join([heading(t, view), "", teacher_line(t, view), "", t("gr-teacher-pick")])
    return text, builder.as_markup()


# ---- a message to the group ---------------------------------------------------------------


def write_question(t: T, view: GroupView, reach: int) -> Screen:
    """What to type; the group and how many people it will reach; «✖️ Отмена» and «⬅️ К
    группе» to leave."""
    return "\n".join([t("gr-write-title"), heading(t, view), "",
                      t("gr-write-reach", n=reach), "", t("gr-write-ask")]), (
        group_write_keyboard(t, view.group.id))


# ---- the roster ---------------------------------------------------------------------------


def roster_screen(t: T, found: Roster, today: date, page: int, origin: Origin = "") -> Screen:
    """«👥 Состав» from the group's screen: the roster as /lessons shows it, back to the
    group's screen (which goes back where it was opened from)."""
    text, _ = roster.roster_screen(t, found, today, 0)
    builder = Buttons()
    builder.button(text=t("btn-gr-back"),
                   callback_data=GroupOpen(group=found.group.id, page=page, origin=origin))
    home_button(builder, t)
    builder.adjust(2)
    return text, builder.as_markup()
