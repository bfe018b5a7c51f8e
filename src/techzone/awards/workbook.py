"""Award workbooks for the finance office: entitlements with their basis, the budget, reforms."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from techzone.awards.budget import Budget, zones_due
from techzone.awards.explain import amount_text
from techzone.glossary import label, money, named, officer_text, yuan
from techzone.io.output import StreamingBook, StreamingSheet, streaming_workbook

if TYPE_CHECKING:
    from techzone.awards.reform import Comparison

MONEY = "#,##0.00"
DIMENSIONS = {"policy": "按政策", "payer": "按出资层级", "park": "按园区", "industry": "按技术领域"}


def _sheet(
    book: StreamingBook, title: str, header: Sequence[str], rows: list[list[Any]], money: set[int]
) -> StreamingSheet:
    """A table sheet; ``money`` holds the 1-based columns shown as amounts."""
    sheet = book.sheet(title)
    sheet.widths([18] * len(header))
    sheet.freeze()
    sheet.money(column - 1 for column in money)
    sheet.header(header)
    for values in rows:
        sheet.append(values)
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
            "；".join(
                note
                for note in (
                    named(officer_text(row["stacking_note"] or ""), titles),
                    row.get("cap_note"),
                )
                if note
            ),
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
    "叠加与上限说明",
]
MONEY_COLUMNS = {9, 10, 11}  # 金额下限、上限、规划 (1-based)


def write_budget(budget: Budget, path: Path) -> None:
    with streaming_workbook(path) as book:
        _write_budget(book, budget)


def _write_budget(book: StreamingBook, budget: Budget) -> None:
    cover = book.sheet("说明")
    cover.width(0, 110)
    cover.title(f"{budget.year}年奖补预算")
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
    if budget.zones:
        cover.append([f"{zones_due(budget.zones, budget.year).describe()}见「高新区奖励」表。"])
    _sheet(book, "奖补明细", ENTITLEMENT_HEADER, _entitlement_rows(budget.lines), MONEY_COLUMNS)
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
    if budget.zones:
        # Apart from the totals: a zone is no enterprise, and 不少于 gives a floor, no top.
        _sheet(
            book,
            "高新区奖励",
            [
                *("高新区", "政策", "日期", "金额", "下限(元)", "出资", "拨付", "状态", "依据"),
                "拨付年度",
            ],
            [
                [
                    item["zone"],
                    item["title"],
                    str(item["date"]),
                    item["amount"]["text"],
                    None if item["amount"]["min"] is None else Decimal(str(item["amount"]["min"])),
                    item["payer"],
                    item["window"] or "",
                    "符合" if item["status"] == "eligible" else "待定",
                    item["cited"],
                    item["paid"],
                ]
                for item in budget.zones
            ],
            {5},
        )


def write_reform(comparison: Comparison, path: Path) -> None:
    with streaming_workbook(path) as book:
        _write_reform(book, comparison)


def _write_reform(book: StreamingBook, comparison: Comparison) -> None:
    cover = book.sheet("说明")
    cover.width(0, 100)
    baseline, reformed = comparison.totals
    for line in (
        f"改革方案：{comparison.reform.name}（{comparison.year}年）",
        *comparison.reform.describe(exact=True),
        f"基线合计：{money(baseline, exact=True)}；改革后：{money(reformed, exact=True)}；"
        f"差额：{money(reformed - baseline, exact=True)}",
        "因上限（最高）核减的应享：基线{}条，改革后{}条".format(*comparison.capped),
    ):
        cover.append([line])
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
