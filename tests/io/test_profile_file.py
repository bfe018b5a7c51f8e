"""The template's enterprise sheets read as one enterprise's self-assessment profile: the rows
checked as an import checks them, nothing compared with or written to the register."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from techzone.io.profile_file import ProfileFileRejected, read_profile_file
from techzone.io.sheets import IntellectualPropertyRow, QualificationRow, Sheet
from techzone.model.codes import IpKind, TechField
from tests.io import factory
from tests.io.factory import Book, write_xlsx

NUMBER = 30  # an enterprise with figures for 2024 and 2025, IP, a qualification, a platform


def _book(number: int = NUMBER) -> Book:
    book = factory.sample(NUMBER + 1, declarations=True)
    mine = factory.uscc(number)
    for name, rows in book.items():
        if rows and "统一社会信用代码" in rows[0]:
            book[name] = [row for row in rows if row["统一社会信用代码"] == mine]
    return {name: rows for name, rows in book.items() if name != "高新区事件"}


def _write(path: Path, book: Book, empty: tuple[type[Sheet], ...] = ()) -> Path:
    write_xlsx(path, {name: rows for name, rows in book.items() if rows})
    if empty:  # a sheet present with its headers and no row: "none", not "unknown"
        from openpyxl import load_workbook

        workbook = load_workbook(path)
        for sheet in empty:
            workbook.create_sheet(sheet.sheet_name).append(sheet.headers())
        workbook.save(path)
    return path


def test_one_enterprise_and_its_records_become_its_profile(tmp_path: Path) -> None:
    book = _book()
    profile = read_profile_file(_write(tmp_path / "企业.xlsx", book), factory.declared())
    typed = book["企业"][0]
    assert profile.uscc == factory.uscc(NUMBER) and profile.name == typed["企业名称"]
    assert profile.registered_on == typed["成立日期"]
    assert profile.tech_field is TechField.parse(typed["技术领域"])
    park = next(p for p in book["园区"] if p["园区代码"] == typed["园区代码"])
    zone = next(z for z in book["高新区"] if z["高新区代码"] == typed["高新区代码"])
    assert profile.park == park["园区名称"] and profile.city == zone["城市"]
    figures = {row["年度"]: row for row in book["年度数据"]}
    assert profile.figures is not None and set(profile.figures) == set(figures)
    for year, row in figures.items():
        assert profile.figures[year].rd_expense == Decimal(str(row["研发费用-高企口径(元)"]))
    assert profile.ip is not None and len(profile.ip) == len(book["知识产权"]) > 0
    assert profile.ip[0].kind is IpKind.parse(book["知识产权"][0]["知识产权类型"])
    assert profile.qualifications is not None and len(profile.qualifications) == len(book["资质"])
    declared = {row["声明事项"] for row in book["企业声明"]}
    assert declared and len(profile.declarations) == len(declared)
    assert set(profile.declarations.values()) <= {True, False, "B"}


def test_a_sheet_left_out_is_unknown_and_an_empty_one_is_none(tmp_path: Path) -> None:
    book = {name: rows for name, rows in _book().items() if name not in ("知识产权", "资质")}
    path = _write(tmp_path / "企业.xlsx", book, empty=(QualificationRow,))
    profile = read_profile_file(path, factory.declared())
    assert profile.ip is None
    assert profile.qualifications == []
    assert IntellectualPropertyRow.sheet_name not in book


def test_more_than_one_enterprise_is_refused(tmp_path: Path) -> None:
    book = factory.sample(3)
    with pytest.raises(ProfileFileRejected) as refused:
        read_profile_file(write_xlsx(tmp_path / "三家.xlsx", book), factory.declared())
    assert any("只留一家" in p.reason for p in refused.value.problems)


def test_a_bad_cell_is_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    book = _book()
    book["年度数据"][0]["研发费用-高企口径(元)"] = "很多"
    with pytest.raises(ProfileFileRejected) as refused:
        read_profile_file(_write(tmp_path / "企业.xlsx", book), factory.declared())
    [problem] = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("年度数据", 2, "研发费用-高企口径(元)")


def test_records_of_another_enterprise_are_refused(tmp_path: Path) -> None:
    book = _book()
    book["知识产权"][0]["统一社会信用代码"] = factory.uscc(NUMBER + 1)
    with pytest.raises(ProfileFileRejected) as refused:
        read_profile_file(_write(tmp_path / "企业.xlsx", book), factory.declared())
    assert [(p.sheet, p.row) for p in refused.value.problems] == [("知识产权", 2)]
    assert "不是「企业」表的企业" in refused.value.problems[0].reason


def test_a_file_without_the_enterprise_sheet_says_so(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "说明"
    sheet.append(["随便写的"])
    path = tmp_path / "空.xlsx"
    book.save(path)
    with pytest.raises(ProfileFileRejected) as refused:
        read_profile_file(path, factory.declared())
    assert any("没有「企业」表" in p.reason for p in refused.value.problems)


def test_a_formula_without_its_result_is_named_at_its_cell(tmp_path: Path) -> None:
    # A blank 研发费用 would assess the enterprise as if it had none.
    book = _book()
    book["年度数据"][0]["研发费用-高企口径(元)"] = None
    path = _write(tmp_path / "企业.xlsx", book)
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["年度数据"]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(2, headers.index("研发费用-高企口径(元)") + 1, "=F2*0.05")
    workbook.save(path)
    with pytest.raises(ProfileFileRejected) as refused:
        read_profile_file(path, factory.declared())
    [problem] = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("年度数据", 2, "研发费用-高企口径(元)")
    assert "没有计算结果" in problem.reason
