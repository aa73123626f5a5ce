"""What the roll call shows: pure functions from the register to `(text, keyboard)`."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import T
from bot.services import dates
from bot.services.attendance import (
    WINDOW_BEFORE,
    RollCall,
    next_mark,
    shown_mark,
    window_open,
)
from bot.services.attendance_notices import with_place
from bot.services.roll_memory import Recent, Unsaved
from bot.ui.callbacks import LessonOpen
from bot.ui.callbacks_groups import GroupOpen
from bot.ui.callbacks_rollcall import (
    RollAll,
    RollDone,
    RollLeave,
    RollOpen,
    RollRetry,
    tap_data,
)
from bot.ui.keyboards import Buttons, Screen, button_label, home_button
from storage.attendance import Pupil
from storage.lesson_rows import Lesson

SYMBOL = {"present": "✅", "absent": "❌", "late": "⏰", "excused": "🙅", None: "▫️"}
PAIR_LIMIT = 18  # a name this short (with its mark) fits two to a row on a phone


COUNTED = ("present", "absent", "late", "excused", "unmarked")
COUNTS_KEPT = 256  # «✅ 12 ❌ 1 …» lines kept per register and reader


def head(t: T, lesson: Lesson, zone: ZoneInfo) -> list[str]:
    return [
        t("rc-title", programme=html.quote(lesson.title(t.locale))),
        t("rc-lesson", group=html.quote(lesson.group_title(t.locale)),
          when=html.quote(with_place(
              dates.lesson_time(lesson.starts_at, lesson.ends_at, zone, t.locale),
              lesson.place(t.locale), " · "))),
    ]


class Parts:
    """What a register shows that stays the same from tap to tap, for one lesson as it stands
    (any change to the lesson is another key) and one reader: the head, the hint, the buttons
    below the children's, and the children's buttons as last drawn (a tap changes one)."""

    __slots__ = ("head", "hint", "marking", "retry", "ways", "taps", "said")

    def __init__(self, t: T, lesson: Lesson, zone: ZoneInfo) -> None:
        self.head = head(t, lesson, zone)
        self.hint = t("rc-hint")
        self.marking = [
            InlineKeyboardButton(text=t("btn-rc-all"),
                                 callback_data=RollAll(lesson=lesson.id).pack()),
            InlineKeyboardButton(text=t("btn-rc-done"),
                                 callback_data=RollDone(lesson=lesson.id).pack()),
        ]
        self.retry = InlineKeyboardButton(text=t("btn-rc-retry"),
                                          callback_data=RollRetry(lesson=lesson.id).pack())
        # leaving the register through these, its message is no longer redrawn by others
        self.ways = [[
            InlineKeyboardButton(text=t("btn-rc-lesson"), callback_data=RollLeave(
                lesson=lesson.id, to="lesson").pack()),
            InlineKeyboardButton(text=t("btn-home"), callback_data=RollLeave(
                lesson=lesson.id, to="home").pack()),
        ]]
        self.taps: dict[tuple[int, str | None, str, bool], InlineKeyboardButton] = {}
        self.said: dict[tuple[int, ...], str] = {}

    def counts(self, t: T, found: dict[str, int]) -> str:
        """«Отмечено: ✅ n ❌ n …», made once for each set of numbers."""
        key = tuple(found[mark] for mark in COUNTED)
        text = self.said.get(key)
        if text is None:
            if len(self.said) >= COUNTS_KEPT:
                self.said.clear()
            # the counts as text: a class's numbers need no locale's digit grouping, and
            # Fluent formats a number through Babel, several times slower
            text = self.said[key] = t("rc-counts", **{k: str(n) for k, n in found.items()})
        return text

    def tap(self, lesson_id: int, pupil: Pupil, mark: str | None) -> InlineKeyboardButton:
        """A child's button showing `mark`, pressed to set the next one."""
        key = (pupil.child_id, mark, pupil.name, pupil.warned)
        button = self.taps.get(key)
        if button is None:
            button = self.taps[key] = InlineKeyboardButton(
                text=button_label(f"{SYMBOL[mark]} {pupil.name}"),
                callback_data=tap_data(lesson_id, pupil.child_id, next_mark(pupil, mark)))
        return button


def parts_of(cache: Recent[Hashable, object], t: T, lesson: Lesson, zone: ZoneInfo) -> Parts:
    """The `Parts` of a register as last drawn for this reader, kept in `cache` (the
    dispatcher's: the Attendance service's memory), or drawn afresh."""
    key = (lesson, zone.key, *t.reader)
    parts = cache.get(key)
    if not isinstance(parts, Parts):
        parts = Parts(t, lesson, zone)
        cache.put(key, parts)
    return parts


def roll_screen(
    t: T, call: RollCall, zone: ZoneInfo, cache: Recent[Hashable, object], *,
    note: str | None = None, unsaved: Unsaved | None = None,
) -> Screen:
    """The register of a lesson found (`call`): a button per child with their mark (a mark
    not saved shows as it was meant, with «Сохранить ещё раз»), «Все пришли», «Готово», the
    lesson and home."""
    lesson, pupils = call.lesson, call.pupils
    assert lesson is not None, "a register is drawn only for a lesson found"
    pending = dict(unsaved.marks) if unsaved else {}
    every = unsaved is not None and unsaved.every
    if every:  # «Все пришли» was not saved: show it as meant
        for pupil in pupils:
            if pupil.child_id not in pending and shown_mark(pupil) is None:
                pending[pupil.child_id] = "present"
    parts = parts_of(cache, t, lesson, zone)
    lines = [note, ""] if note else []
    lines += parts.head
    # one pass: each child's mark as shown, counted, and their button (the last drawing's
    # where the mark is the same)
    found = dict.fromkeys(COUNTED, 0)
    kept, used = parts.taps, {}
    buttons = []
    paired = True
    for pupil in pupils:
        mark = pending.get(pupil.child_id) or shown_mark(pupil)
        found[mark or "unmarked"] += 1
        key = (pupil.child_id, mark, pupil.name, pupil.warned)
        button = kept.get(key) or parts.tap(lesson.id, pupil, mark)
        used[key] = button
        buttons.append(button)
        paired = paired and len(button.text) <= PAIR_LIMIT
    parts.taps = used  # a register's buttons as last drawn: the next tap reuses all but one
    if pupils:
        lines += [parts.counts(t, found), "", parts.hint]
    else:
        lines += ["", t("rc-empty")]
    per_row = 2 if paired else 1
    rows = [buttons[n:n + per_row] for n in range(0, len(buttons), per_row)]
    if pending:  # the marks themselves are kept in memory (`RollMemory`), not on the button
        rows.append([parts.retry])
    if pupils:
        rows.append(parts.marking)
    rows += parts.ways
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def refusal_screen(t: T, key: str, lesson: Lesson | None, zone: ZoneInfo) -> Screen:
    """A press that changed nothing: why, and the ways on (the lesson, home)."""
    at = ""
    if lesson is not None:
        at = dates.day_and_time(lesson.starts_at - WINDOW_BEFORE, zone, t.locale)
    lines = [t(f"rc-{key}", at=at)]
    builder = Buttons()
    if lesson is not None:
        lines = [*lines, "", *head(t, lesson, zone)]
        builder.button(text=t("btn-rc-lesson"), callback_data=LessonOpen(id=lesson.id))
    home_button(builder, t)
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


def nothing_screen(t: T, group_id: int, next_lesson: Lesson | None, zone: ZoneInfo,
                   today: date) -> Screen:
    """«📋 Отметить» with nothing to mark: today's lesson and when its marking opens, or when
    the next lesson is; and the way back."""
    if next_lesson is not None and next_lesson.starts_at.astimezone(zone).date() == today:
        lines = [t("rc-today-later", start=dates.clock(next_lesson.starts_at, zone),
                   at=dates.clock(next_lesson.starts_at - WINDOW_BEFORE, zone))]
    elif next_lesson is not None:
        lines = [t("rc-nothing"), t("rc-next", when=html.quote(dates.lesson_time(
            next_lesson.starts_at, next_lesson.ends_at, zone, t.locale)))]
    else:
        lines = [t("rc-nothing"), t("rc-no-next")]
    builder = Buttons()
    builder.button(text=t("btn-rc-group"), callback_data=GroupOpen(group=group_id))
    home_button(builder, t)
    builder.adjust(2)
    return "\n".join(lines), builder.as_markup()


def card_button(builder: Buttons, t: T, lesson: Lesson, now: datetime) -> int:
    """«📋 Отметить» under a lesson's card while its register is open (how many added)."""
    if lesson.off or not window_open(lesson, now):
        return 0
    builder.button(text=t("btn-rc-open"), callback_data=RollOpen(lesson=lesson.id))
    return 1


def card_line(t: T, marks: Mapping[str, int]) -> list[str]:
    """«Отмечено: ✅ n ❌ n …» on a past lesson's card (nothing when nobody is marked)."""
    if not marks:
        return []
    return [t("rc-ls-marks", **{k: marks.get(k, 0)
                                 for k in ("present", "absent", "late", "excused")})]
