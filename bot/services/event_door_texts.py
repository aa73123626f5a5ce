"""What the door's queued messages say, in each recipient's language: a ticket sent again,
«Как вам?» with its stars, and the open day's programmes for the children who came."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import html

from bot.i18n import T, Texts, voice
from bot.services.catalogue import Catalogue
from bot.services.event_tickets import ticket_caption, ticket_payload
from bot.ui.callbacks import Nav, SignupStart
from bot.ui.callbacks_event_door import FeedbackStars
from bot.ui.callbacks_events import EventOpen
from bot.ui.keyboards import button_label
from storage.event_door import Registration
from storage.events import Event
from storage.programmes import Programme

STARS = 5
MAX_PROGRAMMES = 10  # listed in the open day's follow-up
MAX_QUANTA = 8  # «✍️» buttons under it


def button(text: str, data: str) -> dict[str, str]:
    return {"text": text, "callback_data": data}


class DoorTexts:
    def __init__(self, texts: Texts, zone: ZoneInfo, catalogue: Catalogue) -> None:
        self.texts = texts
        self.zone = zone
        self.catalogue = catalogue

    def bind(self, language: str, family_role: str | None) -> T:
        return self.texts.bind(language, you=voice(family_role))

    def ticket(self, t: T, event: Event, registration: Registration) -> dict[str, object]:
        """The ticket again: its QR code (drawn at sending), the caption, the way back."""
        names = [seat.name for seat in registration.seats if seat.status == "seat"]
        caption = ticket_caption(t, event, names, registration.code, self.zone,
                                 registration.companions)
        buttons = [[button(t("btn-ticket-event"), EventOpen(event=event.id).pack())],
                   [button(t("btn-home"), Nav(to="home").pack())]]
        return ticket_payload(caption, registration.token, buttons, registration.code)

    def ask(self, t: T, event: Event, registration_id: int) -> dict[str, Any]:
        """«Как вам?» with 1–5 stars."""
        stars = [button(f"{n} ⭐",
                        FeedbackStars(registration=registration_id, stars=n).pack())
                 for n in range(1, STARS + 1)]
        return {"text": t("door-feedback-ask", title=html.quote(event.title(t.locale))),
                "buttons": [stars]}

    def followup(self, t: T, event: Event, programmes: Sequence[Programme]) -> dict[str, Any]:
        """The programmes open for the children's ages, a «✍️» sign-up button per quantum."""
        lines, quanta = [], []
        for programme in programmes[:MAX_PROGRAMMES]:
            quantum = self.catalogue.get(programme.quantum_code)
            name = quantum.text(t.locale).name if quantum else programme.quantum_code
            lines.append(t("door-followup-line", quantum=html.quote(name),
                           programme=html.quote(programme.title(t.locale)),
                           min=programme.age_min, max=programme.age_max))
            if programme.quantum_code not in quanta:
                quanta.append(programme.quantum_code)
        buttons = []
        for code in quanta[:MAX_QUANTA]:
            quantum = self.catalogue.get(code)
            label = t("btn-door-signup", quantum=quantum.text(t.locale).name if quantum else code)
            buttons.append([button(button_label(label), SignupStart(code=code).pack())])
        buttons.append([button(t("btn-home"), Nav(to="home").pack())])
        text = t("door-followup", title=html.quote(event.title(t.locale)),
                 programmes="\n".join(lines))
        return {"text": text, "buttons": buttons}


def fitting(programmes: Sequence[Programme], ages: Sequence[int], day: date
            ) -> list[Programme]:
    """The programmes open for sign-up on `day` whose ages take one of the children."""
    return [p for p in programmes if p.open_on(day)
            and any(p.age_min <= age <= p.age_max for age in ages)]
