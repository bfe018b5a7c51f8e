"""Commands for zones: indicators, targets and the annual evaluation with its consequences.

Thin, like ``cli.py``: each command calls one core function in ``techzone.zones`` and renders what
it returns. ``register(app)`` adds the ``zones`` sub-command to the main command line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from techzone import console
from techzone.cli_support import ZoneOpt, fail, require_data
from techzone.glossary import officer_text
from techzone.rules.records import UnknownZone
from techzone.store import open_store
from techzone.zones.catalogue import indicators as catalogue
from techzone.zones.evaluation import annual_evaluation
from techzone.zones.indicators import zone_indicators
from techzone.zones.progress import target_status
from techzone.zones.statistics import StatisticRejected, enter_statistic
from techzone.zones.workbook import OUTCOMES, write_evaluation_workbook

zones_app = typer.Typer(help="高新区指标、目标与评价 · Zone indicators, targets and evaluation.")
Year = Annotated[int, typer.Option("--year", help="年度 · year")]


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


@zones_app.command("indicators")
def indicators(year: Year, zone: ZoneOpt = None) -> None:
    """各高新区年度指标（计算与录入） · Each zone's indicators for the year."""
    with open_store().transaction() as session:
        try:
            rows = zone_indicators(session, [year], zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    names = catalogue()
    for row in rows:
        table = Table(title=f"{row.zone_name}（{row.zone}）{year}年指标", title_justify="left")
        for column in ("指标", "值", "单位", "来源", "依据"):
            table.add_column(column)
        for code, value in row.values.items():
            entry = row.entries.get(code)
            source = (
                f"{entry.entered_by} {entry.entered_at:%Y-%m-%d} 录入" if entry else "企业数据计算"
            )
            item = names[code]
            table.add_row(
                item.label, _number(value), item.unit, source, officer_text(item.clause.ref)
            )
        console.out.print(table)


@zones_app.command("targets")
def targets(year: Year, zone: ZoneOpt = None) -> None:
    """目标进度、到目标年的预测（复合增长与线性）和状态 · Targets, projections and status."""
    with open_store().transaction() as session:
        require_data(session)
        found = target_status(session, year, zone)
    table = Table(title=f"{year}年目标进度", title_justify="left")
    for column in ("高新区", "目标", "要求", "现值", "完成度", "预测区间", "状态", "依据"):
        table.add_column(column)
    for item in found:
        band = item.projection.band if item.projection else None
        table.add_row(
            item.target.zone,
            item.target.label,
            f"{item.target.when}{item.target.wanted}",
            _number(item.actual),
            "—" if item.progress is None else f"{item.progress:.0f}%",
            "—" if band is None else f"{_number(band[0])}～{_number(band[1])}",
            item.status.label,
            officer_text(item.target.clause.ref),
        )
    console.out.print(table)
    console.out.print("预测：按复合年均增长率法与线性趋势法分别推算到目标年，预测区间取两者之间。")


@zones_app.command("evaluate")
def evaluate(
    year: Year,
    out: Annotated[Path | None, typer.Option(help="评价工作簿 .xlsx · workbook")] = None,
) -> None:
    """年度评价：综合得分、排名和各高新区的后果及理由 · Ranking and consequences."""
    if out is not None and out.suffix.lower() != ".xlsx":
        raise fail("--out 的后缀须为 .xlsx")
    with open_store().transaction() as session:
        require_data(session)
        found = annual_evaluation(session, year)
    for result in found.results:
        if result.ranking:
            table = Table(title=f"{year}年{result.scheme.title}", title_justify="left")
            for column in ("名次", "高新区", "综合得分"):
                table.add_column(column)
            for row in result.ranking:
                table.add_row(str(row.rank), row.zone_name, f"{row.composite:.2f}")
            console.out.print(table)
        for c in result.consequences:
            console.out.print(
                f"{c.zone} · {OUTCOMES[c.outcome]} · {c.label}："
                f"{officer_text(c.reason)}（{officer_text(c.clause)}）"
            )
        for p in result.scheme.local_choices().values():
            console.plain(
                f"本地选择 · {result.scheme.title}：{p.label}（{officer_text(p.note or '')}）"
            )
    if out is not None:
        write_evaluation_workbook(found.results, found.indicators, out)
        console.out.print(f"评价工作簿：{out}")


@zones_app.command("enter")
def enter(
    zone: Annotated[str, typer.Argument(help="高新区代码 · zone code")],
    year: Annotated[int, typer.Argument(help="年度 · year")],
    indicator: Annotated[str, typer.Argument(help="录入类指标代码 · indicator code")],
    value: Annotated[float, typer.Argument(help="值（按指标单位） · value")],
    by: Annotated[str, typer.Option("--by", help="录入人 · who enters it")],
    source: Annotated[str | None, typer.Option("--source", help="数据来源 · source")] = None,
) -> None:
    """录入统计指标（保留录入人和时间） · Enter a zone statistic."""
    with open_store().transaction() as session:
        try:
            enter_statistic(session, zone, year, indicator, value, by, datetime.now(), source)
        except (StatisticRejected, UnknownZone) as error:
            raise fail(str(error)) from error
    console.out.print(f"已录入 {zone} {year}年 {indicator} = {_number(value)}（{by}）")


def register(app: typer.Typer) -> None:
    """Add the ``zones`` commands to the main command line."""
    app.add_typer(zones_app, name="zones")
