"""What the chat shows: pure functions from a reply to a screen (text and buttons). Every
word of the person's own that is echoed is escaped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime

from aiogram import html
from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton

from bot.i18n import T
from bot.services.catalogue import Catalogue, Quantum
from bot.services.chat import UNDERSTOOD_LIMIT, Audience, ForWhom, Pick, Reply
from bot.services.faq import QUANTUM_BUTTON, FaqEntry
from bot.services.question_notices import PREVIEW, ago
from bot.ui.callbacks import Nav, NewsFeed, QuantumCard, ScheduleWeek, SignupStart
from bot.ui.callbacks_chat import ChatAsk, ChatMap, MissedPage
from bot.ui.callbacks_questions import Ask
from bot.ui.callbacks_schedule import ScheduleOpen
from bot.ui.keyboards import Buttons, Screen, button_label, home_button, page_count, pager
from storage.unanswered import Missed
from storage.users import User

CARD_BACK = "c0"  # a card opened from the chat goes back to the catalogue's first page
MAX_QUANTA = 4  # quanta with buttons under an answer to interests (two buttons each)
MISSED_PAGE = 10
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NUMBER = re.compile(r"[+(]?\d(?:[\s().\-‐‑–—]*\d)+")  # digits, maybe with spaces, dashes…
DIGIT = re.compile(r"\d")


# ages said in words («10 лет», «Вот что подойдёт в 10–12 лет»), by the reader's language
# and voice: a few dozen in all, each formatted once (Fluent's plurals cost more than the rest
# of an answer's text)
_ages_said: dict[tuple[object, ...], str] = {}


def said_once(t: T, key: tuple[object, ...], say: Callable[[], str]) -> str:
    full = (*key, *t.reader)
    text = _ages_said.get(full)
    if text is None:
        if len(_ages_said) >= 4096:
            _ages_said.clear()
        text = _ages_said[full] = say()
    return text


def you(t: T) -> str:
    return str(t.defaults.get("you", "vy"))


def years(t: T, audience: Audience) -> str:
    low, high = audience.low, audience.high
    if low == high:
        return said_once(t, ("years", low), lambda: t("chat-years", age=low))
    return said_once(t, ("ages", low, high), lambda: t("chat-ages", low=low, high=high))


def age_args(t: T, audience: Audience) -> dict[str, str | int]:
    """An age for a sentence, each language building it its own way: said (`age`: «10 лет»),
    or its numbers (`low`, `high`, `band`: «a 10-year-old», «at 10–12»)."""
    return {"age": years(t, audience), "low": audience.low, "high": audience.high,
            "band": "single" if audience.low == audience.high else "band"}


def for_whom(t: T, key: str, audience: Audience, **kwargs: object) -> str:
    """A text about one audience of several: `key` with a child's name («Миша (8 лет)»), or
    its `-age` sibling with only the age, when several ages were typed («8 лет»)."""
    if audience.name is None:
        return t(key.replace("-child", "-age"), age=years(t, audience), **kwargs)
    return t(key, name=html.quote(audience.name), age=years(t, audience), **kwargs)


def heading(t: T, audience: Audience) -> str:
    """«Вот что подойдёт в 10 лет», «Here's what suits a 10-year-old»."""
    return said_once(t, ("heading", audience.low, audience.high),
                     lambda: t("chat-interests-age", **age_args(t, audience)))


def quantum_ages(t: T, quantum: Quantum) -> str:
    return t("chat-ages", low=quantum.age_min, high=quantum.age_max)


def not_yet(t: T, quantum: Quantum, audience: Audience, *, title: bool) -> str:
    """«IT-квантум — с 10 лет» (`title`: a line of its own) or «IT-квантум с 10 лет» (inside
    a sentence), «… до 17 лет» for an age past it."""
    name = quantum.text(t.locale).name
    young = audience.high < quantum.age_min
    return t("chat-not-yet", title=name, sep="dash" if title else "none",
             edge="from" if young else "to", age=quantum.age_min if young else quantum.age_max)


def unfit_lines(t: T, answer: ForWhom, several: bool) -> list[str]:
    """What the person's words matched that the age does not fit: for one audience a heading
    and a line each, for a child of several one line."""
    audience = answer.audience
    if audience is None:
        return []
    if several:
        quanta = ", ".join(not_yet(t, p.quantum, audience, title=False) for p in answer.unfit)
        return [for_whom(t, "chat-child-unfit", audience, quanta=quanta)]
    return [t("chat-unfit", **age_args(t, audience)),
            *(f"• {not_yet(t, p.quantum, audience, title=True)}" for p in answer.unfit)]


def because_words(pick: Pick) -> str:
    """The person's words that matched, as they typed them (escaped), each once."""
    seen: dict[str, None] = {}
    for because in pick.because:
        seen.setdefault(because.typed.strip(), None)
    return ", ".join(html.quote(word) for word in seen if word)


def pick_line(t: T, pick: Pick) -> str:
    """«• роботов → Робоквантум: …»: the name without its emoji, which only starts a line."""
    text = pick.quantum.text(t.locale)
    words = because_words(pick)

    def say() -> str:
        short, name = html.quote(text.short), html.quote(text.name)
        if words:
            return t("chat-pick", because=words, title=name, short=short)
        return t("chat-pick-plain", title=name, short=short)

    return said_once(t, ("pick", words, text.name, text.short), say)


def answer_lines(t: T, answer: ForWhom, several: bool) -> list[str]:
    lines: list[str] = []
    audience = answer.audience
    if not answer.picks:
        return unfit_lines(t, answer, several)
    if several and audience is not None:
        lines.append(for_whom(t, "chat-for-child", audience))
    lines.extend(pick_line(t, pick) for pick in answer.picks)
    return lines


# a quantum's card and sign-up buttons, by the texts they are made of and the reader
_pairs: dict[tuple[object, ...], tuple[InlineKeyboardButton, InlineKeyboardButton]] = {}


def quantum_pair(t: T, quantum: Quantum) -> tuple[InlineKeyboardButton, InlineKeyboardButton]:
    """«🤖 Робоквантум» (its card) and «✍️ Робоквантум» (its sign-up), made once."""
    title, name = quantum.title(t.locale), quantum.text(t.locale).name
    key = (quantum.code, title, name, *t.reader)
    pair = _pairs.get(key)
    if pair is None:
        if len(_pairs) >= 1024:
            _pairs.clear()
        pair = _pairs[key] = (
            InlineKeyboardButton(text=title, callback_data=QuantumCard(
                code=quantum.code, back=CARD_BACK).pack()),
            InlineKeyboardButton(text=button_label(t("btn-chat-signup-to", quantum=name)),
                                 callback_data=SignupStart(code=quantum.code).pack()))
    return pair


def quanta_buttons(t: T, builder: Buttons, quanta: Iterable[Quantum]) -> int:
    """A card and a sign-up named after it («✍️ Робоквантум») for each (MAX_QUANTA at most):
    several «✍️ Записаться» in a column would not say which is which. Returns how many
    rows."""
    rows = 0
    once: dict[str, Quantum] = {}
    for quantum in quanta:
        once.setdefault(quantum.code, quantum)
    for quantum in list(once.values())[:MAX_QUANTA]:
        builder.add(*quantum_pair(t, quantum))
        rows += 1
    return rows


def interests_screen(t: T, reply: Reply) -> Screen:
    answers = reply.answers
    several = len(answers) > 1
    single = answers[0].audience if len(answers) == 1 else None
    if reply.unfit:  # nothing fits anybody: what was matched, and from what age
        lines: list[str] = []
        for answer in answers:
            lines.extend(unfit_lines(t, answer, several))
        lines.extend(["", t("chat-unfit-more")])
        quanta = [pick.quantum for pick in reply.unfit]
    else:
        lines = [heading(t, single) if single is not None else t("chat-interests")]
        for answer in answers:
            lines.append("")
            lines.extend(answer_lines(t, answer, several))
        lines.extend(["", t("chat-interests-more")])
        quanta = [pick.quantum for answer in answers for pick in answer.picks]
    builder = Buttons()
    rows = quanta_buttons(t, builder, quanta)
    if reply.unfit:  # the text says the quiz helps choose
        builder.button(text=t("btn-chat-quiz"), callback_data=Nav(to="quiz"))
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    home_button(builder, t)
    builder.adjust(*([2] * rows), 2, 1)
    return "\n".join(lines), builder.as_markup()


def faq_button(t: T, button: str, entry: FaqEntry, catalogue: Catalogue,
               named: Quantum | None = None) -> tuple[str, CallbackData] | None:
    """A FAQ entry's button as the bot shows it; None for a quantum the catalogue no longer
    has. `named`: the quantum the text named, which a sign-up starts from when the entry has
    no quantum of its own."""
    found = QUANTUM_BUTTON.match(button)
    if found:
        quantum = catalogue.get(found.group(1))
        if quantum is None:
            return None
        return quantum.title(t.locale), QuantumCard(code=quantum.code, back=CARD_BACK)
    if button == "signup":
        # the sign-up starts from a quantum: the entry's own, else the catalogue to pick one
        codes = [m.group(1) for b in entry.buttons if (m := QUANTUM_BUTTON.match(b))]
        codes += [named.code] if named is not None else []
        if codes and catalogue.get(codes[0]) is not None:
            return t("btn-chat-signup"), SignupStart(code=codes[0])
        return t("btn-chat-signup"), Nav(to="catalogue")
    return {
        "catalogue": (t("btn-catalogue"), Nav(to="catalogue")),
        "quiz": (t("btn-quiz"), Nav(to="quiz")),
        "events": (t("btn-news"), NewsFeed(page=0)),  # the news, until events exist
        "news": (t("btn-news"), NewsFeed(page=0)),
        # a new message: the answer stays; without a family, what to do to have lessons
        "schedule": (t("btn-schedule"), ScheduleOpen()),
        "ask": (t("btn-ask"), Ask(action="start")),
        "map": (t("btn-chat-map"), ChatMap()),
    }.get(button)


# FAQ answers as shown, by the entry, the quantum named, the catalogue and the reader; the
# objects they were made from are kept beside them, so an entry or a catalogue loaded anew
# (a new object that may take an old one's id) is never given another's screen
_faq_screens: dict[tuple[object, ...], tuple[FaqEntry, Catalogue, Quantum | None, Screen]] = {}


def faq_screen(t: T, entry: FaqEntry, catalogue: Catalogue, named: Quantum | None = None
               ) -> Screen:
    """The entry's answer and buttons, the card of the quantum the text named first («сколько
    стоит робототехника»: «🤖 Робоквантум»); a quiet «❓ Спросить у сотрудников» beside home
    (unless the entry has its own): a wrong guess leaves the question one tap from staff.
    Rendered once for each reader's language and voice."""
    key = (id(entry), id(catalogue), id(named), *t.reader)
    found = _faq_screens.get(key)
    if found is not None and found[0] is entry and found[1] is catalogue and found[2] is named:
        return found[3]
    screen = render_faq(t, entry, catalogue, named)
    if len(_faq_screens) >= 1024:
        _faq_screens.clear()
    _faq_screens[key] = (entry, catalogue, named, screen)
    return screen


def render_faq(t: T, entry: FaqEntry, catalogue: Catalogue, named: Quantum | None) -> Screen:
    builder = Buttons()
    shown: set[str] = set()
    first = [f"q:{named.code}"] if named is not None else []
    for button in [*first, *entry.buttons]:
        made = faq_button(t, button, entry, catalogue, named)
        if made is not None and (data := made[1].pack()) not in shown:
            shown.add(data)
            builder.button(text=made[0], callback_data=data)
    own = len(shown)
    if entry.ask_staff and Ask(action="start").pack() not in shown:
        builder.button(text=t("btn-chat-ask"), callback_data=Ask(action="start"))
    home_button(builder, t)
    builder.adjust(*([2] * (own // 2)), *([1] * (own % 2)), 2)
    return entry.text(t.locale).answer_for(you(t)), builder.as_markup()


def nothing_screen(t: T, user: User, reply: Reply) -> Screen:
    """«Не понял» (or: too long to read here) with what the bot can do, and the text one tap
    from staff."""
    unanswered = reply.unanswered
    if reply.refusal is not None:  # too long even for staff: shorter, by «❓ Задать вопрос»
        lines = [t("chat-too-long-to-ask", read=UNDERSTOOD_LIMIT, **reply.refusal.kwargs)]
    elif reply.too_long:
        lines = [t("chat-too-long", limit=UNDERSTOOD_LIMIT,
                   ask="yes" if unanswered is not None else "no")]
    else:
        lines = [t("chat-nothing")]
        if unanswered is not None:
            lines.append(t("chat-nothing-ask"))
    if reply.asked:  # the same text today, already with staff: not sent twice
        lines.append(t("chat-ask-already"))
    builder = Buttons()
    if unanswered is not None:
        builder.button(text=t("btn-chat-ask"), callback_data=ChatAsk(id=unanswered))
    elif reply.refusal is not None:
        builder.button(text=t("btn-ask"), callback_data=Ask(action="start"))
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    builder.button(text=t("btn-quiz"), callback_data=Nav(to="quiz"))
    if user.family_role is not None:
        builder.button(text=t("btn-schedule"), callback_data=ScheduleWeek(week=0))
    home_button(builder, t)
    builder.adjust(*((1,) if unanswered is not None or reply.refusal is not None else ()), 2)
    return "\n\n".join(lines), builder.as_markup()


def home_only(t: T, text: str, *, ask: bool = False) -> Screen:
    """A note with the way on: «❓ Задать вопрос» (with `ask`) and home."""
    builder = Buttons()
    if ask:
        builder.button(text=t("btn-ask"), callback_data=Ask(action="start"))
    home_button(builder, t)
    builder.adjust(2)
    return text, builder.as_markup()


# ---- /unanswered ----------------------------------------------------------------------------


def masked(text: str) -> str:
    """What people type may hold a phone, a document's number or an e-mail: in the list they
    show as «•••» (five digits or more, spaces, dashes and brackets between them or not) and
    «…@…»."""
    text = EMAIL.sub("…@…", text)
    return NUMBER.sub(lambda found: "•••" if len(DIGIT.findall(found[0])) >= 5 else found[0],
                      text)


def preview(text: str) -> str:
    """A text as a line of the list: numbers and e-mails masked, one line, cut at PREVIEW
    characters, escaped."""
    flat = " ".join(masked(text).split())
    return html.quote(flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…")


def missed_screen(t: T, missed: list[Missed], total: int, page: int, now: datetime
                  ) -> Screen:
    builder = Buttons()
    pages = page_count(total, MISSED_PAGE)
    if not missed:
        home_button(builder, t)
        return t("unanswered-none"), builder.as_markup()
    lines = [t("unanswered-title", total=total, page=page + 1, pages=pages),
             t("unanswered-hint"), ""]
    lines.extend(t("unanswered-line", text=preview(m.text), times=m.times,
                   when=ago(t, now, m.last)) for m in missed)
    nav = pager(builder, t, page, pages, lambda n: MissedPage(page=n))
    home_button(builder, t)
    builder.adjust(*((nav,) if nav else ()), 1)
    return "\n".join(lines), builder.as_markup()
