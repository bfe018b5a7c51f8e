"""Commands for qualifications as officers apply them: the materials an application needs (with
a plan counting back from the batch deadline) and the next question of a self-assessment.

Thin like the other command modules: each calls one core function (``techzone.cultivation``) and
renders what it returns. ``register(app)`` adds ``materials``; ``assess --next`` comes here from
the main ``assess`` command.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from techzone.cli import console
from techzone.cli.support import AsOf, ZoneOpt, checked_year, day_option, fail, require_data
from techzone.model.codes import QualificationKind

if TYPE_CHECKING:
    from techzone.cultivation.materials import MaterialsView
    from techzone.cultivation.upkeep import TitleUpkeep
    from techzone.rules.loader import PackSet


def show_next(
    packs: PackSet,
    day: date,
    uscc: str | None,
    profile: Path | None,
    review: bool,
    as_json: bool,
) -> None:
    """``assess --next``: the one question that settles the most undecided verdicts."""
    from techzone.awards.catalogue import load_catalogue
    from techzone.cultivation.questions import (
        next_question_for_enterprise,
        next_question_for_profile,
    )
    from techzone.rules.profile import ProfileError, read_profile
    from techzone.rules.records import UnknownEnterprise
    from techzone.store import open_store

    catalogue = load_catalogue()
    if profile is not None:
        try:
            question = next_question_for_profile(
                packs, read_profile(profile), day, review=review, catalogue=catalogue
            )
        except ProfileError as error:
            raise fail(str(error)) from error
    else:
        assert uscc is not None
        with open_store().transaction() as session:
            try:
                question = next_question_for_enterprise(
                    session, packs, uscc.strip().upper(), day, review=review, catalogue=catalogue
                )
            except UnknownEnterprise as error:
                raise fail(str(error)) from error
            require_data(session)
    if as_json:
        typer.echo(
            json.dumps(
                {"as_of": day.isoformat(), "question": question and question.as_dict()},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if question is None:
        console.out.print("各项资质均已判定（或只待专家评分），无需再提问。")
        return
    unit = f"（{question.unit}）" if question.unit else ""
    console.out.print(f"[bold]下一个问题：{question.label}{unit}[/bold]")
    if question.hint:
        console.out.print(f"填写说明：{question.hint}")
    console.out.print(f"为什么问这一项：{question.why}")
    console.out.print(f"尚待判定的资质：{question.open_verdicts}项")


def _kind(text: str) -> QualificationKind:
    try:
        return console.typed_qualification(text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="「资质」") from error


def materials(
    qualification: Annotated[
        str, typer.Argument(help="资质（代码或名称，如 hnte、高新技术企业） · qualification")
    ],
    uscc: Annotated[
        str | None, typer.Argument(help="企业统一社会信用代码（可选） · an enterprise")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(help="批次截止日期；不填则取日历中下一个批次 · the batch deadline"),
    ] = None,
    zone: ZoneOpt = None,
    as_of: AsOf = None,
) -> None:
    """申报材料清单与倒排计划 · The materials an application needs, dated back from the deadline."""
    from techzone.cultivation.calendar import year_calendar
    from techzone.cultivation.materials import materials_view
    from techzone.rules.records import UnknownEnterprise, UnknownZone
    from techzone.store import open_store

    kind, day = _kind(qualification), day_option(as_of)
    due = day_option(deadline, "--deadline") if deadline is not None else None
    with open_store().transaction() as session:
        where = zone
        if uscc is not None:
            uscc = uscc.strip().upper()
            require_data(session)
            where = where or _zone_of(session, uscc)
        if due is None:
            try:
                batches = year_calendar(session, day.year, where).batches(kind)
            except UnknownZone as error:
                raise fail(str(error)) from error
            due = next((b.on for b in batches if b.on >= day), None)
        try:
            view = materials_view(session, kind, day, uscc, due)
        except UnknownEnterprise as error:
            raise fail(str(error)) from error
    _show_materials(view)


def _zone_of(session: object, uscc: str) -> str | None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from techzone.model import Enterprise, Park, Zone

    assert isinstance(session, Session)
    return session.scalar(
        select(Zone.code)
        .join(Park, Park.zone_id == Zone.id)
        .join(Enterprise, Enterprise.park_id == Park.id)
        .where(Enterprise.uscc == uscc)
    )


def _show_materials(view: MaterialsView) -> None:
    from techzone.cultivation.materials import CONFIDENCE, PRODUCERS, materials_file

    if view.listing is None:
        console.out.print(f"{view.kind.label}：未找到规定申报材料的文件，按主管部门当年通知准备。")
        return
    listing = view.listing
    title = f"{view.kind.label} 申报材料清单"
    if view.name:
        title += f" · {view.name}"
    if view.deadline is not None:
        title += f" · 批次截止 {view.deadline.isoformat()}"
    table = Table(title=title, show_lines=False)
    for header in ("序号", "材料", "出具", "登记情况", "完成时间", "依据"):
        table.add_column(header, overflow="fold")
    for index, line in enumerate(view.lines, start=1):
        item = line.item
        table.add_row(
            str(index),
            item.label + ("" if item.required else "（视情况提供）"),
            PRODUCERS[item.by],
            line.register_text,
            line.ready_by.isoformat() if line.ready_by else "",
            item.basis.ref,
        )
    console.out.print(table)
    console.out.print(f"来源：{listing.document}（{CONFIDENCE[listing.confidence]}）")
    console.out.print(listing.note)
    if view.deadline is None:
        console.out.print("日历中没有该资质的批次：用 --deadline 指定截止日期即可倒排完成时间。")
    else:
        console.out.print("完成时间的倒排：" + materials_file().local_choice)
    if view.missing_in_register:
        console.out.print(
            "登记中缺少的数据：" + "、".join(line.item.label for line in view.missing_in_register)
        )


STATES = {"due": "临近", "upcoming": "未到", "passed": "已过"}


def upkeep(
    uscc: Annotated[
        str | None,
        typer.Argument(help="企业统一社会信用代码（不填则列出须办事项） · an enterprise"),
    ] = None,
    zone: ZoneOpt = None,
    as_of: AsOf = None,
) -> None:
    """保持资质：年度更新、变化报告、取消情形、有效期 · Keeping a title: duties and dates."""
    from techzone.cultivation.upkeep import upkeep_due, upkeep_view
    from techzone.rules.records import UnknownEnterprise
    from techzone.store import open_store

    day = day_option(as_of)
    with open_store().transaction() as session:
        require_data(session)
        if uscc is None:
            lines = upkeep_due(session, day, zone)
            table = Table(title=f"保持资质：近期须办事项（{day.isoformat()}）")
            for header in ("企业", "资质", "事项", "日期", "剩余天数"):
                table.add_column(header, overflow="fold")
            for line in lines:
                for duty in _attention(line.title):
                    table.add_row(
                        line.name,
                        line.title.held.kind.label,
                        duty.label,
                        duty.on.isoformat() if duty.on else "",
                        str(duty.days_left),
                    )
            console.out.print(table)
            console.out.print(f"共{len(lines)}项资质须办理或即将到期。")
            return
        try:
            view = upkeep_view(session, uscc.strip().upper(), day)
        except UnknownEnterprise as error:
            raise fail(str(error)) from error
    if not view.titles:
        console.out.print(f"{view.name}：{day.isoformat()}没有有效资质。")
        return
    for title in view.titles:
        held = title.held
        header = f"[bold]{held.kind.label}[/bold]（证书 {held.certificate_no}"
        header += f"，有效期至 {held.expires_on.isoformat()}）" if held.expires_on else "）"
        console.out.print(header + ("　[bold]即将到期[/bold]" if title.ending else ""))
        for duty in title.duties:
            when = (
                f" {duty.on.isoformat()}（{STATES[duty.state or 'upcoming']}）" if duty.on else ""
            )
            console.out.print(f"  · {duty.label}{when}：{duty.text}（{duty.clause}）")


def _attention(title: TitleUpkeep) -> list[Any]:
    return [duty for duty in title.duties if duty.state == "due"]


def compare(
    uscc: Annotated[str, typer.Argument(help="企业统一社会信用代码 · an enterprise")],
    qualifications: Annotated[
        list[str], typer.Argument(help="两到三项资质（代码或名称） · two or three qualifications")
    ],
    as_of: AsOf = None,
) -> None:
    """资质比较：条件、已满足、差距、奖补、截止日期 · Qualifications side by side."""
    from techzone.awards.catalogue import load_catalogue
    from techzone.cultivation.compare import CompareError
    from techzone.cultivation.compare import compare as compared
    from techzone.glossary import STATUS, money
    from techzone.rules.records import UnknownEnterprise
    from techzone.store import open_store

    kinds = [_kind(text) for text in qualifications]
    packs, day, catalogue = _packs(), day_option(as_of), load_catalogue()
    with open_store().transaction() as session:
        require_data(session)
        try:
            view = compared(session, packs, catalogue, uscc.strip().upper(), kinds, day)
        except (CompareError, UnknownEnterprise) as error:
            raise fail(str(error)) from error
    table = Table(title=f"{view.name} 资质比较（{day.isoformat()}）", show_lines=True)
    table.add_column("", overflow="fold")
    for column in view.columns:
        table.add_column(column.kind.label, overflow="fold")

    def row(label: str, cells: list[str]) -> None:
        table.add_row(label, *cells)

    columns = view.columns
    row("评估结论", [STATUS[c.status] for c in columns])
    row("依据文件", [c.document or "没有公开的认定标准" for c in columns])
    row("已满足的条件", ["；".join(c.met) or "—" for c in columns])
    row("未满足的条件", ["；".join(c.unmet) or "—" for c in columns])
    row("待补的数据", ["、".join(c.waiting) or "—" for c in columns])
    row("待定原因", [(c.reason or "—") if c.status == "unknown" else "—" for c in columns])
    row(
        "认定可能获得的奖补",
        [
            "；".join(
                f"{'重新认定' if a.renewal else '首次认定'}·{a.title}："
                f"{a.amount_text}（{money(a.fen)}）"
                for a in c.awards
            )
            or "—"
            for c in columns
        ],
    )
    row(
        "下一个申报截止",
        [
            f"{c.deadline.label} {c.deadline.on.isoformat()}" if c.deadline else "日历中没有批次"
            for c in columns
        ],
    )
    row(
        "申报材料",
        [f"必备{c.materials}项" if c.materials else "未找到规定" for c in columns],
    )
    console.out.print(table)
    console.out.print("奖补为文件规定的金额上限或定额，是否兑现以各项政策的条件为准。")


def onsite(
    uscc: Annotated[
        str | None,
        typer.Argument(
            help="企业统一社会信用代码（不填则列出待报的科技型中小企业申请） · an enterprise"
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="评价年度（默认为评价日所在年） · the evaluation year")
    ] = None,
    zone: ZoneOpt = None,
    as_of: AsOf = None,
) -> None:
    """科技型中小企业实地核查风险 · On-site check risk of tech-SME applicants."""
    from techzone.cultivation.onsite import STATE_LABELS, onsite_list, onsite_risk, onsite_rules
    from techzone.rules.records import UnknownEnterprise, UnknownZone
    from techzone.store import open_store

    day = day_option(as_of)
    evaluation = checked_year(year) or day.year
    with open_store().transaction() as session:
        require_data(session)
        try:
            if uscc is None:
                risks = onsite_list(session, evaluation, day, zone)
            else:
                risks = (onsite_risk(session, uscc.strip().upper(), evaluation, day),)
        except (UnknownEnterprise, UnknownZone) as error:
            raise fail(str(error)) from error
    rules = onsite_rules()
    if not risks:
        console.out.print(f"{evaluation}年没有尚未报出的科技型中小企业申请。")
    table = Table(title=f"科技型中小企业实地核查风险（{evaluation}年度评价）", show_lines=True)
    for header in ("企业", *rules.triggers.values()):
        table.add_column(header, overflow="fold")
    for risk in risks:
        table.add_row(risk.name, *(f"{STATE_LABELS[t.state]}：{t.detail}" for t in risk.triggers))
    if risks:
        console.out.print(table)
    flagged = sum(1 for risk in risks if risk.triggered)
    console.out.print(f"触发实地核查情形的：{flagged}家；依据：{rules.document}。{rules.note}")
    console.out.print(f"口径：{rules.interpretation}")


def _packs() -> PackSet:
    from techzone.cli.support import rule_packs

    return rule_packs()


def register(app: typer.Typer) -> None:
    app.command("materials")(materials)
    app.command("upkeep")(upkeep)
    app.command("compare")(compare)
    app.command("onsite")(onsite)
