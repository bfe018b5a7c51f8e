"""Commands for tiered cultivation: ladder, lists, calendar, applications, weekly report.

Thin, like ``cli.py``: each command calls one core function in ``techzone.cultivation`` and renders
what it returns. ``register(app)`` adds them to the main command line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from techzone.cli import console
from techzone.cli.support import (
    LARGEST_NUMBER,
    AsOf,
    ZoneOpt,
    checked_year,
    day_option,
    fact_day_option,
    fail,
    has_data,
    require_data,
    rule_packs,
    year_option,
)
from techzone.model import ApplicationStatus
from techzone.model.codes import QualificationKind


def _kind(text: str) -> QualificationKind:
    try:
        return console.typed_qualification(text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--qualification") from error


def _status(text: str, option: str) -> ApplicationStatus:
    try:
        return ApplicationStatus.parse(text)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from error


On = Annotated[
    str | None,
    typer.Option(
        "--on", help="变更日期 YYYY-MM-DD（默认今天；不晚于今天之后30天） · date of the change"
    ),
]
By = Annotated[str, typer.Option("--by", help="经办人 · who makes the change")]


def ladder(
    uscc: Annotated[str, typer.Argument(help="统一社会信用代码 · the enterprise")],
    as_of: AsOf = None,
) -> None:
    """梯度培育：现有层级、下一步、准备程度和分批计划 · The ladder and the next step."""
    from techzone.cultivation.ladder import ladder_view
    from techzone.rules.records import UnknownEnterprise
    from techzone.store import open_store

    packs, day = rule_packs(), day_option(as_of, "--as-of")
    with open_store().transaction() as session:
        try:
            view = ladder_view(session, packs, uscc.strip().upper(), day)
        except UnknownEnterprise as error:
            raise fail(str(error)) from error
        require_data(session)
    console.show_ladder(view)


def lists(
    on: Annotated[
        str | None, typer.Option("--date", help="统计日期 YYYY-MM-DD（默认今天） · date")
    ] = None,
    zone: ZoneOpt = None,
    out: Annotated[Path | None, typer.Option(help="另存为 .xlsx · also write a workbook")] = None,
) -> None:
    """三清单与“小升高”“规进高”培育对象 · The three lists and the candidate lists."""
    from techzone.cultivation.lists import monitoring_lists
    from techzone.cultivation.report_tables import list_sections
    from techzone.cultivation.workbooks import write_lists_workbook
    from techzone.rules.records import UnknownZone
    from techzone.store import open_store

    if out is not None and out.suffix.lower() != ".xlsx":
        raise fail("--out 的后缀须为 .xlsx")
    packs, day = rule_packs(), day_option(on, "--date")
    with open_store().transaction() as session:
        try:
            found = monitoring_lists(session, packs, day, zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    console.show_sections(
        f"科技型企业统计监测清单（{zone or '全部高新区'}）",
        f"统计日期：{day}",
        list_sections(found),
        written=out is not None,
    )
    if out is not None:
        write_lists_workbook(found, out)
        console.out.print(f"清单工作簿：{out}")


def calendar(
    year: Annotated[int | None, year_option("年度（默认今年） · year")] = None,
    zone: ZoneOpt = None,
    as_of: AsOf = None,
    set_: Annotated[
        str | None,
        typer.Option(
            "--set", help="修改本区日期：项目=YYYY-MM-DD，如 第二批审核推荐=2026-08-20 · set a date"
        ),
    ] = None,
    reset: Annotated[
        str | None, typer.Option(help="恢复某项的默认日期 · drop a zone's own date")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="修改人 · who changes it")] = None,
    reason: Annotated[str | None, typer.Option(help="修改原因 · why")] = None,
) -> None:
    """年度培育日历：阶段、批次截止、规则提醒、90天内到期证书 · The yearly calendar."""
    from techzone.cultivation.calendar import (
        CalendarError,
        expiring_within,
        reset_calendar_date,
        set_calendar_date,
        year_calendar,
    )
    from techzone.rules.records import UnknownZone
    from techzone.store import open_store

    day = day_option(as_of, "--as-of")
    chosen = day.year if year is None else year
    with open_store().transaction() as session:
        try:
            if set_ is not None or reset is not None:
                if zone is None:
                    raise CalendarError("修改日历须指定 --zone（按区保存）")
                if set_ is not None:
                    item, _, text = set_.partition("=")
                    if not text.strip():
                        raise CalendarError("--set 应写作 项目=YYYY-MM-DD")
                    on = day_option(text.strip(), "--set")
                    set_calendar_date(session, chosen, zone, item, on, by or "", reason)
                else:
                    assert reset is not None
                    reset_calendar_date(session, chosen, zone, reset)
            shown = year_calendar(session, chosen, zone)
            expiring = expiring_within(session, day, zone) if day.year == chosen else []
        except (CalendarError, UnknownZone) as error:
            raise fail(str(error)) from error
        empty = not has_data(session)
    notices = shown.notices(day) if day.year == chosen else []
    console.show_calendar(shown, notices, expiring)
    if empty:
        # The calendar stands without records; the certificates expiring need them.
        console.out.print(console.EMPTY_DATABASE)


def apply(
    uscc: Annotated[str, typer.Argument(help="统一社会信用代码 · the enterprise")],
    qualification: Annotated[
        str, typer.Option("--qualification", help="申报资质，如 高新技术企业 · target")
    ],
    year: Annotated[int, year_option("申报年度 · year")],
    department: Annotated[str, typer.Option(help="责任单位（包抓联） · responsible department")],
    by: By,
    contact: Annotated[str | None, typer.Option(help="包抓联系人 · contact")] = None,
    batch: Annotated[int | None, typer.Option(help="批次 1/2/3 · batch")] = None,
    on: On = None,
) -> None:
    """建立申报档案（摸排） · Open an application."""
    from techzone.cultivation.applications import ApplicationRejected, open_application
    from techzone.store import open_store

    kind, day = _kind(qualification), fact_day_option(on, "--on")
    warnings: list[str] = []
    with open_store().transaction() as session:
        try:
            opened = open_application(
                session,
                uscc.strip().upper(),
                kind,
                year,
                department,
                by,
                day,
                contact,
                batch,
                warnings=warnings,
            )
        except ApplicationRejected as error:
            raise fail(str(error)) from error
        number = opened.id
    console.out.print(f"已建档：申请编号 {number}（{kind.label}，{year}年，摸排）")
    for warning in warnings:
        console.err.print(warning, markup=False)


applications_app = typer.Typer(
    help="申报跟踪：查询、推进、变更记录 · applications", no_args_is_help=True
)


@applications_app.command("list")
def applications_list(
    year: Annotated[int | None, year_option("年度 · year")] = None,
    zone: ZoneOpt = None,
    status: Annotated[str | None, typer.Option(help="状态，如 辅导 · status")] = None,
    department: Annotated[str | None, typer.Option(help="责任单位 · department")] = None,
    qualification: Annotated[str | None, typer.Option(help="资质 · qualification")] = None,
    batch: Annotated[int | None, typer.Option(help="批次 · batch")] = None,
) -> None:
    """按条件列出申请 · List applications."""
    from techzone.cultivation.applications import find_applications
    from techzone.rules.records import UnknownZone
    from techzone.store import open_store

    wanted_status = None if status is None else _status(status, "--status")
    kind = None if qualification is None else _kind(qualification)
    with open_store().transaction() as session:
        try:
            found = find_applications(session, year, zone, wanted_status, department, kind, batch)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    console.show_applications(found)


@applications_app.command("advance")
def applications_advance(
    application: Annotated[
        int, typer.Argument(help="申请编号 · application id", max=LARGEST_NUMBER)
    ],
    to: Annotated[str, typer.Option("--to", help="新状态：摸排 辅导 提交 推荐 公示 认定 未通过")],
    by: By,
    reason: Annotated[
        str | None, typer.Option(help="原因（退回或跳过阶段时必填，记入变更记录） · why")
    ] = None,
    on: On = None,
    batch: Annotated[int | None, typer.Option(help="改到批次 · move to batch")] = None,
    certificate_no: Annotated[
        str | None, typer.Option(help="证书编号（认定时必填） · certificate number")
    ] = None,
    issued_on: Annotated[
        str | None, typer.Option(help="发证日期（认定时必填） · issue date")
    ] = None,
) -> None:
    """推进或退回申请状态 · Advance an application (or send it back, with a reason)."""
    from techzone.audit import Actor
    from techzone.cultivation.applications import ApplicationRejected, Recognition, advance
    from techzone.store import open_store

    target, day = _status(to, "--to"), fact_day_option(on, "--on")
    recognition = None
    if certificate_no is not None or issued_on is not None:
        if certificate_no is None or issued_on is None:
            raise fail("认定须同时给出 --certificate-no 和 --issued-on")
        recognition = Recognition(certificate_no, fact_day_option(issued_on, "--issued-on"))
    warnings: list[str] = []
    with open_store().transaction() as session:
        try:
            changed = advance(
                session,
                application,
                target,
                by,
                day,
                reason,
                batch,
                recognition,
                warnings,
                actor=Actor.command_line(),
            )
        except ApplicationRejected as error:
            raise fail(str(error)) from error
        status = changed.status
    console.out.print(f"申请{application}：{status.label}")
    for warning in warnings:
        console.err.print(warning, markup=False)


@applications_app.command("history")
def applications_history(
    application: Annotated[
        int, typer.Argument(help="申请编号 · application id", max=LARGEST_NUMBER)
    ],
) -> None:
    """申请的状态变更记录 · The history of an application."""
    from techzone.cultivation.applications import ApplicationRejected, application_history
    from techzone.store import open_store

    with open_store().transaction() as session:
        try:
            changes = application_history(session, application)
        except ApplicationRejected as error:
            raise fail(str(error)) from error
        console.show_history(application, changes)


report_app = typer.Typer(help="工作报告 · reports", no_args_is_help=True)


@report_app.command("weekly")
def report_weekly(
    week: Annotated[str, typer.Option(help="ISO周，如 2026-W47 · ISO week")],
    zone: ZoneOpt = None,
    out: Annotated[
        Path | None, typer.Option(help="输出 .docx 或 .xlsx · write a report file")
    ] = None,
    risk_days: Annotated[
        int | None,
        typer.Option(min=0, help="距批次截止多少天内提示风险（默认14） · days before a deadline"),
    ] = None,
) -> None:
    """周调度、周报告 · The weekly report."""
    from techzone.cultivation.documents import write_weekly_document
    from techzone.cultivation.report_tables import weekly_period, weekly_sections, weekly_title
    from techzone.cultivation.weekly import RISK_DAYS, WeekError, parse_week, weekly_report
    from techzone.cultivation.workbooks import write_weekly_workbook
    from techzone.rules.records import UnknownZone
    from techzone.store import open_store

    if out is not None and out.suffix.lower() not in (".docx", ".xlsx"):
        raise fail("--out 的后缀须为 .docx 或 .xlsx")
    try:
        chosen = parse_week(week)
    except WeekError as error:
        raise fail(str(error), 2) from error
    checked_year(chosen.year, "--week")
    packs = rule_packs()
    with open_store().transaction() as session:
        try:
            days = RISK_DAYS if risk_days is None else risk_days
            report = weekly_report(session, packs, chosen, zone, days)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    console.show_sections(
        weekly_title(report),
        weekly_period(report),
        weekly_sections(report),
        written=out is not None,
    )
    if out is not None:
        if out.suffix.lower() == ".docx":
            write_weekly_document(report, out, date.today())
        else:
            write_weekly_workbook(report, out)
        console.out.print(f"周报告：{out}")


@report_app.command("tasks")
def report_tasks(
    unit: Annotated[
        str | None, typer.Option(help="只看一个责任单位，如 区科技局 · one unit's tasks")
    ] = None,
) -> None:
    """重点任务及责任单位（城关区倍增行动方案 五） · Key tasks and who answers for each."""
    from techzone.cultivation.tasks import key_tasks, tasks_of
    from techzone.glossary import officer_text

    found = key_tasks()
    listed = list(found.tasks) if unit is None else tasks_of(unit)
    cited = officer_text(found.source)
    if not listed:
        console.out.print(f"{cited}没有列明由「{unit}」负责的重点任务。")
        return
    group = None
    for task in listed:
        if task.group != group:
            group = task.group
            console.out.print(group)
        console.out.print(f"  {task.number}. {task.title}（责任单位：{'、'.join(task.units)}）")
    whose = f"「{unit}」负责" if unit is not None else ""
    console.out.print(f"{whose}共{len(listed)}项（{cited}）")


def register(app: typer.Typer) -> None:
    """Add the cultivation commands to the main command line."""
    app.command("ladder")(ladder)
    app.command("lists")(lists)
    app.command("calendar")(calendar)
    app.command("apply")(apply)
    app.add_typer(applications_app, name="applications")
    app.add_typer(report_app, name="report")
