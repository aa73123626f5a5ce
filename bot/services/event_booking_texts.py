"""What a family reads of its registration, rendered in the recipient's language: the ticket's
caption, a seat offered from the waitlist, a hold that lapsed, the reminders, a parent asked to
agree to a young pupil's registration. Outbox payloads: text and buttons."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T, Texts, voice
from bot.services import dates
from bot.services.event_booking_rules import reminder_day
from bot.services.event_tickets import ticket_caption
from bot.services.reminder_wording import TIMED, timed
from bot.ui.callbacks_event_booking import EbCancel, EbConsent, EbOffer
from bot.ui.callbacks_events import EventOpen, TicketShow
from storage.event_seats import Holder, Registration
from storage.events import Event

Buttons = list[list[dict[str, str]]]


def when(event: Event, zone: ZoneInfo, locale: str) -> str:
    """«сб, 12 декабря, 11:00–12:30» in the technopark's zone."""
    return dates.event_time(event.starts_at, event.ends_at, zone, locale)


def names(children: list[str]) -> str:
    return ", ".join(html.quote(name) for name in children)


class BookingTexts:
    def __init__(self, texts: Texts, zone: ZoneInfo) -> None:
        self.texts = texts
        self.zone = zone

    def t(self, holder: Holder) -> T:
        return self.texts.bind(holder.language, you=voice(holder.family_role))

    def _head(self, t: T, event: Event) -> dict[str, str]:
        return {"title": html.quote(event.title(t.locale)),
                "when": html.quote(when(event, self.zone, t.locale)),
                "place": html.quote(event.place)}

    def _button(self, text: str, data: Any) -> dict[str, str]:
        return {"text": text, "callback_data": data.pack()}

    def ticket(self, holder: Holder, event: Event, reg: Registration, children: list[str]
               ) -> tuple[str, Buttons]:
        t = self.t(holder)
        caption = ticket_caption(t, event, children, reg.code, self.zone, reg.companions)
        buttons = [[self._button(t("btn-eb-not-coming"), EbCancel(registration=reg.id))]]
        return caption, buttons

    def offer(self, holder: Holder, event: Event, name: str, seat_id: int, hold: datetime
              ) -> dict[str, Any]:
        t = self.t(holder)
        text = t("eb-offer", **self._head(t, event), child=html.quote(name),
                 until=html.quote(dates.day_and_time(hold, self.zone, t.locale)))
        return {"text": text, "buttons": [[
            self._button(t("btn-eb-come"), EbOffer(seat=seat_id, come=True)),
            self._button(t("btn-eb-not-coming"), EbOffer(seat=seat_id, come=False)),
        ]]}

    def lapsed(self, holder: Holder, event: Event, name: str, promoted: bool
               ) -> dict[str, Any]:
        """`promoted`: the seat went to someone waiting (else it is simply free again)."""
        t = self.t(holder)
        return {"text": t("eb-lapsed", **self._head(t, event), child=html.quote(name),
                          promoted="yes" if promoted else "no"),
                "buttons": [[self._button(t("btn-eb-card"), EventOpen(event=event.id))]]}

    def reminder(self, holder: Holder, event: Event, reg: Registration, children: list[str],
                 due: datetime) -> dict[str, Any]:
        """Worded for when it is `due`: «Завтра» the day before, else «Сегодня в 11:00»; the
        sender words it again if it leaves later (bot.services.reminder_wording)."""
        t = self.t(holder)
        args = {**self._head(t, event), "children": names(children), "code": reg.code}
        text = t("eb-reminder", **args, day=reminder_day(due, event.starts_at, self.zone),
                 at=dates.clock(event.starts_at, self.zone))
        return {"text": text, "buttons": [[
            self._button(t("btn-eb-not-coming"), EbCancel(registration=reg.id)),
            self._button(t("btn-eb-ticket"), TicketShow(registration=reg.id)),
        ]], TIMED: timed("event", due, event.starts_at, event.ends_at, self.zone, t.locale,
                         voice(holder.family_role), "eb-reminder", text, **args)}

    def consent_asked(self, parent: Holder, event: Event, reg: Registration,
                      children: list[str]) -> dict[str, Any]:
        t = self.t(parent)
        text = t("eb-consent-asked", **self._head(t, event), children=names(children))
        return {"text": text, "buttons": [[
            self._button(t("btn-eb-consent-yes"), EbConsent(registration=reg.id, agree=True)),
            self._button(t("btn-eb-consent-no"), EbConsent(registration=reg.id, agree=False)),
        ]]}

    def consent_given(self, holder: Holder, event: Event, seated: bool) -> dict[str, Any]:
        t = self.t(holder)
        text = t("eb-consent-given", **self._head(t, event),
                 seated="yes" if seated else "no")
        return {"text": text,
                "buttons": [[self._button(t("btn-eb-card"), EventOpen(event=event.id))]]}
