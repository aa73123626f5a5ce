"""The buttons of a family's side of events: registering (which children, how many adults,
the consent, the choice when seats run short), «🙅 Не придём» and its confirmation, and the
answer to a seat offered from the waitlist. Prefixes start with "eb"."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int


class EbRegister(CallbackData, prefix="ebr"):
    """«✍️ Записаться» on an event's card: the form begins."""

    event: Int


class EbChild(CallbackData, prefix="ebk"):
    """A known child toggled in the form (0: «➕ Другой ребёнок», -1: «Дальше»)."""

    child: Int


class EbAdults(CallbackData, prefix="eba"):
    """How many adults come along."""

    n: Int


class EbGo(CallbackData, prefix="ebg"):
    """The form's last steps: consent, «✅ Записаться», the choice when seats run short
    (split / wait), leaving the form."""

    action: str


class EbCancel(CallbackData, prefix="ebc"):
    """«🙅 Не придём» (seat 0: the whole registration) and, confirmed, its doing."""

    registration: Int
    seat: Int = 0
    sure: bool = False


class EbOffer(CallbackData, prefix="ebo"):
    """A seat offered from the waitlist: «✅ Приду» or «🙅 Не придём»."""

    seat: Int
    come: bool


class EbConsent(CallbackData, prefix="ebp"):
    """A parent's answer for a young pupil's own registration."""

    registration: Int
    agree: bool


class EbWho(CallbackData, prefix="ebw"):
    """Someone who has not said who they are, at «✍️ Записаться»: registering a child or
    themself (the sign-up's question)."""

    event: Int
    relation: str  # parent | child


class EbTyped(CallbackData, prefix="ebt"):
    """A child typed into the form, pressed to take them out of the selection (their place
    in the list of typed children)."""

    n: Int
