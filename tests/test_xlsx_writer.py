"""The plain workbook writer: what openpyxl reads back from it (text, numbers, bold, widths,
frozen panes, characters XML escapes or cannot hold)."""

from __future__ import annotations

import io
from typing import Any

import pytest

from bot.services.xlsx_writer import Bold, Cell, SheetData, column_letter, workbook


def load(data: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_cells_read_back_as_written() -> None:
    rows: list[list[Cell]] = [[Bold("Группа <A&B>"), "=1+1"], [],
                               ["  spaced ", 7, 2.5, None, "", "x\x01y"], [True, "last"]]
    book = load(workbook([SheetData("Первый", rows, widths={1: 30}, frozen_rows=2,
                                    frozen_columns=1), SheetData("B & 'c' d", [["b"]])]))
    assert book.sheetnames == ["Первый", "B & 'c' d"]
    first = book["Первый"]
    assert [list(r) for r in first.iter_rows(values_only=True)] == [
        ["Группа <A&B>", "=1+1", None, None, None, None],
        [None] * 6,
        ["  spaced ", 7, 2.5, None, None, "xy"],
        [True, "last", None, None, None, None]]
    assert first["B1"].data_type == "s"  # text that looks like a formula stays text
    assert first["A1"].font.b and not first["B1"].font.b
    # a width is kept as Excel keeps it: the characters asked for and the cell's padding
    assert first.freeze_panes == "B3" and 30 <= first.column_dimensions["A"].width < 31
    assert book["B & 'c' d"].freeze_panes is None


@pytest.mark.parametrize(("rows", "columns", "corner"), [(1, 0, "A2"), (0, 2, "C1")])
def test_frozen_rows_or_columns_alone(rows: int, columns: int, corner: str) -> None:
    book = load(workbook([SheetData("s", [["a", "b", "c"], [1, 2, 3]], frozen_rows=rows,
                                    frozen_columns=columns)]))
    assert book["s"].freeze_panes == corner


def test_column_letters_and_a_book_needs_a_sheet() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    with pytest.raises(ValueError, match="needs a sheet"):
        workbook([])
