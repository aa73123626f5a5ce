"""One application's status in words, the same wherever a family reads it: «Мои дети» (a
pupil's «Мои заявки») and the note on a lesson of an application not yet confirmed in the
schedule. Both call `status_words`, so the two never disagree about one application."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import T
from bot.services import dates


def status_words(t: T, status: str, zone: ZoneInfo, *, position: int = 0,
                 offer_until: datetime | None = None) -> str:
    """«на рассмотрении», «ждём согласия родителя», «освободилось место — ответьте до
    5 декабря, 18:00»… (no mark: each screen puts its own before it)."""
    until = dates.day_and_time(offer_until, zone, t.locale) if offer_until else ""
    return t("application-status", status=status, position=position, until=until)
