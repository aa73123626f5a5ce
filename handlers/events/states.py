"""The registration form's states (a family signing up for an event): one per question."""

from aiogram.fsm.state import State, StatesGroup


class EventSignup(StatesGroup):
    children = State()  # the family's children as buttons
    name = State()  # another child's name
    birth = State()  # and birth date
    adults = State()
    phone = State()
    consent = State()
    summary = State()
    choose = State()  # seats run short: the free ones now, or all wait
