"""Every button's callback data. Prefixes are short; values are ids and codes, never names
(Telegram allows 64 bytes)."""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# every number in a button is an id, a page or a small code that SQLite can hold: a forged
# button with a bigger one does not match its handler and is answered as out of date
Int = Annotated[int, Field(ge=-(2**63), lt=2**63)]


class Nav(CallbackData, prefix="n"):
    to: str  # a top-level screen: home, catalogue, quiz, settings, language, role, desk…


class RoleChoice(CallbackData, prefix="r"):
    role: str  # pupil | parent


class PosterSwitch(CallbackData, prefix="pv"):  # «👪 Я родитель» under a poster's screen
    then: str  # that screen again: q_<quantum> | quiz


class LangChoice(CallbackData, prefix="l"):
    code: str


class CataloguePage(CallbackData, prefix="c"):
    page: Int


class QuantumCard(CallbackData, prefix="q"):
    code: str
    back: str  # "c<page>" back to the catalogue page, "r" back to the quiz result


class QuizAnswer(CallbackData, prefix="z"):
    # the answers before the button's question and its own, one character each in the order
    # asked (bot/services/quiz.py: encode): a press carries the whole quiz so far
    answers: str


class QuizAction(CallbackData, prefix="za"):
    action: str  # start | result


# ---- staff ----------------------------------------------------------------------------


class StaffRemove(CallbackData, prefix="sr"):
    user_id: Int
    sure: bool = False  # the second press, after «Снять роль у …?»


class BcAudience(CallbackData, prefix="ba"):
    key: str  # r (role) | l (language) | m (members of enrolled families) | w (waitlist)
    value: str  # "" for anyone


class BcQuanta(CallbackData, prefix="bq"):
    page: Int


class BcToggle(CallbackData, prefix="bt"):
    code: str
    page: Int


class BcEnrolled(CallbackData, prefix="be"):
    page: Int


class BcEnrolToggle(CallbackData, prefix="bg"):
    kind: str  # q (quantum) | g (group)
    value: str  # the quantum's code or the group's id
    page: Int


class BcStep(CallbackData, prefix="bs"):
    action: str  # audience | preview | send | edit | cancel | clear


class BcStop(CallbackData, prefix="bx"):
    id: Int


# ---- sign-up and families -------------------------------------------------------------


class SignupStart(CallbackData, prefix="s"):
    code: str  # quantum


class SignupPick(CallbackData, prefix="sp"):
    kind: str  # p (programme) | g (group) | c (a child already in the family)
    id: Int


class SignupPage(CallbackData, prefix="sl"):
    kind: str  # p (programmes of the form's quantum) | g (groups of its programme)
    page: Int


class SignupWho(CallbackData, prefix="sw"):
    relation: str  # parent | child


class SignupGrade(CallbackData, prefix="sg"):
    grade: Int


class SignupConsent(CallbackData, prefix="sc"):
    choice: str  # photo | nophoto | refuse


class SignupSame(CallbackData, prefix="ss"):
    """Is the child being signed up this one the family already has (same birth date, a
    similar name)? «Да»: their record; «Нет»: another child."""

    child: Int
    same: bool


class SignupEdit(CallbackData, prefix="se"):
    field: str  # name | birth | school | grade | phone | group | submit | cancel


class FamilyAction(CallbackData, prefix="f"):
    action: str  # list | invite | ask-cancel | cancel | forget
    id: Int = 0


class OfferAnswer(CallbackData, prefix="o"):
    id: Int
    accept: bool


class ChildIsMe(CallbackData, prefix="cm"):  # a child's own account: which child it is
    child: Int  # 0: none of them


class JoinAs(CallbackData, prefix="ja"):  # who opens a family's invite
    code: str  # the family's invite code (12 characters)
    relation: str  # parent | child


class ConsentGive(CallbackData, prefix="cg"):
    child: Int
    photo: bool


class ConsentReply(CallbackData, prefix="cr"):  # a parent asked for a young pupil's consent
    id: Int  # the application
    answer: str  # p (consent, photos) | n (consent, no photos) | x (no consent)


class ConsentRenew(CallbackData, prefix="cv"):
    """A newer version of the consent text for a child: `open` it, answer it (photo, nophoto,
    yes: a version without photos; no), or the family's consents (`list`, child 0)."""

    child: Int
    choice: str


class AppList(CallbackData, prefix="al"):
    quantum: str  # "" for all
    group: Int = 0  # 0 for every group of the quantum


class AppOpen(CallbackData, prefix="ao"):
    id: Int


class AppDecide(CallbackData, prefix="ad"):
    id: Int
    status: str  # confirmed | navigator | rejected | reject-now


class BcEnrolQuantum(CallbackData, prefix="bk"):
    """One quantum's programmes and groups, to tick as a broadcast's audience; BcEnrolToggle
    ticks them (kind p: the programme's id, kind g: the group's id)."""

    code: str
    page: Int


# ---- schedule -------------------------------------------------------------------------


class ScheduleWeek(CallbackData, prefix="sv"):  # "sw" is SignupWho's
    """A family's or pupil's lessons, one week at a time: 0 this week, 1 the next, -1 the
    last."""

    week: Int


class ScheduleNext(CallbackData, prefix="sn"):
    """The nearest lesson of every child."""


class ScheduleIcs(CallbackData, prefix="si"):
    child: Int  # a child's id; 0 for the whole family; -1 asks whose


class QuantumTimetable(CallbackData, prefix="qt"):
    """Every group of a quantum with its days and times (from the quantum's card)."""

    code: str


# ---- staff: lessons, closures, the week -------------------------------------------------


class LessonGroups(CallbackData, prefix="lg"):
    page: Int


class LessonList(CallbackData, prefix="ll"):
    group: Int
    page: Int


class LessonOpen(CallbackData, prefix="lo"):
    id: Int


class LessonAct(CallbackData, prefix="la"):
    """An action on one lesson as staff saw it: `version` makes a change made meanwhile
    visible instead of overwritten."""

    id: Int
    action: str  # cancel | move | restore | confirm | back | keep-day | keep-time | keep-room
    version: Int


class StaffWeek(CallbackData, prefix="ws"):
    """Every group's lessons, a week at a time (0 this week), for spotting clashes."""

    week: Int


class ClosureStep(CallbackData, prefix="cl"):
    action: str  # add | confirm | cancel | list


class StaffWeekDay(CallbackData, prefix="wd"):
    """One day of a staff week too long for one screen (day 0 = Monday), in parts."""

    week: Int
    day: Int
    part: Int


class ReminderMenu(CallbackData, prefix="rm"):
    """«🔔 Напоминания» in the settings: `action` is open | child (a child's lead times) |
    lead (toggle `lead` for `child`) | quiet (toggle quiet hours) | off | on (all reminders)."""

    action: str
    child: Int = 0
    lead: str = ""


class Absence(CallbackData, prefix="ab"):
    """«🙅 Не придём» under a reminder: `child` misses `lesson`; `undo` takes it back."""

    lesson: Int
    child: Int
    undo: bool = False


# ---- news, partners, questions to staff -------------------------------------------------


class NewsFeed(CallbackData, prefix="nf"):
    """The news feed, newest first, 5 a page; `quantum` filters it ('' = every post)."""

    page: Int = 0
    quantum: str = ""


class NewsFilter(CallbackData, prefix="nq"):
    """Choosing the quantum the feed is filtered by."""

    page: Int = 0


class NewsPost(CallbackData, prefix="np"):
    """One post in full; `page` and `quantum` lead back to the feed page it was opened from,
    `partner` (non-zero) back to that partner's page instead."""

    id: Int
    page: Int = 0
    quantum: str = ""
    partner: Int = 0


class Partners(CallbackData, prefix="pp"):
    """«Проекты с партнёрами»: the partners, a page at a time."""

    page: Int = 0


class PartnerPage(CallbackData, prefix="pa"):
    """A partner's description and posts."""

    id: Int
    page: Int = 0


class NewsSubscribe(CallbackData, prefix="ns"):
    """«🔔 Новости квантума»: subscribe (`on`) or unsubscribe; `back` says where the button
    was: card (the quantum's card), post (a post opened in full), note (a news
    notification), settings."""

    quantum: str
    on: bool
    back: str = "card"


class PostAdmin(CallbackData, prefix="pm"):
    """Staff's posts (/post): list | new | open | edit | publish | schedule | unpublish ..."""

    action: str
    id: Int = 0
    page: Int = 0


class PostStep(CallbackData, prefix="ps"):
    """A choice while writing a post: `step` (quantum, partner, photo, when, ...) and the
    value chosen."""

    step: str
    value: str = ""
