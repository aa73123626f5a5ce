"""Staff: «📝 Что было на занятии» — a note about a lesson, with photos, to the group's families
and under that lesson in their schedule; changed or removed within 7 days.

`states` holds the form's questions, `screens` what is shown, `steps` the form's handlers,
`changes` a sent note's; the use cases are bot/services/lesson_notes.py's. Inside the staff
router: a press by anyone else gets the out-of-date answer and changes nothing. Routed:"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter

from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_notes import NoteAct, NoteLesson
from handlers.staff.lesson_notes import changes, steps
from handlers.staff.lesson_notes.states import NoteForm

__all__ = ["NoteForm", "router"]


def router() -> Router:
    r = Router(name="staff-lesson-notes")
    # the group screen's button, then a lesson picked (its note, or the form)
    r.callback_query.register(steps.start, GroupAct.filter(F.action == "notes"))
    r.callback_query.register(steps.pick, NoteLesson.filter())
    # the form's buttons
    r.callback_query.register(steps.done, NoteAct.filter(F.action == "done"))
    r.callback_query.register(steps.send, NoteAct.filter(F.action == "send"))
    r.callback_query.register(steps.retype, NoteAct.filter(F.action == "retype"))
    r.callback_query.register(steps.cancel, NoteAct.filter(F.action == "cancel"))
    # a sent note's
    r.callback_query.register(changes.edit, NoteAct.filter(F.action == "edit"))
    r.callback_query.register(changes.remove, NoteAct.filter(F.action == "remove"))
    r.callback_query.register(changes.removed, NoteAct.filter(F.action == "removed"))
    # typed: one handler per question (commands such as /cancel pass through)
    typed = (F.text, ~F.text.startswith("/"))
    r.message.register(steps.text_typed, StateFilter(NoteForm.text), *typed)
    r.message.register(steps.photo_sent, StateFilter(NoteForm.photos), F.photo)
    r.message.register(changes.edit_typed, StateFilter(NoteForm.edit), *typed)
    not_command = ~F.text.startswith("/")
    r.message.register(steps.text_typed, StateFilter(NoteForm.text, NoteForm.edit), not_command)
    r.message.register(steps.not_photo, StateFilter(NoteForm.photos), not_command)
    return r
