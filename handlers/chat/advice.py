"""What a text asking what to choose («дочке 7 что посоветуете») or giving only an age
(«мне 9») gets: the quanta the known age fits — for each child of several — as a short list
with their ages, the cards as buttons (the rest behind «📚 Все квантумы»), and the quiz, which
is how to choose among them by interest. No age known: the quiz, and the age asked for."""

from __future__ import annotations

from aiogram import html

from bot.i18n import T
from bot.services.catalogue import Catalogue, Quantum
from bot.services.chat import ForWhom, Reply
from bot.ui.callbacks import Nav, QuantumCard
from bot.ui.callbacks_chat import ChatAsk
from bot.ui.keyboards import Buttons, Screen, home_button
from handlers.chat.screens import CARD_BACK, for_whom, heading, quantum_ages

LISTED = 6  # quanta listed (and as buttons) for an age; the rest are in the catalogue


def quantum_line(t: T, quantum: Quantum) -> str:
    """«• Робоквантум — 7–17 лет»: the name without its emoji, which only starts a line."""
    return t("chat-advice-line", title=html.quote(quantum.text(t.locale).name),
             ages=quantum_ages(t, quantum))


def answer_lines(t: T, answer: ForWhom, catalogue: Catalogue, several: bool) -> list[str]:
    """One audience's quanta (LISTED at most, then how many more), or that none fits yet."""
    audience = answer.audience
    if audience is None:
        return []
    if not answer.picks:
        low = min(q.age_min for q in catalogue.quanta)
        high = max(q.age_max for q in catalogue.quanta)
        if several:
            return [for_whom(t, "chat-advice-child-none", audience, low=low, high=high)]
        return [t("chat-advice-none", low=low, high=high)]
    lines = [for_whom(t, "chat-for-child", audience)] if several else []
    lines.extend(quantum_line(t, pick.quantum) for pick in answer.picks[:LISTED])
    if len(answer.picks) > LISTED:
        lines.append(t("chat-advice-more", more=len(answer.picks) - LISTED))
    return lines


def advice_screen(t: T, reply: Reply, catalogue: Catalogue) -> Screen:
    builder = Buttons()
    answers = reply.answers
    if not answers:  # no age known: the quiz, and the age asked for
        builder.button(text=t("btn-chat-quiz"), callback_data=Nav(to="quiz"))
        builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
        home_button(builder, t)
        builder.adjust(2, 1)
        return t("chat-advice-ask"), builder.as_markup()
    several = len(answers) > 1
    single = answers[0].audience if not several else None
    lines: list[str] = []
    if any(answer.picks for answer in answers):  # else each says that nothing fits yet
        lines.extend([heading(t, single) if single is not None else t("chat-advice-ages"), ""])
    for n, answer in enumerate(answers):
        lines.extend([*([""] if n else []), *answer_lines(t, answer, catalogue, several)])
    lines.extend(["", t("chat-advice-quiz")])
    once: dict[str, Quantum] = {}
    for answer in answers:
        for pick in answer.picks[:LISTED]:
            once.setdefault(pick.quantum.code, pick.quantum)
    cards = list(once.values())[:LISTED]
    for quantum in cards:
        builder.button(text=quantum.title(t.locale),
                       callback_data=QuantumCard(code=quantum.code, back=CARD_BACK))
    builder.button(text=t("btn-chat-quiz"), callback_data=Nav(to="quiz"))
    builder.button(text=t("btn-catalogue"), callback_data=Nav(to="catalogue"))
    ask = reply.unanswered is not None
    if reply.unanswered is not None:  # an age with words not understood: one tap to staff
        builder.button(text=t("btn-chat-ask"), callback_data=ChatAsk(id=reply.unanswered))
    home_button(builder, t)
    builder.adjust(*([2] * (len(cards) // 2)), *([1] * (len(cards) % 2)), 2,
                   *((1,) if ask else ()), 1)
    return "\n".join(lines), builder.as_markup()
