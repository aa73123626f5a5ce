"""The roll call's handlers: open a lesson's register (from its card, a reminder or a group's
screen), a tap on a child, «Все пришли», «Сохранить ещё раз», «Готово». Each write is one use
case of bot.services.attendance, committed before the answer; the screen is drawn again from
the database after it, so two staff marking at once each see the register as it stands. A
failed write (a full disk) keeps the marks meant on the buttons, with «Сохранить ещё раз»."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping

from aiogram.types import CallbackQuery, Message

from bot.services.attendance import MARKS, RollCall, parse_marks
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_rollcall import RollAll, RollDone, RollOpen, RollRetry, RollTap
from handlers.flow import Flow
from handlers.staff.rollcall import screens

log = logging.getLogger(__name__)


async def show(flow: Flow, call: RollCall, note: str | None = None) -> None:
    """The register as it stands, or why this press changed nothing (a new message then)."""
    if call.outcome == "ok" and call.lesson is not None:
        await flow.show(screens.roll_screen(flow.t, call.lesson, call.pupils, flow.zone,
                                            note=note))
        return
    if call.outcome == "not-in-group" and call.lesson is not None:
        await flow.show(screens.roll_screen(flow.t, call.lesson, call.pupils, flow.zone,
                                            note=flow.t("rc-not-in-group")))
        return
    flow.toast(flow.t("stale-button") if call.outcome == "gone" else "")
    lesson = call.lesson if call.outcome != "not-staff" else None
    await flow.send(screens.refusal_screen(flow.t, call.outcome, lesson, flow.zone))


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
                                               flow.zone))
        return
    await show(flow, await service.open(True, entry.lesson.id, flow.now))


async def tap(query: CallbackQuery, callback_data: RollTap, flow: Flow) -> None:
    """A child's button: the next mark, saved at once."""
    marks = {callback_data.child: MARKS[callback_data.to]}
    await save(query, flow, callback_data.lesson, marks, every=False)


async def all_present(query: CallbackQuery, callback_data: RollAll, flow: Flow) -> None:
    """«✅ Все пришли»: everyone not marked and not excused is present, in one write."""
    await save(query, flow, callback_data.lesson, {}, every=True)


async def retry(query: CallbackQuery, callback_data: RollRetry, flow: Flow) -> None:
    """«💾 Сохранить ещё раз»: the marks a failed write left on the buttons."""
    await save(query, flow, callback_data.lesson, parse_marks(callback_data.marks),
               every=callback_data.every)


async def save(query: CallbackQuery, flow: Flow, lesson_id: int, marks: Mapping[int, str], *,
               every: bool) -> None:
    service, staff = flow.services.attendance, flow.user.is_staff
    try:
        call = await service.save(staff, flow.user.id, lesson_id, marks, every=every,
                                  now=flow.now)
    except sqlite3.Error:
        log.exception("a roll call's write failed; the marks stay on the screen")
        await failed(query, flow, lesson_id, marks, every=every)
        return
    if call.outcome == "ok":
        flow.toast(flow.t("rc-saved"))
    await show(flow, call)


async def failed(query: CallbackQuery, flow: Flow, lesson_id: int, marks: Mapping[int, str],
                 *, every: bool) -> None:
    """The register from the database with the marks not saved shown as meant (those of an
    earlier failure on this screen too), and «Сохранить ещё раз»."""
    call = await flow.services.attendance.open(flow.user.is_staff, lesson_id, flow.now)
    if call.outcome != "ok" or call.lesson is None:
        await show(flow, call)
        return
    earlier, every_before = unsaved(query, lesson_id)
    pending = {**earlier, **marks}
    await flow.show(screens.roll_screen(
        flow.t, call.lesson, call.pupils, flow.zone, note=flow.t("rc-failed"),
        unsaved=screens.Unsaved(pending, every or every_before)))


def unsaved(query: CallbackQuery, lesson_id: int) -> tuple[dict[int, str], bool]:
    """The marks an earlier failed write left on the pressed screen's «Сохранить ещё раз»."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return {}, False
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            data = button.callback_data or ""
            if not data.startswith(f"{RollRetry.__prefix__}:"):
                continue
            try:
                found = RollRetry.unpack(data)
            except (TypeError, ValueError):
                continue
            if found.lesson == lesson_id:
                return parse_marks(found.marks), found.every
    return {}, False


async def done(query: CallbackQuery, callback_data: RollDone, flow: Flow) -> None:
    """«✔️ Готово»: the register finished; the families of the absent told."""
    try:
        call, told = await flow.services.attendance.done(
            flow.user.is_staff, flow.user.id, callback_data.lesson, flow.now)
    except sqlite3.Error:
        log.exception("a roll call's «done» failed")
        await failed(query, flow, callback_data.lesson, {}, every=False)
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
    await show(flow, call, note)
