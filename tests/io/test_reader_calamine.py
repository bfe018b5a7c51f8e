"""The fast workbook reader (python-calamine) gives the importer what openpyxl gave it.

openpyxl is kept here as the reference: each test reads the same workbook with both and
compares cell by cell, after the one difference that carries no meaning (how far a row is
padded with empty cells).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from techzone.io.exporter import export_workbook
from techzone.io.importer import import_file
from techzone.io.reader import cell_value, read_file, workbook_rows
from techzone.io.sheets import EnterpriseRow
from techzone.io.template import write_template
from techzone.store import Store
from tests.io.factory import sample, write_xlsx


def _openpyxl_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """How the importer read workbooks before python-calamine."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        found = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            found[sheet.title] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        return found
    finally:
        book.close()


def _trimmed(rows: list[tuple[Any, ...]] | None) -> list[tuple[Any, ...]]:
    assert rows is not None
    cut = [
        tuple(row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)])
        for row in rows
    ]
    while cut and not cut[-1]:
        cut.pop()
    return cut


def _whole(value: Any) -> Any:
    # openpyxl gives 50.0 for a cell stored as "50.00" and 50 for one stored as "50"; the file
    # says the same number both ways and the importer reads both as 50, so the fast reader
    # gives int for every whole number.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _assert_same(path: Path) -> None:
    reference = {
        name: [tuple(_whole(value) for value in row) for row in rows]
        for name, rows in _openpyxl_rows(path).items()
    }
    fast = dict(workbook_rows(path))
    assert list(fast) == list(reference)
    for name, rows in reference.items():
        expected, got = _trimmed(rows), _trimmed(fast[name])
        assert got == expected, name
        for row_a, row_b in zip(expected, got, strict=True):
            assert [type(v) for v in row_a] == [type(v) for v in row_b], name


def test_values_of_every_kind_come_back_alike(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业"
    sheet["C3"] = 5
    sheet["D3"] = 5.5
    sheet["E3"] = date(2024, 2, 29)
    sheet["E3"].number_format = "yyyy-mm-dd"
    sheet["F3"] = datetime(2024, 2, 3, 10, 5)
    sheet["G3"] = time(10, 5)
    sheet["H3"] = "  有空格 "
    sheet["I3"] = True
    sheet["J3"] = -3
    sheet["K3"] = 12345678901234
    sheet["L3"] = Decimal("1234.56")
    sheet["M3"] = "-3"
    sheet["N3"] = 0.1
    sheet["B7"] = "后面的行"
    book.create_sheet("第二张")["A1"] = "x"
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    _assert_same(path)


def test_the_adapter_gives_openpyxl_types() -> None:
    assert cell_value("") is None
    assert cell_value(3.0) == 3 and type(cell_value(3.0)) is int
    assert cell_value(-3.0) == -3 and type(cell_value(-3.0)) is int
    assert type(cell_value(3.5)) is float
    assert type(cell_value(1e20)) is float  # beyond exact whole numbers: left as it is
    assert cell_value(date(2024, 2, 29)) == datetime(2024, 2, 29)
    assert cell_value(datetime(2024, 2, 29, 8)) == datetime(2024, 2, 29, 8)
    assert cell_value(True) is True


def test_an_export_and_the_template_read_alike(sqlite_store: Store, tmp_path: Path) -> None:
    import_file(sqlite_store, write_xlsx(tmp_path / "book.xlsx", sample(30)))
    _assert_same(tmp_path / "book.xlsx")
    exported = tmp_path / "export.xlsx"
    with sqlite_store.transaction() as session:
        export_workbook(session, exported)
    _assert_same(exported)
    template = tmp_path / "template.xlsx"
    write_template(template)
    _assert_same(template)
    assert read_file(exported).sheets[EnterpriseRow].rows


def test_a_file_that_is_not_a_workbook_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip at all")
    found = read_file(path)
    assert found.unreadable and "文件已损坏" in found.problems[0].reason
