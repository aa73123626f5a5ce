"""`:reminders` in the offline demo: the current person's reminders arrive now, as they will at
their time, whenever the next lesson is (a demo does not wait until the evening before it).

The planner writes reminders only for the next 36 hours. When nothing is planned for the person
yet, their next lesson (of a confirmed child, on, not reported absent) is planned here with the
planner's own rules and texts, for this person only, and its reminders made due. The rows keep
their keys: when the lesson enters the planner's horizon, what was sent is not sent again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.services.reminders import ReminderPlanner, dues, reminder_key
from storage.clock import utcnow
from storage.demo import first_reminder_after
from storage.family_lessons import FamilyLessons
from storage.lesson_rows import Lesson, lessons_by_ids
from storage.lessons import LessonRepo
from storage.reminder_plans import Wanted
from storage.reminders import ReminderRepo


async def plan_next_lesson(user_id: int, lessons: FamilyLessons,
                           planner: ReminderPlanner) -> int:
    """Plan the reminders of this person's next lesson that has any; how many were added."""
    now = utcnow()
    for item in await lessons.next_for_user(user_id, now):
        if item.enrolment != "confirmed":
            continue
        lesson_id = item.lesson.id
        async with planner.db.transaction() as conn:
            person = (await planner.repo.audience(conn, [lesson_id])).get(
                lesson_id, {}).get(user_id)
            [lesson] = await lessons_by_ids(conn, [lesson_id])
            if person is None or lesson.off or lesson.starts_at <= now:
                continue
            mine = f"remind:{lesson_id}:{user_id}:"
            existing = {key: row for key, row in (await planner.repo.existing(
                conn, [lesson_id])).items() if key.startswith(mine)}
            planner.texts.clear()
            wanted = [Wanted(
                key=reminder_key(lesson, user_id, due.lead), lesson_id=lesson_id,
                chat_id=user_id, family_id=person.family_id, due_at=due.at,
                expires_at=lesson.starts_at,
                payload=planner.texts.render(lesson, person, due),
            ) for due in dues(person, lesson, planner.zone, planner.evening_at)
                if due.at > now]
            applied = await planner.repo.apply(conn, wanted, existing, now)
        if applied.added or applied.updated:
            return applied.added + applied.updated
    return 0


@dataclass(frozen=True)
class Brought:
    """The reminders made due now: how many; and, when some were to come later, the lesson
    of the first of those and when it would have come (the demo says so: «Занятие завтра»
    from a reminder of a lesson days ahead would puzzle)."""

    count: int
    early: Lesson | None = None
    due_at: datetime | None = None


async def reminders_now(user_id: int, reminders: ReminderRepo, lessons: FamilyLessons,
                        planner: ReminderPlanner, lesson_repo: LessonRepo) -> Brought:
    """The person's planned reminders made due now (the next lesson's planned first when
    none are)."""
    await planner.tick()
    later = await first_reminder_after(planner.db, user_id, utcnow())
    moved = await reminders.due_now(user_id)
    if not moved and await plan_next_lesson(user_id, lessons, planner):
        later = await first_reminder_after(planner.db, user_id, utcnow())
        moved = await reminders.due_now(user_id)
    if later is None:
        return Brought(moved)
    due_at, lesson_id = later
    if lesson_id is None:  # an event's reminder: its text names the event's day itself
        return Brought(moved)
    return Brought(moved, await lesson_repo.get(lesson_id), due_at)
