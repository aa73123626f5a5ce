"""A reminder's time worded as it leaves, not as it was planned.

A reminder is queued with its text worded for the moment it is due: «Занятие через 2 часа»,
«завтра в 15:00», an event's «Завтра» / «Сегодня в 11:00». The sender may be late (a backlog,
a flood-control pause, a restart, the machine down a while): sent 40 minutes late, «через 2
часа» would be wrong by 40 minutes, and «завтра» after midnight wrong by a day. So the payload
keeps what the time part is worded from (`timed`: the start and end, the technopark's zone,
the language and voice, the text that holds it and its other arguments) and the sender words
it again just before the request when it leaves after the moment it was worded for
(`Wording.reword`): the text's first `lines` lines are that text rendered afresh; the rest
stays as planned. Minutes are counted up: a few seconds late still reads «через 2 часа».

A reminder whose lesson or event has begun is not sent at all (`starts`: the sender marks it
expired, as the row's own expiry at the start does). Nothing here writes to the row: a row
blanked by /forget has no `timed` part left and is never sent anyway.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cached_property
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.i18n import T, Texts
from bot.services import dates
from bot.services.event_booking_rules import reminder_day
from storage.clock import from_db, to_db

log = logging.getLogger(__name__)

TIMED = "timed"  # the payload's key for what the time part is worded from
Style = Literal["lesson", "event"]


def timed(style: Style, worded_at: datetime, starts: datetime, ends: datetime, zone: ZoneInfo,
          locale: str, you: str, key: str, text: str, **args: str) -> dict[str, Any]:
    """The payload's `timed` part for a reminder whose text begins with `text`, rendered from
    the text `key` with `args` and the time arguments of `style` (a lesson: `when`, «через 2
    часа»; an event: `day` and `at`, «Завтра» / «Сегодня в 11:00») counted from `worded_at`
    (when it is due)."""
    return {"style": style, "worded_at": to_db(worded_at), "starts": to_db(starts),
            "ends": to_db(ends), "zone": zone.key, "locale": locale, "you": you, "key": key,
            "args": args, "lines": text.count("\n") + 1}


def starts(payload: dict[str, Any]) -> datetime | None:
    """When the lesson or event a reminder is about begins; None for any other message."""
    part = payload.get(TIMED)
    return from_db(part["starts"]) if isinstance(part, dict) and "starts" in part else None


def moment(t: T, part: dict[str, Any], now: datetime) -> dict[str, str]:
    """The time arguments of the text, counted from `now`, in the reader's words."""
    begins, zone = from_db(part["starts"]), ZoneInfo(part["zone"])
    if part["style"] == "event":
        return {"day": reminder_day(now, begins, zone), "at": dates.clock(begins, zone)}
    return {"when": dates.when_lesson(t, now, begins, from_db(part["ends"]), zone)}


class Wording:
    """Words reminders' time parts again at send time. `texts`: the bot's texts; without
    them, the project's own locales, read the first time a reminder needs them."""

    def __init__(self, texts: Texts | None = None) -> None:
        self._texts = texts

    @cached_property
    def texts(self) -> Texts:
        return self._texts if self._texts is not None else Texts()

    def reword(self, payload: dict[str, Any], now: datetime) -> dict[str, Any]:
        """The payload to send at `now`: leaving after the moment its time part was worded
        for, that part worded for `now`; otherwise (on time, or brought forward as the demo
        does), or with no time part, or one that cannot be worded, as it is."""
        part = payload.get(TIMED)
        if not isinstance(part, dict) or not payload.get("text"):
            return payload
        try:
            if now <= from_db(part["worded_at"]):
                return payload
            t = self.texts.bind(str(part["locale"]), you=str(part["you"]))
            head = t(str(part["key"]), **part["args"], **moment(t, part, now))
            rest = str(payload["text"]).split("\n")[int(part["lines"]):]
        except Exception:  # noqa: BLE001 - a reminder worded as planned beats none at all
            log.exception("outbox: a reminder's time could not be worded again")
            return payload
        return {**payload, "text": "\n".join([head, *rest])}
