"""Award workbooks for the finance office: entitlements with their basis, the budget, reforms."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from techzone.awards.budget import Budget
from techzone.awards.explain import amount_text
from techzone.awards.reform import Comparison
from techzone.glossary import label, money, named, officer_text, yuan
from techzone.io.files import atomic_path

MONEY = "#,##0.00"
DIMENSIONS = {"policy": "按政策", "payer": "按出资层级", "park": "按园区", "industry": "按技术领域"}


def _sheet(
    book: Workbook, title: str, header: Sequence[str], rows: list[list[Any]], money: set[int]
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
    for column in money:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = MONEY
    sheet.freeze_panes = "A2"
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    return sheet


def _entitlement_rows(frame: pl.DataFrame) -> list[list[Any]]:
    titles = dict(frame.select("policy_id", "title").unique().iter_rows())
    return [
        [
            row["enterprise"],
            row["uscc"],
            row["park"],
            row["title"],
            row["kind"],
            row["payer"],
            label(row["status"]),
            row["trigger_date"],
            yuan(row["amount_min"]),
            yuan(row["amount_max"]),
            yuan(row["planned"]),
            amount_text(row, exact=True),
            row["cited"],
            officer_text(row["amount_text"]),
            named(officer_text(row["stacking_note"] or ""), titles),
        ]
        for row in frame.sort("park", "uscc", "trigger_date").iter_rows(named=True)
    ]


ENTITLEMENT_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "园区",
    "政策",
    "类型",
    "出资层级",
    "状态",
    "触发日期",
    "金额下限(元)",
    "金额上限(元)",
    "规划金额(元)",
    "金额说明",
    "依据",
    "政策规定",
    "叠加说明",
]


def write_budget(budget: Budget, path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "说明"
    cover.append([f"{budget.year}年奖补预算"])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([f"规划合计（符合条件的奖补）：{money(budget.total, exact=True)}"])
    cover.append([f"假设：{budget.settings.describe()}"])
    cover.append(["减免类为估算值，不计入支出；状态为「待定」的因缺少数据未计入合计。"])
    if budget.forecast is not None:
        cover.append(
            [
                f"{budget.forecast.describe()}，"
                f"预计首次认定奖补 {money(budget.forecast.expected, exact=True)}"
            ]
        )
    cover.column_dimensions["A"].width = 110
    _sheet(book, "奖补明细", ENTITLEMENT_HEADER, _entitlement_rows(budget.lines), {9, 10, 11})
    for key, title in DIMENSIONS.items():
        frame = budget.by[key]
        rows = [
            [
                row[frame.columns[0]],
                row["entitlements"],
                yuan(row["planned"]),
                yuan(row["minimum"]),
                yuan(row["maximum"]),
                yuan(row["pending"]),
                row["without_amount"],
            ]
            for row in frame.iter_rows(named=True)
        ]
        _sheet(
            book,
            title,
            [
                title.removeprefix("按"),
                "笔数",
                "规划金额(元)",
                "下限合计(元)",
                "上限合计(元)",
                "待定(元)",
                "未定额笔数",
            ],
            rows,
            {3, 4, 5, 6},
        )
    with atomic_path(path) as temporary:
        book.save(temporary)


def write_reform(comparison: Comparison, path: Path) -> None:
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "说明"
    baseline, reformed = comparison.totals
    for line in (
        f"改革方案：{comparison.reform.name}（{comparison.year}年）",
        *comparison.reform.describe(exact=True),
        f"基线合计：{money(baseline, exact=True)}；改革后：{money(reformed, exact=True)}；"
        f"差额：{money(reformed - baseline, exact=True)}",
    ):
        cover.append([line])
    cover.column_dimensions["A"].width = 100
    for dimension, title in (("park", "按园区"), ("industry", "按技术领域"), ("size", "按规模")):
        frame = comparison.by[dimension]
        rows = [
            [row[dimension], yuan(row["baseline"]), yuan(row["reform"]), yuan(row["difference"])]
            for row in frame.iter_rows(named=True)
        ]
        _sheet(
            book,
            title,
            [title.removeprefix("按"), "基线(元)", "改革后(元)", "差额(元)"],
            rows,
            {2, 3, 4},
        )
    gainers = [
        [
            row["enterprise"],
            row["uscc"],
            yuan(row["baseline"]),
            yuan(row["reform"]),
            yuan(row["difference"]),
        ]
        for row in comparison.gainers.iter_rows(named=True)
    ]
    _sheet(
        book,
        "受影响企业",
        ["企业名称", "统一社会信用代码", "基线(元)", "改革后(元)", "差额(元)"],
        gainers,
        {3, 4, 5},
    )
    with atomic_path(path) as temporary:
        book.save(temporary)
