"""The families' side of the roll call: «💬 Ответить педагогу» under a «не пришёл» notice
opens a question addressed to that lesson's teacher (handlers/questions.py takes the typed
message), and the notices are turned off or on per child from the reminder settings."""

from __future__ import annotations

from aiogram.types import CallbackQuery

from bot.ui.callbacks_rollcall import RollAsk, RollQuiet
from bot.ui.keyboards import Buttons, home_button
from handlers.flow import Flow
from handlers.questions import AskStates, cancel_markup
from storage.clock import to_db


async def ask_teacher(query: CallbackQuery, callback_data: RollAsk, flow: Flow) -> None:
    """The question's prompt; the question goes to the lesson's teacher (to every member of
    staff when the lesson has no teacher on staff)."""
    t = flow.t
    if not await flow.services.attendance.lesson_exists(callback_data.lesson):
        builder = Buttons()
        home_button(builder, t)
        await flow.send((t("rc-ask-gone"), builder.as_markup()))
        return
    teacher = await flow.services.attendance.teacher_of(callback_data.lesson)
    await flow.state.set_state(AskStates.question)
    await flow.state.set_data({"since": to_db(flow.now), "to": teacher})
    await flow.send((t("rc-ask-prompt"), cancel_markup(t).as_markup()))


async def toggle_quiet(query: CallbackQuery, callback_data: RollQuiet, flow: Flow) -> None:
    """«🔔 Если не пришёл: вкл/выкл» for one child, then the reminder settings as they stand."""
    from handlers.reminders import open_settings

    service = flow.services.attendance
    quiet = callback_data.child in await service.quiet(flow.user.id)
    if await service.set_quiet(flow.user.id, callback_data.child, not quiet):
        flow.toast(flow.t("rc-quiet-saved", on="yes" if quiet else "no"))
    await open_settings(flow, callback_data.child)
