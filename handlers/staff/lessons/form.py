"""What the lessons' handlers share beyond the one `flow`: the change being prepared (its
question open now, kept in the conversation's state) and the moves all steps make — show the
lesson as it is, say it is gone or was changed meanwhile, ask the next question. A handler
builds it from its `flow`: `form = LessonForm(flow)`."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.i18n import T
from bot.services.lesson_changes import LessonChanges, Reach
from bot.ui.keyboards import Screen
from handlers.flow import Flow
from handlers.staff.lessons import change_screens, screens
from handlers.staff.lessons.draft import LessonDraft
from handlers.staff.lessons.states import LessonChange
from storage.lessons import Lesson

STEPS = {"day": LessonChange.day, "time": LessonChange.time, "room": LessonChange.room,
         "reason": LessonChange.reason}


class LessonForm:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.changes: LessonChanges = flow.services.lesson_changes
        self.t: T = flow.t
        self.state = flow.state
        self.zone: ZoneInfo = flow.zone
        self.now: datetime = flow.now
        self.today: date = flow.today
        self.clock = screens.Clock(flow.now, flow.zone)
        self.toast = flow.toast
        self.show = flow.show
        self.send = flow.send

    # ---- the form ----------------------------------------------------------------------

    async def step(self) -> str | None:
        """The question open now (day, time, room, reason, confirm), if the form is ours."""
        return await self.flow.open_step(LessonChange)

    async def draft(self) -> LessonDraft | None:
        if await self.step() is None:
            return None
        return LessonDraft.load(await self.state.get_data())

    async def leave(self) -> None:
        """Drop a change being prepared (nothing of it was written)."""
        if await self.step() is not None:
            await self.state.clear()

    async def keep(self, draft: LessonDraft, step: str) -> None:
        await self.state.set_state(LessonChange.confirm if step == "confirm" else STEPS[step])
        await self.state.set_data(draft.dump())

    async def ask(self, draft: LessonDraft, lesson: Lesson, step: str, note: str | None = None
                  ) -> None:
        await self.keep(draft, step)
        await self.send(change_screens.question_screen(
            self.t, draft, lesson, step, self.clock, note))

    async def preview(self, draft: LessonDraft, lesson: Lesson) -> None:
        await self.keep(draft, "confirm")
        after = draft.after(lesson, self.zone)
        # exact: those whose last word of the lesson differs from what it will be
        audience = await self.changes.would_tell(lesson, after)
        # a move (or a return to the timetable's slot, which another group may have taken
        # since) onto a closed day or into a clash is warned of, not refused
        day = draft.day if draft.action == "move" else (
            after.starts_at.astimezone(self.zone).date() if draft.action == "restore" else None)
        clashes = None if day is None else (
            await self.changes.clashes(lesson, after, day))
        await self.send(change_screens.preview_screen(
            self.t, draft, lesson, audience, self.zone, clashes))

    # ---- the lesson as it stands -----------------------------------------------------------

    async def page_of(self, lesson: Lesson) -> int:
        """The page of the group's list the lesson is on (lists start with what is not over)."""
        if lesson.ends_at <= self.now:
            return 0
        total = await self.changes.count_of_group(lesson.group_id, self.now)
        later = await self.changes.count_of_group(lesson.group_id, lesson.ends_at)
        return max(0, total - later - 1) // screens.PAGE

    def card_screen(self, lesson: Lesson, reach: Reach, note: str | None = None) -> Screen:
        """The lesson's card, its «back» to the page of the group's list the lesson is on."""
        return screens.card_screen(self.t, lesson, reach, self.clock,
                                   reach.before // screens.PAGE, note)

    async def card(self, lesson: Lesson, note: str | None = None, *, new: bool = False
                   ) -> None:
        screen = self.card_screen(lesson, await self.changes.reach(lesson, self.now), note)
        await (self.send(screen) if new else self.show(screen))

    async def groups(self, note: str | None = None, page: int = 0) -> None:
        screen = await screens.groups_screen(self.t, self.changes, self.today, page, note)
        await (self.send(screen) if note else self.show(screen))

    async def gone(self) -> None:
        """A lesson that is not there (a forged or very old button): back to the groups."""
        await self.leave()
        self.toast(self.t("stale-button"))
        await self.groups(self.t("ls-gone"))

    async def stale(self, lesson: Lesson) -> None:
        """The lesson was changed since it was shown: it as it is now, nothing overwritten."""
        await self.leave()
        # the card says why, above it: no toast repeating it
        await self.card(lesson, self.t("ls-stale", status=screens.status_of(lesson)), new=True)

    async def current(self, lesson_id: int, version: int) -> Lesson | None:
        """The lesson if it still is as staff saw it and not over; otherwise say why not
        (and drop the form) and return None."""
        lesson = await self.changes.get(lesson_id)
        if lesson is None:
            await self.gone()
            return None
        if lesson.version != version:
            await self.stale(lesson)
            return None
        if lesson.ends_at <= self.now:
            await self.leave()
            await self.card(lesson, self.t("ls-over"), new=True)
            return None
        return lesson

    async def resume(self) -> tuple[LessonDraft, Lesson] | None:
        """The form a typed answer belongs to, and its lesson as it stands."""
        draft = await self.draft()
        if draft is None:
            await self.state.clear()
            await self.groups(self.t("ls-form-gone"))
            return None
        lesson = await self.current(draft.lesson, draft.version)
        return None if lesson is None else (draft, lesson)
