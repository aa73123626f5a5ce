"""The states of changing one lesson: one per question, then the preview to confirm."""

from aiogram.fsm.state import State, StatesGroup


class LessonChange(StatesGroup):
    day = State()  # a move: the new day
    time = State()  # the new time
    room = State()  # the new room
    reason = State()  # why (cancel, move)
    confirm = State()  # the preview, waiting for ✅
