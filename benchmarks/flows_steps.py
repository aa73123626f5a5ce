"""The flows of benchmarks/flows.py: what each person types or presses, step by step.

A press is always of a button the bot offered: the step reads the keyboard of the bot's
newest message in the person's chat and picks a button by the kind of its callback data (the
prefix of its CallbackData class) and, where needed, by its fields — never a callback string
written here, so a flow keeps working when a button's data changes shape.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import Update

from benchmarks.common import Harness, OurBot, Person
from benchmarks.events import open_day
from benchmarks.signup_data import child_name
from benchmarks.typed import phrase
from bot.services import quiz as quiz_logic
from bot.ui.callbacks import (
    CataloguePage,
    LessonList,
    LessonOpen,
    Nav,
    NewsFeed,
    QuantumCard,
    QuizAction,
    QuizAnswer,
    ReminderMenu,
    ScheduleNext,
    ScheduleWeek,
    SignupPick,
    SignupStart,
)
from bot.ui.callbacks_event_booking import EbAdults, EbChild, EbGo, EbRegister
from bot.ui.callbacks_groups import GroupAct, GroupOpen, MyGroups
from bot.ui.callbacks_rollcall import RollTap

UNDERSTOOD = ("interests", "quantum", "faq")  # typed messages the bot understands


@dataclass(frozen=True)
class Turn:
    """Whose update a step builds, in which round."""

    person: Person
    index: int  # the person's place in the flow's pool
    round: int  # 0: the warm-up
    code: str = ""  # the round's event code (the events flow)


Make = Callable[[Harness, Turn], Update | None]
Choose = Callable[[list[str], Turn], str | None]


@dataclass(frozen=True)
class Step:
    name: str
    make: Make  # None: nothing to do for this person (a missing button unless `optional`)
    lines: tuple[str, ...] = ()  # the figures its updates are timed in; (): untimed
    optional: bool = False


@dataclass(frozen=True)
class Flow:
    name: str  # for --only and --profile
    staff: bool  # teachers, not parents
    setup: tuple[Step, ...]  # once, untimed
    round: tuple[Step, ...]
    # before each round: the event code the round's steps use (the events flow)
    prepare: Callable[[OurBot, int, int], Awaitable[str]] | None = None


# ---- building updates -----------------------------------------------------------------------


def offered(h: Harness, user_id: int) -> list[str]:
    """The callback data of the buttons on the bot's newest message in the chat."""
    message = h.emulator.messages[(user_id, h.newest_bot_message(user_id))]
    rows: list[list[dict[str, Any]]] = (message.get("reply_markup") or {}).get(
        "inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


def typed(text: Callable[[Turn], str]) -> Make:
    def make(h: Harness, turn: Turn) -> Update:
        return h.message(turn.person.id, text(turn))
    return make


def pressed(choose: Choose) -> Make:
    """A button of the bot's newest message, chosen among those offered."""
    def make(h: Harness, turn: Turn) -> Update | None:
        user = turn.person.id
        data = choose(offered(h, user), turn)
        return None if data is None else h.press(user, h.newest_bot_message(user), data)
    return make


def of(cls: type[CallbackData], data: list[str]) -> list[str]:
    """The buttons made by `cls` (by its prefix)."""
    prefix, separator = cls.__prefix__, cls.__separator__
    return [d for d in data if d == prefix or d.startswith(prefix + separator)]


def button(cls: type[CallbackData], n: int = 0,
           where: Callable[[Any], bool] = lambda _: True) -> Choose:
    """The n-th button of `cls` whose unpacked data passes `where`."""
    def choose(data: list[str], turn: Turn) -> str | None:
        found = [d for d in of(cls, data) if where(cls.unpack(d))]
        return found[n] if len(found) > n else None
    return choose


def first_if(cls: type[CallbackData]) -> Choose:
    """The keyboard's first button, if it is one of `cls` (by prefix only: its fields may
    change shape)."""
    def choose(data: list[str], turn: Turn) -> str | None:
        return data[0] if data and of(cls, data[:1]) else None
    return choose


def nav(to: str) -> Choose:
    return button(Nav, where=lambda d: d.to == to)


def card(data: list[str], turn: Turn) -> str | None:
    """A quantum card on the catalogue page, a different one for each person and round."""
    cards = of(QuantumCard, data)
    return cards[(turn.index + turn.round) % len(cards)] if cards else None


def later_page(data: list[str], turn: Turn) -> str | None:
    """The feed's ▶️: the page after this one."""
    pages = of(NewsFeed, data)
    return max(pages, key=lambda d: NewsFeed.unpack(d).page) if pages else None


def tap(data: list[str], turn: Turn) -> str | None:
    """The round's child in the register: each round the next one."""
    taps = of(RollTap, data)
    return taps[turn.round % len(taps)] if taps else None


def name_of(turn: Turn) -> str:
    return child_name(random.Random(turn.person.id * 100 + turn.round))


def said(turn: Turn) -> str:
    kind = UNDERSTOOD[(turn.index + turn.round) % len(UNDERSTOOD)]
    return phrase(kind, turn.person.language, turn.index // len(UNDERSTOOD) + turn.round)


async def new_open_day(app: OurBot, round_: int, seats: int) -> str:
    code = f"flows-{round_}"
    await open_day(app, code, seats)
    return code


# ---- the flows ------------------------------------------------------------------------------

START = Step("/start", typed(lambda t: "/start"))
PAGE, CARD = "a catalogue page", "a quantum card"
ANSWER_LINE, LAST_ANSWER = "a quiz answer", "the quiz's last answer (result saved)"
FORM_BUTTON, FORM_TYPED = "sign-up form: a button (the group)", "sign-up form: typed (name)"
TALK, COMMIT = "event registration: the conversation", "event registration: the ✅ press"


def quiz_answers() -> tuple[Step, ...]:
    last = quiz_logic.TOTAL_STEPS - 1
    return tuple(Step(f"answer {n + 1}", pressed(first_if(QuizAnswer)),
                      (LAST_ANSWER if n == last else ANSWER_LINE,))
                 for n in range(quiz_logic.TOTAL_STEPS))


FLOWS = (
    Flow("start", False, (), (Step("/start", typed(lambda t: "/start"), ("/start",)),)),
    Flow("catalogue", False, (START, Step("catalogue", pressed(nav("catalogue")))), (
        Step("a card", pressed(card), (CARD,)),
        Step("back to its page", pressed(button(CataloguePage)), (PAGE,)),
        Step("the other page", pressed(button(CataloguePage)), (PAGE,)),
    )),
    Flow("quiz", False, (), (
        Step("/quiz", typed(lambda t: "/quiz")),
        Step("take it again", pressed(first_if(QuizAction)), optional=True),
        *quiz_answers(),
    )),
    Flow("signup", False, (START, Step("catalogue", pressed(nav("catalogue"))),
                           Step("a card", pressed(card))), (
        Step("✍️ sign up", pressed(button(SignupStart))),
        Step("programme", pressed(button(SignupPick, where=lambda d: d.kind == "p"))),
        Step("group", pressed(button(SignupPick, where=lambda d: d.kind == "g")),
             (FORM_BUTTON,)),
        Step("child's name", typed(name_of), (FORM_TYPED,)),
        Step("/cancel", typed(lambda t: "/cancel")),
        Step("catalogue", pressed(nav("catalogue"))),
        Step("a card", pressed(card)),
    )),
    Flow("schedule", False, (START,), (
        Step("«Моё расписание»", pressed(button(ScheduleWeek)), ("«Моё расписание»",)),
        Step("«Ближайшее»", pressed(button(ScheduleNext)), ("«Ближайшее»",)),
        Step("menu", pressed(nav("home"))),
    )),
    Flow("news", False, (Step("/news", typed(lambda t: "/news")),), (
        Step("▶️", pressed(later_page), ("a news feed page",)),
    )),
    Flow("reminders", False, (START, Step("settings", pressed(nav("settings"))),
                              Step("reminders", pressed(button(ReminderMenu))),
                              Step("a child (in families of two)", pressed(button(
                                  ReminderMenu, where=lambda d: d.action == "child")),
                                   optional=True)), (
        Step("a lead time", pressed(button(ReminderMenu, where=lambda d: d.action == "lead")),
             ("a reminder-settings toggle",)),
    )),
    Flow("lessons", True, (START,), tuple(
        Step(name, make, ("/lessons → a lesson (staff)",)) for name, make in (
            ("/lessons", typed(lambda t: "/lessons")),
            ("a group", pressed(button(GroupOpen))),
            ("its lessons", pressed(button(LessonList))),
            ("a lesson", pressed(button(LessonOpen))),
        ))),
    Flow("typed", False, (START,), (
        Step("typed", typed(said), ("a typed message understood",)),
    )),
    Flow("rollcall", True, (START, Step("my groups", pressed(button(MyGroups))),
                            Step("the group", pressed(button(GroupOpen))),
                            Step("register", pressed(button(
                                GroupAct, where=lambda d: d.action == "mark")))), (
        Step("a tap", pressed(tap), ("a roll-call tap (teacher)",)),
    )),
    Flow("events", False, (START,), (
        Step("/start ev_ (the card)", typed(lambda t: f"/start ev_{t.code}"), (TALK,)),
        Step("✍️ register", pressed(button(EbRegister)), (TALK,)),
        Step("a child", pressed(button(EbChild, where=lambda d: d.child > 0)), (TALK,)),
        Step("the second child", pressed(button(EbChild, 1, where=lambda d: d.child > 0)),
             (TALK,), optional=True),
        Step("next", pressed(button(EbChild, where=lambda d: d.child < 0)), (TALK,)),
        Step("adults", pressed(button(EbAdults)), (TALK,)),
        Step("✅ register", pressed(button(EbGo, where=lambda d: d.action == "submit")),
             (TALK, COMMIT)),
        Step("one seat for two: the choice", pressed(
            button(EbGo, where=lambda d: d.action in ("split", "wait"))), (TALK, COMMIT),
             optional=True),
    ), prepare=new_open_day),
)
