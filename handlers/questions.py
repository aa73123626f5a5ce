"""«❓ Задать вопрос» and /ask: a question to the technopark's staff, answered in the same chat.

The next message after the prompt is the question (text, or a photo with a caption). It is
written with a notice to every member of staff in one transaction, and the form is cleared
only after that commits: a failed write leaves the person able to send it again. The prompt
stands for ASK_WINDOW: a message typed long after it (the person went elsewhere) is not sent
as a question by surprise.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from aiogram import F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.services.question_notices import check_question, rate_note
from bot.services.telegram_text import Refused, photo_of
from bot.settings import Settings
from bot.ui.callbacks_questions import Ask
from bot.ui.keyboards import Buttons, Screen, home_button, onward_screen
from handlers.flow import Flow
from handlers.menu import home_screen
from storage.clock import from_db, to_db, utcnow

ASK_WINDOW = timedelta(minutes=30)


class AskStates(StatesGroup):
    question = State()


def since_expired(data: dict[str, Any], window: timedelta = ASK_WINDOW) -> bool:
    """Was the prompt of this form shown longer than `window` ago?"""
    since = data.get("since")
    return not isinstance(since, str) or utcnow() - from_db(since) > window


def cancel_markup(t: T) -> Buttons:
    builder = Buttons()
    builder.button(text=t("btn-ask-cancel"), callback_data=Ask(action="cancel"))
    return builder


def onward(t: T, text: str) -> Screen:
    """A message that ends the flow: ask another question, or go home."""
    return onward_screen(t, text, "btn-ask-more", Ask(action="start"))


def rate_screen(t: T, retry_at: datetime | None, settings: Settings) -> Screen:
    builder = Buttons()
    home_button(builder, t)
    now = utcnow()
    return rate_note(t, now, retry_at or now, settings.zone), builder.as_markup()


async def begin(event: Message | CallbackQuery, flow: Flow) -> None:
    """/ask and «❓ Задать вопрос»: the prompt, unless the person has asked enough for now."""
    retry_at = await flow.services.questions.retry_at(flow.user.id)
    if retry_at is not None:
        await flow.state.clear()
        await flow.send(rate_screen(flow.t, retry_at, flow.settings))
        return
    await flow.state.set_state(AskStates.question)
    await flow.state.set_data({"since": to_db(utcnow())})
    screen = (flow.t("ask-prompt"), cancel_markup(flow.t).as_markup())
    await (flow.show(screen) if isinstance(event, CallbackQuery) else flow.send(screen))


async def cancel_pressed(query: CallbackQuery, flow: Flow) -> None:
    """«✖️ Отмена» under the prompt; pressed after the question went, it only goes home."""
    t, user = flow.t, flow.user
    if await flow.state.get_state() != AskStates.question.state:
        await flow.show(home_screen(t, user))
        return
    await flow.state.clear()
    await flow.show(home_screen(t, user, note=t("ask-cancelled")))


async def question_typed(message: Message, flow: Flow) -> None:
    t = flow.t
    data = await flow.state.get_data()
    if since_expired(data):
        await flow.state.clear()
        await flow.send(home_screen(t, flow.user, note=t("ask-expired")))
        return
    photo = photo_of(message)
    raw = message.caption if photo else message.text
    try:
        text, photo = check_question(raw, photo)
    except Refused as exc:
        await flow.send((t(exc.key, **exc.kwargs), cancel_markup(t).as_markup()))
        return
    asked = await flow.services.questions.ask(
        flow.user.id, message_id=message.message_id, text=text, photo=photo,
        to=data["to"] if isinstance(data.get("to"), int) else None)
    # the form goes only now: had the write failed, the person could send it again
    await flow.state.clear()
    if asked.question is None:
        await flow.send(rate_screen(t, asked.retry_at, flow.settings))
        return
    await flow.send(onward(t, t("ask-sent")))


async def command_leaves_prompt(message: Message, flow: Flow) -> None:
    """A command typed at the prompt ends it: the person went elsewhere, and the next words
    are not sent as a question by surprise. The command then goes where it would have."""
    await flow.state.clear()
    raise SkipHandler


def router() -> Router:
    r = Router(name="questions")
    r.message.register(begin, Command("ask"))
    r.message.register(command_leaves_prompt, StateFilter(AskStates.question),
                       F.text.startswith("/"))
    r.callback_query.register(begin, Ask.filter(F.action == "start"))
    r.callback_query.register(cancel_pressed, Ask.filter(F.action == "cancel"))
    r.message.register(
        question_typed, StateFilter(AskStates.question), ~F.text.startswith("/"),
    )
    return r
