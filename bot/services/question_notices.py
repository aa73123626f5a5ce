"""Questions to staff, as people read them: the checks of a question and of an answer, the
notice staff get, the reply the asker gets, and the pieces the staff's screens share (the
question with its asker, how long ago).

Lengths are counted as Telegram counts them (UTF-16 code units, after the HTML is parsed): an
emoji is two. A question may be up to QUESTION_LIMIT long (a photo's caption CAPTION_LIMIT):
the staff's copy adds a header, and must stay under Telegram's 4 096 (1 024 for a caption).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services.questions import RATE_LIMIT, RATE_WINDOW
from bot.services.telegram_text import (
    TELEGRAM_CAPTION,
    TELEGRAM_TEXT,
    Refused,
    blank_kind,
    check_length,
    check_staff,
    tg_len,
    to_plain,
)
from bot.ui.callbacks import Nav
from bot.ui.callbacks_questions import Ask, QuestionAct
from storage.enrolments import Recipient
from storage.questions import ChildPlace, Question

QUESTION_LIMIT = 3500
CAPTION_LIMIT = 800
ANSWER_LIMIT = 3500
NAME_LIMIT = 64  # Telegram's own limit of a first name
PREVIEW = 80  # characters of a question in the list


def check_question(text: str | None, photo: str | None) -> tuple[str, str | None]:
    """A question as the person sent it: text, or a photo with a caption (`text` is then the
    caption). Never cut: too long is refused with the limit and the length; one that shows
    nothing (only invisible characters) is refused too."""
    text = (text or "").strip()
    blank = blank_kind(text)
    if blank == "invisible":
        raise Refused("ask-invisible")
    if photo is not None:
        if blank:
            raise Refused("ask-photo-caption")
        check_length(text, CAPTION_LIMIT, "ask-caption-too-long", text_limit=QUESTION_LIMIT)
        return text, photo
    if blank:
        raise Refused("ask-need-text")
    check_length(text, QUESTION_LIMIT, "ask-too-long")
    return text, None


def check_answer(raw: str | None, formatted_html: str | None = None) -> str:
    """A staff member's answer as Telegram HTML, read as `check_staff` reads staff's text:
    formatting made in Telegram is kept (`formatted_html`), tags typed by hand are checked as
    Telegram would check them, and every link must open a web page or Telegram."""
    if raw is None:
        raise Refused("q-answer-need-text")
    answer = check_staff(raw, formatted_html, "q")
    if answer.blank is not None:
        raise Refused(f"q-answer-{answer.blank}")
    check_length(answer.plain, ANSWER_LIMIT, "q-answer-too-long")
    return answer.html


def ago(t: T, now: datetime, moment: datetime) -> str:
    """«только что», «5 минут назад», «2 часа назад», «3 дня назад»."""
    seconds = max(0.0, (now - moment).total_seconds())
    if seconds < 60:
        return t("ago-now")
    if seconds < 3600:
        return t("ago-minutes", n=int(seconds // 60))
    if seconds < 86400:
        return t("ago-hours", n=int(seconds // 3600))
    return t("ago-days", n=int(seconds // 86400))


def wait_minutes(now: datetime, until: datetime) -> int:
    """Whole minutes until then, rounded up (at least one)."""
    return max(1, math.ceil((until - now).total_seconds() / 60))


def staff_name(t: T, name: str) -> str:
    return html.quote(name.strip()[:NAME_LIMIT]) if name.strip() else t("q-someone")


def asker_line(t: T, question: Question) -> str:
    name = question.asker_name.strip()[:NAME_LIMIT]
    line = t("q-asker", name=html.quote(name) if name else t("q-no-name"),
             role=question.asker_role or "unknown")
    if question.asker_username:
        line += f" · @{html.quote(question.asker_username)}"
    return line


def child_lines(t: T, children: list[ChildPlace]) -> list[str]:
    lines = []
    for child in children:
        name = html.quote(child.name)
        if child.group is None:
            lines.append(t("q-child-no-group", name=name))
        else:
            lines.append(t("q-child-line", name=name,
                           programme=html.quote(child.programme(t.locale)),
                           group=html.quote(child.group), status=child.status or "applied"))
    return lines


def question_text(
    t: T, question: Question, children: list[ChildPlace], asked: str, *,
    caption: bool = False, tail: str = "",
) -> str:
    """The question as staff read it: number, asker and their role, when (`asked`), the
    family's children with their groups, the question itself (escaped) and `tail`; as a
    message, or as the caption of the question's photo. Children's lines are left out, last
    first, while the whole would be longer than Telegram allows (the question never is: its
    own limits leave room)."""
    limit = TELEGRAM_CAPTION if caption else TELEGRAM_TEXT
    head = [t("q-title", id=question.id), asker_line(t, question), t("q-asked", when=asked)]
    body = html.quote(question.text)
    if question.photo and not caption:
        body += "\n" + t("q-photo-note")
    lines = child_lines(t, children)
    shown = len(lines)
    while True:
        kids = lines[:shown]
        if shown < len(lines):
            kids.append(t("q-children-more", n=len(lines) - shown))
        parts = ["\n".join(head)]
        if kids:
            parts.append("\n".join([t("q-children"), *kids]))
        parts.append(body)
        if tail:
            parts.append(tail)
        text = "\n\n".join(parts)
        if shown == 0 or tg_len(to_plain(text)) <= limit:
            return text
        shown -= 1


def answer_buttons(t: T, question_id: int) -> list[list[dict[str, str]]]:
    return [[
        {"text": t("btn-q-answer"),
         "callback_data": QuestionAct(action="answer", id=question_id).pack()},
        {"text": t("btn-q-all"), "callback_data": QuestionAct(action="list").pack()},
    ]]


class TextQuestionNotices:
    """The outbox payloads questions cause, in each recipient's language and voice."""

    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone

    def _t(self, person: Recipient) -> T:
        return self.texts.bind(person.language, you=voice(person.family_role))

    def for_staff(
        self, question: Question, children: list[ChildPlace], staff: Recipient
    ) -> dict[str, Any]:
        """The new question, as a photo with a caption when one was sent, with «Ответить»."""
        t = self._t(staff)
        asked = dates.weekday_and_time(question.created_at, self.zone, t.locale)
        text = question_text(t, question, children, asked, caption=question.photo is not None)
        payload: dict[str, Any] = {"text": text, "buttons": answer_buttons(t, question.id)}
        if question.photo:
            payload["photo"] = question.photo
        return payload

    def reply(self, question: Question, asker: Recipient) -> dict[str, Any]:
        """The answer, quoting the question in the asker's chat."""
        t = self._t(asker)
        text = "\n\n".join([t("q-reply-title"), question.answer or "", t("q-reply-footer")])
        payload: dict[str, Any] = {"text": text, "buttons": [[
            {"text": t("btn-ask-more"), "callback_data": Ask(action="start").pack()},
            {"text": t("btn-home"), "callback_data": Nav(to="home").pack()},
        ]]}
        if question.message_id:
            payload["reply_to"] = question.message_id
        return payload


def rate_note(t: T, now: datetime, retry_at: datetime, zone: ZoneInfo) -> str:
    """«Можно задать не больше 3 вопросов за 15 минут. Следующий — в 14:35 (через 7 минут)»."""
    return t("ask-rate-limited", limit=RATE_LIMIT,
             window=int(RATE_WINDOW / timedelta(minutes=1)),
             time=dates.clock(retry_at, zone), minutes=wait_minutes(now, retry_at))
