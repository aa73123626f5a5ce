"""Class reminders as families get them: when each one goes out (defaults, chosen lead
times, quiet hours, a late sign-up), what it says, and how changes, leaving and downtime
follow — on a travelling clock, never sleeping."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time

import pytest
import time_machine

from bot.services.reminders import after_quiet, due_at, lead_time
from bot.settings import Settings
from storage.reminders import Quiet
from tests.helpers import family_invite, join_by_invite, start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.reminders import (
    MOSCOW,
    NOW,
    deliver_at,
    family,
    local,
    reminder_labels,
    reminder_rows,
    reminders_to,
)
from tests.helpers.schedule import enrol

Clock = time_machine.Traveller
MON, TUE, WED, THU = (date(2026, 11, 30) + timedelta(days=n) for n in range(4))
SAT = date(2026, 12, 5)


@pytest.fixture
def frozen() -> Iterator[Clock]:
    """Monday 30 November 2026, 09:00 in Moscow, and the clock stands still."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def plan(app: App) -> None:
    await app.services.planner.tick()


async def lesson_at(app: App, group_id: int, moment: datetime) -> int:
    lessons = await app.repos.lessons.of_group(group_id, moment - timedelta(minutes=1), 1)
    assert lessons and lessons[0].starts_at == moment, lessons
    return lessons[0].id


def dues(rows: list) -> list[tuple[int, str, datetime]]:  # type: ignore[type-arg]
    return [(row.chat_id, row.lead, row.local_due.replace(tzinfo=None)) for row in rows]


# ---- when a reminder is due -----------------------------------------------------------------


def test_lead_times_count_back_from_the_lesson() -> None:
    start = local(TUE, 15)
    evening = clock_time(19)
    assert lead_time("evening", start, MOSCOW, evening) == local(MON, 19)
    assert lead_time("3h", start, MOSCOW, evening) == local(TUE, 12)
    assert lead_time("30m", start, MOSCOW, evening) == local(TUE, 14, 30)


def test_quiet_hours_on_both_sides_of_midnight() -> None:
    quiet = Quiet()  # 22:00–08:00
    # before midnight: to the next morning
    assert after_quiet(local(MON, 23), quiet, MOSCOW) == local(TUE, 8)
    # after midnight: to the same morning
    assert after_quiet(local(TUE, 6, 30), quiet, MOSCOW) == local(TUE, 8)
    # outside them, or turned off: as it was
    assert after_quiet(local(TUE, 8), quiet, MOSCOW) == local(TUE, 8)
    assert after_quiet(local(MON, 21, 59), quiet, MOSCOW) == local(MON, 21, 59)
    assert after_quiet(local(MON, 23), Quiet(on=False), MOSCOW) == local(MON, 23)
    # hours that do not wrap midnight
    day = Quiet(start=clock_time(13), end=clock_time(15))
    assert after_quiet(local(TUE, 14), day, MOSCOW) == local(TUE, 15)
    # a reminder pushed to the lesson's start or past it is not sent
    assert due_at("3h", local(TUE, 9), quiet, MOSCOW, clock_time(19)) == local(TUE, 8)
    assert due_at("2h", local(TUE, 8), quiet, MOSCOW, clock_time(19)) is None


# ---- defaults and what a reminder says ------------------------------------------------------


async def test_a_parent_gets_the_evening_before_and_two_hours_before(
    app: App, frozen: Clock
) -> None:
    chat, _ = await family(app)
    await plan(app)
    rows = await reminder_rows(app)
    assert dues(rows) == [
        (chat.user_id, "evening", datetime(2026, 11, 30, 19, 0)),
        (chat.user_id, "2h", datetime(2026, 12, 1, 13, 0)),
    ]
    # nothing before its time
    await deliver_at(app, frozen, local(MON, 18, 59))
    assert reminders_to(app, chat.user_id) == []
    await deliver_at(app, frozen, local(MON, 19))
    [evening] = reminders_to(app, chat.user_id)
    assert evening.splitlines() == [
        "🔔 Занятие завтра в 15:00",
        "👤 Иванова Мария",
        "📚 Робототехника: первые шаги, группа «Вт/Чт 15:00»",
        "🕒 вт, 1 декабря, 15:00–16:30",
        "📍 Каб. 101",
        "🧑‍🏫 Педагог: Иванова Е. А.",
    ]
    assert reminder_labels(app, chat.user_id) == ["🗓 Расписание", "🙅 Не придём"]
    await deliver_at(app, frozen, local(TUE, 13))
    assert reminders_to(app, chat.user_id)[-1].startswith("🔔 Занятие через 2 часа")
    # each goes once, whatever the ticks
    for minutes in (1, 30, 90):
        await deliver_at(app, frozen, local(TUE, 13) + timedelta(minutes=minutes))
    assert len(reminders_to(app, chat.user_id)) == 2
    assert [r.lead for r in await reminder_rows(app, "sent")] == ["evening", "2h"]


async def test_in_english_and_to_a_pupil(app: App, frozen: Clock) -> None:
    chat, ids = await family(app, "en", user_id=1002)
    pupil = app.chat(user_id=2002, first_name="Петя")
    await start_as(pupil, "pupil")
    await enrol(app, pupil.user_id, ids["robo-a1"], "Петров Пётр", 14, relation="child")
    await plan(app)
    assert dues(await reminder_rows(app)) == [
        (chat.user_id, "evening", datetime(2026, 11, 30, 19, 0)),
        (chat.user_id, "2h", datetime(2026, 12, 1, 13, 0)),
        (pupil.user_id, "2h", datetime(2026, 12, 1, 13, 0)),
    ]
    await deliver_at(app, frozen, local(MON, 19))
    await deliver_at(app, frozen, local(TUE, 13))
    english = reminders_to(app, chat.user_id)
    assert english[0].startswith("🔔 Lesson tomorrow at 15:00\n👤 Иванова Мария\n")
    assert "Robotics: first steps, group “Вт/Чт 15:00”" in english[0]
    assert english[1].startswith("🔔 Lesson in 2 hours\n👤 Иванова Мария\n")
    # a pupil is spoken to as «ты» and is not named to themself
    [own] = reminders_to(app, pupil.user_id)
    assert own.startswith("🔔 У тебя занятие через 2 часа\n📚 ")
    assert "Петров" not in own
    assert reminder_labels(app, pupil.user_id) == ["🗓 Расписание", "🙅 Не приду"]


async def test_two_children_in_one_group_share_a_reminder(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванов Павел", 9)
    await plan(app)
    rows = await reminder_rows(app)
    assert len(rows) == 2
    await deliver_at(app, frozen, local(MON, 19))
    [text] = reminders_to(app, chat.user_id)
    assert "👤 Иванова Мария, Иванов Павел" in text
    # the buttons call the children by their first names, as the family does
    assert reminder_labels(app, chat.user_id)[1:] == [
        "🙅 Мария не придёт", "🙅 Павел не придёт"]


async def test_chosen_lead_times(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    [child] = await app.repos.reminders.children(chat.user_id)
    assert await app.services.reminder_settings.set_leads(chat.user_id, child.id, ["3h", "30m"])
    await plan(app)
    assert dues(await reminder_rows(app)) == [
        (chat.user_id, "3h", datetime(2026, 12, 1, 12, 0)),
        (chat.user_id, "30m", datetime(2026, 12, 1, 14, 30)),
    ]
    # none for this child: nothing
    assert await app.services.reminder_settings.set_leads(chat.user_id, child.id, [])
    await plan(app)
    assert await reminder_rows(app) == []
    # a child of another family cannot be chosen for
    other, _ = await family(app, user_id=1003, name="Смирнова Ольга")
    [theirs] = await app.repos.reminders.children(other.user_id)
    assert not await app.services.reminder_settings.set_leads(chat.user_id, theirs.id, ["1h"])


async def test_quiet_hours_move_a_reminder_to_the_morning_or_drop_it(
    app: App, settings: Settings, frozen: Clock
) -> None:
    settings.reminder_evening_at = clock_time(23)
    app.services.planner.evening_at = clock_time(23)
    chat, ids = await family(app)
    await plan(app)
    # 23:00 the evening before falls in 22:00–08:00: it comes at 08:00 on the day
    assert dues(await reminder_rows(app)) == [
        (chat.user_id, "evening", datetime(2026, 12, 1, 8, 0)),
        (chat.user_id, "2h", datetime(2026, 12, 1, 13, 0)),
    ]
    await deliver_at(app, frozen, local(TUE, 8))
    assert reminders_to(app, chat.user_id)[0].startswith("🔔 Занятие сегодня в 15:00")
    # quiet hours until 16:00 would push both past the lesson: neither is sent
    await app.db.writer.execute(
        "INSERT INTO reminder_settings (user_id, quiet_until, updated_at)"
        " VALUES (?, '16:00', '2026-11-30T00:00:00+00:00')", (chat.user_id,))
    await app.db.writer.commit()
    await plan(app)
    assert await reminder_rows(app) == []
    # turned off: the evening one goes at 23:00 sharp
    await app.repos.reminders.set_quiet(chat.user_id, False)
    frozen.move_to(local(WED, 9))
    await plan(app)
    assert dues(await reminder_rows(app))[0] == (chat.user_id, "evening",
                                                 datetime(2026, 12, 2, 23, 0))


async def test_enrolling_an_hour_before_a_lesson(app: App, frozen: Clock) -> None:
    frozen.move_to(local(TUE, 14))
    await plan(app)  # the planner has been running
    chat, _ = await family(app)
    await plan(app)
    # both lead times for today's lesson are over; Thursday's are not planned yet
    assert await reminder_rows(app) == []
    await deliver_at(app, frozen, local(TUE, 14, 59))
    assert reminders_to(app, chat.user_id) == []
    await deliver_at(app, frozen, local(WED, 19))
    assert [r.lead for r in await reminder_rows(app, "sent")] == ["evening"]


# ---- changes follow at once ------------------------------------------------------------------


async def test_a_cancelled_lesson_sends_no_reminder(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await plan(app)
    lesson = await lesson_at(app, ids["robo-a1"], local(TUE, 15))
    current = await app.repos.lessons.get(lesson)
    assert current is not None
    await app.services.lesson_changes.change(
        lesson, current.version, "cancel", by=ADMIN_ID, reason="Педагог заболел")
    # a reminder due now waits while the group is being planned again
    await deliver_at(app, frozen, local(MON, 19))
    assert reminders_to(app, chat.user_id) == []
    assert [r.status for r in await reminder_rows(app, None)] == ["cancelled", "cancelled"]
    texts = [str(m.get("text")) for m in app.emulator.sent(chat.user_id)]
    assert any(t.startswith("❌ Занятие отменено") for t in texts)


async def test_the_sender_holds_a_reminder_until_its_group_is_planned_again(
    app: App, frozen: Clock
) -> None:
    chat, ids = await family(app)
    await plan(app)
    lesson = await lesson_at(app, ids["robo-a1"], local(TUE, 15))
    current = await app.repos.lessons.get(lesson)
    assert current is not None
    await app.services.lesson_changes.change(lesson, current.version, "cancel", by=ADMIN_ID)
    frozen.move_to(local(MON, 19))
    await app.deliver()  # no planner tick yet
    assert reminders_to(app, chat.user_id) == []


async def test_a_moved_lesson_is_reminded_at_its_new_time_and_never_twice(
    app: App, frozen: Clock
) -> None:
    chat, ids = await family(app)
    await plan(app)
    await deliver_at(app, frozen, local(MON, 19))
    assert len(reminders_to(app, chat.user_id)) == 1
    lesson = await lesson_at(app, ids["robo-a1"], local(TUE, 15))
    current = await app.repos.lessons.get(lesson)
    assert current is not None
    # moved to 17:00 the same day after the evening reminder went
    await app.services.lesson_changes.change(
        lesson, current.version, "move", by=ADMIN_ID, starts_at=local(TUE, 17),
        ends_at=local(TUE, 18, 30), day=TUE, room="",
    )
    await deliver_at(app, frozen, local(MON, 19, 1))
    texts = [str(m.get("text")) for m in app.emulator.sent(chat.user_id)]
    assert texts[-1].startswith("🔁 Занятие перенесено")
    # the 2-hour one follows the lesson; the evening one is not sent again
    assert dues(await reminder_rows(app)) == [(chat.user_id, "2h", datetime(2026, 12, 1, 15))]
    await deliver_at(app, frozen, local(TUE, 13))
    assert len(reminders_to(app, chat.user_id)) == 1
    await deliver_at(app, frozen, local(TUE, 15))
    reminders = reminders_to(app, chat.user_id)
    assert len(reminders) == 2
    assert "🕒 вт, 1 декабря, 17:00–18:30" in reminders[-1]


async def test_joining_declined_and_leaving(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    # a second parent joins by invite: their own reminders
    code = await family_invite(chat)
    second = app.chat(user_id=1005, first_name="Олег")
    await join_by_invite(second, code)
    # an application still being decided, then declined: none
    stranger = app.chat(user_id=1006, first_name="Ира")
    await start_as(stranger, "parent")
    pending = await enrol(app, stranger.user_id, ids["robo-a1"], "Сидоров Иван", confirm=False)
    await plan(app)
    assert sorted({r.chat_id for r in await reminder_rows(app)}) == [chat.user_id, 1005]
    await app.repos.enrolment.decide(pending, "rejected", "Группа набрана")
    await plan(app)
    assert 1006 not in {r.chat_id for r in await reminder_rows(app)}
    # the family cancels the enrolment: nothing stays queued
    [enrolment] = await app.repos.enrolments.family_enrolments(
        await app.repos.families.family_id(chat.user_id) or 0)
    await app.repos.enrolment.cancel(enrolment.id, enrolment.family_id)
    await plan(app)
    assert await reminder_rows(app) == []


async def test_forget_leaves_no_reminder(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await plan(app)
    assert len(await reminder_rows(app)) == 2
    await app.services.privacy.forget(chat.user_id)
    await deliver_at(app, frozen, local(MON, 19))
    assert reminders_to(app, chat.user_id) == []
    rows = await app.db.fetchall("SELECT status, payload FROM outbox WHERE kind = 'reminder'")
    assert [(r["status"], r["payload"]) for r in rows] == [("cancelled", "{}")] * 2


async def test_turning_reminders_off_and_on(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await plan(app)
    await app.repos.reminders.set_enabled(chat.user_id, False)
    await plan(app)
    assert await reminder_rows(app) == []
    await app.repos.reminders.set_enabled(chat.user_id, True)
    await plan(app)
    assert [r.lead for r in await reminder_rows(app)] == ["evening", "2h"]


# ---- downtime -----------------------------------------------------------------------------


async def test_five_minutes_down_sends_a_missed_reminder_once(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await plan(app)
    # down from 12:58 to 13:05 on Tuesday: the 2-hour reminder is late, the lesson ahead
    frozen.move_to(local(TUE, 13, 5))
    await app.services.planner.start()
    await app.deliver()
    texts = reminders_to(app, chat.user_id)
    # the evening one is not sent the next day: only the latest missed lead goes
    assert len(texts) == 1
    assert texts[0].startswith("🔔 Занятие через 1 час 55 минут")
    assert [r.status for r in await reminder_rows(app, None)] == ["cancelled", "sent"]


async def test_two_days_down(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await plan(app)
    # down from Monday 09:00 until Thursday 12:30: Tuesday's lesson has passed, Thursday's is
    # in two and a half hours and was never planned
    frozen.move_to(local(THU, 12, 30))
    await app.services.planner.start()
    await app.deliver()
    texts = reminders_to(app, chat.user_id)
    assert len(texts) == 1
    assert texts[0].startswith("🔔 Занятие через 2 часа 30 минут")
    statuses = sorted((r.lead, r.status) for r in await reminder_rows(app, None))
    # Tuesday's expired unsent; Thursday's evening one went late, its 2-hour one is ahead
    assert statuses == [("2h", "expired"), ("2h", "pending"), ("evening", "expired"),
                        ("evening", "sent")]
    await deliver_at(app, frozen, local(THU, 13))
    assert reminders_to(app, chat.user_id)[-1].startswith("🔔 Занятие через 2 часа\n")


async def test_missed_in_quiet_hours_waits_for_the_morning(app: App, frozen: Clock) -> None:
    chat, _ = await family(app)
    await plan(app)
    # down from 18:00 to 23:30 on Monday: the evening reminder waits until 08:00
    frozen.move_to(local(MON, 23, 30))
    await app.services.planner.start()
    await app.deliver()
    assert reminders_to(app, chat.user_id) == []
    await deliver_at(app, frozen, local(TUE, 8))
    assert reminders_to(app, chat.user_id)[0].startswith("🔔 Занятие сегодня в 15:00")


async def test_an_idle_tick_writes_nothing(app: App, frozen: Clock) -> None:
    await family(app)
    await plan(app)
    commits = app.db.commits
    for minutes in range(1, 4):
        frozen.move_to(NOW + timedelta(minutes=minutes))
        assert (await app.services.planner.tick()).idle
    assert app.db.commits == commits


@pytest.mark.parametrize("machine_zone", ["UTC", "America/New_York"])
async def test_the_machine_zone_does_not_matter(
    app: App, frozen: Clock, machine_zone: str
) -> None:
    before = os.environ.get("TZ")
    os.environ["TZ"] = machine_zone
    time.tzset()
    try:
        chat, _ = await family(app)
        await plan(app)
        assert dues(await reminder_rows(app)) == [
            (chat.user_id, "evening", datetime(2026, 11, 30, 19, 0)),
            (chat.user_id, "2h", datetime(2026, 12, 1, 13, 0)),
        ]
        await deliver_at(app, frozen, datetime(2026, 11, 30, 16, 0, tzinfo=UTC))
        assert reminders_to(app, chat.user_id)[0].startswith("🔔 Занятие завтра в 15:00")
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


async def test_the_very_first_start_sends_nothing_already_over(app: App, frozen: Clock) -> None:
    """The day reminders are switched on is no downtime: what was over is not sent."""
    chat, _ = await family(app)
    frozen.move_to(local(TUE, 14))
    await app.services.planner.start()
    await app.deliver()
    assert reminders_to(app, chat.user_id) == []
    assert await reminder_rows(app, None) == []


async def test_two_children_of_one_first_name_are_told_apart(app: App, frozen: Clock) -> None:
    chat, ids = await family(app)
    await enrol(app, chat.user_id, ids["robo-a1"], "Петрова Мария", 9)
    await enrol(app, chat.user_id, ids["robo-a1"], "Иванов Павел", 9)
    await app.deliver()  # the applications confirmed: the reminder comes after them
    await plan(app)
    await deliver_at(app, frozen, local(MON, 19))
    assert reminder_labels(app, chat.user_id)[1:] == [
        "🙅 Иванова Мария не придёт", "🙅 Петрова Мария не придёт", "🙅 Павел не придёт"]
    # pressed, a button keeps the name it was given
    await chat.press("🙅 Петрова Мария не придёт")
    await chat.press("🙅 Павел не придёт")
    assert chat.labels()[1:] == [
        "🙅 Иванова Мария не придёт", "↩️ Петрова Мария придёт", "↩️ Павел придёт"]
