"""The handlers of «📝 Что было на занятии»: pick the lesson, type the text, add photos, look
at the preview and send; change a sent note's text or take it off the schedule. The form
(kept in the conversation's state: the lesson, the text, the photos' file ids) is cleared only
once what it feeds is written."""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.types import CallbackQuery, Message

from bot.services.lesson_notes import MAX_PHOTOS, MAX_TEXT, LessonNotes
from bot.services.telegram_text import tg_len
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_notes import NoteAct, NoteLesson
from bot.ui.keyboards import Buttons, home_button
from handlers import fallback
from handlers.flow import Flow
from handlers.staff.lesson_notes import screens
from handlers.staff.lesson_notes.states import NoteForm


def service(flow: Flow) -> LessonNotes:
    return flow.services.lesson_notes


async def say_home(flow: Flow, key: str) -> None:
    builder = Buttons()
    home_button(builder, flow.t)
    await flow.send((flow.t(key), builder.as_markup()))


async def start(query: CallbackQuery, callback_data: GroupAct, flow: Flow) -> None:
    """«📝 Что было на занятии» on a group's screen: today's lesson at once, else the
    group's lessons of the last 7 days to pick from, or a line that there are none."""
    group = callback_data.group
    pick = await service(flow).lessons(group, flow.now)
    if pick.outcome == "gone":
        await fallback.stale(flow)
        return
    if pick.outcome == "none":
        await flow.show(screens.line_screen(flow.t, flow.t("note-none"), group))
        return
    newest = pick.lessons[0]
    if newest.starts_at.astimezone(flow.zone).date() == flow.today:
        await open_lesson(flow, newest.id)
        return
    await flow.show(screens.pick_screen(flow.t, pick.lessons, list(pick.notes), flow.zone,
                                        group))


async def pick(query: CallbackQuery, callback_data: NoteLesson, flow: Flow) -> None:
    await open_lesson(flow, callback_data.lesson)


async def open_lesson(flow: Flow, lesson_id: int) -> None:
    """The lesson's note (to change or remove), or the form to write one."""
    opened = await service(flow).open(lesson_id, flow.now)
    lesson, note = opened.lesson, opened.note
    if lesson is None:
        await say_home(flow, "note-gone")
        return
    if note is not None:
        await flow.state.clear()
        await flow.send(screens.card_screen(flow.t, note, lesson, flow.zone,
                                            late=opened.outcome == "late"))
        return
    if opened.outcome != "ok":
        await flow.send(screens.line_screen(flow.t, flow.t("note-closed"), lesson.group_id))
        return
    await flow.state.set_state(NoteForm.text)
    await flow.state.set_data({"lesson": lesson.id, "group": lesson.group_id, "photos": []})
    await flow.send(screens.ask_text_screen(flow.t, lesson, flow.zone))


def typed_text(message: Message) -> tuple[str | None, str | None]:
    """The note's text, or the refusal's key with its length: never cut."""
    text = (message.text or "").strip()
    if not text:
        return None, "note-need-text"
    if tg_len(text) > MAX_TEXT:
        return None, "note-too-long"
    return text, None


async def refuse_text(flow: Flow, message: Message, key: str) -> None:
    """What was wrong with the text, under the question's own «Отмена»."""
    data = await flow.state.get_data()
    if data.get("card"):  # a sent note's new text: back to the note
        builder = screens.edit_buttons(flow.t, data["card"])
    elif data.get("lesson"):
        builder = screens.form_buttons(flow.t, data["lesson"], done=False)
    else:
        builder = Buttons()
        home_button(builder, flow.t)
    text = flow.t(key, limit=MAX_TEXT, length=tg_len(message.text or ""))
    await flow.send((text, builder.as_markup()))


async def text_typed(message: Message, flow: Flow) -> None:
    data = await flow.state.get_data()
    text, refusal = typed_text(message)
    if text is None:
        await refuse_text(flow, message, refusal or "note-need-text")
        return
    await flow.state.update_data(text=text)
    if data.get("photos"):  # the text typed again at the preview: back to it
        await preview(flow, {**data, "text": text})
        return
    await flow.state.set_state(NoteForm.photos)
    facts = await service(flow).preview(data["group"])  # told before the photos are picked
    await flow.send(screens.photos_screen(flow.t, screens.ask_photos_text(
        flow.t, facts.no_photos), data["lesson"]))


async def photo_sent(message: Message, flow: Flow) -> None:
    """A photo, counted. An album arrives as one message per photo: each counts, and they
    share one answer, the first photo's, edited as the rest arrive («Фото: n из 10»)."""
    data = await flow.state.get_data()
    photos: list[str] = list(data.get("photos") or [])
    if len(photos) >= MAX_PHOTOS:
        line = flow.t("note-photo-full", max=MAX_PHOTOS)
    else:
        assert message.photo  # the filter's
        photos.append(message.photo[-1].file_id)
        await flow.state.update_data(photos=photos)
        line = screens.photo_count(flow.t, len(photos))
    text, markup = screens.photos_screen(flow.t, line, data["lesson"])
    album = message.media_group_id
    same = album is not None and data.get("album") == album and data.get("status")
    if same and await edit_status(flow, message.chat.id, data["status"], text, markup):
        return
    sent = await message.answer(text, reply_markup=markup)
    await flow.state.update_data(album=album, status=sent.message_id if album else None)


async def edit_status(flow: Flow, chat_id: int, message_id: int, text: str, markup: Any
                      ) -> bool:
    """The album's answer shows the new count; False if it cannot be edited (gone)."""
    try:
        await flow.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                         reply_markup=markup)
    except TelegramRetryAfter:
        return True  # edited too often: the count shows at the next photo, and in the preview
    except TelegramBadRequest as exc:
        return "message is not modified" in exc.message
    return True


async def not_photo(message: Message, flow: Flow) -> None:
    """A file, a video, a sticker, or text where photos are asked for; «Готово» typed is
    pressed."""
    data = await flow.state.get_data()
    if message.text and said_done(flow, message.text):
        await preview(flow, data)
        return
    key = "note-photos-text" if message.text else "note-photo-only"
    await flow.send(screens.photos_screen(flow.t, flow.t(key), data["lesson"]))


def said_done(flow: Flow, text: str) -> bool:
    """«Готово» typed, with or without the button's mark."""
    label = flow.t("btn-note-done")
    word = label.split(maxsplit=1)[-1]
    return text.strip().strip(".!").casefold() in {label.casefold(), word.casefold()}


async def form_data(flow: Flow, lesson_id: int) -> dict[str, Any] | None:
    """The form this press belongs to, or None (an old message's button): said so."""
    data = await flow.state.get_data()
    if await flow.open_step(NoteForm) is None or data.get("lesson") != lesson_id or (
            not data.get("text")):
        await say_home(flow, "note-form-gone")
        return None
    return data


async def done(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    data = await form_data(flow, callback_data.id)
    if data is not None:
        await preview(flow, data)


async def preview(flow: Flow, data: dict[str, Any]) -> None:
    opened = await service(flow).open(data["lesson"], flow.now)
    if opened.lesson is None or opened.outcome != "ok" or opened.note is not None:
        await flow.state.clear()
        key = "note-already" if opened.note is not None else "note-closed"
        await flow.send(screens.line_screen(flow.t, flow.t(key), data["group"]))
        return
    notes = service(flow)
    message, _ = notes.message(opened.lesson, data["text"], flow.t.locale, None)  # its text
    facts = await notes.preview(data["group"])
    await flow.state.set_state(NoteForm.confirm)
    await flow.send(screens.preview_screen(flow.t, message, len(data["photos"]), facts,
                                           data["lesson"]))


async def send(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    data = await form_data(flow, callback_data.id)
    if data is None:
        return
    done = await service(flow).send(flow.user.id, data["lesson"], data["text"], data["photos"])
    await flow.state.clear()  # written (or refused for good): the form has done its work
    if done.outcome == "ok":
        line = flow.t("note-sent", people=done.people)
    else:
        line = flow.t({"already": "note-already", "closed": "note-closed",
                       "not-staff": "note-not-staff"}.get(done.outcome, "note-gone"))
    await flow.send(screens.line_screen(flow.t, line, data["group"]))


async def retype(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    data = await form_data(flow, callback_data.id)
    if data is None:
        return
    opened = await service(flow).open(data["lesson"], flow.now)
    if opened.lesson is None:
        await say_home(flow, "note-gone")
        return
    await flow.state.set_state(NoteForm.text)
    await flow.send(screens.ask_text_screen(flow.t, opened.lesson, flow.zone))


async def cancel(query: CallbackQuery, callback_data: NoteAct, flow: Flow) -> None:
    data = await flow.state.get_data()
    if await flow.open_step(NoteForm) is not None:
        await flow.state.clear()
    builder = Buttons()
    if data.get("group"):
        screens.way_back(flow.t, builder, data["group"])
    else:
        home_button(builder, flow.t)
    await flow.send((flow.t("note-cancelled"), builder.as_markup()))
