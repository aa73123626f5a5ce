"""After an event: «Как вам?» once to each family checked in (not to those who did not come,
not in quiet hours), stars changed, a comment too long and then saved, what staff read, and
the open day's programmes for the children who came."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from bot.ui.callbacks_event_door import FeedbackStars
from storage.event_door import DoorRepo
from tests.helpers.events_door import DAY, ENDS, an_event, born, person, register, staff
from tests.helpers.harness import App
from tests.helpers.reminders import local
from tests.helpers.schedule import load_timetable


async def came(app: App, registration: int) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE event_registrations SET checked_in_at = ?, checked_in_by ="
                           " 2001 WHERE id = ?", (ENDS.isoformat(), registration))


async def test_feedback_once_after_the_end_stars_and_a_comment(
        app: App, frozen: time_machine.Traveller) -> None:
    await load_timetable(app)
    event = await an_event(app)
    parent = await person(app, 1001)
    ticket = await register(app, event, 1001, [("Миша Иванов", born(10), "seat")])
    await person(app, 1002)
    absent = await register(app, event, 1002, [("Петя Петров", born(12), "seat")])
    await came(app, ticket.registration)
    door = app.services.event_door
    frozen.move_to(ENDS - timedelta(minutes=5))  # not over yet
    assert await door.tick() == 0
    frozen.move_to(ENDS + timedelta(minutes=2))
    assert await door.tick() == 2  # «Как вам?» and the open day's programmes
    assert await door.tick() == 0  # once
    await app.deliver()
    assert app.emulator.sent(1002)[-1]["text"] != ""  # only the welcome
    assert not any("Как вам" in str(m.get("text")) for m in app.emulator.sent(1002))
    assert absent.registration != ticket.registration
    ask, followup = parent.messages()[-2:]
    assert str(ask["text"]).startswith("💬 Как вам «День открытых дверей»?")
    labels = [b["text"] for b in ask["reply_markup"]["inline_keyboard"][0]]
    assert labels == ["1 ⭐", "2 ⭐", "3 ⭐", "4 ⭐", "5 ⭐"]
    # the open day's follow-up: the programmes open for a 10-year-old, a sign-up button each
    assert str(followup["text"]).startswith("🚀 Спасибо, что пришли на «День открытых дверей»!")
    assert "Робототехника: первые шаги" in str(followup["text"])
    assert "Python" not in str(followup["text"])  # 13–17
    assert parent.labels() == ["✍️ Робоквантум", "🏠 Меню"]
    keys = {r["dedupe_key"] for r in await app.db.fetchall("SELECT dedupe_key FROM outbox"
                                                           " WHERE kind IN ('feedback',"
                                                           " 'followup')")}
    assert keys == {f"ev:{event}:feedback:{ticket.registration}", f"ev:{event}:followup:1001"}
    # stars, changed, then a comment too long and one that fits
    await parent.press("3 ⭐", message_id=ask["message_id"])
    assert parent.answers()[-1].params["text"] == "Оценка сохранена"
    await parent.press("4 ⭐", message_id=ask["message_id"])
    rated = next(m for m in parent.messages() if m["message_id"] == ask["message_id"])
    assert str(rated["text"]).startswith("Спасибо! Оценка «День открытых дверей»: ⭐⭐⭐⭐")
    assert parent.labels(ask["message_id"])[3:] == ["✅ 4", "5 ⭐", "Пропустить"]
    await parent.send("о" * 1500)
    assert parent.last_text().startswith("Получилось 1\xa0500 символов, а можно до 1\xa0000.")
    assert parent.labels() == ["Пропустить", "🏠 Меню"]
    await parent.send("Очень понравилось, спасибо!")
    assert parent.last_text() == "Спасибо! Отзыв передан команде технопарка."
    staff_read = DoorRepo(app.db)  # what the staff's event screen reads
    assert await staff_read.feedback_counts(event) == (4.0, 1)
    assert [c.comment for c in await staff_read.comments(event, 5)] == [
        "Очень понравилось, спасибо!"]
    # someone who did not come cannot rate, even with a forged press
    other = app.chats[1002]
    await other.press_data(FeedbackStars(registration=absent.registration, stars=1).pack())
    await other.press_data(FeedbackStars(registration=ticket.registration, stars=1).pack())
    assert other.texts()[-2:] == ["Эта оценка уже недоступна."] * 2
    assert await staff_read.feedback_counts(event) == (4.0, 1)
    # «✍️ Робоквантум» opens the quantum's sign-up
    await parent.press("✍️ Робоквантум", message_id=followup["message_id"])
    assert parent.last_text().startswith("✍️ Запись: 🤖 Робоквантум")


async def test_feedback_waits_for_quiet_hours_and_is_in_english(
        app: App, frozen: time_machine.Traveller) -> None:
    ends = local(DAY, 22, 30)
    event = await an_event(app, kind="master_class", code="late", starts=local(DAY, 20),
                           ends=ends)
    parent = await person(app, 1001, "en")
    ticket = await register(app, event, 1001, [("Mike Ivanov", born(10), "seat")])
    await came(app, ticket.registration)
    await staff(app)
    frozen.move_to(ends + timedelta(minutes=3))
    assert await app.services.event_door.tick() == 1  # a master class: no follow-up
    row = await app.db.fetchone("SELECT due_at, priority FROM outbox WHERE kind = 'feedback'")
    assert row is not None and row["due_at"].startswith(f"{DAY + timedelta(days=1)}T05:00")
    assert row["priority"] == 50  # as a notice: ahead of a broadcast
    await app.deliver()
    assert not any("How was" in str(m.get("text")) for m in parent.messages())
    frozen.move_to(local(DAY + timedelta(days=1), 8, 1))
    await app.deliver()
    assert parent.last_text().startswith("💬 How was «Open day»?")
    await parent.press("5 ⭐")
    assert parent.last_text().startswith("Thank you! «Open day»: ⭐⭐⭐⭐⭐")
    await parent.press("Skip")
    assert parent.last_text() == "Thank you for the rating!"
    await parent.send("a late comment")  # the form has ended: not taken as feedback
    assert await DoorRepo(app.db).feedback_counts(event) == (5.0, 1)
    assert await DoorRepo(app.db).comments(event, 5) == []
