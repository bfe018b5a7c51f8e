"""The command line: thin commands over the core; each says in Chinese what went wrong."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from techzone.bounds import RULE
from techzone.cli import console
from techzone.cli.cultivation import register as register_cultivation
from techzone.cli.extract import register as register_extract
from techzone.cli.fulfilment import register as register_fulfilment
from techzone.cli.ledger import recording_guard
from techzone.cli.ledger import register as register_ledger
from techzone.cli.qualify import register as register_qualify
from techzone.cli.serve import register as register_serve
from techzone.cli.support import (
    AsOf,
    HandledGroup,
    ZoneOpt,
    day_option,
    fail,
    require_data,
    rule_packs,
    xlsx_out,
    year_option,
)
from techzone.cli.users import register as register_users
from techzone.cli.zones import register as register_zones
from techzone.config import data_dir

if TYPE_CHECKING:
    from techzone.awards.catalogue import Catalogue
    from techzone.rules.frame import Records
    from techzone.store import Store

# Each command imports the layers it uses inside its body: importing all of them up front
# made every command, even --help, wait seconds before doing anything (docs/performance.md).


class _Commands(HandledGroup):
    def user_errors(self) -> tuple[type[Exception], ...]:
        # What the core raises for bad input: one Chinese line, wherever a command did not catch
        # it. Imported only when an error is being handled, so that start-up stays light.
        from techzone.refusals import refusals

        return refusals()


SHOWN_PROBLEMS = 20
"""Problems listed on the terminal when an import is refused; the error workbook lists all."""

console.quiet_libraries()

app = typer.Typer(
    cls=_Commands,
    help="techzone — 高新区科技企业梯度培育与政策兑现系统 · rules as code for high-tech zones\n\n"
    + RULE,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)


# Ten times the largest zone the benchmarks load (100,000): more is no demonstration, and far
# more would exhaust memory inside the generator rather than be refused.
DEMO_LARGEST = 1_000_000


@app.command()
def demo(
    enterprises: Annotated[
        int,
        typer.Option(
            min=1,
            max=DEMO_LARGEST,
            help=f"示范企业数（1至{DEMO_LARGEST}） · number of demo enterprises",
        ),
    ] = 2000,
    seed: Annotated[int, typer.Option(help="随机种子 · generator seed")] = 0,
    as_of: AsOf = None,
    out: Annotated[
        Path | None, typer.Option(help="概览工作簿 · summary workbook (.xlsx)", callback=xlsx_out)
    ] = None,
    into_real_register: Annotated[
        bool,
        typer.Option(
            "--into-real-register",
            help="库中已有真实企业时仍载入示范企业（会混入名录） · load beside real records",
        ),
    ] = False,
    accounts: Annotated[
        bool,
        typer.Option(
            "--accounts",
            help="同时为每种角色建一个示范账号并显示其密码 · one demo account per role",
        ),
    ] = False,
) -> None:
    """载入示范高新区并运行主任务 · Load the demo zone and run the main job.

    The summary is taken on the demo world's own date (2026-06-30) unless --as-of says otherwise.
    Refused when the database holds enterprises the demo did not make, unless
    --into-real-register says so: invented enterprises would otherwise join a real register.
    """
    from techzone.demo.generator import DEMO_AS_OF
    from techzone.demo.load import load_demo, real_enterprises
    from techzone.store import open_store

    store = open_store()
    if not into_real_register:
        with store.transaction() as session:
            real = real_enterprises(session)
        if real:
            raise fail(
                f"数据库中已有{real}家不是示范数据的企业（导入或录入的真实名录），"
                "载入示范数据会把虚构企业混入名录，已停止。"
                "请为示范另设数据目录（TECHZONE_DATA_DIR），确需混入请加 --into-real-register"
            )
    with console.sheet_progress() as progress:
        written = load_demo(store, enterprises=enterprises, seed=seed, progress=progress)
    console.out.print(
        f"示范数据已载入：{written.get('企业', 0)}家企业，"
        f"{sum(written.values())}条记录，保存在 {_where(store)}"
    )
    day = DEMO_AS_OF if as_of is None else day_option(as_of)
    _summary(store, day, None, out or data_dir() / "demo-summary.xlsx")
    if accounts:
        _demo_accounts(store)


def _demo_accounts(store: Store) -> None:
    from techzone.accounts.demo import create_demo_accounts
    from techzone.audit import Actor

    with store.transaction() as session:
        made = create_demo_accounts(session, Actor.command_line())
    console.out.print("示范账号（仅供演示，密码公开）：")
    for account in made:
        console.out.print(
            f"  {account.role.label}：用户名 {account.username}  密码 {account.password}"
            f"  （范围：{account.reach}）",
            markup=False,
            soft_wrap=True,
        )


def _where(store: Store) -> str:
    """Where the data is kept, as an officer would look for it: the file, or the server."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return f"{url.host or ''}:{url.port or ''}/{url.database or ''}（PostgreSQL）"


@app.command()
def summary(
    zone: ZoneOpt = None,
    as_of: AsOf = None,
    out: Annotated[
        Path | None, typer.Option(help="另存为工作簿 · also write .xlsx", callback=xlsx_out)
    ] = None,
) -> None:
    """高新区概览：各园区企业与资质、本年到期证书 · Zone summary."""
    from techzone.store import open_store

    _summary(open_store(), day_option(as_of), zone, out)


def _summary(store: Store, as_of: date, zone: str | None, out: Path | None) -> None:
    from techzone.rules.records import UnknownZone
    from techzone.zones.summary import summarise
    from techzone.zones.summary_workbook import write_summary

    with store.transaction() as session:
        try:
            summaries = summarise(session, as_of, zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
    console.show_summary(summaries, workbook=out is not None)
    if out is not None:
        write_summary(summaries, out)
        console.out.print(f"概览工作簿：{out}")


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(help="Excel (.xlsx)、CSV 文件或 CSV 文件夹 · workbook, CSV or folder")
    ],
    errors: Annotated[
        Path | None,
        typer.Option(help="错误报告 .xlsx（默认与文件同目录） · error report path"),
    ] = None,
) -> None:
    """导入企业数据（全部成功或全部不写入） · Import records, all or nothing."""
    from techzone import audit
    from techzone.io.files import OutputError
    from techzone.io.importer import import_file
    from techzone.io.problems import ImportRejected, render_problems, write_problems
    from techzone.store import open_store

    if not file.exists():
        raise fail(f"文件不存在：{file}")
    if not (file.is_file() or file.is_dir()):
        # A device reads as empty (and its report would go into /dev); a pipe's content cannot
        # be read again for the error report's rows nor for a second try of the same file.
        raise fail(f"「{file}」不是普通文件（是设备或管道），无法导入；请先保存为文件再导入")
    if errors is not None:
        _report_beside(file, errors)
    store = open_store()
    try:
        with console.sheet_progress() as progress:
            # Audited as every other change made here: what an import overwrote stays readable.
            written = import_file(
                store,
                file,
                progress=progress,
                declared=rule_packs().declarations,
                actor=audit.Actor.command_line(),
            )
    except ImportRejected as rejected:
        report = errors or file.with_name(f"{file.stem}.错误报告.xlsx")
        # The terminal shows the first problems and the summary; the report holds every one.
        # Shown first: a report that cannot be written (the file came from a read-only folder)
        # must not hide why nothing was imported.
        console.err.print(render_problems(rejected.problems, limit=SHOWN_PROBLEMS), markup=False)
        try:
            write_problems(rejected.problems, report)
        except OutputError as unwritten:
            raise fail(
                f"未写入任何数据。错误报告未能保存（{unwritten}）；"
                "可用 --errors 指定可写的位置，如 --errors ~/错误报告.xlsx"
            ) from rejected
        raise fail(f"未写入任何数据。错误报告：{report}") from rejected
    for sheet, count in written.items():
        if count:
            console.out.print(f"{sheet}：{count}行（{written.changes[sheet]}）")
    console.out.print("导入完成。")


def _report_beside(source: Path, report: Path) -> None:
    """Refuse, before any work, an error report that would be written over the file being
    imported (the officer's only copy, however the path is spelled) or under a suffix that
    opens as something other than a workbook."""
    try:
        same = report.exists() and report.samefile(source)
    except OSError:  # unreadable: the write itself says why, as one line
        same = False
    if same or report.resolve() == source.resolve():
        raise fail(f"错误报告「{report}」不能与导入的文件相同，请换一个文件名")
    if report.suffix.lower() != ".xlsx":
        raise fail("--errors 的后缀须为 .xlsx")


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="输出 .xlsx 文件或 CSV 文件夹 · output path")],
    csv: Annotated[bool, typer.Option("--csv", help="导出为 CSV 文件夹 · CSV folder")] = False,
) -> None:
    """导出全部数据（与导入格式相同） · Export every record in the import format."""
    from techzone.io.exporter import export_csv, export_workbook
    from techzone.store import open_store

    # Checked before the export: Excel's bytes under 全部数据.csv open as garbage, and a folder
    # of CSV files named 全部数据.xlsx is taken for a workbook.
    if not csv:
        xlsx_out(out)
    elif out.suffix.lower() in {".xlsx", ".csv"}:
        raise fail(
            "--csv 导出的是一个文件夹（每张表一个 .csv 文件），"
            f"请给出文件夹名，而不是「{out.name}」"
        )
    with open_store().transaction() as session:
        declared = rule_packs().declarations
        if csv:
            export_csv(session, out, declared)
        else:
            export_workbook(session, out, declared)
    console.out.print(f"已导出：{out}")


@app.command()
def template(
    out: Annotated[
        Path, typer.Option(help="模板文件 .xlsx · template path", callback=xlsx_out)
    ] = Path("techzone-导入模板.xlsx"),
) -> None:
    """生成带填表说明的空白导入模板 · Write an empty, documented import template."""
    from techzone.io.template import write_template

    write_template(out, rule_packs().declarations)
    console.out.print(f"导入模板：{out}")


schema_app = typer.Typer(help="数据格式说明 · schemas of techzone's files", no_args_is_help=True)
app.add_typer(schema_app, name="schema")


@schema_app.command("profile")
def schema_profile() -> None:
    """企业画像文件的 JSON Schema · JSON Schema of the profile file."""
    from techzone.rules.profile import profile_schema

    console.out.print_json(
        json.dumps(profile_schema(rule_packs().declarations), ensure_ascii=False)
    )


@app.command()
def assess(
    uscc: Annotated[
        str | None, typer.Argument(help="已入库企业的统一社会信用代码 · a stored enterprise")
    ] = None,
    profile: Annotated[
        Path | None, typer.Option(help="企业画像 JSON 文件 · a profile file")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="评估全部企业 · every enterprise")] = False,
    zone: ZoneOpt = None,
    as_of: AsOf = None,
    review: Annotated[
        bool, typer.Option(help="按复核规则（如小巨人复核） · judge as a re-review")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="输出 JSON 追溯记录 · JSON trace")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="全部评估结果 .xlsx 或 .parquet · output for --all")
    ] = None,
    next_: Annotated[
        bool, typer.Option("--next", help="下一个最关键的问题 · the next question to ask")
    ] = False,
) -> None:
    """资质评估：是否符合、差在哪里、缺什么数据 · Assess qualifications, explain, name gaps."""
    from techzone.rules.assess import assess_all, assess_enterprise, assess_profile
    from techzone.rules.assessment_workbook import write_assessment
    from techzone.rules.profile import ProfileError, read_profile
    from techzone.rules.records import UnknownEnterprise, UnknownZone
    from techzone.store import open_store

    chosen = [uscc is not None, profile is not None, all_]
    if sum(chosen) != 1:
        raise fail("请指定且只指定一个：统一社会信用代码、--profile 文件或 --all")
    if out is not None and not all_:
        # One enterprise's assessment goes to the terminal; a file asked for would not appear.
        raise fail("--out 只用于 --all（全部企业的评估结果）；一家企业的评估显示在屏幕上")
    packs, day = rule_packs(), day_option(as_of)
    if next_:
        if all_:
            raise fail("--next 用于一家企业：请给出统一社会信用代码或 --profile 文件")
        from techzone.cli.qualify import show_next

        show_next(packs, day, uscc, profile, review, as_json)
        return
    if all_:
        if out is None or out.suffix.lower() not in (".xlsx", ".parquet"):
            raise fail("--all 需要 --out 文件名，后缀为 .xlsx 或 .parquet")
        with open_store().transaction() as session:
            try:
                assessor, evaluated = assess_all(session, packs, day, zone, review)
            except UnknownZone as error:
                raise fail(str(error)) from error
            require_data(session)
        write_assessment(assessor, assessor.verdicts(evaluated), out)
        console.out.print(f"已评估{evaluated.height}家企业 → {out}")
        return
    if profile is not None:
        try:
            trace = assess_profile(packs, read_profile(profile), day, review)
        except ProfileError as error:
            raise fail(str(error)) from error
    else:
        assert uscc is not None
        with open_store().transaction() as session:
            try:
                trace = assess_enterprise(session, packs, uscc.strip().upper(), day, review)
            except UnknownEnterprise as error:
                raise fail(str(error)) from error
            require_data(session)
    if as_json:
        typer.echo(json.dumps(trace, ensure_ascii=False, indent=2, default=str))
    else:
        console.show_assessment(trace)


PlanningShare = Annotated[
    float,
    typer.Option(
        min=0.0, max=1.0, help="上限类奖补按上限的多少列入规划 · share of caps planned (0–1)"
    ),
]


def _catalogue() -> Catalogue:
    from techzone.awards.catalogue import load_catalogue
    from techzone.rules.loader import PackError

    try:
        return load_catalogue()
    except PackError as error:
        raise fail(str(error), code=2) from error


@app.command()
def policies(
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
) -> None:
    """政策清单：每一条款及其出处 · Every policy clause with its source."""
    listing = _catalogue().listing()
    if as_json:
        typer.echo(json.dumps(listing, ensure_ascii=False, indent=2))
    else:
        console.show_policies(listing)


@app.command()
def awards(
    uscc: Annotated[str | None, typer.Argument(help="已入库企业 · a stored enterprise")] = None,
    profile: Annotated[Path | None, typer.Option(help="企业画像 JSON · a profile file")] = None,
    all_: Annotated[bool, typer.Option("--all", help="全部企业 · every enterprise")] = False,
    zone: ZoneOpt = None,
    year: Annotated[int, year_option("事件与认定所在年度 · the year of the events")] = 2025,
    planning_share: PlanningShare = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON · JSON output")] = False,
    out: Annotated[
        Path | None, typer.Option(help="奖补明细与预算 .xlsx · workbook", callback=xlsx_out)
    ] = None,
    record: Annotated[
        bool,
        typer.Option(help="记入奖补台账（只追加版本，不改写已记） · record in the ledger"),
    ] = False,
    by: Annotated[
        str | None, typer.Option("--by", help="记录人（--record 时必填） · who records")
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="记录原因 · why it is recorded")
    ] = None,
) -> None:
    """奖补测算：谁得多少、由谁出、依据哪条 · Entitlements: who gets what, from whom, why."""
    from techzone.awards import ledger
    from techzone.awards.budget import budget, lines, totals
    from techzone.awards.calculate import Settings, entitlements
    from techzone.awards.explain import explain
    from techzone.awards.workbook import write_budget
    from techzone.awards.zone_awards import read_zone_events, zone_awards
    from techzone.rules.profile import ProfileError, profile_records, read_profile
    from techzone.rules.records import UnknownEnterprise, UnknownZone, read_records
    from techzone.store import open_store

    if sum([uscc is not None, profile is not None, all_]) != 1:
        raise fail("请指定且只指定一个：统一社会信用代码、--profile 文件或 --all")
    catalogue, settings = _catalogue(), Settings(planning_share)
    zoned: list[dict[str, object]] = []
    held = None
    if profile is not None:
        if record:
            raise fail("画像文件的测算不记入台账：--record 只用于已入库企业")
        try:
            records = profile_records(read_profile(profile), rule_packs().declarations)
        except ProfileError as error:
            raise fail(str(error)) from error
        found = entitlements(catalogue, records, year, settings)
    else:
        if record and not (by and by.strip()):
            raise fail("记入台账须注明记录人：--by 姓名")
        store = open_store()
        with recording_guard(), store.transaction() as session:
            if record:
                ledger.lock(session)
            try:
                records = read_records(
                    session, zone=zone, uscc=uscc.strip().upper() if uscc else None
                )
            except (UnknownZone, UnknownEnterprise) as error:
                raise fail(str(error)) from error
            if not all_ or read_zone_events(session, zone).is_empty():
                # A register of zones alone still has what the zones are owed to show.
                require_data(session)
            # Caps count what the ledger already holds for earlier runs and years.
            held = ledger.recorded(session)
            found = entitlements(catalogue, records, year, settings, recorded=held)
            if all_:
                # What the zones themselves are owed (甘肃 措施1、2、20): from the 高新区事件 sheet.
                events = read_zone_events(session, zone)
                zoned = [
                    {**explain(catalogue, row, year), "zone": row["zone_name"]}
                    for row in zone_awards(catalogue, events, year, settings).iter_rows(named=True)
                ]
            if record:
                assert by is not None
                try:
                    result = ledger.record(
                        session, found, year, records.enterprises["uscc"], by, reason
                    )
                except ledger.LedgerError as error:
                    raise fail(str(error)) from error
                console.out.print(result.message())
    if out is not None:
        write_budget(
            budget(catalogue, rule_packs(), records, year, settings, 0.0, recorded=held), out
        )
        console.out.print(f"奖补明细：{out}")
    # The basis of each entitlement is for JSON and the single view; --all shows totals.
    if as_json or not all_:
        explained = [explain(catalogue, row, year) for row in found.iter_rows(named=True)]
    if as_json:
        typer.echo(
            json.dumps(
                {"year": year, "entitlements": explained, "zone_awards": zoned},
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    elif all_:
        detailed = lines(catalogue, found, records)
        summed = {"policy": totals(detailed, "title"), "payer": totals(detailed, "payer")}
        console.show_award_totals(year, summed, detailed)
        if zoned:
            console.show_zone_awards(zoned)
        if out is None:
            console.out.print(
                "逐企业、逐笔的明细（企业名称、统一社会信用代码、金额到分）请加 --out 文件名.xlsx。"
            )
    else:
        console.show_entitlements(explained, settings.describe(), _whose(records))
        if zoned:
            console.show_zone_awards(zoned)


def _whose(records: Records) -> str:
    """The enterprise a single-enterprise view is about: 名称（统一社会信用代码）."""
    enterprises = records.enterprises
    if enterprises.height != 1:
        return "企业画像"
    row = enterprises.row(0, named=True)
    return f"{row['name']}（{row['uscc']}）"


@app.command("budget")
def budget_(
    year: Annotated[int, year_option("预算年度 · budget year")] = 2025,
    zone: ZoneOpt = None,
    planning_share: PlanningShare = 1.0,
    probability: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="候选企业次年获认定的假设概率 · assumed recognition rate"
        ),
    ] = 0.5,
    out: Annotated[
        Path | None, typer.Option(help="预算工作簿 .xlsx · workbook", callback=xlsx_out)
    ] = None,
) -> None:
    """奖补预算：按政策、出资层级、园区、领域汇总，预测次年 · Award budget and forecast."""
    from techzone.awards import ledger
    from techzone.awards.budget import budget, zones_due, zones_owed
    from techzone.awards.calculate import Settings
    from techzone.awards.workbook import write_budget
    from techzone.awards.zone_awards import read_zone_events
    from techzone.rules.records import UnknownZone, read_records
    from techzone.store import open_store

    catalogue, settings = _catalogue(), Settings(planning_share)
    with open_store().transaction() as session:
        try:
            records = read_records(session, zone=zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
        held = ledger.recorded(session)
        # What the zones themselves are owed (甘肃 措施1、2): the province's money, paid 下年度,
        # so this year's budget holds last year's approvals.
        owed = zones_owed(catalogue, read_zone_events(session, zone), year, settings)
    result = replace(
        budget(catalogue, rule_packs(), records, year, settings, probability, recorded=held),
        zones=owed,
    )
    console.show_budget(result)
    if owed:
        # Apart from the enterprises' totals: a zone is no enterprise, and 不少于 has no top.
        console.show_zone_awards(list(owed))
        console.out.print(zones_due(owed, year).describe())
    if out is not None:
        write_budget(result, out)
        console.out.print(f"预算工作簿：{out}")


@app.command()
def reform(
    patch: Annotated[Path, typer.Argument(help="改革方案 JSON 或 .xlsx · a parameter patch")],
    year: Annotated[int, year_option("测算年度 · year")] = 2025,
    zone: ZoneOpt = None,
    planning_share: PlanningShare = 1.0,
    out: Annotated[
        Path | None, typer.Option(help="对比工作簿 .xlsx · workbook", callback=xlsx_out)
    ] = None,
) -> None:
    """政策改革测算：基线与改革对比、谁受益 · Reform beside the baseline: cost and who gains."""
    from techzone.awards import ledger
    from techzone.awards.calculate import Settings
    from techzone.awards.reform import ReformRejected, compare, read_reform
    from techzone.awards.workbook import write_reform
    from techzone.rules.records import UnknownZone, read_records
    from techzone.store import open_store

    catalogue = _catalogue()
    if not patch.exists():
        raise fail(f"文件不存在：{patch}")
    try:
        change = read_reform(patch, catalogue)
    except ReformRejected as error:
        raise fail(str(error)) from error
    with open_store().transaction() as session:
        try:
            records = read_records(session, zone=zone)
        except UnknownZone as error:
            raise fail(str(error)) from error
        require_data(session)
        held = ledger.recorded(session)
    comparison = compare(catalogue, records, year, change, Settings(planning_share), held)
    console.show_reform(comparison)
    if out is not None:
        write_reform(comparison, out)
        console.out.print(f"对比工作簿：{out}")


register_cultivation(app)
register_zones(app)
register_ledger(app)
register_users(app)
register_serve(app)
register_qualify(app)
register_fulfilment(app)
register_extract(app)
