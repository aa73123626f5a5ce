"""A closure added, changed or removed later is told to the families whose children's lessons
it cancels or gives back, in each person's language; staff see who it did not reach."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from bot.i18n import Texts
from bot.services.closure_import import parse_closures_csv
from bot.ui.callbacks import LessonOpen
from handlers.staff.timetable.closure_screens import changed_text
from tests.helpers import start_as
from tests.helpers.closures import closure_texts, december, families
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import NOW, enrol


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


async def test_a_closure_is_told_changed_and_removed(app: App) -> None:
    ru, en, admin = await families(app)
    await app.deliver()
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("01.12–05.12")
    await admin.send("Ремонт")
    await admin.press("👁 Проверить")
    assert "Внутри 5 занятий" in admin.last_text()
    await admin.press("🇬🇧 По-английски")
    await admin.send("Repairs")
    assert "Причина по-английски: Repairs" in admin.last_text()
    await admin.press("✅ Добавить")
    assert admin.last_text().startswith(
        "✅ Готово: 5 занятий отменены. Семьям отправляются 2 сообщения.")
    await app.deliver()
    assert ru.last_text() == (
        "📅 Занятия отменены: Ремонт\n"
        "• Маша Петрова — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " вт, 1 декабря, 15:00–16:30\n"
        "• Маша Петрова — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " чт, 3 декабря, 15:00–16:30"
    )
    assert en.last_text().startswith("📅 Lesson cancelled: Repairs\n• Tom Smith — Python")
    # the English schedule shows the English reason
    await en.send("/schedule")
    assert "Repairs" in en.last_text() and "Ремонт" not in en.last_text()

    # the closure's screen: ✏️ to robotics only; the IT lesson comes back
    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    assert admin.last_text().startswith("📅 Закрытие: 1–5 декабря 2026\nПричина: Ремонт\n")
    assert admin.labels() == ["✏️ Изменить", "🗑 Удалить", "📭 Кому не доставлено",
                              "⬅️ Закрытия", "🏠 Меню"]
    await admin.press("✏️ Изменить")
    await admin.press("🎯 Для кого")
    await admin.press("Робоквантум")
    await admin.press("👁 Проверить")
    assert "Новых отмен нет. 1 занятие снова пройдёт по расписанию." in admin.last_text()
    await admin.press("✅ Сохранить")
    assert admin.last_text().startswith(
        "✅ Закрытие изменено: 1 занятие снова по расписанию. Семьям отправляется 1 сообщение.")
    await app.deliver()
    # narrowed, not removed: the closure is not said to be called off
    assert en.last_text().startswith("✅ The lesson is on again — the closure “Repairs” no"
                                     " longer covers it:\n"
                                     "• Tom Smith")

    # 🗑 asks first, with how many lessons come back
    await admin.press("🗑 Удалить")
    assert admin.last_text().startswith("🗑 Удалить закрытие 1–5 декабря 2026?\n4 занятия")
    assert admin.labels() == ["🗑 Да, удалить", "↩️ Не удалять"]
    await admin.press("🗑 Да, удалить")
    assert admin.last_text().startswith("🗑 Закрытие удалено. 4 занятия снова по расписанию.")
    await app.deliver()
    assert ru.last_text().startswith(
        "✅ Занятия снова по расписанию — закрытие «Ремонт» их больше не касается:")
    assert await app.db.fetchval("SELECT count(*) FROM closures") == 0


async def test_who_was_not_reached(app: App) -> None:
    ru, en, admin = await families(app)
    await app.deliver()
    app.emulator.block(5001)
    await app.services.timetable.add_many([{
        "starts_on": NOW.date().replace(day=1, month=12), "ends_on":
        NOW.date().replace(day=5, month=12), "reason": "Ремонт", "quanta": []}])
    await app.deliver()
    closure = await app.db.fetchval("SELECT id FROM closures")
    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    await admin.press("📭 Кому не доставлено")
    assert admin.last_text() == (
        "📭 Кому не доставлено · закрытие\n"
        "Семьи: получили 1, не получили 1.\n"
        "Сначала — семьи самых младших.\n\n"
        "1. Маша Петрова, 8 лет\n"
        "Родитель: Ольга · +79123456789\n"
        "Заблокировали бота"
    )
    assert admin.labels() == ["⬅️ Назад", "🏠 Меню"]
    # a pupil or parent pressing it gets nothing of it
    await en.press_data(f"ud:c:{closure}:0")
    assert "Маша" not in en.last_text()


async def test_a_closure_removed_before_its_notices_went_out_sends_nothing(app: App) -> None:
    ru, en, admin = await families(app)
    await app.deliver()
    await app.services.timetable.add_many([december(1, 5)])
    closure = await app.db.fetchval("SELECT id FROM closures")
    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    await admin.press("🗑 Удалить")
    await admin.press("🗑 Да, удалить")
    assert admin.last_text().startswith(
        "🗑 Закрытие удалено. 5 занятий снова по расписанию. Сообщать семьям нечего.")
    await app.deliver()
    assert closure_texts(ru) == [] and closure_texts(en) == []
    # the report of its notices: nobody was meant to get them in the end
    await admin.press_data(f"ud:c:{closure}:0")
    assert "Семьи: получили 0, не получили 0." in admin.last_text()


async def test_a_change_before_the_notices_went_out_tells_what_stands(app: App) -> None:
    ru, en, _ = await families(app)
    await app.deliver()
    await app.services.timetable.add_many([december(1, 5)])
    closure = await app.db.fetchval("SELECT id FROM closures")
    # robotics only, and from the 3rd: the IT lesson (the 5th) and the 1st are on again
    changed = await app.services.timetable.change(closure, december(3, 5, quanta=["robo"]))
    assert (changed.off, changed.back) == (0, 3)
    await app.deliver()
    assert closure_texts(en) == []
    assert closure_texts(ru) == [
        "📅 Занятие отменено: Ремонт\n"
        "• Маша Петрова — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " чт, 3 декабря, 15:00–16:30"
    ]


async def test_on_again_goes_only_to_those_told_of_the_cancellation(app: App) -> None:
    ru, en, _ = await families(app)
    groups = {g.code: g.id for g in await app.repos.programmes.all_groups()}
    await app.deliver()
    await app.services.timetable.add_many([december(1, 5)])
    await app.deliver()
    assert len(closure_texts(ru)) == len(closure_texts(en)) == 1
    # a family that joined the IT group after the closure was told
    late = app.chat(user_id=5003, language_code="en", first_name="Ann")
    await start_as(late, "parent", "en")
    await enrol(app, 5003, groups["it-a1"], "Ann Lee", years=14)
    await app.deliver()
    closure = await app.db.fetchval("SELECT id FROM closures")
    await app.services.timetable.remove(closure)
    await app.deliver()
    assert closure_texts(late) == []
    assert closure_texts(en)[-1] == (
        "✅ The lesson is on again — the closure “Repairs” no longer covers it:\n"
        "• Tom Smith — Python programming, group “Сб 11:00”, Sat, 5 December, 11:00–12:30")
    assert closure_texts(ru)[-1].startswith(
        "✅ Занятия снова по расписанию — закрытие «Ремонт» их больше не касается:\n"
        "• Маша Петрова")


async def test_a_closure_added_again_after_its_removal_was_queued_sends_nothing(
        app: App) -> None:
    ru, en, _ = await families(app)
    await app.deliver()
    await app.services.timetable.add_many([december(1, 5)])
    await app.deliver()
    closure = await app.db.fetchval("SELECT id FROM closures")
    await app.services.timetable.remove(closure)
    await app.services.timetable.add_many([december(1, 5)])
    await app.deliver()
    assert len(closure_texts(ru)) == len(closure_texts(en)) == 1


async def test_a_removed_closure_still_reports_who_its_notices_missed(app: App) -> None:
    ru, en, admin = await families(app)
    await app.deliver()
    app.emulator.block(5001)
    await app.services.timetable.add_many([december(1, 5)])
    await app.deliver()
    closure = await app.db.fetchval("SELECT id FROM closures")
    await app.services.timetable.remove(closure)
    await app.deliver()
    admin_en = app.chat(user_id=ADMIN_ID, language_code="en", first_name="Админ")
    await admin_en.send("/language")
    await admin_en.press("🇬🇧 English")
    await admin_en.press_data(f"ud:c:{closure}:0")
    assert admin_en.last_text() == (
        "📭 Not reached · closure\n"
        "Families reached: 1, not reached: 1.\n"
        "The youngest children's families first.\n\n"
        "1. Маша Петрова, 8\n"
        "Parent: Ольга · +79123456789\n"
        "Blocked the bot"
    )


async def test_the_schedule_gives_the_reason_in_the_language_just_chosen(app: App) -> None:
    _, en, _ = await families(app)
    await app.services.timetable.add_many([december(1, 5)])
    await en.send("/schedule")
    assert "Repairs" in en.last_text() and "Ремонт" not in en.last_text()
    await en.send("/language")
    await en.press("🇷🇺 Русский")
    await en.send("/schedule")
    assert "Ремонт" in en.last_text() and "Repairs" not in en.last_text()
    await en.press("⏭ Ближайшее")
    assert "Ремонт" not in en.last_text()
    await en.send("/language")
    await en.press("🇬🇧 English")
    await en.send("/schedule")
    assert "Repairs" in en.last_text() and "Ремонт" not in en.last_text()


async def test_the_notice_names_the_group_in_the_readers_language(app: App) -> None:
    ru, en, _ = await families(app)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE groups SET name_en = 'Sat 11 am' WHERE code = 'it-a1'")
        await conn.execute("UPDATE groups SET name_en = 'Tue/Thu 3 pm' WHERE code = 'robo-a1'")
    await app.deliver()
    await app.services.timetable.add_many([december(1, 5)])
    await app.deliver()
    assert closure_texts(en) == [
        "📅 Lesson cancelled: Repairs\n"
        "• Tom Smith — Python programming, group “Sat 11 am”, Sat, 5 December, 11:00–12:30"]
    [told] = closure_texts(ru)
    assert "группа «Вт/Чт 15:00»" in told and "Tue" not in told
    # its «🗓 Расписание» opens the schedule below it: the notice stays to be read again
    notice = ru.last()
    await ru.press("🗓 Расписание")
    assert ru.last()["message_id"] != notice["message_id"]
    assert ru.messages()[-2]["text"] == notice["text"]
    assert "отменено: Ремонт" in ru.last_text()


@pytest.mark.parametrize(("off", "back", "kept", "ru", "en"), [
    (2, 1, 5, "✅ Закрытие изменено: ещё 2 занятия отменены, 1 занятие снова по расписанию.",
     "✅ The closure is changed: 2 more lessons are cancelled, 1 lesson is on again."),
    (1, 0, 3, "✅ Закрытие изменено: ещё 1 занятие отменено.",
     "✅ The closure is changed: one more lesson is cancelled."),
    (5, 0, 5, "✅ Закрытие изменено: ещё 5 занятий отменено.",
     "✅ The closure is changed: 5 more lessons are cancelled."),
    (21, 22, 21, "✅ Закрытие изменено: ещё 21 занятие отменено, 22 занятия снова по "
     "расписанию.", "✅ The closure is changed: 21 more lessons are cancelled, 22 lessons are "
     "on again."),
    (0, 11, 0, "✅ Закрытие изменено: 11 занятий снова по расписанию.",
     "✅ The closure is changed: 11 lessons are on again."),
    (0, 0, 4, "✅ Закрытие изменено, отменены те же занятия, что и раньше.",
     "✅ The closure is changed; the same lessons stay cancelled."),
    (0, 0, 0, "✅ Закрытие изменено, занятий оно не отменяет.",
     "✅ The closure is changed; it cancels no lessons."),
])
def test_a_changed_closure_says_only_what_changed(
    texts: Texts, off: int, back: int, kept: int, ru: str, en: str
) -> None:
    assert changed_text(texts.bind("ru"), off, back, kept) == ru
    assert changed_text(texts.bind("en"), off, back, kept) == en


async def test_a_closure_changed_in_english_reads_naturally(app: App) -> None:
    """An English admin widens a closure to more days: the lessons it now cancels too are
    counted, and nothing is said of lessons that come back when none do."""
    await families(app)
    await app.deliver()
    admin = app.chat(user_id=ADMIN_ID, language_code="en", first_name="Admin")
    await app.repos.users.set_language(ADMIN_ID, "en")
    await app.services.timetable.add_many([{
        "starts_on": NOW.date().replace(day=1, month=12), "ends_on":
        NOW.date().replace(day=1, month=12), "reason": "Ремонт", "quanta": []}])
    await app.deliver()
    await admin.send("/closures")
    await admin.press(next(b for b in admin.labels() if b.startswith("📅")))
    await admin.press("✏️ Change")
    await admin.press(next(b for b in admin.labels() if b.startswith("📅")))
    await admin.send("01.12–03.12")
    await admin.press(next(b for b in admin.labels() if b.startswith("✅")))
    assert admin.last_text().startswith(
        "✅ The closure is changed: 2 more lessons are cancelled. 1 message to families is on "
        "its way."), admin.last_text()


async def test_an_import_keeps_or_sets_the_english_reason_as_its_file_says(app: App) -> None:
    _, en, admin = await families(app)
    await app.services.timetable.add_many([december(1, 5)])  # «Repairs» typed in the chat
    quanta = {"robo", "it"}

    async def card_after(csv: str) -> str:
        closures, errors = parse_closures_csv(csv.encode(), quanta)
        assert errors == []
        await app.services.timetable.add_many(closures)
        await admin.send("/closures")
        await admin.press("📅 1–5 декабря")
        return admin.last_text()

    # a file without the column: the English reason stays
    card = await card_after("from;until;reason\n01.12.2026;05.12.2026;Ремонт зала\n")
    assert "Причина: Ремонт зала" in card and "По-английски: Repairs" in card
    await en.send("/schedule")
    assert "Repairs" in en.last_text() and "Ремонт" not in en.last_text()
    # with the column: its cell is the English reason
    card = await card_after("from;until;reason;quanta;reason_en\n"
                            "01.12.2026;05.12.2026;Ремонт зала;;Hall repairs\n")
    assert "По-английски: Hall repairs" in card
    await en.send("/schedule")
    assert "Hall repairs" in en.last_text()
    # an empty cell clears it: English readers get the Russian reason
    card = await card_after("from;until;reason;reason_en\n01.12.2026;05.12.2026;Ремонт зала;\n")
    assert "По-английски" not in card
    await en.send("/schedule")
    assert "Ремонт зала" in en.last_text()


async def test_a_lesson_inside_a_closure_has_no_report_of_its_own(app: App) -> None:
    ru, en, admin = await families(app)
    await app.services.timetable.add_many([december(1, 5)])
    inside = await app.db.fetchval(
        "SELECT id FROM lessons WHERE closure_id IS NOT NULL ORDER BY starts_at")
    assert await app.db.fetchval("SELECT version FROM lessons WHERE id = ?", (inside,)) > 0
    # the closure's notices are on the closure's screen, not on each lesson's
    await admin.press_data(LessonOpen(id=inside).pack())
    assert "📭 Кому не доставлено" not in admin.labels()
    # staff hold it after all: its change notice has a report
    await app.services.lesson_changes.change(inside, await app.db.fetchval(
        "SELECT version FROM lessons WHERE id = ?", (inside,)), "restore", by=ADMIN_ID)
    await admin.press_data(LessonOpen(id=inside).pack())
    assert "📭 Кому не доставлено" in admin.labels()


async def test_a_changed_closures_question_can_be_left_unchanged(app: App) -> None:
    _, _, admin = await families(app)
    await app.services.timetable.add_many([december(1, 5)])
    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    await admin.press("✏️ Изменить")
    preview = admin.last_text()
    assert "Причина по-английски: Repairs" in preview
    # 🇬🇧: «Без перевода» would erase it, «✖️ Отмена» drop the whole change
    await admin.press("🇬🇧 По-английски")
    assert admin.labels() == ["Без перевода", "↩️ Не менять", "✖️ Отмена"]
    await admin.press("↩️ Не менять")
    assert admin.last_text() == preview
    # the days and the reason, too
    await admin.press("📅 Даты")
    assert admin.labels() == ["↩️ Не менять"]
    await admin.press("↩️ Не менять")
    assert admin.last_text() == preview
    await admin.press("💬 Причина")
    assert "↩️ Не менять" in admin.labels()
    await admin.press("↩️ Не менять")
    assert admin.last_text() == preview
    await admin.press("✅ Сохранить")
    closure = await app.services.timetable.closure(
        await app.db.fetchval("SELECT id FROM closures"))
    assert closure is not None and closure.reason_en == "Repairs"
    # a new closure's question has no such button, and a forged press changes nothing
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("07.12")
    assert "↩️ Не менять" not in admin.labels()
    asked = admin.last_text()
    await admin.press_data("cl:same")
    assert admin.last_text() == asked and admin.labels()[-1] == "✖️ Отмена"


@pytest.mark.parametrize(("told", "ru", "en"), [
    (0, "Сообщать семьям нечего.", "Nothing to tell families."),
    (1, "Семьям отправляется 1 сообщение.", "1 message to families is on its way."),
    (2, "Семьям отправляются 2 сообщения.", "2 messages to families are on their way."),
    (5, "Семьям отправляется 5 сообщений.", "5 messages to families are on their way."),
    (21, "Семьям отправляется 21 сообщение.", "21 messages to families are on their way."),
    (12, "Семьям отправляется 12 сообщений.", "12 messages to families are on their way."),
])
def test_how_many_messages_go_to_families(told: int, ru: str, en: str) -> None:
    texts = Texts()
    assert texts.get("ru", "closure-told", told=told) == ru
    assert texts.get("en", "closure-told", told=told) == en
