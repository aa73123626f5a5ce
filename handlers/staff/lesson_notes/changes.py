"""A sent note within 7 days of its lesson: a new text (the photos stay; its messages not sent
yet carry the new text), or off the schedule. Later presses are refused; what was delivered
stays in the families' chats."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from bot.ui.callbacks_notes import NoteAct
from handlers.flow import Flow
from handlers.staff.lesson_notes import screens
from handlers.staff.lesson_notes.states import NoteForm
from handlers.staff.lesson_notes.steps import refuse_text, say_home, service, typed_text

RESULTS = {"late": "note-late", "not-staff": "note-not-staff", "gone": "note-gone"}


async def edit(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    """«✏️ Изменить текст» on a sent note: asks for the new text, if it is not too late."""
    found = await service(flow).note(callback_data.id, flow.now)
    if found.outcome != "ok" or found.lesson is None:
        await answer(flow, found.outcome, found.lesson.group_id if found.lesson else 0)
        return
    await flow.state.set_state(NoteForm.edit)
    await flow.state.set_data({"note": callback_data.id, "group": found.lesson.group_id,
                               "card": found.lesson.id})
    await flow.send(screens.ask_edit_screen(flow.t, found.lesson.id))


async def edit_typed(message: Message, flow: Flow) -> None:
    data = await flow.state.get_data()
    text, refusal = typed_text(message)
    if text is None:
        await refuse_text(flow, message, refusal or "note-need-text")
        return
    done = await service(flow).edit(flow.user.id, data["note"], text)
    await flow.state.clear()
    await answer(flow, done.outcome, data["group"], "note-edited", queued=done.people)


async def remove(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    """«🗑 Убрать из расписания»: asked once more."""
    found = await service(flow).note(callback_data.id, flow.now)
    if found.outcome != "ok" or found.lesson is None:
        await answer(flow, found.outcome, found.lesson.group_id if found.lesson else 0)
        return
    await flow.send(screens.ask_remove_screen(flow.t, callback_data.id, found.lesson.id))


async def removed(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    done = await service(flow).remove(flow.user.id, callback_data.id)
    group = done.lesson.group_id if done.lesson else 0
    await answer(flow, done.outcome, group, "note-removed")


async def answer(flow: Flow, outcome: str, group: int, ok: str = "note-gone",
                 queued: int = 0) -> None:
    key = ok if outcome == "ok" else RESULTS.get(outcome, "note-gone")
    if group:
        await flow.send(screens.line_screen(flow.t, flow.t(key, queued=queued), group))
    else:
        await say_home(flow, key)
