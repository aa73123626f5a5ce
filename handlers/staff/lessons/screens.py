"""What staff see of the lessons: the groups, a group's coming lessons, one lesson's card
(a change's questions, preview and result are change_screens'). They read, never write.

Staff open the same few groups and lessons again and again: each of these screens is drawn
once for what it shows and the reader (their texts, language and voice) and kept in `drawn`;
what they show comes from the staff views' memory (bot/services/staff_views.py), so a screen
drawn again is the same screen while nothing it shows has changed."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram import html
from babel.dates import format_datetime

from bot.i18n import T
from bot.services import dates
from bot.services.attendance import window_open
from bot.services.lesson_changes import LessonChanges, Reach
from bot.ui.callbacks import LessonAct, LessonGroups, LessonList, LessonOpen
from bot.ui.callbacks_groups import GroupOpen
from bot.ui.callbacks_staff import GroupRoster
from bot.ui.keyboards import (
    Buttons,
    Screen,
    ScreenCache,
    button_label,
    home_button,
    page_count,
    pager,
)
from handlers.staff.lessons import undelivered
from handlers.staff.rollcall import screens as rollcall
from storage.lessons import Lesson, State
from storage.programmes import Group, GroupPage

PAGE = 8  # groups or lessons on one screen
ABSENT_SHOWN = 15  # names on a lesson's card; the rest as a count
MARKS = {"cancelled": "❌ ", "closure": "❌ ", "moved": "🔁 "}

drawn = ScreenCache(size=1024)


@dataclass(frozen=True)
class Clock:
    """The moment a screen is drawn for, on the technopark's clock."""

    now: datetime
    zone: ZoneInfo

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()


@dataclass(frozen=True)
class LessonPage:
    """One page of a group's lessons not over yet: those shown, how many in all, which page."""

    lessons: list[Lesson]
    total: int
    number: int


def status_of(lesson: Lesson) -> str:
    """planned | cancelled | moved | closure (off because the technopark is closed)."""
    return "closure" if lesson.closure else lesson.status


def when(t: T, state: State, zone: ZoneInfo, lesson: Lesson) -> str:
    """«вт, 13 октября, 15:00–16:30, Каб. 101» (the group's room in the reader's language),
    escaped for HTML."""
    text = dates.lesson_time(state.starts_at, state.ends_at, zone, t.locale)
    room = lesson.room_in(state.room, t.locale)
    return html.quote(f"{text}, {room}" if room else text)


def room_of(t: T, lesson: Lesson) -> str:
    return html.quote(lesson.room_in(lesson.room, t.locale) or t("ls-no-room"))


def group_title(t: T, lesson: Lesson) -> str:
    return t("ls-group-title", programme=html.quote(lesson.title(t.locale)),
             group=html.quote(lesson.group_title(t.locale)), code=html.quote(lesson.group_code))


# ---- the groups ------------------------------------------------------------------------


async def groups_screen(
    t: T, changes: LessonChanges, today: date, page: int = 0, note: str | None = None
) -> Screen:
    shown = await changes.groups_page(today, PAGE, page)
    return drawn.get(t, ("groups", tuple(shown.groups), shown.total, shown.number, today, note),
                     lambda: draw_groups(t, shown, today, note))


def draw_groups(t: T, shown: GroupPage, today: date, note: str | None) -> Screen:
    pages = page_count(shown.total, PAGE)
    page, chunk = shown.number, shown.groups
    lines = [t("ls-groups"), ""]
    if not chunk:
        lines.append(t("ls-groups-none"))
    builder = Buttons()
    for group in chunk:
        lines.append(t(
            "ls-group-line", code=html.quote(group.code), group=html.quote(group.title(t.locale)),
            programme=html.quote(group.programme(t.locale)),
            over="yes" if group.ends_on < today else "no",
        ))
        builder.button(text=button_label(f"{group.code} · {group.title(t.locale)}"),
                       callback_data=GroupOpen(group=group.id, page=page, origin="l"))
    sizes = [2] * math.ceil(len(chunk) / 2)
    nav = pager(builder, t, page, pages, lambda n: LessonGroups(page=n))
    if nav:
        sizes.append(nav)
    home_button(builder, t)
    builder.adjust(*sizes, 1)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


# ---- a group's lessons -----------------------------------------------------------------


def list_line(t: T, lesson: Lesson, zone: ZoneInfo) -> str:
    status = status_of(lesson)
    return MARKS.get(status, "") + t("ls-list-line", when=when(t, lesson.state(), zone, lesson),
                                     status=status)


def button_time(lesson: Lesson, zone: ZoneInfo, locale: str) -> str:
    """«❌ вт 13.10, 15:00»: a lesson on a button."""
    start = format_datetime(lesson.starts_at.astimezone(zone), "EEE dd.MM, HH:mm",
                            locale=locale)
    return button_label(MARKS.get(status_of(lesson), "") + start)


def list_screen(
    t: T, group: Group, programme: str, shown: LessonPage, zone: ZoneInfo,
) -> Screen:
    """One page of a group's lessons not over yet; back to the group's screen."""
    key = ("list", group, programme, tuple(shown.lessons), shown.total, shown.number, zone.key)
    return drawn.get(t, key, lambda: draw_list(t, group, programme, shown, zone))


def draw_list(t: T, group: Group, programme: str, shown: LessonPage, zone: ZoneInfo) -> Screen:
    lessons, total, page = shown.lessons, shown.total, shown.number
    pages = page_count(total, PAGE)
    lines = [t("ls-group-title", programme=html.quote(programme),
               group=html.quote(group.title(t.locale)), code=html.quote(group.code)), ""]
    if not lessons:
        lines.append(t("ls-list-none"))
    else:
        lines += [list_line(t, lesson, zone) for lesson in lessons]
        lines += ["", t("ls-list-hint")]
    builder = Buttons()
    for lesson in lessons:
        builder.button(text=button_time(lesson, zone, t.locale),
                       callback_data=LessonOpen(id=lesson.id))
    sizes = [2] * math.ceil(len(lessons) / 2)
    nav = pager(builder, t, page, pages, lambda n: LessonList(group=group.id, page=n))
    if nav:
        sizes.append(nav)
    builder.button(text=t("btn-roster"), callback_data=GroupRoster(group=group.id, page=page))
    builder.button(text=t("btn-gr-back"), callback_data=GroupOpen(group=group.id))
    home_button(builder, t)
    builder.adjust(*sizes, 1, 2)
    return "\n".join(lines), builder.as_markup()


# ---- one lesson ------------------------------------------------------------------------


def audience_line(t: T, audience: int) -> str:
    return t("ls-audience", n=audience)


def reminder_lines(t: T, families: Reach) -> list[str]:
    """The reminders delivered and who will not come; nothing before any reminder went out
    or anyone said so (a lesson far ahead)."""
    absent = families.absent
    if not families.reminded and not absent:
        return []
    names = ", ".join(absent[:ABSENT_SHOWN]) + (
        f" +{len(absent) - ABSENT_SHOWN}" if len(absent) > ABSENT_SHOWN else "")
    return [t("ls-reminded", n=families.reminded),
            t("ls-absent", n=len(absent), names=html.quote(names))]


def card_screen(
    t: T, lesson: Lesson, families: Reach, clock: Clock, page: int, note: str | None = None,
) -> Screen:
    """The lesson as it stands, the reminders and absences, who a change would reach, and
    what can be done with it; `page` is the page of the group's list it is on."""
    now = clock.now
    # what of the card the moment decides: over or not, whether its own time is still to
    # come (↩️ back to it), whether its register is open (📋)
    moment = (lesson.ends_at <= now, lesson.planned_end > now, window_open(lesson, now))
    key = ("card", lesson, families, moment, page, note, clock.zone.key)
    return drawn.get(t, key, lambda: draw_card(t, lesson, families, clock, page, note))


def draw_card(t: T, lesson: Lesson, families: Reach, clock: Clock, page: int,
              note: str | None) -> Screen:
    now, zone = clock.now, clock.zone
    status = status_of(lesson)
    lines = [group_title(t, lesson), ""]
    lines.append(t("ls-card-when", when=html.quote(
        dates.lesson_time(lesson.starts_at, lesson.ends_at, zone, t.locale))))
    lines.append(t("ls-card-room", room=room_of(t, lesson)))
    if lesson.teacher:
        lines.append(t("ls-card-teacher", teacher=html.quote(lesson.teacher)))
    lines.append(t("ls-card-status", status=status))
    if why := lesson.reason_in(t.locale):
        lines.append(t("ls-card-reason", reason=html.quote(why)))
    planned = lesson.planned_state()
    if (planned.starts_at, planned.ends_at, planned.room) != (
        lesson.starts_at, lesson.ends_at, lesson.room
    ):
        lines.append(t("ls-card-planned", when=when(t, planned, zone, lesson)))
    lines += reminder_lines(t, families)
    over = lesson.ends_at <= now
    lines += ["", t("ls-over") if over else audience_line(t, families.audience)]
    builder = Buttons()
    sizes: list[int] = []
    if not over:
        actions = [] if lesson.off else [("btn-ls-cancel", "cancel")]
        actions.append(("btn-ls-move", "move"))
        if lesson.status != "planned" and lesson.planned_end > now:
            actions.append(("btn-ls-restore", "restore"))
        for key, action in actions:
            builder.button(text=t(key), callback_data=LessonAct(
                id=lesson.id, action=action, version=lesson.version))
        sizes = [2, 1] if len(actions) > 2 else [len(actions)]
    if families.changed:  # changed by staff: who its notices did not reach
        sizes.append(undelivered.button(builder, t, lesson))
    sizes.append(rollcall.card_button(builder, t, lesson, now))  # «📋 Отметить»
    builder.button(text=t("btn-ls-list"), callback_data=LessonList(group=lesson.group_id,
                                                                   page=page))
    home_button(builder, t)
    builder.adjust(*sizes, 2)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()
