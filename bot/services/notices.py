"""The messages that sign-up changes cause, rendered in each recipient's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import Texts, voice
from bot.services import consent_texts, dates
from bot.ui.callbacks import AppOpen, ConsentReply, FamilyAction, OfferAnswer
from bot.ui.callbacks_schedule import ScheduleOpen
from storage.enrolments import EnrolmentView, Recipient
from storage.lessons import Lesson, State


class TextNotices:
    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone

    def today(self) -> date:
        """Today in the technopark's zone."""
        return dates.today(self.zone)

    def _t(self, person: Recipient, key: str, **kwargs: Any) -> str:
        return self.texts.get(person.language, key, you=voice(person.family_role), **kwargs)

    def until(self, view: EnrolmentView, locale: str) -> str:
        if view.offer_until is None:
            return ""
        return dates.day_and_time(view.offer_until, self.zone, locale)

    def common(self, view: EnrolmentView, locale: str) -> dict[str, Any]:
        return {
            "id": view.id, "name": html.quote(view.child_name),
            "programme": html.quote(view.programme_title(locale)),
            "group": html.quote(view.group_title(locale)), "position": view.position or 0,
            "age": dates.age_on(view.birth_date, self.today()), "status": view.status,
            "until": self.until(view, locale),
        }

    def for_staff(self, view: EnrolmentView, staff: Recipient) -> dict[str, Any]:
        text = self._t(staff, "staff-new-application", **self.common(view, staff.language))
        button = {"text": self._t(staff, "btn-app-open"),
                  "callback_data": AppOpen(id=view.id).pack()}
        return {"text": text, "buttons": [[button]]}

    def for_family(self, view: EnrolmentView, member: Recipient) -> dict[str, Any]:
        args = self.common(view, member.language)
        if view.status == "cancelled" and view.reason == "offer expired":
            return {"text": self._t(member, "notice-offer-expired")}
        text = self._t(member, "notice-status", **args)
        if view.status == "rejected" and view.reason:
            text += "\n" + self._t(member, "notice-reason", reason=html.quote(view.reason))
        payload: dict[str, Any] = {"text": text}
        if view.status == "offered":
            payload["buttons"] = [[
                {"text": self._t(member, "btn-offer-accept"),
                 "callback_data": OfferAnswer(id=view.id, accept=True).pack()},
                {"text": self._t(member, "btn-offer-decline"),
                 "callback_data": OfferAnswer(id=view.id, accept=False).pack()},
            ]]
        elif view.status == "confirmed":  # the lessons it has just given, one press away
            payload["buttons"] = [[{"text": self._t(member, "btn-schedule"),
                                    "callback_data": ScheduleOpen().pack()}]]
        elif view.status == "navigator":
            payload["buttons"] = self.navigator_buttons(view, member)
        return payload

    def navigator_buttons(self, view: EnrolmentView, member: Recipient) -> list[list[dict[
            str, str]]]:
        """Sent to Навигатор: the programme there (when the technopark gave its link), and
        the schedule and the applications — each a new message, so the notice stays."""
        pupil = voice(member.family_role) == "ty"
        rows = [[{"text": self._t(member, "btn-schedule"),
                  "callback_data": ScheduleOpen().pack()},
                 {"text": self._t(member, "btn-my-applications" if pupil else "btn-children"),
                  "callback_data": FamilyAction(action="anew").pack()}]]
        if view.navigator_url:
            rows.insert(0, [{"text": self._t(member, "btn-navigator-open"),
                             "url": view.navigator_url}])
        return rows

    def consent_request(self, view: EnrolmentView, parent: Recipient) -> dict[str, Any]:
        """A young pupil signed up: the application's summary and the consent, for a parent
        (in their language, as «вы»), with the answers."""
        args = self.common(view, parent.language)

        def t(key: str, **kwargs: Any) -> str:
            return self.texts.get(parent.language, key, you="vy", **kwargs)

        text = "\n".join((
            t("consent-needed", **args),
            t("consent-request-details", birth=view.birth_date.strftime("%d.%m.%Y"),
              age=args["age"], school=html.quote(view.school), grade=view.grade,
              phone=html.quote(view.phone or "—")),
            "", self.consent_text(t),
        ))
        answers = (("btn-consent-photo", "p"), ("btn-consent-no-photo", "n"),
                   ("btn-consent-refuse", "x"))
        buttons = [{"text": t(key), "callback_data": ConsentReply(id=view.id, answer=a).pack()}
                   for key, a in answers]
        return {"text": text, "buttons": [buttons[:2], buttons[2:]]}

    @staticmethod
    def consent_text(t: Any) -> str:
        """The parent's current consent text, with its version."""
        text = consent_texts.current("parent")
        assert text.text_key is not None  # a current text is always shown
        return str(t(text.text_key, version=text.version))

    def consent_refused(self, view: EnrolmentView, pupil: Recipient) -> dict[str, Any]:
        return {"text": self._t(pupil, "notice-consent-refused",
                                **self.common(view, pupil.language))}

    def family_forgotten(self, member: Recipient) -> dict[str, Any]:
        return {"text": self._t(member, "notice-family-forgotten")}

    def child_left(self, parent: Recipient, account_name: str) -> dict[str, Any]:
        return {"text": self._t(parent, "notice-child-left", account=html.quote(account_name))}

    def lesson_changed(self, lesson: Lesson, before: State, person: Recipient,
                       children: Sequence[str] = ()) -> dict[str, Any]:
        """A lesson cancelled, moved or taking place after all, against what this person
        was last told of it, naming the `children` of theirs it concerns (none for a
        pupil's own account)."""
        locale = person.language

        def when(state: State) -> str:
            room = lesson.room_in(state.room, locale)
            return html.quote(
                dates.lesson_time(state.starts_at, state.ends_at, self.zone, locale)
                + (f", {room}" if room else "")
            )

        now = lesson.state()
        key = ("lesson-cancelled" if now.off
               else "lesson-on-again" if before.off else "lesson-moved")
        text = self._t(
            person, key, quantum=html.quote(lesson.title(locale)),
            group=html.quote(lesson.group_title(locale)), old=when(before), new=when(now),
        )
        if children:
            heading, rest = text.split("\n", 1)
            names = self._t(person, "lesson-children", names=html.quote(", ".join(children)))
            text = "\n".join([heading, names, rest])
        if lesson.reason:
            text += "\n" + self._t(person, "lesson-reason", reason=html.quote(lesson.reason))
        button = {"text": self._t(person, "btn-schedule"),
                  "callback_data": ScheduleOpen().pack()}
        return {"text": text, "buttons": [[button]]}
