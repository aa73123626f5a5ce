"""What staff read when a family reports «Не придём» (or takes it back), rendered in each
recipient's language."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import Texts, voice
from bot.services import dates
from bot.ui.callbacks import LessonOpen
from storage.absences import Report
from storage.enrolments import Recipient


class AbsenceTexts:
    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone

    def absence(self, report: Report, person: Recipient, *, back: bool) -> dict[str, Any]:
        """«Иванова Мария не придёт» (or «всё-таки придёт»): the child, the lesson in words,
        who said so, and the lesson's card a press away."""
        t = self.texts.bind(person.language, you=voice(person.family_role))
        lesson = report.lesson
        text = t(
            "absence-staff-back" if back else "absence-staff",
            name=html.quote(report.child_name),
            programme=html.quote(lesson.title(t.locale)),
            group=html.quote(lesson.group_title(t.locale)),
            when=html.quote(dates.lesson_time(lesson.starts_at, lesson.ends_at, self.zone,
                                              t.locale)),
            relation="child" if report.pupil else "parent",
        )
        button = {"text": t("btn-absence-lesson"),
                  "callback_data": LessonOpen(id=lesson.id).pack()}
        return {"text": text, "buttons": [[button]]}
