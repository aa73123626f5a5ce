"""`python -m bot import groups FILE.csv`: all or nothing, every problem with its line."""

from __future__ import annotations

import csv as csv_module
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli.importing import import_file
from bot.services.catalogue import Catalogue
from bot.services.group_import import parse_groups_csv
from bot.services.programme_import import import_programmes
from tests.helpers.harness import App
from tests.helpers.process import call
from tests.helpers.signup import groups_csv, load_groups, sign_up

QUANTA = {"robo", "it", "aero"}
HEADER = ("programme;quantum;level;title_ru;title_en;age_min;age_max;admission;signup_from;"
          "signup_until;navigator_url;group;group_name;capacity;teacher;room;group_age_min;"
          "group_age_max;starts_on;ends_on")
GOOD = [
    "robo-1;robo;вводный;Роботы;Robots;7;11;open;01.08.2026;31.01.2027;https://navigator.example/1;"
    "r1;Вт/Чт 15:00;12;Иванова;101;;;01.09.2026;31.05.2027",
    "robo-1;robo;вводный;Роботы;Robots;7;11;open;01.08.2026;31.01.2027;https://navigator.example/1;"
    "r2;Ср/Пт 16:00;10;Иванова;101;9;11;2026-09-01;2027-05-31",
    "it-1;it;проектный;IT;IT;13;17;собеседование;;;;i1;Сб 11:00;8;Ким;;;;01.09.2026;31.05.2027",
]


def csv(*rows: str, header: str = HEADER, sep: str = ";") -> bytes:
    text = "\n".join([header, *rows]) + "\n"
    return text.replace(";", sep).encode()


def test_a_good_file() -> None:
    result = parse_groups_csv(csv(*GOOD), QUANTA)
    assert result.errors == []
    assert [p["code"] for p in result.programmes] == ["robo-1", "it-1"]
    assert result.programmes[1]["level"] == "project"
    assert result.programmes[1]["admission"] == "interview"
    assert [g["code"] for g in result.groups] == ["r1", "r2", "i1"]
    assert result.groups[1]["starts_on"] == "2026-09-01"
    assert result.groups[1]["age_min"] == 9


def test_excel_bom_and_commas() -> None:
    data = "\ufeff".encode() + csv(*GOOD, sep=",")
    result = parse_groups_csv(data, QUANTA)
    assert result.errors == [] and len(result.groups) == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD[0].replace(";robo;", ";mars;"), "line 2: quantum 'mars' is not in the catalogue"),
        (GOOD[0].replace("вводный", "высший"), "line 2: level 'высший' must be"),
        (GOOD[0].replace(";7;11;", ";12;11;"), "line 2: age_min is greater than age_max"),
        (GOOD[0].replace(";12;Иванова", ";ноль;Иванова"), "line 2: capacity 'ноль' is not"),
        (GOOD[0].replace(";12;Иванова", ";0;Иванова"), "line 2: capacity 0 is outside 1–500"),
        (GOOD[0].replace("01.09.2026", "31.02.2026"), "line 2: starts_on '31.02.2026' is not"),
        (GOOD[0].replace("31.05.2027", "01.01.2026"), "line 2: starts_on is after ends_on"),
        (GOOD[0].replace("https://navigator.example/1", "navigator"), "navigator_url must"),
        (GOOD[0].replace(";open;", ";lottery;"), "line 2: admission 'lottery' must be"),
        (GOOD[0].replace("robo-1;", "robo 1;", 1), "line 2: programme code 'robo 1'"),
        (GOOD[0].replace(";r1;", ";;"), "line 2: group code '' must be"),
        (GOOD[0] + ";extra", "line 2: more cells than columns"),
        (GOOD[0].replace(";Роботы;", ";;"), "line 2: title_ru is empty"),
    ],
)
def test_every_kind_of_bad_row_is_named_with_its_line(row: str, message: str) -> None:
    result = parse_groups_csv(csv(row, *GOOD[1:]), QUANTA)
    assert any(error.startswith(message) or message in error for error in result.errors), (
        result.errors
    )


@pytest.mark.parametrize(("starts", "ends", "refused"), [
    ("01.01.2000", "31.12.2999", True),  # 156 533 lessons of a typo
    ("01.09.2026", "02.09.2028", True),  # two years and a day
    ("01.09.2026", "01.09.2028", False),  # two years, a leap day among them
    ("01.09.2027", "01.09.2029", False),  # two years without one
    ("01.09.2027", "02.09.2029", True),
])
def test_a_period_longer_than_two_years_is_refused_with_its_line(
    starts: str, ends: str, refused: bool
) -> None:
    row = GOOD[2].replace("01.09.2026;31.05.2027", f"{starts};{ends}")
    result = parse_groups_csv(csv(GOOD[0], row), QUANTA)
    expected = ["line 3: starts_on to ends_on is longer than two years — more likely a typo "
                "in a date"]
    assert result.errors == (expected if refused else [])


async def test_a_period_too_long_imports_nothing(
    app: App, catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "groups.csv"
    header = HEADER + ";schedule"
    good = [row + ";вт 15:00-16:30" for row in GOOD]
    long = good[2].replace("01.09.2026;31.05.2027", "01.01.2000;31.12.2999")
    path.write_bytes(csv(good[0], good[1], long, header=header))
    assert await import_file(app.settings, catalogue, path) == 1
    _, err = capsys.readouterr()
    assert err == (f"{path}: line 4: starts_on to ends_on is longer than two years — more "
                   f"likely a typo in a date\nNothing was imported from {path}.\n")
    for table in ("programmes", "groups", "lessons"):
        assert await app.db.fetchval(f"SELECT count(*) FROM {table}") == 0  # noqa: S608


def test_conflicts_between_rows() -> None:
    changed = GOOD[1].replace(";7;11;", ";8;11;")
    result = parse_groups_csv(csv(GOOD[0], changed), QUANTA)
    assert result.errors == ["line 3: programme robo-1 has a different age_min than on line 2"]
    result = parse_groups_csv(csv(GOOD[0], GOOD[0]), QUANTA)
    assert result.errors == ["line 3: group r1 already appears on line 2"]


def test_missing_columns_and_empty_files() -> None:
    assert parse_groups_csv(b"", QUANTA).errors == ["the file is empty"]
    result = parse_groups_csv(csv(header="programme;quantum"), QUANTA)
    assert result.errors[0].startswith("line 1: missing columns: level, title_ru")
    assert parse_groups_csv("ÿ".encode("latin-1"), QUANTA).errors[0].startswith(
        "the file is not UTF-8"
    )


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_any_text_is_parsed_or_explained(text: str) -> None:
    result = parse_groups_csv(text.encode(), QUANTA)
    assert result.errors or result.groups


def run_import(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "groups.csv"
    path.write_bytes(data)
    return call(["import", "groups", str(path)], tmp_path)[0]


def test_the_command_writes_all_or_nothing(tmp_path: Path) -> None:
    import sqlite3

    bad = run_import(tmp_path, csv(*GOOD, GOOD[0].replace(";robo;", ";mars;")))
    assert bad.returncode == 1
    assert "line 5: quantum 'mars' is not in the catalogue" in bad.stderr
    assert "Nothing was imported" in bad.stderr
    database = tmp_path / "bot.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as conn:
            assert conn.execute("SELECT count(*) FROM groups").fetchone() == (0,)
    good = run_import(tmp_path, csv(*GOOD))
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip().endswith("Imported 2 programmes and 3 groups from "
                                        f"{tmp_path / 'groups.csv'}.")
    again = run_import(tmp_path, csv(GOOD[0].replace(";12;Иванова", ";15;Иванова")))
    assert again.returncode == 0
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM groups").fetchone() == (3,)
        assert conn.execute("SELECT capacity FROM groups WHERE code='r1'").fetchone() == (15,)


def test_the_sample_file_imports(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    result = run_import(tmp_path, (root / "data" / "groups.sample.csv").read_bytes())
    assert result.returncode == 0, result.stderr


# ---- cells beyond the csv module's limit ---------------------------------------------

LONG = "x" * (csv_module.field_size_limit() + 1)


def test_a_cell_over_the_csv_limit_is_an_error_with_its_line() -> None:
    result = parse_groups_csv(csv(GOOD[0], GOOD[1].replace("Иванова", LONG, 1), GOOD[2]), QUANTA)
    assert result.errors == [
        f"line 3: a cell is longer than {csv_module.field_size_limit()} characters"
    ]
    # a quote left open swallows the rows after it: the error spans them and says why
    swallowed = parse_groups_csv(csv(GOOD[0].replace(";Роботы;", ';"Роботы;'),
                                     *[GOOD[1]] * 1000), QUANTA)
    assert len(swallowed.errors) == 1
    assert swallowed.errors[0].startswith("lines 2–")
    assert 'a quote " left open?' in swallowed.errors[0]
    header = parse_groups_csv(f"programme;{LONG}\n".encode(), QUANTA)
    assert header.errors == [
        f"line 1: a cell is longer than {csv_module.field_size_limit()} characters"
    ]


def test_the_command_reports_an_overlong_cell_and_writes_nothing(tmp_path: Path) -> None:
    import sqlite3

    result = run_import(tmp_path, csv(*GOOD, GOOD[0].replace(";r1;", ";r9;").replace(
        "Иванова", LONG, 1)))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"groups.csv: line 5: a cell is longer than {len(LONG) - 1}" in result.stderr
    assert "Nothing was imported" in result.stderr
    database = tmp_path / "bot.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as conn:
            assert conn.execute("SELECT count(*) FROM groups").fetchone() == (0,)


# ---- capacity changed by a new import ------------------------------------------------


async def test_a_raised_capacity_is_offered_to_the_waitlist_first(
    app: App, catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await load_groups(app, capacity=1)
    chats = [app.chat(user_id=1500 + n) for n in range(4)]
    for n, chat in enumerate(chats):
        await sign_up(chat, name=f"Ребёнок Номер{'абвг'[n]}")
    assert chats[3].last_text().startswith("📝 Заявка в листе ожидания")
    path = tmp_path / "groups.csv"
    path.write_text(groups_csv(3), encoding="utf-8")

    assert await import_file(app.settings, catalogue, path) == 0
    out = capsys.readouterr().out
    assert "Free seats offered to the waitlist of: robo-a1." in out
    # the two new seats are offers to the first two waiting, in the same transaction as the rest
    offers = await app.db.fetchall("SELECT chat_id FROM outbox WHERE kind = 'offer'"
                                   " ORDER BY id")
    assert [row["chat_id"] for row in offers] == [1501, 1502]
    # a newcomer cannot take them: they are held for the waitlist
    newcomer = app.chat(user_id=1600)
    await sign_up(newcomer, name="Новенький Петя")
    assert newcomer.last_text().startswith("📝 Заявка в листе ожидания")

    await app.deliver()
    assert chats[1].last_text().startswith("🎟 Освободилось место! Ребёнок Номерб")
    assert chats[1].labels() == ["✅ Беру место", "✖️ Отказаться"]
    assert chats[2].last_text().startswith("🎟 Освободилось место! Ребёнок Номерв")
    assert not chats[3].last_text().startswith("🎟")
    await chats[1].press("✅ Беру место")
    assert chats[1].last_text().startswith("Отлично, место за вами!")
    # importing the same file again offers nothing more
    assert await import_file(app.settings, catalogue, path) == 0
    assert "Free seats offered" not in capsys.readouterr().out
    assert await app.db.fetchval("SELECT count(*) FROM outbox WHERE kind = 'offer'") == 2


async def test_a_capacity_below_the_seats_taken_is_refused(
    app: App, catalogue: Catalogue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await load_groups(app, capacity=3)
    for n in range(3):
        await sign_up(app.chat(user_id=1700 + n), name=f"Ребёнок Номер{'абв'[n]}")
    path = tmp_path / "groups.csv"
    # robo-a1 shrinks below its three applications; it-a1 changes too, and must not either
    path.write_text(groups_csv(2).replace("Сб 11:00;10;", "Сб 11:00;11;"),
                    encoding="utf-8")

    assert await import_file(app.settings, catalogue, path) == 1
    err = capsys.readouterr().err
    assert f"{path}: line 2: group robo-a1 already has 3 seats taken" in err
    assert "keep it at 3 or more" in err
    assert "Nothing was imported" in err
    capacities = await app.db.fetchall("SELECT code, capacity FROM groups ORDER BY code")
    assert {row["code"]: row["capacity"] for row in capacities} == {
        "it-a1": 10, "robo-a1": 3, "robo-a2": 12,
    }
    # as many as are taken is fine
    path.write_text(groups_csv(3), encoding="utf-8")
    assert await import_file(app.settings, catalogue, path) == 0


# ---- the teacher's account and what to bring ---------------------------------------------


def with_columns(*cells: str) -> bytes:
    """GOOD with the optional teacher_id and note columns, each row's cells from `cells`."""
    return csv(*(f"{row};{cell}" for row, cell in zip(GOOD, cells, strict=True)),
               header=HEADER + ";teacher_id;note")


def test_a_teacher_account_and_a_note_are_read() -> None:
    result = parse_groups_csv(with_columns(
        '123456789;"Сменная обувь; ноутбук, если есть"', ";", " 1000000000000000 ;  Папка  "),
        QUANTA)
    assert result.errors == []
    assert [(g["teacher_id"], g["note"]) for g in result.groups] == [
        (123456789, "Сменная обувь; ноутбук, если есть"), (None, ""),
        (10**15, "Папка"),
    ]
    assert all(g["set_teacher_id"] and g["set_note"] for g in result.groups)
    # without the columns, nothing is said of them
    plain = parse_groups_csv(csv(*GOOD), QUANTA)
    assert not any(g["set_teacher_id"] or g["set_note"] for g in plain.groups)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("@ivanova;", "line 3: teacher_id '@ivanova' is not a Telegram user id (digits only)"),
        ("-5;", "line 3: teacher_id '-5' is not a Telegram user id (digits only)"),
        ("12.5;", "line 3: teacher_id '12.5' is not a Telegram user id (digits only)"),
        ("０１２;", "line 3: teacher_id '０１２' is not a Telegram user id (digits only)"),
        ("0;", "line 3: teacher_id 0 is outside 1–1000000000000000"),
        ("1000000000000001;", "line 3: teacher_id 1000000000000001 is outside"),
        (";" + "о" * 201, "line 3: note is longer than 200 characters"),
    ],
)
def test_a_bad_teacher_account_or_note_is_refused_with_its_line(cell: str, message: str) -> None:
    result = parse_groups_csv(with_columns(";", cell, ";"), QUANTA)
    assert len(result.errors) == 1 and result.errors[0].startswith(message), result.errors
    assert all(g["code"] != "r2" for g in result.groups)


async def test_importing_again_updates_or_keeps_the_teacher_and_the_note(app: App) -> None:
    async def stored() -> dict[str, tuple[int | None, str]]:
        rows = await app.db.fetchall("SELECT code, teacher_id, note FROM groups")
        return {row["code"]: (row["teacher_id"], row["note"]) for row in rows}

    async def load(data: bytes) -> None:
        result = parse_groups_csv(data, QUANTA)
        assert result.errors == []
        await import_programmes(app.db, result.programmes, result.groups)

    await load(csv(*GOOD))
    assert await stored() == {"r1": (None, ""), "r2": (None, ""), "i1": (None, "")}
    await load(with_columns("2001;Сменная обувь", "2002;", ";Ноутбук"))
    assert await stored() == {"r1": (2001, "Сменная обувь"), "r2": (2002, ""),
                              "i1": (None, "Ноутбук")}
    # a file without the columns leaves them; with them, an empty cell clears
    await load(csv(*GOOD))
    assert (await stored())["r1"] == (2001, "Сменная обувь")
    await load(with_columns(";", "2003;Папка", ";Ноутбук"))
    assert await stored() == {"r1": (None, ""), "r2": (2003, "Папка"), "i1": (None, "Ноутбук")}


def with_english(*cells: str) -> bytes:
    """GOOD with group_name_en and room_en, one `name;room` per row."""
    rows = [f"{row};{cell}" for row, cell in zip(GOOD, cells, strict=True)]
    return csv(*rows, header=HEADER + ";group_name_en;room_en")


def test_english_names_and_rooms_are_read() -> None:
    result = parse_groups_csv(with_english("Tue/Thu 3 pm;Room 101", ";", " Sat  11 am ;"),
                              QUANTA)
    assert result.errors == []
    assert [(g["name_en"], g["room_en"]) for g in result.groups] == [
        ("Tue/Thu 3 pm", "Room 101"), ("", ""), ("Sat 11 am", "")]
    too_long = parse_groups_csv(with_english(";", "x" * 41 + ";", ";"), QUANTA)
    assert too_long.errors == ["line 3: group_name_en is longer than 40 characters"]


async def test_importing_again_keeps_english_names_unless_the_file_has_them(app: App) -> None:
    async def stored() -> dict[str, tuple[str, str]]:
        rows = await app.db.fetchall("SELECT code, name_en, room_en FROM groups")
        return {row["code"]: (row["name_en"], row["room_en"]) for row in rows}

    async def load(data: bytes) -> None:
        result = parse_groups_csv(data, QUANTA)
        assert result.errors == []
        await import_programmes(app.db, result.programmes, result.groups)

    await load(with_english("Tue/Thu 3 pm;Room 101", ";", ";"))
    assert (await stored())["r1"] == ("Tue/Thu 3 pm", "Room 101")
    await load(csv(*GOOD))  # an older file without the columns leaves them
    assert (await stored())["r1"] == ("Tue/Thu 3 pm", "Room 101")
    await load(with_english(";", ";", ";"))  # with them, an empty cell clears
    assert (await stored())["r1"] == ("", "")
