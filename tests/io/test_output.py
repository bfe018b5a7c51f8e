"""The one table writer: CSV escaping that the importer undoes, workbooks whose text is text."""

from __future__ import annotations

import math
import zipfile
from datetime import date, datetime
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


# Every kind of value the export meets, and the text XlsxWriter treats specially on its way into
# the file: XML's reserved characters, control characters, its own _xHHHH_ escape, leading and
# trailing spaces (ASCII and Chinese), non-characters, text longer than a cell may hold.
_VALUES: list[object] = [
    "纯文本",
    "=1+1",
    "-3",
    "A&B<C>D\"E'",
    " 前导空格",
    "末尾空格 ",
    "\u3000全角空格",
    "换行\n第二行",
    "\t制表",
    "控制\x01字符\x1f",
    "_x0041_ 已像转义",
    "非字符\ufffe\uffff",
    "x" * 16_383,
    "长" * 16_384,
    "😀" * 16_384,
    "",
    None,
    0,
    -3,
    12345678901234567890,
    1.5,
    -0.1,
    1e-7,
    Decimal("-3.50"),
    Decimal("12345678901234567.891"),
    float("nan"),
    date(2024, 2, 29),
    date(1900, 2, 28),
    datetime(2025, 6, 30, 12, 30),
]


def _reference_workbook(path: Path, rows: list[tuple[list[object], bool]]) -> None:
    """The same rows through XlsxWriter's public writers, cell by cell."""
    from xlsxwriter import Workbook as XlsxWorkbook

    book = XlsxWorkbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    bold = book.add_format({"bold": True})
    book.add_format({"bold": True, "font_size": 14})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet = book.add_worksheet("表")
    sheet.set_column(0, 0, 12)
    sheet.freeze_panes(1, 0)
    for number, (values, is_bold) in enumerate(rows):
        style = bold if is_bold else None
        for column, value in enumerate(values):
            if isinstance(value, bool):
                sheet.write_boolean(number, column, value, style)
            elif isinstance(value, str):
                if value:
                    sheet.write_string(number, column, value, style)
            elif isinstance(value, datetime | date):
                sheet.write_datetime(number, column, value, style or day)
            elif isinstance(value, int | float | Decimal) and math.isfinite(value):
                sheet.write_number(number, column, value, style or (money if column == 2 else None))
    book.close()


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_the_row_writer_writes_what_xlsxwriter_writes_cell_by_cell(tmp_path: Path) -> None:
    # Rows of one value each, rows of all values, a bold row, an empty row, and a row with a
    # value only the library's own path writes (a boolean) between rows written whole.
    rows: list[tuple[list[object], bool]] = [(["标题", "数", "金额"], True)]
    rows += [([value, value, value], False) for value in _VALUES]
    rows += [(list(_VALUES), False), (list(_VALUES), True), ([None, ""], False)]
    rows += [(["前", True, 3], False), (["后", 4, Decimal("5.5")], False), ([False], False)]
    ours = tmp_path / "ours.xlsx"
    with streaming_workbook(ours) as book:
        sheet = book.sheet("表")
        sheet.width(0, 12)
        sheet.freeze()
        sheet.money([2])
        for values, is_bold in rows:
            sheet.append(values, bold=is_bold)
    reference = tmp_path / "reference.xlsx"
    _reference_workbook(reference, rows)
    assert _sheet_xml(ours) == _sheet_xml(reference)
