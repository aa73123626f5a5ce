"""`python -m bot import events FILE.csv`: all or nothing, every problem with its line,
updates by code."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli.importing import import_file
from bot.services.catalogue import Catalogue
from bot.services.event_import import parse_events_csv
from tests.helpers.harness import App

ZONE = ZoneInfo("Europe/Moscow")
QUANTA = {"robo", "it"}
HEADER = ("code;title_ru;title_en;kind;starts_at;ends_at;place;seats;age_min;age_max;quanta;"
          "description_ru;description_en;registration_until;companions")
GOOD = [
    "open-1;День открытых дверей;Open day;день открытых дверей;29.08.2027 11:00;"
    "29.08.2027 15:00;Кванториум;0;7;18;;Приходите;Come;;2",
    "robo-1;Первый робот;First robot;master_class;05.09.2027 12:00;05.09.2027 13:30;"
    "Каб. 101;12;8;12;robo;;;04.09.2027 20:00;",
]


def data(*rows: str, sep: str = ";") -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").replace(";", sep).encode()


def test_a_good_file_in_local_time() -> None:
    drafts, errors = parse_events_csv("\ufeff".encode() + data(*GOOD, sep=","), QUANTA, ZONE)
    assert errors == []
    assert [d.kind for d in drafts] == ["open_day", "master_class"]
    assert drafts[1].starts_at.isoformat() == "2027-09-05T09:00:00+00:00"
    assert drafts[0].seats == 0 and drafts[0].companions == 2 and drafts[1].companions == 1
    assert drafts[1].quanta == ("robo",) and drafts[1].registration_until is not None


@pytest.mark.parametrize(("row", "message"), [
    (GOOD[1].replace(";robo;", ";mars;"), "line 3: quantum 'mars' is not in the catalogue"),
    (GOOD[1].replace("master_class", "party"), "line 3: kind 'party' must be"),
    (GOOD[1].replace(";8;12;", ";12;8;"), "line 3: age_min is greater than age_max"),
    (GOOD[1].replace("05.09.2027 13:30", "05.09.2027 11:00"), "line 3: ends_at is not after"),
    (GOOD[1].replace("04.09.2027 20:00", "06.09.2027 20:00"),
     "line 3: registration_until is not before starts_at"),
    (GOOD[1].replace("05.09.2027 12:00", "31.02.2027 12:00"), "line 3: starts_at '31.02"),
    (GOOD[1].replace("robo-1;", "robo 1;"), "line 3: code 'robo 1' must be"),
    (GOOD[1].replace(";;;04", ";" + "x" * 5000 + ";;04"),
     "line 3: description_ru is longer than 1000 characters"),
    (GOOD[0], "line 3: code open-1 is also on line 2"),
])
def test_every_bad_row_is_named_with_its_line(row: str, message: str) -> None:
    _, errors = parse_events_csv(data(GOOD[0], row), QUANTA, ZONE)
    assert any(error.startswith(message) for error in errors), errors


async def test_every_problem_of_a_row_and_a_past_start_are_named() -> None:
    bad = GOOD[1].replace("05.09.2027 13:30", "05.09.2027 11:00").replace(";12;8;", ";-3;8;")
    past = GOOD[0].replace("29.08.2027", "29.08.2025").replace("open-1;", "open-2;")
    _, errors = parse_events_csv(data(bad, bad, past), QUANTA, ZONE)
    assert errors[0].startswith("line 2: ends_at is not after starts_at; seats")
    # the same code again is named even though its first line failed
    assert any(e.startswith("line 3: code robo-1 is also on line 2") for e in errors), errors
    assert "line 4: starts_at is in the past" in errors


async def test_all_or_nothing_then_an_update_by_code(app: App, catalogue: Catalogue,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    bad = GOOD[1].replace("robo-1;", "robo-2;").replace(";8;12;", ";12;8;")
    path.write_bytes(data(*GOOD, bad))
    assert await import_file(app.settings, catalogue, path, "events") == 1
    assert await app.db.fetchval("SELECT count(*) FROM events") == 0
    path.write_bytes(data(*GOOD))
    assert await import_file(app.settings, catalogue, path, "events") == 0
    assert await app.db.fetchval("SELECT count(*) FROM events") == 2
    path.write_bytes(data(GOOD[1].replace("Каб. 101", "Каб. 202")))
    assert await import_file(app.settings, catalogue, path, "events") == 0
    assert await app.db.fetchval("SELECT place FROM events WHERE code = 'robo-1'") == "Каб. 202"
    assert await app.db.fetchval("SELECT count(*) FROM events") == 2


def test_the_sample_file_imports(catalogue: Catalogue) -> None:
    sample = Path(__file__).parent.parent / "data" / "events.sample.csv"
    drafts, errors = parse_events_csv(sample.read_bytes(), {q.code for q in catalogue.quanta},
                                      ZONE)
    assert errors == [] and len(drafts) == 2
