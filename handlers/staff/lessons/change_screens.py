"""What staff see of a change to a lesson: its questions, its preview (with what a move runs
into) and its result. They read, never write."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T
from bot.services import dates
from bot.services.clashes import MoveClashes
from bot.services.lesson_changes import Changed
from bot.services.validators import REASON_MAX
from bot.ui.callbacks import LessonAct, LessonList
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.staff.lessons import undelivered
from handlers.staff.lessons.draft import LessonDraft
from handlers.staff.lessons.screens import Clock, room_of, when
from storage.lessons import Lesson

CLASHES_SHOWN = 5  # lessons of each kind of clash in a move's preview; the rest as a count


def way_out(draft: LessonDraft) -> str:
    """The button that leaves a change: «↩️ Не отменять» when the change is a cancellation
    (a second «Отмена» would read as doing it), «✖️ Отмена» otherwise."""
    return "btn-ls-keep-lesson" if draft.action == "cancel" else "btn-ls-back"


def head(t: T, draft: LessonDraft, lesson: Lesson) -> str:
    return t("ls-head", action=draft.action, programme=html.quote(lesson.title(t.locale)),
             group=html.quote(lesson.group_title(t.locale)))


def question_screen(
    t: T, draft: LessonDraft, lesson: Lesson, step: str, clock: Clock, note: str | None = None,
) -> Screen:
    """The question of `step` (day, time, room, reason) about the lesson, with the buttons
    that answer it without typing and the way out."""
    today, zone = clock.today, clock.zone
    lines = [head(t, draft, lesson), t("ls-now", when=when(t, lesson.state(), zone, lesson)),
             ""]
    builder = Buttons()

    def act(key: str, action: str) -> None:
        builder.button(text=t(key), callback_data=LessonAct(
            id=lesson.id, action=action, version=draft.version))

    if step == "day":
        example = today + timedelta(days=2)
        lines.append(t("ls-ask-day", short=f"{example:%d.%m}", full=f"{example:%d.%m.%Y}"))
        act("btn-ls-keep-day", "keep-day")
    elif step == "time":
        minutes = int((lesson.ends_at - lesson.starts_at).total_seconds() // 60)
        lines.append(t("ls-ask-time", minutes=minutes))
        act("btn-ls-keep-time", "keep-time")
    elif step == "room":
        lines.append(t("ls-ask-room", room=room_of(t, lesson)))
        act("btn-ls-keep-room", "keep-room")
    else:
        lines.append(t("ls-ask-reason", action=draft.action, limit=REASON_MAX))
    act(way_out(draft), "back")
    builder.adjust(2)
    text = "\n".join(lines)
    return (f"{note}\n\n{text}" if note else text), builder.as_markup()


def clash_lines(t: T, lesson: Lesson, clashes: MoveClashes, zone: ZoneInfo) -> list[str]:
    """A ⚠️ line for each closure of the day and each lesson of another group the move
    runs into (by room, by teacher), then that it may be confirmed all the same."""
    lines = [t("ls-clash-closure", whole="yes" if not c.quanta else "no",
               reason=html.quote(c.reason_in(t.locale))) for c in clashes.closures]
    for key, others in (("ls-clash-room", clashes.room), ("ls-clash-teacher", clashes.teacher)):
        for other in others[:CLASHES_SHOWN]:
            teacher = other.teacher.strip() or lesson.teacher.strip()
            lines.append(t(
                key, code=html.quote(other.group_code),
                group=html.quote(other.group_title(t.locale)),
                time=dates.time_range(other.starts_at, other.ends_at, zone),
                named="yes" if teacher else "no",
                teacher=html.quote(teacher),
            ))
        if len(others) > CLASHES_SHOWN:
            lines.append(t("ls-clash-more", n=len(others) - CLASHES_SHOWN))
    return [*lines, t("ls-clash-anyway")] if lines else []


def preview_screen(
    t: T, draft: LessonDraft, lesson: Lesson, audience: int, zone: ZoneInfo,
    clashes: MoveClashes | None = None,
) -> Screen:
    """The lesson before and after, the reason, what a move runs into, and how many people
    will be told."""
    after = draft.after(lesson, zone)
    lines = [head(t, draft, lesson), "",
             t("ls-before", when=when(t, lesson.state(), zone, lesson))]
    if lesson.off:
        lines[-1] += " " + t("ls-was-off")
    lines.append(t("ls-after-off") if after.off
                 else t("ls-after", when=when(t, after, zone, lesson)))
    if draft.reason:
        lines.append(t("ls-card-reason", reason=html.quote(draft.reason)))
    if clashes:
        lines += ["", *clash_lines(t, lesson, clashes, zone)]
    lines += ["", t("ls-notify", n=audience)]
    builder = Buttons()
    builder.button(text=t("btn-ls-confirm"), callback_data=LessonAct(
        id=lesson.id, action="confirm", version=draft.version))
    builder.button(text=t(way_out(draft)), callback_data=LessonAct(
        id=lesson.id, action="back", version=draft.version))
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


def done_screen(t: T, action: str, changed: Changed, page: int, zone: ZoneInfo) -> Screen:
    lesson = changed.lesson
    lines = [t("ls-done", action=action), t("ls-done-group", programme=html.quote(
        lesson.title(t.locale)), group=html.quote(lesson.group_title(t.locale))),
             when(t, lesson.state(), zone, lesson), "", t("ls-told", n=changed.told)]
    builder = Buttons()
    sizes = [undelivered.button(builder, t, lesson)]
    builder.button(text=t("btn-ls-list"), callback_data=LessonList(group=lesson.group_id,
                                                                   page=page))
    home_button(builder, t)
    builder.adjust(*sizes, 2)
    return "\n".join(lines), builder.as_markup()
