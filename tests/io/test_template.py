"""The blank template and the error report: what officers download, fill in and read."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from techzone.io.importer import import_file
from techzone.io.problems import (
    REPORT_HEADERS,
    ImportRejected,
    Problem,
    read_problems,
    render_problems,
    write_problems,
)
from techzone.io.reader import LISTS_SHEET, NO_DATA, NOTES_SHEET
from techzone.io.sheets import SHEETS, EnterpriseRow
from techzone.io.template import choices, write_template
from techzone.model.codes import EventKind, Ownership
from techzone.store import Store
from tests.io.factory import ZONES


def test_the_template_has_every_sheet_header_note_and_dropdown(tmp_path: Path) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    book = load_workbook(path)
    visible = [sheet.title for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert visible == [NOTES_SHEET, *(sheet.sheet_name for sheet in SHEETS)]

    notes = [tuple(row) for row in book[NOTES_SHEET].iter_rows(values_only=True)]
    listed = {(row[0], row[1]): row for row in notes if len(row) >= 5}
    for sheet in SHEETS:
        worksheet = book[sheet.sheet_name]
        assert [cell.value for cell in worksheet[1]] == sheet.headers()
        assert worksheet.freeze_panes == "A2"
        assert worksheet.max_row == 1
        for cell in worksheet[1]:
            assert cell.font.bold
            assert cell.comment is not None and cell.comment.text
        for name, info in sheet.model_fields.items():
            header = info.alias or name
            row = listed[(sheet.sheet_name, header)]
            assert row[2] == ("必填" if info.is_required() else "选填")
            assert row[3] == ("是" if name in sheet.key else None)
            assert row[4] == info.description

    enterprise = book["企业"]
    validations = {str(v.sqref): v for v in enterprise.data_validations.dataValidation}
    column = EnterpriseRow.headers().index("所有制")
    letter = "ABCDEFGHIJK"[column]
    ownership = validations[f"{letter}2:{letter}1048576"]
    assert ownership.type == "list"
    assert ownership.formula1 == '"' + ",".join(Ownership.labels()) + '"'

    # The long 事件类型 list lives in the hidden lists sheet.
    events = book["奖补事件"]
    (kind,) = [v for v in events.data_validations.dataValidation if str(v.sqref).startswith("C2")]
    assert LISTS_SHEET in kind.formula1
    lists = book[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    reference = kind.formula1.split("!")[1].replace("$", "")
    assert [cell.value for (cell,) in lists[reference]] == EventKind.labels()

    # Every code-list and yes/no column has a dropdown.
    for sheet in SHEETS:
        worksheet = book[sheet.sheet_name]
        covered = {str(v.sqref).split(":")[0] for v in worksheet.data_validations.dataValidation}
        for index, info in enumerate(sheet.model_fields.values()):
            expected = f"{'ABCDEFGHIJKLMNOPQRSTU'[index]}2"
            assert (expected in covered) == (choices(info) is not None), info.alias


def test_importing_the_blank_template_says_there_is_no_data(
    sqlite_store: Store, tmp_path: Path
) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    with pytest.raises(ImportRejected) as caught:
        import_file(sqlite_store, path)
    assert caught.value.problems == [Problem("模板.xlsx", None, None, "", NO_DATA)]


def test_a_filled_in_template_imports(sqlite_store: Store, tmp_path: Path) -> None:
    path = write_template(tmp_path / "模板.xlsx")
    book = load_workbook(path)
    zones = book["高新区"]
    zones.append([ZONES[0][header] for header in SHEETS[0].headers()])
    book.save(path)
    assert import_file(sqlite_store, path)["高新区"] == 1


PROBLEMS = [
    Problem("企业", 12, "统一社会信用代码", "91620400MA00000000", "统一社会信用代码校验位错误"),
    Problem("企业", None, "备注", "", "未知列"),
    Problem("年度数据", 3, "科技人员数", "=1+1", "不得大于职工总数"),
    Problem("坏.xlsx", None, None, "", "无法读取"),
]


def test_problems_render_one_line_each_and_a_summary() -> None:
    text = render_problems(PROBLEMS)
    assert text.splitlines() == [
        "「企业」第12行「统一社会信用代码」值「91620400MA00000000」：统一社会信用代码校验位错误",
        "「企业」「备注」：未知列",
        "「年度数据」第3行「科技人员数」值「=1+1」：不得大于职工总数",
        "「坏.xlsx」：无法读取",
        "共发现 4 个问题（涉及 2 行），文件未导入，数据库没有任何改动。",
    ]
    short = render_problems(PROBLEMS, limit=1).splitlines()
    assert short[1] == "……另有 3 个问题未列出，请查看错误报告。"
    assert len(short) == 3


def test_the_error_report_is_a_workbook_that_reads_back(tmp_path: Path) -> None:
    path = write_problems(PROBLEMS, tmp_path / "错误报告.xlsx")
    assert read_problems(path) == PROBLEMS
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    assert tuple(cell.value for cell in sheet[1]) == REPORT_HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width >= 40
    assert sheet["D4"].value == "=1+1" and sheet["D4"].data_type == "s"
