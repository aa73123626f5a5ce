"""Every button's callback data. Prefixes are short; values are ids and codes, never names
(Telegram allows 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class Nav(CallbackData, prefix="n"):
    """Top-level screens: home, catalogue, quiz, settings, language, role."""

    to: str


class RoleChoice(CallbackData, prefix="r"):
    role: str  # pupil | parent


class LangChoice(CallbackData, prefix="l"):
    code: str


class CataloguePage(CallbackData, prefix="c"):
    page: int


class QuantumCard(CallbackData, prefix="q"):
    code: str
    back: str  # "c<page>" back to the catalogue page, "r" back to the quiz result


class QuizAnswer(CallbackData, prefix="z"):
    step: int
    answer: int  # index of the answer; -1 skips the age question


class QuizAction(CallbackData, prefix="za"):
    action: str  # start | result


# ---- staff ----------------------------------------------------------------------------


class StaffRemove(CallbackData, prefix="sr"):
    user_id: int


class BcAudience(CallbackData, prefix="ba"):
    key: str  # r (role) | l (language)
    value: str  # "" for anyone


class BcQuanta(CallbackData, prefix="bq"):
    page: int


class BcToggle(CallbackData, prefix="bt"):
    code: str
    page: int


class BcStep(CallbackData, prefix="bs"):
    action: str  # audience | preview | send | edit | cancel | clear


class BcStop(CallbackData, prefix="bx"):
    id: int
