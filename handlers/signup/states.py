"""The sign-up form's states: one per question."""

from aiogram.fsm.state import State, StatesGroup


class Signup(StatesGroup):
    choosing = State()  # programme, group, who: buttons
    name = State()
    birth = State()
    school = State()
    grade = State()
    phone = State()
    consent = State()
    summary = State()
