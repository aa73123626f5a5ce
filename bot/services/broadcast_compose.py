"""A broadcast from compose to send, the use cases staff's handlers call: how many an audience
reaches and where its enrolment part points (the quanta, programmes and groups), the preview
sent to the author as the recipients will see it, the send itself (the broadcast and one
outbox row per recipient in one transaction, then the author's progress message with «Stop»),
stopping one, and the recent broadcasts with their figures. The delivery and the progress as
it runs are `Broadcasting`'s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import aiosqlite
from aiogram.types import Message

from bot.i18n import T
from bot.services.broadcasting import Broadcasting, Places, progress_text
from bot.services.catalogue import Catalogue
from bot.services.payloads import send_payload
from bot.services.teaching import may_write_in
from bot.ui.callbacks import BcStop
from bot.ui.keyboards import Buttons
from storage import broadcasts as rows
from storage.audience import Audience
from storage.broadcasts import Broadcast, BroadcastRepo, Stats
from storage.clock import utcnow
from storage.db import Database
from storage.programmes import ProgrammeRepo

RECENT = 10  # broadcasts the list shows
Unsent = Literal["nobody", "not-yours"]  # why a broadcast was not created


async def new_broadcast(db: Database, author_id: int, text: str, photo: str | None,
                        audience: Audience) -> Broadcast:
    """The broadcast and one outbox row per person in the audience, in one transaction (the
    send itself, also how the benchmarks and the process tests start one)."""
    async with db.transaction() as conn:
        return await queue(conn, author_id, text, photo, audience)


def headed(text: str, heading: str | None) -> str:
    """The text under its heading (who writes to whom), if it has one."""
    return f"{heading}\n\n{text}" if heading else text


async def queue(conn: aiosqlite.Connection, author_id: int, text: str, photo: str | None,
                audience: Audience, headings: Mapping[str, str] | None = None,
                buttons: Mapping[str, Any] | None = None) -> Broadcast:
    """Inside a transaction: the broadcast and its outbox rows; `headings` (by language, ru
    and en) go above the text for its recipients (a message to a group: from whom)."""
    now = utcnow()
    broadcast_id = await rows.insert(conn, author_id, text, photo, audience, now)
    headings = headings or {}
    await rows.queue_deliveries(
        conn, broadcast_id, audience,
        {"text": headed(text, headings.get("ru")), "photo": photo,
         **({"buttons": buttons["ru"]} if buttons else {})}, now,
        {"text": headed(text, headings.get("en")), "photo": photo,
         **({"buttons": buttons["en"]} if buttons else {})} if headings else None)
    broadcast = await rows.broadcast_by_id(conn, broadcast_id)
    assert broadcast is not None
    return broadcast


class BroadcastCompose:
    def __init__(self, broadcasts: BroadcastRepo, programmes: ProgrammeRepo,
                 broadcasting: Broadcasting) -> None:
        self.broadcasts = broadcasts
        self.programmes = programmes
        self.broadcasting = broadcasting

    async def places(self, catalogue: Catalogue) -> Places:
        """The quanta (of `catalogue`), programmes and groups an audience may be chosen by."""
        return await Places.load(catalogue, self.programmes)

    async def count(self, audience: Audience) -> int:
        """How many people the audience reaches now."""
        return await self.broadcasts.count(audience)

    async def preview(self, author_id: int, text: str, photo: str | None,
                      heading: str | None = None) -> Message:
        """The announcement in the author's chat, as its recipients will see it."""
        return await send_payload(self.broadcasting.bot, author_id,
                                  {"text": headed(text, heading), "photo": photo})

    async def create(self, author_id: int, text: str, photo: str | None, audience: Audience,
                     headings: Mapping[str, str] | None = None,
                     buttons: Mapping[str, Any] | None = None) -> Broadcast | Unsent:
        """The broadcast and its outbox rows, in one transaction; "nobody" if nobody is in
        the audience any more, "not-yours" for a message to a group from someone who is no
        longer its teacher or an admin (checked in that same transaction, nothing written)."""
        if await self.broadcasts.count(audience) == 0:
            return "nobody"
        async with self.broadcasts.db.transaction() as conn:
            if audience.group is not None and not await may_write_in(
                    conn, author_id, audience.group):
                return "not-yours"
            return await queue(conn, author_id, text, photo, audience, headings, buttons)

    async def announce(self, broadcast: Broadcast, t: T) -> None:
        """The author's progress message with «Stop», remembered so the progress edits it;
        the sender's next tick (within a second) starts the delivery."""
        stats = broadcast.stats  # as queued: nothing sent yet
        builder = Buttons()
        builder.button(text=t("btn-bc-stop"), callback_data=BcStop(id=broadcast.id))
        text = progress_text(t, broadcast, stats, self.broadcasting.sender.rate)
        progress = await self.broadcasting.bot.send_message(
            broadcast.author_id, text, reply_markup=builder.as_markup()
        )
        await self.broadcasts.set_progress_message(broadcast.id, progress.message_id)

    async def stop(self, broadcast_id: int, t: T) -> bool:
        """Stop a running broadcast (what is not sent yet is cancelled, the author gets the
        report); False if it is not running."""
        broadcast = await self.broadcasts.get(broadcast_id)
        if broadcast is None or broadcast.status != "sending":
            return False
        await self.broadcasting.stop(broadcast, t)
        return True

    async def recent(self) -> list[tuple[Broadcast, Stats]]:
        """The latest broadcasts, newest first, each with its figures."""
        return [(b, await self.broadcasts.stats(b)) for b in await self.broadcasts.recent(RECENT)]
