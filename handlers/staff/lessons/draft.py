"""A lesson's change being prepared: what the form has gathered so far, kept in the
conversation's state (it survives a restart) until the change is written. Pure: no Telegram,
no database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.services.schedule import at
from bot.services.telegram_text import Refused
from storage.lessons import Lesson, State

Action = Literal["cancel", "move", "restore"]
ACTIONS: tuple[Action, ...] = ("cancel", "move", "restore")


@dataclass(frozen=True, slots=True)
class LessonDraft:
    lesson: int
    version: int  # the lesson's version when staff opened it: a change meanwhile shows
    action: Action
    day: date | None = None  # a move: the new local day
    start: time | None = None  # … local start and end
    end: time | None = None
    room: str | None = None  # … the new room; None: where it is now
    reason: str | None = None

    def dump(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat() if self.day else None
        data["start"] = f"{self.start:%H:%M}" if self.start else None
        data["end"] = f"{self.end:%H:%M}" if self.end else None
        return {"draft": data}

    @classmethod
    def load(cls, data: dict[str, Any]) -> LessonDraft | None:
        """The draft in a conversation's data; None if there is none (or not one of ours)."""
        raw = data.get("draft")
        if not isinstance(raw, dict) or raw.get("action") not in ACTIONS:
            return None
        try:
            return cls(
                lesson=int(raw["lesson"]), version=int(raw["version"]), action=raw["action"],
                day=date.fromisoformat(raw["day"]) if raw.get("day") else None,
                start=time.fromisoformat(raw["start"]) if raw.get("start") else None,
                end=time.fromisoformat(raw["end"]) if raw.get("end") else None,
                room=raw.get("room"), reason=raw.get("reason"),
            )
        except (KeyError, TypeError, ValueError):
            return None

    def matches(self, lesson_id: int, version: int) -> bool:
        return self.lesson == lesson_id and self.version == version

    def with_(self, **changes: Any) -> LessonDraft:
        return replace(self, **changes)

    def moved_times(self, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
        """The new start and end of a move in UTC, once the day and time are known."""
        if self.day is None or self.start is None or self.end is None:
            return None
        return at(self.day, self.start, zone), at(self.day, self.end, zone)

    def after(self, lesson: Lesson, zone: ZoneInfo) -> State:
        """What the lesson will be once the change is made."""
        if self.action == "cancel":
            return State(lesson.starts_at, lesson.ends_at, lesson.room, off=True)
        if self.action == "restore":
            return State(lesson.planned_start, lesson.planned_end, lesson.planned_room, False)
        times = self.moved_times(zone) or (lesson.starts_at, lesson.ends_at)
        room = lesson.room if self.room is None else self.room
        return State(times[0], times[1], room, off=False)


def local_times(lesson: Lesson, zone: ZoneInfo) -> tuple[time, time]:
    """The lesson's start and end on the technopark's clock."""
    return lesson.starts_at.astimezone(zone).time(), lesson.ends_at.astimezone(zone).time()


def place(day: date, start: time, end: time | None, length: timedelta) -> time:
    """The end of a lesson starting at `start` on `day`: the typed end, or the start plus
    the lesson's length. Raises Refused if that is past midnight."""
    if end is not None:
        return end
    finish = datetime.combine(day, start) + length
    if finish.date() != day:
        raise Refused("ls-time-midnight")
    return finish.time()
