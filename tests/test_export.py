"""The enrolment export: /export for staff (an Excel workbook), `python -m bot export enrolments
FILE` (.xlsx or .csv by the name), the workbook — text and dates only, frozen and filtered
header, quanta by name, the parents — and the CSV for scripts: Excel's dialect, words for
statuses, the technopark's clock, no formulas."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import BufferedInputFile
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.cli.exporting import export_file
from bot.i18n import Texts
from bot.local.api import LocalBotApi
from bot.local.chat import LocalChat
from bot.local.session import DEMO_TOKEN
from bot.services.catalogue import Catalogue
from bot.services.dates import today
from bot.services.enrolment_export import enrolments_csv, enrolments_xlsx, neutralise, write_rows
from bot.settings import Settings
from storage.exports import EnrolmentRow
from tests.helpers import start_as
from tests.helpers.harness import ADMIN_ID, App
from tests.helpers.signup import load_groups, sign_up

BOM = b"\xef\xbb\xbf"
RU_HEADER = ["№ заявки", "Ребёнок", "Дата рождения", "Школа", "Класс", "Телефон родителя",
             "Квантум", "Программа", "Код группы", "Группа", "Статус", "Причина", "Подана",
             "Изменена"]
EN_HEADER = ["Application", "Child", "Date of birth", "School", "Grade", "Parent's phone",
             "Quantum", "Programme", "Group code", "Group", "Status", "Reason", "Submitted",
             "Last change"]


TEXTS = Texts()
SHEET_RU = ["№ заявки", "Ребёнок", "Дата рождения", "Школа", "Класс", "Родитель",
            "Телефон родителя", "Квантум", "Программа", "Код группы", "Группа", "Статус",
            "Причина", "Подана", "Изменена"]
SHEET_EN = ["Application", "Child", "Date of birth", "School", "Grade", "Parent",
            "Parent's phone", "Quantum", "Programme", "Group code", "Group", "Status", "Reason",
            "Submitted", "Last change"]


def read_xlsx(data: bytes) -> list[list[Any]]:
    """The workbook's one sheet as rows of values; every cell text or a date, none a formula,
    the header frozen and filtered."""
    from openpyxl import load_workbook

    assert b"<f>" not in b"".join(zipfile.ZipFile(io.BytesIO(data)).read(name)
                                  for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:O{sheet.max_row}"
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "d", "n") and (
                cell.data_type != "n" or cell.is_date or cell.value is None), cell
        rows.append([cell.value for cell in row])
    return rows


async def admin_chat(app: App, lang: str = "ru") -> LocalChat:
    chat = app.chat(user_id=ADMIN_ID, language_code=lang, first_name="Админ")
    await chat.send("/start")
    return chat


def last_document(app: App, chat: LocalChat) -> tuple[dict[str, Any], bytes]:
    message = chat.last()
    assert "document" in message, f"no document, the bot said {chat.last_text()!r}"
    return message, app.emulator.files[message["document"]["file_id"]]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


async def test_staff_get_every_application_as_an_excel_workbook(app: App) -> None:
    await load_groups(app)
    parent = app.chat(user_id=1001, first_name="Ирина")
    await sign_up(parent, name="Иванова Мария", school="Школа № 5", grade="4")
    staff = await admin_chat(app)

    await staff.send("/export")

    message, data = last_document(app, staff)
    day = today(app.settings.zone)
    assert message["document"]["file_name"] == f"enrolments-{day:%Y-%m-%d}.xlsx"
    assert message["caption"] == (
        "📄 Выгрузка заявок: 1 заявка, все статусы. Таблица Excel: с фильтрами в шапке."
    )
    assert [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row] == [
        "🏠 Меню"
    ]
    header, *rows = read_xlsx(data)
    assert header == SHEET_RU
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Ребёнок"] == "Иванова Мария"
    assert row["Школа"] == "Школа № 5"
    assert row["Класс"] == "4"
    assert row["Родитель"] == "Ирина"
    assert row["Телефон родителя"] == "+79123456789"  # as typed: text, no apostrophe
    assert row["Квантум"] == "Робоквантум"
    assert row["Программа"] == "Робототехника: первые шаги"
    assert row["Код группы"] == "robo-a1"
    assert row["Группа"] == "Вт/Чт 15:00"
    assert row["Статус"] == "на рассмотрении"
    assert row["Причина"] is None
    assert isinstance(row["Дата рождения"], datetime)  # a date Excel sorts and filters
    stamp = row["Подана"].replace(tzinfo=app.settings.zone)
    assert abs((datetime.now(UTC) - stamp).total_seconds()) < 120  # the technopark's clock
    # the export is recorded for /audit: who, what, how many
    assert [tuple(r) for r in await app.db.fetchall(
        "SELECT staff_id, kind, found FROM staff_access")] == [(ADMIN_ID, "export", 1)]


async def test_rows_go_by_group_then_status_then_name_with_decisions_in_words(
    app: App,
) -> None:
    await load_groups(app, capacity=1)
    await sign_up(app.chat(user_id=1001), name="Яковлева Вера")
    await sign_up(app.chat(user_id=1002), name="Андреев Пётр")  # the group is full: waitlist
    await sign_up(app.chat(user_id=1003), name="Борисов Глеб")
    first = (await app.repos.enrolments.pending())[0]
    await app.repos.enrolment.decide(first.id, "rejected", "Группа уже набрана")
    staff = await admin_chat(app)

    await staff.send("/export")

    _, data = last_document(app, staff)
    rows = read_xlsx(data)[1:]
    # Вера's declined seat went to Пётр as an offer; Глеб still waits
    assert [(r[1], r[11], r[12]) for r in rows] == [
        ("Андреев Пётр", "предложено место", None),
        ("Борисов Глеб", "лист ожидания", None),
        ("Яковлева Вера", "отклонена", "Группа уже набрана"),
    ]


async def test_formulas_typed_by_families_stay_text(app: App) -> None:
    await load_groups(app)
    await sign_up(app.chat(user_id=1001), name="-Мария Иванова", school="@SUM(1)")
    # a name from before the form checked names as strictly as now
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE children SET name = ?", ('=HYPERLINK("x")',))
    await sign_up(app.chat(user_id=1002), name="Петров Пётр", school='=1+2;"x"\nline')
    staff = await admin_chat(app)

    await staff.send("/export")

    _, data = last_document(app, staff)
    rows = read_xlsx(data)[1:]  # no cell is a formula (read_xlsx checks), each reads as typed
    by_school = {r[3]: r[1] for r in rows}
    assert by_school == {
        "@SUM(1)": '=HYPERLINK("x")',
        '=1+2;"x" line': "Петров Пётр",  # the form folds the newline; ; and " survive
    }


async def test_english_header_and_statuses_for_english_staff(app: App) -> None:
    await load_groups(app)
    await sign_up(app.chat(user_id=1001))
    staff = await admin_chat(app, "en")

    await staff.send("/export")

    message, data = last_document(app, staff)
    assert message["caption"] == (
        "📄 Enrolment export: 1 application, every status. An Excel workbook with filters in"
        " the header."
    )
    header, row = read_xlsx(data)
    assert header == SHEET_EN
    assert row[7] == "Robotics Quantum"
    assert row[8] == "Robotics: first steps"
    assert row[11] == "under review"


async def test_nothing_to_export_yet(app: App) -> None:
    staff = await admin_chat(app)
    await staff.send("/export")
    assert staff.last_text() == "Выгружать пока нечего: заявок ещё нет."
    assert staff.labels() == ["🏠 Меню"]
    assert not staff.calls("sendDocument")


async def test_a_granted_staff_member_may_export_and_nobody_else(app: App) -> None:
    await load_groups(app)
    parent = app.chat(user_id=1001)
    await sign_up(parent)
    await parent.send("/export")
    assert parent.last_text().startswith("Такой команды я не знаю.")
    assert not parent.calls("sendDocument")

    teacher = app.chat(user_id=2001, first_name="Ольга")
    await start_as(teacher, "parent")
    await teacher.send("/export")
    assert teacher.last_text().startswith("Такой команды я не знаю.")
    await app.repos.users.set_staff_role(2001, "staff")
    await teacher.send("/export")
    assert len(read_xlsx(last_document(app, teacher)[1])) == 2


async def test_cli_writes_the_file_atomically(
    app: App, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    catalogue: Catalogue,
) -> None:
    await load_groups(app)
    await sign_up(app.chat(user_id=1001))
    target = tmp_path / "out" / "enrolments.csv"
    target.parent.mkdir()
    target.write_text("an older export")

    assert await export_file(settings, target, catalogue) == 0

    assert capsys.readouterr().out == f"Exported 1 enrolment to {target}.\n"
    header, row = read_csv(target.read_bytes())
    assert header == RU_HEADER  # DEFAULT_LOCALE
    assert row[1] == "Иванова Мария" and row[8] == "robo-a1"
    assert [p.name for p in target.parent.iterdir()] == ["enrolments.csv"]  # no temp left
    # .xlsx by the name: the workbook staff get
    assert await export_file(settings, target.with_suffix(".XLSX"), catalogue) == 0
    header, row = read_xlsx(target.with_suffix(".XLSX").read_bytes())
    assert header == SHEET_RU and row[7] == "Робоквантум"
    assert await export_file(settings, target.with_suffix(".txt"), catalogue) == 2
    assert "must end in .xlsx (a workbook) or .csv (for scripts)" in capsys.readouterr().err


async def test_cli_reports_a_path_it_cannot_write(
    app: App, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    catalogue: Catalogue,
) -> None:
    assert await export_file(settings, tmp_path / "missing" / "x.csv", catalogue) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot write {tmp_path / 'missing' / 'x.csv'}: ")
    (tmp_path / "folder.csv").mkdir()
    assert await export_file(settings, tmp_path / "folder.csv", catalogue) == 1
    assert capsys.readouterr().err.startswith("error: cannot write")
    assert not list(tmp_path.glob(".*.tmp"))


def row(**changes: Any) -> EnrolmentRow:
    values: dict[str, Any] = {
        "id": 7, "child_name": "Иванова Мария", "birth_date": date(2014, 5, 12),
        "school": "Школа № 5", "grade": 6, "phone": None, "quantum_code": "robo",
        "programme_title_ru": "Робототехника", "programme_title_en": "Robotics",
        "group_code": "robo-a1", "group_name": "Вт/Чт 15:00", "status": "confirmed",
        "reason": None, "created_at": datetime(2026, 11, 27, 21, 5, tzinfo=UTC),
        "updated_at": datetime(2026, 11, 28, 6, 30, tzinfo=UTC),
    }
    return EnrolmentRow(**{**values, **changes})


def test_dates_times_and_statuses_in_the_file(texts: Texts) -> None:
    data = enrolments_csv(
        [row(), row(id=8, status="cancelled", reason="offer expired", phone="+79123456789"),
         row(id=9, status="something-new")],
        texts, "ru", ZoneInfo("Europe/Moscow"),
    )
    _, first, expired, unknown = read_csv(data)
    assert first == ["7", "Иванова Мария", "12.05.2014", "Школа № 5", "6", "", "robo",
                     "Робототехника", "robo-a1", "Вт/Чт 15:00", "подтверждена", "",
                     "28.11.2026 00:05", "28.11.2026 09:30"]
    assert expired[5] == "'+79123456789"
    assert expired[10:12] == ["отменена", "не ответили на предложение места вовремя"]
    assert unknown[10] == "something-new"
    vladivostok = read_csv(enrolments_csv([row()], texts, "en", ZoneInfo("Asia/Vladivostok")))
    assert vladivostok[1][10:] == ["confirmed", "", "28.11.2026 07:05", "28.11.2026 16:30"]


@hypothesis_settings(deadline=None, max_examples=40)  # a workbook takes a few ms to write
@given(st.text())
def test_any_text_stays_text_in_the_workbook(text: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    data = enrolments_xlsx([row(child_name=text, school=text, phone=text)], TEXTS, "ru",
                           ZoneInfo("Europe/Moscow"), {})
    _, got = read_xlsx(data)
    kept = ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert got[1] == got[3] == got[6] == (kept or None)


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (text, "'" + text)
    # and the file gives it back as it was written, whatever it holds
    assert read_csv(write_rows([[text, "x"]])) == [[cell, "x"]]


async def test_the_local_http_bot_api_keeps_an_uploaded_document() -> None:
    api = LocalBotApi(DEMO_TOKEN)
    url = await api.start()
    session = AiohttpSession(api=TelegramAPIServer.from_base(url))
    try:
        api.emulator.add_user(42)
        bot = Bot(DEMO_TOKEN, session=session)
        sent = await bot.send_document(
            42, BufferedInputFile(BOM + b"a;b\r\n", filename="enrolments.csv"), caption="x"
        )
    finally:
        await session.close()
        await api.stop()
    assert sent.document is not None and sent.document.file_name == "enrolments.csv"
    assert api.emulator.files[sent.document.file_id] == BOM + b"a;b\r\n"
