"""/week: every group's lessons a week at a time (Monday to Sunday in the technopark's zone),
for staff checking rooms and changes.

Each line: the time, the room, the group (code and name), the teacher; a lesson that is off
(cancelled by hand or inside a closure) is struck through with «отменено» and the reason, a
moved one says where from, one staff kept on inside a closure says so, two groups in one
room at overlapping times are marked «⚠️ накладка» on both lines, one teacher with two groups
at overlapping times «⚠️ накладка у педагога» (bot.services.clashes: a lesson that is off
clashes with nothing).

Paging: a week whose text fits one screen (BUDGET characters, far below Telegram's 4096) is
shown whole. A bigger one is shown a day at a time: a button for each day that has lessons
(⚠️ on a day with a clash), and a day that still does not fit is cut into parts between
lines — never inside a line, so never inside an HTML tag — with ◀️/▶️ between the parts.
◀️/▶️ between weeks reach WEEKS_AROUND weeks either way; a week beyond that, a day without
lessons or a part that does not exist (a forged or outdated button) shows this week, the
first day, the first part.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.types import CallbackQuery, Message
from babel.dates import format_date

from bot.i18n import T
from bot.services.clashes import WeekClashes
from bot.services.dates import (
    date_range,
    day_heading,
    time_range,
    today,
    weekday_and_time,
)
from bot.services.timetable import Week
from bot.ui.callbacks import StaffWeek, StaffWeekDay
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.flow import Flow
from storage.lessons import Lesson

WEEKS_AROUND = 52
BUDGET = 3500  # characters of HTML on one screen: Telegram allows 4096 of text
SHORTEST_LINE = 20  # no lesson's line is shorter (its times, its room, its group's code)


def lesson_line(t: T, lesson: Lesson, zone: ZoneInfo, clashes: WeekClashes) -> str:
    """One lesson on one line of HTML, every tag opened and closed within it."""
    where = lesson.room_in(lesson.room, t.locale)
    parts = [
        time_range(lesson.starts_at, lesson.ends_at, zone),
        html.quote(where) if where.strip() else t("week-no-room"),
        f"<b>{html.quote(lesson.group_code)}</b> {html.quote(lesson.group_title(t.locale))}",
    ]
    if lesson.teacher.strip():
        parts.append(html.quote(lesson.teacher))
    line = " · ".join(parts)
    why = lesson.reason_in(t.locale)
    reason = html.quote(why) if why else None
    if lesson.off:
        line = f"<s>{line}</s> — " + (
            t("week-off-why", reason=reason) if reason else t("week-off")
        )
    elif lesson.status == "moved":
        moved_from = weekday_and_time(lesson.planned_start, zone, t.locale)
        line += " — " + (t("week-moved-why", moved_from=moved_from, reason=reason) if reason
                         else t("week-moved", moved_from=moved_from))
    elif lesson.in_closure:
        line += " — " + t("week-kept")
    room, teacher = lesson.id in clashes.room, lesson.id in clashes.teacher
    if room or teacher:
        line += " " + t("week-clash" if not teacher else
                        "week-clash-both" if room else "week-clash-teacher")
    return line


def day_lines(t: T, week: Week, day: date, zone: ZoneInfo) -> list[str]:
    return [lesson_line(t, lesson, zone, week.clashes)
            for lesson in week.lessons if lesson.day == day]


def heading(t: T, week: Week) -> str:
    sunday = week.monday + timedelta(days=6)
    dates = date_range(week.monday, sunday, t.locale)
    if week.monday.year == sunday.year != week.this_year:  # a week of another year says so
        dates += f" {sunday.year}"
    title = t("week-title", dates=dates, offset=week.offset)
    if not week.lessons:
        return f"{title}\n{t('week-empty')}"
    off = sum(1 for lesson in week.lessons if lesson.off)
    summary = t("week-summary", lessons=len(week.lessons), off=off,
                clashes=week.clashes.room_pairs, teacher_clashes=week.clashes.teacher_pairs)
    return f"{title}\n{summary}"


def parts_of(lines: list[str], room: int) -> list[list[str]]:
    """Lines cut into runs of at most `room` characters (a line longer than that alone)."""
    parts: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if parts[-1] and size + len(line) + 1 > room:
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += len(line) + 1
    return parts


def week_buttons(builder: Buttons, t: T, week: Week) -> int:
    """◀️/▶️ to the neighbouring weeks within range; how many were added."""
    added = 0
    if week.offset > -WEEKS_AROUND:
        builder.button(text=t("btn-week-prev"), callback_data=StaffWeek(week=week.offset - 1))
        added += 1
    if week.offset < WEEKS_AROUND:
        builder.button(text=t("btn-week-next"), callback_data=StaffWeek(week=week.offset + 1))
        added += 1
    return added


def whole_text(t: T, week: Week, zone: ZoneInfo) -> str:
    blocks = [heading(t, week)]
    for day in week.days():
        blocks.append(f"<b>{day_heading(day, t.locale)}</b>\n"
                      + "\n".join(day_lines(t, week, day, zone)))
    return "\n\n".join(blocks)


def week_screen(t: T, week: Week, zone: ZoneInfo, day: int | None = None, part: int = 0
                ) -> Screen:
    """The week whole if it fits, else the day `day` (0 = Monday; default: today in this week,
    else the first day with lessons), part `part`."""
    builder = Buttons()
    # a week of more lessons than could ever fit is not written out whole only to be dropped
    fits = len(week.lessons) * SHORTEST_LINE <= BUDGET
    text = whole_text(t, week, zone) if fits else ""
    if fits and len(text) <= BUDGET:
        sizes = [week_buttons(builder, t, week), 1]
        home_button(builder, t)
        builder.adjust(*sizes)
        return text, builder.as_markup()

    days = week.days()
    chosen = next((d for d in days if d.weekday() == day), None)
    if chosen is None:
        this_week = today(zone)
        chosen = next((d for d in days if week.offset == 0 and d >= this_week), days[0])
    top = f"{heading(t, week)}\n{t('week-by-day')}\n\n<b>{day_heading(chosen, t.locale)}</b>"
    parts = parts_of(day_lines(t, week, chosen, zone), BUDGET - len(top) - 40)
    part = part if 0 <= part < len(parts) else 0
    if len(parts) > 1:
        top += " · " + t("week-part", part=part + 1, parts=len(parts))
    text = top + "\n" + "\n".join(parts[part])

    clashing = week.clashes.any  # a union: made once, not per lesson
    clash_days = {lesson.day for lesson in week.lessons if lesson.id in clashing}
    for d in days:
        label = format_date(d, "EEE d", locale=t.locale)
        if d == chosen:
            label = f"• {label}"
        elif d in clash_days:
            label = f"⚠️ {label}"
        builder.button(text=label, callback_data=StaffWeekDay(
            week=week.offset, day=d.weekday(), part=0
        ))
    sizes = [4] * (len(days) // 4) + ([len(days) % 4] if len(days) % 4 else [])
    paging = 0
    if part > 0:
        builder.button(text=t("btn-week-part-prev", part=part), callback_data=StaffWeekDay(
            week=week.offset, day=chosen.weekday(), part=part - 1
        ))
        paging += 1
    if part < len(parts) - 1:
        builder.button(text=t("btn-week-part-next", part=part + 2), callback_data=StaffWeekDay(
            week=week.offset, day=chosen.weekday(), part=part + 1
        ))
        paging += 1
    sizes += [paging, week_buttons(builder, t, week), 1]
    home_button(builder, t)
    builder.adjust(*sizes)
    return text, builder.as_markup()


async def render(flow: Flow, offset: int, day: int | None = None, part: int = 0) -> Screen:
    if not -WEEKS_AROUND <= offset <= WEEKS_AROUND:
        offset, day, part = 0, None, 0
    week = await flow.services.timetable.week(flow.zone, offset)
    return week_screen(flow.t, week, flow.zone, day, part)


# ---- handlers ------------------------------------------------------------------------------


async def week_command(message: Message, flow: Flow) -> None:
    await flow.send(await render(flow, 0))


async def week_pressed(query: CallbackQuery, callback_data: StaffWeek, flow: Flow) -> None:
    await flow.show(await render(flow, callback_data.week))


async def day_pressed(query: CallbackQuery, callback_data: StaffWeekDay, flow: Flow) -> None:
    await flow.show(await render(flow, callback_data.week, callback_data.day,
                                 callback_data.part))
