"""What a change to one lesson writes and whom it tells, without Telegram: the preview's
count is the count queued, notices supersede each other, history is not rewritten, and
/forget blanks the notices a family got."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services.lesson_changes import LessonOver
from storage.lessons import State
from tests.helpers.harness import App
from tests.helpers.lessons import (
    NOW,
    STAFF_ID,
    family_of_three,
    lesson,
    load_timetable,
    next_lesson_id,
    stopped_clock,  # noqa: F401 - the `frozen` fixture, for every test here
)


async def lesson_rows(app: App) -> list[tuple[int, str]]:
    rows = await app.db.fetchall(
        "SELECT chat_id, status FROM outbox WHERE kind = 'lesson' ORDER BY id"
    )
    return [(row[0], row[1]) for row in rows]


async def test_the_preview_count_is_what_the_change_queues(app: App) -> None:
    groups = await load_timetable(app)
    await family_of_three(app)
    first = await lesson(app, await next_lesson_id(app, groups["robo-l1"]))
    cancelled = State(first.starts_at, first.ends_at, first.room, off=True)
    assert await app.services.lesson_changes.would_tell(first, cancelled) == 3
    changed = await app.services.lesson_changes.change(
        first.id, 0, "cancel", by=STAFF_ID, reason="Болезнь")
    assert changed.told == 3
    await app.deliver()
    # told of the cancellation already: cancelling again would tell nobody, restoring all
    now = await lesson(app, first.id)
    assert await app.services.lesson_changes.would_tell(now, cancelled) == 0
    assert await app.services.lesson_changes.would_tell(now, first.planned_state()) == 3


async def test_only_the_latest_of_quick_changes_is_queued(app: App) -> None:
    groups = await load_timetable(app)
    people = await family_of_three(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    first = await lesson(app, lesson_id)
    await app.services.lesson_changes.change(lesson_id, 0, "cancel", by=STAFF_ID, reason="Болезнь")
    later = first.starts_at + timedelta(days=1)
    await app.services.lesson_changes.change(
        lesson_id, 1, "move", by=STAFF_ID, reason="Перенос", starts_at=later,
        ends_at=later + timedelta(minutes=90), day=first.day + timedelta(days=1), room="Лаб. 3",
    )
    rows = await lesson_rows(app)
    assert [status for _, status in rows].count("pending") == 3
    assert [status for _, status in rows].count("cancelled") == 3
    await app.deliver()
    texts = [m.get("text") or "" for m in app.emulator.sent(people["ru"])]
    assert sum("Занятие перенесено" in t for t in texts) == 1
    assert not any("Занятие отменено" in t for t in texts)


async def test_a_restore_keeps_its_reason(app: App) -> None:
    groups = await load_timetable(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    await app.services.lesson_changes.change(lesson_id, 0, "cancel", by=STAFF_ID, reason="Болезнь")
    changed = await app.services.lesson_changes.change(
        lesson_id, 1, "restore", by=STAFF_ID, reason="Педагог выздоровел"
    )
    assert changed.lesson.status == "planned"
    assert changed.lesson.reason == "Педагог выздоровел"


async def test_history_is_not_rewritten(app: App) -> None:
    groups = await load_timetable(app)
    past = (await app.repos.lessons.of_group(groups["robo-l1"], NOW - timedelta(days=7), 1))[0]
    assert past.ends_at < NOW
    with pytest.raises(LessonOver):
        await app.services.lesson_changes.change(past.id, 0, "cancel", by=STAFF_ID, reason="x")
    coming = await lesson(app, await next_lesson_id(app, groups["robo-l1"]))
    with pytest.raises(LessonOver):
        await app.services.lesson_changes.change(
            coming.id, 0, "move", by=STAFF_ID, starts_at=NOW - timedelta(hours=1),
            ends_at=NOW + timedelta(minutes=30), day=coming.day,
        )
    with pytest.raises(ValueError, match="ends after it starts"):
        await app.services.lesson_changes.change(
            coming.id, 0, "move", by=STAFF_ID, starts_at=NOW + timedelta(hours=3),
            ends_at=NOW + timedelta(hours=2), day=coming.day,
        )
    assert (await lesson(app, coming.id)).version == 0
    assert await lesson_rows(app) == []


async def test_forget_blanks_the_lesson_notices_a_family_got(app: App) -> None:
    groups = await load_timetable(app)
    people = await family_of_three(app)
    lesson_id = await next_lesson_id(app, groups["robo-l1"])
    await app.services.lesson_changes.change(lesson_id, 0, "cancel", by=STAFF_ID, reason="Болезнь")
    await app.deliver()
    parent = app.chats[people["ru"]]
    await parent.send("/forget")
    await parent.press(next(b for b in parent.labels() if b.startswith("🗑")))
    payloads = await app.db.fetchall("SELECT payload FROM outbox WHERE kind = 'lesson'")
    assert [row[0] for row in payloads] == ["{}"] * 3
