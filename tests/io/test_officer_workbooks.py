"""Workbooks as officers bring them from Excel and WPS: formulas, a title row above the header,
merged header cells. Each is read for what the officer sees, or refused at its cell; nothing is
written from a file that is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import Workbook

from techzone.io.importer import import_file
from techzone.io.problems import ImportRejected, Problem
from techzone.io.sheets import EnterpriseRow, YearlyFiguresRow
from techzone.store import Store
from tests.io.factory import dump, enterprise, sample, uscc, write_xlsx

_HEADERS = EnterpriseRow.headers()
_YEARLY = ["统一社会信用代码", "年度", "职工总数", "主营业务收入(元)"]


def _seeded(store: Store, tmp_path: Path) -> None:
    import_file(store, write_xlsx(tmp_path / "seed.xlsx", sample(3)))


def _rejected(store: Store, path: Path) -> list[Problem]:
    with pytest.raises(ImportRejected) as caught:
        import_file(store, path)
    return caught.value.problems


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_a_formula_whose_result_is_an_error_is_refused_at_its_cell(
    store: Store, tmp_path: Path
) -> None:
    # Excel keeps #DIV/0! or #REF! as the cell's value; read as a blank it would clear the
    # stored income on a re-import, or store 「#REF!」 as a name.
    _seeded(store, tmp_path)
    before = dump(store)
    path = tmp_path / "公式.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(YearlyFiguresRow.sheet_name)
    sheet.write_row(0, 0, _YEARLY)
    sheet.write_row(1, 0, [uscc(1), 2024, 12])
    sheet.write_formula(1, 3, "=1/0", None, "#DIV/0!")
    names = book.add_worksheet(EnterpriseRow.sheet_name)
    names.write_row(0, 0, _HEADERS)
    names.write_row(1, 0, [_plain(enterprise(2)[header]) for header in _HEADERS])
    names.write_formula(1, 1, "=X99", None, "#REF!")
    book.close()

    problems = _rejected(store, path)

    assert [(p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("企业", 2, "企业名称", "#REF!"),
        ("年度数据", 2, "主营业务收入(元)", "#DIV/0!"),
    ]
    assert all("公式" in p.reason and "出错" in p.reason for p in problems)
    assert dump(store) == before


def test_a_formula_saved_without_its_result_is_refused_not_read_as_blank(
    store: Store, tmp_path: Path
) -> None:
    # Files written by other programs (not Excel) keep the formula and no value: the cell is
    # not empty to the officer who typed it.
    _seeded(store, tmp_path)
    before = dump(store)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = YearlyFiguresRow.sheet_name
    sheet.append(_YEARLY)
    sheet.append([uscc(1), 2024, 12, "=1000*2"])
    path = tmp_path / "无结果.xlsx"
    workbook.save(path)

    problems = _rejected(store, path)

    assert [(p.row, p.column, p.value) for p in problems] == [(2, "主营业务收入(元)", "=1000*2")]
    assert "没有计算结果" in problems[0].reason
    assert dump(store) == before


def test_a_formula_with_its_result_is_read_as_the_result(store: Store, tmp_path: Path) -> None:
    _seeded(store, tmp_path)
    path = tmp_path / "有结果.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(YearlyFiguresRow.sheet_name)
    sheet.write_row(0, 0, _YEARLY)
    sheet.write_row(1, 0, [uscc(1), 2024, 12])
    sheet.write_formula(1, 3, "=1000*2", None, 2000)
    book.close()

    import_file(store, path)

    assert dump(store)["yearly_figures"] != []
