"""The families' side of the roll call: «💬 Ответить педагогу» under a «не пришёл» notice
opens a question addressed to that lesson's teacher (handlers/questions.py takes the typed
message), and the notices are turned off or on per child from the reminder settings.

The question goes to the teacher only when the person's family has a child confirmed in the
lesson's group; otherwise (a forged or an old button) it is the ordinary question to staff.
As «❓ Задать вопрос», someone who has asked enough for now is told so before typing; and a
form half filled is not dropped without a word: the press asks first."""

from __future__ import annotations

from aiogram.types import CallbackQuery

from bot.ui.callbacks_rollcall import RollAsk, RollQuiet
from bot.ui.keyboards import Buttons, home_button
from handlers.flow import Flow
from handlers.questions import AskStates, cancel_markup, rate_screen
from handlers.quiz import QuizStates
from handlers.staff.questions import AnswerStates
from storage.clock import to_db

# a question or a quiz under way ends on the way home too: nothing typed is lost with it
PASSING = frozenset({*AskStates.__state_names__, *QuizStates.__state_names__,
                     *AnswerStates.__state_names__})


async def ask_teacher(query: CallbackQuery, callback_data: RollAsk, flow: Flow) -> None:
    """The question's prompt; the question goes to the lesson's teacher (to every member of
    staff when the lesson has no teacher on staff, or is not one of the family's)."""
    t = flow.t
    retry_at = await flow.services.questions.retry_at(flow.user.id)
    if retry_at is not None:
        await flow.send(rate_screen(t, retry_at, flow.settings))
        return
    current = await flow.state.get_state()
    if current is not None and current not in PASSING and not callback_data.sure:
        builder = Buttons()
        builder.button(text=t("btn-rc-ask-anyway"),
                       callback_data=RollAsk(lesson=callback_data.lesson, sure=True))
        home_button(builder, t)
        builder.adjust(1)
        await flow.send((t("rc-ask-form-open"), builder.as_markup()))
        return
    ours, teacher = await flow.services.attendance.ask_target(flow.user.id,
                                                              callback_data.lesson)
    await flow.state.set_state(AskStates.question)
    await flow.state.set_data({"since": to_db(flow.now), "to": teacher})
    prompt = t("rc-ask-prompt") if ours else t("ask-prompt")
    await flow.send((prompt, cancel_markup(t).as_markup()))


async def toggle_quiet(query: CallbackQuery, callback_data: RollQuiet, flow: Flow) -> None:
    """«🔔 Нет на занятии: вкл/выкл» for one child, then the reminder settings as they
    stand."""
    from handlers.reminders import open_settings

    quiet = await flow.services.attendance.toggle_quiet(flow.user.id, callback_data.child)
    if quiet is not None:
        flow.toast(flow.t("rc-quiet-saved", on="no" if quiet else "yes"))
    await open_settings(flow, callback_data.child)
