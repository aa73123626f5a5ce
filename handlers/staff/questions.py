"""/questions and «❓ Вопросы»: staff read the questions people ask and answer them.

The list holds the unanswered questions, oldest first, PAGE a page; a card shows a question in
full (an answered one with who answered and what). «✍️ Ответить» notes who is answering (a
colleague who presses it within ten minutes is told), then the next message is the answer:
checked as Telegram checks HTML, then written with the reply to the asker in one transaction,
unless someone answered first — then this member of staff is told who and what.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import T
from bot.services.dates import weekday_and_time
from bot.services.question_notices import ago, check_answer, question_text, staff_name
from bot.services.telegram_text import (
    TELEGRAM_TEXT,
    Refused,
    clip,
    formatted_html,
    shorten,
    tg_len,
    to_plain,
)
from bot.settings import Settings
from bot.ui.callbacks import QuestionAct
from bot.ui.keyboards import Buttons, Screen, clamp_page, home_button, page_count, pager
from handlers import fallback
from handlers.common import send, show
from handlers.questions import since_expired
from storage.clock import to_db, utcnow
from storage.questions import Question, QuestionRepo
from storage.users import User

PAGE = 5
ANSWER_WINDOW = timedelta(hours=1)  # a text typed longer after «Ответить» is not sent
CARD_ROOM = 600  # what a card shows beside the question and the answer
PREVIEW_ROOM = 200  # the least of a question an answered card shows


class AnswerStates(StatesGroup):
    text = State()


def to_list(t: T, page: int = 0) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-q-all"), callback_data=QuestionAct(action="list", page=page))
    home_button(builder, t)
    builder.adjust(2)
    return "", builder.as_markup()


def with_list(t: T, text: str) -> Screen:
    return text, to_list(t)[1]


async def list_screen(
    t: T, questions: QuestionRepo, page: int = 0, note: str | None = None
) -> Screen:
    now = utcnow()
    page = clamp_page(page, await questions.open_count(), PAGE)
    items, total = await questions.open_page(page, PAGE)
    pages = page_count(total, PAGE)
    lines = [note, ""] if note else []
    builder = Buttons()
    if not items:
        lines.append(t("q-list-empty"))
    else:
        lines.append(t("q-list-title", total=total, page=page + 1, pages=pages))
    for question in items:
        name = question.asker_name.strip() or t("q-no-name")
        line = t("q-list-line", id=question.id, name=html.quote(clip(name, 32)),
                 when=ago(t, now, question.created_at))
        preview = html.quote(clip(question.text, 80))
        line += "\n" + (t("q-list-photo") + " " + preview if question.photo else preview)
        if question.being_answered(now):
            line += "\n" + t("q-list-taken", name=staff_name(t, question.taker_name))
        lines += ["", line]
        label = t("btn-q-open", id=question.id, name=clip(name, 14))
        builder.button(text=label[:24],
                       callback_data=QuestionAct(action="open", id=question.id, page=page))
    paging = pager(builder, t, page, pages, lambda p: QuestionAct(action="list", page=p))
    home_button(builder, t)
    builder.adjust(*([1] * len(items)), *([paging] if paging else []), 1)
    return "\n".join(lines), builder.as_markup()


async def card_screen(
    t: T, question: Question, questions: QuestionRepo, settings: Settings, page: int = 0,
    note: str | None = None,
) -> Screen:
    now = utcnow()
    children = await questions.children(question.family_id)
    builder = Buttons()
    tail = ""
    if question.status == "answered":
        answer = question.answer or ""
        when = weekday_and_time(question.answered_at or now, settings.zone, t.locale)
        tail = t("q-card-answered", name=staff_name(t, question.answerer_name), when=when)
        tail += "\n" + answer
        # the question and the answer may each be long: the card shows as much of the
        # question as fits beside the answer (both are whole in the chats they went to)
        room = max(PREVIEW_ROOM, TELEGRAM_TEXT - CARD_ROOM - tg_len(to_plain(answer)))
        question = replace(question, text=shorten(question.text, room))
    else:
        if question.being_answered(now) and question.taken_at is not None:
            tail = t("q-card-taken", name=staff_name(t, question.taker_name),
                     when=ago(t, now, question.taken_at))
        builder.button(text=t("btn-q-answer"),
                       callback_data=QuestionAct(action="answer", id=question.id))
        if question.photo:
            builder.button(text=t("btn-q-photo"),
                           callback_data=QuestionAct(action="photo", id=question.id))
    builder.button(text=t("btn-q-all"), callback_data=QuestionAct(action="list", page=page))
    home_button(builder, t)
    builder.adjust(2)
    text = question_text(t, question, children, ago(t, now, question.created_at), tail=tail)
    if note:
        text = note + "\n\n" + text
    return text, builder.as_markup()


async def questions_command(
    message: Message, state: FSMContext, t: T, questions: QuestionRepo
) -> None:
    await state.clear()
    await send(message, await list_screen(t, questions))


async def act(  # noqa: PLR0911 - one branch per action
    query: CallbackQuery, callback_data: QuestionAct, state: FSMContext, t: T, user: User,
    questions: QuestionRepo, settings: Settings, bot: Bot, callback_answer: CallbackAnswer,
) -> None:
    action, page = callback_data.action, max(callback_data.page, 0)
    if action == "list":
        await show(query, await list_screen(t, questions, page))
        return
    if action == "cancel":  # pressed after the answer went, it only shows the list
        answering = await state.get_state() == AnswerStates.text.state
        if answering:
            await state.clear()
        note = t("q-answer-cancelled") if answering else None
        await show(query, await list_screen(t, questions, 0, note))
        return
    if action not in ("open", "answer", "photo"):
        await fallback.stale_button(query, t, user, callback_answer)
        return
    question = await questions.get(callback_data.id)
    if question is None:
        callback_answer.text = t("q-gone-short")
        await send(query, await list_screen(t, questions, 0, t("q-gone")))
        return
    if action == "open":
        await show(query, await card_screen(t, question, questions, settings, page))
    elif action == "photo":
        await photo(query, question, questions, t, settings, bot)
    else:
        await take(query, question.id, state, t, user, questions, settings)


async def photo(
    query: CallbackQuery, question: Question, questions: QuestionRepo, t: T,
    settings: Settings, bot: Bot,
) -> None:
    text, markup = await card_screen(t, question, questions, settings)
    if question.photo is None:
        await send(query, (text, markup))
        return
    await bot.send_photo(query.from_user.id, question.photo,
                         caption=t("q-photo-caption", id=question.id), reply_markup=markup)


async def take(
    query: CallbackQuery, question_id: int, state: FSMContext, t: T, user: User,
    questions: QuestionRepo, settings: Settings,
) -> None:
    taken = await questions.take(question_id, user.id)
    if taken is None:
        await send(query, await list_screen(t, questions, 0, t("q-gone")))
        return
    question = taken.question
    if question.status == "answered":
        await send(query, await card_screen(t, question, questions, settings,
                                            note=t("q-already-answered")))
        return
    text = t("q-answer-prompt", id=question.id, preview=html.quote(clip(question.text, 120)))
    if taken.busy and question.taken_at is not None:
        text += "\n\n" + t("q-answer-busy", name=staff_name(t, question.taker_name),
                           when=ago(t, utcnow(), question.taken_at))
    await state.set_state(AnswerStates.text)
    await state.set_data({"question": question.id, "since": to_db(utcnow())})
    builder = Buttons()
    builder.button(text=t("btn-q-cancel"), callback_data=QuestionAct(action="cancel"))
    await send(query, (text, builder.as_markup()))


async def answer_typed(
    message: Message, state: FSMContext, t: T, questions: QuestionRepo, user: User,
    settings: Settings,
) -> None:
    data = await state.get_data()
    question_id = int(data.get("question") or 0)
    if since_expired(data, ANSWER_WINDOW):
        await state.clear()
        builder = Buttons()
        builder.button(text=t("btn-q-open-again"),
                       callback_data=QuestionAct(action="open", id=question_id))
        builder.button(text=t("btn-q-all"), callback_data=QuestionAct(action="list"))
        builder.adjust(1)
        await send(message, (t("q-answer-expired"), builder.as_markup()))
        return
    try:
        answer = check_answer(message.text, formatted_html(message))
    except Refused as exc:
        builder = Buttons()
        builder.button(text=t("btn-q-cancel"), callback_data=QuestionAct(action="cancel"))
        await send(message, (t(exc.key, **exc.kwargs), builder.as_markup()))
        return
    done = await questions.answer(question_id, user.id, answer)
    # the form goes only now: had the write failed, the answer could be sent again
    await state.clear()
    if done.outcome == "gone" or done.question is None:
        await send(message, await list_screen(t, questions, 0, t("q-gone")))
    elif done.outcome == "already":
        other = done.question
        when = weekday_and_time(other.answered_at or utcnow(), settings.zone, t.locale)
        text = t("q-answer-late", name=staff_name(t, other.answerer_name), when=when)
        await send(message, with_list(t, text + "\n\n" + (other.answer or "")))
    else:
        await send(message, with_list(t, t("q-answer-sent", id=question_id)))


def router() -> Router:
    r = Router(name="staff-questions")
    r.message.register(questions_command, Command("questions"))
    r.callback_query.register(act, QuestionAct.filter())
    r.message.register(answer_typed, StateFilter(AnswerStates.text), ~F.text.startswith("/"))
    return r
