"""Clashes in the timetable: two groups in one room at overlapping times, one teacher with two
groups at overlapping times, and a lesson on a day the technopark (or its quantum) is closed.

`week_clashes` marks them among a week's lessons (/week); `move_clashes` finds what a move
would run into, for the move's preview. Staff decide: a clash is a warning, never a refusal.

A lesson that is off (cancelled by hand, or inside a closure) clashes with nothing; a lesson
moved into a slot clashes there, not where the pattern put it. Two lessons of one group never
clash with each other. "The same teacher" is the same `teacher_id` where both groups have
one, otherwise the same teacher's name (case and spaces aside; an empty name is nobody).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from storage.lessons import Lesson, LessonRepo, State
from storage.timetable import Closure, TimetableRepo


def plain(text: str) -> str:
    """A room's or a teacher's name as compared: spaces collapsed, case aside."""
    return " ".join(text.split()).casefold()


def same_teacher(a: Lesson, b: Lesson) -> bool:
    if a.teacher_id is not None and b.teacher_id is not None:
        return a.teacher_id == b.teacher_id
    name = plain(a.teacher)
    return bool(name) and name == plain(b.teacher)


@dataclass(frozen=True, slots=True)
class WeekClashes:
    room: frozenset[int]  # ids of lessons sharing a room with another group's
    teacher: frozenset[int]  # ids of lessons whose teacher has another group at that time
    room_pairs: int
    teacher_pairs: int

    @property
    def any(self) -> frozenset[int]:
        return self.room | self.teacher


def _overlapping(lessons: Sequence[Lesson]) -> Iterator[tuple[Lesson, Lesson]]:
    """Each pair of lessons of two groups at overlapping times, once."""
    running: list[Lesson] = []
    for lesson in sorted(lessons, key=lambda lesson: (lesson.starts_at, lesson.id)):
        running = [other for other in running if other.ends_at > lesson.starts_at]
        for other in running:
            if other.group_id != lesson.group_id:
                yield other, lesson
        running.append(lesson)


def _pairs(lessons: Sequence[Lesson], key: Callable[[Lesson], Hashable]
           ) -> set[tuple[int, int]]:
    """The ids of the lessons of two groups at overlapping times that share a non-empty
    `key`, a pair at a time."""
    buckets: dict[Hashable, list[Lesson]] = {}
    for lesson in lessons:
        if value := key(lesson):
            buckets.setdefault(value, []).append(lesson)
    return {(a.id, b.id) for bucket in buckets.values() for a, b in _overlapping(bucket)}


def week_clashes(lessons: Sequence[Lesson]) -> WeekClashes:
    """The room and teacher clashes among `lessons` (lessons without a room share none)."""
    on = [lesson for lesson in lessons if not lesson.off]
    by_id = {lesson.id: lesson for lesson in on}
    rooms = _pairs(on, lambda lesson: plain(lesson.room))
    # a pair found by id or by name, then checked by the rule (an id outranks a name)
    teachers = {
        pair for pair in _pairs(on, lambda lesson: lesson.teacher_id)
        | _pairs(on, lambda lesson: plain(lesson.teacher))
        if same_teacher(by_id[pair[0]], by_id[pair[1]])
    }
    return WeekClashes(
        room=frozenset(i for pair in rooms for i in pair),
        teacher=frozenset(i for pair in teachers for i in pair),
        room_pairs=len(rooms), teacher_pairs=len(teachers),
    )


@dataclass(frozen=True, slots=True)
class MoveClashes:
    """What a lesson moved to a new time and room would run into."""

    closures: list[Closure]  # closed that day, for the whole technopark or the group's quantum
    room: list[Lesson]  # other groups' lessons in that room at an overlapping time
    teacher: list[Lesson]  # the same teacher's lessons with other groups at an overlapping time

    def __bool__(self) -> bool:
        return bool(self.closures or self.room or self.teacher)


def clashes_with(lesson: Lesson, after: State, others: Sequence[Lesson]) -> tuple[
        list[Lesson], list[Lesson]]:
    """Of `others`, those `lesson` would share a room or a teacher with once it is `after`."""
    near = [
        other for other in others
        if other.group_id != lesson.group_id and not other.off
        and other.starts_at < after.ends_at and other.ends_at > after.starts_at
    ]
    room = plain(after.room)
    return ([other for other in near if room and plain(other.room) == room],
            [other for other in near if same_teacher(lesson, other)])


async def move_clashes(lessons: LessonRepo, timetable: TimetableRepo, lesson: Lesson,
                       after: State, day: date) -> MoveClashes:
    """What moving `lesson` to `after` on the local `day` would run into."""
    if after.off:
        return MoveClashes([], [], [])
    others = await lessons.overlapping(after.starts_at, after.ends_at)
    room, teacher = clashes_with(lesson, after, others)
    return MoveClashes(await timetable.closures_on(day, lesson.quantum_code), room, teacher)
