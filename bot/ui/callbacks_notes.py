"""The buttons of «📝 Что было на занятии»: a lesson picked for a note, and the form's and the
note's own buttons."""

from __future__ import annotations

from typing import Literal

from aiogram.filters.callback_data import CallbackData

from bot.ui.callbacks import Int

# done: the photos are in, show the preview; send: confirm it; retype: type the text again;
# cancel: drop the form; edit: a new text for a sent note; remove / removed: take it off the
# schedule (asked, then done)
NoteAction = Literal["done", "send", "retype", "cancel", "edit", "remove", "removed"]


class NoteLesson(CallbackData, prefix="ntl"):
    """A lesson picked: its note, or the form to write one."""

    lesson: Int


class NoteAct(CallbackData, prefix="nta"):
    """A button of the form (`id`: the lesson) or of a sent note (`id`: the note)."""

    action: NoteAction
    id: Int
