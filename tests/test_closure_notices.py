"""A closure added, changed or removed later is told to the families whose children's lessons
it cancels or gives back, in each person's language; staff see who it did not reach."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine

from bot.cli.importing import import_file
from bot.i18n import Texts
from bot.local.chat import LocalChat
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from bot.services.closure_notices import ClosureTexts, Told
from bot.ui.callbacks import LessonOpen
from handlers.staff.timetable.closure_screens import changed_text
from storage.enrolments import Recipient
from storage.lesson_rows import Lesson
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import NOW, enrol, load_timetable


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


async def families(app: App) -> tuple[LocalChat, LocalChat, LocalChat]:
    """A Russian parent (robo-a1), an English one (it-a1), and the admin."""
    groups = await load_timetable(app)
    ru = app.chat(user_id=5001, first_name="Ольга")
    en = app.chat(user_id=5002, language_code="en", first_name="Kate")
    await start_as(ru, "parent")
    await start_as(en, "parent", "en")
    await enrol(app, 5001, groups["robo-a1"], "Маша Петрова", years=8)
    await enrol(app, 5002, groups["it-a1"], "Tom Smith", years=14)
    admin = app.chat(user_id=ADMIN_ID, first_name="Админ")
    await admin.send("/start")
    return ru, en, admin


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


def december(first: int, last: int, **more: object) -> dict[str, object]:
    return {"starts_on": NOW.date().replace(month=12, day=first),
            "ends_on": NOW.date().replace(month=12, day=last),
            "reason": "Ремонт", "reason_en": "Repairs", "quanta": [], **more}


def closure_texts(chat: LocalChat) -> list[str]:
    return [text for text in chat.texts()
            if text.startswith(("📅 Занятия", "✅ Занятия снова", "📅 Занятие",
                                "✅ Занятие", "📅 Lesson", "✅ Lessons", "✅ The lesson",
                                "📅 The lesson"))]


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


def lesson(number: int) -> Lesson:
    start = NOW + timedelta(days=number)
    return Lesson(
        id=number, group_id=1, group_code="robo-a1", group_name="Вт/Чт 15:00",
        quantum_code="robo", title_ru="Робототехника", title_en="Robotics", teacher="",
        day=start.date(), starts_at=start, ends_at=start + timedelta(hours=1), room="",
        status="cancelled", reason="Ремонт", closure=True, in_closure=True,
        planned_start=start, planned_end=start + timedelta(hours=1), planned_room="",
        manual=False, version=1)


@pytest.mark.parametrize(("count", "ru", "en"), [
    (1, ("📅 Занятие отменено: Ремонт", "✅ Занятие снова по расписанию — закрытие «Ремонт» его"),
     ("📅 Lesson cancelled: Repairs", "✅ The lesson is on again — the closure “Repairs” no "
      "longer covers it:")),
    (2, ("📅 Занятия отменены: Ремонт", "✅ Занятия снова по расписанию — закрытие «Ремонт» их"),
     ("📅 Lessons cancelled: Repairs", "✅ Lessons are on again — the closure “Repairs” no "
      "longer covers them:")),
    # 21 is Russian's plural category «one», but the heading names no number
    (21, ("📅 Занятия отменены: Ремонт", "✅ Занятия снова по расписанию — закрытие «Ремонт» их"),
     ("📅 Lessons cancelled: Repairs", "✅ Lessons are on again")),
])
def test_one_lesson_is_told_in_the_singular(
    texts: Texts, count: int, ru: tuple[str, str], en: tuple[str, str]
) -> None:
    notices = ClosureTexts(texts, NOW.tzinfo)  # type: ignore[arg-type]
    # one child: one line a lesson; two children in one lesson are still one lesson
    told = Told(off=[("Маша", lesson(n)) for n in range(count)],
                back=[(kid, lesson(100 + n)) for n in range(count) for kid in ("Маша", "Петя")])
    for language, (off, back) in (("ru", ru), ("en", en)):
        text = notices.closure_told(Recipient(1, language, "parent"), ("Ремонт", "Repairs"),
                                    told)["text"]
        first, second = re.sub("<[^>]+>", "", text).split("\n\n")
        assert first.startswith(off + "\n• Маша")
        assert second.startswith(back)


async def test_the_import_counts_in_the_singular_and_the_plural(
    app: App, catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await families(app)
    path = tmp_path / "closures.csv"
    path.write_text("from;until;reason;quanta\n05.12.2026;05.12.2026;Ремонт;it\n")
    assert await import_file(app.settings, catalogue, path, "closures") == 0
    assert capsys.readouterr().out == (
        f"Imported 1 closure from {path}; 1 lesson falls inside it.\n"
        "Families told of their children's cancelled lessons: 1 message queued.\n")
    path.write_text("from;until;reason\n01.12.2026;03.12.2026;Ремонт\n"
                    "12.12.2026;12.12.2026;Олимпиада\n")
    assert await import_file(app.settings, catalogue, path, "closures") == 0
    assert capsys.readouterr().out == (
        f"Imported 2 closures from {path}; 5 lessons fall inside them.\n"
        "Families told of their children's cancelled lessons: 2 messages queued.\n")


async def test_english_staff_read_the_english_reason(app: App) -> None:
    _, _, ru_admin = await families(app)
    admin = app.chat(user_id=ADMIN_ID, language_code="en", first_name="Admin")
    await app.repos.users.set_language(ADMIN_ID, "en")
    await admin.send("/closures")
    await admin.press("➕ Add")
    await admin.send("01.12")
    await admin.press("Maintenance day")
    assert "1 December 2026 — Maintenance day\n" in admin.last_text()
    await admin.press("👁 Review")
    preview = admin.last_text()
    assert "Reason: Maintenance day\n" in preview and preview.endswith(
        "\nReason in Russian: Санитарный день")
    await admin.press("✅ Add")
    await admin.press("📅 1 December")
    assert admin.last_text().startswith(
        "📅 Closure: 1 December 2026\nReason: Maintenance day\nWho: the whole tech park\n")
    assert "In Russian: Санитарный день" in admin.last_text()
    await admin.send("/week")
    assert "— cancelled: Maintenance day" in admin.last_text()
    assert "Санитарный" not in admin.last_text()
    # staff reading in Russian see the Russian reason first
    await app.repos.users.set_language(ADMIN_ID, "ru")
    await ru_admin.send("/closures")
    await ru_admin.press("📅 1 декабря")
    assert ru_admin.last_text().startswith(
        "📅 Закрытие: 1 декабря 2026\nПричина: Санитарный день\n")
    assert "По-английски: Maintenance day" in ru_admin.last_text()


async def test_a_reason_without_english_is_flagged_and_kept_through_a_change(app: App) -> None:
    _, en, admin = await families(app)
    await admin.send("/closures")
    await admin.press("➕ Добавить")
    await admin.send("01.12–05.12")
    await admin.send("Ремонт")
    await admin.press("👁 Проверить")
    # Kate reads in English: her son's Saturday lesson is inside
    assert admin.last_text().endswith(
        "⚠️ Причины по-английски нет, а 1 человек из семей с этими занятиями читает бота"
        " по-английски — он увидит причину по-русски. Перевод можно добавить кнопкой"
        " «🇬🇧 По-английски».")
    await admin.press("🎯 Для кого")
    await admin.press("Робоквантум")
    await admin.press("👁 Проверить")
    assert "⚠️" not in admin.last_text()  # nobody reading in English is concerned
    await admin.press("🎯 Для кого")
    await admin.press("Весь технопарк")
    await admin.press("👁 Проверить")
    await admin.press("🇬🇧 По-английски")
    await admin.send("Repairs")
    assert "⚠️" not in admin.last_text()
    assert admin.last_text().endswith("Причина по-английски: Repairs")
    await admin.press("✅ Добавить")
    await app.deliver()

    # a new Russian reason: the English one is asked for again, not dropped
    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    await admin.press("✏️ Изменить")
    await admin.press("💬 Причина")
    await admin.send("Авария водопровода")
    assert admin.last_text().startswith(
        "✏️ Причина по-русски теперь «Авария водопровода», а по-английски осталась прежней."
        " Напишите новую, оставьте прежнюю («↩️ Не менять») или уберите её («Без перевода»)."
        "\n\nСейчас по-английски: Repairs\n")
    assert admin.labels() == ["Без перевода", "↩️ Не менять", "✖️ Отмена"]
    await admin.press("↩️ Не менять")
    assert "Причина: Авария водопровода\n" in admin.last_text()
    assert "Причина по-английски: Repairs" in admin.last_text()
    await admin.press("🇬🇧 По-английски")
    assert "Сейчас по-английски: Repairs" in admin.last_text()
    await admin.send("Pipe burst")
    assert admin.last_text().endswith("Причина по-английски: Pipe burst")
    await admin.press("✅ Сохранить")
    closure = await app.services.timetable.closure(
        await app.db.fetchval("SELECT id FROM closures"))
    assert closure is not None
    assert (closure.reason, closure.reason_en) == ("Авария водопровода", "Pipe burst")
    # the same Russian reason typed again asks nothing
    await admin.press("✏️ Изменить")
    await admin.press("💬 Причина")
    await admin.send("Авария водопровода")
    assert admin.last_text().startswith("📅 Проверьте изменение закрытия")
    assert "Причина по-английски: Pipe burst" in admin.last_text()


async def test_a_new_reason_is_told_once_a_person_in_their_language(app: App) -> None:
    ru, en, admin = await families(app)
    groups = {g.code: g.id for g in await app.repos.programmes.all_groups()}
    await enrol(app, 5001, groups["robo-a1"], "Петя Петров", years=9)  # Маша's brother
    await app.services.timetable.add_many([december(1, 5)])
    await app.deliver()
    # a family that joined after the closure was told hears nothing of its reason either
    late = app.chat(user_id=5003, language_code="en", first_name="Ann")
    await start_as(late, "parent", "en")
    await enrol(app, 5003, groups["it-a1"], "Ann Lee", years=14)
    await app.deliver()
    told = len(closure_texts(ru)), len(closure_texts(en))

    await admin.send("/closures")
    await admin.press("📅 1–5 декабря")
    await admin.press("✏️ Изменить")
    await admin.press("💬 Причина")
    await admin.send("Авария водопровода")
    await admin.send("Pipe burst")
    assert "Семьи, чьих детей это касается, получат сообщение." in admin.last_text()
    await admin.press("✅ Сохранить")
    assert admin.last_text().startswith(
        "✅ Закрытие изменено, отменены те же занятия, что и раньше."
        " Семьям отправляются 2 сообщения.")
    await app.deliver()
    assert closure_texts(ru)[told[0]:] == [
        "📅 Занятия по-прежнему отменены — причина теперь другая: Авария водопровода\n"
        "• Маша Петрова — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " вт, 1 декабря, 15:00–16:30\n"
        "• Петя Петров — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " вт, 1 декабря, 15:00–16:30\n"
        "• Маша Петрова — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " чт, 3 декабря, 15:00–16:30\n"
        "• Петя Петров — Робототехника: первые шаги, группа «Вт/Чт 15:00»,"
        " чт, 3 декабря, 15:00–16:30"]
    assert closure_texts(en)[told[1]:] == [
        "📅 The lesson is still cancelled, for a new reason: Pipe burst\n"
        "• Tom Smith — Python programming, group “Сб 11:00”, Sat, 5 December, 11:00–12:30"]
    assert closure_texts(late) == []
    # the English reason alone: only those reading in English are told
    await admin.press("✏️ Изменить")
    await admin.press("🇬🇧 По-английски")
    await admin.send("Burst pipe")
    await admin.press("✅ Сохранить")
    assert "Семьям отправляется 1 сообщение." in admin.last_text()
    await app.deliver()
    assert closure_texts(en)[-1].startswith(
        "📅 The lesson is still cancelled, for a new reason: Burst pipe\n")
    assert len(closure_texts(ru)) == told[0] + 1
    # an import of the same days with a new Russian reason and no English column
    closures, errors = parse_closures_csv(
        "from;until;reason\n01.12.2026;05.12.2026;Ремонт зала\n".encode(), {"robo", "it"})
    assert errors == []
    assert (await app.services.timetable.add_many(closures))[1] == 1  # one message
    await app.deliver()
    assert closure_texts(ru)[-1].startswith(
        "📅 Занятия по-прежнему отменены — причина теперь другая: Ремонт зала\n")
    assert len(closure_texts(en)) == told[1] + 2


async def test_a_new_reason_before_the_notices_went_out_is_the_only_word(app: App) -> None:
    ru, en, _ = await families(app)
    await app.deliver()
    await app.services.timetable.add_many([december(1, 5)])
    closure = await app.db.fetchval("SELECT id FROM closures")
    await app.services.timetable.change(closure, december(1, 5, reason="Авария",
                                                          reason_en="Pipe burst"))
    await app.deliver()
    assert [text.split("\n")[0] for text in closure_texts(ru)] == [
        "📅 Занятия отменены: Авария"]
    assert [text.split("\n")[0] for text in closure_texts(en)] == [
        "📅 Lesson cancelled: Pipe burst"]
