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
from zoneinfo import ZoneInfo

from aiogram import F, Router, html
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.services.dates import weekday_and_time
from bot.services.question_notices import ago, check_answer, question_text, staff_name
from bot.services.questions import Questions, being_answered
from bot.services.telegram_text import (
    TELEGRAM_TEXT,
    Refused,
    clip,
    formatted_html,
    shorten,
    tg_len,
    to_plain,
)
from bot.ui.callbacks_questions import QuestionAct
from bot.ui.keyboards import (
    Buttons,
    Screen,
    button_label,
    clamp_page,
    home_button,
    page_count,
    pager,
)
from handlers.flow import Flow
from handlers.questions import since_expired
from storage.clock import to_db, utcnow
from storage.questions import Question

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
    t: T, questions: Questions, page: int = 0, note: str | None = None
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
        if being_answered(question, now):
            line += "\n" + t("q-list-taken", name=staff_name(t, question.taker_name))
        lines += ["", line]
        label = t("btn-q-open", id=question.id, name=button_label(name, 14))
        builder.button(text=button_label(label),
                       callback_data=QuestionAct(action="open", id=question.id, page=page))
    paging = pager(builder, t, page, pages, lambda p: QuestionAct(action="list", page=p))
    home_button(builder, t)
    builder.adjust(*([1] * len(items)), *([paging] if paging else []), 1)
    return "\n".join(lines), builder.as_markup()


async def card_screen(  # noqa: PLR0913 - what a card is made of
    t: T, question: Question, questions: Questions, zone: ZoneInfo, page: int = 0,
    note: str | None = None,
) -> Screen:
    now = utcnow()
    children = await questions.children(question.family_id)
    builder = Buttons()
    tail = ""
    if question.status == "answered":
        answer = question.answer or ""
        when = weekday_and_time(question.answered_at or now, zone, t.locale)
        tail = t("q-card-answered", name=staff_name(t, question.answerer_name), when=when)
        tail += "\n" + answer
        # the question and the answer may each be long: the card shows as much of the
        # question as fits beside the answer (both are whole in the chats they went to)
        room = max(PREVIEW_ROOM, TELEGRAM_TEXT - CARD_ROOM - tg_len(to_plain(answer)))
        question = replace(question, text=shorten(question.text, room))
    else:
        if being_answered(question, now) and question.taken_at is not None:
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


async def open_list(
    event: Message | CallbackQuery, flow: Flow, callback_data: QuestionAct | None = None
) -> None:
    """/questions (afresh) and «❓ Вопросы» / «📋 Все вопросы» (the page pressed)."""
    questions = flow.services.questions
    if callback_data is None:
        await flow.state.clear()
        await flow.send(await list_screen(flow.t, questions))
        return
    await flow.show(await list_screen(flow.t, questions, max(callback_data.page, 0)))


async def cancel_answer(query: CallbackQuery, flow: Flow) -> None:
    """«✖️ Отмена» under the prompt; pressed after the answer went, it only shows the list."""
    answering = await flow.state.get_state() == AnswerStates.text.state
    if answering:
        await flow.state.clear()
    note = flow.t("q-answer-cancelled") if answering else None
    await flow.show(await list_screen(flow.t, flow.services.questions, 0, note))


async def pressed_question(flow: Flow, question_id: int) -> Question | None:
    """The question a button is about; if it is gone, the list says so and None."""
    question = await flow.services.questions.get(question_id)
    if question is None:
        flow.toast(flow.t("q-gone-short"))
        await flow.send(await list_screen(flow.t, flow.services.questions, 0, flow.t("q-gone")))
    return question


async def open_card(query: CallbackQuery, callback_data: QuestionAct, flow: Flow) -> None:
    question = await pressed_question(flow, callback_data.id)
    if question is not None:
        await flow.show(await card_screen(flow.t, question, flow.services.questions, flow.zone,
                                          max(callback_data.page, 0)))


async def open_photo(query: CallbackQuery, callback_data: QuestionAct, flow: Flow) -> None:
    question = await pressed_question(flow, callback_data.id)
    if question is None:
        return
    t = flow.t
    text, markup = await card_screen(t, question, flow.services.questions, flow.zone)
    if question.photo is None:
        await flow.send((text, markup))
        return
    await flow.bot.send_photo(query.from_user.id, question.photo,
                              caption=t("q-photo-caption", id=question.id), reply_markup=markup)


async def take(query: CallbackQuery, callback_data: QuestionAct, flow: Flow) -> None:
    """«✍️ Ответить»: who is answering is noted (a colleague pressing it is told), and the
    next message is the answer."""
    if await pressed_question(flow, callback_data.id) is None:
        return
    t, questions = flow.t, flow.services.questions
    taken = await questions.take(callback_data.id, flow.user.id)
    if taken is None:
        await flow.send(await list_screen(t, questions, 0, t("q-gone")))
        return
    question = taken.question
    if question.status == "answered":
        await flow.send(await card_screen(t, question, questions, flow.zone,
                                          note=t("q-already-answered")))
        return
    text = t("q-answer-prompt", id=question.id, preview=html.quote(clip(question.text, 120)))
    if taken.busy and question.taken_at is not None:
        text += "\n\n" + t("q-answer-busy", name=staff_name(t, question.taker_name),
                           when=ago(t, utcnow(), question.taken_at))
    await flow.state.set_state(AnswerStates.text)
    await flow.state.set_data({"question": question.id, "since": to_db(utcnow())})
    builder = Buttons()
    builder.button(text=t("btn-q-cancel"), callback_data=QuestionAct(action="cancel"))
    await flow.send((text, builder.as_markup()))


async def answer_typed(message: Message, flow: Flow) -> None:
    t, questions = flow.t, flow.services.questions
    data = await flow.state.get_data()
    question_id = int(data.get("question") or 0)
    if since_expired(data, ANSWER_WINDOW):
        await flow.state.clear()
        builder = Buttons()
        builder.button(text=t("btn-q-open-again"),
                       callback_data=QuestionAct(action="open", id=question_id))
        builder.button(text=t("btn-q-all"), callback_data=QuestionAct(action="list"))
        builder.adjust(1)
        await flow.send((t("q-answer-expired"), builder.as_markup()))
        return
    try:
        answer = check_answer(message.text, formatted_html(message))
    except Refused as exc:
        builder = Buttons()
        builder.button(text=t("btn-q-cancel"), callback_data=QuestionAct(action="cancel"))
        await flow.send((t(exc.key, **exc.kwargs), builder.as_markup()))
        return
    done = await questions.answer(question_id, flow.user.id, answer)
    # the form goes only now: had the write failed, the answer could be sent again
    await flow.state.clear()
    if done.outcome == "gone" or done.question is None:
        await flow.send(await list_screen(t, questions, 0, t("q-gone")))
    elif done.outcome == "already":
        other = done.question
        when = weekday_and_time(other.answered_at or utcnow(), flow.zone, t.locale)
        text = t("q-answer-late", name=staff_name(t, other.answerer_name), when=when)
        await flow.send(with_list(t, text + "\n\n" + (other.answer or "")))
    else:
        await flow.send(with_list(t, t("q-answer-sent", id=question_id)))


async def command_leaves_prompt(message: Message, flow: Flow) -> None:
    """A command typed while an answer is awaited ends the answer: the next words are not
    sent to a family by surprise. The command then goes where it would have."""
    await flow.state.clear()
    raise SkipHandler


def router() -> Router:
    r = Router(name="staff-questions")
    r.message.register(open_list, Command("questions"))
    r.callback_query.register(open_list, QuestionAct.filter(F.action == "list"))
    r.callback_query.register(cancel_answer, QuestionAct.filter(F.action == "cancel"))
    r.callback_query.register(open_card, QuestionAct.filter(F.action == "open"))
    r.callback_query.register(open_photo, QuestionAct.filter(F.action == "photo"))
    r.callback_query.register(take, QuestionAct.filter(F.action == "answer"))
    r.message.register(command_leaves_prompt, StateFilter(AnswerStates.text),
                       F.text.startswith("/"))
    r.message.register(answer_typed, StateFilter(AnswerStates.text), ~F.text.startswith("/"))
    return r
