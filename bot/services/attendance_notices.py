"""What families and staff read of the roll call, rendered in each recipient's language: a
child not at a lesson (and its correction), and a register forgotten."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import Texts, voice
from bot.services import dates
from bot.services.kinship import short_name
from bot.ui.callbacks_rollcall import RollAsk, RollOpen
from storage.enrolments import Recipient
from storage.lesson_rows import Lesson


class AttendanceTexts:
    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone

    def absent(self, lesson: Lesson, name: str, person: Recipient, *, corrected: bool = False
               ) -> dict[str, Any]:
        """«Отметка педагога: Миша — нет на занятии …» (or «… — отметка исправлена»): the
        child's name stays in the nominative, the programme's title in quotes."""
        t = self.texts.bind(person.language, you=voice(person.family_role))
        text = t(
            "rc-notice-fixed" if corrected else "rc-notice-absent",
            name=html.quote(short_name(name)),
            programme=html.quote(lesson.title(t.locale)),
            time=dates.clock(lesson.starts_at, self.zone),
            room=html.quote(lesson.place(t.locale) or "—"),
        )
        if corrected:
            return {"text": text}
        button = {"text": t("btn-rc-ask"), "callback_data": RollAsk(lesson=lesson.id).pack()}
        return {"text": text, "buttons": [[button]]}

    def forgotten(self, lesson: Lesson, person: Recipient) -> dict[str, Any]:
        """«📋 Занятие закончилось, а отметок нет»: the lesson and its register a press away."""
        t = self.texts.bind(person.language, you=voice(person.family_role))
        text = t(
            "rc-forgotten",
            programme=html.quote(lesson.title(t.locale)),
            group=html.quote(lesson.group_title(t.locale)),
            when=html.quote(dates.lesson_time(lesson.starts_at, lesson.ends_at, self.zone,
                                              t.locale)),
        )
        button = {"text": t("btn-rc-open"), "callback_data": RollOpen(lesson=lesson.id).pack()}
        return {"text": text, "buttons": [[button]]}
