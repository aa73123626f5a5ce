"""Every change a calendar must apply gives the calendar file's events a higher SEQUENCE, so a
phone that imported an earlier file takes the new one's: an application confirmed (TENTATIVE
→ CONFIRMED), a closure's reason changed in the chat or by an import, a group's note, name,
teacher or room changed by an import. A download with nothing changed keeps the numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine
from icalendar import Calendar, Event

from bot.cli.importing import import_file
from bot.local.chat import LocalChat
from bot.services.catalogue import Catalogue
from bot.services.closure_import import parse_closures_csv
from tests.helpers import start_as
from tests.helpers.calendar import (
    PhoneCalendar,
    by_uid,
    day_of,
    download,
    on_day,
    sequence,
    status,
)
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.schedule import CSV, NOW, enrol, load_timetable

THU = date(2026, 12, 3)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    """Monday 30 November 2026, 09:00 in Moscow; the clock stands still (no stamp of time
    can tell two changes apart: the numbers must grow anyway)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def family(app: App, lang: str = "ru", *, confirm: bool = True
                 ) -> tuple[LocalChat, dict[str, int], int]:
    """A parent whose Мария applied to robo-a1 (Tue and Thu, 15:00–16:30), confirmed unless
    told not to; the enrolment's id."""
    ids = await load_timetable(app)
    chat = app.chat(user_id=1001, language_code=lang)
    await start_as(chat, "parent", lang)
    enrolment = await enrol(app, chat.user_id, ids["robo-a1"], "Иванова Мария", confirm=confirm)
    return chat, ids, enrolment


def grew_everywhere(before: dict[str, Event], after: dict[str, Event]) -> bool:
    assert before.keys() == after.keys()
    return all(sequence(after[uid]) > sequence(before[uid]) for uid in before)


def numbers(calendar: Calendar) -> dict[str, int]:
    return {uid: sequence(event) for uid, event in by_uid(calendar).items()}


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_confirming_the_application_grows_the_sequence(app: App, lang: str) -> None:
    chat, _, enrolment = await family(app, lang, confirm=False)
    pending = await download(app, chat)
    first = on_day(pending, THU)
    assert status(first) == "TENTATIVE"
    assert ("Заявка: на рассмотрении" if lang == "ru" else "Application: under review") in str(
        first["DESCRIPTION"])
    # the same file again: nothing changed, nothing to apply
    assert numbers(await download(app, chat)) == numbers(pending)

    assert await app.repos.enrolment.decide(enrolment, "confirmed") is not None
    confirmed = await download(app, chat)
    assert grew_everywhere(by_uid(pending), by_uid(confirmed))
    thursday = on_day(confirmed, THU)
    assert status(thursday) == "CONFIRMED"
    assert "Заявка" not in str(thursday["DESCRIPTION"])
    phone = PhoneCalendar()
    phone.open(pending)
    phone.open(confirmed)
    assert {status(event) for event in phone.events.values()} == {"CONFIRMED"}


async def test_a_closures_new_reason_grows_the_sequence_from_the_chat_and_an_import(
        app: App) -> None:
    chat, _, _ = await family(app)
    await app.services.timetable.add_many([{
        "starts_on": THU, "ends_on": THU, "reason": "Санитарный день", "quanta": []}])
    before = on_day(await download(app, chat), THU)
    assert status(before) == "CANCELLED"
    assert str(before["DESCRIPTION"]).startswith("Занятие отменено: Санитарный день.")

    admin = app.chat(user_id=ADMIN_ID, first_name="Админ")
    await admin.send("/closures")
    await admin.press("📅 3 декабря")
    await admin.press("✏️ Изменить")
    await admin.press("💬 Причина")
    await admin.send("Авария водопровода")
    await admin.press(next(label for label in admin.labels() if label.startswith("✅")))
    typed = on_day(await download(app, chat), THU)
    assert str(typed["DESCRIPTION"]).startswith("Занятие отменено: Авария водопровода.")
    assert sequence(typed) > sequence(before)

    closures, errors = parse_closures_csv(
        "from;until;reason\n03.12.2026;03.12.2026;Отключение света\n".encode(), {"robo", "it"})
    assert errors == []
    await app.services.timetable.add_many(closures)
    imported = on_day(await download(app, chat), THU)
    assert str(imported["DESCRIPTION"]).startswith("Занятие отменено: Отключение света.")
    assert sequence(imported) > sequence(typed)
    # the same file again changes nothing
    await app.services.timetable.add_many(closures)
    again = on_day(await download(app, chat), THU)
    assert sequence(again) == sequence(imported)


async def test_a_closures_english_reason_grows_the_sequence_for_english_readers(
        app: App) -> None:
    chat, _, _ = await family(app, "en")
    closure = {"starts_on": THU, "ends_on": THU, "reason": "Санитарный день",
               "reason_en": "Cleaning day", "quanta": []}
    await app.services.timetable.add_many([closure])
    before = on_day(await download(app, chat), THU)
    assert str(before["DESCRIPTION"]).startswith("The lesson is cancelled: Cleaning day.")
    await app.services.timetable.add_many([{**closure, "reason_en": "Deep cleaning"}])
    after = on_day(await download(app, chat), THU)
    assert str(after["DESCRIPTION"]).startswith("The lesson is cancelled: Deep cleaning.")
    assert sequence(after) > sequence(before)


def groups_csv(**robo: str) -> str:
    """The tests' groups file with a note column, robo-a1's cells changed as given."""
    rows = list(csv.reader(io.StringIO(CSV), delimiter=";"))
    header = [*rows[0], "note"]
    body = [[*row, ""] for row in rows[1:]]
    for row in body:
        if row[header.index("group")] == "robo-a1":
            for column, value in robo.items():
                row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, *body])
    return out.getvalue()


async def test_a_groups_imported_data_grows_the_sequence(
        app: App, catalogue: Catalogue, tmp_path: Path) -> None:
    chat, _, _ = await family(app)
    path = tmp_path / "groups.csv"
    cells = {"note": "Сменная обувь"}
    path.write_text(groups_csv(**cells), encoding="utf-8")
    assert await import_file(app.settings, catalogue, path) == 0
    calendar = await download(app, chat)
    assert "С собой: Сменная обувь" in str(on_day(calendar, THU)["DESCRIPTION"])
    last = by_uid(calendar)

    # each change, imported alone, reaches every event of the group with a higher number
    for column, value, seen in (
        ("note", "Сменная обувь и флешка", ("DESCRIPTION", "С собой: Сменная обувь и флешка")),
        ("group_name", "Вт/Чт 15:15", ("SUMMARY", "Мария: Робототехника: первые шаги"
                                                  " · «Вт/Чт 15:15»")),
        ("teacher", "Петров И. И.", ("DESCRIPTION", "Педагог: Петров И. И.")),
        ("room", "Каб. 202", ("LOCATION", "Каб. 202")),
    ):
        cells[column] = value
        path.write_text(groups_csv(**cells), encoding="utf-8")
        assert await import_file(app.settings, catalogue, path) == 0
        now = by_uid(await download(app, chat))
        field, text = seen
        assert all(text in str(event[field]) for event in now.values()), column
        assert grew_everywhere(last, now), column
        last = now
    # importing the same file again: the numbers stay
    assert await import_file(app.settings, catalogue, path) == 0
    assert numbers(await download(app, chat)) == {u: sequence(e) for u, e in last.items()}


async def test_an_english_note_grows_the_sequence_for_english_readers(
        app: App, catalogue: Catalogue, tmp_path: Path) -> None:
    chat, _, _ = await family(app, "en")
    path = tmp_path / "groups.csv"
    rows = list(csv.reader(io.StringIO(groups_csv(note="Сменная обувь")), delimiter=";"))
    header = [*rows[0], "note_en"]

    def write(note_en: str) -> None:
        body = [[*row, note_en if row[header.index("group")] == "robo-a1" else ""]
                for row in rows[1:]]
        out = io.StringIO()
        csv.writer(out, delimiter=";").writerows([header, *body])
        path.write_text(out.getvalue(), encoding="utf-8")

    write("Indoor shoes")
    assert await import_file(app.settings, catalogue, path) == 0
    before = by_uid(await download(app, chat))
    assert "Bring: Indoor shoes" in str(on_day(await download(app, chat), THU)["DESCRIPTION"])
    write("Indoor shoes and a flash drive")
    assert await import_file(app.settings, catalogue, path) == 0
    after = by_uid(await download(app, chat))
    assert all("Bring: Indoor shoes and a flash drive" in str(e["DESCRIPTION"])
               for e in after.values())
    assert grew_everywhere(before, after)


async def test_a_lesson_id_used_again_has_a_higher_sequence(app: App) -> None:
    """Lessons that go (their days left the pattern) may leave their ids to new ones: the new
    lesson's event under the same UID is newer than the old one's."""
    chat, ids, _ = await family(app)
    first = await download(app, chat)
    last = await app.db.fetchval("SELECT max(id) FROM lessons WHERE group_id = ?",
                                 (ids["robo-a1"],))
    async with app.db.transaction() as conn:
        await conn.execute("DELETE FROM lessons WHERE id >= ?", (last,))
        start, end = "2027-02-26T12:00:00+00:00", "2027-02-26T13:30:00+00:00"
        await conn.execute(
            "INSERT INTO lessons (group_id, origin, planned_start, planned_end, starts_at,"
            " ends_at, day, updated_at) VALUES (?, '2027-02-26T15:00', ?, ?, ?, ?,"
            " '2027-02-26', ?)", (ids["robo-a1"], start, end, start, end, start))
    assert await app.db.fetchval("SELECT max(id) FROM lessons") == last
    uid = next(uid for uid in by_uid(first) if uid.startswith(f"lesson-{last}-"))
    new = by_uid(await download(app, chat))[uid]
    assert day_of(new) == date(2027, 2, 26)
    assert sequence(new) > sequence(by_uid(first)[uid])
