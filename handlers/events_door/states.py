"""The door's typed answers: a ticket's code after a bare /checkin, a comment after stars."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class DoorForm(StatesGroup):
    code = State()  # staff: the code on a ticket
    comment = State()  # after «Как вам?»: a few words, or «Пропустить»
