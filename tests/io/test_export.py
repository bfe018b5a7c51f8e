"""Export writes what an officer would type, and what it writes re-imports to the same records."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from techzone.io.exporter import DATE_FORMAT, MONEY_FORMAT, export_csv, export_workbook
from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected
from techzone.io.reader import NO_DATA
from techzone.io.sheets import SHEETS
from techzone.store import Store, open_store
from tests.io.factory import declared, dump, sample, uscc, write_xlsx

Values = dict[str, list[tuple[Any, ...]]]


def workbook_values(path: Path) -> Values:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def _export(store: Store, path: Path, declared: Any = None) -> Path:
    with store.transaction() as session:
        export_workbook(session, path, declared)
    return path


def test_round_trip_through_a_fresh_database_gives_the_same_workbook(
    store: Store, fresh_store: Store, tmp_path: Path
) -> None:
    book = sample(120, declarations=True)
    vocabulary = declared()
    import_file(store, write_xlsx(tmp_path / "book.xlsx", book), declared=vocabulary)
    first = _export(store, tmp_path / "first.xlsx", vocabulary)

    import_file(fresh_store, first, declared=vocabulary)
    second = _export(fresh_store, tmp_path / "second.xlsx", vocabulary)

    first_values, second_values = workbook_values(first), workbook_values(second)
    assert list(first_values) == [sheet.sheet_name for sheet in SHEETS]
    assert first_values == second_values
    for sheet in SHEETS:
        rows = first_values[sheet.sheet_name]
        assert rows[0] == tuple(sheet.headers())
        assert len(rows) - 1 == len(book[sheet.sheet_name])

    # Re-importing an export into the database it came from changes nothing.
    before = dump(fresh_store)
    import_file(fresh_store, second, declared=vocabulary)
    assert dump(fresh_store) == before


def test_exported_cells_are_as_an_officer_would_type_them(
    sqlite_store: Store, tmp_path: Path
) -> None:
    import_file(sqlite_store, write_xlsx(tmp_path / "book.xlsx", sample(10)))
    path = _export(sqlite_store, tmp_path / "export.xlsx")
    book = load_workbook(path)  # not read-only: formats and panes are visible

    zones = book["高新区"]
    assert [cell.value for cell in zones[2]] == [
        "GS-BY",
        "白银高新区",
        "国家级",
        "甘肃省",
        "白银市",
        "循环化工、生物医药",
    ]
    assert zones.freeze_panes == "A2"
    assert all(cell.font.bold for cell in zones[1])

    enterprises = book["企业"]
    headers = [cell.value for cell in enterprises[1]]
    first = {header: cell for header, cell in zip(headers, enterprises[2], strict=True)}
    assert first["统一社会信用代码"].value == min(uscc(n) for n in range(10))  # sorted by key
    assert isinstance(first["成立日期"].value, datetime)
    assert first["成立日期"].number_format == DATE_FORMAT
    assert first["所有制"].value in {"民营", "国有", "混合所有制", "外资"}
    assert first["规上企业"].value in {"是", "否"}

    figures = book["年度数据"]
    headers = [cell.value for cell in figures[1]]
    cells = {header: cell for header, cell in zip(headers, figures[2], strict=True)}
    assert isinstance(cells["主营业务收入(元)"].value, int | float)
    assert cells["主营业务收入(元)"].number_format == MONEY_FORMAT
    # Derived on import and exported like any other figure.
    assert cells["销售收入(元)"].value is not None

    events = book["奖补事件"]
    headers = [cell.value for cell in events[1]]
    attributes = [
        row[headers.index("属性")].value
        for row in events.iter_rows(min_row=2)
        if row[headers.index("事件类型")].value == "科学技术奖"
    ]
    assert attributes and all(value == '{"等级": "一等奖", "级别": "省级"}' for value in attributes)


def test_text_that_looks_like_a_formula_stays_text(sqlite_store: Store, tmp_path: Path) -> None:
    book = sample(2)
    book["企业"][0]["企业名称"] = "=HYPERLINK(1)"
    import_file(sqlite_store, write_xlsx(tmp_path / "book.xlsx", book))
    path = _export(sqlite_store, tmp_path / "export.xlsx")
    values = workbook_values(path)["企业"]
    assert any(row[1] == "=HYPERLINK(1)" for row in values)
    assert import_file(sqlite_store, path)["企业"] == 2


def test_an_empty_database_exports_headers_only(sqlite_store: Store, tmp_path: Path) -> None:
    values = workbook_values(_export(sqlite_store, tmp_path / "empty.xlsx"))
    assert values == {sheet.sheet_name: [tuple(sheet.headers())] for sheet in SHEETS}


def test_an_empty_csv_export_re_imports_as_no_data(sqlite_store: Store, tmp_path: Path) -> None:
    with sqlite_store.transaction() as session:
        export_csv(session, tmp_path / "空")
    with pytest.raises(ImportRejected) as caught:
        import_file(sqlite_store, tmp_path / "空")
    assert [problem.reason for problem in caught.value.problems] == [NO_DATA]


def test_csv_export_re_imports_to_the_same_records(sqlite_store: Store, tmp_path: Path) -> None:
    import_file(sqlite_store, write_xlsx(tmp_path / "book.xlsx", sample(50)))
    folder = tmp_path / "导出"
    with sqlite_store.transaction() as session:
        counts = export_csv(session, folder)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{sheet.sheet_name}.csv" for sheet in SHEETS
    )
    assert (folder / "企业.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    header = (folder / "企业.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == ",".join(SHEETS[2].headers())

    before = dump(sqlite_store)
    assert import_file(sqlite_store, folder) == counts
    assert dump(sqlite_store) == before

    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        import_file(other, folder)
        assert workbook_values(_export(other, tmp_path / "b.xlsx")) == workbook_values(
            _export(sqlite_store, tmp_path / "a.xlsx")
        )
    finally:
        other.dispose()


def test_a_csv_export_that_fails_leaves_the_folder_as_it_was(
    sqlite_store: Store, tmp_path: Path
) -> None:
    # A folder named 资质.csv stopped the export after five files: the folder held a mix of the
    # new export and the old one, which imports as neither.
    from techzone.io.files import OutputError

    folder = tmp_path / "导出"
    (folder / "资质.csv").mkdir(parents=True)
    old = folder / "企业.csv"
    old.write_text("上一次导出\n", encoding="utf-8")
    with sqlite_store.transaction() as session, pytest.raises(OutputError, match="文件夹"):
        export_csv(session, folder)
    assert sorted(path.name for path in folder.iterdir()) == ["企业.csv", "资质.csv"]
    assert old.read_text(encoding="utf-8") == "上一次导出\n"
