"""The roll call's handlers: open a lesson's register (from its card, a reminder or a group's
screen), a tap on a child, «Все пришли», «Сохранить ещё раз», «Готово», and leaving it. Each
write is one use case of bot.services.attendance, committed before the answer; the screen is
drawn again from the database after it, and so are the lesson's registers open in other
chats (two staff marking at once both see the result). A failed write (a full disk) keeps
the marks meant in the service's memory, shown on the buttons with «Сохранить ещё раз»."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping

from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.i18n import voice
from bot.services.attendance import MARKS, RollCall, shown_mark
from bot.services.roll_memory import Unsaved, Viewer
from bot.ui.callbacks import LessonOpen
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_rollcall import RollAll, RollDone, RollLeave, RollOpen, RollRetry, RollTap
from handlers.flow import Flow
from handlers.staff.rollcall import screens

log = logging.getLogger(__name__)


async def show(flow: Flow, call: RollCall, note: str | None = None,
               unsaved: Unsaved | None = None) -> None:
    """The register as it stands (with the marks this person has still to save), or why this
    press changed nothing (a new message then)."""
    memory = flow.services.attendance.memory
    if call.outcome in ("ok", "not-in-group") and call.lesson is not None:
        if call.outcome == "not-in-group":
            note = flow.t("rc-not-in-group")
        unsaved = unsaved or memory.unsaved(flow.user.id, call.lesson.id)
        await flow.show(screens.roll_screen(flow.t, call, flow.zone, memory.screens,
                                            note=note, unsaved=unsaved))
        message = flow.event.message if isinstance(flow.event, CallbackQuery) else None
        if isinstance(message, Message):
            memory.seen(call.lesson.id, Viewer(message.chat.id, message.message_id,
                                               flow.user.language, flow.user.family_role))
        return
    lesson = call.lesson if call.outcome != "not-staff" else None
    await flow.send(screens.refusal_screen(flow.t, call.outcome, lesson, flow.zone))


async def redraw_others(flow: Flow, call: RollCall) -> None:
    """After a write: the lesson's registers open in other chats, as the register stands now,
    each in its reader's language (a message gone or left unchanged is let be)."""
    lesson, memory = call.lesson, flow.services.attendance.memory
    if lesson is None:
        return
    for viewer in memory.others(lesson.id, flow.user.id):
        t = flow.texts.bind(viewer.language, you=voice(viewer.family_role))
        text, markup = screens.roll_screen(t, call, flow.zone, memory.screens,
                                           unsaved=memory.unsaved(viewer.chat_id, lesson.id))
        try:
            await flow.bot.edit_message_text(text=text, chat_id=viewer.chat_id,
                                             message_id=viewer.message_id, reply_markup=markup)
        except TelegramBadRequest as exc:
            if "message is not modified" not in exc.message:
                memory.left(lesson.id, viewer.chat_id)  # deleted, too old, not a register
        except TelegramAPIError as exc:
            log.info("another register of lesson %s was not redrawn: %s", lesson.id, exc)


async def open_roll(query: CallbackQuery, callback_data: RollOpen, flow: Flow) -> None:
    """«📋 Отметить» under a lesson's card or a forgotten register's reminder."""
    call = await flow.services.attendance.open(flow.user.is_staff, callback_data.lesson,
                                               flow.now)
    await show(flow, call)


async def open_group(query: CallbackQuery, callback_data: GroupAct, flow: Flow) -> None:
    """«📋 Отметить» on a group's screen: today's lesson, or the last one not marked yet."""
    if not flow.user.is_staff:
        await show(flow, RollCall("not-staff"))
        return
    service = flow.services.attendance
    entry = await service.for_group(callback_data.group, flow.now)
    if entry.lesson is None:
        await flow.show(screens.nothing_screen(flow.t, callback_data.group, entry.next_lesson,
                                               flow.zone, flow.today))
        return
    await show(flow, await service.open(True, entry.lesson.id, flow.now))


async def tap(query: CallbackQuery, callback_data: RollTap, flow: Flow) -> None:
    """A child's button: the next mark, saved at once."""
    marks = {callback_data.child: MARKS[callback_data.to]}
    await save(flow, callback_data.lesson, marks, every=False)


async def all_present(query: CallbackQuery, callback_data: RollAll, flow: Flow) -> None:
    """«✅ Все пришли»: everyone not marked and not excused is present, in one write."""
    await save(flow, callback_data.lesson, {}, every=True)


async def retry(query: CallbackQuery, callback_data: RollRetry, flow: Flow) -> None:
    """«💾 Сохранить ещё раз»: the marks failed writes left, all of them, in one write."""
    kept = flow.services.attendance.memory.unsaved(flow.user.id, callback_data.lesson)
    marks = {c: m for c, m in kept.marks.items() if m != "excused"} if kept else {}
    await save(flow, callback_data.lesson, marks, every=kept is not None and kept.every,
               retry=True)


async def save(flow: Flow, lesson_id: int, marks: Mapping[int, str], *, every: bool,
               retry: bool = False) -> None:
    service, staff = flow.services.attendance, flow.user.is_staff
    if retry and not marks and not every:  # nothing left to save: the register as it is
        await show(flow, await service.open(staff, lesson_id, flow.now))
        return
    try:
        call = await service.save(staff, flow.user.id, lesson_id, marks, every=every,
                                  now=flow.now)
    except sqlite3.Error:
        log.exception("a roll call's write failed; the marks stay on the screen")
        await failed(flow, lesson_id, marks, every=every)
        return
    if call.outcome == "ok":
        service.memory.saved(flow.user.id, lesson_id, None if retry else marks, every=every)
        flow.toast(flow.t("rc-saved"))
    await show(flow, call)
    if call.outcome == "ok":
        await redraw_others(flow, call)


async def failed(flow: Flow, lesson_id: int, marks: Mapping[int, str], *, every: bool
                 ) -> None:
    """The register from the database with every mark not saved shown as meant (those of
    earlier failures too), and «Сохранить ещё раз»."""
    service = flow.services.attendance
    call = await service.open(flow.user.is_staff, lesson_id, flow.now)
    if call.outcome != "ok" or call.lesson is None:
        await show(flow, call)
        return
    kept = service.memory.keep(flow.user.id, lesson_id, marks, every)
    await show(flow, call, flow.t("rc-failed"), kept)


async def done(query: CallbackQuery, callback_data: RollDone, flow: Flow) -> None:
    """«✔️ Готово»: the register finished; the families of the absent told."""
    try:
        call, told = await flow.services.attendance.done(
            flow.user.is_staff, flow.user.id, callback_data.lesson, flow.now)
    except sqlite3.Error:
        log.exception("a roll call's «done» failed")
        await failed(flow, callback_data.lesson, {}, every=False)
        return
    if call.outcome != "ok" or call.lesson is None:
        await show(flow, call)
        return
    t = flow.t
    absent = any(p.mark == "absent" for p in call.pupils)
    if told:
        note = t("rc-done-told", told=told)
    elif absent and call.lesson.starts_at > flow.now:
        note = t("rc-done-later")
    else:
        note = t("rc-done")
    unmarked = sum(shown_mark(p) is None for p in call.pupils)
    if unmarked:
        note += "\n" + t("rc-done-unmarked", unmarked=str(unmarked))
    await show(flow, call, note)
    await redraw_others(flow, call)


async def leave(query: CallbackQuery, callback_data: RollLeave, flow: Flow) -> None:
    """«🗓 Занятие» or «🏠 Меню» under a register: the message shows that instead, and
    another's write no longer redraws it."""
    from handlers.menu import home_screen
    from handlers.staff.lessons.steps import open_lesson

    flow.services.attendance.memory.left(callback_data.lesson, query.from_user.id)
    if callback_data.to == "lesson" and flow.user.is_staff:
        await open_lesson(query, LessonOpen(id=callback_data.lesson), flow)
        return
    await flow.show(home_screen(flow.t, flow.user))
