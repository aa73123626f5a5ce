"""The handlers: /lessons and the menu button, the groups, a group's lessons, a lesson's card,
and a change — cancel (reason), move (day, time, room, reason) or restore — previewed, then
written by LessonRepo.change, which tells the families through the outbox in the same
transaction. The form is dropped only once the change is written."""

from __future__ import annotations

import contextlib
from datetime import datetime, time

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.services.schedule import at
from bot.services.telegram_text import Refused
from bot.services.validators import (
    parse_lesson_day,
    parse_lesson_time,
    parse_reason,
    parse_room,
)
from bot.ui.callbacks import LessonAct, LessonGroups, LessonList, LessonOpen
from bot.ui.keyboards import clamp_page
from handlers.staff.lessons import screens
from handlers.staff.lessons.draft import Draft, local_times, place
from handlers.staff.lessons.flow import Flow
from storage.lessons import Lesson, LessonGone, LessonOver, LessonStale

# ---- browsing ---------------------------------------------------------------------------


async def lessons_command(message: Message, flow: Flow) -> None:
    await flow.state.clear()
    await flow.send(await screens.groups_screen(flow.t, flow.programmes, flow.today))


async def lessons_from_menu(query: CallbackQuery, flow: Flow) -> None:
    await flow.state.clear()
    await flow.groups()


async def open_groups(query: CallbackQuery, callback_data: LessonGroups, flow: Flow) -> None:
    await flow.groups(page=callback_data.page)


async def open_list(query: CallbackQuery, callback_data: LessonList, flow: Flow) -> None:
    group = await flow.programmes.group(callback_data.group)
    if group is None:
        flow.toast(flow.t("stale-button"))
        await flow.groups(flow.t("ls-group-gone"))
        return
    total = await flow.lessons.count_of_group(group.id, flow.now)
    page = clamp_page(callback_data.page, total, screens.PAGE)
    lessons = await flow.lessons.of_group(group.id, flow.now, screens.PAGE, page * screens.PAGE)
    programme = await flow.programmes.get(group.programme_id)
    ordered = await screens.running_first(flow.programmes, flow.today)
    back = next((i for i, g in enumerate(ordered) if g.id == group.id), 0) // screens.PAGE
    await flow.show(screens.list_screen(
        flow.t, group, programme.title(flow.t.locale) if programme else "", lessons, total,
        page, back, flow.zone,
    ))


async def open_lesson(query: CallbackQuery, callback_data: LessonOpen, flow: Flow) -> None:
    lesson = await flow.lessons.get(callback_data.id)
    if lesson is None:
        await flow.gone()
        return
    await flow.card(lesson)


# ---- the buttons of a change --------------------------------------------------------------


async def act(query: CallbackQuery, callback_data: LessonAct, flow: Flow) -> None:
    action = callback_data.action
    if action in ("cancel", "move", "restore"):
        await begin(flow, callback_data)
    elif action == "confirm":
        await confirm(query, flow, callback_data)
    elif action == "back":
        await back(flow, callback_data)
    else:
        await keep(flow, callback_data)


async def begin(flow: Flow, callback_data: LessonAct) -> None:
    lesson = await flow.current(callback_data.id, callback_data.version)
    if lesson is None:
        return
    action = callback_data.action
    if (action == "cancel" and lesson.off) or (action == "restore" and
                                               lesson.status == "planned"):
        # a button the card does not offer now: the card as it is
        await flow.leave()
        await flow.card(lesson)
        return
    if action == "restore" and lesson.planned_end <= flow.now:
        # its own time has passed: back to it would be into the past
        await flow.leave()
        flow.toast(flow.t("ls-restore-past"))
        await flow.card(lesson, flow.t("ls-restore-past"), new=True)
        return
    if action == "cancel":
        await flow.ask(Draft(lesson.id, lesson.version, "cancel"), lesson, "reason")
    elif action == "move":
        await flow.ask(Draft(lesson.id, lesson.version, "move"), lesson, "day")
    else:
        # back as the timetable has it: nothing to explain, so straight to the preview
        await flow.preview(Draft(lesson.id, lesson.version, "restore"), lesson)


async def back(flow: Flow, callback_data: LessonAct) -> None:
    """«✖️ Отмена» under a question or the preview: nothing is changed."""
    draft = await flow.draft()
    if draft is not None and draft.lesson == callback_data.id:
        await flow.state.clear()
    lesson = await flow.lessons.get(callback_data.id)
    if lesson is None:
        await flow.gone()
        return
    flow.toast(flow.t("ls-nothing-changed"))
    await flow.card(lesson, flow.t("ls-nothing-changed"))


async def form_for(flow: Flow, callback_data: LessonAct, step: str
                   ) -> tuple[Draft, Lesson] | None:
    """The form a button under a question belongs to, if that question is the open one;
    otherwise the lesson as it is now (or why not)."""
    draft = await flow.draft()
    if draft is None or not draft.matches(callback_data.id, callback_data.version) or (
        await flow.step() != step
    ):
        lesson = await flow.lessons.get(callback_data.id)
        if lesson is None:
            await flow.gone()
        elif lesson.version != callback_data.version:
            await flow.stale(lesson)
        else:
            flow.toast(flow.t("ls-form-gone"))
            await flow.card(lesson, flow.t("ls-form-gone"), new=True)
        return None
    lesson = await flow.current(draft.lesson, draft.version)
    return None if lesson is None else (draft, lesson)


async def keep(flow: Flow, callback_data: LessonAct) -> None:
    """📅 the same day, 🕒 the same time, 🚪 the same room: an answer without typing."""
    step = {"keep-day": "day", "keep-time": "time", "keep-room": "room"}.get(
        callback_data.action, ""
    )
    found = await form_for(flow, callback_data, step)
    if found is None:
        return
    draft, lesson = found
    if step == "day":
        await flow.ask(draft.with_(day=lesson.starts_at.astimezone(flow.zone).date()), lesson,
                       "time")
    elif step == "time":
        start, end = local_times(lesson, flow.zone)
        await timed(flow, draft, lesson, start, end)
    else:
        await roomed(flow, draft.with_(room=None), lesson)


# ---- typed answers: one handler per question ---------------------------------------------


async def day_typed(message: Message, flow: Flow) -> None:
    found = await flow.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        day = parse_lesson_day(message.text or "", flow.today)
    except Refused as exc:
        await flow.ask(draft, lesson, "day", flow.t(exc.key, **exc.kwargs))
        return
    await flow.ask(draft.with_(day=day), lesson, "time")


async def time_typed(message: Message, flow: Flow) -> None:
    found = await flow.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        start, end = parse_lesson_time(message.text or "")
    except Refused as exc:
        await flow.ask(draft, lesson, "time", flow.t(exc.key, **exc.kwargs))
        return
    await timed(flow, draft, lesson, start, end)


async def timed(
    flow: Flow, draft: Draft, lesson: Lesson, start: time, end: time | None
) -> None:
    """A start (and maybe an end) chosen: the end is the start plus the lesson's length if
    not given; a time already past is asked again."""
    if draft.day is None:
        await flow.ask(draft, lesson, "day")
        return
    try:
        finish = place(draft.day, start, end, lesson.ends_at - lesson.starts_at)
        if at(draft.day, start, flow.zone) <= flow.now:
            raise Refused("ls-time-past")
    except Refused as exc:
        await flow.ask(draft, lesson, "time", flow.t(exc.key, **exc.kwargs))
        return
    await flow.ask(draft.with_(start=start, end=finish), lesson, "room")


async def room_typed(message: Message, flow: Flow) -> None:
    found = await flow.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        room = parse_room(message.text or "")
    except Refused as exc:
        await flow.ask(draft, lesson, "room", flow.t(exc.key, **exc.kwargs))
        return
    await roomed(flow, draft.with_(room=room), lesson)


async def roomed(flow: Flow, draft: Draft, lesson: Lesson) -> None:
    """Day, time and room known: the reason next, unless nothing would change."""
    if draft.after(lesson, flow.zone) == lesson.state():
        await flow.ask(draft.with_(day=None, start=None, end=None, room=None), lesson, "day",
                       flow.t("ls-same"))
        return
    await flow.ask(draft, lesson, "reason")


async def reason_typed(message: Message, flow: Flow) -> None:
    found = await flow.resume()
    if found is None:
        return
    draft, lesson = found
    try:
        reason = parse_reason(message.text or "")
    except Refused as exc:
        await flow.ask(draft, lesson, "reason", flow.t(exc.key, **exc.kwargs))
        return
    await flow.preview(draft.with_(reason=reason), lesson)


async def not_text(message: Message, flow: Flow) -> None:
    """A sticker, a photo or the like where an answer is typed: the same question again."""
    found = await flow.resume()
    if found is None:
        return
    draft, lesson = found
    step = await flow.step() or "day"
    if step == "confirm":
        await flow.preview(draft, lesson)
        return
    await flow.ask(draft, lesson, step, flow.t("ls-not-text"))


# ---- the write ----------------------------------------------------------------------------


async def confirm(query: CallbackQuery, flow: Flow, callback_data: LessonAct) -> None:
    found = await form_for(flow, callback_data, "confirm")
    if found is None:
        return
    draft, lesson = found
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    if draft.action == "move":
        times = draft.moved_times(flow.zone)
        if times is None:
            await flow.ask(draft, lesson, "day")
            return
        if times[0] <= flow.now:
            # the preview waited too long: the new time has come
            await flow.ask(draft, lesson, "time", flow.t("ls-time-past"))
            return
        starts_at, ends_at = times
    try:
        changed = await flow.lessons.change(
            lesson.id, draft.version, draft.action, by=flow.user.id, reason=draft.reason,
            starts_at=starts_at, ends_at=ends_at, day=draft.day, room=draft.room,
        )
    except LessonStale as exc:
        await flow.stale(exc.current)
        return
    except LessonGone:
        await flow.gone()
        return
    except LessonOver:
        # it ended (or the new time came) while the preview waited
        await flow.leave()
        current = await flow.lessons.get(lesson.id)
        if current is None:
            await flow.gone()
            return
        await flow.card(current, new=True)
        return
    # written, and the families' notices with it: only now is the form spent
    await flow.state.clear()
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
    flow.toast(flow.t("ls-done-toast"))
    await flow.send(screens.done_screen(
        flow.t, draft.action, changed, await flow.page_of(changed.lesson), flow.zone,
    ))
