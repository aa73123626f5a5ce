"""The handlers: /lessons and the menu button, the groups, a group's lessons, a lesson's card,
and a change — cancel (reason), move (day, time, room, reason) or restore — previewed, then
written by the lesson changes service, which tells the families through the outbox in the same
transaction. The form is dropped only once the change is written."""

from __future__ import annotations

import contextlib
from datetime import datetime, time

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.services.lesson_changes import LessonGone, LessonOver, LessonStale
from bot.services.schedule import at
from bot.services.telegram_text import Refused
from bot.services.validators import (
    parse_lesson_day,
    parse_lesson_time,
    parse_reason,
    parse_room,
)
from bot.ui.callbacks import LessonAct, LessonGroups, LessonList, LessonOpen
from handlers.flow import Flow
from handlers.staff.lessons import change_screens, screens
from handlers.staff.lessons.draft import LessonDraft, local_times, place
from handlers.staff.lessons.form import LessonForm
from storage.lessons import Lesson

# ---- browsing ---------------------------------------------------------------------------


async def open_groups_afresh(event: Message | CallbackQuery, flow: Flow) -> None:
    """/lessons and the menu's button: the groups, any change being prepared dropped."""
    await flow.state.clear()
    if isinstance(event, Message):
        await flow.send(await screens.groups_screen(
            flow.t, flow.services.lesson_changes, flow.today))
        return
    await LessonForm(flow).groups()


async def open_groups(query: CallbackQuery, callback_data: LessonGroups, flow: Flow) -> None:
    await LessonForm(flow).groups(page=callback_data.page)


async def open_list(query: CallbackQuery, callback_data: LessonList, flow: Flow) -> None:
    form = LessonForm(flow)
    found = await form.changes.group_lessons(callback_data.group, form.now, screens.PAGE,
                                             callback_data.page)
    if found is None:
        form.toast(form.t("stale-button"))
        await form.groups(form.t("ls-group-gone"))
        return
    programme = found.programme
    await form.show(screens.list_screen(
        form.t, found.group, programme.title(form.t.locale) if programme else "",
        screens.LessonPage(found.lessons, found.total, found.number), form.zone,
    ))


async def open_lesson(query: CallbackQuery, callback_data: LessonOpen, flow: Flow) -> None:
    form = LessonForm(flow)
    found = await form.changes.card(callback_data.id, form.now)
    if found is None:
        await form.gone()
        return
    await form.show(form.card_screen(*found))


# ---- the buttons of a change --------------------------------------------------------------


async def begin(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    """❌ cancel, 🔁 move, ↩️ restore under a lesson's card: the change's first question."""
    form = LessonForm(flow)
    lesson = await form.current(callback_data.id, callback_data.version)
    if lesson is None:
        return
    action = callback_data.action
    if (action == "cancel" and lesson.off) or (action == "restore" and
                                               lesson.status == "planned"):
        # a button the card does not offer now: the card as it is
        await form.leave()
        await form.card(lesson)
        return
    if action == "restore" and lesson.planned_end <= form.now:
        # its own time has passed: back to it would be into the past
        await form.leave()
        await form.card(lesson, form.t("ls-restore-past"), new=True)
        return
    if action == "cancel":
        await form.ask(LessonDraft(lesson.id, lesson.version, "cancel"), lesson, "reason")
    elif action == "move":
        await form.ask(LessonDraft(lesson.id, lesson.version, "move"), lesson, "day")
    else:
        # back as the timetable has it: nothing to explain, so straight to the preview
        await form.preview(LessonDraft(lesson.id, lesson.version, "restore"), lesson)


async def back(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    """«✖️ Отмена» under a question or the preview: nothing is changed."""
    form = LessonForm(flow)
    draft = await form.draft()
    if draft is not None and draft.lesson == callback_data.id:
        await form.state.clear()
    lesson = await form.changes.get(callback_data.id)
    if lesson is None:
        await form.gone()
        return
    await form.card(lesson, form.t("ls-nothing-changed"))  # the card says it: no toast


async def form_for(form: LessonForm, callback_data: LessonAct, step: str
                   ) -> tuple[LessonDraft, Lesson] | None:
    """The form a button under a question belongs to, if that question is the open one;
    otherwise the lesson as it is now (or why not)."""
    draft = await form.draft()
    if draft is None or not draft.matches(callback_data.id, callback_data.version) or (
        await form.step() != step
    ):
        lesson = await form.changes.get(callback_data.id)
        if lesson is None:
            await form.gone()
        elif lesson.version != callback_data.version:
            await form.stale(lesson)
        else:
            await form.card(lesson, form.t("ls-form-gone"), new=True)
        return None
    lesson = await form.current(draft.lesson, draft.version)
    return None if lesson is None else (draft, lesson)


async def keep_day(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    """📅 the same day: an answer without typing."""
    form = LessonForm(flow)
    found = await form_for(form, callback_data, "day")
    if found is not None:
        draft, lesson = found
        await form.ask(draft.with_(day=lesson.starts_at.astimezone(form.zone).date()), lesson,
                       "time")


async def keep_time(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    """🕒 the same time."""
    form = LessonForm(flow)
    found = await form_for(form, callback_data, "time")
    if found is not None:
        draft, lesson = found
        start, end = local_times(lesson, form.zone)
        await timed(form, draft, lesson, start, end)


async def keep_room(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    """🚪 the same room."""
    form = LessonForm(flow)
    found = await form_for(form, callback_data, "room")
    if found is not None:
        draft, lesson = found
        await roomed(form, draft.with_(room=None), lesson)


# ---- typed answers: one handler per question ---------------------------------------------


async def day_typed(message: Message, flow: Flow) -> None:
    form = LessonForm(flow)
    found = await form.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        day = parse_lesson_day(message.text or "", form.today)
    except Refused as exc:
        await form.ask(draft, lesson, "day", form.t(exc.key, **exc.kwargs))
        return
    await form.ask(draft.with_(day=day), lesson, "time")


async def time_typed(message: Message, flow: Flow) -> None:
    form = LessonForm(flow)
    found = await form.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        start, end = parse_lesson_time(message.text or "")
    except Refused as exc:
        await form.ask(draft, lesson, "time", form.t(exc.key, **exc.kwargs))
        return
    await timed(form, draft, lesson, start, end)


async def timed(
    form: LessonForm, draft: LessonDraft, lesson: Lesson, start: time, end: time | None
) -> None:
    """A start (and maybe an end) chosen: the end is the start plus the lesson's length if
    not given; a time already past is asked again."""
    if draft.day is None:
        await form.ask(draft, lesson, "day")
        return
    try:
        finish = place(draft.day, start, end, lesson.ends_at - lesson.starts_at)
        if at(draft.day, start, form.zone) <= form.now:
            raise Refused("ls-time-past")
    except Refused as exc:
        await form.ask(draft, lesson, "time", form.t(exc.key, **exc.kwargs))
        return
    await form.ask(draft.with_(start=start, end=finish), lesson, "room")


async def room_typed(message: Message, flow: Flow) -> None:
    form = LessonForm(flow)
    found = await form.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        room = parse_room(message.text or "")
    except Refused as exc:
        await form.ask(draft, lesson, "room", form.t(exc.key, **exc.kwargs))
        return
    await roomed(form, draft.with_(room=room), lesson)


async def roomed(form: LessonForm, draft: LessonDraft, lesson: Lesson) -> None:
    """Day, time and room known: the reason next, unless nothing would change."""
    if draft.after(lesson, form.zone) == lesson.state():
        await form.ask(draft.with_(day=None, start=None, end=None, room=None), lesson, "day",
                       form.t("ls-same"))
        return
    await form.ask(draft, lesson, "reason")


async def reason_typed(message: Message, flow: Flow) -> None:
    form = LessonForm(flow)
    found = await form.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        reason = parse_reason(message.text or "")
    except Refused as exc:
        await form.ask(draft, lesson, "reason", form.t(exc.key, **exc.kwargs))
        return
    await form.preview(draft.with_(reason=reason), lesson)


async def not_text(message: Message, flow: Flow) -> None:
    form = LessonForm(flow)
    """A sticker, a photo or the like where an answer is typed: the same question again."""
    found = await form.resume()
    if found is None:
        return
    draft, lesson = found
    step = await form.step() or "day"
    if step == "confirm":
        await form.preview(draft, lesson)
        return
    await form.ask(draft, lesson, step, form.t("ls-not-text"))


# ---- the write ----------------------------------------------------------------------------


async def confirm(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    """✅ under the preview: the change written, the families told with it."""
    form = LessonForm(flow)
    found = await form_for(form, callback_data, "confirm")
    if found is None:
        return
    draft, lesson = found
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    if draft.action == "move":
        times = draft.moved_times(form.zone)
        if times is None:
            await form.ask(draft, lesson, "day")
            return
        if times[0] <= form.now:
            # the preview waited too long: the new time has come
            await form.ask(draft, lesson, "time", form.t("ls-time-past"))
            return
        starts_at, ends_at = times
    try:
        changed = await form.changes.change(
            lesson.id, draft.version, draft.action, by=form.flow.user.id, reason=draft.reason,
            starts_at=starts_at, ends_at=ends_at, day=draft.day, room=draft.room,
        )
    except LessonStale as exc:
        await form.stale(exc.current)
        return
    except LessonGone:
        await form.gone()
        return
    except LessonOver:
        # it ended (or the new time came) while the preview waited
        await form.leave()
        current = await form.changes.get(lesson.id)
        if current is None:
            await form.gone()
            return
        await form.card(current, new=True)
        return
    # written, and the families' notices with it: only now is the form spent
    await form.state.clear()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    await form.send(change_screens.done_screen(
        form.t, draft.action, changed, await form.page_of(changed.lesson), form.zone,
    ))
