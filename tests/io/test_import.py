"""Import is all or nothing, says exactly what is wrong and where, and re-imports are no-ops."""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from techzone.io.importer import import_file, validate_file
from techzone.io.problems import ImportRejected, Problem
from techzone.io.reader import NO_DATA
from techzone.io.sheets import EnterpriseRow, YearlyFiguresRow
from techzone.model import Enterprise, YearlyFigures
from techzone.store import Store
from tests.io.factory import (
    Book,
    declared,
    dump,
    enterprise,
    sample,
    uscc,
    write_csv,
    write_csv_folder,
    write_xlsx,
    yearly,
)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _rejected(store: Store, path: Path) -> list[Problem]:
    with pytest.raises(ImportRejected) as caught:
        import_file(store, path)
    return caught.value.problems


def _enterprise_count(store: Store) -> int:
    with store.transaction() as session:
        return session.scalar(select(func.count()).select_from(Enterprise)) or 0


def test_one_bad_check_character_among_a_thousand_rejects_the_whole_file(
    store: Store, tmp_path: Path
) -> None:
    # Stored already: the first ten enterprises, under their old names.
    seeded = sample(10)
    for row in seeded["企业"]:
        row["企业名称"] = "旧名称" + row["企业名称"]
    import_file(store, write_xlsx(tmp_path / "seed.xlsx", seeded))
    before = dump(store)

    book = sample(1000)
    good = uscc(1000)
    wrong = next(c for c in USCC_ALPHABET if c != good[-1])
    book["企业"].append(enterprise(1000) | {"统一社会信用代码": good[:-1] + wrong})
    problems = _rejected(store, write_xlsx(tmp_path / "bad.xlsx", book))

    assert (
        problems
        == [
            Problem(
                sheet="企业",
                row=1002,  # header row 1, a thousand good rows 2–1001
                column="统一社会信用代码",
                value=good[:-1] + wrong,
                reason=f"统一社会信用代码校验位错误（按GB 32100-2015应为「{good[-1]}」）",
            )
        ]
    )
    assert dump(store) == before

    book["企业"][-1]["统一社会信用代码"] = good
    written = import_file(store, write_xlsx(tmp_path / "fixed.xlsx", book))
    assert written["企业"] == 1001
    assert _enterprise_count(store) == 1001
    with store.transaction() as session:
        names = set(session.scalars(select(Enterprise.name)))
    assert not any(name.startswith("旧名称") for name in names)


def test_importing_the_same_file_again_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", sample(60))
    first = import_file(store, path)
    after_first = dump(store)
    again = import_file(store, path)
    assert again == first
    assert dump(store) == after_first
    assert len(after_first["enterprise"]) == 60


def test_progress_reports_every_row_checked_and_written(
    sqlite_store: Store, tmp_path: Path
) -> None:
    book = sample(30, declarations=True)
    written: dict[str, int] = {}
    checked: dict[str, int] = {}

    def on_write(sheet: str, rows: int) -> None:
        written[sheet] = written.get(sheet, 0) + rows

    def on_check(sheet: str, rows: int) -> None:
        checked[sheet] = checked.get(sheet, 0) + rows

    path = write_xlsx(tmp_path / "book.xlsx", book)
    counts = import_file(sqlite_store, path, on_write, checked=on_check, declared=declared())
    expected = {name: len(rows) for name, rows in book.items()}
    assert checked == expected
    assert written == expected
    assert counts == expected


def test_validation_alone_writes_nothing(sqlite_store: Store, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "book.xlsx", sample(5))
    with sqlite_store.transaction() as session:
        rows, problems, _carried, _changes = validate_file(path, session)
    assert problems == []
    assert len(rows[EnterpriseRow]) == 5
    assert all(isinstance(row, YearlyFiguresRow) for row in rows[YearlyFiguresRow])
    assert _enterprise_count(sqlite_store) == 0


def test_derived_figures_are_filled_in_and_exact(sqlite_store: Store, tmp_path: Path) -> None:
    import_file(sqlite_store, write_xlsx(tmp_path / "book.xlsx", sample(3)))
    row = yearly(1, 2024)
    with sqlite_store.transaction() as session:
        stored = session.scalars(
            select(YearlyFigures).join(Enterprise).where(Enterprise.uscc == uscc(1))
        ).one()
    assert stored.sales_revenue == row["主营业务收入(元)"] + row["其他业务收入(元)"]
    assert stored.total_income == row["收入总额(元)"] - row["不征税收入(元)"]
    assert stored.net_assets == row["资产总额(元)"] - row["负债总额(元)"]


# ---------------------------------------------------------------------------- bad input


@dataclass(frozen=True)
class Case:
    """A broken copy of a good five-enterprise book, and the problem it must produce."""

    name: str
    breaks: Callable[[Book], None]
    sheet: str
    row: int | None
    column: str | None
    reason: str


def _set(sheet: str, index: int, header: str, value: object) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        book[sheet][index][header] = value

    return change


def _drop_column(sheet: str, header: str) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        for row in book[sheet]:
            del row[header]

    return change


def _add_column(sheet: str, header: str) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        for row in book[sheet]:
            row[header] = "备注内容"

    return change


def _append(sheet: str, make: Callable[[Book], dict[str, object]]) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        book[sheet].append(make(book))

    return change


def _add_sheet(name: str, like: str) -> Callable[[Book], None]:
    def change(book: Book) -> None:
        book[name] = [dict(book[like][0])]

    return change


# sample(5): 企业 rows 2–6; 年度数据 row 2 is enterprise 0's 2024.
CASES = [
    Case(
        "text in a money column",
        _set("年度数据", 0, "主营业务收入(元)", "一百万"),
        "年度数据",
        2,
        "主营业务收入(元)",
        "「一百万」不是数字",
    ),
    Case(
        "negative money",
        _set("年度数据", 0, "纳税总额(元)", Decimal("-5")),
        "年度数据",
        2,
        "纳税总额(元)",
        "不能为负数",
    ),
    Case(
        "more tech staff than employees",
        _set("年度数据", 0, "科技人员数", 5000),
        "年度数据",
        2,
        "科技人员数",
        "科技人员数（5000.00）不得大于职工总数（20.25）",
    ),
    Case(
        "domestic R&D above R&D",
        _set("年度数据", 0, "境内研发费用(元)", Decimal("99999999")),
        "年度数据",
        2,
        "境内研发费用(元)",
        "不得大于研发费用-高企口径",
    ),
    Case(
        "high-tech income above total income",
        _set("年度数据", 0, "高新技术产品(服务)收入(元)", Decimal("99999999999")),
        "年度数据",
        2,
        "高新技术产品(服务)收入(元)",
        "不得大于总收入",
    ),
    Case(
        "sales revenue not the sum of its parts",
        _set("年度数据", 0, "销售收入(元)", Decimal(1)),
        "年度数据",
        2,
        "销售收入(元)",
        "与其组成项之和/差",
    ),
    Case(
        "impossible date",
        _set("企业", 1, "成立日期", "2021-02-30"),
        "企业",
        3,
        "成立日期",
        "「2021-02-30」不是有效日期",
    ),
    Case(
        "not a date",
        _set("企业", 1, "成立日期", "去年三月"),
        "企业",
        3,
        "成立日期",
        "「去年三月」不是日期，应写作 YYYY-MM-DD",
    ),
    Case(
        "unknown code-list label",
        _set("企业", 2, "所有制", "私营"),
        "企业",
        4,
        "所有制",
        "「私营」不在允许的取值中：民营、国有",
    ),
    Case(
        "blank required cell",
        _set("企业", 0, "企业名称", None),
        "企业",
        2,
        "企业名称",
        "必填项为空",
    ),
    Case(
        "text too long",
        _set("企业", 0, "企业名称", "长" * 201),
        "企业",
        2,
        "企业名称",
        "不能超过200个字",
    ),
    Case(
        "missing required column",
        _drop_column("企业", "企业名称"),
        "企业",
        None,
        "企业名称",
        "缺少必填列「企业名称」",
    ),
    Case("unknown column", _add_column("企业", "备注"), "企业", None, "备注", "未知列"),
    Case(
        "duplicate key in the file",
        _append("企业", lambda book: dict(book["企业"][0])),
        "企业",
        7,
        "统一社会信用代码",
        "与第2行重复",
    ),
    Case(
        "duplicate two-column key in the file",
        _append("年度数据", lambda book: dict(book["年度数据"][0])),
        "年度数据",
        9,
        None,
        "与第2行重复（「统一社会信用代码」「年度」均相同）",
    ),
    Case(
        "unknown park code",
        _set("企业", 0, "园区代码", "XX"),
        "企业",
        2,
        "园区代码",
        "园区代码「XX」不是高新区「GS-BY」的园区",
    ),
    Case(
        "unknown zone code",
        _set("园区", 0, "高新区代码", "GS-XX"),
        "园区",
        2,
        "高新区代码",
        "高新区代码「GS-XX」在「高新区」表和数据库中都不存在",
    ),
    Case(
        "child row of an enterprise that is nowhere",
        _append("年度数据", lambda book: yearly(999, 2024)),
        "年度数据",
        9,
        "统一社会信用代码",
        f"统一社会信用代码「{uscc(999)}」在「企业」表和数据库中都不存在",
    ),
    Case(
        "unknown sheet",
        _add_sheet("企业信息", "企业"),
        "企业信息",
        None,
        None,
        "未知的工作表名称",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_rejected_with_its_place_and_reason(
    case: Case, sqlite_store: Store, tmp_path: Path
) -> None:
    import_file(sqlite_store, write_xlsx(tmp_path / "seed.xlsx", sample(5)))
    before = dump(sqlite_store)
    book = copy.deepcopy(sample(5))
    # Change something that is otherwise valid, so the import would have written it.
    for row in book["企业"]:
        row["企业名称"] = "新" + str(row["企业名称"])
    case.breaks(book)
    problems = _rejected(sqlite_store, write_xlsx(tmp_path / "bad.xlsx", book))
    matching = [
        problem
        for problem in problems
        if (problem.sheet, problem.row, problem.column) == (case.sheet, case.row, case.column)
    ]
    assert matching, problems
    assert case.reason in matching[0].reason
    assert len(problems) == 1, problems
    assert dump(sqlite_store) == before


def test_every_problem_in_the_file_is_reported_at_once(sqlite_store: Store, tmp_path: Path) -> None:
    book = sample(5)
    book["企业"][0]["成立日期"] = "不详"
    book["企业"][3]["上市状态"] = "准备上市"
    book["年度数据"][2]["纳税总额(元)"] = -1
    problems = _rejected(sqlite_store, write_xlsx(tmp_path / "bad.xlsx", book))
    assert [(p.sheet, p.row, p.column) for p in problems] == [
        ("企业", 2, "成立日期"),
        ("企业", 5, "上市状态"),
        ("年度数据", 4, "纳税总额(元)"),
    ]
    assert dump(sqlite_store)["enterprise"] == []


def test_children_of_a_rejected_enterprise_are_not_blamed_twice(
    sqlite_store: Store, tmp_path: Path
) -> None:
    book = sample(5)
    book["企业"][0]["成立日期"] = "不详"
    problems = _rejected(sqlite_store, write_xlsx(tmp_path / "bad.xlsx", book))
    assert [(p.sheet, p.row, p.column) for p in problems] == [("企业", 2, "成立日期")]


def test_references_may_point_at_stored_records(sqlite_store: Store, tmp_path: Path) -> None:
    import_file(sqlite_store, write_xlsx(tmp_path / "seed.xlsx", sample(5)))
    later = {"年度数据": [yearly(2, 2026)]}
    assert import_file(sqlite_store, write_xlsx(tmp_path / "later.xlsx", later))["年度数据"] == 1


def _unchanged_after(store: Store, path: Path) -> list[Problem]:
    before = dump(store)
    problems = _rejected(store, path)
    assert dump(store) == before
    return problems


def test_an_empty_workbook_has_no_data(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    Workbook().save(path)
    problems = _unchanged_after(sqlite_store, path)
    assert problems == [Problem("空.xlsx", None, None, "", NO_DATA)]


def test_a_workbook_with_headers_only_has_no_data(sqlite_store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业"
    sheet.append(EnterpriseRow.headers())
    sheet.append([None, "  "])  # blank rows do not count
    book.save(tmp_path / "headers.xlsx")
    problems = _unchanged_after(sqlite_store, tmp_path / "headers.xlsx")
    assert [p.reason for p in problems] == [NO_DATA]


def test_an_empty_csv_has_no_data(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "企业.csv"
    path.write_bytes(b"")
    assert [p.reason for p in _unchanged_after(sqlite_store, path)] == [NO_DATA]


def test_a_text_file_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "企业名单.txt"
    path.write_text("统一社会信用代码\n", encoding="utf-8")
    problems = _unchanged_after(sqlite_store, path)
    assert len(problems) == 1
    assert problems[0].sheet == "企业名单.txt"
    assert "不支持的文件类型「.txt」" in problems[0].reason


@pytest.mark.parametrize("damage", ["truncated", "not a zip", "zip without a workbook"])
def test_a_corrupt_workbook_is_refused(damage: str, sqlite_store: Store, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", sample(3)).read_bytes()
    path = tmp_path / "坏.xlsx"
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "not a zip":
        path.write_bytes("这不是工作簿".encode())
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "你好")
    problems = _unchanged_after(sqlite_store, path)
    assert len(problems) == 1
    assert problems[0].sheet == "坏.xlsx"
    assert "无法读取" in problems[0].reason


def test_a_missing_file_is_reported(sqlite_store: Store, tmp_path: Path) -> None:
    problems = _unchanged_after(sqlite_store, tmp_path / "没有.xlsx")
    assert [p.reason for p in problems] == ["文件不存在"]


def test_a_duplicate_header_is_reported(sqlite_store: Store, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "园区"
    sheet.append(["高新区代码", "园区代码", "园区名称", "园区名称"])
    sheet.append(["GS-BY", "YD", "银东工业园", "银东"])
    book.save(tmp_path / "dup.xlsx")
    problems = _unchanged_after(sqlite_store, tmp_path / "dup.xlsx")
    assert len(problems) == 1
    assert (problems[0].sheet, problems[0].row, problems[0].column) == ("园区", None, "园区名称")
    assert "列名重复：第C列和第D列" in problems[0].reason


def test_numbers_typed_into_text_columns_are_read_as_text(
    sqlite_store: Store, tmp_path: Path
) -> None:
    book = sample(2)
    book["园区"].append({"高新区代码": "GS-BY", "园区代码": 7, "园区名称": "七号园区"})
    book["企业"][0]["园区代码"] = 7
    import_file(sqlite_store, write_xlsx(tmp_path / "book.xlsx", book))
    with sqlite_store.transaction() as session:
        stored = session.scalars(select(Enterprise).where(Enterprise.uscc == uscc(0))).one()
        assert stored.park.code == "7"


# ---------------------------------------------------------------------------- CSV


def test_a_folder_of_utf8_csv_files_imports_like_the_workbook(
    sqlite_store: Store, tmp_path: Path
) -> None:
    book = sample(40)
    folder = write_csv_folder(tmp_path / "csv", book)
    (folder / "说明.txt").write_text("其他文件不影响导入", encoding="utf-8")
    assert (folder / "企业.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    counts = import_file(sqlite_store, folder)
    assert counts == {name: len(rows) for name, rows in book.items()}
    from_csv = dump(sqlite_store)

    with sqlite_store.transaction() as session:
        rows, problems, _carried, _changes = validate_file(
            write_xlsx(tmp_path / "book.xlsx", book), session
        )
    assert problems == []
    assert from_csv["enterprise"] and len(from_csv["enterprise"]) == len(rows[EnterpriseRow])
    # The same file as a workbook changes nothing: CSV text parses to the same values.
    import_file(sqlite_store, tmp_path / "book.xlsx")
    assert dump(sqlite_store) == from_csv


def test_a_gb18030_csv_named_after_its_sheet(sqlite_store: Store, tmp_path: Path) -> None:
    book = sample(12)
    import_file(
        sqlite_store,
        write_xlsx(tmp_path / "zones.xlsx", {"高新区": book["高新区"], "园区": book["园区"]}),
    )
    path = write_csv(tmp_path / "企业.csv", book["企业"], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    assert import_file(sqlite_store, path)["企业"] == 12
    with sqlite_store.transaction() as session:
        names = sorted(session.scalars(select(Enterprise.name)))
    assert names == sorted(str(row["企业名称"]) for row in book["企业"])


def test_a_csv_is_recognised_by_its_header_row(sqlite_store: Store, tmp_path: Path) -> None:
    book = sample(3)
    import_file(sqlite_store, write_xlsx(tmp_path / "seed.xlsx", book))
    extra = [yearly(n, 2023) for n in range(3)]
    assert import_file(sqlite_store, write_csv(tmp_path / "data.csv", extra))["年度数据"] == 3


def test_a_csv_nobody_can_place_is_refused(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("名称,地址\n某公司,某地\n", encoding="utf-8")
    problems = _unchanged_after(sqlite_store, path)
    assert len(problems) == 1
    assert "无法判断是哪张表" in problems[0].reason


def test_a_sheet_with_fewer_columns_updates_only_those_columns(
    store: Store, tmp_path: Path
) -> None:
    """An officer sending back one corrected figure must not erase the others."""
    book = sample(3)
    import_file(store, write_xlsx(tmp_path / "full.xlsx", book))
    first = book["年度数据"][0]
    partial = {
        "年度数据": [
            {
                "统一社会信用代码": first["统一社会信用代码"],
                "年度": first["年度"],
                "纳税总额(元)": 123.45,
            }
        ]
    }
    import_file(store, write_xlsx(tmp_path / "partial.xlsx", partial))
    with store.transaction() as session:
        figures = session.scalars(
            select(YearlyFigures)
            .join(YearlyFigures.enterprise)
            .where(
                Enterprise.uscc == first["统一社会信用代码"], YearlyFigures.year == first["年度"]
            )
        ).one()
        assert figures.tax_paid == Decimal("123.45")
        assert figures.employees is not None and figures.employees == Decimal(
            str(first["职工总数"])
        )
        assert figures.sales_revenue is not None


def _figures(store: Store, uscc: str, year: int) -> YearlyFigures:
    with store.transaction() as session:
        return session.scalars(
            select(YearlyFigures)
            .join(YearlyFigures.enterprise)
            .where(Enterprise.uscc == uscc, YearlyFigures.year == year)
        ).one()


@pytest.mark.parametrize("blank", [None, "  "])
def test_a_blank_cell_changes_nothing_and_the_word_clear_clears(
    store: Store, tmp_path: Path, blank: object
) -> None:
    book = sample(3)
    import_file(store, write_xlsx(tmp_path / "full.xlsx", book))
    first = dict(book["年度数据"][0])
    key = (str(first["统一社会信用代码"]), int(first["年度"]))
    stored = _figures(store, *key)
    assert stored.tax_paid is not None and stored.employees is not None
    # A blank cell in a column the file has: the stored value stays, as if the column were absent.
    kept = import_file(
        store,
        write_xlsx(
            tmp_path / "blank.xlsx",
            {"年度数据": [{**first, "纳税总额(元)": blank, "职工总数": blank}]},
        ),
    )
    after = _figures(store, *key)
    assert (after.tax_paid, after.employees) == (stored.tax_paid, stored.employees)
    assert kept.changes["年度数据"].unchanged == 1
    # 清空 clears it.
    cleared = import_file(
        store,
        write_xlsx(tmp_path / "cleared.xlsx", {"年度数据": [{**first, "纳税总额(元)": "清空"}]}),
    )
    assert _figures(store, *key).tax_paid is None
    assert (cleared.changes["年度数据"].changed, cleared.changes["年度数据"].unchanged) == (1, 0)


def test_a_required_cell_cannot_be_cleared(store: Store, tmp_path: Path) -> None:
    book = sample(2)
    book["企业"][0] = {**book["企业"][0], "企业名称": "清空"}
    problems = _rejected(store, write_xlsx(tmp_path / "book.xlsx", book))
    assert [(p.sheet, p.row, p.column, p.reason) for p in problems] == [
        ("企业", 2, "企业名称", "必填项不能清空")
    ]


def test_a_blank_cell_merged_with_the_stored_record_is_checked_again(
    store: Store, tmp_path: Path
) -> None:
    book = sample(2)
    import_file(store, write_xlsx(tmp_path / "full.xlsx", book))
    first = dict(book["年度数据"][0])
    # 科技人员数 above the stored 职工总数, which the blank cell keeps.
    staff = {"职工总数": None, "科技人员数": float(first["职工总数"]) + 1}
    problems = _rejected(
        store, write_xlsx(tmp_path / "more.xlsx", {"年度数据": [{**first, **staff}]})
    )
    assert [(p.row, p.column) for p in problems] == [(2, "科技人员数")]
    assert problems[0].reason.startswith("与系统中已有的值合并后：")


def test_an_import_counts_new_changed_and_unchanged_records(store: Store, tmp_path: Path) -> None:
    book = sample(3)
    first = import_file(store, write_xlsx(tmp_path / "first.xlsx", book))
    assert first.changes["企业"].new == 3 and first.changes["企业"].changed == 0
    book["企业"][0] = {**book["企业"][0], "企业名称": "改名后的企业有限公司"}
    again = import_file(store, write_xlsx(tmp_path / "again.xlsx", book))
    counted = again.changes["企业"]
    assert (counted.new, counted.changed, counted.unchanged) == (0, 1, 2)
    assert str(counted) == "新增0条，修改1条，未变2条"


def test_an_excel_computed_amount_with_float_noise_is_read_as_its_fen(tmp_path: Path) -> None:
    from techzone.io.fields import parse_decimal

    assert parse_decimal(0.1 + 0.2) == Decimal("0.30")
    assert parse_decimal(1234.5600000000002) == Decimal("1234.56")
    with pytest.raises(ValueError, match="超过两位小数"):
        parse_decimal(123.456)


@pytest.mark.parametrize(
    ("changes", "column", "fragment"),
    [
        ({"科技人员数": 5, "研发人员数": 6}, "研发人员数", "不得大于科技人员数"),
        ({"收入总额(元)": 1, "不征税收入(元)": 0}, "销售收入(元)", "不得大于收入总额(元)"),
    ],
)
def test_accounting_identities_are_checked(
    store: Store, tmp_path: Path, changes: dict[str, object], column: str, fragment: str
) -> None:
    book = sample(2)
    book["年度数据"][0] = {**book["年度数据"][0], **changes}
    problems = _rejected(store, write_xlsx(tmp_path / "book.xlsx", book))
    assert ("年度数据", 2, column) in [(p.sheet, p.row, p.column) for p in problems]
    assert any(fragment in p.reason for p in problems if p.column == column)


def test_every_cross_field_fault_of_a_row_is_reported(store: Store, tmp_path: Path) -> None:
    book = sample(2)
    row = book["年度数据"][0]
    book["年度数据"][0] = {**row, "科技人员数": 5, "研发人员数": 6, "收入总额(元)": 1}
    problems = _rejected(store, write_xlsx(tmp_path / "book.xlsx", book))
    columns = [p.column for p in problems if p.row == 2]
    assert "研发人员数" in columns and "销售收入(元)" in columns


def test_facts_dated_in_the_future_or_before_1949_are_refused(store: Store, tmp_path: Path) -> None:
    from datetime import timedelta

    book = sample(2)
    latest = date.today() + timedelta(days=30)
    book["资质"][0] = {**book["资质"][0], "发证日期": "2099-01-01", "有效期至": "2101-12-31"}
    book["企业"][0] = {**book["企业"][0], "成立日期": "1948-12-31"}
    book["年度数据"][0] = {**book["年度数据"][0], "年度": date.today().year + 1}
    problems = _rejected(store, write_xlsx(tmp_path / "book.xlsx", book))
    said = {(p.sheet, p.column): p.reason for p in problems}
    assert "在未来" in said[("资质", "发证日期")]
    assert "早于1949-01-01" in said[("企业", "成立日期")]
    assert "超出范围" in said[("年度数据", "年度")]
    book = sample(2)
    book["资质"][0] = {**book["资质"][0], "发证日期": latest.isoformat(), "有效期至": None}
    book["企业"][0] = {**book["企业"][0], "成立日期": "1949-01-01"}
    import_file(store, write_xlsx(tmp_path / "edges.xlsx", book))
