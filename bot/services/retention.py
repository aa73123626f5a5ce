"""Data is not kept longer than it is needed: every night, what has not changed for
RETENTION_MONTHS goes (storage/retention.py says what exactly). One transaction per family,
so a crash leaves no family half-deleted; deleted bytes are overwritten (secure_delete) and
the WAL is checkpointed afterwards. What stays of an erased family is its consents, as facts
without the person."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Protocol

from aiogram import html

from bot.services.dates import months_before
from bot.services.enrolment import Enrolments
from bot.services.event_booking import EventBooking
from bot.services.privacy import seat_offers
from storage import audit, retention, unanswered
from storage.clock import to_db, utcnow
from storage.db import Database
from storage.retention import Swept
from storage.users import UserRepo

log = logging.getLogger(__name__)
ACCESS_MONTHS = 12  # the record of staff access (storage/audit.py) is kept this long
UNANSWERED_FOR = timedelta(days=30)  # the texts the bot did not understand (/unanswered)


class _Undo(Exception):  # noqa: N818 - not an error: a dry run rolls its transaction back
    def __init__(self, swept: Swept) -> None:
        self.swept = swept


class Forms(Protocol):
    def forget_user(self, user_id: int, *, running_too: bool = True) -> None: ...


class Retention:
    def __init__(
        self, db: Database, enrolments: Enrolments, users: UserRepo, months: int,
        forms: Forms | None = None, booking: EventBooking | None = None,
    ) -> None:
        self.db = db
        self.enrolments = enrolments
        # offers an erased family's seats at events to the waitlist
        self.booking = booking or seat_offers(db, enrolments)
        self.users = users
        self.months = months
        self.forms = forms  # the conversations kept in memory (the bot's FSM storage)

    async def run(self, *, dry_run: bool = False) -> Swept:
        """Delete what is older than the cutoff; with `dry_run`, only count it (every
        transaction is rolled back)."""
        await self.users.flush_seen()  # a member's visit today counts as the family's
        now = utcnow()
        before = to_db(months_before(now, self.months))
        total = Swept()
        failed = 0
        for family_id in await retention.families_due(self.db, before):
            try:
                total.add(await self._sweep(family_id, before, to_db(now), dry_run=dry_run))
            except Exception:  # noqa: BLE001 - that family stays whole; the others go on
                log.exception("retention: family %s could not be cleaned up", family_id)
                failed += 1
        if not dry_run:
            await self._expire_accesses(now)
            texts = await self._expire_unanswered(now)
            for user_id in total.forgotten:
                self.users.forget(user_id)  # the names cached in memory go too
                if self.forms is not None:  # and the forms, so none is written back
                    self.forms.forget_user(user_id)
            if (total.closed or total.unplaced or total.families or texts) and not (
                await self.db.checkpoint()
            ):
                log.warning("retention: the WAL could not be truncated at once")
        log.info(
            "Retention%s (older than %d months): %d closed applications, %d never placed "
            "(waitlist, no consent), %d families erased, %d traces of people who left%s",
            " dry run" if dry_run else "", self.months, total.closed, total.unplaced,
            total.families, total.traces, f"; {failed} families failed" if failed else "",
        )
        return total

    async def _expire_accesses(self, now: datetime) -> None:
        """The record of staff looking at children's data is kept a year, whatever
        RETENTION_MONTHS says: an audit of the last year is what is asked for."""
        before = to_db(months_before(now, ACCESS_MONTHS))
        try:
            async with self.db.transaction() as conn:
                gone = await audit.delete_older(conn, before)
        except Exception:  # noqa: BLE001 - the families' clean-up is done; next night again
            log.exception("retention: the old record of staff access could not be deleted")
            return
        if gone:
            log.info("Retention: %d looks of staff at children's data older than %d months",
                     gone, ACCESS_MONTHS)

    async def _expire_unanswered(self, now: datetime) -> int:
        """The texts the bot did not understand are kept UNANSWERED_FOR, for staff to learn
        from: what people type, not who typed it. Returns how many went."""
        try:
            async with self.db.transaction() as conn:
                gone = await unanswered.delete_older(conn, now - UNANSWERED_FOR)
        except Exception:  # noqa: BLE001 - the families' clean-up is done; next night again
            log.exception("retention: the old texts the bot did not understand stay")
            return 0
        if gone:
            log.info("Retention: %d texts the bot did not understand, older than %d days",
                     gone, UNANSWERED_FOR.days)
        return gone

    async def _sweep(self, family_id: int, before: str, now: str, *, dry_run: bool) -> Swept:
        try:
            async with self.db.transaction() as conn:
                swept = await retention.sweep(conn, family_id, before, now, html.quote)
                for group_id in swept.freed:  # the erased family's seats go to the waitlist
                    await self.enrolments.offer_free_seats(conn, group_id)
                for event_id in swept.events:  # and its seats at events
                    await self.booking.offer_free_seats(conn, event_id)
                if dry_run:
                    raise _Undo(swept)
        except _Undo as undone:
            return undone.swept
        return swept
