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
from techzone.io.reader import Unusable, read_file
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


def test_a_title_row_above_the_header_is_passed_over(store: Store, tmp_path: Path) -> None:
    # 「白银高新区2026年企业名单」 merged across the columns above the header, as officers'
    # own workbooks begin: the rows are read, and each is numbered as Excel shows it.
    seed = sample(3)
    import_file(store, write_xlsx(tmp_path / "seed.xlsx", {k: seed[k] for k in ("高新区", "园区")}))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = EnterpriseRow.sheet_name
    sheet.append(["白银高新区2026年企业名单"])
    sheet.merge_cells("A1:K1")
    sheet.append(_HEADERS)
    sheet.append([_plain(enterprise(1)[header]) for header in _HEADERS])
    bad = enterprise(2) | {"成立日期": "不详"}
    sheet.append([_plain(bad[header]) for header in _HEADERS])
    path = tmp_path / "名单.xlsx"
    workbook.save(path)

    problems = _rejected(store, path)
    assert [(p.row, p.column) for p in problems] == [(4, "成立日期")]

    sheet.delete_rows(4)
    workbook.save(path)
    imported = import_file(store, path)
    assert imported["企业"] == 1


def test_a_header_not_found_in_the_first_rows_is_said_once(store: Store, tmp_path: Path) -> None:
    # Two lines of notes and then the header: said to be in row 3, not as a dozen unknown and
    # missing columns.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = EnterpriseRow.sheet_name
    sheet.append(["说明", "本表由园区填报"])
    sheet.append(_HEADERS)
    sheet.append([_plain(enterprise(1)[header]) for header in _HEADERS])
    path = tmp_path / "说明.xlsx"
    workbook.save(path)

    problems = _rejected(store, path)

    assert len(problems) == 1
    assert problems[0].sheet == "企业"
    assert "第2行" in problems[0].reason and "第1行" in problems[0].reason


def test_a_header_merged_over_two_columns_is_named_as_merged(store: Store, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = EnterpriseRow.sheet_name
    sheet.append(_HEADERS)
    sheet.append([_plain(enterprise(1)[header]) for header in _HEADERS])
    sheet["H2"] = "新型电子元器件"
    sheet["H1"] = None
    sheet.merge_cells("G1:H1")
    path = tmp_path / "合并.xlsx"
    workbook.save(path)

    problems = _rejected(store, path)

    assert [p.reason for p in problems if p.row is None] == [
        "第H列有数据但没有列名（表头是合并单元格：请取消合并，为每一列填写列名）"
    ]


def test_a_csv_saved_under_xlsx_is_told_to_be_renamed(store: Store, tmp_path: Path) -> None:
    # 「另存为」 CSV and then typed the old name: the file is text, not a damaged workbook.
    path = tmp_path / "企业.xlsx"
    path.write_bytes("统一社会信用代码,企业名称\n".encode("gb18030"))
    problems = _rejected(store, path)
    assert [p.reason for p in problems] == [
        "这是文本（CSV）文件，不是.xlsx工作簿：请把扩展名改为 .csv 后再导入"
    ]


def test_an_old_or_password_protected_workbook_is_told_what_to_do(
    store: Store, tmp_path: Path
) -> None:
    # Both are OLE compound files: an .xls renamed .xlsx, or an .xlsx with an opening password.
    path = tmp_path / "企业.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    problems = _rejected(store, path)
    assert len(problems) == 1
    assert "旧版 .xls" in problems[0].reason and "密码" in problems[0].reason


def test_rows_holding_only_a_formula_error_are_blank_as_excel_shows_them(
    store: Store, tmp_path: Path
) -> None:
    # A lookup filled down a template (=VLOOKUP(A3,…)) shows #N/A in every row not yet typed:
    # those rows hold no data, as they were read before formula errors were refused.
    _seeded(store, tmp_path)
    path = tmp_path / "下拉公式.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(YearlyFiguresRow.sheet_name)
    sheet.write_row(0, 0, _YEARLY)
    sheet.write_row(1, 0, [uscc(1), 2024, 12, 2000])
    for row in range(2, 6):  # in a named column, and in a helper column without a name
        sheet.write_formula(row, 3, f"=VLOOKUP(A{row + 1},X:Y,2,0)", None, "#N/A")
        sheet.write_formula(row, 4, f"=D{row + 1}/C{row + 1}", None, "#DIV/0!")
    book.close()

    imported = import_file(store, path)

    assert imported["年度数据"] == 1


def test_a_formula_error_beside_typed_data_is_still_refused(store: Store, tmp_path: Path) -> None:
    _seeded(store, tmp_path)
    before = dump(store)
    path = tmp_path / "行内公式.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(YearlyFiguresRow.sheet_name)
    sheet.write_row(0, 0, _YEARLY)
    sheet.write_row(1, 0, [uscc(1), 2024, 12])
    sheet.write_formula(1, 3, "=VLOOKUP(A2,X:Y,2,0)", None, "#N/A")
    book.close()

    problems = _rejected(store, path)

    assert [(p.row, p.column, p.value) for p in problems] == [(2, "主营业务收入(元)", "#N/A")]
    assert dump(store) == before


@pytest.mark.parametrize(
    "title",
    [
        ["白银高新区2025年企业年度数据（单位：万元）"],
        ["白银高新区2025年企业年度数据", None],
        ["金额单位：万元"],
        ["说明：本表金额单位为万元，请按年度填报"],
        ["注：金额以万元为单位"],
    ],
)
def test_a_unit_said_above_the_header_is_not_passed_over(
    store: Store, tmp_path: Path, title: list[Any]
) -> None:
    # 「单位：万元」 above the header says the officer typed 500 for 500万元; passed over with the
    # title, 500 would be stored as 500元 in a column the system reads in 元.
    _seeded(store, tmp_path)
    before = dump(store)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = YearlyFiguresRow.sheet_name
    sheet.append(title)
    if title[-1] is None:  # the note in a row of its own under the title
        sheet.append(["金额单位：万元"])
    sheet.append(_YEARLY)
    sheet.append([uscc(1), 2024, 12, 500])
    path = tmp_path / "万元.xlsx"
    workbook.save(path)

    problems = _rejected(store, path)

    assert [(p.sheet, p.row) for p in problems] == [("年度数据", None)]
    assert "万元" in problems[0].reason and "元" in problems[0].reason
    assert dump(store) == before


def test_a_unit_of_yuan_above_the_header_is_the_headers_own(store: Store, tmp_path: Path) -> None:
    _seeded(store, tmp_path)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = YearlyFiguresRow.sheet_name
    sheet.append(["白银高新区2025年企业年度数据（单位：元）"])
    sheet.append(_YEARLY)
    sheet.append([uscc(1), 2024, 12, 5_000_000])
    path = tmp_path / "元.xlsx"
    workbook.save(path)

    assert import_file(store, path)["年度数据"] == 1


@pytest.mark.parametrize(
    "title",
    [
        "白银高新区2025年企业年度数据（单位：人民币万元）",
        "（人民币万元）",
        "金额单位：万",
        "单位：万",
        "单位：人民币千元",
        "单位：万元人民币",
        # Another currency is no 元 either: 500 of 万美元 read as 500元.
        "单位：万美元",
        "出口额（单位：美元）",
        "单位/万元",
        "单位：RMB万元",
        "（金额：万元）",
    ],
)
def test_a_unit_said_with_its_currency_or_without_yuan_is_not_passed_over(
    tmp_path: Path, title: str
) -> None:
    # 「单位：人民币万元」 is how accounts write it, and 「单位：万」 how a statistician does:
    # passed over with the title, 500 under 主营业务收入(元) would be 500元, not 5,000,000.
    path = tmp_path / "年度数据.csv"
    path.write_text(f"{title}\n{','.join(_YEARLY)}\n{uscc(1)},2024,12,500\n", encoding="utf-8")

    raw = read_file(path)

    assert YearlyFiguresRow in raw.broken and YearlyFiguresRow not in raw.sheets
    assert [p.row for p in raw.problems] == [None]
    assert "表头上方注明了金额单位" in raw.problems[0].reason


@pytest.mark.parametrize(
    "title",
    [
        "年度数据（单位：人民币元）",
        "单位：元",
        "2025年度（万元以上企业）",
        "单位：万人次以上的企业另表填报",
        "单位：元（人民币）",
        "（金额：元）",
    ],
)
def test_a_title_saying_yuan_or_no_unit_of_money_is_passed_over(tmp_path: Path, title: str) -> None:
    path = tmp_path / "年度数据.csv"
    path.write_text(f"{title}\n{','.join(_YEARLY)}\n{uscc(1)},2024,12,5000000\n", encoding="utf-8")

    raw = read_file(path)

    assert raw.problems == []
    assert [row.cells["主营业务收入(元)"] for row in raw.sheets[YearlyFiguresRow].rows] == [
        "5000000"
    ]


@pytest.mark.parametrize(
    "number_format",
    [
        '0"万元"',
        '#,##0.00"万"',
        '0.0"亿元"',
        "0万元",
        '0"千"',
        '0.0"k"',
        '#,##0" K"',
        "0\\W",
        '0"w"',
        # Financial and traditional characters, k/W before 元, M for a million.
        '0"仟元"',
        '#,##0"萬"',
        '0.0"億元"',
        '0"k元"',
        '0"W元"',
        '0.0"M"',
        # A scaling comma in another section does not excuse this one.
        '#,##0,"千";-0"千"',
    ],
)
def test_an_amount_whose_cell_format_shows_a_unit_is_refused_at_its_cell(
    tmp_path: Path, number_format: str
) -> None:
    # A custom format 0"万元" shows 500 as 「500万元」 in Excel: the officer sees 500万元 where the
    # file holds 500, which the column 主营业务收入(元) reads as 500元.
    cell = _income_read(tmp_path, 500, number_format)

    assert isinstance(cell, Unusable) and not cell.error
    assert str(cell) == "500" and "单元格格式" in cell.reason and "常规" in cell.reason


@pytest.mark.parametrize(
    "number_format",
    [
        "#,##0.00",
        '#,##0.00"元"',
        "0.00%",
        "@",
        "General",
        "[Red]#,##0;[Blue]-#,##0",
        '0"kg"',
        # A comma after the last digit shows the number divided by 1,000 (twice: 1,000,000):
        # the cell holds 元 and Excel shows 5,000千 — the unit is the display's, the value 元.
        '#,##0,"千"',
        '0.0,"k"',
        '#,##0.00,,"百万元"',
        '#,##0,"千";[Red]-#,##0,"千"',
    ],
)
def test_an_amount_whose_cell_format_shows_yuan_or_no_unit_is_read(
    tmp_path: Path, number_format: str
) -> None:
    assert _income_read(tmp_path, 5_000_000, number_format) == 5_000_000


def _income_read(tmp_path: Path, value: int, number_format: str) -> object:
    """主营业务收入(元) as read from a one-row sheet whose cell shows ``value`` in
    ``number_format`` (and a blank cell formatted 0"万元", so formatted is nothing typed)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = YearlyFiguresRow.sheet_name
    sheet.append(_YEARLY)
    sheet.append([uscc(1), 2024, 12, value])
    sheet["D2"].number_format = number_format
    sheet["A3"].number_format = '0"万元"'
    path = tmp_path / "格式.xlsx"
    workbook.save(path)
    (row,) = read_file(path).sheets[YearlyFiguresRow].rows
    return row.cells["主营业务收入(元)"]


def test_a_hidden_sheet_of_unknown_name_is_refused_saying_it_is_hidden(tmp_path: Path) -> None:
    # The officer looking for 「旧数据」 among the tabs did not find it: Excel does not show a
    # hidden sheet, and the refusal did not say it was one.
    book = Workbook()
    names = book.active
    assert names is not None
    names.title = EnterpriseRow.sheet_name
    names.append(_HEADERS)
    names.append([_plain(enterprise(1)[header]) for header in _HEADERS])
    old = book.create_sheet("旧数据")
    old.append(["名称"])
    old.append(["某企业"])
    old.sheet_state = "hidden"
    shown = book.create_sheet("备注")
    shown.append(["说明"])
    path = tmp_path / "隐藏.xlsx"
    book.save(path)

    problems = read_file(path).problems

    by_sheet = {p.sheet: p.reason for p in problems}
    assert set(by_sheet) == {"旧数据", "备注"}
    assert "已隐藏" in by_sheet["旧数据"] and "取消隐藏" in by_sheet["旧数据"]
    assert "隐藏" not in by_sheet["备注"]
    assert by_sheet["备注"].startswith("未知的工作表名称，应为：")


@pytest.mark.parametrize(("hidden", "refused"), [(True, True), (False, False)])
def test_a_hidden_sheet_of_known_name_with_data_is_refused_not_imported_unseen(
    store: Store, tmp_path: Path, hidden: bool, refused: bool
) -> None:
    # A hidden 企业 sheet was imported silently (robust8's doubt): rows nobody sees on a tab.
    book = Workbook()
    names = book.active
    assert names is not None
    names.title = EnterpriseRow.sheet_name
    names.append(_HEADERS)
    names.append([_plain(enterprise(1)[header]) for header in _HEADERS])
    if hidden:
        names.sheet_state = "hidden"
        book.create_sheet("说明").append(["见隐藏表"])
    path = tmp_path / "隐藏企业.xlsx"
    book.save(path)

    problems = [p for p in read_file(path).problems if p.sheet == EnterpriseRow.sheet_name]

    assert bool(problems) is refused
    if refused:
        assert "已隐藏" in problems[0].reason and "取消隐藏" in problems[0].reason
        assert _rejected(store, path)


@pytest.mark.parametrize(("notes", "refused"), [(5, False), (6, True), (40, True)])
def test_a_header_below_the_title_rows_is_said_once_with_its_row(
    tmp_path: Path, notes: int, refused: bool
) -> None:
    # Six lines of instructions, one cell each, above the header: 19 problems (every column
    # unknown or missing, every column 「有数据但没有列名」) where the header is simply lower.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = EnterpriseRow.sheet_name
    for number in range(1, notes + 1):
        sheet.append([f"填表说明{number}"])
    sheet.append(_HEADERS)
    sheet.append([_plain(enterprise(1)[header]) for header in _HEADERS])
    path = tmp_path / "说明.xlsx"
    workbook.save(path)

    raw = read_file(path)

    if not refused:  # up to five title lines are passed over, as before
        assert raw.problems == [] and raw.row_count == 1
        return
    assert [(p.sheet, p.row, p.column, p.reason) for p in raw.problems] == [
        (
            "企业",
            None,
            None,
            f"列名（表头）应在第1行，本表在第{notes + 1}行：请删除上方的第1—{notes}行后再导入",
        )
    ]


@pytest.mark.parametrize("suffix", [".et", ".ett", ".xlsb", ".ods"])
def test_a_workbook_of_another_format_is_told_to_be_saved_as_xlsx(
    tmp_path: Path, suffix: str
) -> None:
    # WPS saves .et by default: 「不支持的文件类型」 alone left the officer to guess what to do.
    path = tmp_path / f"名单{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 60)
    [problem] = read_file(path).problems
    assert problem.sheet == path.name
    assert suffix in problem.reason and "另存为" in problem.reason and ".xlsx" in problem.reason


def test_a_file_of_no_workbook_format_is_not_told_to_save_as(tmp_path: Path) -> None:
    path = tmp_path / "名单.pdf"
    path.write_bytes(b"%PDF")
    [problem] = read_file(path).problems
    assert "不支持的文件类型「.pdf」" in problem.reason and "另存为" not in problem.reason


def _enterprise_text(separator: str) -> str:
    rows = [_HEADERS, [str(_plain(enterprise(1)[header]) or "") for header in _HEADERS]]
    return "".join(separator.join(row) + "\r\n" for row in rows)


@pytest.mark.parametrize(
    ("separator", "encoding", "said"),
    [("\t", "utf-8-sig", "制表符"), (";", "utf-8-sig", "分号"), ("\t", "utf-16", "制表符")],
)
def test_a_csv_separated_by_tabs_or_semicolons_is_said_once(
    tmp_path: Path, separator: str, encoding: str, said: str
) -> None:
    # Excel's 「文本文件(制表符分隔)」 or 「Unicode 文本」 renamed .csv: every column was
    # 「未知列」 and 「缺少必填列」 (9 problems), or 「无法识别文件编码」 for the UTF-16 one.
    folder = tmp_path / "名单"
    folder.mkdir()
    (folder / "企业.csv").write_bytes(_enterprise_text(separator).encode(encoding))
    problems = read_file(folder).problems
    assert [(p.sheet, p.row, p.column) for p in problems] == [("企业.csv", None, None)]
    assert said in problems[0].reason and "逗号" in problems[0].reason


def test_a_comma_csv_with_a_semicolon_in_a_name_is_read(tmp_path: Path) -> None:
    path = tmp_path / "企业.csv"
    row = enterprise(1) | {"企业名称": "甲;乙\t科技有限公司"}
    lines = [",".join(_HEADERS), ",".join(str(_plain(row[h]) or "") for h in _HEADERS)]
    path.write_text("\n".join(lines), encoding="utf-8")
    raw = read_file(path)
    assert raw.problems == [] and raw.row_count == 1


@pytest.mark.parametrize(
    "typed",
    [
        "主营业务收入（元）",  # typed again with a Chinese input method: full-width brackets
        "主营业务收入\n(元)",  # wrapped in its cell with Alt+Enter
        " 主营业务收入 (元) ",
    ],
)
def test_a_column_name_as_retyped_in_excel_is_known(tmp_path: Path, typed: str) -> None:
    # Each was 「未知列」 and 「缺少必填列」 though the officer sees the same name.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = YearlyFiguresRow.sheet_name
    sheet.append([*_YEARLY[:3], typed])
    sheet.append([uscc(1), 2024, 12, 1000])
    path = tmp_path / "年度.xlsx"
    book.save(path)

    raw = read_file(path)

    assert raw.problems == []
    [row] = raw.sheets[YearlyFiguresRow].rows
    assert row.cells["主营业务收入(元)"] == 1000


def test_an_unknown_column_is_named_as_typed(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = YearlyFiguresRow.sheet_name
    sheet.append([*_YEARLY, "备注（元）"])
    sheet.append([uscc(1), 2024, 12, 1000, 5])
    path = tmp_path / "年度.xlsx"
    book.save(path)
    [problem] = read_file(path).problems
    assert problem.column == "备注（元）" and "未知列" in problem.reason
