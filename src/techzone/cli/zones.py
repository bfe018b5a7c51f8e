"""Commands for zones: indicators, targets and the annual evaluation with its consequences.

Thin, like ``cli.py``: each command calls one core function in ``techzone.zones`` and renders what
it returns. ``register(app)`` adds the ``zones`` sub-command to the main command line.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from techzone.cli import console
from techzone.cli.support import (
    ZoneOpt,
    checked_fact_year,
    fail,
    require_data,
    year_option,
    zone_code_as_stored,
)
from techzone.glossary import officer_text

zones_app = typer.Typer(help="高新区指标、目标与评价 · Zone indicators, targets and evaluation.")
Year = Annotated[int, year_option("年度 · year", "--year")]


def _number(value: float | None, met: bool | None = None) -> str:
    if value is None:
        return "—"
    if met is False:
        # Beside 未达到, 59.9999% shown "60" against "≥ 60%" contradicts the verdict: a value
        # that misses its goal is cut to two places, never rounded up onto the threshold (every
        # goal of the catalogue is "≥").
        value = float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@zones_app.command("indicators")
def indicators(year: Year, zone: ZoneOpt = None) -> None:
    """各高新区年度指标（计算与录入） · Each zone's indicators for the year."""
    from techzone.rules.records import UnknownZone
    from techzone.store import open_store
    from techzone.zones.catalogue import indicators as catalogue
    from techzone.zones.indicators import goal_text, zone_indicators
    from techzone.zones.lead_industries import stored_findings

    with open_store().transaction() as session:
        try:
            rows = zone_indicators(session, [year], zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
        findings = stored_findings(session, [row.zone for row in rows])
    names = catalogue()
    for row in rows:
        table = Table(title=f"{row.zone_name}（{row.zone}）{year}年指标", title_justify="left")
        for column in ("指标", "值", "单位", "文件要求", "来源", "依据"):
            table.add_column(column)
        for code, value in row.values.items():
            entry = row.entries.get(code)
            source = entry.said if entry else "企业数据计算"
            item = names[code]
            table.add_row(
                item.label,
                _number(value, (row.goals.get(code) or ("", None))[1]),
                item.unit,
                goal_text(row.goals.get(code)),
                source,
                officer_text(item.clause.ref),
            )
        console.out.print(table)
        for note in row.notes:
            console.out.print(f"注意：{row.zone_name}{note}")
    for finding in findings:
        console.out.print(f"注意：{finding}")


@zones_app.command("targets")
def targets(year: Year, zone: ZoneOpt = None) -> None:
    """目标进度、到目标年的预测（复合增长与线性）和状态 · Targets, projections and status."""
    from techzone.rules.records import UnknownZone, zone_names
    from techzone.store import open_store
    from techzone.zones.progress import target_status

    with open_store().transaction() as session:
        require_data(session)
        try:
            found = target_status(session, year, zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        names = zone_names(session)
    table = Table(title=f"{year}年目标进度", title_justify="left")
    for column in ("高新区", "目标", "要求", "现值", "来源", "完成度", "预测区间", "状态", "依据"):
        table.add_column(column)
    for item in found:
        band = item.projection.band if item.projection else None
        table.add_row(
            names.get(item.target.zone, item.target.zone),
            item.target.label,
            f"{item.target.when}{item.target.wanted}",
            _number(item.actual),
            item.value.basis if item.value else "—",
            # One decimal: a target not reached reads 99.9% at most, never a rounded 100%.
            "—" if item.progress is None else f"{item.progress:.1f}%",
            "—" if band is None else f"{_number(band[0])}～{_number(band[1])}",
            item.status.label,
            officer_text(item.target.clause.ref),
        )
    console.out.print(table)
    console.out.print(
        "取值：在库记录能计算的按记录计算（年末为12月31日），"
        "不能计算的用录入值（techzone zones enter）。"
        "预测：按近年数值分别用复合年均增长率和线性趋势推到目标年，区间取两者之间；"
        "两端都达标为“按期可达”，一端达标为“存在风险”，都不达标为“难以达标”；"
        "目标年度已结束仍未达到的为“未达标”。"
    )


@zones_app.command("evaluate")
def evaluate(
    year: Year,
    out: Annotated[Path | None, typer.Option(help="评价工作簿 .xlsx · workbook")] = None,
) -> None:
    """年度评价：综合得分、排名、后果及其依据的本地选择 · Ranking, consequences and choices."""
    from techzone.rules.records import zone_names
    from techzone.store import open_store
    from techzone.zones.basis import rule_basis, scheme_basis
    from techzone.zones.catalogue import indicators as catalogue
    from techzone.zones.evaluation import annual_evaluation
    from techzone.zones.lead_industries import stored_findings
    from techzone.zones.workbook import OUTCOMES, write_evaluation_workbook

    if out is not None and out.suffix.lower() != ".xlsx":
        raise fail("--out 的后缀须为 .xlsx")
    with open_store().transaction() as session:
        require_data(session)
        found = annual_evaluation(session, year)
        names = zone_names(session)
        findings = stored_findings(session)
    day = date(year, 12, 31)
    for result in found.results:
        console.out.print(f"[bold]{year}年{result.scheme.title}[/]")
        if result.ranking:
            table = Table(title_justify="left")
            for column in ("名次", "高新区", "综合得分", "其中加分", "缺少数据的指标"):
                table.add_column(column)
            labels = catalogue()
            for row in result.ranking:
                table.add_row(
                    str(row.rank),
                    row.zone_name,
                    f"{row.composite:.2f}",
                    _number(row.bonus) if row.bonus else "—",
                    "、".join(labels[code].label for code in row.missing) or "—",
                )
            console.out.print(table)
        for c in result.consequences:
            console.out.print(
                f"{names.get(c.zone, c.zone)} · {OUTCOMES[c.outcome]} · {c.label}："
                f"{officer_text(c.reason)}（{officer_text(c.clause)}）"
            )
            for choice in rule_basis(result.scheme, c.rule, day):
                console.out.print(f"    依据的{officer_text(choice.line)}")
        if not result.consequences:
            console.out.print("本年没有高新区触发奖励、通报或取消资格等后果。")
        for zone, notes in result.notes.items():
            for note in notes:
                console.out.print(f"注意：{names.get(zone, zone)}{officer_text(note)}")
        console.out.print("本评价依据的方法和参数：")
        for choice in scheme_basis(result.scheme, day, names):
            console.out.print(f"  · {officer_text(choice.line)}")
    for finding in findings:
        console.out.print(f"注意：{finding}")
    if out is not None:
        write_evaluation_workbook(found.results, found.indicators, out)
        console.out.print(f"评价工作簿：{out}")


# A negative value (a growth rate of -5%) would otherwise be read as an option named -5.
@zones_app.command("enter", context_settings={"ignore_unknown_options": True})
def enter(
    zone: Annotated[
        str, typer.Argument(help="高新区代码 · zone code", callback=zone_code_as_stored)
    ],
    year: Annotated[int, typer.Argument(help="年度 · year")],
    indicator: Annotated[str, typer.Argument(help="指标名称或代码 · indicator name or code")],
    typed: Annotated[str, typer.Argument(metavar="VALUE", help="值（按指标单位） · value")],
    by: Annotated[str, typer.Option("--by", help="录入人 · who enters it")],
    source: Annotated[str | None, typer.Option("--source", help="数据来源 · source")] = None,
) -> None:
    """录入指标值（保留录入人和时间） · Enter a zone statistic or an officer's value."""
    from techzone.rules.records import UnknownZone
    from techzone.store import open_store
    from techzone.zones.catalogue import indicators as catalogue
    from techzone.zones.statistics import StatisticRejected, enter_statistic

    checked_fact_year(year, "统计年度")
    value = _typed_number(typed, _unit_of(indicator))
    with open_store().transaction() as session:
        try:
            entry = enter_statistic(
                session, zone, year, indicator, value, by, datetime.now(), source
            )
        except (StatisticRejected, UnknownZone) as error:
            raise fail(str(error)) from error
    item = catalogue()[entry.indicator]
    console.out.print(
        f"已录入 {zone} {year}年「{item.label}」= {_number(value)}{item.unit}（{entry.entered_by}）"
    )
    if item.kind == "computed":
        console.out.print(
            f"「{item.label}」可由在库记录计算：记录能算出{year}年的值时以计算值为准，"
            "算不出时才用本录入值。"
        )


def _unit_of(indicator: str) -> str | None:
    from techzone.zones.catalogue import code_of, indicators

    found = indicators().get(code_of(indicator))
    return None if found is None else found.unit


def _typed_number(typed: str, unit: str | None = None) -> float:
    """The value as an officer types it: full-width digits and thousands separators read, a
    unit (50家, 12万) refused saying what to type; any number of places (每万人 rates). A
    percentage with its sign is said by the indicator's unit: the % indicators hold percentage
    points (60, not 0.6)."""
    import math

    from techzone.io.fields import half_width, number_text

    try:
        value = float(number_text(typed))
    except ValueError as error:
        reason = str(error) if "「" in str(error) else f"「{typed.strip()}」不是数字"
        text = half_width(typed).strip()
        if text.endswith("%") and unit == "%":
            reason = f"「{typed.strip()}」：本指标以%计，请只填数字 {text[:-1].strip()}"
        elif text.endswith("%") and unit:
            reason = f"「{typed.strip()}」不是数字（本指标以{unit}计）"
        raise fail(reason) from error
    if not math.isfinite(value):
        raise fail(f"「{typed.strip()}」不是数字")
    return value


def register(app: typer.Typer) -> None:
    """Add the ``zones`` commands to the main command line."""
    app.add_typer(zones_app, name="zones")
