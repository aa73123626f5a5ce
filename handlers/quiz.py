"""«Какой квантум мой?»: a short playful quiz that suggests up to three quanta, each with
its reason and a way to sign up. A pupil is asked about themself, a parent about the child."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.i18n import T
from bot.services import quiz as logic
from bot.services.catalogue import Catalogue
from bot.ui.callbacks import Nav, QuantumCard, QuizAction, QuizAnswer, SignupStart
from bot.ui.keyboards import Buttons, Screen, ScreenCache, home_button
from handlers.chat import steps as chat_steps
from handlers.chat import typed_text
from handlers.common import send, show
from handlers.flow import Flow
from storage.quiz import QuizPick


class QuizStates(StatesGroup):
    """The state earlier versions kept while a quiz was under way, its answers in the data
    (the buttons carry them now). A conversation an upgrade left in it is let go by its next
    typed text (`leftover`), or on the way home, as before."""

    answering = State()


@dataclass(frozen=True, slots=True)
class QuestionScreen:
    """A question as its reader sees it, for any answers before it: the text, and the buttons
    with the answer each adds (None: the way home, the same for all)."""

    text: str
    rows: tuple[tuple[tuple[InlineKeyboardButton, str | None], ...], ...]

    def screen(self, before: str) -> Screen:
        """The question after the answers `before` (encoded), each answer's button carrying
        them and its own."""
        return self.text, InlineKeyboardMarkup(inline_keyboard=[
            [button if code is None else button.model_copy(
                update={"callback_data": QuizAnswer(answers=before + code).pack()})
             for button, code in row]
            for row in self.rows
        ])


# A question's text and labels depend on its step and the reader only: rendered once each
# (there are a few dozen); its buttons' data on the answers before it, filled in per press
# (copies of its buttons: cheaper than building them). Results are rendered once each.
QUESTIONS_KEPT = 256
rendered: dict[tuple[object, ...], QuestionScreen] = {}
screens = ScreenCache()


def question_screen(t: T, answers: list[int]) -> Screen:
    """The question after `answers`: the first for none."""
    key = (len(answers), *t.reader)
    found = rendered.get(key)
    if found is None:
        if len(rendered) >= QUESTIONS_KEPT:
            rendered.clear()
        found = rendered[key] = render_question(t, len(answers))
    return found.screen(logic.encode(answers))


def render_question(t: T, step: int) -> QuestionScreen:
    codes = [logic.code(choice) for choice in logic.choices(step)]
    sizes: tuple[int, ...]
    if step < len(logic.QUESTIONS):
        asked = logic.QUESTIONS[step]
        labels = [t(f"quiz-{asked.key}-{answer}") for answer, _tags in asked.answers]
        body, sizes = t(f"quiz-{asked.key}"), (2, 2, 1)
    else:
        labels = [*(f"{low}–{high}" for low, high in logic.AGE_BANDS), t("quiz-age-skip")]
        body, sizes = t("quiz-age"), (len(logic.AGE_BANDS), 2)
    builder = Buttons()
    for label, code in zip(labels, codes, strict=True):
        builder.button(text=label, callback_data=QuizAnswer(answers=code))
    home_button(builder, t)
    builder.adjust(*sizes)
    header = t("quiz-step", step=step + 1, total=logic.TOTAL_STEPS)
    intro = t("quiz-intro") + "\n\n" if step == 0 else ""
    added = iter([*codes, None])
    rows = tuple(tuple((button, next(added)) for button in row)
                 for row in builder.as_markup().inline_keyboard)
    return QuestionScreen(f"{intro}{header}\n\n<b>{body}</b>", rows)


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


async def begin(event: Message | CallbackQuery, t: T,
                decorate: Callable[[Screen], Screen] | None = None) -> None:
    """Start from the first question (a deep link, a retake); `decorate` adds to its screen
    (a poster's newcomer: the switch to the parent's voice). The conversation's state is not
    touched: the buttons carry the quiz, and a form left open stays as it was."""
    screen = question_screen(t, [])
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
        await begin(event, flow.t)
        return
    await flow.show(intro_screen(flow.t, flow.catalogue, latest.picks))


async def restart(query: CallbackQuery, flow: Flow) -> None:
    await begin(query, flow.t)


async def show_result(query: CallbackQuery, flow: Flow) -> None:
    latest = await flow.services.quiz.latest(flow.user.id)
    if latest is None:
        await begin(query, flow.t)
        return
    await flow.show(result_screen(flow.t, flow.catalogue, latest.picks, latest.answers))


async def answer(query: CallbackQuery, callback_data: QuizAnswer, flow: Flow) -> None:
    """A press carries the answers before its question and its own: the next question, or
    after the last one the result (the quiz's one write). The same button pressed twice shows
    the same screen; the last question's writes the same result in place of itself."""
    t = flow.t
    answers = logic.decode(callback_data.answers)
    if answers is None:
        # not a button this quiz makes: forged, or from a quiz whose questions have changed
        flow.toast(t("quiz-stale"))
        text, markup = question_screen(t, [])
        await flow.send((t("quiz-stale") + "\n\n" + text, markup))
        return
    if len(answers) < logic.TOTAL_STEPS:
        await flow.show(question_screen(t, answers))
        return
    picks = await flow.services.quiz.finish(flow.user.id, answers, flow.catalogue)
    await flow.show(result_screen(t, flow.catalogue, picks, answers))


async def leftover(message: Message, flow: Flow) -> None:
    """Text typed in a conversation an earlier version left mid-quiz: the state goes, and the
    text is read as anywhere else."""
    await flow.state.clear()
    await chat_steps.typed(message, flow)


def router() -> Router:
    r = Router(name="quiz")
    # answers first: they are most of the quiz's presses (the filters do not overlap)
    r.callback_query.register(answer, QuizAnswer.filter())
    r.message.register(entry, Command("quiz"))
    r.callback_query.register(entry, Nav.filter(F.to == "quiz"))
    r.callback_query.register(show_result, Nav.filter(F.to == "result"))
    r.callback_query.register(restart, QuizAction.filter(F.action == "start"))
    r.callback_query.register(show_result, QuizAction.filter(F.action == "result"))
    r.message.register(leftover, StateFilter(QuizStates.answering), typed_text)
    return r
