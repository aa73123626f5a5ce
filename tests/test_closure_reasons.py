"""A closure's reasons: one lesson told in the singular (and the import's counts), staff
reading in English see the English reason, a reason without English is flagged, a new
Russian reason asks for its English one again, and a new reason is told to the families
whose lessons the closure keeps off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine

from bot.cli.importing import import_file
from bot.i18n import Texts
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from bot.services.closure_notices import ClosureTexts, Told
from storage.enrolments import Recipient
from storage.lesson_rows import Lesson
from tests.helpers import start_as
from tests.helpers.closures import closure_texts, december, families
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import NOW, enrol


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


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
