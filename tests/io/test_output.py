"""The one table writer: CSV escaping that the importer undoes, workbooks whose text is text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from techzone.io.output import (
    csv_escaped,
    csv_unescaped,
    save_workbook,
    streaming_workbook,
    write_csv,
)
from techzone.io.reader import read_file
from techzone.io.sheets import ParkRow

TEXTS = [
    "=1+1",
    "+86 0931",
    "-3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "'",
    "'=1",
    "''=1",
    "'abc",
    "abc",
    "",
    "兰州=1",
    "-",
]


@pytest.mark.parametrize("text", TEXTS)
def test_csv_escape_round_trips(text: str) -> None:
    assert csv_unescaped(csv_escaped(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-3", "@A1", "\t=1", "\r=1"])
def test_csv_escape_defuses_every_formula_start(text: str) -> None:
    assert csv_escaped(text) == "'" + text


@pytest.mark.parametrize("text", ["abc", "兰州=1", "", "1-3"])
def test_csv_escape_leaves_ordinary_text_alone(text: str) -> None:
    assert csv_escaped(text) == text


def test_a_hand_typed_apostrophe_is_kept_on_import() -> None:
    # Only an apostrophe the exporter could have added is removed.
    assert csv_unescaped("'abc") == "'abc"
    assert csv_unescaped("'=1") == "=1"


def test_csv_numbers_are_never_escaped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(path, ["名称", "金额"], [["-3", Decimal("-3.50")], ["=1", -4]])
    text = path.read_text(encoding="utf-8-sig").splitlines()
    assert text == ["名称,金额", "'-3,-3.50", "'=1,-4"]


def test_the_csv_reader_undoes_the_escape(tmp_path: Path) -> None:
    path = tmp_path / "园区.csv"
    write_csv(
        path,
        ParkRow.headers(),
        [["GS-BY", "BY-01", "=HYPERLINK(1)"], ["GS-BY", "BY-02", "-3"]],
    )
    raw = read_file(path)
    names = [row.cells["园区名称"] for row in raw.sheets[ParkRow].rows]
    assert names == ["=HYPERLINK(1)", "-3"]


def test_streamed_workbook_writes_text_numbers_and_dates_as_their_types(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with streaming_workbook(path) as book:
        sheet = book.sheet("表")
        sheet.money([2])
        sheet.header(["文本", "数", "金额", "日期"])
        sheet.append(["=1+1", -3, Decimal("-3.50"), date(2024, 2, 29)])
        sheet.append(["-3", None, None, None])
    cells = [[(c.value, c.data_type) for c in row] for row in load_workbook(path)["表"].iter_rows()]
    assert cells[1][0] == ("=1+1", "s")
    assert cells[1][1] == (-3, "n")
    assert cells[1][2] == (-3.5, "n")
    assert cells[1][3][0].date() == date(2024, 2, 29)
    assert cells[2][0] == ("-3", "s") and cells[2][1][0] is None
    assert load_workbook(path)["表"]["C2"].number_format == "#,##0.00"


def test_an_openpyxl_workbook_is_saved_without_formulas(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["=HYPERLINK(1)", "-3", -3])
    path = tmp_path / "t.xlsx"
    save_workbook(book, path)
    row = next(load_workbook(path).active.iter_rows())
    assert [(c.value, c.data_type) for c in row] == [("=HYPERLINK(1)", "s"), ("-3", "s"), (-3, "n")]


def test_a_streamed_workbook_that_fails_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError), streaming_workbook(path) as book:
        book.sheet("表").append(["x"])
        raise RuntimeError("stopped midway")
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]


def test_a_nan_is_an_empty_cell_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with streaming_workbook(path) as book:
        book.sheet("表").append([float("nan"), float("inf"), Decimal("NaN"), 1])
    row = next(load_workbook(path)["表"].iter_rows())
    assert [cell.value for cell in row] == [None, None, None, 1]
