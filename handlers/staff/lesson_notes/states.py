"""The questions of a lesson note: its text, its photos, the preview; and a sent note's new
text."""

from aiogram.fsm.state import State, StatesGroup


class NoteForm(StatesGroup):
    text = State()  # what the group did
    photos = State()  # up to ten photos, then «Готово»
    confirm = State()  # the preview, waiting for «Отправить»
    edit = State()  # a sent note's new text
