"""The «➕ Новое событие» form's questions (the same form changes an event)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class EventEdit(StatesGroup):
    kind = State()
    title_ru = State()
    title_en = State()
    starts = State()
    ends = State()
    place = State()
    seats = State()
    ages = State()
    quanta = State()
    companions = State()
    until = State()
    description = State()
    description_en = State()
    preview = State()


# the questions in order; in review (from the preview) a change goes back to the preview
# after its group: the English title and description follow the Russian ones, the end the
# start, the ages the seats
ORDER = ("kind", "title_ru", "title_en", "starts", "ends", "place", "seats", "ages", "quanta",
         "companions", "until", "description", "description_en")
CHAINED = {"title_ru": "title_en", "starts": "ends", "seats": "ages",
           "description": "description_en"}
FIELD_STEP = {"kind": "kind", "title": "title_ru", "when": "starts", "place": "place",
              "seats": "seats", "quanta": "quanta", "comp": "companions", "until": "until",
              "desc": "description"}
