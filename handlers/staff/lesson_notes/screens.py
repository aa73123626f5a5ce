"""What «📝 Что было на занятии» shows staff: the lessons to pick, the form's questions, the
preview, the note sent, a note's card. Pure renderings of what they are given."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram import html
from babel.dates import format_datetime

from bot.i18n import T
from bot.services import dates
from bot.services.lesson_notes import MAX_PHOTOS, MAX_TEXT, Preview
from bot.services.telegram_text import shorten
from bot.ui.callbacks_groups import GroupOpen
from bot.ui.callbacks_notes import NoteAct, NoteLesson
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from storage.lesson_notes import Note
from storage.lesson_rows import Lesson

NAMES = 600  # the children without photo consent, at most this long in the preview


def words(t: T, lesson: Lesson, zone: ZoneInfo) -> dict[str, str]:
    return {
        "programme": html.quote(lesson.title(t.locale)),
        "group": html.quote(lesson.group_title(t.locale)),
        "when": dates.lesson_time(lesson.starts_at, lesson.ends_at, zone, t.locale),
    }


def way_back(t: T, builder: Buttons, group_id: int) -> None:
    builder.button(text=t("btn-note-group"), callback_data=GroupOpen(group=group_id))
    home_button(builder, t)


def line_screen(t: T, text: str, group_id: int) -> Screen:
    """A line, and the ways back: the group's screen, home."""
    builder = Buttons()
    way_back(t, builder, group_id)
    return text, builder.as_markup()


def pick_screen(t: T, lessons: Sequence[Lesson], notes: Sequence[int], zone: ZoneInfo,
                group_id: int) -> Screen:
    builder = Buttons()
    for lesson in lessons:
        # «ср 02.12, 15:30–17:00» (as the group's lessons): fits the button whole; the
        # programme is the group's, the same on every button
        when = format_datetime(lesson.starts_at.astimezone(zone), "EEE dd.MM, HH:mm",
                               locale=t.locale) + f"–{lesson.ends_at.astimezone(zone):%H:%M}"
        label = t("note-pick-button", mark="📝 " if lesson.id in notes else "", when=when)
        builder.button(text=button_label(label), callback_data=NoteLesson(lesson=lesson.id))
    way_back(t, builder, group_id)
    builder.adjust(*([1] * len(lessons)), 2)
    return t("note-pick"), builder.as_markup()


def form_buttons(t: T, lesson_id: int, *, done: bool) -> Buttons:
    builder = Buttons()
    if done:
        builder.button(text=t("btn-note-done"), callback_data=NoteAct(action="done", id=lesson_id))
    builder.button(text=t("btn-note-cancel"), callback_data=NoteAct(action="cancel", id=lesson_id))
    return builder


def ask_text_screen(t: T, lesson: Lesson, zone: ZoneInfo) -> Screen:
    text = t("note-ask-text", limit=MAX_TEXT, **words(t, lesson, zone))
    return text, form_buttons(t, lesson.id, done=False).as_markup()


def photos_screen(t: T, text: str, lesson_id: int) -> Screen:
    """A line of the photos' step, and «Готово» / «Отмена» under it."""
    return text, form_buttons(t, lesson_id, done=True).as_markup()


def ask_photos_text(t: T, no_photos: Sequence[str]) -> str:
    """The photos' question, and before any photo is picked, whose photos may not be sent."""
    text = t("note-ask-photos", max=MAX_PHOTOS)
    if no_photos:
        text += "\n\n" + no_consent(t, no_photos)
    return text


def no_consent(t: T, names: Sequence[str]) -> str:
    # a whole group's names fit; past that the list is cut (the note stays whole)
    return t("note-no-consent", names=html.quote(shorten(", ".join(names), NAMES)))


def photo_count(t: T, count: int) -> str:
    if count >= MAX_PHOTOS:
        return t("note-photo-full", max=MAX_PHOTOS)
    return t("note-photo-added", count=count, max=MAX_PHOTOS)


def preview_screen(t: T, message: str, photos: int, preview: Preview, lesson_id: int
                   ) -> Screen:
    """The note as families will read it, how many photos, who gets it, whose photos may
    not be shown; «Отправить», «Изменить текст», «Отмена»."""
    facts = [t("note-preview-facts", photos=photos, people=preview.people,
               families=preview.families)]
    if not preview.people:
        facts.append(t("note-preview-no-one"))
    if preview.no_photos and photos:
        facts.append(no_consent(t, preview.no_photos))
    facts.append(t("note-preview-ask"))
    head = t("note-preview")
    tail = "\n\n".join(facts)
    builder = Buttons()
    builder.button(text=t("btn-note-send"), callback_data=NoteAct(action="send", id=lesson_id))
    builder.button(text=t("btn-note-retype"),
                   callback_data=NoteAct(action="retype", id=lesson_id))
    builder.button(text=t("btn-note-cancel"), callback_data=NoteAct(action="cancel", id=lesson_id))
    builder.adjust(1, 2)
    return f"{head}\n\n{message}\n\n{tail}", builder.as_markup()


def card_screen(t: T, note: Note, lesson: Lesson, zone: ZoneInfo, *, late: bool) -> Screen:
    """A sent note: its text and photos' count; change or remove it within 7 days."""
    text = t("note-card", photos=len(note.photos), text=html.quote(note.text),
             **words(t, lesson, zone))
    builder = Buttons()
    if late:
        text += "\n\n" + t("note-late")
    else:
        builder.button(text=t("btn-note-edit"), callback_data=NoteAct(action="edit", id=note.id))
        builder.button(text=t("btn-note-remove"),
                       callback_data=NoteAct(action="remove", id=note.id))
    way_back(t, builder, lesson.group_id)
    builder.adjust(*((1, 1, 2) if not late else (2,)))
    return text, builder.as_markup()


def ask_remove_screen(t: T, note_id: int, lesson_id: int) -> Screen:
    builder = Buttons()
    builder.button(text=t("btn-note-remove-yes"),
                   callback_data=NoteAct(action="removed", id=note_id))
    builder.button(text=t("btn-note-keep"), callback_data=NoteLesson(lesson=lesson_id))
    return t("note-ask-remove"), builder.as_markup()


def edit_buttons(t: T, lesson_id: int) -> Buttons:
    """Under the question for a sent note's new text: «Отмена», back to the note."""
    builder = Buttons()
    builder.button(text=t("btn-note-cancel"), callback_data=NoteLesson(lesson=lesson_id))
    return builder


def ask_edit_screen(t: T, lesson_id: int) -> Screen:
    return t("note-ask-edit", limit=MAX_TEXT), edit_buttons(t, lesson_id).as_markup()
