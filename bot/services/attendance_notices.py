"""What families and staff read of the roll call, rendered in each recipient's language: a
child not at a lesson (and its correction), and a register forgotten. A lesson's place is
left out when it has none."""

from __future__ import annotations

from datetime import datetime
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

    def absent(self, lesson: Lesson, name: str, person: Recipient, due: datetime, *,
               corrected: bool = False) -> dict[str, Any]:
        """«Отметка педагога: Миша — нет на занятии …» (or «… — отметка исправлена»): the
        child's name stays in the nominative, the programme's title in quotes; the lesson's
        time, with its day («вт, 1 декабря, 15:00») when the notice arrives (`due`) on
        another day, and its room if it has one."""
        t = self.texts.bind(person.language, you=voice(person.family_role))
        same_day = lesson.starts_at.astimezone(self.zone).date() == (
            due.astimezone(self.zone).date())
        when = (dates.clock(lesson.starts_at, self.zone) if same_day
                else dates.weekday_and_time(lesson.starts_at, self.zone, t.locale))
        text = t(
            "rc-notice-fixed" if corrected else "rc-notice-absent",
            name=html.quote(short_name(name)),
            programme=html.quote(lesson.title(t.locale)),
            when=html.quote(with_place(when, lesson.place(t.locale))),
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


def with_place(when: str, place: str | None, sep: str = ", ") -> str:
    """«15:00, Каб. 301», or only the time when the lesson has no room."""
    return f"{when}{sep}{place}" if place else when
