"""The annual evaluation workbook: ranking, indicator table, consequences and the schemes'
parameters (local choices marked), with native Excel bar charts (composite score, HNTE share)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from techzone.glossary import INDICATOR_KINDS, named, officer_text
from techzone.io.output import save_workbook
from techzone.zones.basis import scheme_basis
from techzone.zones.catalogue import indicators
from techzone.zones.evaluation import SchemeResult
from techzone.zones.indicators import ZoneIndicators

OUTCOMES = {
    "reward": "奖励",
    "praise": "表扬",
    "support": "支持",
    "notice": "通报约谈",
    "rectify": "限期整改",
    "revoke": "取消资格",
}


def _bar(sheet: Worksheet, title: str, y_title: str, column: int, rows: int, anchor: str) -> None:
    chart = BarChart()
    chart.title, chart.y_axis.title = title, y_title
    chart.add_data(
        Reference(sheet, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=2, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, anchor)


def _ranking(book: Workbook, result: SchemeResult) -> None:
    sheet = book.create_sheet(f"排名-{result.scheme.title}"[:31])
    leaves = (
        [leaf.indicator for g in result.scheme.evaluation.tree for leaf in g.indicators]
        if (result.scheme.evaluation)
        else []
    )
    names = indicators()
    sheet.append(
        ["名次", "高新区", "综合得分", *(names[c].label for c in leaves), "缺数据指标", "其中加分"]
    )
    for row in result.ranking:
        sheet.append(
            [
                row.rank,
                row.zone_name,
                round(row.composite, 2),
                *(round(row.scores[c], 2) for c in leaves),
                "、".join(names[c].label for c in row.missing),
                row.bonus,
            ]
        )
    if result.ranking:
        _bar(
            sheet,
            f"{result.year}年{result.scheme.title}综合得分",
            "分",
            3,
            len(result.ranking),
            "B14",
        )


def _indicator_table(book: Workbook, rows: Sequence[ZoneIndicators]) -> None:
    sheet = book.create_sheet("指标")
    names = indicators()
    codes = [c for c, i in names.items() if i.kind != "derived"]
    sheet.append(["代码", "高新区", *(f"{names[c].label}（{names[c].unit}）" for c in codes)])
    for row in rows:
        values = [row.values.get(c) for c in codes]
        sheet.append(
            [row.zone, row.zone_name, *(None if v is None else round(v, 4) for v in values)]
        )
    if rows:
        column = 3 + codes.index("hnte_share")
        _bar(sheet, "高新技术企业占企业总数比例（目标≥10%）", "%", column, len(rows), "C20")
    notes = book.create_sheet("指标说明")
    notes.append(["指标", "类型", "单位", "定义", "出处", "原文"])
    labels = {code: item.label for code, item in names.items()}
    for item in names.values():
        notes.append(
            [
                item.label,
                INDICATOR_KINDS[item.kind],
                item.unit,
                named(officer_text(item.definition), labels),
                officer_text(item.clause.ref),
                item.clause.text,
            ]
        )


def _consequences(
    book: Workbook, results: Sequence[SchemeResult], names: Mapping[str, str]
) -> None:
    sheet = book.create_sheet("后果")
    sheet.append(["方案", "高新区", "年度", "后果类别", "后果", "理由", "依据"])
    for result in results:
        for c in result.consequences:
            sheet.append(
                [
                    result.scheme.title,
                    c.zone,
                    c.year,
                    OUTCOMES[c.outcome],
                    c.label,
                    officer_text(c.reason),
                    officer_text(c.clause),
                ]
            )
        # What could not be decided (or was given twice, differently) is a row too: a sheet
        # without it would read as "no consequence".
        for zone, notes in result.notes.items():
            for note in notes:
                sheet.append(
                    [result.scheme.title, zone, result.year, "需核实", "", officer_text(note), ""]
                )
    params = book.create_sheet("参数")
    params.append(["方案", "参数", "单位", "取值（起始日期: 值）", "本地选择", "依据或理由"])
    for result in results:
        scheme = result.scheme
        for p in scheme.parameters.values():
            values = "；".join(f"{d}: {v:g}" for d, v in sorted(p.values.items()))
            why = officer_text((p.note if p.local_choice else p.clause) or "")
            params.append(
                [scheme.title, p.label, p.unit, values, "是" if p.local_choice else "否", why]
            )
        if scheme.evaluation is not None:
            # The method, benchmarks, weights and bonus, as zones evaluate prints them.
            day = date(result.year, 12, 31)
            for choice in scheme_basis(scheme, day, names):
                if choice.topic in ("评分方法", "标杆高新区", "权重", "加分指标"):
                    params.append(
                        [
                            scheme.title,
                            choice.topic,
                            "",
                            officer_text(choice.said),
                            "是" if choice.local_choice else "否",
                            officer_text(choice.why or ""),
                        ]
                    )


def write_evaluation_workbook(
    results: Sequence[SchemeResult], rows: Sequence[ZoneIndicators], path: Path
) -> None:
    """Write the year's evaluation workbook to ``path`` (whole or not at all)."""
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for result in results:
        if result.ranking:
            _ranking(book, result)
    _indicator_table(book, rows)
    _consequences(book, results, {row.zone: row.zone_name for row in rows})
    save_workbook(book, path)
