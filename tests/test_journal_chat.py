"""«📊 Посещаемость» and /attendance in the chat: the chart (a photo drawn by the worker, the
bot process never importing matplotlib), who missed two lessons in a row, «⬇️ Журнал за
месяц» sending the workbook, no marks yet, and non-staff refused. Two charts in all: a worker
start costs a second or two."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import pytest
import time_machine

from bot.local.chat import LocalChat
from bot.ui.callbacks_groups import GroupAct
from bot.ui.callbacks_journal import JournalFile
from tests.helpers import start_as
from tests.helpers.attendance import held, mark
from tests.helpers.harness import App
from tests.helpers.schedule import NOW, enrol, load_timetable
from tests.helpers.staff import admin_chat, staff_chat


def answered_first(chat: LocalChat, then: str) -> str:
    """The press's toast, given before the photo or the file was sent."""
    methods = [call.method for call in chat.calls()]
    assert methods.index("answerCallbackQuery") < methods.index(then)
    return str(chat.answers()[0].params.get("text"))


@pytest.fixture(autouse=True)
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


async def marked(app: App) -> dict[str, int]:
    groups = await load_timetable(app)
    ids = []
    for user, name in ((4001, "Петров Пётр"), (4002, "Сидорова Аня")):
        await start_as(app.chat(user_id=user), "parent")
        await enrol(app, user, groups["robo-a1"], name)
        ids.append(int(await app.db.fetchval("SELECT id FROM children WHERE name = ?", (name,))))
    for n, lesson in enumerate(await held(app, groups["robo-a1"])):
        await mark(app, lesson, ids[0], "present")
        # Аня: the last two ❌, a 🙅 between them left out
        await mark(app, lesson, ids[1], ["present", "absent", "excused", "absent"][min(n, 3)]
                   if n < 5 else ["absent", "excused", "absent"][n - 5])
    return groups


async def test_a_groups_chart_names_who_missed_two_in_a_row_and_sends_the_journal(
    app: App,
) -> None:
    groups = await marked(app)
    staff = await staff_chat(app, 2001, "Ольга")
    await staff.press_data(GroupAct(action="stats", group=groups["robo-a1"]).pack())
    photo = staff.last()
    assert "photo" in photo
    assert answered_first(staff, "sendPhoto") == "📊 Рисую график…"
    assert app.emulator.files[photo["photo"][-1]["file_id"]].startswith(b"\x89PNG")
    assert photo["caption"].startswith("📊 Вт/Чт 15:00: доля пришедших по неделям")
    assert "Пропустили два занятия подряд:\n• Сидорова Аня — Вт/Чт 15:00" in photo["caption"]
    assert "Петров" not in photo["caption"]
    assert staff.labels() == ["⬇️ Журнал за месяц", "⬅️ К группе", "🏠 Меню"]
    assert "matplotlib" not in sys.modules  # drawn in the worker, not in the bot

    await staff.press("⬇️ Журнал за месяц")
    assert staff.last_text().startswith("⬇️ Журнал посещаемости: Вт/Чт 15:00")
    assert staff.labels()[:2] == ["Ноябрь 2026", "Октябрь 2026"]
    await staff.press("Ноябрь 2026")
    document = staff.last()
    assert document["document"]["file_name"] == "journal-2026-11.xlsx"
    assert answered_first(staff, "sendDocument") == "⬇️ Готовлю журнал…"
    assert document["caption"] == "📄 Журнал за ноябрь 2026: 8 занятий, человеко-часы: 18."
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(app.emulator.files[document["document"]["file_id"]]))
    assert book.sheetnames == ["Вт Чт 15 00"]
    await staff.press_data(JournalFile(group=groups["robo-a1"], month=202610).pack())
    assert staff.last_text() == "За октябрь 2026 занятий не было — журнал пуст."
    assert staff.labels() == ["⬅️ К группе", "🏠 Меню"]
    # a forged month or group: out of date, nothing sent
    await staff.press_data(JournalFile(group=groups["robo-a1"], month=202613).pack())
    assert staff.last_text().startswith("Эта кнопка устарела")
    await staff.press_data(GroupAct(action="stats", group=999999).pack())
    assert staff.last_text() == "Этой группы больше нет."
    # the download is a look at children's data: admins see it in /audit (the empty
    # October and the forged presses showed nobody)
    admin = await admin_chat(app)
    await admin.send("/audit")
    looks = admin.last_text().split("\n")[3:]
    assert len(looks) == 1 and looks[0].endswith(" · Ольга — 📒 журнал посещаемости, детей: 2")


async def test_attendance_for_all_groups_in_english(app: App) -> None:
    await marked(app)
    staff = await staff_chat(app, 2001, "Olga", lang="en")
    await staff.send("/attendance")
    photo = staff.last()
    assert "photo" in photo
    assert [c.params["action"] for c in staff.calls("sendChatAction")] == ["upload_photo"]
    assert photo["caption"].startswith("📊 Attendance: share present per week, last 8 weeks.")
    assert "Missed two lessons in a row:\n• Сидорова Аня — Вт/Чт 15:00" in photo["caption"]
    assert staff.labels() == ["⬇️ Monthly register", "🏠 Menu"]
    assert "matplotlib" not in sys.modules
    await staff.press("⬇️ Monthly register")
    assert staff.last_text().startswith("⬇️ Attendance register, all groups")
    await staff.press("November 2026")
    assert staff.last()["document"]["file_name"] == "journal-2026-11.xlsx"
    assert answered_first(staff, "sendDocument") == "⬇️ Preparing the register…"
    admin = await admin_chat(app, "en")
    await admin.send("/audit")
    assert admin.last_text().endswith(" · Olga — 📒 attendance journal, children: 2")


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_no_marks_yet_is_said_without_a_chart(app: App, lang: str) -> None:
    groups = await load_timetable(app)
    staff = await staff_chat(app, 2001, "Ольга", lang=lang)
    await staff.send("/attendance")
    assert staff.last_text().startswith({"ru": "📊 Посещаемость\n\nОтметок за последние",
                                         "en": "📊 Attendance\n\nNo marks"}[lang])
    await staff.press_data(GroupAct(action="stats", group=groups["robo-a1"]).pack())
    assert "photo" not in staff.last()
    assert staff.labels()[0] in ("⬇️ Журнал за месяц", "⬇️ Monthly register")


async def test_someone_not_staff_gets_no_chart_and_no_journal(app: App) -> None:
    groups = await marked(app)
    parent = app.chat(user_id=4001)
    await parent.send("/attendance")
    assert "photo" not in parent.last()
    await parent.press_data(GroupAct(action="stats", group=groups["robo-a1"]).pack())
    assert parent.last_text().startswith("Эта кнопка устарела")
    await parent.press_data(JournalFile(group=groups["robo-a1"], month=202611).pack())
    assert parent.last_text().startswith("Эта кнопка устарела")
    assert not [m for m in parent.messages() if "photo" in m or "document" in m]
