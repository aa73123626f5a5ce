"""The sign-up form's states: one per question."""

from aiogram.fsm.state import State, StatesGroup


class Signup(StatesGroup):
    choosing = State()  # programme, group, who: buttons
    name = State()
    birth = State()
    same = State()  # is this the child the family has? (buttons)
    school = State()
    grade = State()
    phone = State()
    consent = State()
    summary = State()
