"""«Какой квантум мой?»: a short playful quiz that suggests up to three quanta, each with
its reason and a way to sign up. A pupil is asked about themself, a parent about the child."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import T
from bot.services import quiz as logic
from bot.services.catalogue import Catalogue
from bot.ui.callbacks import Nav, QuantumCard, QuizAction, QuizAnswer, SignupStart
from bot.ui.keyboards import Buttons, Screen, ScreenCache, home_button
from handlers.common import send, show
from handlers.flow import Flow
from storage.quiz import QuizPick


class QuizStates(StatesGroup):
    answering = State()


# the questions never change and a result depends only on its picks: rendered once each
screens = ScreenCache()


def question_screen(t: T, step: int) -> Screen:
    return screens.get(t, ("question", step), lambda: render_question(t, step))


def render_question(t: T, step: int) -> Screen:
    builder = Buttons()
    header = t("quiz-step", step=step + 1, total=logic.TOTAL_STEPS)
    if step < len(logic.QUESTIONS):
        question = logic.QUESTIONS[step]
        for index, (answer, _tags) in enumerate(question.answers):
            builder.button(
                text=t(f"quiz-{question.key}-{answer}"),
                callback_data=QuizAnswer(step=step, answer=index),
            )
        home_button(builder, t)
        builder.adjust(2, 2, 1)
        body = t(f"quiz-{question.key}")
    else:
        for index, (low, high) in enumerate(logic.AGE_BANDS):
            builder.button(
                text=f"{low}–{high}", callback_data=QuizAnswer(step=step, answer=index)
            )
        builder.button(
            text=t("quiz-age-skip"),
            callback_data=QuizAnswer(step=step, answer=logic.AGE_SKIPPED),
        )
        home_button(builder, t)
        builder.adjust(len(logic.AGE_BANDS), 2)
        body = t("quiz-age")
    intro = t("quiz-intro") + "\n\n" if step == 0 else ""
    return f"{intro}{header}\n\n<b>{body}</b>", builder.as_markup()


def result_screen(
    t: T, catalogue: Catalogue, picks: list[QuizPick], answers: list[int]
) -> Screen:
    key = ("result", id(catalogue), *picks, *answers)
    return screens.get(t, key, lambda: render_result(t, catalogue, picks, answers))


def answer_label(t: T, question: str, answer: str) -> str:
    """«🔍 Видеть атомы» → «Видеть атомы»: an answer as the person pressed it, in quotes."""
    label = t(f"quiz-{question}-{answer}")
    first, _, rest = label.partition(" ")
    words = rest if rest and not any(char.isalnum() for char in first) else label
    return t("quiz-quoted", text=words)


def render_result(
    t: T, catalogue: Catalogue, picks: list[QuizPick], answers: list[int]
) -> Screen:
    """Up to three quanta, each with its reason (the interest and the answers that led to
    it), a button to its card and «✍️ Записаться» beside it."""
    builder = Buttons()
    lines = []
    shown = [(p, q) for p in picks if (q := catalogue.get(p.code)) is not None]
    for rank, (pick, quantum) in enumerate(shown, start=1):
        led = [answer_label(t, *keys) for keys in logic.led_to(answers, pick.reason_tag)]
        lines.append(
            t("quiz-result-line", rank=rank, title=quantum.title(t.locale),
              reason=t(f"quiz-why-{pick.reason_tag}"), answers=", ".join(led) or "—",
              count=len(led),
              short=html.quote(quantum.text(t.locale).short))
        )
        builder.button(
            text=quantum.title(t.locale),
            callback_data=QuantumCard(code=quantum.code, back="r"),
        )
        builder.button(text=t("btn-quiz-signup"), callback_data=SignupStart(code=quantum.code))
    if shown:
        text = t("quiz-result-title") + "\n\n" + "\n\n".join(lines) + "\n\n" + t(
            "quiz-result-hint")
    else:
        text = t("quiz-result-empty")
        builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-quiz-again"), callback_data=QuizAction(action="start"))
    home_button(builder, t)
    builder.adjust(*([2] * len(shown) or [1]), 2)
    return text, builder.as_markup()


def intro_screen(t: T, catalogue: Catalogue, picks: list[QuizPick]) -> Screen:
    key = ("intro", id(catalogue), *picks)
    return screens.get(t, key, lambda: render_intro(t, catalogue, picks))


def render_intro(t: T, catalogue: Catalogue, picks: list[QuizPick]) -> Screen:
    names = ", ".join(q.title(t.locale) for p in picks if (q := catalogue.get(p.code)))
    builder = Buttons()
    builder.button(text=t("btn-quiz-again"), callback_data=QuizAction(action="start"))
    builder.button(text=t("btn-quiz-result"), callback_data=QuizAction(action="result"))
    home_button(builder, t)
    builder.adjust(2, 1)
    return t("quiz-last", quanta=names or "—"), builder.as_markup()


async def begin(event: Message | CallbackQuery, state: FSMContext, t: T,
                decorate: Callable[[Screen], Screen] | None = None) -> None:
    """Start from the first question (a deep link, a retake); `decorate` adds to its screen
    (a poster's newcomer: the switch to the parent's voice)."""
    await state.set_state(QuizStates.answering)
    await state.set_data({"answers": []})
    screen = question_screen(t, 0)
    if decorate is not None:
        screen = decorate(screen)
    if isinstance(event, CallbackQuery):
        await show(event, screen)
    else:
        await send(event, screen)


async def entry(event: Message | CallbackQuery, flow: Flow) -> None:
    """From the menu or /quiz: offer the last result if there is one, else begin."""
    latest = await flow.services.quiz.latest(flow.user.id)
    if latest is None or not latest.picks:
        await begin(event, flow.state, flow.t)
        return
    await flow.show(intro_screen(flow.t, flow.catalogue, latest.picks))


async def restart(query: CallbackQuery, flow: Flow) -> None:
    await begin(query, flow.state, flow.t)


async def show_result(query: CallbackQuery, flow: Flow) -> None:
    latest = await flow.services.quiz.latest(flow.user.id)
    if latest is None:
        await begin(query, flow.state, flow.t)
        return
    await flow.show(result_screen(flow.t, flow.catalogue, latest.picks, latest.answers))


async def answer(query: CallbackQuery, callback_data: QuizAnswer, flow: Flow) -> None:
    t, state = flow.t, flow.state
    data = await state.get_data()
    answers = [a for a in data.get("answers", []) if isinstance(a, int)]
    step = len(answers)
    if callback_data.step != step or not _valid(step, callback_data.answer):
        # a button from an earlier question (or a forged one): show where we really are
        flow.toast(t("quiz-stale"))
        await flow.send(question_screen(t, step))
        return
    answers.append(callback_data.answer)
    if len(answers) < logic.TOTAL_STEPS:
        # the data just read is the whole of it (one update at a time per user)
        await state.set_data({**data, "answers": answers})
        await flow.show(question_screen(t, len(answers)))
        return
    picks = await flow.services.quiz.finish(flow.user.id, answers, flow.catalogue)
    await state.clear()
    await flow.show(result_screen(t, flow.catalogue, picks, answers))


def _valid(step: int, choice: int) -> bool:
    if step < len(logic.QUESTIONS):
        return 0 <= choice < len(logic.QUESTIONS[step].answers)
    return choice == logic.AGE_SKIPPED or 0 <= choice < len(logic.AGE_BANDS)


async def typed_instead(message: Message, flow: Flow) -> None:
    """Free text while a question waits for a button."""
    data = await flow.state.get_data()
    step = min(len(data.get("answers", [])), logic.TOTAL_STEPS - 1)
    text, markup = question_screen(flow.t, step)
    await flow.send((flow.t("quiz-use-buttons") + "\n\n" + text, markup))


def router() -> Router:
    r = Router(name="quiz")
    # answers first: they are most of the quiz's presses (the filters do not overlap)
    r.callback_query.register(answer, QuizAnswer.filter(), StateFilter(QuizStates.answering))
    r.message.register(entry, Command("quiz"))
    r.callback_query.register(entry, Nav.filter(F.to == "quiz"))
    r.callback_query.register(show_result, Nav.filter(F.to == "result"))
    r.callback_query.register(restart, QuizAction.filter(F.action == "start"))
    r.callback_query.register(show_result, QuizAction.filter(F.action == "result"))
    r.message.register(
        typed_instead, StateFilter(QuizStates.answering), ~F.text.startswith("/")
    )
    return r
