"""The sign-up form: programme → group → who → name → birth date → school → grade → phone →
consent → summary → send. One question at a time; a wrong answer is explained and asked again;
/cancel leaves; the form lives in the FSM storage and survives a restart.

states: the form's states; form: the SignupForm a step builds over its flow; screens: what
is shown; steps: the handlers, one per question and kind of button; records: the records the family
already has (the pupil's own, a child signed up before, one much like the child typed)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import Message

from bot.ui.callbacks import (
    SignupConsent,
    SignupEdit,
    SignupGrade,
    SignupPage,
    SignupPick,
    SignupSame,
    SignupStart,
    SignupWho,
)
from handlers.signup import records, steps, submit
from handlers.signup.states import Signup

__all__ = ["Signup", "router"]


async def not_command(message: Message) -> bool:
    """Anything but a command (a shared contact too). A coroutine: aiogram runs a plain
    function or an F rule in a thread of its own, a hop that costs more than the step."""
    return not (message.text or "").startswith("/")


def router() -> Router:
    r = Router(name="signup")
    in_form = StateFilter(*Signup.__states__)
    cb = r.callback_query.register
    cb(steps.start, SignupStart.filter())
    cb(steps.pick_programme, SignupPick.filter(F.kind == "p"), StateFilter(Signup.choosing))
    cb(steps.pick_group, SignupPick.filter(F.kind == "g"), StateFilter(Signup.choosing))
    cb(records.pick_known_child, SignupPick.filter(F.kind == "c"), StateFilter(Signup.name))
    cb(records.same_child, SignupSame.filter(), StateFilter(Signup.same))
    cb(steps.pick_out_of_turn, SignupSame.filter(), in_form)
    cb(steps.pick_out_of_turn, SignupPick.filter(), in_form)
    cb(steps.turn_page, SignupPage.filter(F.kind.in_({"p", "g"})), in_form)
    cb(steps.choose_who, SignupWho.filter(), in_form)
    cb(steps.grade_pressed, SignupGrade.filter(), StateFilter(Signup.grade))
    cb(steps.consent_pressed, SignupConsent.filter(), StateFilter(Signup.consent))
    cb(steps.cancel, SignupEdit.filter(F.field == "cancel"), in_form)
    cb(submit.submit, SignupEdit.filter(F.field == "submit"), in_form)
    cb(steps.edit, SignupEdit.filter(), in_form)
    typed = r.message.register
    typed(steps.name_typed, StateFilter(Signup.name), not_command)
    typed(steps.birth_typed, StateFilter(Signup.birth), not_command)
    typed(steps.school_typed, StateFilter(Signup.school), not_command)
    typed(steps.grade_typed, StateFilter(Signup.grade), not_command)
    typed(steps.phone_typed, StateFilter(Signup.phone), not_command)
    typed(steps.typed_for_buttons, in_form, not_command)
    return r
