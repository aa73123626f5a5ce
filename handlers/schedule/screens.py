"""What the schedule shows: a family's weeks, the next lessons, the calendar picker, a
quantum's group timetable, and the screen for someone with nothing scheduled. Pure
renderings: they read what they are given, never the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates, schedule_views
from bot.services.application_status import status_words
from bot.services.catalogue import Quantum
from bot.services.kinship import short_name
from bot.services.schedule_views import GroupTimes, MarkedLesson
from bot.services.telegram_text import clip
from bot.ui.callbacks import (
    CataloguePage,
    Nav,
    QuantumCard,
    ScheduleIcs,
    ScheduleNext,
    ScheduleWeek,
    SignupStart,
)
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from storage.lesson_rows import ChildLesson
from storage.timetable import SlotRow
from storage.users import User

# the window «◀️ ▶️» moves over, as the schedule service bounds a week's number
FIRST_WEEK, LAST_WEEK = schedule_views.FIRST_WEEK, schedule_views.LAST_WEEK
# far below Telegram's 4096: past this, lines get shorter, then the last ones are left out
LIMIT = 3500
ASK = -1  # ScheduleIcs(child=ASK): «📅 В календарь», which asks whose when there is a choice
WHICH = {0: "this", 1: "next", -1: "last"}
NOTE = 200  # a lesson note's start shown under the lesson


def child_labels(items: Sequence[ChildLesson]) -> dict[int, str]:
    """The name each child is shown by — none when one child's lessons are shown: the first
    name, or the whole name where two children share one."""
    names = {item.child_id: item.child_name for item in items}
    if len(names) < 2:
        return {}
    short = {child: short_name(name) for child, name in names.items()}
    taken = [s.casefold() for s in short.values()]
    return {child: html.quote(s if taken.count(s.casefold()) == 1 else names[child])
            for child, s in short.items()}


def status_note(t: T, item: ChildLesson, zone: ZoneInfo) -> tuple[str, str]:
    """The mark before a lesson's line and the note after it: off or moved (with the reason
    staff gave), the application's status while it is being decided, a «не придём»."""
    lesson = item.lesson
    if lesson.off:
        note = (t("sched-cancelled-because", reason=html.quote(lesson.reason)) if lesson.reason
                else t("sched-cancelled"))
        return "❌ ", note
    notes = []
    if lesson.status == "moved":
        when = dates.weekday_and_time(lesson.planned_start, zone, t.locale)
        notes.append(t("sched-moved-because", when=when, reason=html.quote(lesson.reason))
                     if lesson.reason else t("sched-moved", when=when))
    if item.enrolment == "pending":
        notes.append(t("sched-application", status=status_words(
            t, item.application, zone, offer_until=item.offer_until)))
    if item.absent:
        notes.append(t("sched-absent", name=html.quote(short_name(item.child_name))))
    mark = ("⏳ " if item.enrolment == "pending" else "🙅 " if item.absent
            else "🔁 " if notes else "")
    return mark, "; ".join(notes)


def group_notes(t: T, items: Sequence[ChildLesson]) -> list[str]:
    """What to bring, once for each group that asks for something."""
    notes = {item.lesson.group_id: item.lesson for item in items if item.lesson.note}
    return [t("sched-note", group=html.quote(lesson.group_title(t.locale)),
              note=html.quote(lesson.bring(t.locale)))
            for lesson in notes.values()]


def lesson_line(t: T, item: ChildLesson, zone: ZoneInfo, labels: dict[int, str],
                *, full: bool = True) -> str:
    """«15:00–16:30 · <b>Мария</b> · Робототехника «Вт/Чт 15:00» · Каб. 101 · Иванова Е. А.»,
    with a mark and a note for a lesson off, moved or not yet confirmed; `full` False leaves
    out the group, room and teacher."""
    lesson = item.lesson
    mark, note = status_note(t, item, zone)
    when = dates.time_range(lesson.starts_at, lesson.ends_at, zone)
    parts = [f"<s>{when}</s>" if lesson.off else when]
    if item.child_id in labels:
        parts.append(f"<b>{labels[item.child_id]}</b>")
    title = html.quote(lesson.title(t.locale))
    if full:
        parts.append(f"{title} {t('sched-group', group=html.quote(lesson.group_title(t.locale)))}")
        parts += [html.quote(v) for v in (lesson.place(t.locale), lesson.teacher) if v]
    else:
        parts.append(title)
    line = mark + " · ".join(parts)
    return f"{line} — {note}" if note else line


Block = tuple[list[str], int]  # lines that stay together, and how many lessons they hold
# the symbols of a past lesson's attendance marks
MARK_SYMBOLS = {"present": "✅", "absent": "❌", "late": "⏰", "excused": "🙅"}


def with_mark(line: str, mark: str | None) -> str:
    """A past lesson's line with its attendance mark in front (once: a «не придём» already
    shows 🙅)."""
    symbol = MARK_SYMBOLS.get(mark or "")
    if symbol is None or line.startswith(symbol):
        return line
    return f"{symbol} {line}"


def note_lines(t: T, notes: Mapping[int, str] | None, item: ChildLesson) -> list[str]:
    """Under a lesson: what the group did there, as staff wrote it (the start of it)."""
    text = (notes or {}).get(item.lesson.id)
    return [t("sched-lesson-note", text=html.quote(clip(text, NOTE)))] if text else []


class Detail(NamedTuple):
    """How much a week's lines show: group, room and teacher (`full`); lessons' notes."""

    full: bool
    notes: Mapping[int, str] | None = None


def week_blocks(t: T, items: Sequence[ChildLesson], week: int, today: date, zone: ZoneInfo,
                detail: Detail) -> list[Block]:
    """Two weeks from week `week` on: each week's heading, then each day with its lessons.
    A lesson's line is a block of its own (with its day's heading, if first that day), so a
    text that must be cut is cut between lessons."""
    labels = child_labels(items)
    blocks: list[Block] = []
    for offset in (week, week + 1):
        monday = dates.week_start(today, offset)
        sunday = monday + timedelta(days=6)
        heading = t("sched-week", which=WHICH.get(offset, "other"),
                    range=dates.date_range(monday, sunday, t.locale))
        blocks.append((["", heading], 0))
        days: dict[date, list[ChildLesson]] = {}
        for item in items:
            day = item.lesson.starts_at.astimezone(zone).date()
            if monday <= day <= sunday:
                days.setdefault(day, []).append(item)
        if not days:
            blocks.append(([t("sched-no-lessons")], 0))
        for day, lessons in sorted(days.items()):
            for n, item in enumerate(lessons):
                line = lesson_line(t, item, zone, labels, full=detail.full)
                line = with_mark(line, getattr(item, "mark", None))
                heading_lines = [f"<i>{dates.day_heading(day, t.locale)}</i>"] if n == 0 else []
                notes = note_lines(t, detail.notes, item)
                blocks.append(([*heading_lines, line, *notes], 1))
    return blocks


def week_text(t: T, items: Sequence[ChildLesson], week: int, today: date, zone: ZoneInfo,
              lesson_notes: Mapping[int, str] | None = None) -> str:
    """The weeks' text, shortened to stay under LIMIT: first without group, room and teacher,
    then without the last lessons (and a line saying how many are left out)."""
    title = t("sched-title")
    notes = group_notes(t, items)
    footer = ["", *notes] if notes else []
    if any(isinstance(item, MarkedLesson) for item in items):
        footer += ["", t("sched-marks-legend")]
    limit = LIMIT - sum(len(line) + 1 for line in footer)
    blocks: list[Block] = []
    for full in (True, False):
        blocks = week_blocks(t, items, week, today, zone, Detail(full, lesson_notes))
        text = "\n".join([title, *(line for lines, _ in blocks for line in lines)])
        if len(text) <= limit:
            return "\n".join([text, *footer])
    kept = [title]
    size = len(title)
    for index, (lines, _) in enumerate(blocks):
        tail = t("sched-more", count=sum(n for _, n in blocks[index:]))
        length = sum(len(line) + 1 for line in lines)
        if size + length + len(tail) + 2 > limit:
            kept += ["", tail]
            break
        kept += lines
        size += length
    return "\n".join([*kept, *footer])


def week_screen(t: T, items: Sequence[ChildLesson], week: int, today: date, zone: ZoneInfo,
                notes: Mapping[int, str] | None = None) -> Screen:
    """My schedule: weeks `week` and `week + 1`, lessons by day; ◀️ ▶️ move a week."""
    builder = Buttons()
    nav = 0
    if week > FIRST_WEEK:
        builder.button(text=t("btn-sched-earlier"), callback_data=ScheduleWeek(week=week - 1))
        nav += 1
    if week != 0:
        builder.button(text=t("btn-sched-now"), callback_data=ScheduleWeek(week=0))
        nav += 1
    if week < LAST_WEEK:
        builder.button(text=t("btn-sched-later"), callback_data=ScheduleWeek(week=week + 1))
        nav += 1
    builder.button(text=t("btn-sched-next"), callback_data=ScheduleNext())
    builder.button(text=t("btn-sched-ics"), callback_data=ScheduleIcs(child=ASK))
    home_button(builder, t)
    builder.adjust(nav, 2, 1)
    return week_text(t, items, week, today, zone, notes), builder.as_markup()


def onward(t: T, builder: Buttons) -> None:
    """The ways on from a schedule screen: back to the weeks, and home."""
    builder.button(text=t("btn-sched-back"), callback_data=ScheduleWeek(week=0))
    home_button(builder, t)


def next_screen(t: T, items: Sequence[ChildLesson], now: datetime, zone: ZoneInfo) -> Screen:
    """Each child's nearest lesson: when it is in words, then where and with whom."""
    labels = child_labels(items)
    lines = [t("sched-next-title", count=len(items))]
    for item in items:
        lesson = item.lesson
        day_and_time = dates.lesson_time(lesson.starts_at, lesson.ends_at, zone, t.locale)
        # a week or more away the countdown is the date itself: said once, with the end
        far = dates.until_lesson(now, lesson.starts_at, lesson.ends_at, zone).key == "when-date"
        when = day_and_time if far else dates.when_lesson(
            t, now, lesson.starts_at, lesson.ends_at, zone)
        lines.append("")
        if item.child_id in labels:
            lines.append(t("sched-next-child", name=labels[item.child_id], when=when))
        else:
            lines.append(f"<b>{when[:1].upper()}{when[1:]}</b>")
        if not far:
            lines.append(day_and_time)
        lines.append(f"{html.quote(lesson.title(t.locale))} "
                     f"{t('sched-group', group=html.quote(lesson.group_title(t.locale)))}")
        where = " · ".join(html.quote(v) for v in (lesson.place(t.locale), lesson.teacher) if v)
        if where:
            lines.append(where)
        mark, note = status_note(t, item, zone)
        if note:
            lines.append(mark + note)
        if lesson.note:
            lines.append(t("sched-next-note", note=html.quote(lesson.bring(t.locale))))
    builder = Buttons()
    builder.button(text=t("btn-sched-ics"), callback_data=ScheduleIcs(child=ASK))
    onward(t, builder)
    builder.adjust(1, 2)
    return "\n".join(lines), builder.as_markup()


def empty_screen(t: T, user: User, *, in_family: bool, ended: bool = False) -> Screen:
    """Nothing scheduled: what to do about it, and the ways to get there; when an application
    is over whose lessons a calendar may still have (`ended`), the file that drops them."""
    builder = Buttons()
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-quiz"), callback_data=Nav(to="quiz"))
    if in_family:
        mine = "btn-my-applications" if user.family_role == "pupil" else "btn-children"
        builder.button(text=t(mine), callback_data=Nav(to="children"))
    if ended:
        builder.button(text=t("btn-sched-ics-update"), callback_data=ScheduleIcs(child=ASK))
    home_button(builder, t)
    builder.adjust(2, 2 if in_family else 1, 1)
    text = f"{t('sched-title')}\n\n{t('sched-empty', family='yes' if in_family else 'no')}"
    if ended:
        text += f"\n\n{t('sched-empty-ics')}"
    return text, builder.as_markup()


def ics_pick_screen(t: T, children: dict[int, str]) -> Screen:
    """Whose lessons go into the calendar: a child, or the whole family."""
    builder = Buttons()
    for child, name in children.items():
        builder.button(text=button_label(short_name(name)), callback_data=ScheduleIcs(child=child))
    builder.button(text=t("btn-ics-family"), callback_data=ScheduleIcs(child=0))
    onward(t, builder)
    builder.adjust(2)
    return t("ics-pick"), builder.as_markup()


def ics_buttons(t: T) -> Buttons:
    """Under the calendar file: back to the weeks, and home."""
    builder = Buttons()
    onward(t, builder)
    builder.adjust(2)
    return builder


# ---- a quantum's groups ----------------------------------------------------------------


def when_in_words(t: T, slots: Sequence[SlotRow]) -> str:
    """«вт и чт, 15:00–16:30», or that the timetable is not published yet."""
    return html.quote(dates.slots_in_words(slots, t.locale)) if slots else t("tt-not-published")


def group_block(t: T, item: GroupTimes) -> list[str]:
    group = item.group
    facts = [html.quote(v) for v in (group.place(t.locale), group.teacher) if v]
    facts.append(t("tt-ages", min=group.age_min, max=group.age_max))
    return [
        "• " + t("tt-when", group=html.quote(group.title(t.locale)),
                 when=when_in_words(t, item.slots)),
        "  " + " · ".join(facts),
        "  " + t("tt-free", free=group.free, waiting=group.waiting) + " · " + t(
            "tt-dates", start=dates.short_date(group.starts_on, t.locale),
            end=dates.short_date(group.ends_on, t.locale)),
        *(["  " + t("tt-note", note=html.quote(item.bring(t.locale)))] if item.note else []),
    ]


def quantum_timetable_screen(
    t: T, quantum: Quantum, groups: Sequence[GroupTimes], back_page: int
) -> Screen:
    """Every running group of the quantum's programmes: days and times in words, room,
    teacher, ages, seats, dates; the way to sign up, back to the card, and home."""
    lines = [t("tt-title", quantum=quantum.title(t.locale))]
    if not groups:
        lines += ["", t("tt-none")]
    shown = None
    for index, item in enumerate(groups):
        block = group_block(t, item)
        if index == 0 or item.programme.id != groups[index - 1].programme.id:
            block = ["", f"<b>{html.quote(item.programme.title(t.locale))}</b>", *block]
        if len("\n".join([*lines, *block])) > LIMIT - 100:
            shown = index
            break
        lines += block
    if shown is not None:
        lines += ["", t("tt-more", count=len(groups) - shown)]
    builder = Buttons()
    if groups:
        builder.button(text=t("btn-signup"), callback_data=SignupStart(code=quantum.code))
    builder.button(text=t("btn-tt-back"),
                   callback_data=QuantumCard(code=quantum.code, back=f"c{back_page}"))
    if not groups:  # the way on is another quantum
        builder.button(text=t("btn-back-catalogue"), callback_data=CataloguePage(page=back_page))
    home_button(builder, t)
    builder.adjust(*([1] if groups else [2]), 2)
    return "\n".join(lines), builder.as_markup()
