"""What the roll call keeps in the process's memory, one per dispatcher (on the Attendance
service), each bounded: the marks a failed write left to save again, per member of staff and
lesson (the disk was full, so not in the database; the process is alive); the register
messages open now, per lesson, so a write redraws the other viewers' screens; and whatever
the screens keep of a register from one tap to the next. A restart forgets all of it: the
marks saved are in the database, and a register opened again is drawn from there."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

UNSAVED_KEPT = 1024  # (staff, lesson) pairs with marks to save again
LESSONS_VIEWED = 512  # lessons whose open registers are remembered
VIEWERS_PER_LESSON = 4  # the most recent screens of one lesson redrawn after a write
SCREENS_KEPT = 512  # registers whose drawing is kept between taps


class Recent(Generic[K, V]):
    """A mapping that keeps the `size` entries used last."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.size:
            self._items.popitem(last=False)

    def pop(self, key: K) -> V | None:
        return self._items.pop(key, None)

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True, slots=True)
class Unsaved:
    """Marks a failed write left to save again (`every`: «Все пришли» among them)."""

    marks: Mapping[int, str]
    every: bool = False


@dataclass(frozen=True, slots=True)
class Viewer:
    """A register open in a chat: its message, and the reader's language and voice."""

    chat_id: int
    message_id: int
    language: str
    family_role: str | None


class RollMemory:
    def __init__(self) -> None:
        self._unsaved: Recent[tuple[int, int], Unsaved] = Recent(UNSAVED_KEPT)
        self._viewers: Recent[int, dict[int, Viewer]] = Recent(LESSONS_VIEWED)
        self.screens: Recent[Hashable, object] = Recent(SCREENS_KEPT)

    # ---- marks to save again ---------------------------------------------------------------

    def unsaved(self, user_id: int, lesson_id: int) -> Unsaved | None:
        return self._unsaved.get((user_id, lesson_id))

    def keep(self, user_id: int, lesson_id: int, marks: Mapping[int, str], every: bool
             ) -> Unsaved:
        """A write failed: these marks join those an earlier failure left (the newer win)."""
        before = self._unsaved.get((user_id, lesson_id)) or Unsaved({})
        kept = Unsaved({**before.marks, **marks}, every or before.every)
        self._unsaved.put((user_id, lesson_id), kept)
        return kept

    def saved(self, user_id: int, lesson_id: int, children: Mapping[int, str] | None, *,
              every: bool = False) -> None:
        """A write went through: these children's marks (None: all of them) and, with
        `every`, «Все пришли» need no saving again."""
        key = (user_id, lesson_id)
        before = self._unsaved.get(key)
        if before is None:
            return
        left = {} if children is None else {
            c: m for c, m in before.marks.items() if c not in children}
        still = before.every and not every and children is not None
        if left or still:
            self._unsaved.put(key, Unsaved(left, still))
        else:
            self._unsaved.pop(key)

    # ---- registers open now ----------------------------------------------------------------

    def seen(self, lesson_id: int, viewer: Viewer) -> None:
        """This chat shows the lesson's register in this message (its only one)."""
        viewers = self._viewers.get(lesson_id) or {}
        viewers.pop(viewer.chat_id, None)
        viewers[viewer.chat_id] = viewer
        while len(viewers) > VIEWERS_PER_LESSON:
            del viewers[next(iter(viewers))]
        self._viewers.put(lesson_id, viewers)

    def others(self, lesson_id: int, chat_id: int) -> list[Viewer]:
        """The lesson's registers open in other chats."""
        viewers = self._viewers.get(lesson_id) or {}
        return [v for chat, v in viewers.items() if chat != chat_id]

    def left(self, lesson_id: int, chat_id: int) -> None:
        """The chat's message no longer shows the register (navigated away, or gone)."""
        viewers = self._viewers.get(lesson_id)
        if viewers is not None:
            viewers.pop(chat_id, None)
