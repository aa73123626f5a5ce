"""What every handler of the lessons works with, in one object: the conversation's state,
the translator, the repositories and the clock, and the moves all steps share — show the
lesson as it is, say it is gone or was changed meanwhile, ask the next question."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.services.clashes import move_clashes
from handlers.staff.desk import Desk as BaseDesk
from handlers.staff.lessons import screens
from handlers.staff.lessons.draft import Draft
from handlers.staff.lessons.states import LessonChange
from storage.absences import AbsenceRepo
from storage.clock import utcnow
from storage.lessons import Lesson, LessonRepo
from storage.programmes import ProgrammeRepo
from storage.reminders import ReminderRepo
from storage.timetable import TimetableRepo

STEPS = {"day": LessonChange.day, "time": LessonChange.time, "room": LessonChange.room,
         "reason": LessonChange.reason}


@dataclass(kw_only=True)
class Flow(BaseDesk):
    lessons: LessonRepo
    programmes: ProgrammeRepo
    reminders: ReminderRepo
    absences: AbsenceRepo
    timetable: TimetableRepo

    # ---- the form ----------------------------------------------------------------------

    async def step(self) -> str | None:
        """The question open now (day, time, room, reason, confirm), if the form is ours."""
        return await self.open_step(LessonChange)

    async def draft(self) -> Draft | None:
        if await self.step() is None:
            return None
        return Draft.load(await self.state.get_data())

    async def leave(self) -> None:
        """Drop a change being prepared (nothing of it was written)."""
        if await self.step() is not None:
            await self.state.clear()

    async def keep(self, draft: Draft, step: str) -> None:
        await self.state.set_state(LessonChange.confirm if step == "confirm" else STEPS[step])
        await self.state.set_data(draft.dump())

    async def ask(self, draft: Draft, lesson: Lesson, step: str, note: str | None = None
                  ) -> None:
        await self.keep(draft, step)
        await self.send(screens.question_screen(
            self.t, draft, lesson, step, self.today, self.zone, note))

    async def preview(self, draft: Draft, lesson: Lesson) -> None:
        await self.keep(draft, "confirm")
        after = draft.after(lesson, self.zone)
        # exact: those whose last word of the lesson differs from what it will be
        audience = await self.lessons.would_tell(lesson, after)
        # a move (or a return to the timetable's slot, which another group may have taken
        # since) onto a closed day or into a clash is warned of, not refused
        day = draft.day if draft.action == "move" else (
            after.starts_at.astimezone(self.zone).date() if draft.action == "restore" else None)
        clashes = None if day is None else (
            await move_clashes(self.lessons, self.timetable, lesson, after, day))
        await self.send(screens.preview_screen(
            self.t, draft, lesson, audience, self.zone, clashes))

    # ---- the lesson as it stands -----------------------------------------------------------

    async def page_of(self, lesson: Lesson) -> int:
        """The page of the group's list the lesson is on (lists start with what is not over)."""
        if lesson.ends_at <= self.now:
            return 0
        total = await self.lessons.count_of_group(lesson.group_id, self.now)
        later = await self.lessons.count_of_group(lesson.group_id, lesson.ends_at)
        return max(0, total - later - 1) // screens.PAGE

    async def card(self, lesson: Lesson, note: str | None = None, *, new: bool = False
                   ) -> None:
        audience = await self.lessons.audience(lesson.group_id)
        families = screens.Families(
            audience, await self.reminders.sent_count(lesson.id),
            [a.name for a in await self.absences.absentees(lesson.id)],
        )
        screen = screens.card_screen(self.t, lesson, families, self.now,
                                     await self.page_of(lesson), self.zone, note)
        await (self.send(screen) if new else self.show(screen))

    async def groups(self, note: str | None = None, page: int = 0) -> None:
        screen = await screens.groups_screen(self.t, self.programmes, self.today, page, note)
        await (self.send(screen) if note else self.show(screen))

    async def gone(self) -> None:
        """A lesson that is not there (a forged or very old button): back to the groups."""
        await self.leave()
        self.toast(self.t("stale-button"))
        await self.groups(self.t("ls-gone"))

    async def stale(self, lesson: Lesson) -> None:
        """The lesson was changed since it was shown: it as it is now, nothing overwritten."""
        await self.leave()
        note = self.t("ls-stale", status=screens.status_of(lesson))
        self.toast(note)
        await self.card(lesson, note, new=True)

    async def current(self, lesson_id: int, version: int) -> Lesson | None:
        """The lesson if it still is as staff saw it and not over; otherwise say why not
        (and drop the form) and return None."""
        lesson = await self.lessons.get(lesson_id)
        if lesson is None:
            await self.gone()
            return None
        if lesson.version != version:
            await self.stale(lesson)
            return None
        if lesson.ends_at <= self.now:
            await self.leave()
            self.toast(self.t("ls-over"))
            await self.card(lesson, self.t("ls-over"), new=True)
            return None
        return lesson

    async def resume(self) -> tuple[Draft, Lesson] | None:
        """The form a typed answer belongs to, and its lesson as it stands."""
        draft = await self.draft()
        if draft is None:
            await self.state.clear()
            await self.groups(self.t("ls-form-gone"))
            return None
        lesson = await self.current(draft.lesson, draft.version)
        return None if lesson is None else (draft, lesson)




class FlowMiddleware(BaseMiddleware):
    """Hands the lessons' handlers one `flow` instead of the things it is made of."""

    async def __call__(
        self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject, data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Message | CallbackQuery):
            zone = data["settings"].zone
            data["flow"] = Flow(
                event=event, state=data["state"], t=data["t"], user=data["user"],
                lessons=data["lessons"], programmes=data["programmes"],
                zone=zone, answer=data.get("callback_answer"), now=utcnow(),
                reminders=data["reminders"],
                absences=data["absences"], timetable=data["timetable"],
            )
        return await handler(event, data)
