"""Running broadcasts: the author's live progress message, the final report, stopping."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import aiosqlite
from aiogram import Bot, html
from aiogram.exceptions import TelegramAPIError

from bot.i18n import T, Texts
from bot.services.catalogue import Catalogue
from bot.services.dates import countdown
from bot.services.sender import Sender
from bot.ui.callbacks import BcStop, Nav
from bot.ui.callbacks_closures import Undelivered
from bot.ui.callbacks_events import EventManage
from bot.ui.keyboards import Buttons
from storage import broadcasts as rows
from storage.audience import Audience
from storage.broadcasts import Broadcast, BroadcastRepo, Stats
from storage.clock import utcnow
from storage.outbox import OutboxRow, Outcome, enqueue
from storage.programmes import Group, Programme, ProgrammeRepo
from storage.users import UserRepo

log = logging.getLogger(__name__)

PROGRESS_EVERY = 3.0  # seconds between edits of one progress message


@dataclass(frozen=True, slots=True)
class Places:
    """The quanta, programmes and groups an audience's enrolment part points at, by id."""

    catalogue: Catalogue
    programmes: dict[int, Programme]
    groups: dict[int, Group]

    @classmethod
    async def load(cls, catalogue: Catalogue, repo: ProgrammeRepo) -> Places:
        return cls(
            catalogue, {p.id: p for p in await repo.all()},
            {g.id: g for g in await repo.all_groups()},
        )

    def quanta(self) -> list[str]:
        """Quanta that have programmes, in the catalogue's order."""
        codes = {p.quantum_code for p in self.programmes.values()}
        return sorted(codes, key=lambda c: (
            self.catalogue.index(c) if self.catalogue.get(c) else len(self.catalogue.quanta), c
        ))

    def programmes_of(self, code: str) -> list[Programme]:
        return [p for p in self.programmes.values() if p.quantum_code == code]

    def groups_of(self, programme_id: int) -> list[Group]:
        return [g for g in self.groups.values() if g.programme_id == programme_id]

    def quantum_of(self, item: str) -> str | None:
        """The quantum an enrolment item ("q:…", "p:…", "g:…") belongs to; None if unknown."""
        kind, _, value = item.partition(":")
        if kind == "q":
            known = self.catalogue.get(value) or any(
                p.quantum_code == value for p in self.programmes.values()
            )
            return value if known else None
        if not value.isdigit():
            return None
        if kind == "g":
            group = self.groups.get(int(value))
            if group is None:
                return None
            value = str(group.programme_id)
        programme = self.programmes.get(int(value)) if kind in ("p", "g") else None
        return programme.quantum_code if programme else None

    def quantum_name(self, t: T, code: str) -> str:
        quantum = self.catalogue.get(code)
        return quantum.text(t.locale).name if quantum else code

    def path(self, t: T, item: str) -> str:
        """«Робоквантум › Робототехника: первые шаги › группа Вт/Чт 15:00», as HTML."""
        kind, _, value = item.partition(":")
        if kind == "q":
            return self.quantum_name(t, value)
        group = self.groups.get(int(value)) if kind == "g" else None
        if kind == "g" and group is None:
            return t("bc-aud-gone-group", id=value)
        programme = self.programmes.get(group.programme_id if group else int(value))
        if programme is None:
            return t("bc-aud-gone-programme", id=value)
        steps = [
            self.quantum_name(t, programme.quantum_code), html.quote(programme.title(t.locale)),
        ]
        if group is not None:
            steps.append(t("bc-aud-path-group", name=html.quote(group.title(t.locale))))
        return " › ".join(steps)

    def enrolled(self, t: T, audience: Audience) -> str:
        """The ticked quanta, programmes and groups, or «любые группы»."""
        return ", ".join(self.path(t, i) for i in audience.enrolled) or t("bc-aud-any-group")


def audience_summary(t: T, audience: Audience, places: Places) -> str:
    """The whole audience in one line: «все · 🎓 родители · Робоквантум › … · лист ожидания»."""
    parts = [t({
        "pupil": "bc-audience-pupils", "parent": "bc-audience-parents",
        "staff": "bc-audience-staff",
    }.get(audience.role or "", "bc-audience-everyone"))]
    if audience.language:
        parts.append(audience.language.upper())
    names = [q.text(t.locale).name for c in audience.quanta if (q := places.catalogue.get(c))]
    if names:
        parts.append("🎯 " + ", ".join(names))
    if audience.by_enrolment:
        parts.append("🎓 " + t("bc-aud-members", members=audience.members or "all"))
        parts.append(places.enrolled(t, audience))
        if audience.waitlisted:
            parts.append(t("bc-aud-waitlisted"))
    if audience.group is not None:  # one group's families: said as that, whatever else
        parts = [t("bc-aud-one-group", where=places.path(t, f"g:{audience.group}"))]
    if audience.event is not None:  # everyone registered for one event
        parts = [t("bc-aud-one-event")]
    return " · ".join(parts)


def after_buttons(t: T, broadcast: Broadcast, stats: Stats) -> list[list[dict[str, str]]]:
    """Where to go once a broadcast is over: who it did not reach (when someone: a delivery
    failed, or a family could not be sent it at all), the list of broadcasts, or home."""
    rows = [[
        {"text": t("btn-broadcasts"), "callback_data": Nav(to="broadcasts").pack()},
        {"text": t("btn-home"), "callback_data": Nav(to="home").pack()},
    ]]
    if broadcast.audience.event is not None:  # a message to an event's people: back to it
        rows.insert(0, [{"text": t("btn-eva-back"), "callback_data": EventManage(
            event=broadcast.audience.event).pack()}])
    if stats.blocked or stats.failed or stats.unreached:
        rows.insert(0, [{"text": t("btn-undelivered"), "callback_data": Undelivered(
            kind="b", id=broadcast.id).pack()}])
    return rows


def progress_text(t: T, broadcast: Broadcast, stats: Stats, rate: float) -> str:
    state = broadcast.status if broadcast.status != "sending" or stats.left else "done"
    return t(
        "bc-progress", id=broadcast.id, state=state, sent=stats.sent, total=stats.total,
        left=stats.left, blocked=stats.blocked, failed=stats.failed,
        cancelled=stats.cancelled, unreached=stats.unreached,
        eta=countdown(t, stats.left / rate) if state == "sending" and stats.left else "none",
    )


class Broadcasting:
    def __init__(
        self, bot: Bot, repo: BroadcastRepo, users: UserRepo, texts: Texts, sender: Sender,
    ) -> None:
        self.bot = bot
        self.repo = repo
        self.users = users
        self.texts = texts
        self.sender = sender
        self._edited_at: dict[int, float] = {}

    async def translator(self, user_id: int) -> T:
        user = await self.users.get(user_id)
        return self.texts.bind(user.language if user else "ru", you="vy")

    @staticmethod
    def report(t: T, broadcast: Broadcast, stats: Stats) -> dict[str, Any]:
        """The author's report of a finished broadcast."""
        return {"text": t(
            "bc-report", id=broadcast.id, state=broadcast.status
            if broadcast.status != "sending" else "done",
            sent=stats.sent, total=stats.total, blocked=stats.blocked,
            failed=stats.failed, cancelled=stats.cancelled, unreached=stats.unreached,
        ), "buttons": after_buttons(t, broadcast, stats)}

    async def complete(self, broadcast: Broadcast, t: T) -> Broadcast | None:
        """If nothing is left to send, mark it done; the author's progress message becomes
        the report (`show_progress`), or without one the report is queued, together.
        Returns the finished broadcast, or None if it is still running. `broadcast` is as
        just read: its figures are those of its row (kept by the outcomes' commits)."""
        stats = broadcast.stats
        if not stats.done:
            return None
        async with self.repo.db.transaction() as conn:
            if not await rows.finish(conn, broadcast.id, "done", utcnow()):
                return None
            if broadcast.progress_message_id is None:
                await self._queue_report(conn, broadcast, self.report(t, broadcast, stats))
        return await self.repo.get(broadcast.id)

    async def cancel(self, broadcast: Broadcast, t: T) -> Broadcast | None:
        """Stop a running broadcast: what was not sent yet is cancelled; the report is queued.
        Returns None if it had already finished."""
        async with self.repo.db.transaction() as conn:
            if not await rows.finish(conn, broadcast.id, "cancelled", utcnow()):
                return None
            await rows.cancel_pending(conn, broadcast.id)
        cancelled = await self.repo.get(broadcast.id)
        assert cancelled is not None
        if cancelled.progress_message_id is None:
            async with self.repo.db.transaction() as conn:
                await self._queue_report(conn, cancelled,
                                         self.report(t, cancelled, cancelled.stats))
        return cancelled

    @staticmethod
    async def _queue_report(conn: aiosqlite.Connection, broadcast: Broadcast,
                            payload: dict[str, Any]) -> None:
        await enqueue(conn, kind="report", chat_id=broadcast.author_id, payload=payload,
                      dedupe_key=f"bc-report:{broadcast.id}")

    async def on_batch(self, rows: list[OutboxRow], outcomes: list[Outcome]) -> None:
        """After each group commit of outcomes (about every 100 ms while the sender runs):
        forget cached users who blocked the bot; refresh progress (edits stay PROGRESS_EVERY
        apart) and, once nothing is left, finish the broadcast and queue its report."""
        for outcome in outcomes:
            if outcome.status == "blocked":
                self.users.forget(outcome.chat_id)
        for broadcast_id in {row.broadcast_id for row in rows if row.broadcast_id}:
            await self.refresh(broadcast_id)

    async def tick(self) -> None:
        """The scheduler's job: progress of every running broadcast, and finishing them. One
        read of the running broadcasts' rows, their figures included (no count of their
        deliveries: the outcomes' commits keep the figures on the row)."""
        for broadcast in await self.repo.active():
            await self._refresh(broadcast)

    async def refresh(self, broadcast_id: int, *, force: bool = False) -> None:
        broadcast = await self.repo.get(broadcast_id)
        if broadcast is not None:
            await self._refresh(broadcast, force=force)

    async def _refresh(self, broadcast: Broadcast, *, force: bool = False) -> None:
        t = await self.translator(broadcast.author_id)
        if broadcast.status == "sending":
            finished = await self.complete(broadcast, t)
            if finished is not None:
                broadcast, force = finished, True
        last = self._edited_at.get(broadcast.id, 0.0)
        if not force and time.monotonic() - last < PROGRESS_EVERY:
            return
        self._edited_at[broadcast.id] = time.monotonic()
        await self.show_progress(broadcast, t)
        if broadcast.status != "sending":
            self._edited_at.pop(broadcast.id, None)

    async def show_progress(self, broadcast: Broadcast, t: T) -> None:
        """The author's progress message edited to `broadcast`'s figures as it was read (or,
        once it is over, into its report)."""
        if broadcast.progress_message_id is None:
            return
        stats = broadcast.stats
        builder = Buttons()
        text = progress_text(t, broadcast, stats, self.sender.rate)
        if broadcast.status == "sending":
            builder.button(text=t("btn-bc-stop"), callback_data=BcStop(id=broadcast.id))
        else:  # over: the message becomes the report, with the way on
            report = self.report(t, broadcast, stats)
            text = report["text"]
            for row in report["buttons"]:
                for button in row:
                    builder.button(text=button["text"], callback_data=button["callback_data"])
            builder.adjust(*(len(row) for row in report["buttons"]))
        markup = builder.as_markup()
        await self.sender.pace()
        try:
            await self.bot.edit_message_text(
                text,
                chat_id=broadcast.author_id, message_id=broadcast.progress_message_id,
                reply_markup=markup,
            )
        except TelegramAPIError as exc:  # not modified, deleted by the author, ...
            log.debug("progress of broadcast %s not edited: %s", broadcast.id, exc)
            if broadcast.status != "sending" and "not modified" not in str(exc):
                # the report could not take the progress message's place (gone, or the
                # network failed): it goes as a message of its own, through the outbox
                async with self.repo.db.transaction() as conn:
                    await self._queue_report(conn, broadcast, self.report(t, broadcast, stats))

    async def stop(self, broadcast: Broadcast, t: T) -> Broadcast | None:
        stopped = await self.cancel(broadcast, t)
        if stopped is not None:
            await self.show_progress(stopped, t)
        return stopped
